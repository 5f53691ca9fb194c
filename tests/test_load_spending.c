/*
 * test_load_spending.c - cmocka tests of the spending-file loader
 * (load_spending.h) driven on its own: a dataset from ds_dataset_new(),
 * members added through the container or created by a lone file, and no
 * load.c in between.
 *
 * Each file is small and written by the test, so that every rule the
 * loader adds to the cell rules can be met once: members known or not,
 * the release a file must carry, provenance, duplicates, and how the
 * series and the file's summary come out.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "defspend/dataset.h"
#include "defspend/load_spending.h"
#include "defspend/lookup.h"
#include "helpers.h"

#define HEADER "iso3,country,year,pct_gdp,spend_usd_m,gdp_usd_bn,estimate,release,source\n"

struct fixture {
	char *dir;
	char *path;
	struct ds_dataset *ds;
	struct ds_series *s;
	struct ds_errors err;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	if (f == NULL || (f->dir = ds_test_tmpdir()) == NULL)
		return -1;
	f->path = ds_test_join(f->dir, "spending.csv");
	f->ds = ds_dataset_new();
	ds_errors_init(&f->err);
	*state = f;
	return f->path != NULL && f->ds != NULL ? 0 : -1;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	ds_series_free(f->s);
	ds_dataset_free(f->ds);
	ds_errors_release(&f->err);
	ds_test_rmtree(f->dir);
	free(f->dir);
	free(f->path);
	free(f);
	return 0;
}

/* Writes csv as the file and loads it; the status. */
static int load(struct fixture *f, const char *csv, const char *release_id, int lone)
{
	assert_int_equal(ds_test_write(f->path, csv, (size_t)-1), 0);
	ds_series_free(f->s);
	f->s = (struct ds_series *)1; /* must be overwritten, also on failure */
	return ds_load_spending(f->ds, f->path, release_id, lone, &f->s, &f->err);
}

/* Diagnostic i at line:col with message msg. */
static void expect_diag(const struct fixture *f, size_t i, long line, long col, const char *msg)
{
	if (i >= f->err.n || strcmp(f->err.v[i].msg, msg) != 0)
		print_error("diagnostic %zu of %zu: %s\n", i, f->err.n,
			    i < f->err.n ? f->err.v[i].msg : "-");
	assert_true(i < f->err.n);
	assert_string_equal(f->err.v[i].file, f->path);
	assert_int_equal(f->err.v[i].line, line);
	assert_int_equal(f->err.v[i].column, col);
	assert_string_equal(f->err.v[i].msg, msg);
}

static void add_members(struct ds_dataset *ds)
{
	assert_int_equal(ds_dataset_add_member(ds, "POL", "PL", "Poland", "Polska", 1999), 0);
	assert_int_equal(ds_dataset_add_member(ds, "TUR", "TR", "T\xc3\xbcrkiye", "Turkey", 1952),
			 1);
}

/*
 * The members, as add_members(); with `how` 2 their index of names built
 * too, as reading members.csv leaves it: then the parts of a file of known
 * members share the caller's dataset instead of copying it.
 */
static void members_for(struct ds_dataset *ds, int how)
{
	if (how == 0)
		return;
	add_members(ds);
	size_t a, b;
	const char *key;
	if (how == 2)
		assert_int_equal(ds_lookup_build(ds, &a, &b, &key), 0);
}

