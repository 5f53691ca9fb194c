/*
 * test_transaction_e2e.c - the real binary on the ways in which the data
 * could be left inconsistent or written where it should not: a reader waits
 * for a commit and finishes an interrupted one; locks are taken where the
 * files really are (two data directories sharing one spending.csv through a
 * link lose no update), on a lock file that is neither a link nor shared
 * through a hard link, with a validated timeout; a release id cannot lead
 * outside the data directory; a file of a data directory is not updated on
 * its own; `check` names what is inconsistent and how to repair it; an
 * update whose summary cannot be printed is still a committed update, and a
 * closed stdout lends its number to no file; names with control characters
 * are refused.
 */
#define _XOPEN_SOURCE 700
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

#include "defspend/journal.h"
#include "defspend/safefile.h"
#include "helpers.h"

struct fx {
	char *dir;  /* the test's temporary directory */
	char *data; /* a copy of the shipped data in it */
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	if (f == NULL || (f->dir = ds_test_tmpdir()) == NULL)
		return -1;
	f->data = ds_test_join(f->dir, "data");
	if (mkdir(f->data, 0755) != 0 || ds_test_copy_data(f->data) != 0)
		return -1;
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

static void put(const char *dir, const char *name, const char *text)
{
	char *p = ds_test_join(dir, name);
	assert_int_equal(ds_test_write(p, text, (size_t)-1), 0);
	free(p);
}

/* Runs defspend --data DATA ARGS... with env; the caller frees r. */
static void run(struct ds_run *r, const char *data, const char *const *args, const char *const *env)
{
	const char *argv[32];
	size_t n = 0;
	argv[n++] = "--data";
	argv[n++] = data;
	for (size_t i = 0; args[i] != NULL; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	assert_int_equal(ds_run(r, argv, NULL, env, NULL), 0);
}

static char *read_rel(const char *dir, const char *name)
{
	char *p = ds_test_join(dir, name);
	char *text = ds_test_read(p, NULL);
	free(p);
	return text;
}

static void test_lone_file_of_data_dir(void **state)
{
	struct fx *f = *state;
	char *sp = ds_test_join(f->data, "spending.csv");
	char *before = ds_test_read(sp, NULL);
	struct ds_run r;
	/* Through the lone path, the release rule of the directory would not hold. */
	const char *args[] = { "set", "POL", "2025", "release=2099-01", NULL };
	run(&r, sp, args, NULL);
	assert_int_equal(r.status, 64);
	char want[4400];
	char *real = realpath(f->data, NULL);
	snprintf(want, sizeof want,
		 "defspend: '%s' is a file of the data directory '%s': update it through the "
		 "directory (--data '%s'), whose rules it must keep\n",
		 sp, real, real);
	assert_string_equal(r.err, want);
	ds_run_free(&r);
	char *after = ds_test_read(sp, NULL);
	assert_string_equal(before, after);
	/* Reading it on its own is fine. */
	const char *list[] = { "list", "--year", "2024", NULL };
	run(&r, sp, list, NULL);
	assert_int_equal(r.status, 0);
	ds_run_free(&r);
	free(real);
	free(before);
	free(after);
	free(sp);
}

static void test_lock_file_refused(void **state)
{
	struct fx *f = *state;
	const char *args[] = { "set", "POL", "2025", "pct_gdp=4.50", "--source", "s", NULL };
	char *lock = ds_test_join(f->data, DS_LOCK_NAME);
	char *victim = ds_test_join(f->dir, "victim.txt");
	put(f->dir, "victim.txt", "precious\n");
	/* A hard link: the lock file would be the victim, truncated for our pid. */
	assert_int_equal(link(victim, lock), 0);
	struct ds_run r;
	run(&r, f->data, args, NULL);
	assert_int_equal(r.status, 73);
	assert_non_null(strstr(r.err, "the lock file has 2 hard links: refusing to use it"));
	ds_run_free(&r);
	char *text = ds_test_read(victim, NULL);
	assert_string_equal(text, "precious\n");
	free(text);
	/* A symbolic link: not followed. */
	assert_int_equal(unlink(lock), 0);
	assert_int_equal(symlink(victim, lock), 0);
	run(&r, f->data, args, NULL);
	assert_int_equal(r.status, 73);
	assert_non_null(strstr(r.err, "cannot open the lock file: it is a symbolic link"));
	ds_run_free(&r);
	text = ds_test_read(victim, NULL);
	assert_string_equal(text, "precious\n");
	free(text);
	free(lock);
	free(victim);
}

static void test_lock_timeout_validated(void **state)
{
	struct fx *f = *state;
	static const char *const bad[] = { "abc", "-1", "3601", "1,5", "10s" };
	const char *set[] = { "set", "POL", "2025", "pct_gdp=4.50", "--source", "s", NULL };
	const char *list[] = { "list", NULL };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		char env0[64], want[160];
		snprintf(env0, sizeof env0, "DEFSPEND_LOCK_TIMEOUT=%s", bad[i]);
		snprintf(
			want, sizeof want,
			"defspend: DEFSPEND_LOCK_TIMEOUT '%s' is not a number of seconds from 0 to "
			"3600 (e.g. 2.5)\n",
			bad[i]);
		const char *env[] = { env0, NULL };
		struct ds_run r;
		run(&r, f->data, i % 2 ? list : set, env);
		assert_int_equal(r.status, 64);
		assert_string_equal(r.err, want);
		ds_run_free(&r);
	}
	const char *env[] = { "DEFSPEND_LOCK_TIMEOUT=0.5", NULL };
	struct ds_run r;
	run(&r, f->data, set, env);
	assert_int_equal(r.status, 0);
	ds_run_free(&r);
}

/* Holds byte 1 of the lock file (a commit in progress) in this process. */
static int hold_commit_lock(const char *data)
{
	char *lock = ds_test_join(data, DS_LOCK_NAME);
	int fd = open(lock, O_RDWR | O_CREAT, 0644);
	assert_true(fd >= 0);
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 1, .l_len = 1 };
	assert_int_equal(fcntl(fd, F_SETLK, &fl), 0);
	free(lock);
	return fd;
}

