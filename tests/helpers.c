/*
 * helpers.c - placeholder for the shared test helpers (see helpers.h).
 */
#include "helpers.h"

int ds_test_helpers_placeholder(void)
{
	return 0;
}
