/*
 * test_import.c - NATO's wide tables (estimate marks, "..", empty cells,
 * errors at their position) and `defspend import` end to end: a wide table
 * merged into a copy of data/, the dataset imported into itself without a
 * byte changing, unmatched names refused or skipped, a new release file and
 * its promotion to current.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "defspend/import_wide.h"
#include "helpers.h"

struct seen {
	char text[512];
	size_t len;
};

static int collect(void *ctx, const struct ds_wide_row *row)
{
	struct seen *s = ctx;
	for (size_t i = 0; i < row->n; i++) {
		const struct ds_wide_value *v = &row->values[i];
		s->len += (size_t)snprintf(s->text + s->len, sizeof s->text - s->len, "%s/%d%s=%s;",
					   row->name, v->year, v->estimate ? "e" : "",
					   v->present ? v->text : "-");
	}
	return 0;
}

static void test_wide_parse(void **state)
{
	(void)state;
	static const char t[] = "Country,2023,2024e,2025e\r\n"
				"Poland,3.26,4.12,..\r\n"
				"\r\n"
				"\"Türkiye\",1.5,,2.10\r\n";
	struct seen s = { "", 0 };
	struct ds_errors err;
	ds_errors_init(&err);
	assert_int_equal(ds_import_parse_wide("t.csv", t, sizeof t - 1, collect, &s, &err), 0);
	assert_string_equal(s.text, "Poland/2023=3.26;Poland/2024e=4.12;Poland/2025e=-;"
				    "Türkiye/2023=1.5;Türkiye/2024e=-;Türkiye/2025e=2.10;");
	ds_errors_release(&err);
}

static void expect_errors(const char *t, const char *want)
{
	struct ds_errors err;
	ds_errors_init(&err);
	assert_int_equal(ds_import_parse_wide("w.csv", t, strlen(t), NULL, NULL, &err), 65);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	ds_errors_print(&err, "defspend", f);
	fclose(f);
	assert_string_equal(buf, want);
	free(buf);
	ds_errors_release(&err);
}

static void test_wide_errors(void **state)
{
	(void)state;
	expect_errors(
		"Country,2024,total\nPoland,1,2\n",
		"defspend: w.csv:1:14: column 'total' is not a year (YYYY, or YYYYe for an estimate)\n");
	expect_errors("Country,2024,2024e\n",
		      "defspend: w.csv:1:14: year 2024 appears twice (also column 2)\n");
	expect_errors("Country,2024\nPoland,-1\n,2\n",
		      "defspend: w.csv:2:8: 2024 '-1' is negative\n"
		      "defspend: w.csv:3:1: the country name is empty\n");
	expect_errors("Country,2024e\nPoland,101\n",
		      "defspend: w.csv:2:8: 2024e '101' is over 100\n");
}

/* A copy of data/ in a new tmpdir, with `name` holding content. */
static char *data_copy(const char *name, const char *content)
{
	char *dir = ds_test_tmpdir();
	assert_non_null(dir);
	char *d = ds_test_join(dir, "data");
	assert_int_equal(mkdir(d, 0755), 0);
	assert_int_equal(ds_test_copy_data(d), 0);
	free(d);
	if (name != NULL) {
		char *p = ds_test_join(dir, name);
		assert_int_equal(ds_test_write(p, content, (size_t)-1), 0);
		free(p);
	}
	return dir;
}

/* dir/rel holds exactly the bytes of the repository's file orig. */
static void expect_bytes_of(const char *dir, const char *rel, const char *orig_rel)
{
	char *p = ds_test_join(dir, rel);
	size_t a, b;
	char *now = ds_test_read(p, &a);
	char *orig = ds_test_read(ds_test_path(orig_rel), &b);
	assert_non_null(now);
	assert_non_null(orig);
	assert_int_equal(a, b);
	assert_memory_equal(now, orig, a);
	free(now);
	free(orig);
	free(p);
}

static void expect_same(const char *dir, const char *rel)
{
	expect_bytes_of(dir, rel, rel);
}

