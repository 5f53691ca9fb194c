/*
 * dataset.h - the loaded dataset: members, one release's spending figures,
 * Ukraine aid, NATO's aggregates and the index of releases.
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
	uint32_t *grid; /* [member * DS_NYEARS + year - DS_YEAR_MIN] = obs index + 1 */
	size_t grid_members;
	int year_min, year_max; /* years with a row; 0 when empty */
	int pct_year_max;       /* latest year with a % figure; 0 when none */
	int max_decimals;       /* most decimals of any % figure */
	size_t grid_cap;        /* members the grid has room for (grid_members are zeroed) */
	size_t nfilled;         /* rows whose % figure another release filled (fill.h) */
};

struct ds_aid {
	uint32_t member;
	uint8_t flags;     /* bit i set: value i known (military, financial, humanitarian, total) */
	int64_t eur_bn[4]; /* billions of euros, in millionths (DS_AMOUNT_SCALE) */
	uint32_t cutoff;   /* pool id, ISO date */
	uint32_t source;   /* pool id */
};

enum { DS_AID_MILITARY, DS_AID_FINANCIAL, DS_AID_HUMANITARIAN, DS_AID_TOTAL };

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

	struct ds_aggregate *agg;
	size_t nagg, agg_cap;

	struct ds_release *releases;
	size_t nreleases, releases_cap;
	int current_release; /* index of the release in spending.csv, -1 if unknown */

	struct ds_file_info *files;
	size_t nfiles, files_cap;

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
 * Adds a member, indexed by iso3 in by_iso3 (the strings are copied).
 * Returns its index, or -1 when memory runs out (ds is as it was).
 */
long ds_dataset_add_member(struct ds_dataset *ds, const char *iso3, const char *iso2,
			   const char *name, const char *aliases, int joined);

/*
 * Adds a release: every string of r is copied (NULL reads as "").  Returns
 * its index, or -1 when memory runs out (ds is as it was).  Which release is
 * current is the caller's to set.
 */
long ds_dataset_add_release(struct ds_dataset *ds, const struct ds_release *r);

/* Appends a copy of a (its pool ids name strings of ds->pool); 0, or -1 out of memory. */
int ds_dataset_add_aid(struct ds_dataset *ds, const struct ds_aid *a);

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

/* The index of release id in ds->releases, or -1. */
int ds_dataset_find_release(const struct ds_dataset *ds, const char *id);

/*
 * Fills order[0..ds->nreleases) with the release indexes sorted by
 * publication date, oldest first (then by id).  Dates are ISO 8601
 * ("2026-07" or "2026-07-14"), so text order is date order.
 */
void ds_dataset_release_order(const struct ds_dataset *ds, size_t *order);

/* The row of member m for year y in s, or NULL. */
const struct ds_obs *ds_series_get(const struct ds_series *s, size_t m, int year);

/* The string with pool id `id`. */
const char *ds_dataset_str(const struct ds_dataset *ds, uint32_t id);

/* The aid record of member m, or NULL. */
const struct ds_aid *ds_dataset_aid(const struct ds_dataset *ds, size_t m);

#endif
