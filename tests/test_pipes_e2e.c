/*
 * test_pipes_e2e.c - the real binary on inputs that are not the shipped
 * data directory: a lone spending CSV from standard input (--data -), the
 * file to import from standard input (import -), FIFOs and /dev/stdin, and
 * a user's own minimal CSV of country,year,pct_gdp, read and updated.
 *
 * Input problems exit 65 (bad content) or 66 (cannot read); a write target
 * that is not a regular file is an output problem (73).
 */
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

#define MINIMAL                                                                                    \
	"country,year,pct_gdp\n"                                                                   \
	"Poland,2024,4.1\n"                                                                        \
	"Germany,2024,2.1\n"                                                                       \
	"Narnia,2024,1.0\n"                                                                        \
	"Poland,2023,3.9\n"

static void run(struct ds_run *r, const char *const *args, const char *input)
{
	assert_int_equal(ds_run(r, args, NULL, NULL, input), 0);
}

/* --data - reads a lone spending CSV from a pipe; its messages name <stdin>. */
static void test_data_from_stdin(void **state)
{
	(void)state;
	struct ds_run r;
	const char *const list[] = { "--data", "-", "--format", "csv", "list", NULL };
	run(&r, list, MINIMAL);
	assert_int_equal(r.status, 0);
	assert_int_equal(strncmp(r.out, "rank,iso3,country,year,pct_gdp,", 31), 0);
	/* Names of the data in use give codes; an unknown one keeps its name. */
	assert_non_null(strstr(r.out, "\n1,POL,Poland,2024,4.1,false,"));
	assert_non_null(strstr(r.out, "\n3,,Narnia,2024,1.0,false,"));
	assert_string_equal(r.err, "");
	ds_run_free(&r);
	const char *const check[] = { "--data=-", "check", NULL };
	run(&r, check, MINIMAL);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, "data: <stdin> (--data)\n"
				   "<stdin>: 4 rows, 3 members, years 2023-2024, 1 release\n");
	ds_run_free(&r);
	/* The release of a file without one is named after it: stdin. */
	const char *const rel[] = { "--data", "-", "--release", "stdin", "show", "pol", NULL };
	run(&r, rel, MINIMAL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "Poland (POL), release stdin\n"));
	ds_run_free(&r);
	/* Bad data: positioned at <stdin>, exit 65. */
	run(&r, list, "country,year,pct_gdp\nPoland,2024,4,1\n");
	assert_int_equal(r.status, 65);
	assert_string_equal(r.out, "");
	assert_string_equal(r.err, "defspend: <stdin>:2:13: expected 3 fields as in the header, "
				   "found 4: is pct_gdp '4,1' written with a decimal comma? write "
				   "4.1\n");
	ds_run_free(&r);
	run(&r, list, "");
	assert_int_equal(r.status, 65);
	assert_string_equal(r.err, "defspend: <stdin>: empty file: no header\n");
	ds_run_free(&r);
	/* check - reads it too. */
	const char *const check_arg[] = { "check", "-", NULL };
	run(&r, check_arg, MINIMAL);
	assert_int_equal(r.status, 0);
	assert_int_equal(strncmp(r.out, "data: <stdin> (argument)\n", 25), 0);
	ds_run_free(&r);
	/* Standard input can be read, never updated. */
	const char *const set[] = { "--data", "-", "set", "POL", "2024", "pct_gdp=4.2", NULL };
	run(&r, set, MINIMAL);
	assert_int_equal(r.status, 64);
	assert_non_null(strstr(r.err, "can be read but not updated"));
	ds_run_free(&r);
}

