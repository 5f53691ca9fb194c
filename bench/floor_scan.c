/*
 * floor_scan.c - the floor of the benchmark: the question of
 * `defspend list --year Y --threshold 2 --format csv` answered by the
 * least a C program can do, with no validation at all.
 *
 *   floor_scan FILE YEAR
 *
 * It reads the file in large blocks, finds the lines with memchr, splits
 * each line at its commas, keeps the rows of the year, sorts them and
 * prints defspend's exact CSV (ranks, flags, the gap in points and the
 * exact dollar gap, rounded half away from zero).  It trusts the file: no
 * quotes (it splits at every comma), no checks of codes, numbers, years,
 * duplicates, encoding or anything else, no positions, one thread.  That
 * is what makes it a floor: whatever defspend spends beyond it goes into
 * what this program leaves out.  bench/run checks its output equals
 * defspend's before timing either.
 *
 *   cc -O2 -o floor_scan bench/floor_scan.c
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BLOCK (1u << 20)

__extension__ typedef unsigned __int128 u128;

struct row {
	const char *iso3, *country, *pct_text;
	size_t iso3_len, country_len, pct_len;
	int64_t pct;  /* millionths of a point */
	int64_t gdp;  /* millionths of a billion; -1 when empty */
	int estimate; /* 1 when the cell is "1" */
	size_t order; /* file order, the last tie-break */
};

static struct row *rows;
static size_t nrows, rows_cap;
static char *arena;
static size_t arena_len, arena_cap;

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (p == NULL) {
		perror("floor_scan");
		exit(71);
	}
	return p;
}

/* Copies s into the arena; returns its offset (the arena may move). */
static size_t keep(const char *s, size_t n)
{
	if (arena_len + n + 1 > arena_cap) {
		arena_cap = (arena_cap + n + 1) * 2;
		arena = xrealloc(arena, arena_cap);
	}
	memcpy(arena + arena_len, s, n);
	arena[arena_len + n] = '\0';
	arena_len += n + 1;
	return arena_len - n - 1;
}

/* A decimal number in millionths; no checks. */
static int64_t millionths(const char *s, size_t n)
{
	int64_t v = 0;
	int dec = -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '.') {
			dec = 0;
			continue;
		}
		if (dec >= 6)
			break;
		v = v * 10 + (s[i] - '0');
		if (dec >= 0)
			dec++;
	}
	for (int d = dec < 0 ? 0 : dec; d < 6; d++)
		v *= 10;
	return v;
}

enum { C_ISO3, C_COUNTRY, C_YEAR, C_PCT, C_GDP, C_EST, NCOL };
static const char *const names[NCOL] = { "iso3",    "country",    "year",
					 "pct_gdp", "gdp_usd_bn", "estimate" };
static int col[NCOL];
static const char *year;
static size_t year_len;

static void header(const char *s, size_t n)
{
	for (int k = 0; k < NCOL; k++)
		col[k] = -1;
	int f = 0;
	for (const char *end = s + n; s <= end; f++) {
		const char *c = memchr(s, ',', (size_t)(end - s));
		size_t len = (size_t)((c ? c : end) - s);
		for (int k = 0; k < NCOL; k++)
			if (strlen(names[k]) == len && memcmp(names[k], s, len) == 0)
				col[k] = f;
		if (c == NULL)
			break;
		s = c + 1;
	}
	for (int k = 0; k < NCOL; k++) {
		if (col[k] < 0) {
			fprintf(stderr, "floor_scan: no column %s\n", names[k]);
			exit(65);
		}
	}
}