static void test_import_self_is_identity(void **state)
{
	(void)state;
	char *dir = data_copy(NULL, NULL);
	struct ds_run r;
	const char *args[] = { "--data", "data", "import", "data/spending.csv", NULL };
	assert_int_equal(ds_run(&r, args, dir, NULL, NULL), 0);
	assert_int_equal(r.status, 0);
	assert_string_equal(
		r.out,
		"data/spending.csv: long table, into 'data/spending.csv'\n"
		"rows added: 0\nvalues changed: 0\nvalues unchanged: 1164\nunmatched names: 0\n");
	assert_string_equal(r.err, "");
	expect_same(dir, "data/spending.csv");
	ds_run_free(&r);
	ds_test_rmtree(dir);
	free(dir);
}

static const char wide[] = "Country,2023,2024e,2026e\n"
			   "Poland,3.26,4.12,..\n"
			   "Germany,1.61,,\n"
			   "TUR,,,2.50\n";

static void test_import_wide(void **state)
{
	(void)state;
	char *dir = data_copy("wide.csv", wide);
	struct ds_run r;
	const char *args[] = {
		"--data", "data", "import", "wide.csv", "--source", "NATO test", NULL
	};
	assert_int_equal(ds_run(&r, args, dir, NULL, NULL), 0);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, "wide.csv: wide table, into 'data/spending.csv'\n"
				   "rows added: 1\n"
				   "values changed: 2\n"
				   "Poland 2023 pct_gdp: 3.27 -> 3.26\n"
				   "Poland 2024 pct_gdp: 3.79 -> 4.12\n"
				   "Türkiye 2026 pct_gdp: (no row) -> 2.50\n"
				   "Türkiye 2026 estimate: (no row) -> 1\n"
				   "values unchanged: 3\n"
				   "unmatched names: 0\n");
	assert_string_equal(r.err, "");
	ds_run_free(&r);
	char *p = ds_test_join(dir, "data/spending.csv");
	char *now = ds_test_read(p, NULL);
	assert_non_null(strstr(now, "\nPOL,Poland,2024,4.12,,914.553,1,2025-08,NATO test,"));
	assert_non_null(strstr(now, "\nTUR,Türkiye,2025,"));
	assert_non_null(strstr(now, "\nTUR,Türkiye,2026,2.50,,,1,2025-08,NATO test,,,\nGBR,"));
	free(now);
	free(p);
	const char *check[] = { "--data", "data", "check", NULL };
	assert_int_equal(ds_run(&r, check, dir, NULL, NULL), 0);
	assert_int_equal(r.status, 0);
	ds_run_free(&r);
	ds_test_rmtree(dir);
	free(dir);
}

static void test_import_unmatched(void **state)
{
	(void)state;
	char *dir = data_copy("w.csv", "Country,2024\nPoland,4.00\nNarnia,2.00\nNATO Total,2.61\n");
	struct ds_run r;
	const char *args[] = { "--data", "data", "import", "w.csv", "--source", "s", NULL };
	assert_int_equal(ds_run(&r, args, dir, NULL, NULL), 0);
	assert_int_equal(r.status, 65);
	assert_string_equal(r.out, "");
	assert_string_equal(
		r.err,
		"defspend: w.csv:3:1: 'Narnia' matches no member (use --skip-unknown to leave it out)\n"
		"defspend: w.csv:4:1: 'NATO Total' matches no member (use --skip-unknown to leave it out)\n");
	expect_same(dir, "data/spending.csv");
	ds_run_free(&r);
	const char *dry[] = { "--data", "data",           "import",    "w.csv", "--source",
			      "s",      "--skip-unknown", "--dry-run", NULL };
	assert_int_equal(ds_run(&r, dry, dir, NULL, NULL), 0);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out,
			    "w.csv: wide table, into 'data/spending.csv'\n"
			    "rows added: 0\nvalues changed: 2\nPoland 2024 pct_gdp: 3.79 -> 4.00\n"
			    "Poland 2024 estimate: 1 -> 0\n"
			    "values unchanged: 0\nunmatched names: 2\n"
			    "  skipped line 3: Narnia\n  skipped line 4: NATO Total\n"
			    "dry run: nothing written\n");
	expect_same(dir, "data/spending.csv");
	ds_run_free(&r);
	ds_test_rmtree(dir);
	free(dir);
}

