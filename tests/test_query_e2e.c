/*
 * test_query_e2e.c - end-to-end tests of list, show, compare, trend and aid:
 * the real binary, its exit code, stdout and stderr.
 *
 * Two kinds of data: the shipped data/ (every command in every format, and
 * figures anyone can check against NATO's table: 18 allies at or above 2%
 * in 2024, Poland 2024 at 3.79) and a small release written here, whose
 * every output byte was worked out by hand (see test_calc.c for the sums).
 */
#define _XOPEN_SOURCE 700 /* popen */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include <cmocka.h>

#include "helpers.h"

static const char small_csv[] =
	"iso3,country,year,pct_gdp,spend_usd_m,gdp_usd_bn,estimate,release,source\n"
	"AAA,Alpha,2014,1.00,,100,0,t,s\n"
	"AAA,Alpha,2024,2.00,2000,100,1,t,s\n"
	"BBB,Beta,2014,1.50,,,0,t,s\n"
	"BBB,Beta,2024,1.99,,,0,t,s\n"
	"CCC,Gamma,2024,2.00,3000,150,0,t,s\n"
	"DDD,Delta,2024,,,,0,t,s\n"
	"EEE,Epsilon,2014,2.5,,,0,t,s\n"
	"USA,United States,2024,3.40,800000,25000,0,t,s\n";

static char *small_dir, *small_path;

static int group_setup(void **state)
{
	(void)state;
	small_dir = ds_test_tmpdir();
	if (small_dir == NULL)
		return -1;
	small_path = ds_test_join(small_dir, "spending.csv");
	return small_path && ds_test_write(small_path, small_csv, (size_t)-1) == 0 ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	ds_test_rmtree(small_dir);
	free(small_dir);
	free(small_path);
	return 0;
}

/* Runs defspend with args (NULL-terminated) and env; asserts it could run. */
static void run(struct ds_run *r, const char *const *env, const char *const *args)
{
	assert_int_equal(ds_run(r, args, NULL, env, NULL), 0);
}

/* A small JSON validator: enough to say the output parses (RFC 8259). */
static const char *json_value(const char *p);

static const char *json_ws(const char *p)
{
	while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
		p++;
	return p;
}

static const char *json_string(const char *p)
{
	if (*p++ != '"')
		return NULL;
	while (*p != '"') {
		if ((unsigned char)*p < 0x20)
			return NULL;
		if (*p == '\\') {
			p++;
			if (*p == 'u') {
				for (int i = 1; i <= 4; i++)
					if (strchr("0123456789abcdefABCDEF", p[i]) == NULL ||
					    p[i] == '\0')
						return NULL;
				p += 4;
			} else if (*p == '\0' || strchr("\"\\/bfnrt", *p) == NULL) {
				return NULL;
			}
		}
		p++;
	}
	return p + 1;
}

