/*
 * test_stage.c - the stage-load-commit primitive (stage.h): nothing
 * reaches the data before a check passed on the staged copies, a rejected
 * set leaves every original byte for byte and no temporary file, the
 * check's diagnostics name the files the copies replace, and a set of
 * several files is checked together and committed in order.
 *
 * The check here is a stand-in for a loader: it reads every staged copy
 * through ds_stage_path() and refuses a line "bad", positioned like a
 * loader's diagnostic, so each property can be driven either way.
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

#include "defspend/stage.h"
#include "helpers.h"

/* The directory's writer lock, which a commit must find held (stage.h). */
static struct ds_lock lock = DS_LOCK_INIT;

static int setup(void **state)
{
	char *dir = ds_test_tmpdir();
	if (dir == NULL)
		return -1;
	struct ds_errors err;
	ds_errors_init(&err);
	int rc = ds_lock_acquire(dir, 1000, &lock, &err);
	ds_errors_release(&err);
	if (rc != DS_OK)
		return -1;
	*state = dir;
	return 0;
}

static int teardown(void **state)
{
	ds_lock_release(&lock);
	ds_test_rmtree(*state);
	free(*state);
	return 0;
}

static char *put(const char *dir, const char *name, const char *text)
{
	char *p = ds_test_join(dir, name);
	assert_non_null(p);
	assert_int_equal(ds_test_write(p, text, (size_t)-1), 0);
	return p;
}