/* /dev/stdin and a FIFO are inputs like any file. */
static void test_fifo_and_dev_stdin(void **state)
{
	(void)state;
	struct ds_run r;
	const char *const dev[] = { "--data", "/dev/stdin", "-q", "trend", "POL", NULL };
	run(&r, dev, MINIMAL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "POL   Poland        2023       3.9     2024     4.1"));
	ds_run_free(&r);

	char *dir = ds_test_tmpdir();
	assert_non_null(dir);
	char *fifo = ds_test_join(dir, "pipe.csv");
	assert_int_equal(mkfifo(fifo, 0600), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		/* The writer: what it inherited is freed, so valgrind sees no leak. */
		int ok = ds_test_write(fifo, MINIMAL, (size_t)-1) == 0;
		free(fifo);
		free(dir);
		_exit(ok ? 0 : 1);
	}
	const char *const list[] = { "--data", fifo, "--format", "tsv", "list", NULL };
	run(&r, list, NULL);
	int st;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	/* The writer wrote it all (and, under valgrind, leaked nothing). */
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "\t4.1\t"));
	ds_run_free(&r);
	/* As a write target a FIFO is refused: an output problem. */
	const char *const set[] = { "--data", fifo, "set", "POL", "2024", "pct_gdp=4.2", NULL };
	run(&r, set, NULL);
	assert_int_equal(r.status, 73);
	assert_non_null(strstr(r.err, "not a regular file"));
	ds_run_free(&r);
	free(fifo);
	ds_test_rmtree(dir);
	free(dir);
}

/* A copy of the shipped data in a new temporary directory; caller frees both. */
static char *data_copy(char **dir)
{
	*dir = ds_test_tmpdir();
	assert_non_null(*dir);
	char *data = ds_test_join(*dir, "data");
	assert_int_equal(mkdir(data, 0777), 0);
	assert_int_equal(ds_test_copy_data(data), 0);
	return data;
}

/* import - takes the table from standard input; import FIFO from a pipe. */
static void test_import_from_pipes(void **state)
{
	(void)state;
	char *dir;
	char *data = data_copy(&dir);
	char *spend = ds_test_join(data, "spending.csv");
	char *before = ds_test_read(spend, NULL);
	const char *const dry[] = { "--data",   data,      "import",    "-",
				    "--source", "a paper", "--dry-run", NULL };
	const char *table = "Country,2024\nPoland,4.20\n";
	struct ds_run r;
	run(&r, dry, table);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "<stdin>: wide table, into '"));
	assert_non_null(strstr(r.out, "Poland 2024 pct_gdp: 3.79 -> 4.20\n"));
	assert_non_null(strstr(r.out, "dry run: nothing written\n"));
	ds_run_free(&r);
	char *after = ds_test_read(spend, NULL);
	assert_string_equal(after, before);
	free(after);
	/* Bad content from the pipe: 65, at <stdin>'s line. */
	run(&r, dry, "Country,2024\nNarnia,1.0\n");
	assert_int_equal(r.status, 65);
	assert_non_null(strstr(r.err, "defspend: <stdin>:2:1: 'Narnia' matches no member"));
	ds_run_free(&r);
	/* An input that cannot be read is 66, never the 73 of an output. */
	const char *const missing[] = { "--data",   data, "import",    "/nonexistent.csv",
					"--source", "x",  "--dry-run", NULL };
	run(&r, missing, NULL);
	assert_int_equal(r.status, 66);
	ds_run_free(&r);
	const char *const adir[] = { "--data", data, "import", dir, "--source", "x", NULL };
	run(&r, adir, NULL);
	assert_int_equal(r.status, 66);
	assert_non_null(strstr(r.err, "cannot read: a directory"));
	ds_run_free(&r);

	/* A FIFO as the file to import, for real this time. */
	char *fifo = ds_test_join(dir, "nato.fifo");
	assert_int_equal(mkfifo(fifo, 0600), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int ok = ds_test_write(fifo, table, (size_t)-1) == 0;
		free(fifo);
		_exit(ok ? 0 : 1);
	}
	const char *const imp[] = { "--data", data, "import", fifo, "--source", "a paper", NULL };
	run(&r, imp, NULL);
	int st;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	/* The writer wrote it all (and, under valgrind, leaked nothing). */
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	if (r.status != 0)
		fail_msg("import FIFO: exit %d: %s", r.status, r.err);
	assert_non_null(strstr(r.out, "Poland 2024 pct_gdp: 3.79 -> 4.20\n"));
	ds_run_free(&r);
	const char *const show[] = { "--data", data,   "--format", "csv",
				     "--year", "2024", "list",     NULL };
	run(&r, show, NULL);
	assert_non_null(strstr(r.out, ",POL,Poland,2024,4.20,"));
	ds_run_free(&r);
	free(fifo);
	free(before);
	free(spend);
	free(data);
	ds_test_rmtree(dir);
	free(dir);
}

