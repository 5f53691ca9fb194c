/*
 * dataset.h - the loaded dataset: members, one release's spending figures,
 * Ukraine aid, the IMF's macro figures, NATO's aggregates and the index of
 * releases.
 *
 * This is the container and nothing else: it holds what the loaders put in
 * it, through the mutators below, and answers the accessors.  It knows no
 * file and no CSV; reading a data directory or a lone spending file is
 * load.h's, and each file's rules are its loader's (load_aux.h,
 * load_spending.h).  All figures of one query come from one release (a
 * `ds_series`): NATO revises past years in every release, so releases are
 * never mixed.
 */
#ifndef DEFSPEND_DATASET_H
#define DEFSPEND_DATASET_H

#include <stddef.h>
#include <stdint.h>

#include "defspend/csvread.h"
#include "defspend/error.h"
#include "defspend/strmap.h"

#define DS_YEAR_MIN 1949 /* NATO's founding */
#define DS_YEAR_MAX 2100
#define DS_NYEARS (DS_YEAR_MAX - DS_YEAR_MIN + 1)

struct ds_member {
	char *iso3;
	char *iso2; /* "" when unknown */
	char *name;
	char *aliases; /* ';'-separated, "" when none */
	int joined;    /* year of accession, 0 when unknown */
};

enum {
	DS_OBS_PCT = 1,      /* pct is a published figure */
	DS_OBS_SPEND = 2,    /* spend_usd_m is known */
	DS_OBS_GDP = 4,      /* gdp_usd_bn is known */
	DS_OBS_ESTIMATE = 8, /* NATO marks the year as an estimate */
	DS_OBS_FILLED = 16   /* the % figure comes from another release (fill.h) */
};

/* One member and year of one release. */
struct ds_obs {
	int32_t pct; /* % of GDP in millionths of a point (DS_PCT_SCALE) */
	uint16_t year;
	uint8_t flags;       /* DS_OBS_* */
	uint8_t pct_dec;     /* decimals the figure was published with */
	uint32_t member;     /* index into ds_dataset.members */
	uint32_t release;    /* pool id of the release cell */
	uint32_t source;     /* pool id of the source cell */
	uint32_t line;       /* line in its file, for messages */
	uint32_t note;       /* pool id of the note cell ("" when none): why a cell is empty */
	int64_t spend_usd_m; /* millions of current US dollars, in millionths (DS_AMOUNT_SCALE) */
	int64_t gdp_usd_bn;  /* billions of current US dollars (IMF), in millionths */
};

/* The rows of one spending file: one release. */
struct ds_series {
	char *id;   /* release id ("2025-08"), or the file's release cells if one */
	char *path; /* the file it was read from */
	struct ds_obs *obs;
	size_t n, cap;
	/* [member * grid_span + year - grid_year0] = obs index + 1, 0 for no
	 * row, or DS_GRID_LINE | the line of a row read and not kept
	 * (ds_keep_years.lines); ds_series_get() finds no row in such a cell. */
	uint32_t *grid;
	size_t grid_members;
	int year_min, year_max; /* years with a row; 0 when empty */
	int pct_year_max;       /* latest year with a % figure; 0 when none */
	int max_decimals;       /* most decimals of any % figure */
	size_t grid_cap;        /* members the grid has room for (grid_members are zeroed) */
	size_t nfilled;         /* rows whose % figure another release filled (fill.h) */
	int grid_year0;         /* the grid's first year: DS_YEAR_MIN while rows are added */
	size_t grid_span;       /* its years a member: DS_NYEARS while rows are added */
	/* A series read keeping only some years' rows (load_spending.h:
	 * ds_keep_years): the file's other rows were read and checked, not
	 * kept.  year_min .. max_decimals above are then the whole file's,
	 * and covered[y - DS_YEAR_MIN] says whether year y has a % figure. */
	int partial;
	unsigned char covered[DS_NYEARS];
	/* Where some of the file's lines start (one record in DS_MARK_EVERY),
	 * in file order: an update seeks near the record it changes from
	 * these instead of counting the lines of the whole file (csvdoc.h). */
	struct ds_line_mark *marks;
	size_t nmarks;
};