static void expect_content(const char *path, const char *want)
{
	size_t len;
	char *got = ds_test_read(path, &len);
	assert_non_null(got);
	assert_int_equal(len, strlen(want));
	assert_memory_equal(got, want, len);
	free(got);
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

/* What the check saw: the paths it read, all files of the set at once. */
struct seen {
	const char *const *paths; /* the files of the set, by their own names */
	size_t n;
	int calls;
	char read[4][64]; /* what each staged copy held when the check ran */
};

static int check(void *ctx, const struct ds_stage *st, struct ds_errors *err)
{
	struct seen *s = ctx;
	s->calls++;
	int rc = DS_OK;
	for (size_t i = 0; i < s->n; i++) {
		const char *at = ds_stage_path(st, s->paths[i]);
		size_t len;
		char *text = ds_test_read(at, &len);
		if (text == NULL)
			return ds_errors_add(err, DS_ENOINPUT, at, 0, 0, "cannot read");
		snprintf(s->read[i], sizeof s->read[i], "%s", text);
		char *bad = strstr(text, "bad\n");
		if (bad != NULL)
			rc = ds_errors_add(err, DS_EDATA, at, 2, 1, "a bad line");
		free(text);
	}
	return rc;
}

static void test_rejected_leaves_original(void **state)
{
	const char *dir = *state;
	char *p = put(dir, "f.csv", "head\nold\n");
	const char *paths[] = { p };
	struct seen s = { paths, 1, 0, { "" } };
	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_stage st;
	ds_stage_init(&st);
	assert_int_equal(ds_stage_add(&st, p, "head\nbad\n", 9, 0, &err), DS_OK);
	/* Staged: the copy is elsewhere, the file itself untouched. */
	assert_string_not_equal(ds_stage_path(&st, p), p);
	expect_content(p, "head\nold\n");
	assert_int_equal(count_tmp(dir), 1);
	assert_int_equal(ds_stage_check(&st, check, &s, &err), DS_EDATA);
	assert_int_equal(s.calls, 1);
	assert_string_equal(s.read[0], "head\nbad\n");
	/* The diagnostic names the file the copy was for, at its position. */
	assert_int_equal(ds_errors_count(&err), 1);
	assert_string_equal(err.v[0].file, p);
	assert_int_equal(err.v[0].line, 2);
	assert_string_equal(err.v[0].msg, "a bad line");
	/* A set that failed its check cannot be committed. */
	assert_int_equal(ds_stage_commit(&st, &err), DS_ESOFTWARE);
	assert_string_equal(err.v[1].msg, "an update committed without a passing check");
	ds_stage_release(&st);
	expect_content(p, "head\nold\n");
	assert_int_equal(count_tmp(dir), 0);
	ds_errors_release(&err);
	free(p);
}

static void test_checked_set_committed_in_order(void **state)
{
	const char *dir = *state;
	char *a = put(dir, "a.csv", "a0\n"), *b = put(dir, "b.csv", "b0\n");
	char *c = ds_test_join(dir, "c.csv"); /* not staged: maps to itself */
	assert_int_equal(ds_test_write(c, "c0\n", 3), 0);
	const char *paths[] = { a, b, c };
	struct seen s = { paths, 3, 0, { "" } };
	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_stage st;
	ds_stage_init(&st);
	assert_int_equal(ds_stage_add(&st, a, "a1\n", 3, 0, &err), DS_OK);
	assert_int_equal(ds_stage_add(&st, b, "b1\n", 3, 0, &err), DS_OK);
	assert_string_equal(ds_stage_path(&st, c), c);
	assert_int_equal(ds_stage_check(&st, check, &s, &err), DS_OK);
	/* One check saw the whole set: both new copies and the file left alone. */
	assert_int_equal(s.calls, 1);
	assert_string_equal(s.read[0], "a1\n");
	assert_string_equal(s.read[1], "b1\n");
	assert_string_equal(s.read[2], "c0\n");
	expect_content(a, "a0\n");
	expect_content(b, "b0\n");
	assert_int_equal(ds_stage_commit(&st, &err), DS_OK);
	expect_content(a, "a1\n");
	expect_content(b, "b1\n");
	expect_content(c, "c0\n");
	/* Committed files are no longer staged; releasing removes nothing of them. */
	assert_string_equal(ds_stage_path(&st, a), a);
	ds_stage_release(&st);
	expect_content(a, "a1\n");
	assert_int_equal(count_tmp(dir), 0);
	assert_int_equal(ds_errors_count(&err), 0);
	ds_errors_release(&err);
	free(a);
	free(b);
	free(c);
}

/*
 * Several files are one step: a target that can no longer be replaced is
 * found before the commit point, and then nothing changes.
 */
static void test_failed_rename_changes_nothing(void **state)
{
	const char *dir = *state;
	char *a = put(dir, "a.csv", "a0\n"), *b = put(dir, "b.csv", "b0\n");
	char *c = put(dir, "c.csv", "c0\n");
	const char *paths[] = { a, b, c };
	struct seen s = { paths, 3, 0, { "" } };
	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_stage st;
	ds_stage_init(&st);
	assert_int_equal(ds_stage_add(&st, a, "a1\n", 3, 0, &err), DS_OK);
	assert_int_equal(ds_stage_add(&st, b, "b1\n", 3, 0, &err), DS_OK);
	assert_int_equal(ds_stage_add(&st, c, "c1\n", 3, 0, &err), DS_OK);
	assert_int_equal(ds_stage_check(&st, check, &s, &err), DS_OK);
	/* b becomes a directory that a rename cannot replace. */
	assert_int_equal(unlink(b), 0);
	assert_int_equal(mkdir(b, 0755), 0);
	char *inner = put(b, "inner", "i");
	assert_int_equal(ds_stage_commit(&st, &err), DS_ECANTCREAT);
	assert_int_equal(ds_errors_count(&err), 1);
	assert_string_equal(err.v[0].file, b);
	/* Nothing more can be committed from a set whose commit failed. */
	assert_int_equal(ds_stage_commit(&st, &err), DS_ESOFTWARE);
	ds_stage_release(&st);
	expect_content(a, "a0\n");
	expect_content(c, "c0\n");
	assert_int_equal(count_tmp(dir), 0);
	char *journal = ds_test_join(dir, ".defspend-journal");
	assert_int_not_equal(access(journal, F_OK), 0);
	free(journal);
	ds_errors_release(&err);
	free(inner);
	free(a);
	free(b);
	free(c);
}

static void test_commit_needs_a_current_check(void **state)
{
	const char *dir = *state;
	char *a = put(dir, "a.csv", "a0\n"), *b = put(dir, "b.csv", "b0\n");
	const char *paths[] = { a };
	struct seen s = { paths, 1, 0, { "" } };
	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_stage st;
	ds_stage_init(&st);
	/* Never checked. */
	assert_int_equal(ds_stage_add(&st, a, "a1\n", 3, 0, &err), DS_OK);
	assert_int_equal(ds_stage_commit(&st, &err), DS_ESOFTWARE);
	expect_content(a, "a0\n");
	/* Checked, then another file added: the check no longer covers the set. */
	assert_int_equal(ds_stage_check(&st, check, &s, &err), DS_OK);
	assert_int_equal(ds_stage_add(&st, b, "bad\n", 4, 0, &err), DS_OK);
	assert_int_equal(ds_stage_commit(&st, &err), DS_ESOFTWARE);
	expect_content(a, "a0\n");
	expect_content(b, "b0\n");
	/* The same file again: the later content replaces the staged one. */
	assert_int_equal(ds_stage_add(&st, a, "a2\n", 3, 0, &err), DS_OK);
	assert_int_equal(st.n, 2);
	assert_int_equal(count_tmp(dir), 2);
	char *text;
	size_t len;
	assert_int_equal(ds_stage_read(&st, a, &text, &len, &err), DS_OK);
	assert_string_equal(text, "a2\n");
	free(text);
	ds_stage_release(&st);
	expect_content(a, "a0\n");
	expect_content(b, "b0\n");
	assert_int_equal(count_tmp(dir), 0);
	assert_int_equal(ds_errors_count(&err), 2);
	ds_errors_release(&err);
	free(a);
	free(b);
}

static void test_must_be_new_and_links(void **state)
{
	const char *dir = *state;
	char *a = put(dir, "a.csv", "a0\n");
	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_stage st;
	ds_stage_init(&st);
	assert_int_equal(ds_stage_add(&st, a, "a1\n", 3, DS_ATOMIC_NEW, &err), DS_ECANTCREAT);
	assert_int_equal(st.n, 0);
	assert_string_equal(err.v[0].msg, "already exists");
	/* A new file, and a file reached through a symbolic link. */
	char *n = ds_test_join(dir, "new.csv"), *l = ds_test_join(dir, "l.csv");
	assert_int_equal(symlink("a.csv", l), 0);
	assert_int_equal(ds_stage_add(&st, n, "n1\n", 3, DS_ATOMIC_NEW, &err), DS_OK);
	assert_int_equal(ds_stage_add(&st, l, "a2\n", 3, 0, &err), DS_OK);
	const char *paths[] = { n, l };
	struct seen s = { paths, 2, 0, { "" } };
	assert_int_equal(access(n, F_OK), -1);
	assert_int_equal(ds_stage_check(&st, check, &s, &err), DS_OK);
	assert_int_equal(ds_stage_commit(&st, &err), DS_OK);
	ds_stage_release(&st);
	expect_content(n, "n1\n");
	expect_content(a, "a2\n");
	struct stat sb;
	assert_int_equal(lstat(l, &sb), 0);
	assert_true(S_ISLNK(sb.st_mode));
	assert_int_equal(count_tmp(dir), 0);
	assert_int_equal(ds_errors_count(&err), 1);
	ds_errors_release(&err);
	free(a);
	free(n);
	free(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rejected_leaves_original, setup, teardown),
		cmocka_unit_test_setup_teardown(test_checked_set_committed_in_order, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_failed_rename_changes_nothing, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_commit_needs_a_current_check, setup, teardown),
		cmocka_unit_test_setup_teardown(test_must_be_new_and_links, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