/*
 * A user's own file, three columns and an extra one, BOM, CRLF, quotes and
 * no final newline: queries read it, an update changes only the bytes of
 * the value set.
 */
static void test_minimal_csv_update(void **state)
{
	(void)state;
	char *dir = ds_test_tmpdir();
	assert_non_null(dir);
	char *mine = ds_test_join(dir, "mine.csv");
	const char *orig = "\xEF\xBB\xBF"
			   "pct_gdp,country,year,comment\r\n"
			   "4.1,\"Poland\",2024,\"big, and growing\"\r\n"
			   "2.1,Germany,2024,\r\n"
			   "3.9,Poland,2023,x";
	assert_int_equal(ds_test_write(mine, orig, (size_t)-1), 0);
	struct ds_run r;
	const char *const list[] = { "--data", mine, "--format", "csv", "list", NULL };
	run(&r, list, NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "\n1,POL,Poland,2024,4.1,false,true,"));
	ds_run_free(&r);
	const char *const set[] = { "--data", mine, "set", "pol", "2024", "pct_gdp=4.2", NULL };
	run(&r, set, NULL);
	if (r.status != 0)
		fail_msg("set on a minimal CSV: exit %d: %s", r.status, r.err);
	assert_string_equal(r.out, "Poland 2024 pct_gdp: 4.1 -> 4.2\n");
	ds_run_free(&r);
	char *now = ds_test_read(mine, NULL);
	assert_string_equal(now, "\xEF\xBB\xBF"
				 "pct_gdp,country,year,comment\r\n"
				 "4.2,\"Poland\",2024,\"big, and growing\"\r\n"
				 "2.1,Germany,2024,\r\n"
				 "3.9,Poland,2023,x");
	free(now);
	/* A new year goes after the member's rows, in the file's line ending, quoting only what
	 * needs it. */
	const char *const add[] = { "--data", mine, "set", "Germany", "2025", "pct_gdp=2.4", NULL };
	run(&r, add, NULL);
	assert_int_equal(r.status, 0);
	ds_run_free(&r);
	now = ds_test_read(mine, NULL);
	assert_string_equal(now, "\xEF\xBB\xBF"
				 "pct_gdp,country,year,comment\r\n"
				 "4.2,\"Poland\",2024,\"big, and growing\"\r\n"
				 "2.1,Germany,2024,\r\n"
				 "2.4,Germany,2025,\r\n"
				 "3.9,Poland,2023,x");
	free(now);
	/* The shipped data's rules stay strict: a data directory's spending.csv needs its source.
	 */
	char *sub = ds_test_join(dir, "d");
	assert_int_equal(mkdir(sub, 0777), 0);
	assert_int_equal(ds_test_copy_data(sub), 0);
	char *spend = ds_test_join(sub, "spending.csv");
	assert_int_equal(
		ds_test_write(spend, "country,year,pct_gdp\nPoland,2024,4.1\n", (size_t)-1), 0);
	const char *const strict[] = { "--data", sub, "list", NULL };
	run(&r, strict, NULL);
	assert_int_equal(r.status, 65);
	assert_non_null(strstr(r.err, "missing column 'source' in the header"));
	assert_non_null(strstr(r.err, "missing column 'iso3' in the header"));
	ds_run_free(&r);
	free(spend);
	free(sub);
	free(mine);
	ds_test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_data_from_stdin),
		cmocka_unit_test(test_fifo_and_dev_stdin),
		cmocka_unit_test(test_import_from_pipes),
		cmocka_unit_test(test_minimal_csv_update),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
