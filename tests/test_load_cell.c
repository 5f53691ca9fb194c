/*
 * test_load_cell.c - cmocka tests of the cell rules every loader and
 * updater shares (load_cell.h): header mapping, one parser per kind of
 * cell, and the positioned diagnostics.
 *
 * The records come from the real reader (ds_csv_read_mem()), so positions
 * are tested as a user meets them: the line, and the column counted in
 * characters where the field starts, also after a quoted field holding
 * "Türkiye" or a line break.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "defspend/csvread.h"
#include "defspend/dataset.h"
#include "defspend/load_cell.h"
#include "defspend/num.h"

struct visit {
	size_t which; /* the record to check */
	void (*check)(const struct ds_csv_record *rec, struct ds_errors *err, void *arg);
	void *arg;
	struct ds_errors *err;
	int seen;
};

static int on_record(void *ctx, const struct ds_csv_record *rec)
{
	struct visit *v = ctx;
	if (rec->index == v->which) {
		v->check(rec, v->err, v->arg);
		v->seen = 1;
	}
	return 0;
}

/* Reads csv and calls check on its record `which`, with a fresh err. */
static void with_record(const char *csv, size_t which,
			void (*check)(const struct ds_csv_record *, struct ds_errors *, void *),
			void *arg, struct ds_errors *err)
{
	ds_errors_init(err);
	struct visit v = { .which = which, .check = check, .arg = arg, .err = err };
	assert_int_equal(ds_csv_read_mem("t.csv", csv, strlen(csv), 0, on_record, &v, err), DS_OK);
	assert_true(v.seen);
}

/* The single diagnostic of err, at line:col, with message msg. */
static void expect_one(const struct ds_errors *err, long line, long col, const char *msg)
{
	if (err->n != 1 || strcmp(err->v[0].msg, msg) != 0)
		print_error("got %zu diagnostics, first: %s\n", err->n,
			    err->n ? err->v[0].msg : "-");
	assert_int_equal(err->n, 1);
	assert_string_equal(err->v[0].file, "t.csv");
	assert_int_equal(err->v[0].line, line);
	assert_int_equal(err->v[0].column, col);
	assert_string_equal(err->v[0].msg, msg);
	assert_int_equal(ds_errors_status(err), DS_EDATA);
}

/* pct: each field of the record through ds_load_pct(). */
struct pct_case {
	size_t from; /* the first field checked */
	int rc[8], present[8], dec[8];
	int32_t pct[8];
};

static void check_pct(const struct ds_csv_record *rec, struct ds_errors *err, void *arg)
{
	struct pct_case *c = arg;
	for (size_t i = c->from; i < rec->nfields && i < 8; i++) {
		c->pct[i] = -7;
		c->dec[i] = -7;
		c->rc[i] = ds_load_pct(err, "t.csv", rec, i, "pct_gdp", &c->present[i], &c->pct[i],
				       &c->dec[i]);
	}
}

static void test_pct(void **state)
{
	(void)state;
	struct ds_errors err;
	struct pct_case c = { .from = 0 };
	with_record("3.79,,2,100,0.000001\n", 0, check_pct, &c, &err);
	assert_int_equal(err.n, 0);
	assert_int_equal(c.rc[0], 0);
	assert_int_equal(c.present[0], 1);
	assert_int_equal(c.pct[0], 3790000);
	assert_int_equal(c.dec[0], 2);
	assert_int_equal(c.rc[1], 0); /* empty: no figure, no error */
	assert_int_equal(c.present[1], 0);
	assert_int_equal(c.pct[1], -7);
	assert_int_equal(c.pct[2], 2 * DS_PCT_SCALE);
	assert_int_equal(c.dec[2], 0);
	assert_int_equal(c.pct[3], 100 * DS_PCT_SCALE);
	assert_int_equal(c.pct[4], 1);
	assert_int_equal(c.dec[4], 6);
	ds_errors_release(&err);

	static const struct {
		const char *csv;
		long col;
		const char *msg;
	} bad[] = {
		{ "x,\"2,1\"\n", 3,
		  "pct_gdp '2,1' is not a plain decimal number (decimal commas are not accepted: "
		  "write a point, e.g. 2.1)" },
		{ "x,-1.5\n", 3, "pct_gdp '-1.5' is negative" },
		{ "x,100.01\n", 3, "pct_gdp '100.01' is over 100" },
		{ "x,1.1234567\n", 3, "pct_gdp '1.1234567' has more than 6 decimals" },
		{ "x, 2\n", 3, "pct_gdp ' 2' is not a plain decimal number" },
		{ "x,2%\n", 3, "pct_gdp '2%' is not a plain decimal number" },
		{ "x,99999999999999999999\n", 3, "pct_gdp '99999999999999999999' is too large" },
		{ "\"T\xc3\xbcrkiye\",abc\n", 11, "pct_gdp 'abc' is not a plain decimal number" },
	};
	c.from = 1;
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		with_record(bad[i].csv, 0, check_pct, &c, &err);
		assert_int_equal(c.rc[1], -1);
		assert_int_equal(c.present[1], 0);
		expect_one(&err, 1, bad[i].col, bad[i].msg);
		ds_errors_release(&err);
	}
}

