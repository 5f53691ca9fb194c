/*
 * query_aid.c - Ukraine aid by donor (aid.csv: the Kiel Institute's
 * tracker), as a table.
 *
 * Aid is context, never added to defence spending (NATO already counts
 * donated equipment in the donor's expenditure).  Every figure is Kiel's
 * own: the allocations, the commitments, the donor's share of the EU
 * institutions' aid, and aid as % of the donor's GDP, which Kiel computes
 * with GDP as it defines it.  Nothing is recomputed here (the data holds no
 * euro-dollar rate, and its GDP is not Kiel's): only the shares of the rows
 * shown and the sums of the total row are this table's own arithmetic, in
 * exact fixed point.
 */
#include <stdlib.h>
#include <string.h>

#include "query_priv.h"

int ds_aid_sort_parse(const char *name, enum ds_aid_sort *out)
{
	static const char *const names[] = { "total",        "military", "financial",
					     "humanitarian", "pct_gdp",  "committed" };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(name, names[i]) == 0) {
			*out = (enum ds_aid_sort)i;
			return 0;
		}
	return -1;
}

void ds_aid_opts_init(struct ds_aid_opts *o)
{
	memset(o, 0, sizeof *o);
	o->sort = DS_AID_SORT_TOTAL;
	o->only_member = (size_t)-1;
}

const char *ds_query_aid_cutoff(const struct ds_dataset *ds)
{
	if (!ds->has_aid || ds->naid == 0)
		return NULL;
	return ds_dataset_str(ds, ds->aid[0].cutoff);
}

struct aid_item {
	const struct ds_aid *a;
	const char *name;
	enum ds_aid_sort sort;
};

/* The value a row is sorted on: 1 and *v when known. */
static int sort_value(const struct ds_aid *a, enum ds_aid_sort sort, int64_t *v)
{
	static const int amount_of[] = { [DS_AID_SORT_TOTAL] = DS_AID_TOTAL,
					 [DS_AID_SORT_MILITARY] = DS_AID_MILITARY,
					 [DS_AID_SORT_FINANCIAL] = DS_AID_FINANCIAL,
					 [DS_AID_SORT_HUMANITARIAN] = DS_AID_HUMANITARIAN,
					 [DS_AID_SORT_COMMITTED] = DS_AID_COMMITTED };
	if (sort == DS_AID_SORT_PCT_GDP) {
		*v = a->pct_gdp[DS_AID_PCT_TOTAL];
		return (a->flags & DS_AID_PCT_FLAG(DS_AID_PCT_TOTAL)) != 0;
	}
	int k = amount_of[sort];
	*v = a->eur_bn[k];
	return (a->flags >> k) & 1;
}

static int cmp_aid(const void *pa, const void *pb)
{
	const struct aid_item *x = pa, *y = pb;
	int64_t vx = 0, vy = 0;
	int hx = sort_value(x->a, x->sort, &vx), hy = sort_value(y->a, y->sort, &vy);
	if (hx != hy)
		return hx ? -1 : 1;
	if (hx && vx != vy)
		return vx > vy ? -1 : 1;
	return strcmp(x->name, y->name);
}

enum {
	AC_ISO3,
	AC_COUNTRY,
	AC_MIL,
	AC_FIN,
	AC_HUM,
	AC_TOTAL,
	AC_SHARE,
	AC_PCT,
	AC_COMMITTED,
	AC_EU_SHARE,
	AC_TOTAL_INCL_EU,
	AC_NATO
};

/* The table's column of each DS_AID_* amount. */
static const size_t amount_col[DS_AID_NAMOUNTS] = {
	[DS_AID_MILITARY] = AC_MIL,        [DS_AID_FINANCIAL] = AC_FIN,
	[DS_AID_HUMANITARIAN] = AC_HUM,    [DS_AID_TOTAL] = AC_TOTAL,
	[DS_AID_EU_SHARE] = AC_EU_SHARE,   [DS_AID_TOTAL_INCL_EU] = AC_TOTAL_INCL_EU,
	[DS_AID_COMMITTED] = AC_COMMITTED,
};

static int aid_row(struct ds_table *t, const struct ds_dataset *ds, const struct ds_aid *a,
		   ds_wide base, int all_donors)
{
	if (ds_table_add_row(t) != 0)
		return -1;
	int bad = ds_table_set_text(t, AC_ISO3, ds_dataset_aid_iso3(ds, a));
	bad |= ds_table_set_text(t, AC_COUNTRY, ds_dataset_aid_name(ds, a));
	for (int k = 0; k < DS_AID_NAMOUNTS; k++)
		if (a->flags & (1u << k))
			bad |= dsq_amount(t, amount_col[k], a->eur_bn[k], 3);
	if ((a->flags & (1u << DS_AID_TOTAL)) && base > 0)
		bad |= dsq_ratio(t, AC_SHARE, a->eur_bn[DS_AID_TOTAL], base, 2, 2);
	if (a->flags & DS_AID_PCT_FLAG(DS_AID_PCT_TOTAL))
		bad |= dsq_fixed(t, AC_PCT, a->pct_gdp[DS_AID_PCT_TOTAL], 3);
	if (all_donors)
		bad |= ds_table_set_bool(t, AC_NATO, a->member != DS_AID_NOT_MEMBER);
	return bad;
}