static void line(const char *s, size_t n)
{
	const char *f[32];
	size_t len[32];
	int nf = 0;
	for (const char *end = s + n; nf < 32;) {
		const char *c = memchr(s, ',', (size_t)(end - s));
		f[nf] = s;
		len[nf++] = (size_t)((c ? c : end) - s);
		if (c == NULL)
			break;
		s = c + 1;
	}
	if (nf <= col[C_YEAR] || len[col[C_YEAR]] != year_len ||
	    memcmp(f[col[C_YEAR]], year, year_len) != 0)
		return;
	if (nrows == rows_cap) {
		rows_cap = rows_cap ? rows_cap * 2 : 4096;
		rows = xrealloc(rows, rows_cap * sizeof *rows);
	}
	struct row *r = &rows[nrows];
	r->order = nrows++;
	/* Offsets for now: the arena moves as it grows. */
	r->iso3_len = len[col[C_ISO3]];
	r->iso3 = (const char *)(uintptr_t)keep(f[col[C_ISO3]], r->iso3_len);
	r->country_len = len[col[C_COUNTRY]];
	r->country = (const char *)(uintptr_t)keep(f[col[C_COUNTRY]], r->country_len);
	r->pct_len = len[col[C_PCT]];
	r->pct_text = (const char *)(uintptr_t)keep(f[col[C_PCT]], r->pct_len);
	r->pct = millionths(f[col[C_PCT]], len[col[C_PCT]]);
	r->gdp = len[col[C_GDP]] ? millionths(f[col[C_GDP]], len[col[C_GDP]]) : -1;
	r->estimate = len[col[C_EST]] == 1 && f[col[C_EST]][0] == '1';
}

static int cmp(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	if (x->pct != y->pct)
		return x->pct > y->pct ? -1 : 1;
	int d = strcmp(x->country, y->country);
	if (d != 0)
		return d;
	return x->order < y->order ? -1 : 1;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: floor_scan FILE YEAR\n");
		return 64;
	}
	year = argv[2];
	year_len = strlen(year);
	int fd = open(argv[1], O_RDONLY);
	if (fd < 0) {
		perror(argv[1]);
		return 66;
	}
	char *buf = xrealloc(NULL, 2 * BLOCK);
	size_t have = 0;
	int first = 1;
	for (;;) {
		ssize_t got = read(fd, buf + have, 2 * BLOCK - have);
		if (got < 0) {
			perror(argv[1]);
			return 74;
		}
		have += (size_t)got;
		const char *p = buf, *end = buf + have;
		for (;;) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			if (nl == NULL)
				break;
			if (first)
				header(p, (size_t)(nl - p));
			else
				line(p, (size_t)(nl - p));
			first = 0;
			p = nl + 1;
		}
		size_t rest = (size_t)(end - p);
		if (got == 0) {
			if (rest > 0 && !first)
				line(p, rest);
			break;
		}
		memmove(buf, p, rest);
		have = rest;
		if (have == 2 * BLOCK) {
			fprintf(stderr, "floor_scan: a line longer than %u bytes\n", 2 * BLOCK);
			return 65;
		}
	}
	close(fd);
	for (size_t i = 0; i < nrows; i++) {
		rows[i].iso3 = arena + (uintptr_t)rows[i].iso3;
		rows[i].country = arena + (uintptr_t)rows[i].country;
		rows[i].pct_text = arena + (uintptr_t)rows[i].pct_text;
	}
	qsort(rows, nrows, sizeof *rows, cmp);
	static char out[1 << 16];
	setvbuf(stdout, out, _IOFBF, sizeof out);
	fputs("rank,iso3,country,year,pct_gdp,estimate,meets_2,gap_2_pp,gap_2_usd_m\n", stdout);
	const int64_t two = 2000000;
	size_t rank = 0;
	for (size_t i = 0; i < nrows; i++) {
		const struct row *r = &rows[i];
		if (i == 0 || r->pct != rows[i - 1].pct)
			rank = i + 1;
		int64_t gap = r->pct >= two ? 0 : two - r->pct;
		int64_t pp = (gap + 5000) / 10000; /* hundredths of a point */
		printf("%zu,%s,%s,%s,%s,%s,%s,%lld.%02lld,", rank, r->iso3, r->country, year,
		       r->pct_text, r->estimate ? "true" : "false", gap == 0 ? "true" : "false",
		       (long long)(pp / 100), (long long)(pp % 100));
		if (gap == 0) {
			puts("0");
		} else if (r->gdp < 0) {
			puts("");
		} else {
			/* gap (10^-6 points) x gdp (10^-6 bn) / 10^11 = millions, exactly */
			u128 p = (u128)gap * (uint64_t)r->gdp;
			u128 q = p / 100000000000u, rem = p % 100000000000u;
			if (2 * rem >= 100000000000u)
				q++;
			printf("%llu\n", (unsigned long long)q);
		}
	}
	free(buf);
	free(rows);
	free(arena);
	return fflush(stdout) == 0 ? 0 : 74;
}
