/*
 * test_chart.c - cmocka tests of the charts: the text of a generated script
 * (no data outside single quotes, none in a comment), the registry's names,
 * charts skipped for want of data, and a chart that cannot be written
 * leaving nothing behind.
 *
 * The hostile names are generated into a lone spending file
 * (chart_fixture.h), so the script under test is exactly what the loader
 * and the chart writer make.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "chart_fixture.h"
#include "defspend/chart.h"
#include "helpers.h"

/*
 * Checks the safety rules on a script's text: outside single-quoted
 * strings there is no double quote, no backquote and no `@`; comments
 * carry no data.  Returns how many single-quoted strings were seen.
 */
static size_t check_script(const char *s)
{
	size_t strings = 0;
	int in_q = 0, in_comment = 0;
	for (const char *p = s; *p; p++) {
		if (in_comment) {
			assert_true(strncmp(p, "PWNED", 5) != 0);
			if (*p == '\n')
				in_comment = 0;
		} else if (in_q) {
			assert_true(*p != '\n');
			if (*p == '\'' && p[1] == '\'')
				p++;
			else if (*p == '\'')
				in_q = 0;
		} else if (*p == '\'') {
			in_q = 1;
			strings++;
		} else if (*p == '#') {
			in_comment = 1;
		} else {
			assert_true(*p != '"' && *p != '`' && *p != '@');
		}
	}
	assert_false(in_q);
	return strings;
}

static void test_script_text(void **state)
{
	(void)state;
	char *dir = ds_test_tmpdir();
	char *csv = write_hostile(dir);
	struct ds_dataset *ds = load(csv);
	write_chart(ds, DS_CHART_RANKING, dir);
	write_chart(ds, DS_CHART_TREND, dir);
	char *gpath = ds_test_join(dir, "ranking.gp");
	char *script = ds_test_read(gpath, NULL);
	assert_non_null(script);
	assert_true(check_script(script) > 10);
	/* Each name is there, quoted: ' doubled, % doubled (a tic label).
	 */
	char want[512];
	snprintf(want, sizeof want, "'`touch %s/PWNED_bq`'", dir);
	assert_non_null(strstr(script, want));
	snprintf(want, sizeof want, "'|touch %s/PWNED_pipe'", dir);
	assert_non_null(strstr(script, want));
	assert_non_null(strstr(script, "'it''s \"q\" \\'"));
	assert_non_null(strstr(script, "'a_b^c@d&e{f}g %%s'"));
	assert_non_null(strstr(script, "'line break'"));
	assert_non_null(strstr(script, "noenhanced"));
	/* The data file holds no names. */
	char *dpath = ds_test_join(dir, "ranking.dat");
	char *data = ds_test_read(dpath, NULL);
	assert_non_null(data);
	assert_null(strstr(data, "touch"));
	char *tpath = ds_test_join(dir, "trend.gp");
	char *trend = ds_test_read(tpath, NULL);
	assert_non_null(trend);
	check_script(trend);
	free(trend);
	free(tpath);
	free(data);
	free(dpath);
	free(script);
	free(gpath);
	ds_dataset_free(ds);
	free(csv);
	ds_test_rmtree(dir);
	free(dir);
}

static void test_chart_names(void **state)
{
	(void)state;
	enum ds_chart c;
	assert_int_equal(ds_chart_find("revisions", &c), 0);
	assert_int_equal(c, DS_CHART_REVISIONS);
	assert_string_equal(ds_chart_name(DS_CHART_GAP), "gap");
	assert_int_equal(ds_chart_find("Ranking", &c), -1);
	assert_null(ds_chart_name(DS_NCHARTS));
}

/* Every chart of the registry has a distinct name that finds it again. */
static void test_registry(void **state)
{
	(void)state;
	for (int i = 0; i < DS_NCHARTS; i++) {
		const char *name = ds_chart_name((enum ds_chart)i);
		enum ds_chart c = DS_NCHARTS;
		assert_non_null(name);
		assert_int_equal(ds_chart_find(name, &c), 0);
		assert_int_equal(c, i);
		for (int k = 0; k < i; k++)
			assert_string_not_equal(name, ds_chart_name((enum ds_chart)k));
	}
	assert_null(ds_chart_name((enum ds_chart) - 1));
	enum ds_chart c;
	assert_int_equal(ds_chart_find("", &c), -1);
	assert_int_equal(ds_chart_find("ranking ", &c), -1);
}