/* A long file has a row per year: unmatched codes are counted once each, the first ten listed. */
static void test_import_unmatched_distinct(void **state)
{
	(void)state;
	char csv[8192];
	size_t o = (size_t)snprintf(csv, sizeof csv,
				    "iso3,country,year,pct_gdp,estimate,release,source\n");
	for (int i = 0; i < 12; i++)
		for (int y = 2014; y < 2017; y++)
			o += (size_t)snprintf(csv + o, sizeof csv - o,
					      "X%02d,Land %d,%d,1.0,0,2025-08,s\n", i, i, y);
	snprintf(csv + o, sizeof csv - o, "Q99,Nowhere,2014,1.0,0,2025-08,s\n");
	char *dir = data_copy("l.csv", csv);
	struct ds_run r;
	const char *dry[] = { "--data",         "data",      "import", "l.csv",
			      "--skip-unknown", "--dry-run", NULL };
	assert_int_equal(ds_run(&r, dry, dir, NULL, NULL), 0);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "unmatched names: 13, in 37 rows\n"
				      "  skipped line 2: X00 (3 rows)\n"
				      "  skipped line 5: X01 (3 rows)\n"));
	assert_non_null(strstr(r.out, "  skipped line 29: X09 (3 rows)\n  ... and 3 more\n"));
	assert_null(strstr(r.out, "X10"));
	ds_run_free(&r);
	ds_test_rmtree(dir);
	free(dir);
}

static void test_import_new_release_and_promote(void **state)
{
	(void)state;
	char *dir = data_copy("wide.csv", wide);
	struct ds_run r;
	const char *args[] = { "--data",  "data",         "--release", "2027-06",
			       "import",  "wide.csv",     "--source",  "NATO test",
			       "--title", "Test release", NULL };
	assert_int_equal(ds_run(&r, args, dir, NULL, NULL), 0);
	assert_int_equal(r.status, 0);
	assert_non_null(
		strstr(r.out, "into 'data/releases/2027-06.csv' (a new release)\nrows added: 4\n"));
	assert_non_null(strstr(r.out, "release '2027-06' added to releases.csv\n"));
	ds_run_free(&r);
	expect_same(dir, "data/spending.csv");
	char *p = ds_test_join(dir, "data/releases.csv");
	char *idx = ds_test_read(p, NULL);
	assert_non_null(
		strstr(idx, "\n2027-06,Test release,2027-06,,,2,releases/2027-06.csv,NATO test\n"));
	free(idx);
	const char *promote[] = { "--data", "data", "promote", "2027-06", NULL };
	assert_int_equal(ds_run(&r, promote, dir, NULL, NULL), 0);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, "release '2027-06' is now current (spending.csv); "
				   "'2025-08' moved to releases/2025-08.csv\n");
	ds_run_free(&r);
	/* The old current release moved byte for byte; the new one's file became spending.csv. */
	expect_bytes_of(dir, "data/releases/2025-08.csv", "data/spending.csv");
	char *gone = ds_test_join(dir, "data/releases/2027-06.csv");
	assert_int_equal(access(gone, F_OK), -1);
	free(gone);
	idx = ds_test_read(p, NULL);
	assert_non_null(strstr(
		idx, "\n2025-08,Defence Expenditure of NATO Countries (2014-2025),2025-08-28,"
		     "2025-06-03,NATO definition,2,releases/2025-08.csv,"));
	assert_non_null(strstr(idx, "\n2027-06,Test release,2027-06,,,2,spending.csv,NATO test\n"));
	free(idx);
	const char *check[] = { "--data", "data", "check", NULL };
	assert_int_equal(ds_run(&r, check, dir, NULL, NULL), 0);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(
		r.out, "data/spending.csv: 4 rows, 3 members, years 2023-2026, 1 release\n"));
	ds_run_free(&r);
	ds_test_rmtree(dir);
	free(dir);
	free(p);
}