static void check_amount(const struct ds_csv_record *rec, struct ds_errors *err, void *arg)
{
	int64_t *v = arg;
	int present;
	v[0] = ds_load_amount(err, "t.csv", rec, 0, "spend_usd_m", &present, &v[1]);
	v[2] = present;
}

static void test_amount(void **state)
{
	(void)state;
	struct ds_errors err;
	int64_t v[3];
	with_record("35127.25\n", 0, check_amount, v, &err);
	assert_int_equal(err.n, 0);
	assert_true(v[0] == 0 && v[2] == 1);
	assert_true(v[1] == 35127250000); /* millionths, exactly */
	ds_errors_release(&err);
	with_record("\n\n0.000001\n", 0, check_amount, v, &err);
	assert_true(v[1] == 1);
	ds_errors_release(&err);
	/* Amounts are held in millionths: a seventh decimal cannot be. */
	with_record("0.0000001\n", 0, check_amount, v, &err);
	assert_true(v[0] == -1 && v[2] == 0);
	expect_one(&err, 1, 1, "spend_usd_m '0.0000001' has more than 6 decimals");
	ds_errors_release(&err);
	with_record("\"\"\n", 0, check_amount, v, &err);
	assert_true(v[0] == 0 && v[2] == 0);
	assert_int_equal(err.n, 0);
	ds_errors_release(&err);
	/* Blank lines before the record move its line, not its column. */
	with_record("\n\n-3\n", 0, check_amount, v, &err);
	assert_true(v[0] == -1 && v[2] == 0);
	expect_one(&err, 3, 1, "spend_usd_m '-3' is negative");
	ds_errors_release(&err);
	with_record("1e3\n", 0, check_amount, v, &err);
	expect_one(&err, 1, 1, "spend_usd_m '1e3' is not a plain decimal number");
	ds_errors_release(&err);
}

struct year_case {
	int optional, rc, year;
};

static void check_year(const struct ds_csv_record *rec, struct ds_errors *err, void *arg)
{
	struct year_case *c = arg;
	c->year = -1;
	c->rc = ds_load_year(err, "t.csv", rec, 1, "joined", c->optional, &c->year);
}

static void test_year(void **state)
{
	(void)state;
	struct ds_errors err;
	struct year_case c = { 0 };
	with_record("POL,1999\n", 0, check_year, &c, &err);
	assert_int_equal(c.rc, 0);
	assert_int_equal(c.year, 1999);
	ds_errors_release(&err);
	with_record("POL,1949\nPOL,2100\n", 1, check_year, &c, &err);
	assert_int_equal(c.year, DS_YEAR_MAX);
	ds_errors_release(&err);

	c.optional = 1;
	with_record("POL,\n", 0, check_year, &c, &err);
	assert_int_equal(c.rc, 0);
	assert_int_equal(c.year, 0); /* empty and optional: 0, no error */
	assert_int_equal(err.n, 0);
	ds_errors_release(&err);

	c.optional = 0;
	with_record("POL,\n", 0, check_year, &c, &err);
	assert_int_equal(c.rc, -1);
	expect_one(&err, 1, 5, "joined is empty");
	ds_errors_release(&err);
	/* The message sees the record's second line: the field starts there. */
	with_record("\"Po\nland\",1948\n", 0, check_year, &c, &err);
	assert_int_equal(c.rc, -1);
	expect_one(&err, 2, 7, "joined '1948' is not a year from 1949 to 2100");
	ds_errors_release(&err);
	with_record("POL,2024.0\n", 0, check_year, &c, &err);
	expect_one(&err, 1, 5, "joined '2024.0' is not a year from 1949 to 2100");
	ds_errors_release(&err);
}

static void check_flag(const struct ds_csv_record *rec, struct ds_errors *err, void *arg)
{
	int *v = arg;
	for (size_t i = 0; i < rec->nfields; i++) {
		v[2 * i + 1] = -1;
		v[2 * i] = ds_load_flag(err, "t.csv", rec, i, "estimate", &v[2 * i + 1]);
	}
}

