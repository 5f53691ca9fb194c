/*
 * test_safefile.c - the one atomic-write mechanism and the writers' lock
 * (safefile.h): a replacement is invisible until its commit, an abort or a
 * write error leaves the original byte for byte and no temporary file, a
 * symbolic link keeps pointing at the file that was replaced, modes are
 * kept, and a lock held by another process times out naming it.
 *
 * Every test works in its own temporary directory.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "defspend/safefile.h"
#include "defspend/util.h"
#include "helpers.h"

static const char old_text[] = "id,value\nA,1\n";

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

static void expect_one_error(struct ds_errors *err, int status, const char *file, const char *msg)
{
	assert_int_equal(ds_errors_status(err), status);
	assert_int_equal(ds_errors_count(err), 1);
	if (file == NULL)
		assert_null(err->v[0].file);
	else
		assert_string_equal(err->v[0].file, file);
	assert_string_equal(err->v[0].msg, msg);
}

static void test_stream_invisible_until_commit(void **state)
{
	const char *dir = *state;
	char *p = put(dir, "f.csv", old_text);
	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_atomic a;
	assert_int_equal(ds_atomic_open(&a, p, 0, &err), DS_OK);
	assert_non_null(a.f);
	assert_string_equal(a.target, p);
	/* Beside the file, under the prefix the sweep knows. */
	assert_int_equal(ds_test_count_prefix(dir, DS_TMP_PREFIX "f.csv."), 1);
	/* More than a stdio buffer, in small pieces and through the stream. */
	for (int i = 0; i < 5000; i++)
		ds_atomic_printf(&a, "row %d\n", i);
	ds_atomic_write(&a, "end\n", 4);
	fputs("tail\n", a.f);
	expect_content(p, old_text);
	assert_int_equal(ds_atomic_commit(&a, &err), DS_OK);
	assert_null(a.tmp);
	assert_null(a.f);
	size_t len;
	char *got = ds_test_read(p, &len);
	assert_non_null(got);
	assert_true(len > 5000 * 6);
	assert_memory_equal(got, "row 0\nrow 1\n", 12);
	assert_memory_equal(got + len - 9, "end\ntail\n", 9);
	free(got);
	assert_int_equal(ds_test_count_prefix(dir, DS_TMP_PREFIX), 0);
	assert_int_equal(ds_errors_count(&err), 0);
	/* Harmless after a commit. */
	ds_atomic_abort(&a);
	ds_errors_release(&err);
	free(p);
}

static void test_abort_keeps_original(void **state)
{
	const char *dir = *state;
	char *p = put(dir, "f.csv", old_text);
	struct ds_atomic a;
	assert_int_equal(ds_atomic_open(&a, p, 0, NULL), DS_OK);
	ds_atomic_printf(&a, "something else entirely\n");
	assert_int_equal(ds_atomic_close(&a, NULL), DS_OK);
	/* Closed, the temporary file is complete and still there to be read back. */
	expect_content(a.tmp, "something else entirely\n");
	ds_atomic_abort(&a);
	ds_atomic_abort(&a);
	expect_content(p, old_text);
	assert_int_equal(ds_test_count_prefix(dir, DS_TMP_PREFIX), 0);
	free(p);
}

static void test_write_error_keeps_original(void **state)
{
	const char *dir = *state;
	char *p = put(dir, "f.csv", old_text);
	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_atomic a;
	assert_int_equal(ds_atomic_open(&a, p, 0, &err), DS_OK);
	char *tmp = ds_strdup(a.tmp);
	/* A full disk under the stream: every write fails at the latest on flush. */
	int full = open("/dev/full", O_WRONLY);
	assert_true(full >= 0);
	assert_true(dup2(full, fileno(a.f)) >= 0);
	close(full);
	for (int i = 0; i < 3000; i++)
		ds_atomic_printf(&a, "row %d\n", i);
	assert_int_equal(ds_atomic_commit(&a, &err), DS_EIO);
	assert_int_equal(a.error, ENOSPC);
	char want[256];
	snprintf(want, sizeof want, "write error: %s", strerror(ENOSPC));
	expect_one_error(&err, DS_EIO, tmp, want);
	expect_content(p, old_text);
	assert_int_equal(ds_test_count_prefix(dir, DS_TMP_PREFIX), 0);
	ds_errors_release(&err);
	free(tmp);
	free(p);
}

static void test_symlink_target_replaced_link_kept(void **state)
{
	const char *dir = *state;
	char *sub = ds_test_join(dir, "real");
	assert_int_equal(mkdir(sub, 0755), 0);
	char *file = put(sub, "f.csv", old_text);
	char *link = ds_test_join(dir, "link.csv");
	assert_int_equal(symlink("real/f.csv", link), 0);
	struct ds_atomic a;
	assert_int_equal(ds_atomic_open(&a, link, 0, NULL), DS_OK);
	/* The temporary file is made where the rename will land. */
	assert_int_equal(ds_test_count_prefix(sub, DS_TMP_PREFIX "f.csv."), 1);
	assert_int_equal(ds_test_count_prefix(dir, DS_TMP_PREFIX), 0);
	ds_atomic_printf(&a, "new\n");
	assert_int_equal(ds_atomic_commit(&a, NULL), DS_OK);
	struct stat st;
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	expect_content(file, "new\n");
	expect_content(link, "new\n");
	assert_int_equal(ds_test_count_prefix(sub, DS_TMP_PREFIX), 0);
	free(sub);
	free(file);
	free(link);
}

