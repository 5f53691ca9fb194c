/*
 * test_update.c - the updater: csvdoc keeps every untouched byte, `set`
 * changes exactly one record, refuses bad values, unknown names and special
 * files without touching the data, 32 concurrent writers all land, and a
 * writer killed at any moment leaves the old file or the new one.
 *
 * Everything runs on files made in a ds_test_tmpdir(); the repository's
 * data/ is only ever copied.
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
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "defspend/csvdoc.h"
#include "defspend/dataset.h"
#include "defspend/load.h"
#include "defspend/update.h"
#include "helpers.h"

/* Every awkward thing at once: BOM, CRLF, quoted fields, an extra column, no final newline. */
static const char awkward[] =
	"\xEF\xBB\xBFiso3,country,year,pct_gdp,estimate,release,source,extra\r\n"
	"AAA,\"Alpha, Republic of\",2024,1.50,0,R1,\"src \"\"q\"\"\",x\r\n"
	"\r\n"
	"AAA,\"Alpha, Republic of\",2025,1.60,1,R1,s,\r\n"
	"BBB,Beta,2024,2.00,0,R1,s,y";

static void render_same(const char *in, size_t len)
{
	struct ds_csvdoc doc;
	struct ds_errors err;
	ds_errors_init(&err);
	assert_int_equal(ds_csvdoc_parse(&doc, "t.csv", in, len, &err), 0);
	char *out;
	size_t outlen;
	assert_int_equal(ds_csvdoc_render(&doc, &out, &outlen), 0);
	assert_int_equal(outlen, len);
	assert_memory_equal(out, in, len);
	free(out);
	ds_csvdoc_release(&doc);
	ds_errors_release(&err);
}

static void test_doc_identity(void **state)
{
	(void)state;
	render_same(awkward, sizeof awkward - 1);
	static const char lf[] = "a,b\n1,\"x\ny\"\n\n\n";
	render_same(lf, sizeof lf - 1);
	static const char mixed[] = "a,b\r\n1,2\n3,4\r\n";
	render_same(mixed, sizeof mixed - 1);
}

static void test_doc_edit(void **state)
{
	(void)state;
	struct ds_csvdoc doc;
	struct ds_errors err;
	ds_errors_init(&err);
	assert_int_equal(ds_csvdoc_parse(&doc, "t.csv", awkward, sizeof awkward - 1, &err), 0);
	assert_string_equal(doc.eol, "\r\n");
	assert_int_equal(ds_csvdoc_column(&doc, "extra"), 7);
	assert_int_equal(ds_csvdoc_set(&doc, 1, 3, "1.50"), 0); /* same value: no change */
	assert_int_equal(ds_csvdoc_changed(&doc), 0);
	assert_int_equal(ds_csvdoc_set(&doc, 1, 3, "1.55"), 1);
	assert_int_equal(ds_csvdoc_set(&doc, 1, 6, "a,b"), 1);
	const char *row[8] = { "BBB", "Beta", "2026", "2.2", "0", "R1", "t", "" };
	assert_int_equal(ds_csvdoc_insert(&doc, 3, row), 0);
	char *out;
	size_t len;
	assert_int_equal(ds_csvdoc_render(&doc, &out, &len), 0);
	static const char want[] =
		"\xEF\xBB\xBFiso3,country,year,pct_gdp,estimate,release,source,extra\r\n"
		"AAA,\"Alpha, Republic of\",2024,1.55,0,R1,\"a,b\",x\r\n"
		"\r\n"
		"AAA,\"Alpha, Republic of\",2025,1.60,1,R1,s,\r\n"
		"BBB,Beta,2024,2.00,0,R1,s,y\r\n"
		"BBB,Beta,2026,2.2,0,R1,t,";
	assert_int_equal(len, sizeof want - 1);
	assert_memory_equal(out, want, len);
	free(out);
	ds_csvdoc_release(&doc);
	ds_errors_release(&err);
}

static void test_doc_refuses_bad_csv(void **state)
{
	(void)state;
	struct ds_csvdoc doc;
	struct ds_errors err;
	ds_errors_init(&err);
	static const char bad[] = "a,b\n1,\"open\n";
	assert_int_not_equal(ds_csvdoc_parse(&doc, "t.csv", bad, sizeof bad - 1, &err), 0);
	assert_true(ds_errors_count(&err) > 0);
	ds_errors_release(&err);
}