/* A lone file creates its members and names its series after its release. */
static void test_lone(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f,
			      HEADER "POL,Poland,2024,3.79,35127.5,862.9,1,2025-08,NATO\n"
				     "POL,Poland,2023,3.8,,,0,2025-08,NATO\n"
				     "ITA,Italy,2024,1.5,,,0,2025-08,NATO\n"
				     "POL,,2022,,,,0,,\n",
			      NULL, 1),
			 DS_OK);
	assert_int_equal(f->err.n, 0);
	assert_non_null(f->s);
	assert_int_equal(f->ds->nmembers, 2);
	assert_string_equal(f->ds->members[1].iso3, "ITA");
	assert_string_equal(f->ds->members[1].name, "Italy");
	assert_string_equal(f->ds->members[1].iso2, "");
	assert_string_equal(f->s->id, "2025-08");
	assert_string_equal(f->s->path, f->path);
	assert_int_equal(f->s->n, 4);
	assert_int_equal(f->s->year_min, 2022);
	assert_int_equal(f->s->year_max, 2024);
	assert_int_equal(f->s->pct_year_max, 2024);
	assert_int_equal(f->s->max_decimals, 2);
	const struct ds_obs *o = ds_series_get(f->s, 0, 2024);
	assert_non_null(o);
	assert_int_equal(o->pct, 3790000);
	assert_int_equal(o->flags, DS_OBS_PCT | DS_OBS_SPEND | DS_OBS_GDP | DS_OBS_ESTIMATE);
	assert_true(o->spend_usd_m == 35127500000); /* 35127.5, in millionths */
	assert_int_equal(o->line, 2);
	assert_string_equal(ds_dataset_str(f->ds, o->release), "2025-08");
	assert_string_equal(ds_dataset_str(f->ds, o->source), "NATO");
	o = ds_series_get(f->s, 0, 2022);
	assert_non_null(o);
	assert_int_equal(o->flags, 0); /* a row without a figure is a row */
	assert_null(ds_series_get(f->s, 1, 2023));
	/* The file's summary, for `check`. */
	assert_int_equal(f->ds->nfiles, 1);
	assert_string_equal(f->ds->files[0].path, f->path);
	assert_int_equal(f->ds->files[0].rows, 4);
	assert_int_equal(f->ds->files[0].members, 2);
	assert_int_equal(f->ds->files[0].year_min, 2022);
	assert_int_equal(f->ds->files[0].releases, 1);
}

static void test_series_ids(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f,
			      HEADER "POL,Poland,2024,3.79,,,0,2025-08,NATO\n"
				     "POL,Poland,2023,3.8,,,0,2024-06,NATO\n",
			      NULL, 1),
			 DS_OK);
	assert_string_equal(f->s->id, "mixed");
	assert_int_equal(f->ds->files[0].releases, 2);
	assert_int_equal(load(f, HEADER "POL,Poland,2024,,,,0,,\n", NULL, 1), DS_OK);
	assert_string_equal(f->s->id, "");
	/* The id asked for names the series, whatever the rows say. */
	assert_int_equal(load(f, HEADER "POL,Poland,2024,2,,,0,2024-06,NATO\n", "2024-06", 1),
			 DS_OK);
	assert_string_equal(f->s->id, "2024-06");
	assert_int_equal(f->ds->nfiles, 3);
}

/* With members known, the file may not add any. */
static void test_known_members(void **state)
{
	struct fixture *f = *state;
	add_members(f->ds);
	assert_int_equal(load(f,
			      HEADER "POL,Polska,2024,3.79,,,0,2025-08,NATO\n"
				     "TUR,Turkey,2024,2.09,,,0,2025-08,NATO\n"
				     "TUR,,2023,2.1,,,0,2025-08,NATO\n"
				     "ITA,Italy,2024,1.5,,,0,2025-08,NATO\n"
				     "POL,Portugal,2023,3.8,,,0,2025-08,NATO\n",
			      "2025-08", 0),
			 DS_EDATA);
	assert_null(f->s);
	assert_int_equal(f->ds->nmembers, 2);
	assert_int_equal(f->err.n, 2);
	expect_diag(f, 0, 5, 1, "unknown member 'ITA': not in members.csv");
	expect_diag(f, 1, 6, 5, "country 'Portugal' is not a name of POL (Poland) in members.csv");
	/* A file with problems leaves no summary. */
	assert_int_equal(f->ds->nfiles, 0);
}

