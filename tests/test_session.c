/*
 * test_session.c - the update session (session.h): it locks before it
 * loads, sweeps what killed writers left, names the file a change goes to
 * and the release its rows must carry, refuses special files before
 * reading them, times out on a lock held by another process with
 * DS_ETEMPFAIL, and keeps its lock across a reload.
 *
 * The data is a small directory written by each test.
 */
#define _XOPEN_SOURCE 700
#include <dirent.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "defspend/session.h"
#include "helpers.h"

static const char spending_header[] = "iso3,country,year,pct_gdp,spend_usd_m,gdp_usd_bn,estimate,"
				      "release,source,spend_source,gdp_source,note\n";

static void put(const char *dir, const char *name, const char *text)
{
	char *p = ds_test_join(dir, name);
	assert_non_null(p);
	assert_int_equal(ds_test_write(p, text, (size_t)-1), 0);
	free(p);
}

/* A data directory: three members, release R2 current, R1 under releases/. */
static int setup(void **state)
{
	char *dir = ds_test_tmpdir();
	if (dir == NULL)
		return -1;
	char *data = ds_test_join(dir, "data"), *rel = ds_test_join(dir, "data/releases");
	if (mkdir(data, 0755) != 0 || mkdir(rel, 0755) != 0)
		return -1;
	put(data, "members.csv",
	    "iso3,iso2,name,aliases,joined\nARC,AC,Arcadia,,1949\nBOR,BD,Borduria,,1952\n");
	put(data, "releases.csv",
	    "id,title,published,cutoff,basis,decimals,file,source\n"
	    "R2,Second,2031-02,,NATO definition,2,spending.csv,fixture\n"
	    "R1,First,2030-01,,NATO definition,2,releases/R1.csv,fixture\n");
	char buf[1024];
	snprintf(buf, sizeof buf, "%sARC,Arcadia,2028,1.95,,,0,R2,fixture,,,\n", spending_header);
	put(data, "spending.csv", buf);
	snprintf(buf, sizeof buf, "%sARC,Arcadia,2028,1.90,,,0,R1,fixture,,,\n", spending_header);
	put(data, "releases/R1.csv", buf);
	free(data);
	free(rel);
	*state = dir;
	return 0;
}

static int teardown(void **state)
{
	ds_test_rmtree(*state);
	free(*state);
	return 0;
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

/* Whether another process could take the lock of dir within 50 ms (fcntl locks are per process). */
static int lockable_elsewhere(const char *dir)
{
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct ds_errors e;
		ds_errors_init(&e);
		struct ds_lock lk;
		_exit(ds_lock_acquire(dir, 50, &lk, &e) == DS_OK ? 0 : 1);
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status) == 0;
}

static void test_open_directory(void **state)
{
	char *data = ds_test_join(*state, "data");
	/* What killed writers left, beside the files and under releases/. */
	put(data, DS_TMP_PREFIX "spending.csv.AAAAAA", "half a file");
	put(data, "releases/" DS_TMP_PREFIX "R1.csv.BBBBBB", "half a file");
	put(data, "notes.txt", "kept");
	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_session s;
	assert_int_equal(ds_session_open(&s, data, NULL, 1000, &err), DS_OK);
	assert_int_equal(ds_errors_count(&err), 0);
	assert_false(s.lone);
	assert_string_equal(s.dir, data);
	assert_non_null(s.ds);
	assert_int_equal(s.ds->nmembers, 2);
	char *want = ds_test_join(data, "spending.csv");
	assert_string_equal(s.target, want);
	free(want);
	assert_string_equal(s.release, "R2");
	assert_string_equal(s.check_release, "R2");
	char *rel = ds_test_join(data, "releases");
	assert_int_equal(count_tmp(data), 0);
	assert_int_equal(count_tmp(rel), 0);
	char *notes = ds_test_join(data, "notes.txt");
	assert_int_equal(access(notes, F_OK), 0);
	/* Held while open, released by the close. */
	assert_false(lockable_elsewhere(data));
	ds_session_close(&s);
	assert_int_equal(s.nlocks, 0);
	assert_null(s.ds);
	assert_true(lockable_elsewhere(data));
	/* Closing twice is harmless. */
	ds_session_close(&s);
	ds_errors_release(&err);
	free(notes);
	free(rel);
	free(data);
}

static void test_open_other_release(void **state)
{
	char *data = ds_test_join(*state, "data");
	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_session s;
	assert_int_equal(ds_session_open(&s, data, "R1", 1000, &err), DS_OK);
	char *want = ds_test_join(data, "releases/R1.csv");
	assert_string_equal(s.target, want);
	assert_string_equal(s.release, "R1");
	assert_string_equal(s.check_release, "R1");
	ds_session_close(&s);
	/* An unknown release is the loader's error, and leaves no lock behind. */
	assert_int_not_equal(ds_session_open(&s, data, "R9", 1000, &err), DS_OK);
	assert_true(ds_errors_count(&err) > 0);
	assert_null(s.ds);
	assert_true(lockable_elsewhere(data));
	ds_session_close(&s);
	ds_errors_release(&err);
	free(want);
	free(data);
}

