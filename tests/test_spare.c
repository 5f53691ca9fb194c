/*
 * test_spare.c - a large data file's spare (DS_ATOMIC_SPARE, safefile.h):
 * the file an update replaces is kept under the spare's name, and the next
 * update writes over it, so that no update frees or allocates the blocks
 * of a large file.  The target always holds exactly what was committed;
 * the spare is used only when it is a regular file of ours with no other
 * name; an abort leaves the target as it was; a writer killed between the
 * steps of the commit leaves names the next one clears up; a stage of
 * several files (the journal's) keeps no spare.
 *
 * Every test works in its own temporary directory.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "defspend/safefile.h"
#include "defspend/stage.h"
#include "defspend/util.h"
#include "helpers.h"

static int setup(void **state)
{
	char *dir = ds_test_tmpdir();
	if (dir == NULL)
		return -1;
	*state = dir;
	return 0;
}

static int teardown(void **state)
{
	ds_test_rmtree(*state);
	free(*state);
	return 0;
}

/* len bytes of lines "<tag> <n>\n", cut at len: a large file told apart by its tag. */
static char *make_text(char tag, size_t len)
{
	char *s = malloc(len + 32);
	assert_non_null(s);
	size_t at = 0;
	for (unsigned n = 0; at < len; n++)
		at += (size_t)sprintf(s + at, "%c %u\n", tag, n);
	s[len] = '\0';
	return s;
}

static void expect_file(const char *path, const char *want, size_t len)
{
	size_t got_len;
	char *got = ds_test_read(path, &got_len);
	assert_non_null(got);
	assert_int_equal(got_len, len);
	assert_memory_equal(got, want, len);
	free(got);
}

static ino_t inode(const char *path)
{
	struct stat st;
	assert_int_equal(lstat(path, &st), 0);
	return st.st_ino;
}

static nlink_t links(const char *path)
{
	struct stat st;
	assert_int_equal(lstat(path, &st), 0);
	return st.st_nlink;
}

static int exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

/* Replaces path with text through a spare-keeping writer; returns whether it wrote over a spare. */
static int replace(const char *path, const char *text, size_t len)
{
	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_atomic a;
	assert_int_equal(ds_atomic_open(&a, path, DS_ATOMIC_SPARE, &err), DS_OK);
	int recycled = a.recycled;
	ds_atomic_write(&a, text, len);
	assert_int_equal(ds_atomic_commit(&a, &err), DS_OK);
	assert_int_equal(ds_errors_count(&err), 0);
	ds_errors_release(&err);
	return recycled;
}

enum { BIG = DS_SPARE_MIN + 4321 };

static void test_kept_then_written_over(void **state)
{
	const char *dir = *state;
	char *p = ds_test_join(dir, "spending.csv"), *spare = ds_file_spare_name(p);
	assert_non_null(spare);
	char want[600];
	snprintf(want, sizeof want, "%s/%sspending.csv", dir, DS_SPARE_PREFIX);
	assert_string_equal(spare, want);
	char *a = make_text('a', BIG), *b = make_text('b', BIG - 1000),
	     *c = make_text('c', BIG + 70000);
	assert_int_equal(ds_test_write(p, a, BIG), 0);
	ino_t ino_a = inode(p);
	/* The first update: a new file, and the old one stays as the spare. */
	assert_false(replace(p, b, BIG - 1000));
	expect_file(p, b, BIG - 1000);
	expect_file(spare, a, BIG);
	assert_true(inode(spare) == ino_a);
	ino_t ino_b = inode(p);
	assert_true(ino_b != ino_a);
	/* The second writes over the spare, longer than it was; the first's file is the spare. */
	assert_true(replace(p, c, BIG + 70000));
	expect_file(p, c, BIG + 70000);
	assert_true(inode(p) == ino_a);
	expect_file(spare, b, BIG - 1000);
	assert_true(inode(spare) == ino_b);
	/* The third, shorter than the spare it writes over: cut to its length. */
	assert_true(replace(p, a, 5000));
	expect_file(p, a, 5000);
	assert_true(inode(p) == ino_b);
	expect_file(spare, c, BIG + 70000);
	assert_int_equal(links(p), 1);
	assert_int_equal(links(spare), 1);
	assert_int_equal(ds_test_count_prefix(dir, DS_TMP_PREFIX), 0);
	assert_int_equal(ds_test_count_prefix(dir, DS_SPARE_PREFIX), 1);
	/* That file is small now: the next update keeps no spare and frees it. */
	assert_false(replace(p, b, 100));
	expect_file(p, b, 100);
	free(a);
	free(b);
	free(c);
	free(spare);
	free(p);
}

