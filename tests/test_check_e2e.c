/*
 * test_check_e2e.c - `defspend check` run as a user runs it.
 *
 * tests/broken/ holds one broken file per problem the loader must catch,
 * each beside NAME.expected with the exact stderr; tests/broken/dirs/NAME/
 * are data directories (members.csv and spending.csv) with NAME.expected.
 * Every one must exit 65, print nothing on stdout and exactly the expected
 * lines on stderr, with the path as it was written on the command line.
 * Adding a case is adding two files: nothing here names them.
 */
#include <dirent.h>
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

#include "helpers.h"

/* Runs `defspend ARGS...` in the source tree. */
static void run_in_src(struct ds_run *r, const char *const *args)
{
	assert_int_equal(ds_run(r, args, ds_test_srcdir(), NULL, NULL), 0);
}

/*
 * The ways a file may be read: as the loader chooses, and in 1 to 7 parts
 * at once (DEFSPEND_THREADS splits even these small files, so the cuts
 * fall on different lines): the messages must not depend on it.
 */
static const char *const threads[] = { NULL,
				       "DEFSPEND_THREADS=1",
				       "DEFSPEND_THREADS=2",
				       "DEFSPEND_THREADS=3",
				       "DEFSPEND_THREADS=4",
				       "DEFSPEND_THREADS=7" };

/* Checks the case at rel (a file or a directory) against rel's .expected. */
static void check_case(const char *rel, const char *expected_rel)
{
	size_t len;
	char *want = ds_test_read(ds_test_path(expected_rel), &len);
	if (want == NULL)
		print_error("missing %s\n", expected_rel);
	assert_non_null(want);
	assert_true(len > 0);
	for (size_t t = 0; t < sizeof threads / sizeof *threads; t++) {
		struct ds_run r;
		const char *args[] = { "check", rel, NULL };
		const char *env[] = { threads[t], NULL };
		assert_int_equal(ds_run(&r, args, ds_test_srcdir(), env, NULL), 0);
		if (r.status != 65 || strcmp(r.err, want) != 0 || r.outlen != 0)
			print_error("case %s (%s): exit %d\n", rel, threads[t] ? threads[t] : "",
				    r.status);
		assert_string_equal(r.err, want);
		assert_int_equal(r.status, 65);
		assert_string_equal(r.out, "");
		ds_run_free(&r);
	}
	free(want);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The entries of tests/<sub> whose names end in `suffix` (or directories
 * when suffix is NULL), sorted, NULL-terminated; the count in *n. */
static char **list(const char *sub, const char *suffix, size_t *n)
{
	char path[4096];
	snprintf(path, sizeof path, "%s", ds_test_path(sub));
	DIR *d = opendir(path);
	assert_non_null(d);
	char **v = calloc(256, sizeof *v);
	assert_non_null(v);
	*n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		size_t l = strlen(e->d_name);
		int want;
		if (suffix == NULL) {
			struct stat st;
			char *full = ds_test_join(path, e->d_name);
			want = stat(full, &st) == 0 && S_ISDIR(st.st_mode);
			free(full);
		} else {
			want = l > strlen(suffix) &&
			       strcmp(e->d_name + l - strlen(suffix), suffix) == 0;
		}
		if (want) {
			assert_true(*n < 255);
			v[(*n)++] = strdup(e->d_name);
		}
	}
	closedir(d);
	qsort(v, *n, sizeof *v, by_name);
	return v;
}

static void free_list(char **v)
{
	for (size_t i = 0; v[i] != NULL; i++)
		free(v[i]);
	free(v);
}

static void test_broken_files(void **state)
{
	(void)state;
	size_t n;
	char **v = list("tests/broken", ".csv", &n);
	assert_true(n >= 20);
	for (size_t i = 0; i < n; i++) {
		char rel[512], exp[512];
		snprintf(rel, sizeof rel, "tests/broken/%s", v[i]);
		snprintf(exp, sizeof exp, "tests/broken/%.*s.expected", (int)(strlen(v[i]) - 4),
			 v[i]);
		check_case(rel, exp);
	}
	free_list(v);
	/* Every expectation has its case. */
	v = list("tests/broken", ".expected", &n);
	assert_true(n >= 20);
	for (size_t i = 0; i < n; i++) {
		char rel[512];
		struct stat st;
		snprintf(rel, sizeof rel, "tests/broken/%.*s.csv", (int)(strlen(v[i]) - 9), v[i]);
		assert_int_equal(stat(ds_test_path(rel), &st), 0);
	}
	free_list(v);
}

