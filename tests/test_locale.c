/*
 * test_locale.c - the library's output does not depend on the locale.
 *
 * defspend never calls setlocale(), so its own process always runs in the
 * C locale; what must hold is that nothing in the library would change if
 * a program linking it did switch to a locale with a decimal comma.  So
 * this test switches this process to de_DE.UTF-8 (built with localedef
 * into a temporary LOCPATH when the system does not have it), checks that
 * the switch took effect (the decimal point is ','), and compares parsing,
 * formatting and every output format of a real query with the C locale's,
 * byte for byte.  Where no German locale can be had (no localedef or no
 * locale sources: tools/deps installs `locales`), it says so and skips.
 */
#define _XOPEN_SOURCE 700 /* open_memstream, setenv */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "defspend/calc.h"
#include "defspend/dataset.h"
#include "defspend/load.h"
#include "defspend/num.h"
#include "defspend/query.h"
#include "defspend/table.h"
#include "helpers.h"

static char *locdir;

/* Switches to de_DE.UTF-8, building it into a temporary LOCPATH if needed. */
static int german(void)
{
	if (setlocale(LC_ALL, "de_DE.UTF-8") != NULL)
		return 1;
	if (access("/usr/share/i18n/locales/de_DE", R_OK) != 0)
		return 0;
	locdir = ds_test_tmpdir();
	if (locdir == NULL)
		return 0;
	char *out = ds_test_join(locdir, "de_DE.UTF-8");
	pid_t pid = fork();
	if (pid == 0) {
		freopen("/dev/null", "w", stdout);
		freopen("/dev/null", "w", stderr);
		execlp("localedef", "localedef", "-i", "de_DE", "-f", "UTF-8", out, (char *)NULL);
		_exit(127);
	}
	int st = 0;
	if (pid > 0)
		waitpid(pid, &st, 0);
	free(out);
	/* localedef exits 1 for mere warnings; what counts is whether it loads. */
	setenv("LOCPATH", locdir, 1);
	return setlocale(LC_ALL, "de_DE.UTF-8") != NULL;
}

/* Everything the library writes for one dataset, in one string. */
static char *render(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);

	int64_t v;
	int dec;
	assert_int_equal(ds_num_parse_fixed("2.50", 4, DS_PCT_DECIMALS, 0, &v, &dec), DS_NUM_OK);
	double d;
	assert_int_equal(ds_num_parse_double("13.246", 6, 0, &d), DS_NUM_OK);
	char num[64];
	ds_num_format_fixed(num, sizeof num, v, DS_PCT_DECIMALS, dec);
	fprintf(f, "%s|", num);
	ds_num_format_double(num, sizeof num, d, 3);
	fprintf(f, "%s|", num);
	ds_num_format_double(num, sizeof num, 1234.5678, 2);
	fprintf(f, "%s\n", num);

	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_dataset *ds;
	assert_int_equal(ds_dataset_load(ds_test_path("data"), NULL, &ds, &err), DS_OK);
	struct ds_threshold th[DS_MAX_THRESHOLDS];
	size_t nth;
	char msg[128];
	assert_int_equal(
		ds_threshold_parse_list("2,3.5,5", th, DS_MAX_THRESHOLDS, &nth, msg, sizeof msg),
		0);
	struct ds_calc c;
	assert_int_equal(ds_calc_init(&c, ds, ds->spending, th, nth, 0, 0), DS_OK);
	struct ds_table *t;
	assert_int_equal(ds_query_list(&c, 2024, DS_SORT_PCT, &t, &err), DS_OK);
	const enum ds_format formats[] = { DS_FORMAT_TABLE, DS_FORMAT_CSV, DS_FORMAT_TSV,
					   DS_FORMAT_JSON, DS_FORMAT_MD };
	struct ds_table_style style = { 0 };
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
		assert_int_equal(ds_table_write(t, formats[i], &style, f), 0);
	ds_table_free(t);
	/* The money view (derived fractions, rounded once) and Kiel's aid figures. */
	assert_int_equal(ds_query_spending(&c, NULL, 0, 2014, 2025, &t, &err), DS_OK);
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
		assert_int_equal(ds_table_write(t, formats[i], &style, f), 0);
	ds_table_free(t);
	struct ds_aid_opts ao;
	ds_aid_opts_init(&ao);
	ao.all_donors = 1;
	ao.total = 1;
	assert_int_equal(ds_query_aid(ds, &ao, &t, &err), DS_OK);
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
		assert_int_equal(ds_table_write(t, formats[i], &style, f), 0);
	ds_table_free(t);
	ds_dataset_free(ds);
	ds_errors_release(&err);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static void test_decimal_comma_locale(void **state)
{
	(void)state;
	setlocale(LC_ALL, "C");
	char *plain = render();
	assert_non_null(strstr(plain, "2.50|13.246|1234.57\n"));
	assert_non_null(strstr(plain, "\"pct_gdp\": 3.79,")); /* Poland 2024, JSON */
	assert_non_null(strstr(plain, "POL,Poland,2024,3.79,34662,derived,138002,PLN,946,19.29,"));
	assert_non_null(strstr(plain, "DNK,Denmark,10.538,0.115,0.990,11.644,3.11,3.458,"));
	if (!german()) {
		print_message(
			"SKIPPED: no de_DE.UTF-8 locale and none could be built (install `locales`)\n");
		free(plain);
		skip();
	}
	/* The switch took effect: printf would now write a decimal comma. */
	assert_string_equal(localeconv()->decimal_point, ",");
	char probe[32];
	snprintf(probe, sizeof probe, "%.1f", 2.5);
	assert_string_equal(probe, "2,5");
	char *german_out = render();
	setlocale(LC_ALL, "C");
	assert_string_equal(german_out, plain);
	free(german_out);
	free(plain);
}

static int teardown(void **state)
{
	(void)state;
	if (locdir != NULL) {
		ds_test_rmtree(locdir);
		free(locdir);
	}
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_decimal_comma_locale, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