/* A sum of amounts (millionths of a billion euros) with the three decimals of the tracker. */
static int wide_amount(struct ds_table *t, size_t col, ds_wide v)
{
	char buf[64];
	ds_wide_format(buf, sizeof buf, v, DS_AMOUNT_DECIMALS, 3);
	return ds_table_set_number(t, col, buf);
}

/* The sums over the rows shown; an amount no row has stays NULL. */
static int total_row(struct ds_table *t, const struct aid_item *items, size_t n, ds_wide base,
		     const struct ds_dataset *ds)
{
	ds_wide sum[DS_AID_NAMOUNTS] = { 0 }; /* wide: a sum of amounts may leave 64 bits */
	unsigned have = 0;
	int eu_row = 0;
	for (size_t i = 0; i < n; i++) {
		const struct ds_aid *a = items[i].a;
		for (int k = 0; k < DS_AID_NAMOUNTS; k++)
			if (a->flags & (1u << k)) {
				sum[k] += a->eur_bn[k];
				have |= 1u << k;
			}
		eu_row |= strcmp(ds_dataset_aid_iso3(ds, a), "EUI") == 0;
	}
	if (eu_row)
		have &= ~(1u << DS_AID_TOTAL_INCL_EU);
	if (ds_table_add_row(t) != 0)
		return -1;
	int bad = ds_table_set_text(t, AC_COUNTRY, "total");
	for (int k = 0; k < DS_AID_NAMOUNTS; k++)
		if (have & (1u << k))
			bad |= wide_amount(t, amount_col[k], sum[k]);
	if (have & (1u << DS_AID_TOTAL) && base > 0)
		bad |= dsq_ratio(t, AC_SHARE, sum[DS_AID_TOTAL], base, 2, 2);
	return bad;
}

int ds_query_aid(const struct ds_dataset *ds, const struct ds_aid_opts *o, struct ds_table **out,
		 struct ds_errors *err)
{
	static const char *const names[] = { "iso3",
					     "country",
					     "military_eur_bn",
					     "financial_eur_bn",
					     "humanitarian_eur_bn",
					     "total_eur_bn",
					     "share_pct",
					     "total_pct_gdp",
					     "committed_eur_bn",
					     "eu_share_eur_bn",
					     "total_incl_eu_eur_bn",
					     NULL };
	*out = NULL;
	if (!ds->has_aid)
		return ds_errors_add(err, DS_ENOINPUT, NULL, 0, 0,
				     "no aid data: 'aid.csv' is not in the data directory");
	struct aid_item *items = calloc(ds->naid ? ds->naid : 1, sizeof *items);
	struct ds_table *t = NULL;
	int rc = DS_OK;
	if (items == NULL)
		return ds_errors_nomem(err, NULL);
	/* The donors the table is about, and the base of their shares. */
	ds_wide base = 0; /* millionths of a billion euros: exact */
	size_t n = 0;
	for (size_t i = 0; i < ds->naid; i++) {
		const struct ds_aid *a = &ds->aid[i];
		if (!o->all_donors && a->member == DS_AID_NOT_MEMBER)
			continue;
		items[n++] = (struct aid_item){ a, ds_dataset_aid_name(ds, a), o->sort };
		if (a->flags & (1u << DS_AID_TOTAL))
			base += a->eur_bn[DS_AID_TOTAL];
	}
	qsort(items, n, sizeof *items, cmp_aid);
	size_t shown = 0;
	for (size_t i = 0; i < n; i++)
		if (o->only_member == (size_t)-1 || items[i].a->member == o->only_member)
			items[shown++] = items[i];
	static const struct ds_col_desc desc[] = {
		{ "iso3", DS_COL_KEY, NULL, 0 },
		{ "country", DS_COL_KEY, NULL, 8 },
		{ "military_eur_bn", DS_COL_NORMAL, "military", 0 },
		{ "financial_eur_bn", DS_COL_NORMAL, "financial", 0 },
		{ "humanitarian_eur_bn", DS_COL_EXTRA, "humanitarian", 0 },
		{ "total_eur_bn", DS_COL_MAIN, "total", 0 },
		{ "share_pct", DS_COL_MAIN, "share", 0 },
		{ "total_pct_gdp", DS_COL_MAIN, "pct_gdp", 0 },
		{ "committed_eur_bn", DS_COL_EXTRA, "committed", 0 },
		{ "eu_share_eur_bn", DS_COL_DETAIL, "eu_share", 0 },
		{ "total_incl_eu_eur_bn", DS_COL_DETAIL, "incl_eu", 0 },
		{ "nato", DS_COL_MAIN, NULL, 0 },
	};
	t = dsq_new(names);
	if (t == NULL || (o->all_donors && ds_table_add_column(t, "nato") != 0) ||
	    DSQ_DESCRIBE(t, desc) != 0) {
		rc = dsq_fail(&t, err);
		goto out;
	}
	for (size_t i = 0; i < shown; i++) {
		if (aid_row(t, ds, items[i].a, base, o->all_donors) != 0) {
			rc = dsq_fail(&t, err);
			goto out;
		}
	}
	if (o->total && total_row(t, items, shown, base, ds) != 0) {
		rc = dsq_fail(&t, err);
		goto out;
	}
	*out = t;
out:
	free(items);
	return rc;
}
