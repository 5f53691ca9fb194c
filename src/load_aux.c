/*
 * load_aux.c - the small files beside the spending data: members.csv,
 * releases.csv, aid.csv and aggregates.csv.  (macro.csv has a loader of its
 * own, load_macro.c: its rows are checked against the spending data too.)
 *
 * They are read with the same reader and the same cell rules as the
 * spending file, so a mistake anywhere in data/ gets the same kind of
 * message.
 */
#include <string.h>

#include "defspend/load_aux.h"
#include "defspend/load_cell.h"
#include "defspend/lookup.h"
#include "defspend/num.h"
#include "defspend/provenance.h"

struct aux_ctx {
	struct ds_dataset *ds;
	const char *file;
	struct ds_errors *err;
	int idx[16];
	size_t nheader;
	int header_ok;
	const struct ds_colspec *spec;
	size_t nspec;
	int (*row)(struct aux_ctx *c, const struct ds_csv_record *rec);
	int hint;              /* look for a decimal comma in column pct_col */
	int pct_col, flag_col; /* spec indexes: the percentage, the estimate flag */
	struct ds_file_info info;
	struct ds_strmap seen; /* keys already used in this file */
	struct ds_pool seen_keys;
};

static const char *cell(const struct aux_ctx *c, const struct ds_csv_record *rec, int col)
{
	return c->idx[col] >= 0 ? rec->fields[c->idx[col]].s : "";
}

/* Reports a second row with the same key; returns 1 when it is one. */
static int duplicate(struct aux_ctx *c, const struct ds_csv_record *rec, int col, const char *what)
{
	const char *key = cell(c, rec, col);
	uint32_t line, id;
	if (ds_strmap_get(&c->seen, key, strlen(key), &line)) {
		char shown[64];
		ds_load_field_error(c->err, c->file, rec, (size_t)c->idx[col],
				    "a second row for %s '%s' (the first is on line %u)", what,
				    ds_load_shown(shown, sizeof shown, key, strlen(key)), line);
		return 1;
	}
	if (ds_pool_intern(&c->seen_keys, key, strlen(key), &id) != 0 ||
	    ds_strmap_put(&c->seen, ds_pool_str(&c->seen_keys, id), strlen(key),
			  (uint32_t)rec->line) != 0)
		ds_errors_nomem(c->err, c->file);
	return 0;
}

static int aux_record(void *ctx, const struct ds_csv_record *rec)
{
	struct aux_ctx *c = ctx;
	if (rec->nfields == 0)
		return 0;
	if (rec->index == 0) {
		c->nheader = rec->nfields;
		c->header_ok =
			ds_load_header(rec, c->file, c->spec, c->nspec, c->idx, c->err) == DS_OK;
		return c->header_ok ? 0 : DS_EDATA;
	}
	if (!c->header_ok)
		return DS_EDATA; /* the reader lost the header: nothing can be read */
	c->info.rows++;
	if (rec->nfields != c->nheader) {
		if (c->hint && rec->nfields == c->nheader + 1 && c->idx[c->pct_col] >= 0) {
			/* As in load_spending.c: the shifted flag must still be one. */
			int f = c->idx[c->pct_col], e = c->idx[c->flag_col];
			const struct ds_csv_field *flag = e > f ? &rec->fields[e + 1] : NULL;
			int ok = flag == NULL || flag->len == 0 ||
				 (flag->len == 1 && (flag->s[0] == '0' || flag->s[0] == '1'));
			if (ok && ds_load_comma_split(c->err, c->file, rec, c->nheader, (size_t)f,
						      c->spec[c->pct_col].name))
				return 0;
		}
		ds_load_count_error(c->err, c->file, rec, c->nheader);
		return 0;
	}
	return c->row(c, rec);
}