static const char *json_number(const char *p)
{
	if (*p == '-')
		p++;
	if (*p == '0')
		p++;
	else if (*p >= '1' && *p <= '9')
		while (*p >= '0' && *p <= '9')
			p++;
	else
		return NULL;
	if (*p == '.') {
		if (!(*++p >= '0' && *p <= '9'))
			return NULL;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return p;
}

static const char *json_seq(const char *p, char close, int object)
{
	p = json_ws(p + 1);
	if (*p == close)
		return p + 1;
	for (;;) {
		if (object) {
			p = json_string(json_ws(p));
			if (p == NULL || *(p = json_ws(p)) != ':')
				return NULL;
			p++;
		}
		p = json_value(p);
		if (p == NULL)
			return NULL;
		p = json_ws(p);
		if (*p == close)
			return p + 1;
		if (*p++ != ',')
			return NULL;
	}
}

static const char *json_value(const char *p)
{
	p = json_ws(p);
	if (*p == '{')
		return json_seq(p, '}', 1);
	if (*p == '[')
		return json_seq(p, ']', 0);
	if (*p == '"')
		return json_string(p);
	if (strncmp(p, "true", 4) == 0)
		return p + 4;
	if (strncmp(p, "false", 5) == 0)
		return p + 5;
	if (strncmp(p, "null", 4) == 0)
		return p + 4;
	return json_number(p);
}

static int json_valid(const char *s)
{
	const char *end = json_value(s);
	return end != NULL && *json_ws(end) == '\0';
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

static void test_every_command_and_format(void **state)
{
	(void)state;
	static const char *const formats[] = { "table", "csv", "tsv", "json", "md" };
	static const char *const cmds[][3] = {
		{ "list", NULL },  { "show", "POL" }, { "compare", NULL },
		{ "trend", NULL }, { "aid", NULL },
	};
	const char *data = ds_test_path("data");
	char *d = strdup(data);
	assert_non_null(d);
	for (size_t c = 0; c < sizeof cmds / sizeof cmds[0]; c++) {
		for (size_t f = 0; f < 5; f++) {
			const char *args[] = { "--data",   d,          "--format", formats[f],
					       cmds[c][0], cmds[c][1], NULL };
			struct ds_run r;
			run(&r, NULL, args);
			if (r.status != 0 || r.errlen != 0 || r.outlen == 0)
				fail_msg("%s --format %s: exit %d, stderr '%s'", cmds[c][0],
					 formats[f], r.status, r.err);
			assert_int_equal(r.out[r.outlen - 1], '\n');
			if (f == 3 && !json_valid(r.out))
				fail_msg("%s: invalid JSON:\n%s", cmds[c][0], r.out);
			/* Extras follow the table only in the table and md formats. */
			int extras = strstr(r.out, "\n\n") != NULL;
			assert_int_equal(extras, f == 0 || f == 4);
			ds_run_free(&r);
		}
	}
	free(d);
}

static void test_known_figures(void **state)
{
	(void)state;
	const char *args[] = {
		"--data", ds_test_path("data"), "--year", "2024", "--format", "csv", "list", NULL
	};
	struct ds_run r;
	run(&r, NULL, args);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.err, "");
	assert_memory_equal(
		r.out,
		"rank,iso3,country,year,pct_gdp,estimate,meets_2,gap_2_pp,gap_2_usd_m,"
		"meets_3.5,gap_3.5_pp,gap_3.5_usd_m,meets_5,gap_5_pp,gap_5_usd_m,release,source\n"
		"1,POL,Poland,2024,3.79,true,true,0.00,0,true,0.00,0,false,1.21,",
		strlen("rank,iso3,country,year,pct_gdp,estimate,meets_2,gap_2_pp,gap_2_usd_m,"
		       "meets_3.5,gap_3.5_pp,gap_3.5_usd_m,meets_5,gap_5_pp,gap_5_usd_m,release,"
		       "source\n"
		       "1,POL,Poland,2024,3.79,true,true,0.00,0,true,0.00,0,false,1.21,"));
	/* 18 allies meet 2%; 13 with figures do not; Iceland has none. */
	assert_int_equal(count(r.out, ",2024,"), 32);
	assert_int_equal(count(r.out, "true,0.00,0,"), 18 + 1); /* + Poland at 3.5 */
	assert_non_null(strstr(r.out, "\n,ISL,Iceland,2024,,,,,,,,,,,,2025-08,"));
	ds_run_free(&r);

	const char *cmp[] = { "--data",   ds_test_path("data"),
			      "--format", "csv",
			      "compare",  "--from",
			      "2024",     "--to",
			      "2024",     NULL };
	run(&r, NULL, cmp);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, "year,threshold,meeting,reporting,missing\n"
				   "2024,2,18,31,1\n2024,3.5,1,31,1\n2024,5,0,31,1\n");
	assert_string_equal(r.err, "");
	ds_run_free(&r);
}

