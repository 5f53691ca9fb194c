/*
 * test_terminal_e2e.c - the real binary on a real (pseudo-)terminal: tables
 * fit the terminal's width, pipes get every column, --columns, --wide,
 * --color, -q and -V.
 *
 * The terminal is made here with posix_openpt() and sized with TIOCSWINSZ
 * (helpers.c, ds_run_pty), so nothing beyond libc is needed.  A line's
 * width is counted in characters after removing colour codes: the shipped
 * data's text is Latin, one column per character.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"

/* The widest line of s in characters, escape sequences left out. */
static size_t widest(const char *s)
{
	size_t best = 0, w = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '\033') {
			while (*p && *p != 'm')
				p++;
			if (!*p)
				break;
			continue;
		}
		if (*p == '\n') {
			w = 0;
			continue;
		}
		if ((*p & 0xC0) != 0x80)
			w++;
		if (w > best)
			best = w;
	}
	return best;
}

static char *data_arg(void)
{
	static char buf[4200];
	snprintf(buf, sizeof buf, "--data=%s", ds_test_path("data"));
	return buf;
}

/* Runs args (after --data and --color=never) on a terminal cols wide; returns stdout. */
static char *on_tty(unsigned short cols, const char *const *args, const char *const *env)
{
	const char *argv[32];
	size_t n = 0;
	argv[n++] = data_arg();
	argv[n++] = "--color=never";
	for (size_t i = 0; args[i] && n < 31; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	struct ds_run r;
	assert_int_equal(ds_run_pty(&r, argv, NULL, env, cols, 0), 0);
	if (r.status != 0)
		fail_msg("%s: exit %d: %s", args[0], r.status, r.err);
	assert_string_equal(r.err, "");
	char *out = r.out;
	r.out = NULL;
	ds_run_free(&r);
	return out;
}

/* The same through a pipe. */
static char *on_pipe(const char *const *args)
{
	const char *argv[32];
	size_t n = 0;
	argv[n++] = data_arg();
	for (size_t i = 0; args[i] && n < 31; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	struct ds_run r;
	assert_int_equal(ds_run(&r, argv, NULL, NULL, NULL), 0);
	assert_int_equal(r.status, 0);
	char *out = r.out;
	r.out = NULL;
	ds_run_free(&r);
	return out;
}

static const char *const commands[][4] = {
	{ "list", NULL },
	{ "show", "POL", NULL },
	{ "show", "TUR", "DEU", NULL },
	{ "compare", NULL },
	{ "trend", NULL },
	{ "aid", NULL },
	{ "releases", NULL },
	{ "revisions", NULL },
	{ "revisions", "POL", NULL },
	{ "--year", "2024", "list", NULL },
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

/* At 80 columns every command fits: no line is wider, and the last line says what is left out. */
static void test_fits_80(void **state)
{
	(void)state;
	for (size_t i = 0; i < NCOMMANDS; i++) {
		char *out = on_tty(80, commands[i], NULL);
		if (widest(out) > 80)
			fail_msg("'%s': a line of %zu columns at 80:\n%s", commands[i][0],
				 widest(out), out);
		/* The table is still a table: its rule line is there. */
		assert_non_null(strstr(out, "----"));
		free(out);
	}
	const char *const list[] = { "list", NULL };
	char *out = on_tty(80, list, NULL);
	/* Each threshold is one compact cell, and no header is broken. */
	assert_non_null(strstr(
		out, "rank  iso3  country          year  pct_gdp  estimate   2%   3.5%     5%\n"));
	assert_non_null(strstr(
		out, "   1  POL   Poland           2025     4.48       yes  yes    yes  -0.52\n"));
	const char *last = out + strlen(out) - 1;
	while (last > out && last[-1] != '\n')
		last--;
	assert_string_equal(
		last,
		"2%, 3.5%, 5%: yes, or the shortfall; left out 3 columns (--wide shows all)\n");
	free(out);
	const char *const rel[] = { "releases", NULL };
	out = on_tty(80, rel, NULL);
	assert_non_null(strstr(out, "left out: title, cutoff, year_min, year_max"));
	free(out);
}

/* Where the full table fits, the terminal gets exactly what a pipe gets. */
static void test_200_is_the_full_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < NCOMMANDS; i++) {
		char *tty = on_tty(200, commands[i], NULL);
		char *pipe = on_pipe(commands[i]);
		assert_string_equal(tty, pipe);
		free(tty);
		free(pipe);
	}
}

/* --wide and a pipe: every column, whatever the terminal's width. */
static void test_wide_and_pipes(void **state)
{
	(void)state;
	const char *const wide[] = { "--wide", "list", NULL };
	const char *const list[] = { "list", NULL };
	char *tty = on_tty(80, wide, NULL);
	char *pipe = on_pipe(list);
	assert_string_equal(tty, pipe);
	assert_true(widest(pipe) > 150);
	assert_non_null(strstr(pipe, "gap_3.5_usd_m"));
	free(tty);
	free(pipe);
}

/* $COLUMNS is the width when it is set, even on a wider terminal. */
static void test_columns_variable(void **state)
{
	(void)state;
	const char *const env[] = { "COLUMNS=60", NULL };
	const char *const aid[] = { "aid", NULL };
	char *out = on_tty(200, aid, env);
	assert_true(widest(out) <= 60);
	assert_non_null(strstr(out, "iso3  country"));
	free(out);
}

/* --columns chooses and orders the columns, in every format. */
static void test_columns_option(void **state)
{
	(void)state;
	const char *const csv[] = { "--format", "csv",    "--columns", "country,pct_gdp,iso3",
				    "list",     "--year", "2024",      NULL };
	char *out = on_pipe(csv);
	assert_int_equal(strncmp(out, "country,pct_gdp,iso3\nPoland,3.79,POL\n", 36), 0);
	free(out);
	const char *const json[] = { "--format", "json", "--columns", "iso3,meets_2", "list",
				     "--year",   "2024", "--sort",    "name",         NULL };
	out = on_pipe(json);
	assert_non_null(strstr(out, "  {\n    \"iso3\": \"ALB\",\n    \"meets_2\": false\n  },\n"));
	assert_null(strstr(out, "country"));
	free(out);
	const char *const table[] = { "--columns=iso3,pct_gdp", "list", "--year", "2024", NULL };
	out = on_tty(80, table, NULL);
	assert_int_equal(strncmp(out, "iso3  pct_gdp\n----  -------\nPOL      3.79\n", 42), 0);
	free(out);

	struct ds_run r;
	const char *const bad[] = { data_arg(), "--columns", "iso3,pct_gpd", "list", NULL };
	assert_int_equal(ds_run(&r, bad, NULL, NULL, NULL), 0);
	assert_int_equal(r.status, 64);
	assert_non_null(
		strstr(r.err, "defspend: unknown column 'pct_gpd'; did you mean 'pct_gdp'?\n"));
	ds_run_free(&r);
	const char *const none[] = { data_arg(), "--columns", "iso3", "check", NULL };
	assert_int_equal(ds_run(&r, none, NULL, NULL, NULL), 0);
	assert_int_equal(r.status, 64);
	assert_non_null(strstr(r.err, "'--columns' does not apply to 'check'"));
	ds_run_free(&r);
}

/* -q leaves out the notes and the footer, and nothing else. */
static void test_quiet(void **state)
{
	(void)state;
	const char *const loud[] = { "trend", "POL", NULL };
	const char *const quiet[] = { "-q", "trend", "POL", NULL };
	char *a = on_pipe(loud);
	char *b = on_pipe(quiet);
	assert_non_null(strstr(a, "arithmetic, not a forecast"));
	assert_null(strstr(b, "forecast"));
	assert_int_equal(strncmp(a, b, strlen(b)), 0);
	free(a);
	free(b);
	const char *const list[] = { "--quiet", "list", NULL };
	char *c = on_tty(80, list, NULL);
	assert_null(strstr(c, "--wide"));
	assert_null(strstr(c, "reporting"));
	free(c);
}

/* Colour: auto on a terminal only, never with NO_COLOR or TERM=dumb; always and never as said. */
static void test_color(void **state)
{
	(void)state;
	struct ds_run r;
	const char *const args[] = { data_arg(), "list", NULL };
	const char *const term[] = { "TERM=xterm", "NO_COLOR=", NULL };
	assert_int_equal(ds_run_pty(&r, args, NULL, term, 200, 0), 0);
	assert_non_null(strstr(r.out, "\033[32myes\033[0m"));
	ds_run_free(&r);
	const char *const no_color[] = { "TERM=xterm", "NO_COLOR=1", NULL };
	assert_int_equal(ds_run_pty(&r, args, NULL, no_color, 200, 0), 0);
	assert_null(strchr(r.out, '\033'));
	ds_run_free(&r);
	const char *const dumb[] = { "TERM=dumb", "NO_COLOR=", NULL };
	assert_int_equal(ds_run_pty(&r, args, NULL, dumb, 200, 0), 0);
	assert_null(strchr(r.out, '\033'));
	ds_run_free(&r);
	const char *const always[] = { data_arg(), "--color=always", "list", NULL };
	assert_int_equal(ds_run(&r, always, NULL, NULL, NULL), 0);
	assert_non_null(strstr(r.out, "\033[1mrank"));
	ds_run_free(&r);
	const char *const never[] = { data_arg(), "--color", "never", "list", NULL };
	assert_int_equal(ds_run_pty(&r, never, NULL, term, 200, 0), 0);
	assert_int_equal(r.status, 0);
	assert_null(strchr(r.out, '\033'));
	ds_run_free(&r);
	const char *const wrong[] = { data_arg(), "--color=allways", "list", NULL };
	assert_int_equal(ds_run(&r, wrong, NULL, NULL, NULL), 0);
	assert_int_equal(r.status, 64);
	assert_non_null(strstr(r.err, "unknown --color value 'allways'; did you mean 'always'?"));
	ds_run_free(&r);
}

static void test_version(void **state)
{
	(void)state;
	const char *const v[] = { "-V", NULL };
	const char *const version[] = { "--version", NULL };
	char *a = on_pipe(v);
	char *b = on_pipe(version);
	assert_int_equal(strncmp(a, "defspend ", 9), 0);
	assert_string_equal(a, b);
	free(a);
	free(b);
}

/* Whether the progress line was wiped right before what follows at p: "\r   \r". */
static int wiped_before(const char *out, const char *p)
{
	if (p - out < 3 || p[-1] != '\r' || p[-2] != ' ')
		return 0;
	const char *q = p - 2;
	while (q > out && *q == ' ')
		q--;
	return *q == '\r';
}

/*
 * Long work shows its progress on stderr when it is a terminal ("charts
 * 3/11", one line rewritten in place, wiped before anything else is
 * shown); a pipe gets none of it, nor does a terminal with -q.
 */
static void test_progress(void **state)
{
	(void)state;
	char *dir = ds_test_tmpdir();
	char *out = ds_test_join(dir, "r");
	const char *report[] = { data_arg(), "report", "--out", out, "--render", "none", NULL };
	struct ds_run r;
	assert_int_equal(ds_run_pty(&r, report, NULL, NULL, 80, 1), 0);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "\rreading data"));
	assert_non_null(strstr(r.out, "\rtables 1/"));
	assert_non_null(strstr(r.out, "\rcharts 1/"));
	char *paths = strstr(r.out, "/r/index.html\n");
	assert_non_null(paths);
	while (paths > r.out && paths[-1] != '\r' && paths[-1] != '\n')
		paths--;
	assert_true(wiped_before(r.out, paths));
	ds_run_free(&r);
	/* A pipe: the notes of skipped charts at most, no progress. */
	assert_int_equal(ds_run(&r, report, NULL, NULL, NULL), 0);
	assert_int_equal(r.status, 0);
	assert_null(strchr(r.err, '\r'));
	assert_null(strstr(r.err, "charts 1/"));
	ds_run_free(&r);
	/* -q on a terminal. */
	const char *quiet[] = {
		"-q", data_arg(), "report", "--out", out, "--render", "none", NULL
	};
	assert_int_equal(ds_run_pty(&r, quiet, NULL, NULL, 80, 1), 0);
	assert_int_equal(r.status, 0);
	assert_null(strchr(r.out, '\r'));
	ds_run_free(&r);
	/* check says what it is doing while it reads, then wipes it. */
	const char *check[] = { data_arg(), "check", NULL };
	assert_int_equal(ds_run_pty(&r, check, NULL, NULL, 80, 1), 0);
	assert_int_equal(r.status, 0);
	assert_int_equal(strncmp(r.out, "\rchecking", 9), 0);
	char *data = strstr(r.out, "data: ");
	assert_non_null(data);
	assert_true(wiped_before(r.out, data));
	ds_run_free(&r);
	ds_test_rmtree(dir);
	free(out);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fits_80),        cmocka_unit_test(test_200_is_the_full_table),
		cmocka_unit_test(test_wide_and_pipes), cmocka_unit_test(test_columns_variable),
		cmocka_unit_test(test_columns_option), cmocka_unit_test(test_quiet),
		cmocka_unit_test(test_color),          cmocka_unit_test(test_version),
		cmocka_unit_test(test_progress),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
