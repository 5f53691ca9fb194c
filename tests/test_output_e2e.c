/*
 * test_output_e2e.c - output never escapes its directory, and the data is
 * never a report target.  The real binary, with the real gnuplot or a fake
 * one (DEFSPEND_GNUPLOT):
 *
 * - links planted in the output directory under every name the report
 *   writes, and under the temporary image names of earlier versions, send
 *   no byte outside it: the files they point to stay as they were, nothing
 *   is created where they lead, and the links are replaced by the report's
 *   files;
 * - `report`/`plot` refuse an output directory that is, contains or lies
 *   inside the data in use, however the path is spelt (links, '..');
 * - killing `plot` or `report` while gnuplot runs kills gnuplot too and leaves no
 *   temporary image; a private directory left by a renderer killed
 *   outright is removed by the next render;
 * - a file system that fills up while gnuplot draws is exit 74, "no space
 *   left on device" (on a small tmpfs; skipped where it cannot be mounted).
 */
#define _XOPEN_SOURCE 700
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "defspend/plot.h"
#include "helpers.h"

struct fx {
	char *dir;  /* the test's temporary directory */
	char *data; /* a copy of the shipped data */
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

static int have_gnuplot(void)
{
	char *g = ds_plot_find_gnuplot();
	free(g);
	return g != NULL;
}

static int exists(const char *dir, const char *name)
{
	char *p = ds_test_join(dir, name);
	struct stat st;
	int yes = lstat(p, &st) == 0;
	free(p);
	return yes;
}

static void test_planted_links(void **state)
{
	struct fx *f = *state;
	if (!have_gnuplot()) {
		print_message("skipped: gnuplot is not installed\n");
		skip();
	}
	/* First, every name the report writes, from a report into a clean directory. */
	char *clean = ds_test_join(f->dir, "clean"), *out = ds_test_join(f->dir, "out");
	char *outside = ds_test_join(f->dir, "outside");
	assert_int_equal(mkdir(out, 0755), 0);
	assert_int_equal(mkdir(outside, 0755), 0);
	struct ds_run r;
	const char *args[] = { "--data", f->data, "report", "--out", clean, NULL };
	assert_int_equal(ds_run(&r, args, NULL, NULL, NULL), 0);
	assert_int_equal(r.status, 0);
	ds_run_free(&r);
	char victim[4096];
	snprintf(victim, sizeof victim, "%s/victim", outside);
	assert_int_equal(ds_test_write(victim, "precious\n", (size_t)-1), 0);
	DIR *d = opendir(clean);
	assert_non_null(d);
	struct dirent *e;
	int planted = 0;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		/* Half the links lead to an existing file, half to where a file would be created.
		 */
		char target[4400], link_path[4400];
		if (planted % 2)
			snprintf(target, sizeof target, "%s", victim);
		else
			snprintf(target, sizeof target, "%s/new-%s", outside, e->d_name);
		snprintf(link_path, sizeof link_path, "%s/%s", out, e->d_name);
		assert_int_equal(symlink(target, link_path), 0);
		planted++;
		/* The temporary image names of earlier versions, for the next pids. */
		size_t n = strlen(e->d_name);
		if (n > 4 && (strcmp(e->d_name + n - 4, ".png") == 0 ||
			      strcmp(e->d_name + n - 4, ".svg") == 0)) {
			for (long pid = (long)getpid(); pid < (long)getpid() + 40; pid++) {
				snprintf(link_path, sizeof link_path, "%s/%.*s.tmp%ld%s", out,
					 (int)(n - 4), e->d_name, pid, e->d_name + n - 4);
				assert_int_equal(symlink(victim, link_path), 0);
				planted++;
			}
		}
	}
	closedir(d);
	assert_true(planted > 40);
	const char *again[] = { "--data", f->data, "report", "--out", out, NULL };
	assert_int_equal(ds_run(&r, again, NULL, NULL, NULL), 0);
	assert_int_equal(r.status, 0);
	ds_run_free(&r);
	/* Nothing outside changed or appeared. */
	char *text = ds_test_read(victim, NULL);
	assert_string_equal(text, "precious\n");
	free(text);
	assert_int_equal(ds_test_count_prefix(outside, "new-"), 0);
	/* Every name the report writes is now its own regular file. */
	d = opendir(clean);
	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		char p[4400];
		snprintf(p, sizeof p, "%s/%s", out, e->d_name);
		struct stat st;
		assert_int_equal(lstat(p, &st), 0);
		assert_true(S_ISREG(st.st_mode));
	}
	closedir(d);
	assert_int_equal(ds_test_count_prefix(out, DS_PLOT_PRIVATE), 0);
	free(clean);
	free(out);
	free(outside);
}