static void test_small_list(void **state)
{
	(void)state;
	const char *args[] = { "--data", small_path, "list", "--format", "csv", NULL };
	struct ds_run r;
	run(&r, NULL, args);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.err, "");
	assert_string_equal(
		r.out,
		"rank,iso3,country,year,pct_gdp,estimate,meets_2,gap_2_pp,gap_2_usd_m,meets_3.5,"
		"gap_3.5_pp,gap_3.5_usd_m,meets_5,gap_5_pp,gap_5_usd_m,release,source\n"
		"1,USA,United States,2024,3.40,false,true,0.00,0,false,0.10,25000,false,1.60,400000,"
		"t,s\n"
		"2,AAA,Alpha,2024,2.00,true,true,0.00,0,false,1.50,1500,false,3.00,3000,t,s\n"
		"2,CCC,Gamma,2024,2.00,false,true,0.00,0,false,1.50,2250,false,3.00,4500,t,s\n"
		"4,BBB,Beta,2024,1.99,false,false,0.01,,false,1.51,,false,3.01,,t,s\n"
		",DDD,Delta,2024,,,,,,,,,,,,t,s\n"
		",EEE,Epsilon,2024,,,,,,,,,,,,,\n");
	ds_run_free(&r);

	/* Custom thresholds name the columns; --sort gap puts the largest shortfall first. */
	const char *custom[] = { "--data", small_path, "-t",     "1.995,3.4", "--format",
				 "tsv",    "list",     "--sort", "gap",       NULL };
	run(&r, NULL, custom);
	assert_int_equal(r.status, 0);
	assert_string_equal(
		r.out,
		"rank\tiso3\tcountry\tyear\tpct_gdp\testimate\tmeets_1.995\tgap_1.995_pp\t"
		"gap_1.995_usd_m\tmeets_3.4\tgap_3.4_pp\tgap_3.4_usd_m\trelease\tsource\n"
		"4\tBBB\tBeta\t2024\t1.99\tfalse\tfalse\t0.005\t\tfalse\t1.41\t\tt\ts\n"
		"1\tUSA\tUnited States\t2024\t3.40\tfalse\ttrue\t0.000\t0\ttrue\t0.00\t0\tt\ts\n"
		"2\tAAA\tAlpha\t2024\t2.00\ttrue\ttrue\t0.000\t0\tfalse\t1.40\t1400\tt\ts\n"
		"2\tCCC\tGamma\t2024\t2.00\tfalse\ttrue\t0.000\t0\tfalse\t1.40\t2100\tt\ts\n"
		"\tDDD\tDelta\t2024\t\t\t\t\t\t\t\t\tt\ts\n"
		"\tEEE\tEpsilon\t2024\t\t\t\t\t\t\t\t\t\t\n");
	ds_run_free(&r);

	const char *json[] = { "--data", small_path, "--year", "2014", "--format",
			       "json",   "list",     "--sort", "name", NULL };
	run(&r, NULL, json);
	assert_int_equal(r.status, 0);
	assert_true(json_valid(r.out));
	assert_non_null(strstr(r.out, "\"rank\": null"));
	assert_non_null(strstr(r.out, "\"pct_gdp\": 2.5,"));
	assert_non_null(strstr(r.out, "\"meets_2\": true"));
	assert_non_null(strstr(r.out, "\"gap_2_usd_m\": null"));
	assert_true(strstr(r.out, "Alpha") < strstr(r.out, "Beta"));
	ds_run_free(&r);
}

/*
 * list --year Y keeps only the rows it answers from (load.h, keep); list
 * without --year answers the latest year from every row.  For the latest
 * year the two must print the same, in every format, sort and column
 * choice, notes included.
 */