/* Reads path, or data[0..len) named path when data is not NULL. */
static int read_aux_from(struct aux_ctx *c, const char *path, const char *data, size_t len)
{
	size_t before = ds_errors_count(c->err);
	c->file = path;
	c->info.path = (char *)path;
	ds_strmap_init(&c->seen);
	int rc = ds_pool_init(&c->seen_keys) == 0 ? DS_OK : DS_ENOMEM;
	if (rc == DS_OK && data != NULL)
		rc = ds_csv_read_mem(path, data, len, DS_BUFSIZ, aux_record, c, c->err);
	else if (rc == DS_OK)
		rc = ds_csv_read_path(path, NULL, aux_record, c, c->err);
	if (rc == DS_OK && ds_errors_count(c->err) > before)
		rc = DS_EDATA;
	if (rc == DS_OK && !c->header_ok)
		rc = ds_errors_add(c->err, DS_EDATA, path, 0, 0, "empty file: no header");
	if (rc == DS_OK && ds_dataset_add_file(c->ds, &c->info) != 0)
		rc = ds_errors_nomem(c->err, path);
	ds_strmap_release(&c->seen);
	ds_pool_release(&c->seen_keys);
	return rc;
}

static int read_aux(struct aux_ctx *c, const char *path)
{
	return read_aux_from(c, path, NULL, 0);
}

/* members.csv */

enum { M_ISO3, M_ISO2, M_NAME, M_ALIASES, M_JOINED, M_NCOL };
static const struct ds_colspec member_cols[M_NCOL] = {
	{ "iso3", 1 }, { "iso2", 1 }, { "name", 1 }, { "aliases", 0 }, { "joined", 0 },
};

static int member_row(struct aux_ctx *c, const struct ds_csv_record *rec)
{
	int bad = ds_load_iso3(c->err, c->file, rec, (size_t)c->idx[M_ISO3]) != 0;
	const struct ds_csv_field *iso2 = &rec->fields[c->idx[M_ISO2]];
	char shown[64];
	int ok2 = iso2->len == 0 || (iso2->len == 2 && iso2->s[0] >= 'A' && iso2->s[0] <= 'Z' &&
				     iso2->s[1] >= 'A' && iso2->s[1] <= 'Z');
	if (!ok2) {
		ds_load_field_error(c->err, c->file, rec, (size_t)c->idx[M_ISO2],
				    "iso2 '%s' is not a two-letter upper-case code",
				    ds_load_shown(shown, sizeof shown, iso2->s, iso2->len));
		bad = 1;
	}
	if (rec->fields[c->idx[M_NAME]].len == 0) {
		ds_load_field_error(c->err, c->file, rec, (size_t)c->idx[M_NAME], "name is empty");
		bad = 1;
	} else if (ds_load_name(c->err, c->file, rec, (size_t)c->idx[M_NAME], "name") != 0) {
		bad = 1;
	}
	if (c->idx[M_ALIASES] >= 0 &&
	    ds_load_name(c->err, c->file, rec, (size_t)c->idx[M_ALIASES], "aliases") != 0)
		bad = 1;
	int joined = 0;
	if (c->idx[M_JOINED] >= 0 &&
	    ds_load_year(c->err, c->file, rec, (size_t)c->idx[M_JOINED], "joined", 1, &joined) != 0)
		bad = 1;
	if (bad || duplicate(c, rec, M_ISO3, "member"))
		return 0;
	if (ds_dataset_add_member(c->ds, cell(c, rec, M_ISO3), iso2->s, cell(c, rec, M_NAME),
				  cell(c, rec, M_ALIASES), joined) < 0)
		return ds_errors_nomem(c->err, c->file);
	c->info.members++;
	return 0;
}

int ds_load_members(struct ds_dataset *ds, const char *path, struct ds_errors *err)
{
	return ds_load_members_mem(ds, path, NULL, 0, err);
}

int ds_load_members_mem(struct ds_dataset *ds, const char *path, const char *data, size_t len,
			struct ds_errors *err)
{
	struct aux_ctx c = {
		.ds = ds, .err = err, .spec = member_cols, .nspec = M_NCOL, .row = member_row
	};
	int rc = read_aux_from(&c, path, data, len);
	if (rc != DS_OK)
		return rc;
	size_t a, b;
	const char *key;
	int lr = ds_lookup_build(ds, &a, &b, &key);
	if (lr == -2)
		return ds_errors_nomem(err, path);
	if (lr == -1)
		return ds_errors_add(
			err, DS_EDATA, path, 0, 0,
			"'%s' names both %s and %s: names, codes and aliases must be unique", key,
			ds->members[a].iso3, ds->members[b].iso3);
	return DS_OK;
}

/* releases.csv */