static void test_flag(void **state)
{
	(void)state;
	struct ds_errors err;
	int v[8];
	with_record(",0,1,2\n", 0, check_flag, v, &err);
	assert_int_equal(v[0], 0);
	assert_int_equal(v[1], 0); /* empty is 0 */
	assert_int_equal(v[3], 0);
	assert_int_equal(v[5], 1);
	assert_int_equal(v[6], -1);
	expect_one(&err, 1, 6, "estimate '2' is not 0, 1 or empty");
	ds_errors_release(&err);
	with_record("01\n", 0, check_flag, v, &err);
	expect_one(&err, 1, 1, "estimate '01' is not 0, 1 or empty");
	ds_errors_release(&err);
}

struct date_case {
	int allow_month;
	int rc[8];
};

static void check_date(const struct ds_csv_record *rec, struct ds_errors *err, void *arg)
{
	struct date_case *c = arg;
	for (size_t i = 0; i < rec->nfields && i < 8; i++)
		c->rc[i] = ds_load_date(err, "t.csv", rec, i, "cutoff", c->allow_month);
}

static void test_date(void **state)
{
	(void)state;
	struct ds_errors err;
	struct date_case c = { .allow_month = 1 };
	/* Days are checked against 31 alone: 2024-02-31 passes (documented
	 * here, so that a change is a decision). */
	with_record("2024-06-17,2024-06,,2024-02-31,1949-01-01\n", 0, check_date, &c, &err);
	assert_int_equal(err.n, 0);
	for (int i = 0; i < 5; i++)
		assert_int_equal(c.rc[i], 0);
	ds_errors_release(&err);

	with_record(",2024-13-01\n", 0, check_date, &c, &err);
	assert_int_equal(c.rc[0], 0); /* empty: nothing to check */
	assert_int_equal(c.rc[1], -1);
	expect_one(&err, 1, 2, "cutoff '2024-13-01' is not a date YYYY-MM-DD or YYYY-MM");
	ds_errors_release(&err);
	c.allow_month = 0;
	with_record("2024-06\n", 0, check_date, &c, &err);
	expect_one(&err, 1, 1, "cutoff '2024-06' is not a date YYYY-MM-DD");
	ds_errors_release(&err);
	static const char *const bad[] = { "2024-6-17",  "2024-06-00", "2024-06-32", "24-06-17",
					   "2024/06/17", "2024-06-1x", "2024-00-10" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		char csv[32];
		strcpy(csv, bad[i]);
		strcat(csv, "\n");
		with_record(csv, 0, check_date, &c, &err);
		assert_int_equal(c.rc[0], -1);
		assert_int_equal(err.n, 1);
		ds_errors_release(&err);
	}
}

static void check_iso3(const struct ds_csv_record *rec, struct ds_errors *err, void *arg)
{
	int *rc = arg;
	for (size_t i = 0; i < rec->nfields; i++)
		rc[i] = ds_load_iso3(err, "t.csv", rec, i);
}

static void test_iso3(void **state)
{
	(void)state;
	struct ds_errors err;
	int rc[4];
	with_record("POL,pol,PO,POLA\n", 0, check_iso3, rc, &err);
	assert_int_equal(rc[0], 0);
	assert_int_equal(rc[1], -1);
	assert_int_equal(rc[2], -1);
	assert_int_equal(rc[3], -1);
	assert_int_equal(err.n, 3);
	assert_string_equal(err.v[0].msg, "iso3 'pol' is not a three-letter upper-case code");
	assert_int_equal(err.v[0].column, 5);
	assert_int_equal(err.v[2].column, 12);
	ds_errors_release(&err);
}

static void test_shown(void **state)
{
	(void)state;
	char buf[8];
	assert_string_equal(ds_load_shown(buf, sizeof buf, "abc", 3), "abc");
	assert_string_equal(ds_load_shown(buf, sizeof buf, "abcd", 4), "abcd");
	/* Too long: cut, with an ellipsis, within the buffer. */
	assert_string_equal(ds_load_shown(buf, sizeof buf, "abcdefgh", 8), "abcd...");
	/* Control characters are shown as '?'. */
	assert_string_equal(ds_load_shown(buf, sizeof buf, "a\tb\x7f", 4), "a?b?");
	/* Only len bytes are read. */
	assert_string_equal(ds_load_shown(buf, sizeof buf, "POLAND", 3), "POL");
	/* The cut never splits a character: "aéé" keeps "aé". */
	assert_string_equal(ds_load_shown(buf, sizeof buf, "a\xc3\xa9\xc3\xa9", 5), "a\xc3\xa9...");
	assert_string_equal(ds_load_shown(buf, sizeof buf, "\xc3\xa9\xc3\xa9\xc3\xa9", 6),
			    "\xc3\xa9\xc3\xa9...");
}