/* The command exits 64 with the reason and writes nothing. */
static void expect_refused(const char *cwd, const char *const *args, const char *reason)
{
	struct ds_run r;
	assert_int_equal(ds_run(&r, args, cwd, NULL, NULL), 0);
	if (r.status != 64 || strstr(r.err, reason) == NULL)
		print_message("got %d: %s", r.status, r.err);
	assert_int_equal(r.status, 64);
	assert_non_null(strstr(r.err, reason));
	assert_string_equal(r.out, "");
	ds_run_free(&r);
}

static void test_data_is_never_a_target(void **state)
{
	struct fx *f = *state;
	char *before = ds_test_join(f->data, "aid.csv");
	char *aid = ds_test_read(before, NULL);
	assert_non_null(aid);
	char *link = ds_test_join(f->dir, "link");
	assert_int_equal(symlink("data", link), 0);
	/* The data directory itself, by every spelling. */
	const char *same[][6] = {
		{ "--data", "data", "report", "--out", "data", NULL },
		{ "--data", "data", "report", "--out", "link", NULL },
		{ "--data", "link", "report", "--out", "./data/releases/..", NULL },
		{ "--data", "plots", "report", NULL }, /* --data plots report */
	};
	char *plots = ds_test_join(f->dir, "plots");
	assert_int_equal(symlink("data", plots), 0);
	for (size_t i = 0; i < 4; i++)
		expect_refused(f->dir, same[i], "it is the data directory in use");
	/* A directory that holds the data. */
	const char *holds[][6] = {
		{ "--data", "data", "report", "--out", ".", NULL },
		{ "--data", "data/spending.csv", "plot", "ranking", "--out", "data" },
	};
	expect_refused(f->dir, holds[0], "the data in use ('data') lies inside it");
	const char *plot_args[] = {
		"--data", "data/spending.csv", "plot", "ranking", "--out", "data", NULL
	};
	(void)holds;
	expect_refused(f->dir, plot_args, "the data in use ('data/spending.csv') lies inside it");
	/* A directory inside the data, existing or to be made. */
	const char *inside[][6] = {
		{ "--data", "data", "report", "--out", "data/releases", NULL },
		{ "--data", "data", "report", "--out", "link/new/deeper", NULL },
		{ "--data", "data", "report", "--out", "elsewhere/../data/x", NULL },
	};
	for (size_t i = 0; i < 3; i++)
		expect_refused(f->dir, inside[i], "it lies inside the data directory in use");
	assert_false(exists(f->data, "new"));
	assert_false(exists(f->data, "x"));
	assert_false(exists(f->dir, "elsewhere"));
	/* aid.csv is as it was: the report's aid table never replaced it. */
	char *now = ds_test_read(before, NULL);
	assert_string_equal(now, aid);
	free(now);
	/* Beside the data is fine. */
	struct ds_run r;
	const char *ok[] = {
		"--data", "data", "report", "--out", "beside", "--render", "none", NULL
	};
	assert_int_equal(ds_run(&r, ok, f->dir, NULL, NULL), 0);
	assert_int_equal(r.status, 0);
	ds_run_free(&r);
	free(plots);
	free(link);
	free(aid);
	free(before);
}

/* A fake gnuplot: draws half an image into the private directory, says its pid, sleeps. */
static char *fake_gnuplot(const char *dir)
{
	char *p = ds_test_join(dir, "fake-gnuplot");
	assert_int_equal(
		ds_test_write(p,
			      "#!/bin/sh\n"
			      "out=$(sed -n \"s/^ds_out = '\\(.*\\)'$/\\1/p\")\n"
			      "printf 'half' > \"$out/ranking.png\"\n"
			      "echo $$ > \"$FAKE_MARK.$$.tmp\" && mv \"$FAKE_MARK.$$.tmp\" "
			      "\"$FAKE_MARK.pid$$\"\n"
			      "echo $$ > \"$FAKE_MARK.$$.tmp\" && mv \"$FAKE_MARK.$$.tmp\" "
			      "\"$FAKE_MARK\"\n"
			      "exec sleep 30\n",
			      (size_t)-1),
		0);
	assert_int_equal(chmod(p, 0755), 0);
	return p;
}

/* Whether pid is gone or a zombie (dead, not yet reaped by its new parent). */
static int dead(long pid)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%ld/stat", pid);
	char *stat = ds_test_read(path, NULL);
	if (stat == NULL)
		return kill((pid_t)pid, 0) != 0 && errno == ESRCH;
	char *close_paren = strrchr(stat, ')');
	int zombie = close_paren != NULL && close_paren[1] == ' ' && close_paren[2] == 'Z';
	free(stat);
	return zombie;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

