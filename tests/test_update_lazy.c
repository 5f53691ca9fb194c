/*
 * test_update_lazy.c - an update of a data directory's spending file reads
 * only the records it changes (a lazy csvdoc, csvdoc.h), copies the rest
 * of the file from disk, and checks only what it wrote
 * (ds_load_spending_patch()).  These tests hold that path to the one that
 * parses the whole file (DEFSPEND_EAGER_UPDATE=1): on awkward files (CR
 * LF, blank lines between records, a BOM, a quoted field holding a line
 * feed, no final line ending), every command must leave the same bytes,
 * print the same and exit alike.  The patch check itself must refuse what
 * the loader refuses, at the line the record will have, and leave the
 * loaded rows as they were.
 */
#define _XOPEN_SOURCE 700
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "defspend/csvdoc.h"
#include "defspend/load_spending.h"
#include "defspend/session.h"
#include "defspend/update.h"
#include "helpers.h"

static const char members[] = "iso3,iso2,name,aliases,joined\n"
			      "AAA,AA,Alpha,,1949\n"
			      "BBB,BB,Beta,,1949\n"
			      "CCC,CC,Gamma,,1999\n"
			      "DDD,DD,Delta,,2004\n";

#define HDR "iso3,country,year,pct_gdp,estimate,release,source,note"

/* CR LF throughout, blank lines between members, a source over two lines, no final ending. */
static const char crlf[] = HDR "\r\n"
			       "AAA,Alpha,2019,1.10,0,2025-08,s1,\r\n"
			       "AAA,Alpha,2020,1.20,0,2025-08,s1,\r\n"
			       "AAA,Alpha,2021,1.30,0,2025-08,s1,\r\n"
			       "AAA,Alpha,2024,1.60,1,2025-08,s1,\r\n"
			       "\r\n"
			       "\r\n"
			       "BBB,Beta,2015,1.00,0,2025-08,\"two\r\nlines, quoted\",\r\n"
			       "BBB,Beta,2016,1.05,0,2025-08,s2,\"a \"\"note\"\"\"\r\n"
			       "\r\n"
			       "CCC,Gamma,2018,,0,,,not published\r\n"
			       "CCC,Gamma,2019,2.00,0,2025-08,s3,";

/* LF, a BOM, blank lines at the end. */
static const char bom[] = "\xEF\xBB\xBF" HDR "\n"
			  "BBB,Beta,2016,1.05,0,2025-08,s2,\n"
			  "AAA,Alpha,2020,1.20,0,2025-08,\"s1\n"
			  "over lines\",\n"
			  "AAA,Alpha,2021,1.30,0,2025-08,s1,\n"
			  "CCC,Gamma,2019,2.00,0,2025-08,s3,\n"
			  "\n"
			  "\n";

struct pair {
	char *tmp;
	char *lazy, *eager; /* two data directories alike */
};

/* A macro.csv without rows: enough to make a session load every spending row (load.h). */
static const char macro[] = "iso3,year,population_m,gdp_lcu_bn,gdp_real_lcu_bn,gdp_deflator,"
			    "gdp_usd_bn,gov_expenditure_pct_gdp,currency,estimate_from,source\n";

static void make_dir(const char *dir, const char *spending, size_t len, int with_macro)
{
	char *p = ds_test_join(dir, "members.csv");
	assert_int_equal(ds_test_write(p, members, sizeof members - 1), 0);
	free(p);
	p = ds_test_join(dir, "spending.csv");
	assert_int_equal(ds_test_write(p, spending, len), 0);
	free(p);
	if (with_macro) {
		p = ds_test_join(dir, "macro.csv");
		assert_int_equal(ds_test_write(p, macro, sizeof macro - 1), 0);
		free(p);
	}
}

static void pair_open_with(struct pair *p, const char *spending, size_t len, int with_macro)
{
	p->tmp = ds_test_tmpdir();
	p->lazy = ds_test_join(p->tmp, "lazy");
	p->eager = ds_test_join(p->tmp, "eager");
	assert_int_equal(mkdir(p->lazy, 0755), 0);
	assert_int_equal(mkdir(p->eager, 0755), 0);
	make_dir(p->lazy, spending, len, with_macro);
	make_dir(p->eager, spending, len, with_macro);
}

static void pair_open(struct pair *p, const char *spending, size_t len)
{
	pair_open_with(p, spending, len, 0);
}

static void pair_close(struct pair *p)
{
	ds_test_rmtree(p->tmp);
	free(p->tmp);
	free(p->lazy);
	free(p->eager);
}