static void test_small_files_and_other_writers_keep_none(void **state)
{
	const char *dir = *state;
	char *p = ds_test_join(dir, "small.csv"), *q = ds_test_join(dir, "out.csv");
	char *a = make_text('a', DS_SPARE_MIN - 1), *b = make_text('b', BIG);
	assert_int_equal(ds_test_write(p, a, DS_SPARE_MIN - 1), 0);
	assert_false(replace(p, b, BIG));
	expect_file(p, b, BIG);
	assert_int_equal(ds_test_count_prefix(dir, DS_SPARE_PREFIX), 0);
	/* A writer without the flag (charts, reports) never keeps one. */
	assert_int_equal(ds_test_write(q, b, BIG), 0);
	struct ds_atomic w;
	assert_int_equal(ds_atomic_open(&w, q, 0, NULL), DS_OK);
	assert_null(w.spare);
	ds_atomic_write(&w, a, 10);
	assert_int_equal(ds_atomic_commit(&w, NULL), DS_OK);
	expect_file(q, a, 10);
	assert_int_equal(ds_test_count_prefix(dir, DS_SPARE_PREFIX), 0);
	free(a);
	free(b);
	free(p);
	free(q);
}

/* A spare that is not ours alone is never written over: the files it names keep their bytes. */
static void test_refuses_a_spare_with_other_names(void **state)
{
	const char *dir = *state;
	char *p = ds_test_join(dir, "spending.csv"), *spare = ds_file_spare_name(p);
	char *other = ds_test_join(dir, "keep.csv");
	char *a = make_text('a', BIG), *b = make_text('b', BIG), *k = make_text('k', BIG);
	assert_int_equal(ds_test_write(p, a, BIG), 0);
	assert_int_equal(ds_test_write(other, k, BIG), 0);
	/* A hard link to another file. */
	assert_int_equal(link(other, spare), 0);
	assert_false(replace(p, b, BIG));
	expect_file(p, b, BIG);
	expect_file(other, k, BIG);
	expect_file(spare, a, BIG); /* unlinked, and the old file linked in its place */
	assert_int_equal(links(other), 1);
	/* A symbolic link: not followed, neither written through nor kept. */
	assert_int_equal(unlink(spare), 0);
	assert_int_equal(symlink(other, spare), 0);
	assert_false(replace(p, a, BIG));
	expect_file(p, a, BIG);
	expect_file(other, k, BIG);
	expect_file(spare, b, BIG);
	/* A fifo: the open must not hang. */
	assert_int_equal(unlink(spare), 0);
	assert_int_equal(mkfifo(spare, 0644), 0);
	assert_false(replace(p, b, BIG));
	expect_file(p, b, BIG);
	expect_file(spare, a, BIG);
	/* The target itself under a second name (a writer killed after its link). */
	assert_int_equal(unlink(spare), 0);
	assert_int_equal(link(p, spare), 0);
	assert_false(replace(p, k, BIG));
	expect_file(p, k, BIG);
	expect_file(spare, b, BIG);
	assert_int_equal(links(spare), 1);
	/* A directory there: no spare kept, the update done all the same. */
	assert_int_equal(unlink(spare), 0);
	assert_int_equal(mkdir(spare, 0755), 0);
	assert_false(replace(p, a, BIG));
	expect_file(p, a, BIG);
	assert_int_equal(ds_test_count_prefix(dir, DS_TMP_PREFIX), 0);
	free(a);
	free(b);
	free(k);
	free(other);
	free(spare);
	free(p);
}

static void test_abort_and_leftovers(void **state)
{
	const char *dir = *state;
	char *p = ds_test_join(dir, "spending.csv"), *spare = ds_file_spare_name(p);
	char next[600];
	snprintf(next, sizeof next, "%s.next", spare);
	char *a = make_text('a', BIG), *b = make_text('b', BIG), *c = make_text('c', BIG / 2);
	assert_int_equal(ds_test_write(p, a, BIG), 0);
	assert_false(replace(p, b, BIG));
	/* Aborted while writing over the spare: the target as it was, the spare still there. */
	struct ds_atomic w;
	assert_int_equal(ds_atomic_open(&w, p, DS_ATOMIC_SPARE, NULL), DS_OK);
	assert_true(w.recycled);
	assert_string_equal(w.tmp, spare);
	ds_atomic_write(&w, c, BIG / 2);
	assert_int_equal(ds_atomic_close(&w, NULL), DS_OK);
	ds_atomic_abort(&w);
	expect_file(p, b, BIG);
	assert_true(exists(spare));
	/* Killed after the target got its second name: the next writer clears it up. */
	assert_int_equal(link(p, next), 0);
	assert_true(replace(p, c, BIG / 2));
	expect_file(p, c, BIG / 2);
	expect_file(spare, b, BIG);
	assert_false(exists(next));
	assert_int_equal(links(spare), 1);
	free(a);
	free(b);
	free(c);
	free(spare);
	free(p);
}

