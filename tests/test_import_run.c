/*
 * test_import_run.c - the steps of an import in the library
 * (import_run.h): into the current file, into a new release's file that is
 * registered and promoted, a dry run that writes nothing, and a run that
 * fails at its last step with the earlier steps done and its outcome still
 * readable (the merge's changes name their members after the session was
 * reloaded).
 *
 * The data is a small directory written by each test.
 */
#define _XOPEN_SOURCE 700
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

#include "defspend/import_run.h"
#include "helpers.h"

#define HEADER                                                                                     \
	"iso3,country,year,pct_gdp,spend_usd_m,gdp_usd_bn,estimate,release,source,spend_source,"   \
	"gdp_source,note\n"
#define RELEASES_HEADER "id,title,published,cutoff,basis,decimals,file,source\n"

static const char releases_csv[] =
	RELEASES_HEADER "R2,Second,2031-02,,NATO definition,2,spending.csv,fixture\n"
			"R1,First,2030-01,,NATO definition,2,releases/R1.csv,fixture\n";
static const char spending_csv[] = HEADER "ARC,Arcadia,2028,1.95,,,0,R2,fixture,,,\n"
					  "BOR,Borduria,2028,2.10,,,0,R2,fixture,,,\n";
static const char r1_csv[] = HEADER "ARC,Arcadia,2028,1.90,,,0,R1,fixture,,,\n";
/* The file imported: a revision for Arcadia 2028, a new year for Borduria. */
static const char import_csv[] = "iso3,country,year,pct_gdp,source\n"
				 "ARC,Arcadia,2028,2.05,new source\n"
				 "BOR,Borduria,2029,2.250,new source\n";

struct fx {
	char *dir, *data, *file;
};

static int count_tmp(const char *dir)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL)
		n += strncmp(e->d_name, ".defspend-tmp.", 14) == 0;
	closedir(d);
	return n;
}

static void put(const char *dir, const char *name, const char *text)
{
	char *p = ds_test_join(dir, name);
	assert_non_null(p);
	assert_int_equal(ds_test_write(p, text, (size_t)-1), 0);
	free(p);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	if (f == NULL || (f->dir = ds_test_tmpdir()) == NULL)
		return -1;
	f->data = ds_test_join(f->dir, "data");
	f->file = ds_test_join(f->dir, "import.csv");
	char *rel = ds_test_join(f->dir, "data/releases");
	if (mkdir(f->data, 0755) != 0 || mkdir(rel, 0755) != 0)
		return -1;
	free(rel);
	put(f->data, "members.csv",
	    "iso3,iso2,name,aliases,joined\nARC,AC,Arcadia,,1949\nBOR,BD,Borduria,,1952\n");
	put(f->data, "releases.csv", releases_csv);
	put(f->data, "spending.csv", spending_csv);
	put(f->data, "releases/R1.csv", r1_csv);
	put(f->dir, "import.csv", import_csv);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	ds_test_rmtree(f->dir);
	free(f->dir);
	free(f->data);
	free(f->file);
	free(f);
	return 0;
}

static void expect_file(const struct fx *f, const char *rel, const char *want)
{
	char *p = ds_test_join(f->data, rel);
	size_t len;
	char *got = ds_test_read(p, &len);
	if (want == NULL) {
		assert_null(got);
	} else {
		assert_non_null(got);
		assert_string_equal(got, want);
		assert_int_equal(len, strlen(want));
	}
	free(got);
	free(p);
}

static void test_into_current(void **state)
{
	struct fx *f = *state;
	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_session s;
	assert_int_equal(ds_session_open(&s, f->data, NULL, 1000, &err), DS_OK);
	struct ds_import_request rq = { .file = f->file };
	struct ds_import_outcome out;
	assert_int_equal(ds_import_run(&s, &rq, &out, &err), DS_OK);
	assert_int_equal(ds_errors_count(&err), 0);
	assert_true(out.merged);
	assert_false(out.is_new || out.registered || out.current);
	assert_false(out.res.wide);
	assert_string_equal(out.u.path, s.target);
	assert_int_equal(out.u.rows_added, 1);
	assert_int_equal(out.u.values_changed, 1);
	expect_file(f, "spending.csv",
		    HEADER "ARC,Arcadia,2028,2.05,,,0,R2,new source,,,\n"
			   "BOR,Borduria,2028,2.10,,,0,R2,fixture,,,\n"
			   "BOR,Borduria,2029,2.250,,,0,R2,new source,,,\n");
	expect_file(f, "releases.csv", releases_csv);
	ds_import_outcome_release(&out);
	ds_import_outcome_release(&out);
	ds_session_close(&s);
	ds_errors_release(&err);
}

static const char r3_csv[] = HEADER "ARC,Arcadia,2028,2.05,,,0,R3,new source,,,\n"
				    "BOR,Borduria,2029,2.250,,,0,R3,new source,,,\n";