static char *spending_of(const char *dir, size_t *len)
{
	char *p = ds_test_join(dir, "spending.csv");
	char *s = ds_test_read(p, len);
	free(p);
	assert_non_null(s);
	return s;
}

/* Replaces each `name` in s by "/dir". */
static void unname(char *s, const char *name)
{
	size_t n = strlen(name);
	for (char *q; (q = strstr(s, name)) != NULL;) {
		memmove(q + 4, q + n, strlen(q + n) + 1);
		memcpy(q, "/dir", 4);
	}
}

/*
 * Runs `defspend --data DIR args...` on both directories, and checks that
 * both exit with `status`, print the same (the directory's name aside)
 * and leave the same spending.csv.  Returns the lazy run's file.
 */
static char *both(struct pair *p, int status, const char *const *args)
{
	const char *argv[24];
	size_t n = 0;
	argv[n++] = "--data";
	size_t at = n++;
	for (size_t i = 0; args[i] != NULL && n < 23; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	static const char *const eager_env[] = { "DEFSPEND_EAGER_UPDATE=1", NULL };
	struct ds_run a, b;
	argv[at] = p->lazy;
	assert_int_equal(ds_run(&a, argv, NULL, NULL, NULL), 0);
	argv[at] = p->eager;
	assert_int_equal(ds_run(&b, argv, NULL, eager_env, NULL), 0);
	if (a.status != status)
		fprintf(stderr, "%s: %s%s\n", args[0], a.out, a.err);
	assert_int_equal(a.status, status);
	assert_int_equal(b.status, status);
	/* The messages name each directory: compare them with the names taken out. */
	unname(a.out, "/lazy");
	unname(a.err, "/lazy");
	unname(b.out, "/eager");
	unname(b.err, "/eager");
	assert_string_equal(a.out, b.out);
	assert_string_equal(a.err, b.err);
	ds_run_free(&a);
	ds_run_free(&b);
	size_t la, lb;
	char *fa = spending_of(p->lazy, &la), *fb = spending_of(p->eager, &lb);
	assert_int_equal(la, lb);
	assert_memory_equal(fa, fb, la);
	free(fb);
	return fa;
}

#define RUN(p, status, ...)                                                                        \
	do {                                                                                       \
		const char *const args_[] = { __VA_ARGS__, NULL };                                 \
		free(both((p), (status), args_));                                                  \
	} while (0)

static void run_script(const char *spending, size_t len, int with_macro)
{
	struct pair p;
	pair_open_with(&p, spending, len, with_macro);
	/* A value changed, then set to what it is (no change at all). */
	RUN(&p, 0, "set", "AAA", "2020", "pct_gdp=1.50", "--source", "s, \"new\"");
	RUN(&p, 0, "set", "AAA", "2020", "pct_gdp=1.50", "--source", "s, \"new\"");
	/* New rows: after the member's last earlier year, before its first
	 * row, after the last row of the file (a member without rows). */
	RUN(&p, 0, "set", "AAA", "2023", "pct_gdp=2.1", "--source", "s4");
	RUN(&p, 0, "set", "BBB", "2010", "pct_gdp=1", "--source", "s5");
	RUN(&p, 0, "set", "DDD", "2024", "pct_gdp=3.00", "--source", "s6");
	RUN(&p, 0, "set", "DDD", "2025", "pct_gdp=3.10", "--source", "s6");
	/* The row whose source holds a line feed, and rows after it. */
	RUN(&p, 0, "set", "BBB", "2015", "pct_gdp=1.01", "--source", "s7");
	RUN(&p, 0, "set", "BBB", "2016", "estimate=1");
	/* A figure where a note explained its absence: the note goes. */
	RUN(&p, 0, "set", "CCC", "2018", "pct_gdp=1.90", "--source", "s8");
	/* Refused alike, at the same line and column, and nothing written. */
	RUN(&p, 65, "set", "AAA", "2021", "pct_gdp=abc", "--source", "s9");
	RUN(&p, 65, "set", "CCC", "2030", "pct_gdp=-1", "--source", "s9");
	RUN(&p, 64, "set", "AAA", "2021", "pct_gdp=1.3");
	/* A dry run writes nothing; a wide table changes and adds rows. */
	RUN(&p, 0, "set", "AAA", "2019", "pct_gdp=9.99", "--source", "x", "--dry-run");
	char *wide = ds_test_join(p.tmp, "wide.csv");
	static const char table[] = "country,2019,2022,2025\n"
				    "Alpha,1.11,1.40,2.50\n"
				    "Gamma,2.00,,2.60\n"
				    "Delta,,,3.20\n";
	assert_int_equal(ds_test_write(wide, table, sizeof table - 1), 0);
	RUN(&p, 0, "import", wide, "--source", "wide table");
	RUN(&p, 0, "import", wide, "--source", "wide table");
	/* What both wrote is a file the loader accepts. */
	RUN(&p, 0, "check");
	free(wide);
	pair_close(&p);
}

static void test_same_as_eager_crlf(void **state)
{
	(void)state;
	run_script(crlf, sizeof crlf - 1, 0);
}

static void test_same_as_eager_bom(void **state)
{
	(void)state;
	run_script(bom, sizeof bom - 1, 0);
}

/* The same where the session keeps every row (a macro.csv: see test_session_rows). */
static void test_same_as_eager_rows(void **state)
{
	(void)state;
	run_script(crlf, sizeof crlf - 1, 1);
	run_script(bom, sizeof bom - 1, 1);
}

/*
 * An update session keeps none of the spending file's rows where the
 * loader may leave them out (no macro.csv to check them against): the grid
 * keeps where each row is.  With a macro.csv it keeps them all.  The
 * lines are the same either way.
 */
static void test_session_rows(void **state)
{
	(void)state;
	struct pair p;
	pair_open(&p, crlf, sizeof crlf - 1);
	char *m = ds_test_join(p.eager, "macro.csv");
	assert_int_equal(ds_test_write(m, macro, sizeof macro - 1), 0);
	free(m);
	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_session none, all;
	assert_int_equal(ds_session_open(&none, p.lazy, NULL, 1000, &err), DS_OK);
	assert_int_equal(ds_session_open(&all, p.eager, NULL, 1000, &err), DS_OK);
	const struct ds_series *a = none.ds->spending, *b = all.ds->spending;
	assert_int_equal(a->n, 0);
	assert_true(a->partial);
	assert_int_equal(b->n, 8);
	/* Beta 2016 (member 1) starts on line 10, after a source over two lines. */
	assert_null(ds_series_get(a, 1, 2016));
	assert_int_equal(ds_series_get(b, 1, 2016)->line, 10);
	assert_int_equal(ds_series_line(a, 1, 2016), 10);
	/* The whole file alike: what the series says of it, and every row's line. */
	assert_int_equal(a->year_min, b->year_min);
	assert_int_equal(a->year_max, b->year_max);
	assert_int_equal(a->max_decimals, b->max_decimals);
	assert_string_equal(a->id, b->id);
	for (size_t i = 0; i < 4; i++)
		for (int y = a->year_min; y <= a->year_max; y++)
			assert_int_equal(ds_series_line(a, i, y), ds_series_line(b, i, y));
	ds_session_close(&none);
	ds_session_close(&all);
	ds_errors_release(&err);
	pair_close(&p);
}

/*
 * A file of some six hundred records, beyond the first few marks the
 * loader notes (one record in DS_MARK_EVERY, csvread.h), with blank lines
 * and sources over two lines so that lines and records part ways: the
 * records an update reads are found from the marks, and must be the ones
 * the whole-file document finds.
 */
static void test_same_as_eager_marks(void **state)
{
	(void)state;
	static const char *const iso[] = { "AAA", "BBB", "CCC", "DDD" };
	static const char *const name[] = { "Alpha", "Beta", "Gamma", "Delta" };
	size_t cap = 64 * 1024, len = 0;
	char *f = malloc(cap);
	assert_non_null(f);
	len += (size_t)snprintf(f, cap, HDR "\n");
	for (int m = 0; m < 4; m++) {
		for (int y = 1950; y <= 2100; y++) {
			if (m == 2 && y == 2060)
				continue; /* a year to add in the middle */
			const char *src = y % 97 == 0 ? "\"a source\nover two lines\"" : "s";
			len += (size_t)snprintf(f + len, cap - len,
						"%s%s,%s,%d,%d.%02d,0,2025-08,%s,\n",
						y % 41 == 0 ? "\n" : "", iso[m], name[m], y,
						1 + y % 3, y % 100, src);
			assert_true(len < cap);
		}
	}
	struct pair p;
	pair_open(&p, f, len);
	free(f);
	RUN(&p, 0, "set", "BBB", "2050", "pct_gdp=1.11", "--source", "m1");
	RUN(&p, 0, "set", "DDD", "2100", "pct_gdp=2.22", "--source", "m2");
	RUN(&p, 0, "set", "DDD", "2068", "estimate=1");
	RUN(&p, 0, "set", "CCC", "2060", "pct_gdp=3.33", "--source", "m3");
	RUN(&p, 0, "set", "AAA", "1950", "pct_gdp=0.5", "--source", "m4");
	RUN(&p, 0, "check");
	pair_close(&p);
}

/* A lazy document holds the header and what was fetched, and renders the file unchanged. */
static void test_lazy_doc(void **state)
{
	(void)state;
	char *tmp = ds_test_tmpdir();
	char *path = ds_test_join(tmp, "s.csv");
	assert_int_equal(ds_test_write(path, crlf, sizeof crlf - 1), 0);
	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_csvdoc doc;
	assert_int_equal(ds_csvdoc_open_lazy(&doc, path, &err), DS_OK);
	assert_int_equal(doc.nrows, 1);
	assert_int_equal(doc.ncols, 8);
	assert_string_equal(doc.eol, "\r\n");
	char *out;
	size_t len;
	assert_int_equal(ds_csvdoc_render(&doc, &out, &len), 0);
	assert_int_equal(len, sizeof crlf - 1);
	assert_memory_equal(out, crlf, len);
	free(out);
	/* Line 8 starts Beta 2015, whose source runs over two lines. */
	size_t row, again;
	assert_int_equal(ds_csvdoc_fetch(&doc, 8, &row, &err), DS_OK);
	assert_string_equal(ds_csvdoc_get(&doc, row, 6), "two\r\nlines, quoted");
	assert_int_equal(ds_csvdoc_fetch(&doc, 8, &again, &err), DS_OK);
	assert_int_equal(again, row);
	/* The last record, without a line ending; a blank line is no record. */
	assert_int_equal(ds_csvdoc_fetch(&doc, 13, &row, &err), DS_OK);
	assert_string_equal(ds_csvdoc_get(&doc, row, 2), "2019");
	assert_int_equal(ds_csvdoc_fetch(&doc, 6, &row, &err), DS_ESOFTWARE);
	assert_int_equal(ds_csvdoc_fetch(&doc, 99, &row, &err), DS_ESOFTWARE);
	/* Edits render as the whole-file document renders them. */
	struct ds_csvdoc whole;
	assert_int_equal(ds_csvdoc_parse(&whole, path, crlf, sizeof crlf - 1, &err), DS_OK);
	assert_int_equal(ds_csvdoc_fetch(&doc, 8, &row, &err), DS_OK);
	size_t wrow;
	assert_int_equal(ds_csvdoc_fetch(&whole, 8, &wrow, &err), DS_OK);
	assert_int_equal(ds_csvdoc_set(&doc, row, 3, "9.9"), 1);
	assert_int_equal(ds_csvdoc_set(&whole, wrow, 3, "9.9"), 1);
	const char *const vals[8] = { "DDD", "Delta", "2024", "3", "0", "2025-08", "x", "" };
	assert_int_equal(ds_csvdoc_fetch(&doc, 13, &row, &err), DS_OK);
	assert_int_equal(ds_csvdoc_insert(&doc, row, vals), 0);
	assert_int_equal(ds_csvdoc_insert(&whole, whole.nrows - 1, vals), 0);
	char *w;
	size_t wl;
	assert_int_equal(ds_csvdoc_render(&doc, &out, &len), 0);
	assert_int_equal(ds_csvdoc_render(&whole, &w, &wl), 0);
	assert_int_equal(len, wl);
	assert_memory_equal(out, w, len);
	free(out);
	free(w);
	ds_csvdoc_release(&whole);
	ds_csvdoc_release(&doc);
	assert_int_equal(ds_errors_count(&err), 2); /* the two lines without a record */
	/* With marks (line 1 at 0, line 6, the first blank line), the same
	 * records are found, and the same lines refused. */
	const char *six = strstr(crlf, "\r\n\r\n") + 2;
	const struct ds_line_mark marks[] = { { 1, 0 }, { 6, six - crlf } };
	assert_int_equal(ds_csvdoc_open_lazy(&doc, path, &err), DS_OK);
	ds_csvdoc_use_marks(&doc, marks, 2);
	assert_int_equal(ds_csvdoc_fetch(&doc, 3, &row, &err), DS_OK);
	assert_string_equal(ds_csvdoc_get(&doc, row, 2), "2020");
	assert_int_equal(ds_csvdoc_fetch(&doc, 8, &row, &err), DS_OK);
	assert_string_equal(ds_csvdoc_get(&doc, row, 6), "two\r\nlines, quoted");
	assert_int_equal(ds_csvdoc_fetch(&doc, 13, &row, &err), DS_OK);
	assert_string_equal(ds_csvdoc_get(&doc, row, 2), "2019");
	assert_int_equal(ds_csvdoc_fetch(&doc, 6, &row, &err), DS_ESOFTWARE);
	assert_int_equal(ds_csvdoc_fetch(&doc, 14, &row, &err), DS_ESOFTWARE);
	assert_int_equal(ds_csvdoc_fetch(&doc, 99, &row, &err), DS_ESOFTWARE);
	ds_csvdoc_release(&doc);
	ds_errors_release(&err);
	ds_test_rmtree(tmp);
	free(path);
	free(tmp);
}

/*
 * An update of a directory's file is lazy; the patch check refuses what
 * the loader would (a second row named by the line its grid cell keeps:
 * the session kept no row).
 */
static void test_patch_check(void **state)
{
	(void)state;
	struct pair p;
	pair_open(&p, crlf, sizeof crlf - 1);
	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_session s;
	assert_int_equal(ds_session_open(&s, p.lazy, NULL, 1000, &err), DS_OK);
	struct ds_update u;
	assert_int_equal(ds_update_open(&u, s.ds, s.target, s.release, s.check_release, 0, &err),
			 DS_OK);
	assert_true(u.doc.lazy);
	ds_update_release(&u);
	struct ds_series *sp = s.ds->spending;
	size_t n = sp->n;
	uint32_t *grid = malloc(sp->grid_members * sp->grid_span * sizeof *grid);
	assert_non_null(grid);
	memcpy(grid, sp->grid, sp->grid_members * sp->grid_span * sizeof *grid);
	char hdr[] = HDR "\r\n";
	/* Alpha 2020 again, as a new row: a second row, named with the first's line. */
	struct ds_spending_edit e = { "AAA,Alpha,2020,1.2,0,2025-08,s,\r\n", 33, 4, 0, 0, 2020 };
	assert_int_equal(
		ds_load_spending_patch(s.ds, sp, s.target, NULL, hdr, strlen(hdr), &e, 1, &err),
		DS_EDATA);
	assert_non_null(strstr(err.v[0].msg, "a second row for AAA 2020"));
	assert_non_null(strstr(err.v[0].msg, "line 3"));
	assert_int_equal(err.v[0].line, 4);
	/* Replacing that row is no second row; a bad figure is refused at its column. */
	e.replaces = 1;
	assert_int_equal(
		ds_load_spending_patch(s.ds, sp, s.target, NULL, hdr, strlen(hdr), &e, 1, &err),
		DS_OK);
	assert_int_equal(ds_errors_count(&err), 1); /* the one above */
	struct ds_spending_edit bad = {
		"AAA,Alpha,2020,1.2.3,0,2025-08,s,\r\n", 35, 7, 1, 0, 2020
	};
	ds_errors_release(&err);
	ds_errors_init(&err);
	assert_int_equal(
		ds_load_spending_patch(s.ds, sp, s.target, NULL, hdr, strlen(hdr), &bad, 1, &err),
		DS_EDATA);
	assert_int_equal(err.v[0].line, 7);
	assert_int_equal(err.v[0].column, 16);
	/* A release other than the file's, when the data demands one. */
	struct ds_spending_edit rel = { "DDD,Delta,2024,1,0,2024-06,s,\r\n", 31, 20, 0, 3, 2024 };
	ds_errors_release(&err);
	ds_errors_init(&err);
	assert_int_equal(ds_load_spending_patch(s.ds, sp, s.target, "2025-08", hdr, strlen(hdr),
						&rel, 1, &err),
			 DS_EDATA);
	/* The loaded rows are as they were. */
	assert_int_equal(sp->n, n);
	assert_memory_equal(grid, sp->grid, sp->grid_members * sp->grid_span * sizeof *grid);
	free(grid);
	ds_errors_release(&err);
	ds_session_close(&s);
	pair_close(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lazy_doc),
		cmocka_unit_test(test_patch_check),
		cmocka_unit_test(test_same_as_eager_crlf),
		cmocka_unit_test(test_same_as_eager_bom),
		cmocka_unit_test(test_same_as_eager_marks),
		cmocka_unit_test(test_same_as_eager_rows),
		cmocka_unit_test(test_session_rows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