static void test_open_lone_file_through_link(void **state)
{
	const char *dir = *state;
	char *real = ds_test_join(dir, "real"), *link = ds_test_join(dir, "s.csv");
	assert_int_equal(mkdir(real, 0755), 0);
	char buf[1024];
	snprintf(buf, sizeof buf, "%sARC,Arcadia,2028,1.95,,,0,R2,fixture,,,\n", spending_header);
	put(real, "lone.csv", buf);
	assert_int_equal(symlink("real/lone.csv", link), 0);
	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_session s;
	assert_int_equal(ds_session_open(&s, link, NULL, 1000, &err), DS_OK);
	assert_true(s.lone);
	/* Locked where the writes land: beside the link's target. */
	char *want = realpath(real, NULL);
	assert_non_null(want);
	assert_string_equal(s.dir, want);
	assert_false(lockable_elsewhere(want));
	assert_true(lockable_elsewhere(dir));
	assert_string_equal(s.release, "R2");
	assert_null(s.check_release);
	ds_session_close(&s);
	ds_errors_release(&err);
	free(want);
	free(real);
	free(link);
}

static void test_refuses_missing_and_special(void **state)
{
	const char *dir = *state;
	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_session s;
	char *none = ds_test_join(dir, "none");
	assert_int_equal(ds_session_open(&s, none, NULL, 1000, &err), DS_ENOINPUT);
	assert_string_equal(err.v[0].file, none);
	assert_string_equal(err.v[0].msg, "cannot open: no such file or directory");
	ds_session_close(&s);
	ds_errors_release(&err);
	/* A fifo as members.csv: refused before anything opens it (which would hang). */
	ds_errors_init(&err);
	char *data = ds_test_join(dir, "data"), *mem = ds_test_join(dir, "data/members.csv");
	assert_int_equal(unlink(mem), 0);
	assert_int_equal(mkfifo(mem, 0644), 0);
	assert_int_equal(ds_session_open(&s, data, NULL, 1000, &err), DS_ECANTCREAT);
	assert_int_equal(ds_errors_count(&err), 1);
	assert_string_equal(err.v[0].file, mem);
	assert_string_equal(err.v[0].msg, "refusing to update: a fifo, not a regular file");
	/* Refused before locking: no lock file was even made. */
	char *lock = ds_test_join(data, DS_LOCK_NAME);
	assert_int_equal(access(lock, F_OK), -1);
	ds_session_close(&s);
	ds_errors_release(&err);
	free(lock);
	free(none);
	free(data);
	free(mem);
}

static void test_lock_times_out(void **state)
{
	char *data = ds_test_join(*state, "data");
	int go[2], ready[2];
	assert_int_equal(pipe(go), 0);
	assert_int_equal(pipe(ready), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct ds_errors e;
		ds_errors_init(&e);
		struct ds_session held;
		char c = ds_session_open(&held, data, NULL, 1000, &e) == DS_OK ? 'y' : 'n';
		if (write(ready[1], &c, 1) != 1 || read(go[0], &c, 1) < 0)
			_exit(2);
		_exit(0);
	}
	char c;
	assert_int_equal(read(ready[0], &c, 1), 1);
	assert_int_equal(c, 'y');
	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_session s;
	assert_int_equal(ds_session_open(&s, data, NULL, 100, &err), DS_ETEMPFAIL);
	assert_null(s.ds);
	assert_int_equal(ds_errors_count(&err), 1);
	char want[4300];
	snprintf(want, sizeof want,
		 "'%s' is locked by process %ld (waited 100 ms); try again later", data, (long)pid);
	assert_string_equal(err.v[0].msg, want);
	ds_session_close(&s);
	ds_errors_release(&err);
	assert_int_equal(write(go[1], "x", 1), 1);
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	/* The holder is gone: the lock is free again. */
	ds_errors_init(&err);
	assert_int_equal(ds_session_open(&s, data, NULL, 100, &err), DS_OK);
	ds_session_close(&s);
	ds_errors_release(&err);
	close(go[0]);
	close(go[1]);
	close(ready[0]);
	close(ready[1]);
	free(data);
}

static void test_reload_keeps_lock(void **state)
{
	char *data = ds_test_join(*state, "data");
	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_session s;
	assert_int_equal(ds_session_open(&s, data, NULL, 1000, &err), DS_OK);
	assert_int_equal(s.ds->nmembers, 2);
	/* The session's own write (here: by hand) is seen by the reload. */
	put(data, "members.csv",
	    "iso3,iso2,name,aliases,joined\nARC,AC,Arcadia,,1949\nBOR,BD,Borduria,,1952\n"
	    "CRP,CP,Carpania,,1999\n");
	assert_int_equal(ds_session_reload(&s, data, NULL, &err), DS_OK);
	assert_int_equal(s.ds->nmembers, 3);
	assert_string_equal(s.check_release, "R2");
	assert_false(lockable_elsewhere(data));
	/* A reload that fails leaves no dataset, and the lock until the close. */
	put(data, "releases.csv", "id,title\n");
	assert_int_not_equal(ds_session_reload(&s, data, NULL, &err), DS_OK);
	assert_null(s.ds);
	assert_false(lockable_elsewhere(data));
	ds_session_close(&s);
	assert_true(lockable_elsewhere(data));
	ds_errors_release(&err);
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_open_directory, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_other_release, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_lone_file_through_link, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refuses_missing_and_special, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lock_times_out, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reload_keeps_lock, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