/* The names in dir that start with a dot (temporary files), counted. */
static size_t hidden_files(const char *dir)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL)
		n += e->d_name[0] == '.' && strcmp(e->d_name, ".") != 0 &&
		     strcmp(e->d_name, "..") != 0;
	closedir(d);
	return n;
}

static int exists_in(const char *dir, const char *name)
{
	char *p = ds_test_join(dir, name);
	int ok = access(p, F_OK) == 0;
	free(p);
	return ok;
}

/* A lone file has no aid.csv and no releases: those two charts skip with a note. */
static void test_skips(void **state)
{
	(void)state;
	char *dir = ds_test_tmpdir();
	char *csv = write_hostile(dir);
	struct ds_dataset *ds = load(csv);
	struct ds_threshold th[1] = { { 2 * 1000000, "2" } };
	struct ds_chart_opts o = { .thresholds = th, .nthresholds = 1 };
	struct ds_errors err;
	ds_errors_init(&err);
	const char *skip = NULL;
	assert_int_equal(ds_chart_write(ds, DS_CHART_AID, &o, dir, &skip, &err), DS_ENOINPUT);
	assert_string_equal(skip, "the data has no aid.csv");
	assert_int_equal(ds_chart_write(ds, DS_CHART_REVISIONS, &o, dir, &skip, &err), DS_ENOINPUT);
	assert_string_equal(skip, "the data lists fewer than two releases");
	assert_int_equal(ds_errors_count(&err), 0);
	assert_false(exists_in(dir, "aid.gp") || exists_in(dir, "aid.dat"));
	assert_false(exists_in(dir, "revisions.gp") || exists_in(dir, "revisions.dat"));
	/* Not a chart: a bug of the caller, said so. */
	assert_int_equal(ds_chart_write(ds, DS_NCHARTS, &o, dir, &skip, &err), DS_ESOFTWARE);
	assert_null(skip);
	assert_non_null(strstr(err.v[0].msg, "no chart number"));
	ds_errors_release(&err);
	assert_int_equal(hidden_files(dir), 0);
	ds_dataset_free(ds);
	free(csv);
	ds_test_rmtree(dir);
	free(dir);
}

/*
 * A directory where the script should go: the chart fails before writing
 * anything, and neither the data file nor a temporary file is left.  A
 * chart written again replaces both files and leaves no temporary file.
 */
static void test_write_failure(void **state)
{
	(void)state;
	char *dir = ds_test_tmpdir();
	char *csv = write_hostile(dir);
	struct ds_dataset *ds = load(csv);
	char *gp = ds_test_join(dir, "gap.gp");
	assert_int_equal(mkdir(gp, 0755), 0);
	struct ds_threshold th[1] = { { 2 * 1000000, "2" } };
	struct ds_chart_opts o = { .thresholds = th, .nthresholds = 1 };
	struct ds_errors err;
	ds_errors_init(&err);
	const char *skip = NULL;
	assert_int_equal(ds_chart_write(ds, DS_CHART_GAP, &o, dir, &skip, &err), DS_ECANTCREAT);
	assert_null(skip);
	assert_non_null(strstr(err.v[0].msg, "cannot write in '"));
	ds_errors_release(&err);
	assert_false(exists_in(dir, "gap.dat"));
	assert_int_equal(hidden_files(dir), 0);
	assert_int_equal(rmdir(gp), 0);

	write_chart(ds, DS_CHART_GAP, dir);
	char *first = ds_test_read(gp, NULL);
	assert_non_null(first);
	write_chart(ds, DS_CHART_GAP, dir);
	char *second = ds_test_read(gp, NULL);
	assert_non_null(second);
	assert_string_equal(first, second);
	assert_true(exists_in(dir, "gap.dat"));
	assert_int_equal(hidden_files(dir), 0);
	free(first);
	free(second);
	free(gp);
	ds_dataset_free(ds);
	free(csv);
	ds_test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_script_text),   cmocka_unit_test(test_chart_names),
		cmocka_unit_test(test_registry),      cmocka_unit_test(test_skips),
		cmocka_unit_test(test_write_failure),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
