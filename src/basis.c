/*
 * basis.c - what a release measures (see basis.h).
 */
#include <string.h>

#include "defspend/basis.h"

int ds_basis_is_nato(const char *basis)
{
	return basis == NULL || *basis == '\0' || strcmp(basis, DS_BASIS_NATO) == 0;
}

int ds_basis_same(const char *a, const char *b)
{
	return strcmp(a != NULL ? a : "", b != NULL ? b : "") == 0;
}

const char *ds_basis_of(const struct ds_dataset *ds, const char *id)
{
	int r = id != NULL ? ds_dataset_find_release(ds, id) : -1;
	return r >= 0 ? ds->releases[r].basis : NULL;
}