static void test_new_release_made_current(void **state)
{
	struct fx *f = *state;
	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_session s;
	assert_int_equal(ds_session_open(&s, f->data, NULL, 1000, &err), DS_OK);
	struct ds_import_request rq = { .file = f->file,
					.release = "R3",
					.source = "fixture 3",
					.title = "Third",
					.make_current = 1 };
	struct ds_import_outcome out;
	/* A dry run first: everything would happen, nothing is written. */
	rq.dry_run = 1;
	assert_int_equal(ds_import_run(&s, &rq, &out, &err), DS_OK);
	assert_true(out.is_new && out.merged && out.registered && out.current);
	expect_file(f, "releases.csv", releases_csv);
	expect_file(f, "spending.csv", spending_csv);
	expect_file(f, "releases/R3.csv", NULL);
	ds_import_outcome_release(&out);
	rq.dry_run = 0;
	assert_int_equal(ds_import_run(&s, &rq, &out, &err), DS_OK);
	assert_int_equal(ds_errors_count(&err), 0);
	assert_true(out.is_new && out.merged && out.registered && out.current);
	assert_int_equal(out.u.rows_added, 2);
	/* R3's rows became spending.csv; R2 moved under releases/. */
	expect_file(f, "spending.csv", r3_csv);
	expect_file(f, "releases/R3.csv", NULL);
	expect_file(f, "releases/R2.csv", spending_csv);
	expect_file(f, "releases.csv",
		    RELEASES_HEADER "R2,Second,2031-02,,NATO definition,2,releases/R2.csv,fixture\n"
				    "R1,First,2030-01,,NATO definition,2,releases/R1.csv,fixture\n"
				    "R3,Third,,,,3,spending.csv,fixture 3\n");
	/* One transaction: the merge reads the dataset of the session. */
	assert_ptr_equal(out.u.ds, s.ds);
	assert_string_equal(out.u.ds->members[out.u.changes[0].member].name, "Arcadia");
	assert_int_equal(count_tmp(f->data), 0);
	char *journal = ds_test_join(f->data, ".defspend-journal");
	assert_int_not_equal(access(journal, F_OK), 0);
	free(journal);
	ds_import_outcome_release(&out);
	ds_session_close(&s);
	ds_errors_release(&err);
}

/* One transaction: a refusal at its last step leaves every file as it was. */
static void test_failure_at_last_step(void **state)
{
	struct fx *f = *state;
	/* Promotion cannot move R2 where something already is. */
	put(f->data, "releases/R2.csv", "taken");
	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_session s;
	assert_int_equal(ds_session_open(&s, f->data, NULL, 1000, &err), DS_OK);
	struct ds_import_request rq = {
		.file = f->file, .release = "R3", .source = "fixture 3", .make_current = 1
	};
	struct ds_import_outcome out;
	assert_int_equal(ds_import_run(&s, &rq, &out, &err), DS_ECANTCREAT);
	assert_false(out.merged || out.registered || out.current);
	expect_file(f, "releases/R3.csv", NULL);
	expect_file(f, "spending.csv", spending_csv);
	expect_file(f, "releases/R2.csv", "taken");
	expect_file(f, "releases.csv", releases_csv);
	assert_int_equal(count_tmp(f->data), 0);
	char *rel = ds_test_join(f->data, "releases");
	assert_int_equal(count_tmp(rel), 0);
	free(rel);
	/* The outcome is still whole for the command to print. */
	char *want = ds_test_join(f->data, "releases/R3.csv");
	assert_string_equal(out.u.path, want);
	assert_int_equal(out.u.nchanges, 6);
	assert_string_equal(out.u.ds->members[out.u.changes[0].member].name, "Arcadia");
	ds_import_outcome_release(&out);
	ds_session_close(&s);
	ds_errors_release(&err);
	free(want);
}

static void test_refusals(void **state)
{
	struct fx *f = *state;
	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_session s;
	/* A lone file outside any data directory. */
	char *lone = ds_test_join(f->dir, "lone.csv");
	put(f->dir, "lone.csv", spending_csv);
	assert_int_equal(ds_session_open(&s, lone, NULL, 1000, &err), DS_OK);
	struct ds_import_request rq = { .file = f->file, .release = "R3" };
	struct ds_import_outcome out;
	assert_int_equal(ds_import_run(&s, &rq, &out, &err), DS_EUSAGE);
	assert_string_equal(err.v[0].msg, "a new release 'R3' needs a data directory");
	assert_false(out.merged);
	ds_import_outcome_release(&out);
	ds_session_close(&s);
	ds_errors_release(&err);
	/* An id that cannot be a file name never becomes one. */
	ds_errors_init(&err);
	assert_int_equal(ds_session_open(&s, f->data, NULL, 1000, &err), DS_OK);
	rq.release = "../R3";
	assert_int_equal(ds_import_run(&s, &rq, &out, &err), DS_EUSAGE);
	assert_false(out.merged);
	ds_import_outcome_release(&out);
	ds_errors_release(&err);
	/* A file the merge refuses: nothing written, nothing merged. */
	ds_errors_init(&err);
	put(f->dir, "import.csv", "iso3,year,pct_gdp,source\nARC,2028,abc,s\n");
	rq.release = NULL;
	assert_int_equal(ds_import_run(&s, &rq, &out, &err), DS_EDATA);
	assert_false(out.merged);
	expect_file(f, "spending.csv", spending_csv);
	ds_import_outcome_release(&out);
	ds_session_close(&s);
	expect_file(f, "spending.csv", spending_csv);
	expect_file(f, "releases.csv", releases_csv);
	ds_errors_release(&err);
	free(lone);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_into_current, setup, teardown),
		cmocka_unit_test_setup_teardown(test_new_release_made_current, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failure_at_last_step, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