/* The mark of a grid cell that holds a row's line, not the row. */
#define DS_GRID_LINE UINT32_C(0x80000000)

/* A series notes where one record in this many starts in its file. */
#define DS_MARK_EVERY 256

/*
 * One donor of aid.csv (the Kiel Institute's tracker).  Most donors are
 * allies; the others (the EU institutions, Japan, ...) are not members and
 * are kept apart from members.csv: member is DS_AID_NOT_MEMBER and the
 * file's own code and donor name say who they are.
 */
#define DS_AID_NOT_MEMBER UINT32_MAX

/* The amounts of a donor, in billions of euros: the first four are allocations. */
enum {
	DS_AID_MILITARY,
	DS_AID_FINANCIAL,
	DS_AID_HUMANITARIAN,
	DS_AID_TOTAL,
	DS_AID_EU_SHARE,      /* the donor's share of the EU institutions' aid */
	DS_AID_TOTAL_INCL_EU, /* total plus that share */
	DS_AID_COMMITTED,     /* commitments, beside the allocations */
	DS_AID_NAMOUNTS
};
/* Kiel's own ratios to the donor's GDP (as Kiel defines it), in % of GDP. */
enum { DS_AID_PCT_TOTAL, DS_AID_PCT_TOTAL_INCL_EU, DS_AID_NPCTS };
/* The flag bit of ratio j in ds_aid.flags. */
#define DS_AID_PCT_FLAG(j) (1u << (DS_AID_NAMOUNTS + (j)))

struct ds_aid {
	uint32_t member; /* index into ds_dataset.members, or DS_AID_NOT_MEMBER */
	uint32_t iso3;   /* pool id: the file's code ("EUI" for the EU institutions) */
	uint32_t donor;  /* pool id: the file's donor name, "" when the file has none */
	uint16_t flags;  /* bit i: eur_bn[i] known; DS_AID_PCT_FLAG(j): pct_gdp[j] known */
	uint8_t pct_dec[DS_AID_NPCTS];   /* decimals each ratio was published with */
	int64_t eur_bn[DS_AID_NAMOUNTS]; /* billions of euros, in millionths (DS_AMOUNT_SCALE) */
	int32_t pct_gdp[DS_AID_NPCTS];   /* % of GDP, millionths of a point (DS_PCT_SCALE) */
	uint32_t cutoff;                 /* pool id, ISO date */
	uint32_t source;                 /* pool id */
};

/*
 * One member and year of macro.csv (IMF World Economic Outlook): the
 * figures that turn a share of GDP into money, people and real terms.
 * Each figure is known when its DS_MACRO_* bit is set; an empty cell is
 * unknown, never 0.
 */
enum {
	DS_MACRO_POPULATION = 1,
	DS_MACRO_GDP_LCU = 2,
	DS_MACRO_GDP_REAL = 4,
	DS_MACRO_DEFLATOR = 8,
	DS_MACRO_GDP_USD = 16,
	DS_MACRO_GOV_EXP = 32
};

struct ds_macro {
	uint32_t member; /* index into ds_dataset.members */
	uint16_t year;
	uint16_t flags;          /* DS_MACRO_* */
	int64_t population_m;    /* millions of persons, in millionths: whole persons */
	int64_t gdp_lcu_bn;      /* billions of national currency, current prices (millionths) */
	int64_t gdp_real_lcu_bn; /* the same at constant prices of the IMF's base year */
	int64_t gdp_deflator;    /* index, about 100 in the base year (millionths) */
	int64_t gdp_usd_bn;      /* billions of current US dollars (millionths) */
	int32_t gov_exp_pct;     /* general government expenditure, % of GDP (DS_PCT_SCALE) */
	uint8_t gov_exp_dec;     /* decimals it was published with */
	int estimate_from;       /* first year that holds an IMF estimate; 0 when not given */
	uint32_t currency;       /* pool id: ISO 4217 code of the national currency, or "" */
	uint32_t source;         /* pool id */
	uint32_t line;           /* where the row was read, for check's messages ... */
	uint32_t usd_column;     /* ... and the column of its gdp_usd_bn cell */
};