static void test_member_add(void **state)
{
	(void)state;
	char *dir = data_copy(NULL, NULL);
	struct ds_run r;
	const char *args[] = { "--data",   "data",   "member", "add",     "XKX",
			       "Kosovo",   "--iso2", "XK",     "--alias", "Republic of Kosovo",
			       "--joined", "2030",   NULL };
	assert_int_equal(ds_run(&r, args, dir, NULL, NULL), 0);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, "added XKX: Kosovo (2030)\n");
	ds_run_free(&r);
	char *p = ds_test_join(dir, "data/members.csv");
	char *m = ds_test_read(p, NULL);
	assert_non_null(strstr(m, "\nXKX,XK,Kosovo,Republic of Kosovo,2030\n"));
	free(m);
	const char *clash[] = { "--data", "data", "member", "add", "ABC", "Poland", NULL };
	assert_int_equal(ds_run(&r, clash, dir, NULL, NULL), 0);
	assert_int_equal(r.status, 65);
	assert_string_equal(r.err, "defspend: data/members.csv: 'poland' names both ABC and POL: "
				   "names, codes and aliases must be unique\n");
	ds_run_free(&r);
	free(p);
	ds_test_rmtree(dir);
	free(dir);
}

/* A lone file with an optional column missing, and an import naming the
 * same member and year twice: refused at the second row, file unchanged
 * (this once read outside an array: the missing column's index is -1). */
static void test_import_second_row(void **state)
{
	(void)state;
	char *dir = ds_test_tmpdir();
	assert_non_null(dir);
	static const char lone[] = "iso3,country,year,pct_gdp,estimate,release,source\n"
				   "POL,Poland,2023,3.9,0,R1,src\n";
	char *lp = ds_test_join(dir, "lone.csv"), *ip = ds_test_join(dir, "imp.csv"),
	     *wp = ds_test_join(dir, "w.csv");
	assert_int_equal(ds_test_write(lp, lone, (size_t)-1), 0);
	assert_int_equal(
		ds_test_write(ip, "iso3,year,pct_gdp,source\nPOL,2024,4.1,s1\nPOL,2024,4.2,s2\n",
			      (size_t)-1),
		0);
	assert_int_equal(
		ds_test_write(wp, "Country,2023,2024\nPoland,3.9,4.1\nPOL,3.9,4.3\n", (size_t)-1),
		0);
	struct ds_run r;
	const char *a1[] = { "--data", "lone.csv", "import", "imp.csv", NULL };
	assert_int_equal(ds_run(&r, a1, dir, NULL, NULL), 0);
	assert_int_equal(r.status, 65);
	assert_string_equal(
		r.err,
		"defspend: imp.csv:3:5: a second row for POL 2024 (the first is on line 2)\n");
	assert_string_equal(r.out, "");
	ds_run_free(&r);
	const char *a2[] = { "--data", "lone.csv", "import", "w.csv", "--source", "s", NULL };
	assert_int_equal(ds_run(&r, a2, dir, NULL, NULL), 0);
	assert_int_equal(r.status, 65);
	assert_string_equal(
		r.err, "defspend: w.csv:3:1: a second row for POL 2023 (the first is on line 2)\n"
		       "defspend: w.csv:3:1: a second row for POL 2024 (the first is on line 2)\n");
	ds_run_free(&r);
	size_t len;
	char *now = ds_test_read(lp, &len);
	assert_non_null(now);
	assert_int_equal(len, sizeof lone - 1);
	assert_memory_equal(now, lone, len);
	free(now);
	free(lp);
	free(ip);
	free(wp);
	ds_test_rmtree(dir);
	free(dir);
}

/* A first row without a figure has no release: new rows take the file's
 * release from the first row that names one. */
static void test_set_release_of_file(void **state)
{
	(void)state;
	char *dir = ds_test_tmpdir();
	assert_non_null(dir);
	char *mp = ds_test_join(dir, "m.csv");
	assert_int_equal(ds_test_write(mp,
				       "iso3,country,year,pct_gdp,estimate,release,source\n"
				       "POL,Poland,2022,,0,,\nPOL,Poland,2023,3.9,0,R1,src\n",
				       (size_t)-1),
			 0);
	struct ds_run r;
	const char *a1[] = { "--data", "m.csv", "--format", "csv", "releases", NULL };
	assert_int_equal(ds_run(&r, a1, dir, NULL, NULL), 0);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "\nR1,"));
	ds_run_free(&r);
	const char *a2[] = { "--data", "m.csv",       "set",      "POL",
			     "2024",   "pct_gdp=4.0", "source=x", NULL };
	assert_int_equal(ds_run(&r, a2, dir, NULL, NULL), 0);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.err, "");
	ds_run_free(&r);
	char *now = ds_test_read(mp, NULL);
	assert_non_null(now);
	assert_string_equal(now, "iso3,country,year,pct_gdp,estimate,release,source\n"
				 "POL,Poland,2022,,0,,\nPOL,Poland,2023,3.9,0,R1,src\n"
				 "POL,Poland,2024,4.0,0,R1,x\n");
	free(now);
	free(mp);
	ds_test_rmtree(dir);
	free(dir);
}

