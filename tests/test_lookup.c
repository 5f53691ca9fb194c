/*
 * test_lookup.c - cmocka tests of finding a member by what a user types
 * (the text folding under it is test_text.c's).
 *
 * Matching runs on the shipped data/members.csv, so these tests also check
 * that its aliases (Turkey, UK, USA, Czech Republic, Macedonia, Holland)
 * are there and clash with nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "defspend/dataset.h"
#include "defspend/load.h"
#include "defspend/lookup.h"
#include "helpers.h"

static int setup(void **state)
{
	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_dataset *ds = NULL;
	int rc = ds_dataset_load(ds_test_path("data"), NULL, &ds, &err);
	ds_errors_release(&err);
	if (rc != DS_OK)
		return -1;
	*state = ds;
	return 0;
}

static int teardown(void **state)
{
	ds_dataset_free(*state);
	return 0;
}

static const char *iso3_of(const struct ds_dataset *ds, const char *query)
{
	size_t m;
	if (ds_lookup_member(ds, query, &m) != 0)
		return "-";
	return ds->members[m].iso3;
}

static void test_codes_names_aliases(void **state)
{
	const struct ds_dataset *ds = *state;
	static const char *const cases[][2] = {
		{ "POL", "POL" },
		{ "pol", "POL" },
		{ "PL", "POL" },
		{ "pl", "POL" },
		{ "Poland", "POL" },
		{ " POLAND ", "POL" },
		{ "TUR", "TUR" },
		{ "tr", "TUR" },
		{ "T\xc3\xbcrkiye", "TUR" },  /* precomposed ü */
		{ "Tu\xcc\x88rkiye", "TUR" }, /* u + combining diaeresis */
		{ "T\xc3\x9cRKIYE", "TUR" },  /* Ü */
		{ "turkiye", "TUR" },
		{ "Turkey", "TUR" },
		{ "Republic of T\xc3\xbcrkiye", "TUR" },
		{ "UK", "GBR" },
		{ "Britain", "GBR" },
		{ "great britain", "GBR" },
		{ "United-Kingdom", "GBR" },
		{ "US", "USA" },
		{ "USA", "USA" },
		{ "America", "USA" },
		{ "u.s.a.", "USA" },
		{ "Czech Republic", "CZE" },
		{ "Czechia", "CZE" },
		{ "Macedonia", "MKD" },
		{ "North Macedonia", "MKD" },
		{ "Holland", "NLD" },
		{ "the Netherlands", "NLD" },
		{ "Atlantis", "-" },
		{ "", "-" },
		{ "  ", "-" },
		{ "Polan", "-" }, /* no prefix matching: a lookup is exact */
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const char *got = iso3_of(ds, cases[i][0]);
		if (strcmp(got, cases[i][1]) != 0)
			print_error("'%s' -> %s, want %s\n", cases[i][0], got, cases[i][1]);
		assert_string_equal(got, cases[i][1]);
	}
}

static void expect_suggest(const struct ds_dataset *ds, const char *query, const char *first)
{
	size_t out[3];
	size_t n = ds_lookup_suggest(ds, query, out, 3);
	if (first == NULL) {
		assert_int_equal(n, 0);
		return;
	}
	assert_true(n >= 1);
	assert_string_equal(ds->members[out[0]].iso3, first);
	for (size_t i = 1; i < n; i++)
		assert_true(out[i] != out[0]); /* each member once */
}

static void test_suggestions(void **state)
{
	const struct ds_dataset *ds = *state;
	expect_suggest(ds, "Polnd", "POL");
	expect_suggest(ds, "Germny", "DEU");
	expect_suggest(ds, "Turky", "TUR");
	expect_suggest(ds, "Fran", "FRA"); /* a prefix */
	expect_suggest(ds, "Nederlands", "NLD");
	expect_suggest(ds, "qqqqqqqqqq", NULL);
	expect_suggest(ds, "", NULL);
	size_t out[1];
	assert_int_equal(ds_lookup_suggest(ds, "Polnd", out, 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_codes_names_aliases),
		cmocka_unit_test(test_suggestions),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