static void test_reader_waits_for_commit(void **state)
{
	struct fx *f = *state;
	int fd = hold_commit_lock(f->data);
	const char *env[] = { "DEFSPEND_LOCK_TIMEOUT=0.2", NULL };
	const char *args[] = { "list", NULL };
	struct ds_run r;
	run(&r, f->data, args, env);
	assert_int_equal(r.status, 75);
	char want[4400];
	char *real = realpath(f->data, NULL);
	snprintf(want, sizeof want,
		 "defspend: '%s' is locked by process %ld (waited 200 ms); try again later\n", real,
		 (long)getpid());
	assert_string_equal(r.err, want);
	ds_run_free(&r);
	/* The lock is the resolved directory's: a link to it leads to the same one. */
	char *link = ds_test_join(f->dir, "link");
	assert_int_equal(symlink(f->data, link), 0);
	run(&r, link, args, env);
	assert_int_equal(r.status, 75);
	assert_string_equal(r.err, want);
	ds_run_free(&r);
	const char *set[] = { "set", "POL", "2025", "pct_gdp=4.50", "--source", "s", NULL };
	run(&r, link, set, env);
	assert_int_equal(r.status, 75);
	ds_run_free(&r);
	close(fd);
	run(&r, f->data, args, env);
	assert_int_equal(r.status, 0);
	ds_run_free(&r);
	free(link);
	free(real);
}

/* A writer killed after its commit point: the next reader finishes the update, then reads. */
static void test_reader_finishes_update(void **state)
{
	struct fx *f = *state;
	char *sp = read_rel(f->data, "spending.csv");
	char *at = strstr(sp, "POL,Poland,2025,4.48,");
	assert_non_null(at);
	memcpy(at + 16, "4.49", 4);
	put(f->data, DS_TMP_PREFIX "spending.csv.ZZZZZZ", sp);
	put(f->data, DS_JOURNAL_NAME,
	    "defspend journal 1\nrename\t" DS_TMP_PREFIX "spending.csv.ZZZZZZ\tspending.csv\n"
	    "end\n");
	const char *args[] = { "show", "POL", "--format", "csv", NULL };
	struct ds_run r;
	run(&r, f->data, args, NULL);
	assert_int_equal(r.status, 0);
	char want[4400];
	snprintf(want, sizeof want, "defspend: finished an interrupted update of '%s'\n", f->data);
	assert_string_equal(r.err, want);
	assert_non_null(strstr(r.out, ",2025,4.49,"));
	ds_run_free(&r);
	char *now = read_rel(f->data, "spending.csv");
	assert_string_equal(now, sp);
	char *j = ds_test_join(f->data, DS_JOURNAL_NAME);
	assert_int_not_equal(access(j, F_OK), 0);
	/* Temporary files of a writer killed before its commit: rolled back. */
	put(f->data, "releases/" DS_TMP_PREFIX "2024-06.csv.YYYYYY", "half");
	run(&r, f->data, args, NULL);
	assert_int_equal(r.status, 0);
	snprintf(want, sizeof want, "defspend: rolled back an interrupted update of '%s'\n",
		 f->data);
	assert_string_equal(r.err, want);
	ds_run_free(&r);
	char *rel = ds_test_join(f->data, "releases/" DS_TMP_PREFIX "2024-06.csv.YYYYYY");
	assert_int_not_equal(access(rel, F_OK), 0);
	free(rel);
	free(j);
	free(now);
	free(sp);
}

