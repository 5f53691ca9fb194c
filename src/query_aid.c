/*
 * query_aid.c - Ukraine aid by donor (aid.csv: the Kiel Institute's
 * tracker), as a table.
 *
 * Aid is context, never added to defence spending (NATO already counts
 * donated equipment in the donor's expenditure).  It is in euros and covers
 * several years, while GDP is in dollars per year, and the data has no
 * exchange rate: so no "aid as % of GDP" column is made up here.
 */
#include <stdlib.h>
#include <string.h>

#include "query_priv.h"

int ds_aid_sort_parse(const char *name, enum ds_aid_sort *out)
{
	static const char *const names[] = { "total", "military", "financial", "humanitarian" };
	for (size_t i = 0; i < 4; i++)
		if (strcmp(name, names[i]) == 0) {
			*out = (enum ds_aid_sort)i;
			return 0;
		}
	return -1;
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
	int kind; /* DS_AID_* index sorted on */
};

static int cmp_aid(const void *pa, const void *pb)
{
	const struct aid_item *x = pa, *y = pb;
	int k = x->kind;
	int hx = (x->a->flags >> k) & 1, hy = (y->a->flags >> k) & 1;
	if (hx != hy)
		return hx ? -1 : 1;
	if (hx && x->a->eur_bn[k] != y->a->eur_bn[k])
		return x->a->eur_bn[k] > y->a->eur_bn[k] ? -1 : 1;
	return strcmp(x->name, y->name);
}

int ds_query_aid(const struct ds_dataset *ds, enum ds_aid_sort sort, size_t only_member,
		 struct ds_table **out, struct ds_errors *err)
{
	static const char *const names[] = { "iso3",
					     "country",
					     "military_eur_bn",
					     "financial_eur_bn",
					     "humanitarian_eur_bn",
					     "total_eur_bn",
					     "share_pct",
					     NULL };
	/* The enum order of ds_aid_sort differs from the DS_AID_* indexes. */
	static const int kind_of[] = { [DS_AID_SORT_TOTAL] = DS_AID_TOTAL,
				       [DS_AID_SORT_MILITARY] = DS_AID_MILITARY,
				       [DS_AID_SORT_FINANCIAL] = DS_AID_FINANCIAL,
				       [DS_AID_SORT_HUMANITARIAN] = DS_AID_HUMANITARIAN };
	*out = NULL;
	if (!ds->has_aid)
		return ds_errors_add(err, DS_ENOINPUT, NULL, 0, 0,
				     "no aid data: 'aid.csv' is not in the data directory");
	struct aid_item *items = calloc(ds->naid ? ds->naid : 1, sizeof *items);
	struct ds_table *t = NULL;
	int rc = DS_OK;
	if (items == NULL)
		return ds_errors_nomem(err, NULL);
	int64_t sum = 0; /* millionths of a billion euros: exact */
	for (size_t i = 0; i < ds->naid; i++) {
		const struct ds_aid *a = &ds->aid[i];
		items[i] = (struct aid_item){ a, ds->members[a->member].name, kind_of[sort] };
		if (a->flags & (1u << DS_AID_TOTAL))
			sum += a->eur_bn[DS_AID_TOTAL];
	}
	qsort(items, ds->naid, sizeof *items, cmp_aid);
	static const struct ds_col_desc desc[] = {
		{ "iso3", DS_COL_KEY, NULL, 0 },
		{ "country", DS_COL_KEY, NULL, 8 },
		{ "military_eur_bn", DS_COL_NORMAL, "military", 0 },
		{ "financial_eur_bn", DS_COL_NORMAL, "financial", 0 },
		{ "humanitarian_eur_bn", DS_COL_EXTRA, "humanitarian", 0 },
		{ "total_eur_bn", DS_COL_MAIN, "total", 0 },
		{ "share_pct", DS_COL_MAIN, "share", 0 },
	};
	t = dsq_new(names);
	if (t == NULL || DSQ_DESCRIBE(t, desc) != 0) {
		rc = dsq_fail(&t, err);
		goto out;
	}
	for (size_t i = 0; i < ds->naid; i++) {
		const struct ds_aid *a = items[i].a;
		if (only_member != (size_t)-1 && a->member != only_member)
			continue;
		const struct ds_member *mem = &ds->members[a->member];
		if (ds_table_add_row(t) != 0) {
			rc = dsq_fail(&t, err);
			goto out;
		}
		int bad = ds_table_set_text(t, 0, mem->iso3);
		bad |= ds_table_set_text(t, 1, mem->name);
		for (int k = 0; k < 4; k++)
			if (a->flags & (1u << k))
				bad |= dsq_amount(t, 2 + (size_t)k, a->eur_bn[k], 3);
		if ((a->flags & (1u << DS_AID_TOTAL)) && sum > 0)
			bad |= dsq_ratio(t, 6, a->eur_bn[DS_AID_TOTAL], sum, 2, 2);
		if (bad) {
			rc = dsq_fail(&t, err);
			goto out;
		}
	}
	*out = t;
out:
	free(items);
	return rc;
}
