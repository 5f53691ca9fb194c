/*
 * test_journal.c - one step for an update of several files (journal.h):
 * a commit renames and removes everything it lists and leaves no journal;
 * a journal left by a writer killed after its commit point is replayed by
 * recovery, as often as it takes (idempotent); temporary files that no
 * journal names are rolled back; a damaged or truncated journal stops the
 * data from being used instead of being half applied.
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

#include "defspend/journal.h"
#include "defspend/safefile.h"
#include "helpers.h"

static int setup(void **state)
{
	char *dir = ds_test_tmpdir();
	if (dir == NULL)
		return -1;
	char *rel = ds_test_join(dir, "releases");
	int rc = mkdir(rel, 0755);
	free(rel);
	*state = dir;
	return rc;
}

static int teardown(void **state)
{
	ds_test_rmtree(*state);
	free(*state);
	return 0;
}

static void put(const char *dir, const char *name, const char *text)
{
	char *p = ds_test_join(dir, name);
	assert_int_equal(ds_test_write(p, text, (size_t)-1), 0);
	free(p);
}

/* dir/name holds want (NULL: does not exist). */
static void expect(const char *dir, const char *name, const char *want)
{
	char *p = ds_test_join(dir, name);
	char *got = ds_test_read(p, NULL);
	if (want == NULL)
		assert_null(got);
	else
		assert_string_equal(got, want);
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

/* Two staged files, an old one to remove: what a promotion leaves before its renames. */
static void staged(const char *dir)
{
	put(dir, "a.csv", "a0\n");
	put(dir, "releases/old.csv", "old\n");
	put(dir, DS_TMP_PREFIX "a.csv.AAAAAA", "a1\n");
	put(dir, "releases/" DS_TMP_PREFIX "b.csv.BBBBBB", "b1\n");
}

static const struct ds_journal_op ops[] = {
	{ DS_JOURNAL_RENAME, DS_TMP_PREFIX "a.csv.AAAAAA", "a.csv" },
	{ DS_JOURNAL_RENAME, "releases/" DS_TMP_PREFIX "b.csv.BBBBBB", "releases/b.csv" },
	{ DS_JOURNAL_REMOVE, NULL, "releases/old.csv" },
};

static void expect_after(const char *dir)
{
	expect(dir, "a.csv", "a1\n");
	expect(dir, "releases/b.csv", "b1\n");
	expect(dir, "releases/old.csv", NULL);
	expect(dir, DS_JOURNAL_NAME, NULL);
	char *rel = ds_test_join(dir, "releases");
	assert_int_equal(count_tmp(dir), 0);
	assert_int_equal(count_tmp(rel), 0);
	free(rel);
}

static void test_commit(void **state)
{
	const char *dir = *state;
	staged(dir);
	struct ds_errors err;
	ds_errors_init(&err);
	assert_int_equal(ds_journal_commit(dir, ops, 3, &err), DS_OK);
	assert_int_equal(ds_errors_count(&err), 0);
	expect_after(dir);
	assert_false(ds_journal_pending(dir));
	assert_false(ds_journal_leftovers(dir));
	ds_errors_release(&err);
}

/* The journal as a writer killed right after its commit point leaves it. */
static const char journal[] = "defspend journal 1\n"
			      "rename\t" DS_TMP_PREFIX "a.csv.AAAAAA\ta.csv\n"
			      "rename\treleases/" DS_TMP_PREFIX "b.csv.BBBBBB\treleases/b.csv\n"
			      "remove\treleases/old.csv\n"
			      "end\n";

static void test_recover_finishes(void **state)
{
	const char *dir = *state;
	staged(dir);
	put(dir, DS_JOURNAL_NAME, journal);
	assert_true(ds_journal_pending(dir));
	assert_true(ds_journal_leftovers(dir));
	struct ds_errors err;
	ds_errors_init(&err);
	enum ds_journal_outcome done;
	assert_int_equal(ds_journal_recover(dir, &done, &err), DS_OK);
	assert_int_equal(done, DS_JOURNAL_FINISHED);
	expect_after(dir);
	/* Nothing left: a second recovery does nothing. */
	assert_int_equal(ds_journal_recover(dir, &done, &err), DS_OK);
	assert_int_equal(done, DS_JOURNAL_CLEAN);
	expect_after(dir);
	ds_errors_release(&err);
}

/* Killed during the replay itself: the replay of the rest is the same. */
static void test_recover_is_idempotent(void **state)
{
	const char *dir = *state;
	staged(dir);
	put(dir, DS_JOURNAL_NAME, journal);
	/* The first rename and the removal were done before the kill. */
	char *from = ds_test_join(dir, DS_TMP_PREFIX "a.csv.AAAAAA");
	char *to = ds_test_join(dir, "a.csv"), *old = ds_test_join(dir, "releases/old.csv");
	assert_int_equal(rename(from, to), 0);
	assert_int_equal(unlink(old), 0);
	struct ds_errors err;
	ds_errors_init(&err);
	enum ds_journal_outcome done;
	assert_int_equal(ds_journal_recover(dir, &done, &err), DS_OK);
	assert_int_equal(done, DS_JOURNAL_FINISHED);
	expect_after(dir);
	ds_errors_release(&err);
	free(from);
	free(to);
	free(old);
}

static void test_recover_rolls_back(void **state)
{
	const char *dir = *state;
	staged(dir);
	/* Killed while writing the journal: only its temporary file exists. */
	put(dir, DS_TMP_PREFIX DS_JOURNAL_NAME ".CCCCCC", "defspend journal 1\nrename\t");
	assert_false(ds_journal_pending(dir));
	assert_true(ds_journal_leftovers(dir));
	struct ds_errors err;
	ds_errors_init(&err);
	enum ds_journal_outcome done;
	assert_int_equal(ds_journal_recover(dir, &done, &err), DS_OK);
	assert_int_equal(done, DS_JOURNAL_ROLLED_BACK);
	expect(dir, "a.csv", "a0\n");
	expect(dir, "releases/old.csv", "old\n");
	expect(dir, "releases/b.csv", NULL);
	char *rel = ds_test_join(dir, "releases");
	assert_int_equal(count_tmp(dir), 0);
	assert_int_equal(count_tmp(rel), 0);
	free(rel);
	assert_false(ds_journal_leftovers(dir));
	ds_errors_release(&err);
}

static void test_damaged_journal_stops(void **state)
{
	const char *dir = *state;
	static const char *const bad[] = {
		"defspend journal 1\nrename\ta\tb\n",             /* no end */
		"defspend journal 2\nend\n",                      /* unknown version */
		"defspend journal 1\nrename\t../x\ta.csv\nend\n", /* outside dir */
		"defspend journal 1\nremove\t/etc/passwd\nend\n", /* absolute */
		"defspend journal 1\ncopy\ta\tb\nend\n",          /* unknown step */
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		staged(dir);
		put(dir, DS_JOURNAL_NAME, bad[i]);
		struct ds_errors err;
		ds_errors_init(&err);
		assert_int_equal(ds_journal_recover(dir, NULL, &err), DS_EIO);
		assert_true(ds_errors_count(&err) >= 1);
		/* Nothing of it was applied, nothing swept: it is for a person now. */
		expect(dir, "a.csv", "a0\n");
		assert_int_equal(count_tmp(dir), 1);
		assert_true(ds_journal_pending(dir));
		ds_errors_release(&err);
		char *j = ds_test_join(dir, DS_JOURNAL_NAME);
		unlink(j);
		free(j);
	}
	/* A journal that is a symbolic link is not followed. */
	char *j = ds_test_join(dir, DS_JOURNAL_NAME);
	put(dir, "elsewhere", journal);
	assert_int_equal(symlink("elsewhere", j), 0);
	struct ds_errors err;
	ds_errors_init(&err);
	assert_int_equal(ds_journal_recover(dir, NULL, &err), DS_EIO);
	expect(dir, "a.csv", "a0\n");
	ds_errors_release(&err);
	free(j);
}

static void test_commit_refuses_names(void **state)
{
	const char *dir = *state;
	static const struct ds_journal_op escape[] = {
		{ DS_JOURNAL_RENAME, "x", "../a.csv" },
	};
	struct ds_errors err;
	ds_errors_init(&err);
	assert_int_equal(ds_journal_commit(dir, escape, 1, &err), DS_ECANTCREAT);
	assert_false(ds_journal_pending(dir));
	ds_errors_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_commit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_recover_finishes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_recover_is_idempotent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_recover_rolls_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_damaged_journal_stops, setup, teardown),
		cmocka_unit_test_setup_teardown(test_commit_refuses_names, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