static void test_release_id_cannot_escape(void **state)
{
	struct fx *f = *state;
	char *rel = read_rel(f->data, "releases.csv");
	/* A release whose id would make promote write releases/../../x.csv. */
	char *at = strstr(rel, "\n2024-06,");
	assert_non_null(at);
	size_t head = (size_t)(at - rel) + 1;
	char buf[8192];
	snprintf(buf, sizeof buf, "%.*s../../x,%s", (int)head, rel, at + 1 + 8);
	put(f->data, "releases.csv", buf);
	const char *args[] = { "promote", "../../x", NULL };
	struct ds_run r;
	run(&r, f->data, args, NULL);
	assert_int_equal(r.status, 65);
	assert_non_null(strstr(r.err, "id '../../x' cannot name a file: use only letters, digits, "
				      "'.', '-' and '_' (not '/', not a leading '.')"));
	ds_run_free(&r);
	char *outside = ds_test_join(f->dir, "x.csv");
	assert_int_not_equal(access(outside, F_OK), 0);
	free(outside);
	const char *check[] = { "check", NULL };
	run(&r, f->data, check, NULL);
	assert_int_equal(r.status, 65);
	ds_run_free(&r);
	/* Nor from the command line, for a new release. */
	put(f->data, "releases.csv", rel);
	put(f->dir, "t.csv", "Country,2024\nPoland,4.12\n");
	char *t = ds_test_join(f->dir, "t.csv");
	const char *imp[] = { "import", t, "--release", "../x", "--source", "s", NULL };
	run(&r, f->data, imp, NULL);
	assert_int_equal(r.status, 64);
	ds_run_free(&r);
	free(t);
	free(rel);
}

static void test_check_reports_inconsistencies(void **state)
{
	struct fx *f = *state;
	const char *check[] = { "check", NULL };
	struct ds_run r;
	/* An orphan file under releases/. */
	put(f->data, "releases/2099-01.csv", "iso3,country,year,pct_gdp,release,source\n");
	run(&r, f->data, check, NULL);
	assert_int_equal(r.status, 65);
	char want[4400];
	snprintf(want, sizeof want,
		 "defspend: %s/releases/2099-01.csv: no release in releases.csv has this file: add "
		 "its row to releases.csv, or remove the file\n",
		 f->data);
	assert_string_equal(r.err, want);
	ds_run_free(&r);
	char *p = ds_test_join(f->data, "releases/2099-01.csv");
	assert_int_equal(unlink(p), 0);
	free(p);
	char *rel = read_rel(f->data, "releases.csv");
	/* No release owns spending.csv, whose rows say 2025-08. */
	char *cur = strstr(rel, ",spending.csv,");
	assert_non_null(cur);
	char buf[8192];
	snprintf(buf, sizeof buf, "%.*s,releases/2025-08.csv,%s", (int)(cur - rel), rel,
		 cur + strlen(",spending.csv,"));
	put(f->data, "releases.csv", buf);
	run(&r, f->data, check, NULL);
	assert_int_equal(r.status, 65);
	assert_non_null(strstr(r.err, "releases.csv: spending.csv holds release '2025-08', which "
				      "releases.csv gives the file 'releases/2025-08.csv': one "
				      "release in two files; keep one and set the release's file "
				      "to it\n"));
	ds_run_free(&r);
	/* Two releases, one file. */
	snprintf(buf, sizeof buf, "%s", rel);
	char *second = strstr(buf, "releases/2025-04.csv");
	assert_non_null(second);
	memcpy(second, "releases/2024-06.csv", 20);
	put(f->data, "releases.csv", buf);
	run(&r, f->data, check, NULL);
	assert_int_equal(r.status, 65);
	assert_non_null(strstr(r.err, "file 'releases/2024-06.csv' is already the file of release "
				      "'2024-06': each release needs a file of its own\n"));
	ds_run_free(&r);
	put(f->data, "releases.csv", rel);
	run(&r, f->data, check, NULL);
	assert_int_equal(r.status, 0);
	ds_run_free(&r);
	free(rel);
}