static void test_refuses_what_is_not_a_file(void **state)
{
	const char *dir = *state;
	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_atomic a;
	char *d = ds_test_join(dir, "d");
	assert_int_equal(mkdir(d, 0755), 0);
	assert_int_equal(ds_atomic_open(&a, d, 0, &err), DS_ECANTCREAT);
	expect_one_error(&err, DS_ECANTCREAT, d,
			 "refusing to update: a directory, not a regular file");
	assert_int_equal(a.error, EISDIR);
	ds_atomic_abort(&a);
	ds_errors_release(&err);
	ds_errors_init(&err);
	char *fifo = ds_test_join(dir, "fifo");
	assert_int_equal(mkfifo(fifo, 0644), 0);
	assert_int_equal(ds_atomic_open(&a, fifo, 0, &err), DS_ECANTCREAT);
	expect_one_error(&err, DS_ECANTCREAT, fifo,
			 "refusing to update: a fifo, not a regular file");
	ds_errors_release(&err);
	ds_errors_init(&err);
	char *dangling = ds_test_join(dir, "dangling");
	assert_int_equal(symlink("nowhere", dangling), 0);
	assert_int_equal(ds_atomic_open(&a, dangling, 0, &err), DS_ECANTCREAT);
	expect_one_error(&err, DS_ECANTCREAT, dangling,
			 "refusing to update: a broken symbolic link");
	ds_errors_release(&err);
	/* Reading refuses a fifo too, without hanging on its open. */
	ds_errors_init(&err);
	char *data;
	size_t len;
	assert_int_equal(ds_file_read(fifo, &data, &len, &err), DS_ECANTCREAT);
	assert_null(data);
	expect_one_error(&err, DS_ECANTCREAT, fifo,
			 "refusing to update: a fifo, not a regular file");
	ds_errors_release(&err);
	assert_int_equal(ds_test_count_prefix(dir, DS_TMP_PREFIX), 0);
	free(d);
	free(fifo);
	free(dangling);
}

static void test_must_be_new(void **state)
{
	const char *dir = *state;
	char *p = put(dir, "f.csv", old_text);
	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_atomic a;
	assert_int_equal(ds_atomic_open(&a, p, DS_ATOMIC_NEW, &err), DS_ECANTCREAT);
	expect_one_error(&err, DS_ECANTCREAT, p, "already exists");
	assert_int_equal(a.error, EEXIST);
	assert_int_equal(ds_file_replace(p, "x\n", 2, 1, NULL), DS_ECANTCREAT);
	assert_int_equal(errno, EEXIST);
	expect_content(p, old_text);
	/* A file that does not exist yet is created. */
	char *q = ds_test_join(dir, "new.csv");
	assert_int_equal(ds_file_replace(q, "x\n", 2, 1, &err), DS_OK);
	expect_content(q, "x\n");
	assert_int_equal(ds_errors_count(&err), 1);
	assert_int_equal(ds_test_count_prefix(dir, DS_TMP_PREFIX), 0);
	ds_errors_release(&err);
	free(p);
	free(q);
}

