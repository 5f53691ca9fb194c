/*
 * helpers.h - placeholder for the shared test helpers.
 *
 * The lead replaces this file at merge; the table tests do not use it.
 */
#ifndef DEFSPEND_TEST_HELPERS_H
#define DEFSPEND_TEST_HELPERS_H

/* Returns 0; exists only so that helpers.o has a symbol. */
int ds_test_helpers_placeholder(void);

#endif