static void test_control_characters_in_names(void **state)
{
	struct fx *f = *state;
	char *m = read_rel(f->data, "members.csv");
	char *pol = strstr(m, ",Poland,");
	assert_non_null(pol);
	char buf[8192];
	snprintf(buf, sizeof buf, "%.*s,Pol\033[31mand,%s", (int)(pol - m), m, pol + 8);
	put(f->data, "members.csv", buf);
	const char *args[] = { "list", NULL };
	struct ds_run r;
	run(&r, f->data, args, NULL);
	assert_int_equal(r.status, 65);
	assert_non_null(strstr(r.err, "name 'Pol?[31mand' holds a control character (U+001B): "
				      "names are text only\n"));
	assert_null(strchr(r.err, '\033'));
	ds_run_free(&r);
	free(m);
}

/* The update is on disk before its summary is printed: a closed pipe costs only the summary. */
static void test_summary_lost_after_commit(void **state)
{
	struct fx *f = *state;
	put(f->dir, "t.csv", "Country,2024\nPoland,4.12\n");
	char *t = ds_test_join(f->dir, "t.csv");
	int p[2], e[2];
	assert_int_equal(pipe(p), 0);
	assert_int_equal(pipe(e), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(p[1]);
		dup2(p[0], 1); /* stdout: a pipe whose reader is gone */
		close(p[0]);
		dup2(e[1], 2);
		close(e[0]);
		setenv("LC_ALL", "C", 1);
		signal(SIGPIPE, SIG_DFL);
		execl(ds_test_bin(), ds_test_bin(), "--data", f->data, "import", t, "--release",
		      "2099-01", "--source", "s", (char *)NULL);
		_exit(127);
	}
	close(p[0]);
	close(p[1]);
	close(e[1]);
	/* Until the end: the message may come in several writes. */
	char err[1024];
	size_t len = 0;
	ssize_t n;
	while (len + 1 < sizeof err && (n = read(e[0], err + len, sizeof err - 1 - len)) > 0)
		len += (size_t)n;
	err[len] = '\0';
	close(e[0]);
	int st;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	assert_string_equal(err, "defspend: the update was committed, but its summary could not "
				 "be written: standard output: write error\n");
	char *rel = read_rel(f->data, "releases.csv");
	assert_non_null(strstr(rel, "\n2099-01,"));
	free(rel);
	char *file = read_rel(f->data, "releases/2099-01.csv");
	assert_non_null(file);
	free(file);
	free(t);
}

/*
 * Runs defspend --data DATA ARGS... with its stdout closed (`>&-`) and
 * stdin too when close_in; returns the exit status, stderr into err.
 */