struct ds_aggregate {
	uint32_t name; /* pool id: "NATO Total", "NATO Europe and Canada" */
	int year;
	int32_t pct;
	uint8_t pct_dec;
	uint8_t estimate;
	uint32_t release, source;
};

struct ds_release {
	char *id, *title, *published, *cutoff, *basis, *file, *source;
	int decimals; /* -1 when not given */
};

/* What `check` reports for each file read. */
struct ds_file_info {
	char *path;
	size_t rows;
	size_t members;
	int year_min, year_max;
	size_t releases; /* distinct release cells */
};

struct ds_dataset {
	char *dir; /* the data directory, NULL for a lone spending file */
	struct ds_member *members;
	size_t nmembers, members_cap;
	struct ds_strmap by_iso3;
	struct ds_pool pool;

	struct ds_series *spending; /* the release in use */

	struct ds_aid *aid;
	size_t naid, aid_cap;
	int has_aid;

	struct ds_macro *macro; /* sorted by member, then year */
	size_t nmacro, macro_cap;
	int has_macro;
	char *macro_path; /* the file macro came from, for messages; NULL when none */

	struct ds_aggregate *agg;
	size_t nagg, agg_cap;

	struct ds_release *releases;
	size_t nreleases, releases_cap;
	int current_release; /* index of the release in spending.csv, -1 if unknown */

	struct ds_file_info *files;
	size_t nfiles, files_cap;

	/* A lone spending file without an iso3 column names its members by
	 * name: these members (of a data directory's members.csv, see
	 * ds_load_opts.names) give such a name its code and aliases.  Owned;
	 * NULL when there are none. */
	struct ds_dataset *names_from;

	/* The matching index of lookup.h: folded names, codes, aliases.  Built
	 * when members.csv is read; for a lone spending file on first use. */
	struct ds_pool keys;
	struct ds_strmap by_key;
	int keys_ready;
};

/*
 * An empty dataset: no members, no series, no release current.  NULL when
 * memory runs out.  Caller frees with ds_dataset_free().
 */
struct ds_dataset *ds_dataset_new(void);
/* Frees ds, its members, series in use, records and strings; NULL is fine. */
void ds_dataset_free(struct ds_dataset *ds);

/*
 * Adds a member, indexed by iso3 in by_iso3 (the strings are copied); an
 * empty iso3 (a member of a lone file known by its name alone) is not
 * indexed.  Returns its index, or -1 when memory runs out (ds is as it was).
 */
long ds_dataset_add_member(struct ds_dataset *ds, const char *iso3, const char *iso2,
			   const char *name, const char *aliases, int joined);
/*
 * The same for a member made elsewhere (another dataset's, about to be
 * freed): its strings move into ds, and m is left holding none.  The
 * index, or -1 when memory runs out (m is then as it was).
 */
long ds_dataset_take_member(struct ds_dataset *ds, struct ds_member *m);

/*
 * Room for n members in all, made at once and mapped (ds_prefault()), so
 * that adding many members (a lone file of thousands) neither moves the
 * array as it doubles nor maps it a page at a time.  0, or -1 when memory
 * runs out (nothing changed).
 */
int ds_dataset_reserve_members(struct ds_dataset *ds, size_t n);

/*
 * Adds a release: every string of r is copied (NULL reads as "").  Returns
 * its index, or -1 when memory runs out (ds is as it was).  Which release is
 * current is the caller's to set.
 */
long ds_dataset_add_release(struct ds_dataset *ds, const struct ds_release *r);

/* Appends a copy of a (its pool ids name strings of ds->pool); 0, or -1 out of memory. */
int ds_dataset_add_aid(struct ds_dataset *ds, const struct ds_aid *a);

/*
 * Adds a copy of m (its pool ids name strings of ds->pool), keeping the
 * rows sorted by member and year: 0; 1 when that member and year are there
 * already (*first is then that row's line, ds is as it was); -1 out of
 * memory.  Rows added in order cost nothing to sort.
 */