static void test_modes(void **state)
{
	const char *dir = *state;
	char *p = put(dir, "f.csv", old_text);
	assert_int_equal(chmod(p, 0640), 0);
	assert_int_equal(ds_file_replace(p, "x\n", 2, 0, NULL), DS_OK);
	struct stat st;
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	/* A new file gets what open(2) would give it: 0666 less the umask. */
	mode_t old = umask(027);
	char *q = ds_test_join(dir, "new.csv");
	int rc = ds_file_replace(q, "x\n", 2, 1, NULL);
	umask(old);
	assert_int_equal(rc, DS_OK);
	assert_int_equal(stat(q, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	free(p);
	free(q);
}

static void test_sweep_and_failed_rename(void **state)
{
	const char *dir = *state;
	char *p = put(dir, "f.csv", old_text);
	struct ds_errors err;
	ds_errors_init(&err);
	/* A closed writer that never commits is what a killed one leaves. */
	struct ds_atomic a;
	assert_int_equal(ds_atomic_open(&a, p, 0, &err), DS_OK);
	ds_atomic_printf(&a, "left\n");
	assert_int_equal(ds_atomic_close(&a, &err), DS_OK);
	char *other = put(dir, ".keep", "k");
	assert_int_equal(ds_test_count_prefix(dir, DS_TMP_PREFIX), 1);
	/* The sweep removes it, and nothing else. */
	assert_int_equal(ds_file_sweep(dir, 1), 1);
	assert_int_equal(ds_file_sweep(dir, 0), 1);
	assert_int_equal(ds_test_count_prefix(dir, DS_TMP_PREFIX), 0);
	assert_int_equal(access(other, F_OK), 0);
	expect_content(p, old_text);
	ds_atomic_abort(&a);
	/* A commit whose rename fails removes the temporary file. */
	assert_int_equal(ds_atomic_open(&a, p, 0, &err), DS_OK);
	ds_atomic_printf(&a, "x\n");
	assert_int_equal(unlink(p), 0);
	assert_int_equal(mkdir(p, 0755), 0);
	char *inner = put(p, "inner", "i");
	assert_int_equal(ds_atomic_commit(&a, &err), DS_ECANTCREAT);
	assert_int_equal(ds_errors_count(&err), 1);
	assert_string_equal(err.v[0].file, p);
	assert_true(strncmp(err.v[0].msg, "cannot replace: ", 16) == 0);
	assert_int_equal(ds_test_count_prefix(dir, DS_TMP_PREFIX), 0);
	ds_errors_release(&err);
	free(inner);
	free(other);
	free(p);
}

static void test_read_and_remove(void **state)
{
	const char *dir = *state;
	char *p = put(dir, "f.csv", old_text);
	struct ds_errors err;
	ds_errors_init(&err);
	char *data;
	size_t len;
	assert_int_equal(ds_file_read(p, &data, &len, &err), DS_OK);
	assert_int_equal(len, strlen(old_text));
	assert_string_equal(data, old_text);
	free(data);
	assert_int_equal(ds_file_remove(p, &err), DS_OK);
	assert_int_equal(ds_file_read(p, &data, &len, &err), DS_ENOINPUT);
	assert_int_equal(ds_file_remove(p, &err), DS_ECANTCREAT);
	assert_int_equal(ds_errors_count(&err), 2);
	assert_string_equal(err.v[1].file, p);
	assert_true(strncmp(err.v[1].msg, "cannot remove: ", 15) == 0);
	ds_errors_release(&err);
	free(p);
}

static void test_paths(void **state)
{
	const char *dir = *state;
	static const char *const cases[][2] = {
		{ "a/b/c.csv", "a/b" }, { "c.csv", "." }, { "/c.csv", "/" }, { "/a/c", "/a" }
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *d = ds_path_dir(cases[i][0]);
		assert_non_null(d);
		assert_string_equal(d, cases[i][1]);
		free(d);
	}
	/* Through a link, the directory is the target's. */
	char *sub = ds_test_join(dir, "real");
	assert_int_equal(mkdir(sub, 0755), 0);
	char *file = put(sub, "f.csv", old_text);
	char *link = ds_test_join(dir, "l.csv");
	assert_int_equal(symlink(file, link), 0);
	char *rd = ds_path_real_dir(link), *want = realpath(sub, NULL);
	assert_non_null(rd);
	assert_non_null(want);
	assert_string_equal(rd, want);
	free(rd);
	free(want);
	free(sub);
	free(file);
	free(link);
}

static void test_lock_held_elsewhere_times_out(void **state)
{
	const char *dir = *state;
	int go[2], ready[2];
	assert_int_equal(pipe(go), 0);
	assert_int_equal(pipe(ready), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct ds_errors e;
		ds_errors_init(&e);
		struct ds_lock lk;
		char c = ds_lock_acquire(dir, 1000, &lk, &e) == DS_OK ? 'y' : 'n';
		if (write(ready[1], &c, 1) != 1 || read(go[0], &c, 1) < 0)
			_exit(2);
		_exit(0);
	}
	char c;
	assert_int_equal(read(ready[0], &c, 1), 1);
	assert_int_equal(c, 'y');
	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_lock lk;
	assert_int_equal(ds_lock_acquire(dir, 100, &lk, &err), DS_ETEMPFAIL);
	assert_int_equal(lk.fd, -1);
	char want[4300];
	snprintf(want, sizeof want,
		 "'%s' is locked by process %ld (waited 100 ms); try again later", dir, (long)pid);
	expect_one_error(&err, DS_ETEMPFAIL, NULL, want);
	ds_errors_release(&err);
	/* A holder that ends loses the lock. */
	assert_int_equal(write(go[1], "x", 1), 1);
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	ds_errors_init(&err);
	assert_int_equal(ds_lock_acquire(dir, 100, &lk, &err), DS_OK);
	assert_true(lk.fd >= 0);
	char *lp = ds_test_join(dir, DS_LOCK_NAME);
	size_t len;
	char *pidtext = ds_test_read(lp, &len);
	assert_non_null(pidtext);
	assert_int_equal(atol(pidtext), (long)getpid());
	ds_lock_release(&lk);
	assert_int_equal(lk.fd, -1);
	ds_errors_release(&err);
	free(pidtext);
	free(lp);
	close(go[0]);
	close(go[1]);
	close(ready[0]);
	close(ready[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_stream_invisible_until_commit, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_abort_keeps_original, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_error_keeps_original, setup, teardown),
		cmocka_unit_test_setup_teardown(test_symlink_target_replaced_link_kept, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_refuses_what_is_not_a_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_must_be_new, setup, teardown),
		cmocka_unit_test_setup_teardown(test_modes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sweep_and_failed_rename, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_and_remove, setup, teardown),
		cmocka_unit_test_setup_teardown(test_paths, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lock_held_elsewhere_times_out, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