static void test_broken_dirs(void **state)
{
	(void)state;
	size_t n;
	char **v = list("tests/broken/dirs", NULL, &n);
	assert_true(n >= 2);
	for (size_t i = 0; i < n; i++) {
		char rel[512], exp[512];
		snprintf(rel, sizeof rel, "tests/broken/dirs/%s", v[i]);
		snprintf(exp, sizeof exp, "tests/broken/dirs/%s.expected", v[i]);
		check_case(rel, exp);
	}
	free_list(v);
}

static size_t count_lines(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* The shipped data is clean: one summary line per file read. */
static void test_shipped_data(void **state)
{
	(void)state;
	struct ds_run r;
	const char *args[] = { "--data", "data", "check", NULL };
	run_in_src(&r, args);
	assert_string_equal(r.err, "");
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "data/members.csv: 32 rows, 32 members\n"));
	assert_non_null(strstr(
		r.out, "data/spending.csv: 384 rows, 32 members, years 2014-2025, 1 release\n"));
	size_t nrel;
	char **rel = list("data/releases", ".csv", &nrel);
	/* the data line, then members, releases, spending, aid, aggregates,
	 * macro, and each release file */
	assert_non_null(strstr(r.out, "data: data (--data)\n") == r.out ? r.out : NULL);
	assert_int_equal(count_lines(r.out), 7 + nrel);
	assert_non_null(strstr(r.out, "data/aid.csv: 45 rows, 32 members\n"));
	assert_non_null(strstr(r.out, "data/macro.csv: 416 rows, 32 members, years 2014-2026\n"));
	for (size_t i = 0; i < nrel; i++) {
		char want[600];
		snprintf(want, sizeof want, "\ndata/releases/%s: ", rel[i]);
		assert_non_null(strstr(r.out, want));
	}
	free_list(rel);
	ds_run_free(&r);

	/* The path as an argument, and a lone spending file. */
	const char *lone[] = { "check", "data/spending.csv", NULL };
	run_in_src(&r, lone);
	assert_int_equal(r.status, 0);
	assert_string_equal(
		r.out, "data: data/spending.csv (argument)\n"
		       "data/spending.csv: 384 rows, 32 members, years 2014-2025, 1 release\n");
	assert_string_equal(r.err, "");
	ds_run_free(&r);
}

static void test_valid_edges(void **state)
{
	(void)state;
	struct ds_run r;
	/* A header and no rows is a valid, empty file. */
	const char *a1[] = { "check", "tests/data/loader/header-only.csv", NULL };
	run_in_src(&r, a1);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, "data: tests/data/loader/header-only.csv (argument)\n"
				   "tests/data/loader/header-only.csv: 0 rows\n");
	assert_string_equal(r.err, "");
	ds_run_free(&r);
	/* BOM, CRLF, columns in another order, an extra column, quoted
	 * commas, quotes and newlines, no newline at the end. */
	const char *a2[] = { "check", "tests/data/loader/awkward.csv", NULL };
	run_in_src(&r, a2);
	assert_int_equal(r.status, 0);
	assert_string_equal(
		r.out,
		"data: tests/data/loader/awkward.csv (argument)\n"
		"tests/data/loader/awkward.csv: 3 rows, 2 members, years 2023-2024, 1 release\n");
	assert_string_equal(r.err, "");
	ds_run_free(&r);
}

/*
 * Inputs that are not regular files are read like any reader reads them:
 * a fifo once its writer comes, a device to its end; a directory given as
 * a file is refused.
 */