/* A tmpdir holding s.csv with `content`; returns the dir. */
static char *lone_file(const char *content, size_t len)
{
	char *dir = ds_test_tmpdir();
	assert_non_null(dir);
	char *p = ds_test_join(dir, "s.csv");
	assert_int_equal(ds_test_write(p, content, len), 0);
	free(p);
	return dir;
}

static void expect_file(const char *dir, const char *name, const char *want, size_t len)
{
	char *p = ds_test_join(dir, name);
	size_t got;
	char *data = ds_test_read(p, &got);
	assert_non_null(data);
	assert_int_equal(got, len);
	assert_memory_equal(data, want, len);
	free(data);
	free(p);
}

static void run_in(struct ds_run *r, const char *dir, const char *const *args,
		   const char *const *env)
{
	assert_int_equal(ds_run(r, args, dir, env, NULL), 0);
}

static void test_set_same_value_is_byte_identical(void **state)
{
	(void)state;
	char *dir = lone_file(awkward, sizeof awkward - 1);
	struct ds_run r;
	const char *args[] = { "--data", "s.csv", "set", "AAA", "2024", "pct_gdp=1.50", NULL };
	run_in(&r, dir, args, NULL);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, "no change: Alpha, Republic of 2024 already has that value\n");
	assert_string_equal(r.err, "");
	expect_file(dir, "s.csv", awkward, sizeof awkward - 1);
	ds_run_free(&r);
	ds_test_rmtree(dir);
	free(dir);
}

static void test_set_changes_one_record(void **state)
{
	(void)state;
	char *dir = lone_file(awkward, sizeof awkward - 1);
	struct ds_run r;
	const char *args[] = { "--data",       "s.csv",    "set", "Beta", "2024",
			       "pct_gdp=2.10", "--source", "t",   NULL };
	run_in(&r, dir, args, NULL);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, "Beta 2024 pct_gdp: 2.00 -> 2.10\nBeta 2024 source: s -> t\n");
	assert_string_equal(r.err, "");
	static const char want[] =
		"\xEF\xBB\xBFiso3,country,year,pct_gdp,estimate,release,source,extra\r\n"
		"AAA,\"Alpha, Republic of\",2024,1.50,0,R1,\"src \"\"q\"\"\",x\r\n"
		"\r\n"
		"AAA,\"Alpha, Republic of\",2025,1.60,1,R1,s,\r\n"
		"BBB,Beta,2024,2.10,0,R1,t,y";
	expect_file(dir, "s.csv", want, sizeof want - 1);
	ds_run_free(&r);
	/* A new row goes after the member's earlier years, with the file's CRLF. */
	const char *add[] = { "--data",      "s.csv",    "set", "AAA",        "2026",
			      "pct_gdp=1.7", "--source", "u",   "--estimate", NULL };
	run_in(&r, dir, add, NULL);
	assert_int_equal(r.status, 0);
	static const char want2[] =
		"\xEF\xBB\xBFiso3,country,year,pct_gdp,estimate,release,source,extra\r\n"
		"AAA,\"Alpha, Republic of\",2024,1.50,0,R1,\"src \"\"q\"\"\",x\r\n"
		"\r\n"
		"AAA,\"Alpha, Republic of\",2025,1.60,1,R1,s,\r\n"
		"AAA,\"Alpha, Republic of\",2026,1.7,1,R1,u,\r\n"
		"BBB,Beta,2024,2.10,0,R1,t,y";
	expect_file(dir, "s.csv", want2, sizeof want2 - 1);
	ds_run_free(&r);
	ds_test_rmtree(dir);
	free(dir);
}

/*
 * The row index (member and year): rows read from the file are found, and
 * 75 new rows (the index grows past its first size) are each found again
 * by the next change instead of being added twice.
 */