int ds_dataset_add_macro(struct ds_dataset *ds, const struct ds_macro *m, uint32_t *first);

/* Appends a copy of g (its pool ids name strings of ds->pool); 0, or -1 out of memory. */
int ds_dataset_add_aggregate(struct ds_dataset *ds, const struct ds_aggregate *g);

/* Records a file's summary for `check` (info->path is copied); 0, or -1 out of memory. */
int ds_dataset_add_file(struct ds_dataset *ds, const struct ds_file_info *info);

/*
 * An empty series read from path (copied), without an id, rows or grid.
 * NULL when memory runs out.  Caller frees with ds_series_free().
 */
struct ds_series *ds_series_new(const char *path);
/* Frees s and everything it holds; NULL is fine. */
void ds_series_free(struct ds_series *s);

/*
 * Sets s's summary from its rows: year_min, year_max, pct_year_max,
 * max_decimals.  Whoever fills or changes s->obs calls it last.
 */
void ds_series_summarise(struct ds_series *s);

/*
 * Narrows the grid of a series whose rows are all in (year_min..year_max
 * set) to those years, in place: a file of 60 years keeps 60 cells a
 * member rather than DS_NYEARS.  The loader does it once a file is read;
 * ds_series_get() answers as before.  Code that adds rows to a loaded
 * series, or writes grid cells itself at [member * DS_NYEARS + year -
 * DS_YEAR_MIN], calls ds_series_widen_grid() first.
 */
void ds_series_narrow_grid(struct ds_series *s);

/*
 * Gives the grid back its full width (grid_year0 DS_YEAR_MIN, grid_span
 * DS_NYEARS) for the same members.  Returns 0, or -1 when memory runs out
 * (s is as it was).
 */
int ds_series_widen_grid(struct ds_series *s);

/* The index of release id in ds->releases, or -1. */
int ds_dataset_find_release(const struct ds_dataset *ds, const char *id);

/*
 * Fills order[0..ds->nreleases) with the release indexes sorted by
 * publication date, oldest first (then by id).  Dates are ISO 8601
 * ("2026-07" or "2026-07-14"), so text order is date order.
 */
void ds_dataset_release_order(const struct ds_dataset *ds, size_t *order);

/* Whether some member has a % figure for year in s: the year is covered. */
int ds_series_covers(const struct ds_series *s, int year);

/*
 * Writes the years of s with a % figure into buf as ranges, "2014,
 * 2023-2024" ("" when none; truncated at a range that does not fit).
 */
void ds_series_year_ranges(const struct ds_series *s, char *buf, size_t size);

/* The grid cell of member m for year in s (see ds_series.grid), or NULL outside the grid. */
const uint32_t *ds_series_cell(const struct ds_series *s, size_t m, int year);

/* The row of member m for year y in s, or NULL. */
const struct ds_obs *ds_series_get(const struct ds_series *s, size_t m, int year);

/*
 * The line of s's file where member m's row for year starts: the row's,
 * or the line its grid cell keeps when the row was not kept
 * (DS_GRID_LINE); 0 when there is no such row.
 */
uint32_t ds_series_line(const struct ds_series *s, size_t m, int year);

/* The string with pool id `id`. */
const char *ds_dataset_str(const struct ds_dataset *ds, uint32_t id);

/* The aid record of member m, or NULL. */
const struct ds_aid *ds_dataset_aid(const struct ds_dataset *ds, size_t m);
/* The code of a donor: the member's iso3, else the file's code. */
const char *ds_dataset_aid_iso3(const struct ds_dataset *ds, const struct ds_aid *a);
/* The name of a donor: the member's name, else the file's donor name. */
const char *ds_dataset_aid_name(const struct ds_dataset *ds, const struct ds_aid *a);

/* The macro.csv row of member m for year, or NULL. */
const struct ds_macro *ds_dataset_macro(const struct ds_dataset *ds, size_t m, int year);

#endif