enum { R_ID, R_TITLE, R_PUBLISHED, R_CUTOFF, R_BASIS, R_DECIMALS, R_FILE, R_SOURCE, R_NCOL };
static const struct ds_colspec release_cols[R_NCOL] = {
	{ "id", 1 },    { "title", 1 },    { "published", 1 }, { "cutoff", 0 },
	{ "basis", 0 }, { "decimals", 0 }, { "file", 1 },      { "source", 0 },
};

static int safe_relative(const char *p)
{
	if (*p == '\0' || *p == '/')
		return 0;
	for (const char *s = p; *s; s++) {
		if ((s == p || s[-1] == '/') && s[0] == '.' && s[1] == '.' &&
		    (s[2] == '/' || s[2] == '\0'))
			return 0;
		if (*s == '\\')
			return 0;
	}
	return 1;
}

static int release_row(struct aux_ctx *c, const struct ds_csv_record *rec)
{
	int bad = 0;
	char shown[64];
	const struct ds_csv_field *id = &rec->fields[c->idx[R_ID]];
	if (id->len == 0) {
		ds_load_field_error(c->err, c->file, rec, (size_t)c->idx[R_ID], "id is empty");
		bad = 1;
	} else if (!ds_provenance_release_id_valid(id->s)) {
		/* The id names the release's file when it moves (releases/ID.csv). */
		ds_load_field_error(
			c->err, c->file, rec, (size_t)c->idx[R_ID],
			"id '%s' cannot name a file: use only letters, digits, '.', '-' "
			"and '_' (not '/', not a leading '.')",
			ds_load_shown(shown, sizeof shown, id->s, id->len));
		bad = 1;
	}
	if (ds_load_date(c->err, c->file, rec, (size_t)c->idx[R_PUBLISHED], "published", 1) != 0)
		bad = 1;
	if (c->idx[R_CUTOFF] >= 0 &&
	    ds_load_date(c->err, c->file, rec, (size_t)c->idx[R_CUTOFF], "cutoff", 1) != 0)
		bad = 1;
	long dec = -1;
	if (c->idx[R_DECIMALS] >= 0 && rec->fields[c->idx[R_DECIMALS]].len > 0) {
		const struct ds_csv_field *f = &rec->fields[c->idx[R_DECIMALS]];
		if (ds_num_parse_long(f->s, f->len, 0, DS_PCT_DECIMALS, &dec) != DS_NUM_OK) {
			ds_load_field_error(c->err, c->file, rec, (size_t)c->idx[R_DECIMALS],
					    "decimals '%s' is not a whole number from 0 to %d",
					    ds_load_shown(shown, sizeof shown, f->s, f->len),
					    DS_PCT_DECIMALS);
			bad = 1;
		}
	}
	const struct ds_csv_field *file = &rec->fields[c->idx[R_FILE]];
	if (!safe_relative(file->s)) {
		ds_load_field_error(c->err, c->file, rec, (size_t)c->idx[R_FILE],
				    "file '%s' is not a relative path inside the data directory",
				    ds_load_shown(shown, sizeof shown, file->s, file->len));
		bad = 1;
	}
	if (bad || duplicate(c, rec, R_ID, "release"))
		return 0;
	struct ds_dataset *ds = c->ds;
	/* Two releases in one file would be one release: every update of one
	 * would change the other. */
	for (size_t i = 0; i < ds->nreleases; i++)
		if (strcmp(ds->releases[i].file, file->s) == 0) {
			ds_load_field_error(c->err, c->file, rec, (size_t)c->idx[R_FILE],
					    "file '%s' is already the file of release '%s': each "
					    "release needs a file of its own",
					    ds_load_shown(shown, sizeof shown, file->s, file->len),
					    ds->releases[i].id);
			return 0;
		}
	/* The container copies every string: the casts only lend it the cells. */
	const struct ds_release r = {
		.id = (char *)cell(c, rec, R_ID),
		.title = (char *)cell(c, rec, R_TITLE),
		.published = (char *)cell(c, rec, R_PUBLISHED),
		.cutoff = (char *)cell(c, rec, R_CUTOFF),
		.basis = (char *)cell(c, rec, R_BASIS),
		.file = (char *)cell(c, rec, R_FILE),
		.source = (char *)cell(c, rec, R_SOURCE),
		.decimals = (int)dec,
	};
	long k = ds_dataset_add_release(ds, &r);
	if (k < 0)
		return ds_errors_nomem(c->err, c->file);
	if (strcmp(r.file, "spending.csv") == 0)
		ds->current_release = (int)k;
	c->info.releases++;
	return 0;
}