static void test_lone_rules(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f,
			      HEADER "POL,Poland,2024,3.79,,,0,2025-08,NATO\n"
				     "POL,Polska,2023,3.8,,,0,2025-08,NATO\n"
				     "ITA,,2024,1.5,,,0,2025-08,NATO\n",
			      NULL, 1),
			 DS_EDATA);
	assert_null(f->s);
	expect_diag(f, 0, 3, 5,
		    "country 'Polska' differs from 'Poland', the name POL has on an earlier row");
	expect_diag(f, 1, 4, 5, "country is empty for a new member 'ITA'");
}

static void test_release_and_provenance(void **state)
{
	struct fixture *f = *state;
	add_members(f->ds);
	assert_int_equal(load(f,
			      HEADER "POL,Poland,2024,3.79,,,0,2024-06,NATO\n"
				     "POL,Poland,2023,3.8,,,0,2025-08,\n"
				     "TUR,T\xc3\xbcrkiye,2024,2.09,,,0,2025-08,NATO\n"
				     "TUR,T\xc3\xbcrkiye,2024,2.1,,,0,2025-08,NATO\n",
			      "2025-08", 0),
			 DS_EDATA);
	expect_diag(
		f, 0, 2, 26,
		"release '2024-06' in the file of release '2025-08' (releases are never mixed)");
	expect_diag(f, 1, 3, 33, "a figure without a source");
	expect_diag(f, 2, 5, 13, "a second row for TUR 2024 (the first is on line 4)");
	assert_int_equal(f->err.n, 3);

	/* Without a release asked for, a figure still needs one. */
	ds_errors_release(&f->err);
	ds_errors_init(&f->err);
	assert_int_equal(load(f, HEADER "POL,Poland,2024,3.79,,,0,,NATO\n", NULL, 0), DS_EDATA);
	expect_diag(f, 0, 2, 26, "a figure without its release");
}

static void test_header_and_empty(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f, "", NULL, 1), DS_EDATA);
	assert_null(f->s);
	assert_int_equal(f->err.n, 1);
	assert_string_equal(f->err.v[0].msg, "empty file: no header");
	ds_errors_release(&f->err);
	ds_errors_init(&f->err);
	/* A file of a data directory keeps every rule: no source, no file. */
	assert_int_equal(load(f,
			      "iso3,country,year,pct_gdp,estimate,release\nPOL,Poland,2024,2,0,x\n",
			      NULL, 0),
			 DS_EDATA);
	assert_string_equal(f->err.v[0].msg, "missing column 'source' in the header");
	assert_int_equal(f->err.n, 1); /* no row is read without a header */
}

/*
 * A lone file needs only country, year and pct_gdp, in any order: members
 * by name (any case or accents), no estimates, the release named after
 * the file, every figure "unsourced"; other columns are kept out of the way.
 */
static void test_lone_minimal(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f,
			      "pct_gdp,extra,year,country\n"
			      "4.1,a,2024,Poland\n"
			      "2.0,,2024,Türkiye\n"
			      "3.9,b,2023,POLAND\n"
			      "1.9,c,2023,turkiye\n",
			      NULL, 1),
			 DS_OK);
	assert_int_equal(f->ds->nmembers, 2);
	assert_string_equal(f->ds->members[0].name, "Poland");
	assert_string_equal(f->ds->members[0].iso3, "");
	assert_string_equal(f->ds->members[1].name, "Türkiye");
	assert_string_equal(f->s->id, "spending");
	assert_int_equal(f->s->n, 4);
	const struct ds_obs *o = ds_series_get(f->s, 0, 2023);
	assert_non_null(o);
	assert_int_equal(o->pct, 3900000);
	assert_false(o->flags & DS_OBS_ESTIMATE);
	assert_string_equal(ds_dataset_str(f->ds, o->source), DS_UNSOURCED);
	assert_string_equal(ds_dataset_str(f->ds, o->release), "spending");
	assert_int_equal(f->ds->files[0].releases, 1);
	/* The same name twice in a year is one member's second row. */
	assert_int_equal(load(f, "country,year,pct_gdp\nPoland,2024,1\npoland,2024,2\n", NULL, 1),
			 DS_EDATA);
	expect_diag(f, 0, 3, 8, "a second row for Poland 2024 (the first is on line 2)");
}