/* A long file with a BOM is still a long file; a long file of another
 * release is refused at its own rows, never relabelled. */
static void test_import_bom_and_other_release(void **state)
{
	(void)state;
	char *dir = data_copy(NULL, NULL);
	char *src = ds_test_read(ds_test_path("data/spending.csv"), NULL);
	assert_non_null(src);
	size_t n = strlen(src);
	char *bom = malloc(n + 4);
	assert_non_null(bom);
	memcpy(bom, "\xEF\xBB\xBF", 3);
	memcpy(bom + 3, src, n + 1);
	char *bp = ds_test_join(dir, "bom.csv");
	assert_int_equal(ds_test_write(bp, bom, (size_t)-1), 0);
	struct ds_run r;
	const char *a1[] = { "--data", "data", "import", "bom.csv", NULL };
	assert_int_equal(ds_run(&r, a1, dir, NULL, NULL), 0);
	assert_int_equal(r.status, 0);
	assert_string_equal(
		r.out,
		"bom.csv: long table, into 'data/spending.csv'\n"
		"rows added: 0\nvalues changed: 0\nvalues unchanged: 1164\nunmatched names: 0\n");
	expect_same(dir, "data/spending.csv");
	ds_run_free(&r);
	const char *a2[] = { "--data",  "data",   "--release",
			     "2025-04", "import", "data/releases/2024-06.csv",
			     NULL };
	assert_int_equal(ds_run(&r, a2, dir, NULL, NULL), 0);
	assert_int_equal(r.status, 65);
	assert_string_equal(r.out, "");
	assert_non_null(strstr(r.err,
			       "defspend: data/releases/2024-06.csv:2:33: release '2024-06' "
			       "imported into release '2025-04' (releases are never mixed)\n"));
	expect_same(dir, "data/releases/2025-04.csv");
	ds_run_free(&r);
	free(bp);
	free(bom);
	free(src);
	ds_test_rmtree(dir);
	free(dir);
}

/* import --release NEW --current: the new release becomes current in the
 * same locked run; the old current one moves to releases/. */
static void test_import_current(void **state)
{
	(void)state;
	char *dir = data_copy("w.csv", "Country,2026e\nPoland,4.70\n");
	struct ds_run r;
	const char *a[] = { "--data", "data",     "--release", "2026-11",   "import",
			    "w.csv",  "--source", "s",         "--current", NULL };
	assert_int_equal(ds_run(&r, a, dir, NULL, NULL), 0);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.err, "");
	assert_non_null(strstr(r.out, "release '2026-11' is now current (spending.csv)\n"));
	ds_run_free(&r);
	char *sp = ds_test_join(dir, "data/spending.csv");
	char *now = ds_test_read(sp, NULL);
	assert_non_null(now);
	assert_non_null(strstr(now, "\nPOL,Poland,2026,4.70,"));
	free(now);
	free(sp);
	expect_bytes_of(dir, "data/releases/2025-08.csv", "data/spending.csv");
	const char *c[] = { "--data", "data", "check", NULL };
	assert_int_equal(ds_run(&r, c, dir, NULL, NULL), 0);
	assert_int_equal(r.status, 0);
	ds_run_free(&r);
	ds_test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wide_parse),
		cmocka_unit_test(test_wide_errors),
		cmocka_unit_test(test_import_self_is_identity),
		cmocka_unit_test(test_import_wide),
		cmocka_unit_test(test_import_unmatched),
		cmocka_unit_test(test_import_unmatched_distinct),
		cmocka_unit_test(test_import_new_release_and_promote),
		cmocka_unit_test(test_member_add),
		cmocka_unit_test(test_import_second_row),
		cmocka_unit_test(test_set_release_of_file),
		cmocka_unit_test(test_import_bom_and_other_release),
		cmocka_unit_test(test_import_current),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