static void test_year_given_same_as_latest(void **state)
{
	(void)state;
	static const char *const variants[][6] = {
		{ "--format", "csv", NULL },
		{ "--format", "table", NULL },
		{ "--format", "json", "--sort", "name", NULL },
		{ "--format", "md", "--sort", "gap_usd", NULL },
		{ "--format", "csv", "--total", "--columns", "rank,country,gap_2_usd_m", NULL },
		{ "--format", "table", "--sort", "real_change", NULL },
	};
	for (size_t i = 0; i < sizeof variants / sizeof variants[0]; i++) {
		const char *a[16] = { "--data", small_path, "list" }, *b[16];
		size_t n = 3;
		for (size_t k = 0; variants[i][k] != NULL; k++)
			a[n++] = variants[i][k];
		a[n] = NULL;
		memcpy(b, a, sizeof a);
		b[n] = "--year";
		b[n + 1] = "2024";
		b[n + 2] = NULL;
		struct ds_run ra, rb;
		run(&ra, NULL, a);
		run(&rb, NULL, b);
		assert_int_equal(ra.status, 0);
		assert_int_equal(rb.status, ra.status);
		assert_true(strstr(ra.out, "Alpha") != NULL);
		assert_string_equal(rb.out, ra.out);
		assert_string_equal(rb.err, ra.err);
		ds_run_free(&ra);
		ds_run_free(&rb);
	}
	/* A year without figures is refused alike, naming the years there are. */
	const char *none[] = { "--data", small_path, "list", "--year", "2020", NULL };
	struct ds_run r;
	run(&r, NULL, none);
	assert_int_equal(r.status, 64);
	assert_non_null(strstr(r.err, "2014, 2024"));
	ds_run_free(&r);
}

static void test_small_compare_trend(void **state)
{
	(void)state;
	/* Years without any figure (2015-2023) are no rows: not "0 of 6 reporting". */
	const char *cmp[] = { "--data", small_path, "--format", "csv", "compare", NULL };
	struct ds_run r;
	run(&r, NULL, cmp);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, "year,threshold,meeting,reporting,missing\n"
				   "2014,2,1,3,3\n2014,3.5,0,3,3\n2014,5,0,3,3\n"
				   "2024,2,3,4,2\n2024,3.5,0,4,2\n2024,5,0,4,2\n");
	ds_run_free(&r);

	const char *tr[] = {
		"--data", small_path, "--format", "csv", "trend", "bbb", "Alpha", NULL
	};
	run(&r, NULL, tr);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.err, "");
	assert_string_equal(r.out,
			    "iso3,country,from_year,from_pct,to_year,to_pct,change_pp,"
			    "avg_change_pp,target_year,projected_pct,on_track_2,on_track_3.5,"
			    "on_track_5,release,source\n"
			    "BBB,Beta,2014,1.50,2024,1.99,0.49,0.0490,2035,2.53,true,false,"
			    "false,t,s\n"
			    "AAA,Alpha,2014,1.00,2024,2.00,1.00,0.1000,2035,3.10,true,false,"
			    "false,t,s\n");
	ds_run_free(&r);

	/* In the table format compare names the members that crossed a threshold. */
	const char *tab[] = { "--data", small_path, "compare", NULL };
	run(&r, NULL, tab);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "No member crossed a threshold"));
	ds_run_free(&r);
}

static void test_show_extras(void **state)
{
	(void)state;
	const char *args[] = { "--data", small_path, "show", "AAA", "--by", "2039", NULL };
	struct ds_run r;
	run(&r, NULL, args);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.err, "");
	assert_non_null(strstr(r.out, "Alpha (AAA), release t\n"));
	assert_non_null(strstr(r.out, "Rank in 2024: 2 of 4 reporting (2.00% of GDP, +1.00 points "
				      "since 2014)\n"));
	/* To 3.5 by 2039: 1.50 / 15 = 0.1000 a year, exactly the average: on track. */
	assert_non_null(strstr(
		r.out, "      3.5         2024     2.00    1.50       1500         2039"
		       "              0.1000       2014         0.1000       yes        2039\n"));
	ds_run_free(&r);
}