static void test_index_finds_rows(void **state)
{
	(void)state;
	static const char file[] = "iso3,country,year,pct_gdp,estimate,release,source\n"
				   "AAA,Alpha,2024,1.50,0,R1,s\n"
				   "BBB,Beta,2024,2.00,0,R1,s\n";
	char *dir = lone_file(file, sizeof file - 1);
	char *path = ds_test_join(dir, "s.csv");
	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_dataset *ds = NULL;
	assert_int_equal(ds_dataset_load(path, NULL, &ds, &err), DS_OK);
	size_t a = ds->nmembers, b = ds->nmembers;
	for (size_t i = 0; i < ds->nmembers; i++) {
		if (strcmp(ds->members[i].iso3, "AAA") == 0)
			a = i;
		if (strcmp(ds->members[i].iso3, "BBB") == 0)
			b = i;
	}
	assert_true(a < ds->nmembers && b < ds->nmembers);
	struct ds_update u;
	assert_int_equal(ds_update_open(&u, ds, path, NULL, NULL, 1, &err), DS_OK);
	assert_string_equal(ds_update_get(&u, a, 2024, "pct_gdp"), "1.50");
	assert_string_equal(ds_update_get(&u, b, 2024, "pct_gdp"), "2.00");
	assert_null(ds_update_get(&u, a, 2025, "pct_gdp"));
	assert_null(ds_update_get(&u, b, 2023, "pct_gdp"));
	const char *cols[] = { "pct_gdp", "source" };
	const char *one[] = { "1.1", "t" }, *two[] = { "1.2", "t" };
	for (int round = 0; round < 2; round++)
		for (int y = 1949; y < 2024; y++)
			assert_int_equal(
				ds_update_apply(&u, b, y, 2, cols, round ? two : one, 0, &err),
				DS_OK);
	/* The second round changed the rows the first added: none added twice. */
	assert_int_equal(u.rows_added, 75);
	assert_int_equal(u.doc.nins, 75);
	for (int y = 1949; y < 2024; y++)
		assert_string_equal(ds_update_get(&u, b, y, "pct_gdp"), "1.2");
	assert_string_equal(ds_update_get(&u, a, 2024, "pct_gdp"), "1.50");
	assert_int_equal(ds_errors_count(&err), 0);
	ds_update_release(&u);
	ds_dataset_free(ds);
	ds_errors_release(&err);
	free(path);
	ds_test_rmtree(dir);
	free(dir);
}

static void test_set_rejects_bad_value(void **state)
{
	(void)state;
	char *dir = lone_file(awkward, sizeof awkward - 1);
	struct ds_run r;
	const char *args[] = { "--data",      "s.csv",    "set", "BBB", "2024",
			       "pct_gdp=2,1", "--source", "t",   NULL };
	run_in(&r, dir, args, NULL);
	assert_int_equal(r.status, 65);
	assert_string_equal(r.out, "");
	assert_non_null(strstr(r.err, "defspend: s.csv:5:15: pct_gdp '2,1' is "));
	expect_file(dir, "s.csv", awkward, sizeof awkward - 1);
	ds_run_free(&r);
	const char *neg[] = { "--data", "s.csv", "set", "BBB", "2024", "estimate=2", NULL };
	run_in(&r, dir, neg, NULL);
	assert_int_equal(r.status, 65);
	assert_string_equal(r.err, "defspend: s.csv:5:20: estimate '2' is not 0, 1 or empty\n");
	expect_file(dir, "s.csv", awkward, sizeof awkward - 1);
	ds_run_free(&r);
	const char *who[] = { "--data",    "s.csv",    "set", "Gamma", "2024",
			      "pct_gdp=2", "--source", "t",   NULL };
	run_in(&r, dir, who, NULL);
	assert_int_equal(r.status, 64);
	assert_string_equal(r.err, "defspend: unknown country 'Gamma'\n");
	expect_file(dir, "s.csv", awkward, sizeof awkward - 1);
	ds_run_free(&r);
	const char *nosrc[] = { "--data", "s.csv", "set", "BBB", "2024", "pct_gdp=2.5", NULL };
	run_in(&r, dir, nosrc, NULL);
	assert_int_equal(r.status, 64);
	assert_string_equal(r.err, "defspend: a new pct_gdp for Beta 2024 needs its source: "
				   "give source=TEXT or --source TEXT\n");
	expect_file(dir, "s.csv", awkward, sizeof awkward - 1);
	ds_run_free(&r);
	ds_test_rmtree(dir);
	free(dir);
}

/*
 * A figure set where the cell was empty clears the note that explained the
 * gap (and says so), keeps the decimals typed (2.1 stays one decimal, in a
 * file of two-decimal figures: mixed precision is the data's), and a note
 * given with it is kept; a figure changed from a value keeps its note.
 */