int ds_load_releases(struct ds_dataset *ds, const char *path, struct ds_errors *err)
{
	struct aux_ctx c = {
		.ds = ds, .err = err, .spec = release_cols, .nspec = R_NCOL, .row = release_row
	};
	return read_aux(&c, path);
}

/* aid.csv */

enum {
	A_ISO3,
	A_DONOR,
	A_MIL,
	A_FIN,
	A_HUM,
	A_TOTAL,
	A_EU_SHARE,
	A_TOTAL_INCL_EU,
	A_COMMITTED,
	A_PCT,
	A_PCT_INCL_EU,
	A_CUTOFF,
	A_SOURCE,
	A_NCOL
};
static const struct ds_colspec aid_cols[A_NCOL] = {
	[A_ISO3] = { "iso3", 1 },
	[A_DONOR] = { "donor", 0 },
	[A_MIL] = { "military_eur_bn", 1 },
	[A_FIN] = { "financial_eur_bn", 1 },
	[A_HUM] = { "humanitarian_eur_bn", 1 },
	[A_TOTAL] = { "total_eur_bn", 1 },
	[A_EU_SHARE] = { "eu_share_eur_bn", 0 },
	[A_TOTAL_INCL_EU] = { "total_incl_eu_eur_bn", 0 },
	[A_COMMITTED] = { "committed_eur_bn", 0 },
	[A_PCT] = { "total_pct_gdp", 0 },
	[A_PCT_INCL_EU] = { "total_incl_eu_pct_gdp", 0 },
	[A_CUTOFF] = { "cutoff", 1 },
	[A_SOURCE] = { "source", 1 },
};

/*
 * The donor of a row: a member of members.csv by its iso3, or, when the
 * file names donors, one outside NATO (the EU institutions, Japan, ...).
 * A code that is neither stays an error, so that a mistyped ally is not
 * quietly taken for a foreign donor.  Returns 0, or -1 after reporting.
 */
static int aid_donor(struct aux_ctx *c, const struct ds_csv_record *rec, uint32_t *m)
{
	const char *iso = cell(c, rec, A_ISO3);
	if (ds_strmap_get(&c->ds->by_iso3, iso, strlen(iso), m))
		return 0;
	*m = DS_AID_NOT_MEMBER;
	if (c->idx[A_DONOR] >= 0 && *cell(c, rec, A_DONOR) != '\0')
		return 0;
	ds_load_field_error(c->err, c->file, rec, (size_t)c->idx[A_ISO3],
			    c->idx[A_DONOR] >= 0
				    ? "unknown member '%s': not in members.csv, and no donor name"
				    : "unknown member '%s': not in members.csv",
			    iso);
	return -1;
}

static int aid_row(struct aux_ctx *c, const struct ds_csv_record *rec)
{
	struct ds_aid a;
	memset(&a, 0, sizeof a);
	int bad = ds_load_iso3(c->err, c->file, rec, (size_t)c->idx[A_ISO3]) != 0;
	uint32_t m = 0;
	if (!bad && aid_donor(c, rec, &m) != 0)
		bad = 1;
	if (c->idx[A_DONOR] >= 0 &&
	    ds_load_name(c->err, c->file, rec, (size_t)c->idx[A_DONOR], "donor") != 0)
		bad = 1;
	for (int k = 0; k < DS_AID_NAMOUNTS; k++) {
		int present, col = A_MIL + k;
		if (c->idx[col] < 0)
			continue;
		if (ds_load_amount(c->err, c->file, rec, (size_t)c->idx[col], aid_cols[col].name,
				   &present, &a.eur_bn[k]) != 0)
			bad = 1;
		else if (present)
			a.flags |= (uint16_t)(1u << k);
	}
	for (int j = 0; j < DS_AID_NPCTS; j++) {
		int present, dec = 0, col = A_PCT + j;
		if (c->idx[col] < 0)
			continue;
		if (ds_load_pct(c->err, c->file, rec, (size_t)c->idx[col], aid_cols[col].name,
				&present, &a.pct_gdp[j], &dec) != 0) {
			bad = 1;
		} else if (present) {
			a.flags |= (uint16_t)DS_AID_PCT_FLAG(j);
			a.pct_dec[j] = (uint8_t)dec;
		}
	}
	if (ds_load_date(c->err, c->file, rec, (size_t)c->idx[A_CUTOFF], "cutoff", 0) != 0)
		bad = 1;
	if (a.flags && rec->fields[c->idx[A_SOURCE]].len == 0) {
		ds_load_field_error(c->err, c->file, rec, (size_t)c->idx[A_SOURCE],
				    "a figure without a source");
		bad = 1;
	}
	if (bad || duplicate(c, rec, A_ISO3, "donor"))
		return 0;
	const char *cut = cell(c, rec, A_CUTOFF), *src = cell(c, rec, A_SOURCE);
	const char *iso = cell(c, rec, A_ISO3), *donor = cell(c, rec, A_DONOR);
	struct ds_dataset *ds = c->ds;
	a.member = m;
	if (ds_pool_intern(&ds->pool, cut, strlen(cut), &a.cutoff) != 0 ||
	    ds_pool_intern(&ds->pool, src, strlen(src), &a.source) != 0 ||
	    ds_pool_intern(&ds->pool, iso, strlen(iso), &a.iso3) != 0 ||
	    ds_pool_intern(&ds->pool, donor, strlen(donor), &a.donor) != 0 ||
	    ds_dataset_add_aid(ds, &a) != 0)
		return ds_errors_nomem(c->err, c->file);
	if (m != DS_AID_NOT_MEMBER)
		c->info.members++; /* check counts the allies among the donors */
	return 0;
}