/* Columns a lone file has keep their rules: a source column with an empty cell, a bad flag. */
static void test_lone_present_columns(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f,
			      "country,year,pct_gdp,source,estimate\n"
			      "Poland,2024,4.1,,0\n"
			      "Poland,2023,3.9,NATO,2\n"
			      ",2022,1\n",
			      NULL, 1),
			 DS_EDATA);
	expect_diag(f, 0, 2, 17, "a figure without a source");
}

/* Names matched among a data directory's members get their code and name. */
static void test_lone_names_from(void **state)
{
	struct fixture *f = *state;
	struct ds_dataset *names = ds_dataset_new();
	assert_non_null(names);
	assert_true(ds_dataset_add_member(names, "TUR", "TR", "Türkiye", "Turkey", 1952) >= 0);
	assert_true(ds_dataset_add_member(names, "POL", "PL", "Poland", "", 1999) >= 0);
	f->ds->names_from = names;
	assert_int_equal(load(f,
			      "country,year,pct_gdp\n"
			      "Turkey,2024,2.0\n"
			      "Narnia,2024,1.0\n"
			      "TÜRKIYE,2023,1.9\n",
			      NULL, 1),
			 DS_OK);
	assert_int_equal(f->ds->nmembers, 2);
	assert_string_equal(f->ds->members[0].iso3, "TUR");
	assert_string_equal(f->ds->members[0].name, "Türkiye");
	assert_string_equal(f->ds->members[1].iso3, "");
	assert_string_equal(f->ds->members[1].name, "Narnia");
	assert_non_null(ds_series_get(f->s, 0, 2023));
}

/* Many members and rows out of member order: the grid and the caches grow. */
static void test_many_members(void **state)
{
	struct fixture *f = *state;
	size_t cap = 1 << 16, len = 0;
	char *csv = malloc(cap);
	assert_non_null(csv);
	len += (size_t)snprintf(csv + len, cap - len, HEADER);
	for (int year = 2020; year <= 2021; year++)
		for (int m = 0; m < 300; m++)
			len += (size_t)snprintf(csv + len, cap - len,
						"%c%c%c,Member %d,%d,%d.%02d,,,0,2025-08,src%d\n",
						'A' + m / 26 / 26 % 26, 'A' + m / 26 % 26,
						'A' + m % 26, m, year, m % 7, m % 100, m % 3);
	assert_true(len < cap);
	assert_int_equal(load(f, csv, NULL, 1), DS_OK);
	free(csv);
	assert_int_equal(f->ds->nmembers, 300);
	assert_int_equal(f->s->n, 600);
	assert_int_equal(f->ds->files[0].members, 300);
	const struct ds_obs *o = ds_series_get(f->s, 299, 2021);
	assert_non_null(o);
	assert_int_equal(o->pct, 5 * 1000000 + 990000); /* 299 % 7, 299 % 100 */
	assert_string_equal(ds_dataset_str(f->ds, o->source), "src2");
	assert_string_equal(f->ds->members[299].name, "Member 299");
	o = ds_series_get(f->s, 0, 2020);
	assert_non_null(o);
	assert_int_equal(o->line, 2);
	assert_string_equal(ds_dataset_str(f->ds, o->source), "src0");
}