enum { H_ISO3, H_YEAR, H_PCT, H_NOTE, H_N };
static const struct ds_colspec spec[H_N] = {
	{ "iso3", 1 },
	{ "year", 1 },
	{ "pct_gdp", 1 },
	{ "note", 0 },
};

struct header_case {
	int rc;
	int idx[H_N];
};

static void check_header(const struct ds_csv_record *rec, struct ds_errors *err, void *arg)
{
	struct header_case *c = arg;
	c->rc = ds_load_header(rec, "t.csv", spec, H_N, c->idx, err);
}

static void test_header(void **state)
{
	(void)state;
	struct ds_errors err;
	struct header_case c;
	/* Columns found by name, in any order; unknown ones are ignored. */
	with_record("pct_gdp,extra,iso3,year\n", 0, check_header, &c, &err);
	assert_int_equal(c.rc, DS_OK);
	assert_int_equal(err.n, 0);
	assert_int_equal(c.idx[H_ISO3], 2);
	assert_int_equal(c.idx[H_YEAR], 3);
	assert_int_equal(c.idx[H_PCT], 0);
	assert_int_equal(c.idx[H_NOTE], -1); /* optional and absent */
	ds_errors_release(&err);

	with_record("iso3,year,note\n", 0, check_header, &c, &err);
	assert_int_equal(c.rc, DS_EDATA);
	expect_one(&err, 1, 0, "missing column 'pct_gdp' in the header");
	ds_errors_release(&err);

	with_record("iso3,year,pct_gdp,year\n", 0, check_header, &c, &err);
	assert_int_equal(c.rc, DS_EDATA);
	expect_one(&err, 1, 19, "duplicated column 'year' (also column 2)");
	ds_errors_release(&err);

	with_record("iso3,,year,pct_gdp\n", 0, check_header, &c, &err);
	assert_int_equal(c.rc, DS_EDATA);
	expect_one(&err, 1, 6, "empty column name in the header");
	ds_errors_release(&err);

	/* A first line that names none of the required columns is not a header. */
	with_record("POL,2024,2.1\n", 0, check_header, &c, &err);
	assert_int_equal(c.rc, DS_EDATA);
	expect_one(&err, 1, 0,
		   "no header: the first line names none of the columns iso3, year, pct_gdp");
	ds_errors_release(&err);
	/* Names are exact: case and spaces count. */
	with_record("ISO3,year, pct_gdp\n", 0, check_header, &c, &err);
	assert_int_equal(c.rc, DS_EDATA);
	assert_int_equal(err.n, 2);
	assert_string_equal(err.v[0].msg, "missing column 'iso3' in the header");
	assert_string_equal(err.v[1].msg, "missing column 'pct_gdp' in the header");
	ds_errors_release(&err);
}

static void check_count(const struct ds_csv_record *rec, struct ds_errors *err, void *arg)
{
	int *split = arg;
	*split = ds_load_comma_split(err, "t.csv", rec, 4, 2, "pct_gdp");
	if (!*split)
		ds_load_count_error(err, "t.csv", rec, 4);
}

static void test_count_and_comma(void **state)
{
	(void)state;
	struct ds_errors err;
	int split;
	/* One field too many, two digit runs at the figure: a decimal comma. */
	with_record("POL,2024,2,1,0\n", 0, check_count, &split, &err);
	assert_int_equal(split, 1);
	expect_one(&err, 1, 10,
		   "expected 4 fields as in the header, found 5: is pct_gdp '2,1' written with "
		   "a decimal comma? write 2.1");
	ds_errors_release(&err);
	/* Not digits on both sides: only the count, where the first extra field starts. */
	with_record("POL,2024,2,x,0\n", 0, check_count, &split, &err);
	assert_int_equal(split, 0);
	expect_one(&err, 1, 14, "expected 4 fields as in the header, found 5");
	ds_errors_release(&err);
	/* Two fields too many is no decimal comma either. */
	with_record("POL,2024,2,1,0,9\n", 0, check_count, &split, &err);
	assert_int_equal(split, 0);
	assert_string_equal(err.v[0].msg, "expected 4 fields as in the header, found 6");
	ds_errors_release(&err);
	/* Too few: the column points at the end of the last field. */
	with_record("POL,2024\n", 0, check_count, &split, &err);
	assert_int_equal(split, 0);
	expect_one(&err, 1, 8, "expected 4 fields as in the header, found 2");
	ds_errors_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pct),
		cmocka_unit_test(test_amount),
		cmocka_unit_test(test_year),
		cmocka_unit_test(test_flag),
		cmocka_unit_test(test_date),
		cmocka_unit_test(test_iso3),
		cmocka_unit_test(test_shown),
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_count_and_comma),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