static void test_killed_report_kills_gnuplot(void **state)
{
	struct fx *f = *state;
	char *fake = fake_gnuplot(f->dir);
	char *mark = ds_test_join(f->dir, "mark");
	char *out = ds_test_join(f->dir, "out");
	static const int sigs[] = { SIGTERM, SIGINT };
	for (size_t k = 0; k < 2; k++) {
		unlink(mark);
		pid_t pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			int null = open("/dev/null", O_RDWR);
			dup2(null, 1);
			dup2(null, 2);
			setenv("DEFSPEND_GNUPLOT", fake, 1);
			setenv("FAKE_MARK", mark, 1);
			setenv("LC_ALL", "C", 1);
			/* `plot`, then `report`: the same renderer, each killed while drawing. */
			if (k == 0)
				execl(ds_test_bin(), ds_test_bin(), "--data", f->data, "plot",
				      "ranking", "--out", out, (char *)NULL);
			else
				execl(ds_test_bin(), ds_test_bin(), "--data", f->data, "report",
				      "--out", out, (char *)NULL);
			_exit(127);
		}
		/* Until gnuplot is drawing. */
		char *text = NULL;
		for (int i = 0; i < 1000 && (text = ds_test_read(mark, NULL)) == NULL; i++)
			sleep_ms(10);
		assert_non_null(text);
		long gp = atol(text);
		free(text);
		assert_true(gp > 0);
		assert_true(ds_test_count_prefix(out, DS_PLOT_PRIVATE) == 1);
		assert_int_equal(kill(pid, sigs[k]), 0);
		int st;
		assert_int_equal(waitpid(pid, &st, 0), pid);
		/* defspend dies of the signal, as it would have... */
		assert_true(WIFSIGNALED(st));
		assert_int_equal(WTERMSIG(st), sigs[k]);
		/* ...and takes gnuplot with it, leaving no temporary image. */
		int gone = 0;
		for (int i = 0; i < 500 && !(gone = dead(gp)); i++)
			sleep_ms(10);
		assert_true(gone);
		/* Every gnuplot started (one per core may draw at once), not only the last. */
		DIR *d = opendir(f->dir);
		assert_non_null(d);
		struct dirent *e;
		int seen = 0;
		while ((e = readdir(d)) != NULL) {
			if (strncmp(e->d_name, "mark.pid", 8) != 0)
				continue;
			long other = atol(e->d_name + 8);
			assert_true(other > 0);
			for (int i = 0; i < 500 && !(gone = dead(other)); i++)
				sleep_ms(10);
			assert_true(gone);
			char *mp = ds_test_join(f->dir, e->d_name);
			unlink(mp);
			free(mp);
			seen++;
		}
		closedir(d);
		assert_true(seen >= 1);
		assert_int_equal(ds_test_count_prefix(out, DS_PLOT_PRIVATE), 0);
		assert_false(exists(out, "ranking.png"));
	}
	/* A renderer killed outright leaves its private directory: the next render removes it. */
	char stale[4400];
	snprintf(stale, sizeof stale, "%s/" DS_PLOT_PRIVATE "999999999.abcdef", out);
	assert_int_equal(mkdir(stale, 0700), 0);
	char *half = ds_test_join(stale, "ranking.png");
	assert_int_equal(ds_test_write(half, "half", 4), 0);
	free(half);
	if (have_gnuplot()) {
		struct ds_run r;
		const char *args[] = { "--data", f->data, "plot", "ranking", "--out", out, NULL };
		assert_int_equal(ds_run(&r, args, NULL, NULL, NULL), 0);
		assert_int_equal(r.status, 0);
		ds_run_free(&r);
		assert_int_equal(ds_test_count_prefix(out, DS_PLOT_PRIVATE), 0);
	}
	free(out);
	free(mark);
	free(fake);
}

static void test_no_space_while_rendering(void **state)
{
	struct fx *f = *state;
	if (!have_gnuplot()) {
		print_message("skipped: gnuplot is not installed\n");
		skip();
	}
	char *mnt = ds_test_join(f->dir, "small");
	assert_int_equal(mkdir(mnt, 0755), 0);
	/* Room for the script and its data, not for the images. */
	if (mount("tmpfs", mnt, "tmpfs", 0, "size=24k") != 0) {
		print_message("skipped: cannot mount a small tmpfs here (%s)\n", strerror(errno));
		free(mnt);
		skip();
	}
	struct ds_run r;
	const char *args[] = { "--data", f->data, "plot", "ranking", "--out", mnt, NULL };
	int rc = ds_run(&r, args, NULL, NULL, NULL);
	int status = r.status;
	char *err = strdup(r.err);
	ds_run_free(&r);
	int leftover = ds_test_count_prefix(mnt, DS_PLOT_PRIVATE);
	umount(mnt);
	assert_int_equal(rc, 0);
	if (status != 74)
		print_message("exit %d: %s", status, err);
	assert_int_equal(status, 74);
	assert_non_null(strstr(err, "no space left on device"));
	assert_int_equal(leftover, 0);
	free(err);
	free(mnt);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_planted_links, setup, teardown),
		cmocka_unit_test_setup_teardown(test_data_is_never_a_target, setup, teardown),
		cmocka_unit_test_setup_teardown(test_killed_report_kills_gnuplot, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_space_while_rendering, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