static void test_not_regular(void **state)
{
	(void)state;
	char *dir = ds_test_tmpdir();
	assert_non_null(dir);
	char *fifo = ds_test_join(dir, "spending.csv");
	assert_int_equal(mkfifo(fifo, 0600), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		/* The writer: what it inherited is freed, so valgrind sees no leak. */
		FILE *f = fopen(fifo, "w");
		free(fifo);
		free(dir);
		if (f == NULL)
			_exit(1);
		fputs("country,year,pct_gdp\nPoland,2024,4.1\n", f);
		_exit(fclose(f) == 0 ? 0 : 1);
	}
	struct ds_run r;
	const char *a1[] = { "check", fifo, NULL };
	assert_int_equal(ds_run(&r, a1, NULL, NULL, NULL), 0);
	int st;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	/* The writer wrote it all (and, under valgrind, leaked nothing). */
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	assert_int_equal(r.status, 0);
	char want[4200];
	snprintf(want, sizeof want,
		 "data: %s (argument)\n%s: 1 row, 1 member, year 2024, 1 release\n", fifo, fifo);
	assert_string_equal(r.out, want);
	assert_string_equal(r.err, "");
	ds_run_free(&r);
	/* A device is read to its end: /dev/null is an empty file. */
	const char *a2[] = { "check", "/dev/null", NULL };
	assert_int_equal(ds_run(&r, a2, NULL, NULL, NULL), 0);
	assert_int_equal(r.status, 65);
	assert_string_equal(r.err, "defspend: /dev/null: empty file: no header\n");
	ds_run_free(&r);
	/* A directory is no spending file: checked as a data directory, it lacks members.csv. */
	const char *a3[] = { "check", dir, NULL };
	assert_int_equal(ds_run(&r, a3, NULL, NULL, NULL), 0);
	assert_int_equal(r.status, 66);
	ds_run_free(&r);
	free(fifo);
	ds_test_rmtree(dir);
	free(dir);
}

static void test_missing_input(void **state)
{
	(void)state;
	struct ds_run r;
	const char *a1[] = { "check", "tests/broken/no-such-file.csv", NULL };
	run_in_src(&r, a1);
	assert_int_equal(r.status, 66);
	assert_string_equal(
		r.err,
		"defspend: tests/broken/no-such-file.csv: cannot open: No such file or directory\n");
	assert_string_equal(r.out, "");
	ds_run_free(&r);
	/* A directory without members.csv. */
	const char *a2[] = { "check", "tests/data", NULL };
	run_in_src(&r, a2);
	assert_int_equal(r.status, 66);
	assert_string_equal(
		r.err,
		"defspend: tests/data/members.csv: cannot open: No such file or directory\n");
	ds_run_free(&r);
}

/* DEFSPEND_THREADS must be a number of parts; empty is the default. */
static void test_threads_value(void **state)
{
	(void)state;
	struct ds_run r;
	const char *args[] = { "check", "data/spending.csv", NULL };
	const char *bad[] = { "DEFSPEND_THREADS=0", NULL };
	assert_int_equal(ds_run(&r, args, ds_test_srcdir(), bad, NULL), 0);
	assert_int_equal(r.status, 64);
	assert_string_equal(r.err, "defspend: DEFSPEND_THREADS '0' is not a number from 1 to 64\n");
	assert_string_equal(r.out, "");
	ds_run_free(&r);
	const char *empty[] = { "DEFSPEND_THREADS=", NULL };
	assert_int_equal(ds_run(&r, args, ds_test_srcdir(), empty, NULL), 0);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.err, "");
	ds_run_free(&r);
}

/* A 17 MiB field: a clear message, not an allocation without end. */
static void test_record_limit(void **state)
{
	(void)state;
	char *dir = ds_test_tmpdir();
	assert_non_null(dir);
	char *path = ds_test_join(dir, "big.csv");
	const char head[] =
		"iso3,country,year,pct_gdp,estimate,release,source\nPOL,Poland,2024,1,0,x,\"";
	size_t n = sizeof head - 1 + 17u * 1024 * 1024 + 3;
	char *big = malloc(n);
	assert_non_null(big);
	memcpy(big, head, sizeof head - 1);
	memset(big + sizeof head - 1, 'y', n - (sizeof head - 1));
	memcpy(big + n - 3, "\"\n", 2);
	big[n - 1] = '\n';
	assert_int_equal(ds_test_write(path, big, n), 0);
	free(big);
	struct ds_run r;
	const char *args[] = { "check", path, NULL };
	assert_int_equal(ds_run(&r, args, NULL, NULL, NULL), 0);
	assert_int_equal(r.status, 65);
	char want[600];
	snprintf(want, sizeof want,
		 "defspend: %s:2: record longer than 16 MiB (an unterminated quote?)\n", path);
	assert_string_equal(r.err, want);
	assert_string_equal(r.out, "");
	ds_run_free(&r);
	ds_test_rmtree(dir);
	free(path);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_broken_files),  cmocka_unit_test(test_broken_dirs),
		cmocka_unit_test(test_shipped_data),  cmocka_unit_test(test_valid_edges),
		cmocka_unit_test(test_missing_input), cmocka_unit_test(test_not_regular),
		cmocka_unit_test(test_record_limit),  cmocka_unit_test(test_threads_value),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