static void test_set_clears_note_keeps_precision(void **state)
{
	(void)state;
	static const char file[] = "iso3,country,year,pct_gdp,estimate,release,source,note\n"
				   "AAA,Alpha,2024,1.50,0,R1,s,\n"
				   "AAA,Alpha,2025,,1,R1,s,no figure found\n"
				   "BBB,Beta,2025,,1,R1,s,no figure found\n"
				   "CCC,Gamma,2025,2.00,1,R1,s,press report\n";
	char *dir = lone_file(file, sizeof file - 1);
	struct ds_run r;
	const char *a[] = { "--data",      "s.csv",    "set", "AAA", "2025",
			    "pct_gdp=2.1", "--source", "p",   NULL };
	run_in(&r, dir, a, NULL);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, "Alpha 2025 pct_gdp: (empty) -> 2.1\n"
				   "Alpha 2025 source: s -> p\n"
				   "Alpha 2025 note: no figure found -> (empty)\n"
				   "note cleared: it explained why the figure was missing (give "
				   "note=TEXT to set another)\n");
	ds_run_free(&r);
	const char *b[] = { "--data",   "s.csv", "set",
			    "BBB",      "2025",  "pct_gdp=2.25",
			    "--source", "q",     "note=from the ministry",
			    NULL };
	run_in(&r, dir, b, NULL);
	assert_int_equal(r.status, 0);
	assert_null(strstr(r.out, "note cleared"));
	ds_run_free(&r);
	const char *c[] = { "--data",       "s.csv",    "set", "CCC", "2025",
			    "pct_gdp=2.10", "--source", "t",   NULL };
	run_in(&r, dir, c, NULL);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, "Gamma 2025 pct_gdp: 2.00 -> 2.10\nGamma 2025 source: s -> t\n");
	ds_run_free(&r);
	static const char want[] = "iso3,country,year,pct_gdp,estimate,release,source,note\n"
				   "AAA,Alpha,2024,1.50,0,R1,s,\n"
				   "AAA,Alpha,2025,2.1,1,R1,p,\n"
				   "BBB,Beta,2025,2.25,1,R1,q,from the ministry\n"
				   "CCC,Gamma,2025,2.10,1,R1,t,press report\n";
	expect_file(dir, "s.csv", want, sizeof want - 1);
	/* The one-decimal figure is read as one decimal: list prints 2.1, not 2.10. */
	const char *l[] = { "--data", "s.csv", "--format", "csv", "list", "-t", "2", NULL };
	run_in(&r, dir, l, NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, ",AAA,Alpha,2025,2.1,true,true,0.0,0,R1,p\n"));
	ds_run_free(&r);
	ds_test_rmtree(dir);
	free(dir);
}

static void test_refuses_special_files(void **state)
{
	(void)state;
	char *dir = ds_test_tmpdir();
	assert_non_null(dir);
	assert_int_equal(ds_test_copy_data(dir), 0);
	char *sp = ds_test_join(dir, "spending.csv");
	assert_int_equal(unlink(sp), 0);
	assert_int_equal(symlink("/dev/null", sp), 0);
	struct ds_run r;
	const char *args[] = { "--data",    ".",        "set", "POL", "2024",
			       "pct_gdp=4", "--source", "t",   NULL };
	run_in(&r, dir, args, NULL);
	assert_int_equal(r.status, 73);
	assert_string_equal(
		r.err,
		"defspend: ./spending.csv: refusing to update: a device, not a regular file\n");
	ds_run_free(&r);
	assert_int_equal(unlink(sp), 0);
	assert_int_equal(mkfifo(sp, 0644), 0);
	run_in(&r, dir, args, NULL);
	assert_int_equal(r.status, 73);
	assert_string_equal(
		r.err,
		"defspend: ./spending.csv: refusing to update: a fifo, not a regular file\n");
	ds_run_free(&r);
	assert_int_equal(unlink(sp), 0);
	assert_int_equal(mkdir(sp, 0755), 0);
	run_in(&r, dir, args, NULL);
	assert_int_equal(r.status, 73);
	assert_string_equal(
		r.err,
		"defspend: ./spending.csv: refusing to update: a directory, not a regular file\n");
	ds_run_free(&r);
	free(sp);
	ds_test_rmtree(dir);
	free(dir);
}