static void test_country_matching(void **state)
{
	(void)state;
	static const char *const names[] = { "TUR", "tr", "Türkiye", "turkiye", "Turkey" };
	char *first = NULL;
	char *data = strdup(ds_test_path("data"));
	assert_non_null(data);
	for (size_t i = 0; i < 5; i++) {
		const char *args[] = { "--data", data, "--format", "csv", "show", names[i], NULL };
		struct ds_run r;
		run(&r, NULL, args);
		assert_int_equal(r.status, 0);
		assert_string_equal(r.err, "");
		assert_non_null(strstr(r.out, ",TUR,Türkiye,2024,2.13,"));
		if (first == NULL)
			first = strdup(r.out);
		else
			assert_string_equal(r.out, first);
		ds_run_free(&r);
	}
	free(first);

	const char *bad[] = { "--data", data, "show", "Turky", NULL };
	struct ds_run r;
	run(&r, NULL, bad);
	assert_int_equal(r.status, 64);
	assert_string_equal(r.out, "");
	assert_non_null(strstr(r.err, "defspend: unknown country 'Turky'; did you mean 'Türkiye'"));
	ds_run_free(&r);
	free(data);
}

static void test_usage_errors(void **state)
{
	(void)state;
	static const struct {
		const char *args[8];
		int status;
		const char *err;
	} cases[] = {
		{ { "list", "--sort", "size", NULL },
		  64,
		  "defspend: unknown sort 'size' (pct, name, gap, gap_usd, per_capita, usd or "
		  "real_change)\n" },
		{ { "list", "extra", NULL }, 64, "defspend: unexpected argument 'extra'\n" },
		{ { "show", NULL }, 64, "defspend: name at least one country\n" },
		{ { "compare", "--from", "2030", NULL },
		  64,
		  "defspend: no figures for 2030 in release 't' (years 2014, 2024)\n" },
		/* A year inside the release's range without any figure is no year of it. */
		{ { "compare", "--from", "2020", NULL },
		  64,
		  "defspend: no figures for 2020 in release 't' (years 2014, 2024)\n" },
		{ { "list", "--year", "2015", NULL },
		  64,
		  "defspend: no figures for 2015 in release 't' (years 2014, 2024)\n" },
		{ { "--fill", "releases", NULL },
		  64,
		  "defspend: option '--fill' does not apply to 'releases', which answers from no "
		  "single release\n" },
		{ { "explain", "AAA", NULL }, 64, "defspend: give one country and one year\n" },
		{ { "explain", "AAA", "20x5", NULL }, 64, "defspend: year '20x5' is not a year" },
		{ { "why", "ZZZ", "2024", NULL }, 64, "defspend: unknown country 'ZZZ'" },
		{ { "compare", "--from", "2024", "--to", "2014", NULL },
		  64,
		  "defspend: the span 2024-2014 ends before it starts\n" },
		{ { "trend", "--from", "x", NULL }, 64, "defspend: --from 'x' is not a year" },
		{ { "aid", NULL },
		  66,
		  "defspend: no aid data: 'aid.csv' is not in the data directory\n" },
		{ { "aid", "--sort", "pct", NULL }, 64, "defspend: unknown sort 'pct'" },
		{ { "list", "--year", NULL }, 64, "defspend: option '--year' needs a value\n" },
		{ { "trend", "--by", "2000", NULL },
		  64,
		  "defspend: --by 2000 is not after the latest figure (2024)\n" },
		{ { "show", "--since", "2030", "AAA", NULL },
		  64,
		  "defspend: --since 2030: release 't' has no figures for that year\n" },
		{ { "list", "-t", NULL }, 64, "defspend: option '-t' needs a value\n" },
		{ { "list", "--format", NULL }, 64, "defspend: option '--format' needs a value\n" },
		{ { "--format", "json", "check", NULL },
		  64,
		  "defspend: option '--format' does not apply to 'check', which prints no table\n" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *args[12] = { "--data", small_path };
		for (size_t k = 0; cases[i].args[k] != NULL; k++)
			args[2 + k] = cases[i].args[k];
		struct ds_run r;
		run(&r, NULL, args);
		assert_int_equal(r.status, cases[i].status);
		assert_string_equal(r.out, "");
		if (strncmp(r.err, cases[i].err, strlen(cases[i].err)) != 0)
			fail_msg("case %zu: stderr '%s'", i, r.err);
		ds_run_free(&r);
	}
}

/* Output must not depend on the locale; if de_DE is not installed the C
 * library falls back to "C", and the comparison still holds. */
static void test_locale_independent(void **state)
{
	(void)state;
	static const char *const de[] = { "LC_ALL=de_DE.UTF-8", NULL };
	static const char *const c[] = { "LC_ALL=C", NULL };
	static const char *const cmds[][2] = { { "list", "table" },
					       { "show", "json" },
					       { "trend", "csv" } };
	char *data = strdup(ds_test_path("data"));
	assert_non_null(data);
	for (size_t i = 0; i < 3; i++) {
		const char *args[] = { "--data",   data,
				       "--format", cmds[i][1],
				       cmds[i][0], strcmp(cmds[i][0], "show") == 0 ? "DEU" : NULL,
				       NULL };
		struct ds_run a, b;
		run(&a, de, args);
		run(&b, c, args);
		assert_int_equal(a.status, 0);
		assert_int_equal(b.status, 0);
		assert_string_equal(a.out, b.out);
		assert_string_equal(a.err, b.err);
		assert_null(strstr(a.out, "2,00"));
		ds_run_free(&a);
		ds_run_free(&b);
	}
	free(data);
}

/* "--" before the command still names it; a full stdout is one message, 74. */
static void test_dashdash_and_full_stdout(void **state)
{
	(void)state;
	struct ds_run r;
	const char *a1[] = { "--data", small_path, "--format", "csv", "--", "compare", NULL };
	run(&r, NULL, a1);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.err, "");
	assert_true(strncmp(r.out, "year,threshold,meeting,reporting,missing\n", 41) == 0);
	ds_run_free(&r);
	char cmd[4200];
	snprintf(cmd, sizeof cmd, "'%s' --data '%s' list 2>&1 >/dev/full", ds_test_bin(),
		 small_path);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	char err[256] = "";
	size_t n = fread(err, 1, sizeof err - 1, p);
	err[n] = '\0';
	int st = pclose(p);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 74);
	assert_string_equal(err, "defspend: standard output: write error\n");
}