/* The optional note column: each row's note is kept (pool id 0, "", when none or no column). */
static void test_notes(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f,
			      "iso3,country,year,pct_gdp,estimate,release,source,note\n"
			      "ISL,Iceland,2024,,0,R,src,NATO publishes no figure\n"
			      "ISL,Iceland,2025,,0,R,src,NATO publishes no figure\n"
			      "NOR,Norway,2025,2.2,0,R,src,\n",
			      NULL, 1),
			 DS_OK);
	const struct ds_obs *a = ds_series_get(f->s, 0, 2024), *b = ds_series_get(f->s, 0, 2025);
	assert_non_null(a);
	assert_non_null(b);
	assert_string_equal(ds_dataset_str(f->ds, a->note), "NATO publishes no figure");
	assert_int_equal(a->note, b->note);
	assert_int_equal(ds_series_get(f->s, 1, 2025)->note, 0);
	ds_series_free(f->s);
	f->s = NULL;
	assert_int_equal(load(f, HEADER "NOR,Norway,2025,2.2,,,0,R,src\n", NULL, 1), DS_OK);
	assert_non_null(ds_series_get(f->s, 1, 2025));
	assert_int_equal(ds_series_get(f->s, 1, 2025)->note, 0);
}

/*
 * ---- Reading in parts: the same as reading from start to end ----
 *
 * Each file below is loaded serially and in 2 to 8 parts; everything a
 * caller can see must come out the same: the members, every row with its
 * strings, the grid, the file's summary, the diagnostics in order with
 * their positions, the status.  The files are generated with problems
 * placed where a part cannot judge them alone (a member's first name, a
 * duplicate of an earlier part's row, an empty country for a member named
 * before), so that both the merge and the second reading are exercised.
 */

struct text {
	char *s;
	size_t len, cap;
};

static void add(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(struct text *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	assert_true(n >= 0);
	if (t->len + (size_t)n + 1 > t->cap) {
		t->cap = (t->len + (size_t)n + 1) * 2;
		t->s = realloc(t->s, t->cap);
		assert_non_null(t->s);
	}
	va_start(ap, fmt);
	vsnprintf(t->s + t->len, t->cap - t->len, fmt, ap);
	va_end(ap);
	t->len += (size_t)n;
}

/* A load's status and diagnostics, in order. */
static void add_errors(struct text *t, const struct ds_errors *err, int rc)
{
	add(t, "rc=%d status=%d dropped=%zu\n", rc, err->status, err->dropped);
	for (size_t i = 0; i < err->n; i++)
		add(t, "E %s:%ld:%ld %s\n", err->v[i].file, err->v[i].line, err->v[i].column,
		    err->v[i].msg);
}

/* What the dataset says of each file read. */
static void add_files(struct text *t, const struct ds_dataset *ds)
{
	for (size_t i = 0; i < ds->nfiles; i++)
		add(t, "F %s rows %zu members %zu years %d-%d releases %zu\n", ds->files[i].path,
		    ds->files[i].rows, ds->files[i].members, ds->files[i].year_min,
		    ds->files[i].year_max, ds->files[i].releases);
}

/* Everything observable of one load, as text. */
static char *describe(const char *path, size_t nparts, int lone, int with_members)
{
	struct ds_dataset *ds = ds_dataset_new();
	assert_non_null(ds);
	members_for(ds, with_members);
	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_series *s;
	int rc = ds_load_spending_parts(ds, path, NULL, lone, nparts, &s, &err);
	struct text t = { 0 };
	add_errors(&t, &err, rc);
	for (size_t i = 0; i < ds->nmembers; i++)
		add(&t, "M%zu %s|%s|%s|%s|%d\n", i, ds->members[i].iso3, ds->members[i].iso2,
		    ds->members[i].name, ds->members[i].aliases, ds->members[i].joined);
	if (s != NULL) {
		add(&t, "S %s %s n=%zu years %d-%d pct %d dec %d\n", s->id, s->path, s->n,
		    s->year_min, s->year_max, s->pct_year_max, s->max_decimals);
		for (size_t i = 0; i < s->n; i++) {
			const struct ds_obs *o = &s->obs[i];
			add(&t, "O m%u y%u l%u f%u d%u p%ld s%lld g%lld %s %s %s\n", o->member,
			    o->year, o->line, o->flags, o->pct_dec, (long)o->pct,
			    (long long)o->spend_usd_m, (long long)o->gdp_usd_bn,
			    ds_dataset_str(ds, o->release), ds_dataset_str(ds, o->source),
			    ds_dataset_str(ds, o->note));
		}
		for (size_t m = 0; m < ds->nmembers; m++)
			for (int y = DS_YEAR_MIN; y <= DS_YEAR_MAX; y++) {
				const struct ds_obs *o = ds_series_get(s, m, y);
				if (o != NULL)
					add(&t, "G%zu,%d=%td\n", m, y, o - s->obs);
			}
		add_files(&t, ds);
	}
	ds_series_free(s);
	ds_dataset_free(ds);
	ds_errors_release(&err);
	return t.s;
}

static void same_in_parts(const char *path, int lone, int with_members)
{
	char *want = describe(path, 1, lone, with_members);
	static const size_t parts[] = { 2, 3, 4, 5, 8 };
	for (size_t i = 0; i < sizeof parts / sizeof *parts; i++) {
		char *got = describe(path, parts[i], lone, with_members);
		if (strcmp(got, want) != 0)
			print_error("%zu parts differ from the serial reading\n", parts[i]);
		assert_string_equal(got, want);
		free(got);
	}
	free(want);
}

static uint64_t lcg = 17;

static unsigned rnd(unsigned n)
{
	lcg = lcg * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)((lcg >> 33) % n);
}

