/*
 * test_release.c - releases as files (release.h): which ids may name a
 * file, registering a release in releases.csv (appended, created when
 * missing, checked by the loader before it replaces the old file), and
 * promotion, which moves the files exactly as documented and moves nothing
 * when it refuses.
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

#include "defspend/load.h"
#include "defspend/release.h"
#include "defspend/session.h"
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

struct fx {
	char *dir;  /* the test's temporary directory */
	char *data; /* its data directory */
};

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
	char *rel = ds_test_join(f->dir, "data/releases");
	if (mkdir(f->data, 0755) != 0 || mkdir(rel, 0755) != 0)
		return -1;
	free(rel);
	put(f->data, "members.csv",
	    "iso3,iso2,name,aliases,joined\nARC,AC,Arcadia,,1949\nBOR,BD,Borduria,,1952\n");
	put(f->data, "releases.csv", releases_csv);
	put(f->data, "spending.csv", spending_csv);
	put(f->data, "releases/R1.csv", r1_csv);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	ds_test_rmtree(f->dir);
	free(f->dir);
	free(f->data);
	free(f);
	return 0;
}

/* data/rel holds exactly want (NULL: does not exist). */
static void expect_file(const struct fx *f, const char *rel, const char *want)
{
	char *p = ds_test_join(f->data, rel);
	size_t len;
	char *got = ds_test_read(p, &len);
	if (want == NULL) {
		assert_null(got);
	} else {
		assert_non_null(got);
		assert_int_equal(len, strlen(want));
		assert_memory_equal(got, want, len);
	}
	free(got);
	free(p);
}

static int count_tmp(const char *dir)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL)
		n += strncmp(e->d_name, DS_TMP_PREFIX, strlen(DS_TMP_PREFIX)) == 0;
	closedir(d);
	return n;
}

static void expect_untouched(const struct fx *f)
{
	expect_file(f, "releases.csv", releases_csv);
	expect_file(f, "spending.csv", spending_csv);
	expect_file(f, "releases/R1.csv", r1_csv);
	expect_file(f, "releases/R2.csv", NULL);
	assert_int_equal(count_tmp(f->data), 0);
}

static void test_id_valid(void **state)
{
	(void)state;
	static const char *const good[] = { "2027-06", "a", "R_1.b-2", "x.csv" };
	static const char *const bad[] = { "", ".hidden", "a/b", "../x", "a b", "é", "a\n" };
	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		assert_true(ds_release_id_valid(good[i]));
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		assert_false(ds_release_id_valid(bad[i]));
	char longest[66];
	memset(longest, 'a', 64);
	longest[64] = '\0';
	assert_true(ds_release_id_valid(longest));
	longest[64] = 'a';
	longest[65] = '\0';
	assert_false(ds_release_id_valid(longest));
}

/* Registers r with the file content given, through a staged, checked, committed set. */
static int register_commit(struct fx *f, const struct ds_release *r, const char *content,
			   struct ds_errors *err)
{
	struct ds_session s;
	int rc = ds_session_open(&s, f->data, NULL, 1000, err);
	struct ds_stage st;
	ds_stage_init(&st);
	char *path = ds_test_join(f->data, r->file);
	if (rc == DS_OK)
		rc = ds_stage_add(&st, path, content, strlen(content), DS_ATOMIC_NEW, err);
	if (rc == DS_OK)
		rc = ds_release_register(&st, f->data, r, err);
	if (rc == DS_OK)
		rc = ds_stage_check(&st, ds_release_check_staged, f->data, err);
	if (rc == DS_OK)
		rc = ds_stage_commit(&st, err);
	ds_stage_release(&st);
	ds_session_close(&s);
	free(path);
	return rc;
}

static void test_register(void **state)
{
	struct fx *f = *state;
	struct ds_errors err;
	ds_errors_init(&err);
	char id[] = "R3", title[] = "Third, with a comma", published[] = "2032-01",
	     file[] = "releases/R3.csv", source[] = "fixture";
	struct ds_release r = { .id = id,
				.title = title,
				.published = published,
				.decimals = 1,
				.file = file,
				.source = source };
	static const char r3_csv[] = HEADER "ARC,Arcadia,2028,2.0,,,0,R3,fixture,,,\n";
	/* Appended after the last row; every other byte as it was. */
	assert_int_equal(register_commit(f, &r, r3_csv, &err), DS_OK);
	expect_file(f, "releases.csv",
		    RELEASES_HEADER
		    "R2,Second,2031-02,,NATO definition,2,spending.csv,fixture\n"
		    "R1,First,2030-01,,NATO definition,2,releases/R1.csv,fixture\n"
		    "R3,\"Third, with a comma\",2032-01,,,1,releases/R3.csv,fixture\n");
	expect_file(f, "releases/R3.csv", r3_csv);
	assert_int_equal(ds_errors_count(&err), 0);
	/* The loader refuses a second R3: releases.csv stays as it was, and the
	 * message names releases.csv, not the staged copy. */
	char *p = ds_test_join(f->data, "releases.csv");
	char *before = ds_test_read(p, NULL);
	char id4[] = "R3", file4[] = "releases/R4.csv";
	r.id = id4;
	r.file = file4;
	assert_int_equal(register_commit(f, &r, r3_csv, &err), DS_EDATA);
	assert_true(ds_errors_count(&err) >= 1);
	assert_string_equal(err.v[0].file, p);
	size_t len;
	char *after = ds_test_read(p, &len);
	assert_string_equal(after, before);
	expect_file(f, "releases/R4.csv", NULL);
	assert_int_equal(count_tmp(f->data), 0);
	ds_errors_release(&err);
	free(before);
	free(after);
	free(p);
}