static int run_stdout_closed(const char *data, const char *const *args, int close_in, char *err,
			     size_t errsize)
{
	int e[2];
	assert_int_equal(pipe(e), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		const char *argv[32];
		size_t n = 0;
		argv[n++] = ds_test_bin();
		argv[n++] = "--data";
		argv[n++] = data;
		for (size_t i = 0; args[i] != NULL; i++)
			argv[n++] = args[i];
		argv[n] = NULL;
		dup2(e[1], 2);
		close(e[0]);
		close(e[1]);
		close(1);
		if (close_in)
			close(0);
		setenv("LC_ALL", "C", 1);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(e[1]);
	size_t len = 0;
	ssize_t n;
	while (len + 1 < errsize && (n = read(e[0], err + len, errsize - 1 - len)) > 0)
		len += (size_t)n;
	err[len] = '\0';
	close(e[0]);
	int st;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	return WEXITSTATUS(st);
}

/*
 * A closed stdout is a write error, and never lends its number to a file
 * the command opens: the table of `list` (larger than stdio's buffer) once
 * went into the lock file, opened as descriptor 1.
 */
static void test_stdout_closed(void **state)
{
	struct fx *f = *state;
	put(f->data, DS_LOCK_NAME, "12345\n");
	char err[1024];
	const char *list[] = { "list", NULL };
	for (int close_in = 0; close_in < 2; close_in++) {
		assert_int_equal(run_stdout_closed(f->data, list, close_in, err, sizeof err), 74);
		assert_string_equal(err, "defspend: standard output: write error\n");
		char *lock = read_rel(f->data, DS_LOCK_NAME);
		assert_string_equal(lock, "12345\n");
		free(lock);
	}
	/* An update is committed; only its summary is lost, which is said. */
	char *before = read_rel(f->data, "spending.csv");
	const char *set[] = { "set", "POL", "2025", "pct_gdp=4.50", "--source", "s", NULL };
	assert_int_equal(run_stdout_closed(f->data, set, 1, err, sizeof err), 0);
	assert_string_equal(err, "defspend: the update was committed, but its summary could not "
				 "be written: standard output: write error\n");
	char *after = read_rel(f->data, "spending.csv");
	assert_non_null(strstr(after, "POL,Poland,2025,4.50,"));
	assert_null(strstr(after, "Poland 2025"));
	assert_string_not_equal(before, after);
	free(after);
	free(before);
}

/*
 * Two data directories, one spending.csv: b/spending.csv is a link to
 * a/spending.csv.  Writers through either lock a's directory, where the
 * file is, so that every set lands.
 */
static void test_two_dirs_one_file(void **state)
{
	struct fx *f = *state;
	char *b = ds_test_join(f->dir, "b");
	assert_int_equal(mkdir(b, 0755), 0);
	assert_int_equal(ds_test_copy_data(b), 0);
	char *bsp = ds_test_join(b, "spending.csv");
	char *asp = ds_test_join(f->data, "spending.csv");
	assert_int_equal(unlink(bsp), 0);
	assert_int_equal(symlink(asp, bsp), 0);
	/* 31 members with a 2025 row or none; one writer each, through a or b. */
	static const char *const who[] = {
		"ALB", "BEL", "BGR", "CAN", "HRV", "CZE", "DNK", "EST", "FIN", "FRA", "DEU",
		"GRC", "HUN", "ITA", "LVA", "LTU", "LUX", "MNE", "NLD", "MKD", "NOR", "POL",
		"PRT", "ROU", "SVK", "SVN", "ESP", "SWE", "TUR", "GBR", "USA",
	};
	enum { N = sizeof who / sizeof *who };
	pid_t pids[N];
	for (int i = 0; i < N; i++) {
		pids[i] = fork();
		assert_true(pids[i] >= 0);
		if (pids[i] == 0) {
			int null = open("/dev/null", O_RDWR);
			dup2(null, 1);
			dup2(null, 2);
			setenv("LC_ALL", "C", 1);
			setenv("DEFSPEND_LOCK_TIMEOUT", "60", 1);
			execl(ds_test_bin(), ds_test_bin(), "--data", i % 2 ? b : f->data, "set",
			      who[i], "2025", "pct_gdp=9.87", "--source", "two dirs", (char *)NULL);
			_exit(127);
		}
	}
	for (int i = 0; i < N; i++) {
		int st;
		assert_int_equal(waitpid(pids[i], &st, 0), pids[i]);
		assert_true(WIFEXITED(st));
		assert_int_equal(WEXITSTATUS(st), 0);
	}
	char *text = ds_test_read(asp, NULL);
	assert_non_null(text);
	int hits = 0;
	for (const char *s = text; (s = strstr(s, ",2025,9.87,")) != NULL; s++)
		hits++;
	assert_int_equal(hits, N);
	free(text);
	struct stat st;
	assert_int_equal(lstat(bsp, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	/* No temporary file left in either directory. */
	const char *check[] = { "check", NULL };
	struct ds_run r;
	run(&r, b, check, NULL);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.err, "");
	ds_run_free(&r);
	run(&r, f->data, check, NULL);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.err, "");
	ds_run_free(&r);
	free(asp);
	free(bsp);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_lone_file_of_data_dir, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lock_file_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lock_timeout_validated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reader_waits_for_commit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reader_finishes_update, setup, teardown),
		cmocka_unit_test_setup_teardown(test_release_id_cannot_escape, setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_reports_inconsistencies, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_control_characters_in_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_summary_lost_after_commit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_two_dirs_one_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stdout_closed, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