enum {
	GROUPED = 1,   /* rows come member by member, else shuffled */
	RENAME = 2,    /* a member's later row gives another name */
	DUP = 4,       /* a late row repeats an early row's member and year */
	NOCOUNTRY = 8, /* later rows of a member leave the country empty */
	QUOTED = 16,   /* some sources are quoted and hold line feeds */
	RELEASES = 32, /* a second release after the middle of the file */
	BAD = 64,      /* scattered bad cells: more than 50 problems */
	KNOWN = 128,   /* POL and TUR rows among the others */
	NOTES = 256    /* a note column, some rows with a note */
};

static void write_case(const char *path, unsigned flags)
{
	enum { MEMBERS = 60, YEARS = 40 };
	struct text t = { 0 };
	if (flags & NOTES)
		add(&t, "iso3,country,year,pct_gdp,spend_usd_m,gdp_usd_bn,estimate,release,source,"
			"note\n");
	else
		add(&t, HEADER);
	int order[MEMBERS * YEARS];
	for (int i = 0; i < MEMBERS * YEARS; i++)
		order[i] = i;
	if (!(flags & GROUPED))
		for (int i = MEMBERS * YEARS - 1; i > 0; i--) {
			int j = (int)rnd((unsigned)i + 1), x = order[i];
			order[i] = order[j];
			order[j] = x;
		}
	for (int i = 0; i < MEMBERS * YEARS; i++) {
		int m = order[i] / YEARS, y = 2000 + order[i] % YEARS;
		char iso[4] = { (char)('A' + m / 26), (char)('A' + m % 26), 'Q', '\0' };
		if ((flags & KNOWN) && m < 2)
			snprintf(iso, sizeof iso, "%s", m == 0 ? "POL" : "TUR");
		const char *name =
			(flags & KNOWN) && m < 2 ? (m == 0 ? "Poland" : "T\xc3\xbcrkiye") : NULL;
		char own[32];
		snprintf(own, sizeof own, "Member %s", iso);
		if (name == NULL)
			name = own;
		if ((flags & RENAME) && i > MEMBERS * YEARS * 2 / 3 && rnd(97) == 0)
			name = "Someone Else";
		if ((flags & NOCOUNTRY) && i > MEMBERS * YEARS / 2 && rnd(3) == 0)
			name = "";
		const char *rel =
			(flags & RELEASES) && i > MEMBERS * YEARS / 2 ? "2026-03" : "2025-08";
		unsigned pct = rnd(500);
		/* Notes name their member, so that the parts meet them in other
		 * orders and their pool ids differ from the file's. */
		char note[48] = "";
		if ((flags & NOTES) && rnd(2) == 0)
			snprintf(note, sizeof note, ",a note on %s", iso);
		else if (flags & NOTES)
			snprintf(note, sizeof note, ",");
		if ((flags & BAD) && rnd(31) == 0)
			add(&t, "%s,%s,%d,%u,x%u,,0,%s,src%s\n", iso, name, y, pct, pct, rel, note);
		else if ((flags & QUOTED) && rnd(53) == 0)
			add(&t,
			    "%s,%s,%d,%u.%02u,,%u.5,%u,%s,\"a\nmulti-line, quoted\nsource\"%s\n",
			    iso, name, y, pct / 100, pct % 100, pct, rnd(2), rel, note);
		else
			add(&t, "%s,%s,%d,%u.%02u,%u.1,%u.25,%u,%s,src%u%s\n", iso, name, y,
			    pct / 100, pct % 100, pct * 3, pct + 100, rnd(2), rel, rnd(3), note);
		if ((flags & DUP) && i == MEMBERS * YEARS * 3 / 4)
			add(&t, "AAQ,Member AAQ,2001,1.00,,,0,%s,src%s\n", rel, note);
	}
	assert_int_equal(ds_test_write(path, t.s, t.len), 0);
	free(t.s);
}