/* A spare handed to the journal gets a temporary name of its own, and no spare is kept. */
static void test_unspare(void **state)
{
	const char *dir = *state;
	char *p = ds_test_join(dir, "spending.csv"), *spare = ds_file_spare_name(p);
	char *a = make_text('a', BIG), *b = make_text('b', BIG), *c = make_text('c', BIG);
	assert_int_equal(ds_test_write(p, a, BIG), 0);
	assert_false(replace(p, b, BIG));
	struct ds_atomic w;
	assert_int_equal(ds_atomic_open(&w, p, DS_ATOMIC_SPARE, NULL), DS_OK);
	assert_true(w.recycled);
	ds_atomic_write(&w, c, BIG);
	assert_int_equal(ds_atomic_close(&w, NULL), DS_OK);
	assert_int_equal(ds_atomic_unspare(&w, NULL), DS_OK);
	assert_false(w.recycled);
	assert_null(w.spare);
	assert_non_null(strstr(w.tmp, "/" DS_TMP_PREFIX "spending.csv."));
	assert_false(exists(spare));
	expect_file(w.tmp, c, BIG);
	assert_int_equal(ds_atomic_commit(&w, NULL), DS_OK);
	expect_file(p, c, BIG);
	assert_int_equal(ds_test_count_prefix(dir, DS_SPARE_PREFIX), 0);
	assert_int_equal(ds_test_count_prefix(dir, DS_TMP_PREFIX), 0);
	free(a);
	free(b);
	free(c);
	free(spare);
	free(p);
}

static int write_text(void *ctx, struct ds_atomic *a)
{
	const char *s = ctx;
	ds_atomic_write(a, s, strlen(s));
	return 0;
}

static int accept_all(void *ctx, const struct ds_stage *st, struct ds_errors *err)
{
	(void)ctx;
	(void)st;
	(void)err;
	return DS_OK;
}

/* Under a stage: one file keeps its spare; two files (the journal) keep none; a removal drops it.
 */
static void test_stage(void **state)
{
	const char *dir = *state;
	char *p = ds_test_join(dir, "spending.csv"), *q = ds_test_join(dir, "members.csv");
	char *spare = ds_file_spare_name(p);
	char *a = make_text('a', BIG), *b = make_text('b', BIG), *c = make_text('c', BIG);
	assert_int_equal(ds_test_write(p, a, BIG), 0);
	assert_int_equal(ds_test_write(q, "m\n", (size_t)-1), 0);
	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_lock lk;
	assert_int_equal(ds_lock_acquire(dir, 1000, &lk, &err), DS_OK);
	for (int round = 0; round < 2; round++) {
		struct ds_stage st;
		ds_stage_init(&st);
		assert_int_equal(ds_stage_add_stream(&st, p, 0, write_text, round ? c : b, &err),
				 DS_OK);
		assert_int_equal(st.v[0].a.recycled, round);
		assert_int_equal(ds_stage_check(&st, accept_all, NULL, &err), DS_OK);
		assert_int_equal(ds_stage_commit(&st, &err), DS_OK);
		ds_stage_release(&st);
		expect_file(p, round ? c : b, BIG);
		expect_file(spare, round ? b : a, BIG);
	}
	/* Two files: the spare written over is renamed by the journal, no spare kept. */
	struct ds_stage st;
	ds_stage_init(&st);
	assert_int_equal(ds_stage_add_stream(&st, p, 0, write_text, a, &err), DS_OK);
	assert_true(st.v[0].a.recycled);
	char members[] = "n\n";
	assert_int_equal(ds_stage_add_stream(&st, q, 0, write_text, members, &err), DS_OK);
	assert_null(st.v[1].a.spare);
	assert_int_equal(ds_stage_check(&st, accept_all, NULL, &err), DS_OK);
	assert_int_equal(ds_stage_commit(&st, &err), DS_OK);
	ds_stage_release(&st);
	expect_file(p, a, BIG);
	expect_file(q, "n\n", 2);
	assert_false(exists(spare));
	assert_int_equal(ds_test_count_prefix(dir, DS_TMP_PREFIX), 0);
	/* Kept again by a lone update, and dropped with the file it belongs to. */
	ds_stage_init(&st);
	assert_int_equal(ds_stage_add_stream(&st, p, 0, write_text, b, &err), DS_OK);
	assert_int_equal(ds_stage_check(&st, accept_all, NULL, &err), DS_OK);
	assert_int_equal(ds_stage_commit(&st, &err), DS_OK);
	ds_stage_release(&st);
	assert_true(exists(spare));
	ds_stage_init(&st);
	assert_int_equal(ds_stage_remove(&st, p, &err), DS_OK);
	assert_int_equal(ds_stage_check(&st, accept_all, NULL, &err), DS_OK);
	assert_int_equal(ds_stage_commit(&st, &err), DS_OK);
	ds_stage_release(&st);
	assert_false(exists(p));
	assert_false(exists(spare));
	assert_int_equal(ds_errors_count(&err), 0);
	ds_lock_release(&lk);
	ds_errors_release(&err);
	free(a);
	free(b);
	free(c);
	free(spare);
	free(p);
	free(q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_kept_then_written_over, setup, teardown),
		cmocka_unit_test_setup_teardown(test_small_files_and_other_writers_keep_none, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_refuses_a_spare_with_other_names, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_abort_and_leftovers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unspare, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stage, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