static void test_register_creates_file(void **state)
{
	struct fx *f = *state;
	char *p = ds_test_join(f->data, "releases.csv");
	assert_int_equal(unlink(p), 0);
	struct ds_errors err;
	ds_errors_init(&err);
	char id[] = "R9", file[] = "spending.csv";
	struct ds_release r = { .id = id, .decimals = -1, .file = file };
	struct ds_stage st;
	ds_stage_init(&st);
	assert_int_equal(ds_release_register(&st, f->data, &r, &err), DS_OK);
	/* Staged with the standard header; nothing written until a commit. */
	char *text;
	size_t len;
	assert_int_equal(ds_stage_read(&st, p, &text, &len, &err), DS_OK);
	assert_string_equal(text, RELEASES_HEADER "R9,,,,,,spending.csv,\n");
	free(text);
	assert_int_not_equal(access(p, F_OK), 0);
	ds_stage_release(&st);
	assert_int_equal(count_tmp(f->data), 0);
	ds_errors_release(&err);
	free(p);
}

static int promote(struct fx *f, const char *id, int dry_run, struct ds_errors *err)
{
	struct ds_session s;
	int rc = ds_session_open(&s, f->data, NULL, 1000, err);
	if (rc == DS_OK)
		rc = ds_release_promote(&s, id, dry_run, err);
	ds_session_close(&s);
	return rc;
}

static void test_promote_moves_files(void **state)
{
	struct fx *f = *state;
	struct ds_errors err;
	ds_errors_init(&err);
	assert_int_equal(promote(f, "R1", 1, &err), DS_OK);
	expect_untouched(f);
	assert_int_equal(promote(f, "R1", 0, &err), DS_OK);
	assert_int_equal(ds_errors_count(&err), 0);
	/* R1's bytes are spending.csv; the old current moved to releases/R2.csv. */
	expect_file(f, "spending.csv", r1_csv);
	expect_file(f, "releases/R2.csv", spending_csv);
	expect_file(f, "releases/R1.csv", NULL);
	expect_file(f, "releases.csv",
		    RELEASES_HEADER "R2,Second,2031-02,,NATO definition,2,releases/R2.csv,fixture\n"
				    "R1,First,2030-01,,NATO definition,2,spending.csv,fixture\n");
	assert_int_equal(count_tmp(f->data), 0);
	/* The data loads, R1 current. */
	struct ds_dataset *ds;
	assert_int_equal(ds_dataset_load(f->data, NULL, &ds, &err), DS_OK);
	assert_string_equal(ds->releases[ds->current_release].id, "R1");
	ds_dataset_free(ds);
	/* Promoting the current release again changes nothing. */
	assert_int_equal(promote(f, "R1", 0, &err), DS_OK);
	expect_file(f, "spending.csv", r1_csv);
	ds_errors_release(&err);
}

static void test_promote_refusals_move_nothing(void **state)
{
	struct fx *f = *state;
	struct ds_errors err;
	ds_errors_init(&err);
	assert_int_equal(promote(f, "R7", 0, &err), DS_EUSAGE);
	assert_string_equal(err.v[0].msg, "unknown release 'R7'");
	expect_untouched(f);
	ds_errors_release(&err);
	/* The place the current release would move to is taken. */
	ds_errors_init(&err);
	put(f->data, "releases/R2.csv", "taken");
	assert_int_equal(promote(f, "R1", 0, &err), DS_ECANTCREAT);
	char *p = ds_test_join(f->data, "releases/R2.csv");
	assert_string_equal(err.v[0].file, p);
	assert_string_equal(err.v[0].msg,
			    "already exists: the current release 'R2' cannot move there; "
			    "'defspend check' says whether a release owns it");
	expect_file(f, "releases/R2.csv", "taken");
	assert_int_equal(unlink(p), 0);
	expect_untouched(f);
	ds_errors_release(&err);
	/* A release whose file does not load as current: refused before anything moves. */
	ds_errors_init(&err);
	put(f->data, "releases/R1.csv", HEADER "ARC,Arcadia,2028,abc,,,0,R1,fixture,,,\n");
	assert_int_equal(promote(f, "R1", 0, &err), DS_EDATA);
	expect_file(f, "releases.csv", releases_csv);
	expect_file(f, "spending.csv", spending_csv);
	expect_file(f, "releases/R2.csv", NULL);
	ds_errors_release(&err);
	/* A lone file has no releases to promote. */
	ds_errors_init(&err);
	char *lone = ds_test_join(f->dir, "lone.csv");
	put(f->dir, "lone.csv", spending_csv);
	struct ds_session s;
	assert_int_equal(ds_session_open(&s, lone, NULL, 1000, &err), DS_OK);
	assert_int_equal(ds_release_promote(&s, "R1", 0, &err), DS_EUSAGE);
	assert_string_equal(err.v[0].msg, "promoting a release needs a data directory");
	ds_session_close(&s);
	expect_file(f, "spending.csv", spending_csv);
	ds_errors_release(&err);
	free(lone);
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_id_valid),
		cmocka_unit_test_setup_teardown(test_register, setup, teardown),
		cmocka_unit_test_setup_teardown(test_register_creates_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_promote_moves_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_promote_refusals_move_nothing, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
