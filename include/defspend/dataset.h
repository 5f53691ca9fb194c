/*
 * dataset.h - the loaded dataset: members, one release's spending figures,
 * Ukraine aid, NATO's aggregates and the index of releases.
 *
 * A dataset is loaded from a directory (members.csv, spending.csv and the
 * optional aid.csv, aggregates.csv, releases.csv and releases/ files) or from
 * one spending CSV on its own, whose iso3 and country columns then define the
 * members.  All figures of one query come from one release (a `ds_series`):
 * NATO revises past years in every release, so releases are never mixed.
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
	DS_OBS_PCT = 1,     /* pct is a published figure */
	DS_OBS_SPEND = 2,   /* spend_usd_m is known */
	DS_OBS_GDP = 4,     /* gdp_usd_bn is known */
	DS_OBS_ESTIMATE = 8 /* NATO marks the year as an estimate */
};

/* One member and year of one release. */
struct ds_obs {
	int32_t pct; /* % of GDP in millionths of a point (DS_PCT_SCALE) */
	uint16_t year;
	uint8_t flags;      /* DS_OBS_* */
	uint8_t pct_dec;    /* decimals the figure was published with */
	uint32_t member;    /* index into ds_dataset.members */
	uint32_t release;   /* pool id of the release cell */
	uint32_t source;    /* pool id of the source cell */
	uint32_t line;      /* line in its file, for messages */
	double spend_usd_m; /* millions of current US dollars */
	double gdp_usd_bn;  /* billions of current US dollars (IMF) */
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
};

struct ds_aid {
	uint32_t member;
	uint8_t flags; /* bit i set: value i known (military, financial, humanitarian, total) */
	double eur_bn[4];
	uint32_t cutoff; /* pool id, ISO date */
	uint32_t source; /* pool id */
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
	size_t naid;
	int has_aid;

	struct ds_aggregate *agg;
	size_t nagg;

	struct ds_release *releases;
	size_t nreleases;
	int current_release; /* index of the release in spending.csv, -1 if unknown */

	struct ds_file_info *files;
	size_t nfiles;

	/* The matching index of lookup.h: folded names, codes, aliases.  Built
	 * when members.csv is read; for a lone spending file on first use. */
	struct ds_pool keys;
	struct ds_strmap by_key;
	int keys_ready;
};

struct ds_load_opts {
	const char *release; /* answer from this release; NULL: the current one */
	int all_releases;    /* also read and validate every file of releases.csv */
};

/*
 * Loads the dataset at path (a directory or a spending CSV).  On success
 * *out is set and the caller frees it with ds_dataset_free().  Every problem
 * found is added to err; the status of the first is returned and *out is NULL.
 */
int ds_dataset_load(const char *path, const struct ds_load_opts *opts, struct ds_dataset **out,
		    struct ds_errors *err);
void ds_dataset_free(struct ds_dataset *ds);

/*
 * Reads the spending file of release `id` (listed in releases.csv) into a new
 * series sharing the dataset's members.  Caller frees with ds_series_free().
 */
int ds_dataset_load_release(struct ds_dataset *ds, const char *id, struct ds_series **out,
			    struct ds_errors *err);
void ds_series_free(struct ds_series *s);

/* The index of release id in ds->releases, or -1. */
int ds_dataset_find_release(const struct ds_dataset *ds, const char *id);

/* The row of member m for year y in s, or NULL. */
const struct ds_obs *ds_series_get(const struct ds_series *s, size_t m, int year);

/* The string with pool id `id`. */
const char *ds_dataset_str(const struct ds_dataset *ds, uint32_t id);

/* The aid record of member m, or NULL. */
const struct ds_aid *ds_dataset_aid(const struct ds_dataset *ds, size_t m);

#endif
