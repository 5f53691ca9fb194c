/*
 * test_money_e2e.c - exact dollar gaps through the real binary.
 *
 * test_money.c checks the arithmetic; this file checks what a user sees.
 * It writes a lone spending file of generated cases whose dollar gap lies
 * exactly half-way between two whole millions (0.20 points of a 180.750 bn
 * GDP is 361.5 m, which must print 362: half away from zero), together
 * with their neighbours one unit of GDP either side (which must round down
 * and up), runs `list --format csv` against three thresholds, and checks
 * every gap of every row against an integer computation done here.
 *
 * The cases vary what the rule is about: percentages with two to four
 * decimals, GDP with none to six, every threshold.  The generator is a
 * fixed LCG, so the file is the same on every run.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"

#define NROWS 1500 /* members, one row each: 500 half-way cases and their neighbours */

/* The thresholds of the run, in ten-thousandths of a point. */
static const uint64_t th_units[] = { 20000, 35000, 50000 };
static const char *const th_label[] = { "2", "3.5", "5" };
#define NTH 3

struct row {
	char iso3[4];
	uint64_t pct;  /* in 10^-pdec points */
	int pdec;      /* 2..4 */
	uint64_t gdp;  /* in 10^-gdec billions */
	int gdec;      /* 0..6 */
	int halfway;   /* the gap to th[target] is exactly half a million */
	size_t target; /* the threshold it was made for */
};

static uint64_t seed = 20250828;

static uint64_t next(uint64_t n)
{
	seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
	return (seed >> 33) % n;
}

static uint64_t pow10u(int n)
{
	uint64_t p = 1;
	while (n-- > 0)
		p *= 10;
	return p;
}

/* The inverse of a modulo m (a and m coprime), by extended Euclid. */
static uint64_t inverse(uint64_t a, uint64_t m)
{
	int64_t t = 0, nt = 1;
	int64_t r = (int64_t)m, nr = (int64_t)(a % m);
	while (nr != 0) {
		int64_t q = r / nr, x;
		x = t - q * nt;
		t = nt;
		nt = x;
		x = r - q * nr;
		r = nr;
		nr = x;
	}
	return (uint64_t)(t < 0 ? t + (int64_t)m : t);
}

static uint64_t gcd(uint64_t a, uint64_t b)
{
	while (b != 0) {
		uint64_t t = a % b;
		a = b;
		b = t;
	}
	return a;
}

/*
 * The dollar gap of a gap of g (10^-pdec points) on a GDP of u (10^-gdec
 * billions) is g x u / 10^(pdec + gdec - 1) millions: den is that power.
 */
static uint64_t den_of(int pdec, int gdec)
{
	return pow10u(pdec + gdec - 1);
}

/*
 * Makes a half-way case: a percentage below threshold t and a GDP of about
 * 1 to 30,000 bn whose dollar gap to t is exactly k + 0.5 millions.
 * Returns 0, or -1 when the gap drawn has no such GDP (then draw again).
 */
static int make_halfway(struct row *r, size_t t)
{
	r->pdec = 2 + (int)next(3);
	r->gdec = (int)next(7);
	if (r->pdec + r->gdec < 2)
		return -1;
	uint64_t den = den_of(r->pdec, r->gdec);
	uint64_t tu = th_units[t] / pow10u(4 - r->pdec); /* threshold in 10^-pdec */
	uint64_t g = 1 + next(tu - 1);                   /* 1 .. tu - 1: pct > 0 */
	/* g x u == den / 2 (mod den) has a solution iff gcd(g, den) divides den / 2. */
	uint64_t h = gcd(g, den);
	if ((den / 2) % h != 0)
		return -1;
	uint64_t m = den / h;
	uint64_t u0 = (1 + next(30000)) * pow10u(r->gdec) + next(pow10u(r->gdec));
	uint64_t sol = ((den / 2 / h) % m) * inverse((g / h) % m, m) % m;
	r->gdp = u0 + (sol + m - u0 % m) % m;
	r->pct = tu - g;
	r->target = t;
	r->halfway = 1;
	return 0;
}

/* The expected gap to threshold t in whole millions, or -1 when it is met (0). */
static void expected_gap(const struct row *r, size_t t, char *buf, size_t size)
{
	uint64_t tu = th_units[t] / pow10u(4 - r->pdec);
	if (r->pct >= tu) {
		snprintf(buf, size, "0");
		return;
	}
	uint64_t g = tu - r->pct;
	uint64_t den = den_of(r->pdec, r->gdec);
	/* g < 5 x 10^4 and u < 3.1 x 10^10: the product fits in 64 bits. */
	uint64_t num = g * r->gdp;
	uint64_t q = num / den, rem = num % den;
	if (2 * rem >= den)
		q++;
	snprintf(buf, size, "%llu", (unsigned long long)q);
}

static void fixed(char *buf, size_t size, uint64_t v, int dec)
{
	uint64_t p = pow10u(dec);
	if (dec == 0)
		snprintf(buf, size, "%llu", (unsigned long long)v);
	else
		snprintf(buf, size, "%llu.%0*llu", (unsigned long long)(v / p), dec,
			 (unsigned long long)(v % p));
}

static struct row rows[NROWS];
static size_t nhalfway;