static void test_parts_same_as_serial(void **state)
{
	struct fixture *f = *state;
	static const unsigned cases[] = {
		GROUPED,
		0,
		GROUPED | QUOTED,
		GROUPED | RENAME,
		RENAME,
		GROUPED | DUP,
		DUP | QUOTED,
		GROUPED | NOCOUNTRY,
		NOCOUNTRY,
		GROUPED | RELEASES,
		RELEASES | QUOTED,
		GROUPED | BAD,
		BAD | RENAME | DUP,
		GROUPED | KNOWN,
		KNOWN | NOCOUNTRY | QUOTED,
		GROUPED | NOTES,
		NOTES | QUOTED | DUP,
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		write_case(f->path, cases[i]);
		same_in_parts(f->path, 1, 0);
		if (cases[i] & KNOWN) {
			/* Known members only: every other member is an error.
			 * With their index of names, the parts share the dataset. */
			same_in_parts(f->path, 0, 1);
			same_in_parts(f->path, 0, 2);
		}
	}
}

/*
 * What a load keeping keep's years (NULL: a full load) says, in the terms
 * both loads must share: diagnostics, members, what the series says of the
 * whole file, the years it covers, the rows of keep's years.
 */
static char *describe_kept(const char *path, size_t nparts, int lone, int with_members,
			   const struct ds_keep_years *load_keep, const struct ds_keep_years *keep)
{
	struct ds_dataset *ds = ds_dataset_new();
	assert_non_null(ds);
	members_for(ds, with_members);
	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_series *s;
	int rc = ds_load_spending_keep(ds, path, NULL, lone, nparts, load_keep, &s, &err);
	struct text t = { 0 };
	add_errors(&t, &err, rc);
	for (size_t i = 0; i < ds->nmembers; i++)
		add(&t, "M%zu %s|%s\n", i, ds->members[i].iso3, ds->members[i].name);
	if (s != NULL) {
		add(&t, "S %s years %d-%d pct %d dec %d\n", s->id, s->year_min, s->year_max,
		    s->pct_year_max, s->max_decimals);
		for (int y = DS_YEAR_MIN; y <= DS_YEAR_MAX; y++)
			if (ds_series_covers(s, y))
				add(&t, "C%d\n", y);
		for (size_t m = 0; m < ds->nmembers; m++)
			for (size_t k = 0; k < keep->n; k++) {
				const struct ds_obs *o = ds_series_get(s, m, keep->year[k]);
				if (o != NULL)
					add(&t, "O m%u y%u l%u f%u d%u p%ld s%lld g%lld %s %s\n",
					    o->member, o->year, o->line, o->flags, o->pct_dec,
					    (long)o->pct, (long long)o->spend_usd_m,
					    (long long)o->gdp_usd_bn,
					    ds_dataset_str(ds, o->release),
					    ds_dataset_str(ds, o->source));
			}
		/* Keeping lines: where every row is, kept or not (a cell
		 * holding a line is no row to ds_series_get()). */
		for (size_t m = 0; keep->lines && m < s->grid_members; m++)
			for (size_t k = 0; k < s->grid_span; k++) {
				int y = s->grid_year0 + (int)k;
				uint32_t line = ds_series_line(s, m, y);
				if (s->grid[m * s->grid_span + k] & DS_GRID_LINE)
					assert_null(ds_series_get(s, m, y));
				if (line != 0)
					add(&t, "L m%zu y%d l%u\n", m, y, line);
			}
		add_files(&t, ds);
		/* Rows of other years are not kept. */
		if (load_keep != NULL)
			for (size_t i = 0; i < s->n; i++) {
				int in = 0;
				for (size_t k = 0; k < keep->n; k++)
					in |= s->obs[i].year == keep->year[k];
				assert_true(in);
			}
	}
	ds_series_free(s);
	ds_dataset_free(ds);
	ds_errors_release(&err);
	return t.s;
}