int ds_load_aid(struct ds_dataset *ds, const char *path, struct ds_errors *err)
{
	struct aux_ctx c = {
		.ds = ds, .err = err, .spec = aid_cols, .nspec = A_NCOL, .row = aid_row
	};
	int rc = read_aux(&c, path);
	ds->has_aid = rc == DS_OK;
	return rc;
}

/* aggregates.csv */

enum { G_NAME, G_YEAR, G_PCT, G_EST, G_RELEASE, G_SOURCE, G_NCOL };
static const struct ds_colspec agg_cols[G_NCOL] = {
	{ "aggregate", 1 }, { "year", 1 },    { "pct_gdp", 1 },
	{ "estimate", 1 },  { "release", 1 }, { "source", 1 },
};

static int agg_row(struct aux_ctx *c, const struct ds_csv_record *rec)
{
	struct ds_aggregate g;
	memset(&g, 0, sizeof g);
	int bad = 0, present = 0, dec = 0, est = 0;
	if (rec->fields[c->idx[G_NAME]].len == 0) {
		ds_load_field_error(c->err, c->file, rec, (size_t)c->idx[G_NAME],
				    "aggregate is empty");
		bad = 1;
	}
	if (ds_load_year(c->err, c->file, rec, (size_t)c->idx[G_YEAR], "year", 0, &g.year) != 0)
		bad = 1;
	if (ds_load_pct(c->err, c->file, rec, (size_t)c->idx[G_PCT], "pct_gdp", &present, &g.pct,
			&dec) != 0)
		bad = 1;
	if (ds_load_flag(c->err, c->file, rec, (size_t)c->idx[G_EST], "estimate", &est) != 0)
		bad = 1;
	if (bad || !present)
		return 0;
	const char *name = cell(c, rec, G_NAME), *rel = cell(c, rec, G_RELEASE),
		   *src = cell(c, rec, G_SOURCE);
	struct ds_dataset *ds = c->ds;
	g.pct_dec = (uint8_t)dec;
	g.estimate = (uint8_t)est;
	if (ds_pool_intern(&ds->pool, name, strlen(name), &g.name) != 0 ||
	    ds_pool_intern(&ds->pool, rel, strlen(rel), &g.release) != 0 ||
	    ds_pool_intern(&ds->pool, src, strlen(src), &g.source) != 0 ||
	    ds_dataset_add_aggregate(ds, &g) != 0)
		return ds_errors_nomem(c->err, c->file);
	return 0;
}

int ds_load_aggregates(struct ds_dataset *ds, const char *path, struct ds_errors *err)
{
	struct aux_ctx c = { .ds = ds,
			     .err = err,
			     .spec = agg_cols,
			     .nspec = G_NCOL,
			     .row = agg_row,
			     .hint = 1,
			     .pct_col = G_PCT,
			     .flag_col = G_EST };
	return read_aux(&c, path);
}