static void generate(void)
{
	size_t n = 0;
	nhalfway = 0;
	while (n < NROWS) {
		struct row *r = &rows[n];
		if (make_halfway(r, next(NTH)) != 0)
			continue;
		nhalfway++;
		/* The neighbours: one unit of GDP less rounds down, one more rounds up. */
		rows[n + 1] = *r;
		rows[n + 1].gdp--;
		rows[n + 1].halfway = 0;
		rows[n + 2] = *r;
		rows[n + 2].gdp++;
		rows[n + 2].halfway = 0;
		n += 3;
	}
	for (size_t i = 0; i < NROWS; i++)
		snprintf(rows[i].iso3, sizeof rows[i].iso3, "%c%c%c", 'A' + (int)(i / 676),
			 'A' + (int)(i / 26 % 26), 'A' + (int)(i % 26));
}

static char *write_file(const char *dir)
{
	size_t cap = NROWS * 128 + 256, len = 0;
	char *csv = malloc(cap);
	assert_non_null(csv);
	len += (size_t)snprintf(
		csv, cap,
		"iso3,country,year,pct_gdp,spend_usd_m,gdp_usd_bn,estimate,release,source\n");
	for (size_t i = 0; i < NROWS; i++) {
		char pct[32], gdp[32];
		fixed(pct, sizeof pct, rows[i].pct, rows[i].pdec);
		fixed(gdp, sizeof gdp, rows[i].gdp, rows[i].gdec);
		len += (size_t)snprintf(csv + len, cap - len,
					"%s,Member %s,2025,%s,,%s,0,t,generated\n", rows[i].iso3,
					rows[i].iso3, pct, gdp);
		assert_true(len < cap);
	}
	char *path = ds_test_join(dir, "halfway.csv");
	assert_non_null(path);
	assert_int_equal(ds_test_write(path, csv, len), 0);
	free(csv);
	return path;
}

/* Field i (0-based) of a csv line without quotes, copied into buf. */
static const char *field(const char *line, size_t i, char *buf, size_t size)
{
	const char *p = line;
	for (size_t k = 0; k < i; k++) {
		p = strchr(p, ',');
		assert_non_null(p);
		p++;
	}
	size_t n = strcspn(p, ",\n");
	assert_true(n < size);
	memcpy(buf, p, n);
	buf[n] = '\0';
	return buf;
}

static void test_halfway_gaps_exact(void **state)
{
	(void)state;
	generate();
	assert_true(nhalfway >= 300);
	char *dir = ds_test_tmpdir();
	assert_non_null(dir);
	char *path = write_file(dir);
	struct ds_run r;
	const char *args[] = { "--data", path, "--format", "csv",    "list", "--year",
			       "2025",   "-t", "2,3.5,5",  "--sort", "name", NULL };
	assert_int_equal(ds_run(&r, args, NULL, NULL, NULL), 0);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.err, "");
	/* rank,iso3,country,year,pct_gdp,estimate, then meets,pp,usd per threshold */
	const char *line = r.out;
	char want[64], got[64], iso[8];
	assert_non_null(strstr(line, "gap_2_usd_m,meets_3.5"));
	line = strchr(line, '\n') + 1;
	size_t seen = 0, halfway_checked = 0;
	for (size_t i = 0; i < NROWS; i++) {
		/* --sort name: "Member AAA", "Member AAB", ... is the order of rows. */
		assert_true(*line != '\0');
		assert_string_equal(field(line, 1, iso, sizeof iso), rows[i].iso3);
		for (size_t t = 0; t < NTH; t++) {
			expected_gap(&rows[i], t, want, sizeof want);
			field(line, 8 + 3 * t, got, sizeof got);
			if (strcmp(want, got) != 0)
				fail_msg("%s, gap to %s: got %s, want %s", rows[i].iso3,
					 th_label[t], got, want);
			if (rows[i].halfway && rows[i].target == t)
				halfway_checked++;
		}
		seen++;
		line = strchr(line, '\n') + 1;
	}
	assert_int_equal(seen, NROWS);
	assert_int_equal(halfway_checked, nhalfway);
	assert_string_equal(line, "");
	ds_run_free(&r);
	ds_test_rmtree(dir);
	free(path);
	free(dir);
}

/* The example of the documentation, by hand: 0.20 points of 180.750 bn. */
static void test_documented_example(void **state)
{
	(void)state;
	char *dir = ds_test_tmpdir();
	assert_non_null(dir);
	char *path = ds_test_join(dir, "one.csv");
	assert_non_null(path);
	assert_int_equal(
		ds_test_write(path,
			      "iso3,country,year,pct_gdp,spend_usd_m,gdp_usd_bn,estimate,release,"
			      "source\n"
			      "AAA,Alpha,2025,1.80,,180.750,0,t,s\n"
			      "BBB,Beta,2025,1.80,,180.749,0,t,s\n",
			      (size_t)-1),
		0);
	struct ds_run r;
	const char *args[] = { "--data", path, "--format", "csv",  "list",
			       "-t",     "2",  "--sort",   "name", NULL };
	assert_int_equal(ds_run(&r, args, NULL, NULL, NULL), 0);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, ",AAA,Alpha,2025,1.80,false,false,0.20,362,t,s\n"));
	assert_non_null(strstr(r.out, ",BBB,Beta,2025,1.80,false,false,0.20,361,t,s\n"));
	ds_run_free(&r);
	ds_test_rmtree(dir);
	free(path);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_documented_example),
		cmocka_unit_test(test_halfway_gaps_exact),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