static void test_lock_timeout_names_holder(void **state)
{
	(void)state;
	char *dir = lone_file(awkward, sizeof awkward - 1);
	char *lp = ds_test_join(dir, ".defspend.lock");
	int fd = open(lp, O_RDWR | O_CREAT, 0644);
	assert_true(fd >= 0);
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	assert_int_equal(fcntl(fd, F_SETLK, &fl), 0);
	struct ds_run r;
	const char *args[] = { "--data",      "s.csv",    "set", "BBB", "2024",
			       "pct_gdp=2.5", "--source", "t",   NULL };
	const char *env[] = { "DEFSPEND_LOCK_TIMEOUT=0.2", NULL };
	run_in(&r, dir, args, env);
	assert_int_equal(r.status, 75);
	/* The lock is where the file really is: its resolved directory. */
	char *real = realpath(dir, NULL);
	assert_non_null(real);
	char want[4300];
	snprintf(want, sizeof want,
		 "defspend: '%s' is locked by process %ld (waited 200 ms); try again later\n", real,
		 (long)getpid());
	free(real);
	assert_string_equal(r.err, want);
	expect_file(dir, "s.csv", awkward, sizeof awkward - 1);
	ds_run_free(&r);
	close(fd);
	free(lp);
	ds_test_rmtree(dir);
	free(dir);
}

/* Starts the binary with args, output to /dev/null; returns its pid. */
static pid_t spawn(const char *dir, const char *const *args, const char *timeout)
{
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);
		dup2(null, 1);
		dup2(null, 2);
		if (chdir(dir) != 0)
			_exit(126);
		setenv("DEFSPEND_LOCK_TIMEOUT", timeout, 1);
		setenv("LC_ALL", "C", 1);
		const char *argv[16];
		size_t n = 0;
		argv[n++] = ds_test_bin();
		for (size_t i = 0; args[i] && n < 15; i++)
			argv[n++] = args[i];
		argv[n] = NULL;
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	return pid;
}

static void test_concurrent_sets_all_land(void **state)
{
	(void)state;
	/* 32 members, one row each; 32 writers, one per row, all at once. */
	char content[8192];
	size_t o = (size_t)snprintf(content, sizeof content,
				    "iso3,country,year,pct_gdp,estimate,release,source\n");
	for (int i = 0; i < 32; i++)
		o += (size_t)snprintf(content + o, sizeof content - o,
				      "A%c%c,Member %d,2024,1.00,0,R,s\n", 'A' + i / 26,
				      'A' + i % 26, i);
	char *dir = lone_file(content, o);
	char bin[4096];
	assert_non_null(realpath(ds_test_bin(), bin));
	setenv("DEFSPEND_BIN", bin, 1);
	pid_t pids[32];
	char codes[32][4];
	for (int i = 0; i < 32; i++) {
		snprintf(codes[i], sizeof codes[i], "A%c%c", 'A' + i / 26, 'A' + i % 26);
		const char *args[] = { "--data",       "s.csv",    "set", codes[i], "2024",
				       "pct_gdp=3.25", "--source", "n",   NULL };
		pids[i] = spawn(dir, args, "60");
	}
	for (int i = 0; i < 32; i++) {
		int st;
		assert_int_equal(waitpid(pids[i], &st, 0), pids[i]);
		assert_true(WIFEXITED(st));
		assert_int_equal(WEXITSTATUS(st), 0);
	}
	char *p = ds_test_join(dir, "s.csv");
	char *data = ds_test_read(p, NULL);
	assert_non_null(data);
	int hits = 0;
	for (const char *s = data; (s = strstr(s, ",3.25,0,R,n\n")) != NULL; s++)
		hits++;
	assert_int_equal(hits, 32);
	assert_null(strstr(data, "1.00"));
	free(data);
	free(p);
	ds_test_rmtree(dir);
	free(dir);
}

/* ~50k rows: 1000 members x 50 years. */
static char *big_file(size_t *len)
{
	size_t cap = 2u * 1024 * 1024, o = 0;
	char *buf = malloc(cap);
	assert_non_null(buf);
	o += (size_t)snprintf(buf, cap, "iso3,country,year,pct_gdp,estimate,release,source\n");
	for (int m = 0; m < 1000; m++)
		for (int y = 2000; y < 2050; y++)
			o += (size_t)snprintf(buf + o, cap - o,
					      "%c%c%c,Member %d,%d,%d.%02d,0,R,s\n", 'A' + m / 676,
					      'A' + m / 26 % 26, 'A' + m % 26, m, y, 1 + m % 4,
					      y % 100);
	*len = o;
	return buf;
}

