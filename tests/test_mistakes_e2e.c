/*
 * test_mistakes_e2e.c - what the real binary says to a user who mistyped:
 * the word exactly as typed, the nearest thing it could have meant, and
 * exit 64, for commands, options, formats, sort keys, charts and columns.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"

static char data[4200];

/* Runs args after --data; expects exit 64 and want as the first line of stderr. */
static void expect_usage(const char *const *args, const char *want)
{
	const char *argv[32];
	size_t n = 0;
	argv[n++] = data;
	for (size_t i = 0; args[i] && n < 31; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	struct ds_run r;
	assert_int_equal(ds_run(&r, argv, NULL, NULL, NULL), 0);
	size_t first = strcspn(r.err, "\n");
	if (r.status != 64 || strlen(want) != first || strncmp(r.err, want, first) != 0)
		fail_msg("defspend %s: exit %d, stderr:\n%s\nwanted 64 and: %s", args[0], r.status,
			 r.err, want);
	/* Nothing on stdout: a mistake is not an answer. */
	assert_string_equal(r.out, "");
	ds_run_free(&r);
}

static void test_commands(void **state)
{
	(void)state;
	const char *const lst[] = { "lst", NULL };
	expect_usage(lst, "defspend: unknown command 'lst'; did you mean 'list'?");
	const char *const shwo[] = { "shwo", "POL", NULL };
	expect_usage(shwo, "defspend: unknown command 'shwo'; did you mean 'show'?");
	const char *const upper[] = { "LIST", NULL };
	expect_usage(upper, "defspend: unknown command 'LIST'; did you mean 'list'?");
	const char *const help[] = { "help", "revisons", NULL };
	expect_usage(help, "defspend: unknown command 'revisons'; did you mean 'revisions'?");
	/* Nothing close: no guess. */
	const char *const far[] = { "frobnicate", NULL };
	expect_usage(far, "defspend: unknown command 'frobnicate'");
	/* The hidden helper is never offered. */
	const char *const compl [] = { "complet", NULL };
	expect_usage(compl, "defspend: unknown command 'complet'");
}

static void test_options(void **state)
{
	(void)state;
	/* Before the command: the option is the mistake, not "csv". */
	const char *const before[] = { "--frmat", "csv", "list", NULL };
	expect_usage(before, "defspend: unknown option '--frmat'; did you mean '--format'?");
	const char *const after[] = { "list", "--frmat", "csv", NULL };
	expect_usage(after, "defspend: unknown option '--frmat'; did you mean '--format'?");
	const char *const eq[] = { "list", "--srot=name", NULL };
	expect_usage(eq, "defspend: unknown option '--srot=name'; did you mean '--sort'?");
	const char *const own[] = { "trend", "--form", "2014", NULL };
	expect_usage(own, "defspend: unknown option '--form'; did you mean '--from'?");
	/* An option of another command is not suggested as if this one took it. */
	const char *const other[] = { "list", "--dry-run", NULL };
	expect_usage(other, "defspend: unknown option '--dry-run'");
}

static void test_values(void **state)
{
	(void)state;
	const char *const fmt[] = { "--format", "jsno", "list", NULL };
	expect_usage(fmt, "defspend: unknown format 'jsno'; did you mean 'json'? (table, csv, tsv, "
			  "json or md)");
	const char *const sort[] = { "list", "--sort", "nmae", NULL };
	expect_usage(sort, "defspend: unknown sort 'nmae'; did you mean 'name'? (pct, name, gap, "
			   "gap_usd, per_capita, usd or real_change)");
	const char *const aid[] = { "aid", "--sort", "militray", NULL };
	expect_usage(aid, "defspend: unknown sort 'militray'; did you mean 'military'? (total, "
			  "military, financial, humanitarian, pct_gdp or committed)");
	const char *const chart[] = { "plot", "rankng", "--render", "none", NULL };
	expect_usage(chart, "defspend: unknown chart 'rankng'; did you mean 'ranking'? (ranking, "
			    "trend, count, gap, per-capita, real, burden, aid, aid-pct-gdp, path, "
			    "revisions)");
	const char *const col[] = { "--columns", "iso3,contry", "list", NULL };
	expect_usage(col, "defspend: unknown column 'contry'; did you mean 'country'?");
	const char *const country[] = { "show", "Polnad", NULL };
	expect_usage(country, "defspend: unknown country 'Polnad'; did you mean 'Poland'?");
}

int main(void)
{
	snprintf(data, sizeof data, "--data=%s", ds_test_path("data"));
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_commands),
		cmocka_unit_test(test_options),
		cmocka_unit_test(test_values),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