/* A release on another basis is answered from, with a warning on stderr. */
static void test_other_basis_warns(void **state)
{
	(void)state;
	struct ds_run r;
	const char *a[] = { "--data",    ds_test_path("data"),
			    "--release", "2026-07",
			    "--format",  "csv",
			    "list",      NULL };
	run(&r, NULL, a);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.err,
			    "defspend: release '2026-07' measures core defence, not defence "
			    "expenditure as NATO defines it: its figures are compared with the "
			    "targets all the same\n");
	assert_non_null(strstr(r.out, ",LTU,Lithuania,2026,5.33,"));
	ds_run_free(&r);
	const char *b[] = { "--data",    ds_test_path("data"),
			    "--release", "2024-06",
			    "--format",  "csv",
			    "list",      NULL };
	run(&r, NULL, b);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.err, "");
	ds_run_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_command_and_format),
		cmocka_unit_test(test_known_figures),
		cmocka_unit_test(test_small_list),
		cmocka_unit_test(test_year_given_same_as_latest),
		cmocka_unit_test(test_small_compare_trend),
		cmocka_unit_test(test_show_extras),
		cmocka_unit_test(test_country_matching),
		cmocka_unit_test(test_usage_errors),
		cmocka_unit_test(test_dashdash_and_full_stdout),
		cmocka_unit_test(test_other_basis_warns),
		cmocka_unit_test(test_locale_independent),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