static void test_kill_during_update(void **state)
{
	(void)state;
	size_t lena, lenb;
	char *va = big_file(&lena);
	char *dir = lone_file(va, lena);
	char *p = ds_test_join(dir, "s.csv");
	const char *to_b[] = { "--data",       "s.csv",    "set", "AAA", "2030",
			       "pct_gdp=9.99", "--source", "k",   NULL };
	const char *to_a[] = { "--data",       "s.csv",    "set", "AAA", "2030",
			       "pct_gdp=1.30", "--source", "s",   NULL };
	/* The two versions: run once to B, keep it, and back to A, which must be the original
	 * again. */
	int st;
	pid_t pid = spawn(dir, to_b, "10");
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_int_equal(WEXITSTATUS(st), 0);
	char *vb = ds_test_read(p, &lenb);
	assert_non_null(vb);
	assert_true(lenb == lena && memcmp(va, vb, lena) != 0);
	pid = spawn(dir, to_a, "10");
	assert_int_equal(waitpid(pid, &st, 0), pid);
	expect_file(dir, "s.csv", va, lena);
	/* Fixed seed: the same "random" moments on every run. */
	unsigned seed = 12345;
	int killed = 0;
	for (int i = 0; i < 16; i++) {
		pid = spawn(dir, i % 2 ? to_a : to_b, "10");
		seed = seed * 1103515245u + 12345u;
		struct timespec ts = { 0, (long)(seed >> 8) % 120 * 1000000L };
		nanosleep(&ts, NULL);
		kill(pid, SIGKILL);
		assert_int_equal(waitpid(pid, &st, 0), pid);
		killed += WIFSIGNALED(st);
		size_t len;
		char *now = ds_test_read(p, &len);
		assert_non_null(now);
		int is_a = len == lena && memcmp(now, va, lena) == 0;
		int is_b = len == lenb && memcmp(now, vb, lenb) == 0;
		assert_true(is_a || is_b);
		free(now);
	}
	assert_true(killed > 0);
	/* The next writer takes the lock and sweeps the killed writers' temporary files. */
	pid = spawn(dir, to_a, "10");
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_int_equal(WEXITSTATUS(st), 0);
	expect_file(dir, "s.csv", va, lena);
	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_dataset *ds;
	assert_int_equal(ds_dataset_load(p, NULL, &ds, &err), 0);
	assert_int_equal(ds->spending->n, 50000);
	ds_dataset_free(ds);
	ds_errors_release(&err);
	free(va);
	free(vb);
	free(p);
	ds_test_rmtree(dir);
	free(dir);
}

/* A lone file reached through a symbolic link is locked beside its target,
 * where the write lands, so two paths to one file exclude each other. */
static void test_symlink_locked_at_target(void **state)
{
	(void)state;
	char *dir = ds_test_tmpdir();
	assert_non_null(dir);
	char *real = ds_test_join(dir, "real"), *link = ds_test_join(dir, "link");
	assert_int_equal(mkdir(real, 0755), 0);
	assert_int_equal(mkdir(link, 0755), 0);
	char *file = ds_test_join(real, "s.csv"), *via = ds_test_join(link, "s.csv");
	assert_int_equal(ds_test_write(file,
				       "iso3,country,year,pct_gdp,estimate,release,source\n"
				       "POL,Poland,2023,3.9,0,R1,src\n",
				       (size_t)-1),
			 0);
	assert_int_equal(symlink("../real/s.csv", via), 0);
	struct ds_run r;
	const char *a[] = { "--data", via, "set", "POL", "2023", "pct_gdp=4.0", "source=y", NULL };
	assert_int_equal(ds_run(&r, a, NULL, NULL, NULL), 0);
	assert_int_equal(r.status, 0);
	ds_run_free(&r);
	char *in_real = ds_test_join(real, ".defspend.lock"),
	     *in_link = ds_test_join(link, ".defspend.lock");
	assert_int_equal(access(in_real, F_OK), 0);
	assert_int_not_equal(access(in_link, F_OK), 0);
	struct stat st;
	assert_int_equal(lstat(via, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	free(in_real);
	free(in_link);
	free(file);
	free(via);
	free(real);
	free(link);
	ds_test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_doc_identity),
		cmocka_unit_test(test_doc_edit),
		cmocka_unit_test(test_doc_refuses_bad_csv),
		cmocka_unit_test(test_set_same_value_is_byte_identical),
		cmocka_unit_test(test_set_changes_one_record),
		cmocka_unit_test(test_index_finds_rows),
		cmocka_unit_test(test_set_rejects_bad_value),
		cmocka_unit_test(test_set_clears_note_keeps_precision),
		cmocka_unit_test(test_refuses_special_files),
		cmocka_unit_test(test_lock_timeout_names_holder),
		cmocka_unit_test(test_concurrent_sets_all_land),
		cmocka_unit_test(test_kill_during_update),
		cmocka_unit_test(test_symlink_locked_at_target),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
