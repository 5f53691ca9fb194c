/*
 * test_basis.c - cmocka tests of what a release measures (basis.h): the one
 * rule the warning about the targets, the revisions note, the revisions
 * chart's key and --fill all ask.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "defspend/basis.h"
#include "defspend/dataset.h"

static void test_is_nato(void **state)
{
	(void)state;
	assert_true(ds_basis_is_nato("NATO definition"));
	/* Not stated: no warning it cannot deserve. */
	assert_true(ds_basis_is_nato(""));
	assert_true(ds_basis_is_nato(NULL));
	assert_false(ds_basis_is_nato("core defence"));
	/* Exactly the text releases.csv writes: no folding of case or spaces. */
	assert_false(ds_basis_is_nato("nato definition"));
	assert_false(ds_basis_is_nato("NATO definition "));
}

static void test_same(void **state)
{
	(void)state;
	assert_true(ds_basis_same("NATO definition", "NATO definition"));
	assert_true(ds_basis_same("core defence", "core defence"));
	assert_false(ds_basis_same("NATO definition", "core defence"));
	/* An unstated basis is only the same as another unstated one. */
	assert_false(ds_basis_same("", "NATO definition"));
	assert_true(ds_basis_same("", NULL));
	assert_true(ds_basis_same(NULL, NULL));
}

static void test_basis_of(void **state)
{
	(void)state;
	struct ds_dataset *ds = ds_dataset_new();
	assert_non_null(ds);
	char a_id[] = "2025-08", b_id[] = "2026-07", c_id[] = "2030-01";
	char nato[] = "NATO definition", core[] = "core defence";
	struct ds_release a = { .id = a_id, .basis = nato, .decimals = 2 };
	struct ds_release b = { .id = b_id, .basis = core, .decimals = 2 };
	struct ds_release c = { .id = c_id, .decimals = -1 };
	assert_int_equal(ds_dataset_add_release(ds, &a), 0);
	assert_int_equal(ds_dataset_add_release(ds, &b), 1);
	assert_int_equal(ds_dataset_add_release(ds, &c), 2);
	assert_string_equal(ds_basis_of(ds, "2025-08"), "NATO definition");
	assert_string_equal(ds_basis_of(ds, "2026-07"), "core defence");
	assert_string_equal(ds_basis_of(ds, "2030-01"), "");
	assert_null(ds_basis_of(ds, "1999-01"));
	assert_null(ds_basis_of(ds, NULL));
	ds_dataset_free(ds);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_is_nato),
		cmocka_unit_test(test_same),
		cmocka_unit_test(test_basis_of),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