/*
 * Keeping some years' rows (list --year) reads and checks every row as a
 * full load does: the same diagnostics in the same order (a second row in
 * a year not kept included), the same summary of the file, the same rows
 * of the years kept; serially and in parts.  Keeping lines (an update's
 * load), the grid says on which line every row is, as the full load's
 * rows say, with no row kept or with some.
 */
static void test_keep_years(void **state)
{
	struct fixture *f = *state;
	static const unsigned cases[] = {
		GROUPED,        0, GROUPED | DUP, DUP | QUOTED, GROUPED | RELEASES, BAD | DUP,
		GROUPED | NOTES
	};
	/* 2001 is the year of the DUP case's second row: kept, then not. */
	static const struct ds_keep_years keeps[] = { { { 2001, 2020, 2039 }, 3, 0 },
						      { { 2020 }, 1, 0 },
						      { { 1990 }, 1, 0 },
						      { { 0 }, 0, 1 },
						      { { 2020 }, 1, 1 } };
	for (size_t i = 0; i < sizeof cases / sizeof *cases + 1; i++) {
		/* The last case: a file of known members, whose parts share the dataset. */
		int known = i == sizeof cases / sizeof *cases;
		write_case(f->path, known ? GROUPED | KNOWN | DUP : cases[i]);
		int lone = !known, members = known ? 2 : 0;
		for (size_t k = 0; k < sizeof keeps / sizeof *keeps; k++) {
			char *want = describe_kept(f->path, 1, lone, members, NULL, &keeps[k]);
			static const size_t parts[] = { 1, 2, 3, 5 };
			for (size_t p = 0; p < sizeof parts / sizeof *parts; p++) {
				char *got = describe_kept(f->path, parts[p], lone, members,
							  &keeps[k], &keeps[k]);
				if (strcmp(got, want) != 0)
					print_error("case %zu, keep %zu, %zu parts\n", i, k,
						    parts[p]);
				assert_string_equal(got, want);
				free(got);
			}
			free(want);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_lone, setup, teardown),
		cmocka_unit_test_setup_teardown(test_series_ids, setup, teardown),
		cmocka_unit_test_setup_teardown(test_known_members, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lone_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_release_and_provenance, setup, teardown),
		cmocka_unit_test_setup_teardown(test_header_and_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_members, setup, teardown),
		cmocka_unit_test_setup_teardown(test_notes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_parts_same_as_serial, setup, teardown),
		cmocka_unit_test_setup_teardown(test_keep_years, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lone_minimal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lone_present_columns, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lone_names_from, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
