/*
 * query.c - the member tables: list (every member in one year), show (one
 * member over the years) and a member's path to each target, plus the
 * helpers every query builder shares (query_priv.h).
 *
 * list and show share one row layout, so a script that reads one can read
 * the other.  Numbers are formatted here, with num.h, at the precision the
 * figure was published with; the table only ever sees finished literals.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "defspend/calc_money.h"
#include "defspend/util.h"
#include "query_priv.h"

int dsq_fail(struct ds_table **t, struct ds_errors *err)
{
	int e = errno;
	ds_table_free(*t);
	*t = NULL;
	if (e == ENOMEM)
		return ds_errors_nomem(err, NULL);
	return ds_errors_add(err, DS_ESOFTWARE, NULL, 0, 0, "building a result table: %s",
			     strerror(e));
}

struct ds_table *dsq_new(const char *const *names)
{
	struct ds_table *t = ds_table_new();
	if (t == NULL)
		return NULL;
	for (size_t i = 0; names[i] != NULL; i++) {
		if (ds_table_add_column(t, names[i]) != 0) {
			int e = errno;
			ds_table_free(t);
			errno = e;
			return NULL;
		}
	}
	return t;
}

int dsq_fixed(struct ds_table *t, size_t col, int64_t v, int dec)
{
	char buf[48];
	ds_num_format_fixed(buf, sizeof buf, v, DS_PCT_DECIMALS, dec);
	return ds_table_set_number(t, col, buf);
}

int dsq_double(struct ds_table *t, size_t col, double v, int dec)
{
	char buf[64];
	ds_num_format_double(buf, sizeof buf, v, dec);
	return ds_table_set_number(t, col, buf);
}

int dsq_amount(struct ds_table *t, size_t col, int64_t v, int dec)
{
	char buf[64];
	ds_num_format_fixed(buf, sizeof buf, v, DS_AMOUNT_DECIMALS, dec);
	return ds_table_set_number(t, col, buf);
}

int dsq_money(struct ds_table *t, size_t col, ds_money m)
{
	char buf[64];
	ds_money_format_musd(buf, sizeof buf, m, 0);
	return ds_table_set_number(t, col, buf);
}

int dsq_ratio(struct ds_table *t, size_t col, ds_wide num, ds_wide den, int pow10, int dec)
{
	char buf[64];
	ds_wide_format_ratio(buf, sizeof buf, num, den, pow10, dec);
	return ds_table_set_number(t, col, buf);
}

int dsq_long(struct ds_table *t, size_t col, long v)
{
	char buf[32];
	ds_num_format_fixed(buf, sizeof buf, v, 0, 0);
	return ds_table_set_number(t, col, buf);
}

int dsq_describe(struct ds_table *t, const struct ds_col_desc *d, size_t n)
{
	return ds_table_describe(t, d, n);
}

int dsq_iso3(struct ds_table *t, size_t col, const struct ds_member *m)
{
	return m->iso3[0] ? ds_table_set_text(t, col, m->iso3) : ds_table_set_null(t, col);
}

int dsq_maxdec(int a, int b)
{
	return a > b ? a : b;
}

int dsq_check_year(const struct ds_calc *c, int year, struct ds_errors *err)
{
	const struct ds_series *s = c->s;
	if (s->year_min == 0)
		return ds_errors_add(err, DS_EDATA, s->path, 0, 0, "release '%s' has no figures",
				     s->id);
	if (!ds_series_covers(s, year)) {
		char years[256];
		ds_series_year_ranges(s, years, sizeof years);
		if (*years == '\0')
			return ds_errors_add(err, DS_EDATA, s->path, 0, 0,
					     "release '%s' has no figures", s->id);
		return ds_errors_add(err, DS_EUSAGE, NULL, 0, 0,
				     "no figures for %d in release '%s' (years %s)", year, s->id,
				     years);
	}
	return DS_OK;
}

int ds_list_sort_parse(const char *name, enum ds_list_sort *out)
{
	static const char *const names[] = { "pct", "name",        "gap",    "per_capita",
					     "usd", "real_change", "gap_usd" };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(name, names[i]) == 0) {
			*out = (enum ds_list_sort)i;
			return 0;
		}
	return -1;
}

int dsq_provenance_columns(struct ds_table *t)
{
	size_t n = ds_table_columns(t);
	if (ds_table_add_column(t, "release") != 0 || ds_table_add_column(t, "source") != 0)
		return -1;
	return ds_table_column_machine_only(t, n) || ds_table_column_machine_only(t, n + 1);
}

int dsq_provenance(const struct ds_calc *c, struct ds_table *t, size_t col, const struct ds_obs *o)
{
	if (o == NULL)
		return 0;
	return ds_table_set_text(t, col, ds_dataset_str(c->ds, o->release)) ||
	       ds_table_set_text(t, col + 1, ds_dataset_str(c->ds, o->source));
}

int dsq_fill_mark(struct ds_table *t, size_t col, const struct ds_obs *o)
{
	return o != NULL && (o->flags & DS_OBS_FILLED) ? ds_table_set_mark(t, col, 'f') : 0;
}

/* The columns of list and show: 6 fixed, 3 per threshold, then release and source. */
enum { MC_RANK, MC_ISO3, MC_COUNTRY, MC_YEAR, MC_PCT, MC_EST, MC_FIXED };

static struct ds_table *member_table(const struct ds_calc *c)
{
	static const char *const fixed[] = { "rank",    "iso3",     "country", "year",
					     "pct_gdp", "estimate", NULL };
	/* On a narrow screen each threshold's three columns become one cell,
	 * "yes" or the shortfall in points; the dollar gap goes first. */
	static const struct ds_col_desc desc[] = {
		{ "rank", DS_COL_NORMAL, NULL, 0 },   { "iso3", DS_COL_KEY, NULL, 0 },
		{ "country", DS_COL_KEY, NULL, 8 },   { "year", DS_COL_KEY, NULL, 0 },
		{ "pct_gdp", DS_COL_MAIN, "pct", 0 }, { "estimate", DS_COL_EXTRA, "est", 0 },
	};
	static const char *const pre[] = { "meets_", "gap_", "gap_" };
	static const char *const post[] = { "", "_pp", "_usd_m" };
	static const char *const shorts[] = { "meets", "gap", "usd" };
	static const int prio[] = { DS_COL_MAIN, DS_COL_NORMAL, DS_COL_EXTRA };
	static const enum ds_col_role role[] = { DS_COL_FLAG, DS_COL_SHORTFALL, DS_COL_PART };
	struct ds_table *t = dsq_new(fixed);
	char name[48], group[48];
	int bad = t == NULL || DSQ_DESCRIBE(t, desc) != 0;
	for (size_t i = 0; !bad && i < c->nth; i++) {
		snprintf(group, sizeof group, "%s%%", c->th[i].label);
		for (size_t k = 0; k < 3 && !bad; k++) {
			size_t col = ds_table_columns(t);
			snprintf(name, sizeof name, "%s%s%s", pre[k], c->th[i].label, post[k]);
			bad = ds_table_add_column(t, name) != 0 ||
			      ds_table_column_set_priority(t, col, prio[k]) != 0 ||
			      ds_table_column_set_group(t, col, group, role[k]) != 0;
			if (!bad) {
				snprintf(name, sizeof name, "%s_%s", shorts[k], c->th[i].label);
				bad = ds_table_column_set_short(t, col, name) != 0;
			}
		}
	}
	if (!bad && dsq_provenance_columns(t) != 0)
		bad = 1;
	if (bad && t != NULL) {
		int e = errno;
		ds_table_free(t);
		errno = e;
		return NULL;
	}
	return t;
}

static int member_row(const struct ds_calc *c, struct ds_table *t, const struct ds_calc_member *r)
{
	const struct ds_member *mem = &c->ds->members[r->member];
	int bad = ds_table_add_row(t);
	if (bad)
		return -1;
	if (r->rank > 0)
		bad |= dsq_long(t, MC_RANK, r->rank);
	bad |= dsq_iso3(t, MC_ISO3, mem);
	bad |= ds_table_set_text(t, MC_COUNTRY, mem->name);
	bad |= dsq_long(t, MC_YEAR, r->year);
	/* The row's provenance, also where it has no figure (its note says why). */
	bad |= dsq_provenance(c, t, MC_FIXED + 3 * c->nth, r->obs);
	if (!r->has_pct)
		return bad; /* missing: every other cell stays NULL */
	bad |= dsq_fixed(t, MC_PCT, r->pct, r->pct_dec);
	bad |= dsq_fill_mark(t, MC_PCT, r->obs);
	bad |= ds_table_set_bool(t, MC_EST, r->estimate);
	for (size_t i = 0; i < c->nth; i++) {
		const struct ds_calc_gap *g = &r->gap[i];
		size_t col = MC_FIXED + 3 * i;
		int dec = dsq_maxdec(r->pct_dec, ds_calc_threshold_decimals(&c->th[i]));
		bad |= ds_table_set_bool(t, col, g->meets);
		bad |= dsq_fixed(t, col + 1, g->gap_pp, dec);
		if (g->has_usd)
			bad |= dsq_money(t, col + 2, g->gap_usd);
	}
	return bad;
}

/*
 * A member as list sorts it: what the sort compares, so that sorting reads
 * only these (and the names), not each member's figures.
 */
struct sort_item {
	size_t member;
	const char *name;
	enum ds_list_sort sort;
	int has_pct;
	int32_t pct;
	int has_key; /* the sorts by a key (sort_key()): the key is known */
	ds_wide key;
};

/* Whether a sort orders by a figure of the money view (calc_money.h). */
static int money_sort(enum ds_list_sort sort)
{
	return sort == DS_SORT_PER_CAPITA || sort == DS_SORT_USD || sort == DS_SORT_REAL_CHANGE;
}

/* Whether a sort orders by a key of its own before the figure. */
static int keyed_sort(enum ds_list_sort sort)
{
	return money_sort(sort) || sort == DS_SORT_GAP || sort == DS_SORT_GAP_USD;
}

/*
 * The key of a sort other than by figure or name, exact enough to order
 * what prints alike apart: dollars per person and real changes to a
 * millionth of what is printed, dollar amounts exactly; the gap sorts, the
 * first threshold's gap in points or in dollars.
 */
static void sort_key(const struct ds_calc *c, int year, struct sort_item *it)
{
	if (it->sort == DS_SORT_GAP || it->sort == DS_SORT_GAP_USD) {
		struct ds_calc_member r;
		ds_calc_member_year(c, it->member, year, &r);
		it->has_key = it->sort == DS_SORT_GAP || r.gap[0].has_usd;
		it->key = it->sort == DS_SORT_GAP ? r.gap[0].gap_pp : r.gap[0].gap_usd;
		return;
	}
	struct ds_calc_money r;
	ds_calc_money(c, it->member, year, &r);
	if (it->sort == DS_SORT_USD) {
		it->has_key = r.usd_basis != DS_USD_NONE;
		it->key = r.usd;
	} else {
		const struct ds_ratio *q =
			it->sort == DS_SORT_PER_CAPITA ? &r.per_capita : &r.real_change;
		it->has_key = q->has;
		if (q->has)
			it->key = ds_ratio_key(q, 8);
	}
}

/* Member m's sort item for year: its figure, and the key its sort needs. */
static void sort_item_of(const struct ds_calc *c, size_t m, int year, enum ds_list_sort sort,
			 struct sort_item *it)
{
	*it = (struct sort_item){ .member = m, .name = c->ds->members[m].name, .sort = sort };
	it->has_pct = ds_calc_pct(c, m, year, &it->pct, NULL);
	if (it->has_pct && keyed_sort(sort))
		sort_key(c, year, it);
}

/*
 * Members with a figure first; among them, by key (the larger first, a
 * known key before an unknown one), then by figure (the larger first),
 * unless by name; then by name, and in file order.
 */
static int cmp_item(const void *a, const void *b)
{
	const struct sort_item *x = a, *y = b;
	if (x->has_pct != y->has_pct)
		return x->has_pct ? -1 : 1;
	if (x->has_pct && keyed_sort(x->sort)) {
		if (x->has_key != y->has_key)
			return x->has_key ? -1 : 1;
		if (x->has_key && x->key != y->key)
			return x->key > y->key ? -1 : 1;
	}
	if (x->has_pct && x->sort != DS_SORT_NAME && x->pct != y->pct)
		return x->pct > y->pct ? -1 : 1;
	int d = strcmp(x->name, y->name);
	if (d != 0)
		return d;
	return x->member < y->member ? -1 : x->member > y->member;
}

/*
 * Sorts items[0..n) by cmp_item(), merging runs of 1, 2, 4, ... between
 * items and tmp (n more): as qsort() would order them, since cmp_item()
 * orders every pair, but into memory the caller has already mapped, where
 * qsort() would take fresh memory of its own.  Returns the sorted array,
 * items or tmp.
 */
static struct sort_item *sort_items(struct sort_item *items, struct sort_item *tmp, size_t n)
{
	struct sort_item *from = items, *to = tmp;
	for (size_t run = 1; run < n; run *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * run) {
			size_t mid = lo + run < n ? lo + run : n;
			size_t hi = mid + run < n ? mid + run : n;
			size_t i = lo, j = mid, k = lo;
			while (i < mid && j < hi)
				to[k++] = cmp_item(&from[j], &from[i]) < 0 ? from[j++] : from[i++];
			while (i < mid)
				to[k++] = from[i++];
			while (j < hi)
				to[k++] = from[j++];
		}
		struct sort_item *swap = from;
		from = to;
		to = swap;
	}
	return from;
}

/*
 * The rows are written in the order printed, which visits the members at
 * random: each row's member, grid cells, figures and code would be a cache
 * miss in turn, about a microsecond a row on 17,576 members.  Asking for
 * them some rows ahead lets those waits overlap: first the member and its
 * grid row (LOOK_AHEAD * 2 rows ahead), then, once those are in, what they
 * point to (LOOK_AHEAD rows ahead).  A hint only: nothing is read that the
 * row would not read.
 */
#define LOOK_AHEAD 8

static void prefetch_cell(const struct ds_series *s, size_t m, int year)
{
	const uint32_t *cell = ds_series_cell(s, m, year);
	if (cell != NULL)
		__builtin_prefetch(cell);
}

static void prefetch_member(const struct ds_calc *c, size_t m, int year)
{
	__builtin_prefetch(&c->ds->members[m]);
	prefetch_cell(c->s, m, year);
	prefetch_cell(c->s, m, c->base_year);
}

static void prefetch_figures(const struct ds_calc *c, size_t m, int year)
{
	const struct ds_obs *o = ds_series_get(c->s, m, year),
			    *b = ds_series_get(c->s, m, c->base_year);
	if (o != NULL)
		__builtin_prefetch(o);
	if (b != NULL)
		__builtin_prefetch(b);
	__builtin_prefetch(c->ds->members[m].iso3);
	__builtin_prefetch(c->ds->members[m].name);
}

int ds_query_list(const struct ds_calc *c, int year, enum ds_list_sort sort, struct ds_table **out,
		  struct ds_errors *err)
{
	return ds_query_list_columns(c, year, sort, NULL, out, err);
}

/* Marks every column of t that `columns` (a --columns list) does not name unused. */
static int keep_only(struct ds_table *t, const char *columns)
{
	for (size_t col = 0; columns != NULL && col < ds_table_columns(t); col++) {
		const char *name = ds_table_column_name(t, col);
		size_t n = strlen(name);
		int named = 0;
		for (const char *p = columns; !named;) {
			size_t w = strcspn(p, ",");
			named = w == n && memcmp(p, name, n) == 0;
			if (p[w] == '\0')
				break;
			p += w + 1;
		}
		if (!named && ds_table_column_unused(t, col) != 0)
			return -1;
	}
	return 0;
}

int ds_query_list_columns(const struct ds_calc *c, int year, enum ds_list_sort sort,
			  const char *columns, struct ds_table **out, struct ds_errors *err)
{
	*out = NULL;
	if (year == 0)
		year = ds_calc_latest_year(c);
	int rc = dsq_check_year(c, year, err);
	if (rc != DS_OK)
		return rc;
	size_t n = c->ds->nmembers;
	/* Sorted first, on what the sort compares; each member's figures are
	 * then worked out as its row is written, in the order printed, into
	 * one record: no array of every member's figures is made.  Large
	 * arrays in huge pages, which this machine fills far sooner. */
	struct sort_item *items = ds_malloc_huge(2 * n * sizeof *items), *sorted = NULL;
	int *rank = malloc((n ? n : 1) * sizeof *rank);
	struct ds_table *t = NULL;
	if (c->nth == 0 && (sort == DS_SORT_GAP || sort == DS_SORT_GAP_USD))
		sort = DS_SORT_PCT;
	/* Sorted by figure, the ranks come in order (a tie takes its first's);
	 * any other order needs them worked out apart. */
	if (items == NULL || rank == NULL ||
	    (sort != DS_SORT_PCT && ds_calc_year_ranks(c, year, rank) != DS_OK)) {
		rc = ds_errors_nomem(err, NULL);
		goto out;
	}
	for (size_t m = 0; m < n; m++)
		sort_item_of(c, m, year, sort, &items[m]);
	sorted = sort_items(items, items + n, n);
	for (size_t i = 0; sort == DS_SORT_PCT && i < n; i++) {
		const struct sort_item *it = &sorted[i], *before = i > 0 ? &sorted[i - 1] : NULL;
		rank[it->member] = !it->has_pct                               ? 0
				   : before != NULL && before->pct == it->pct ? rank[before->member]
									      : (int)i + 1;
	}
	t = member_table(c);
	/* Every row of list has the same year: the first thing a screen can spare. */
	if (t == NULL || ds_table_column_set_priority(t, MC_YEAR, DS_COL_DETAIL) != 0 ||
	    keep_only(t, columns) != 0 || ds_table_reserve(t, n + 1) != 0) {
		rc = dsq_fail(&t, err);
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		struct ds_calc_member r;
		if (i + 2 * LOOK_AHEAD < n)
			prefetch_member(c, sorted[i + 2 * LOOK_AHEAD].member, year);
		if (i + LOOK_AHEAD < n)
			prefetch_figures(c, sorted[i + LOOK_AHEAD].member, year);
		ds_calc_member_year(c, sorted[i].member, year, &r);
		r.rank = rank[sorted[i].member];
		if (member_row(c, t, &r) != 0) {
			rc = dsq_fail(&t, err);
			goto out;
		}
	}
	*out = t;
out:
	free(items);
	free(rank);
	return rc;
}

int ds_query_list_total(const struct ds_calc *c, int year, struct ds_table *t,
			struct ds_errors *err)
{
	struct ds_calc_totals tot;
	char country[64];
	if (year == 0)
		year = ds_calc_latest_year(c);
	ds_calc_gap_totals(c, year, &tot);
	snprintf(country, sizeof country, "total: %zu of %zu members", tot.reporting, tot.members);
	int bad = ds_table_add_row(t) || ds_table_set_text(t, MC_COUNTRY, country) ||
		  dsq_long(t, MC_YEAR, year);
	for (size_t i = 0; !bad && i < c->nth; i++)
		if (tot.complete[i])
			bad |= dsq_money(t, MC_FIXED + 3 * i + 2, tot.gap_usd[i]);
	if (!bad && c->s->id != NULL)
		bad |= ds_table_set_text(t, MC_FIXED + 3 * c->nth, c->s->id);
	if (bad) {
		int e = errno;
		if (e == ENOMEM)
			return ds_errors_nomem(err, NULL);
		return ds_errors_add(err, DS_ESOFTWARE, NULL, 0, 0, "building a result table: %s",
				     strerror(e));
	}
	return DS_OK;
}

int ds_query_show(const struct ds_calc *c, const size_t *members, size_t n, struct ds_table **out,
		  struct ds_errors *err)
{
	*out = NULL;
	const struct ds_series *s = c->s;
	if (s->year_min == 0)
		return ds_errors_add(err, DS_EDATA, s->path, 0, 0, "release '%s' has no figures",
				     s->id);
	struct ds_table *t = member_table(c);
	if (t == NULL)
		return dsq_fail(&t, err);
	for (size_t i = 0; i < n; i++) {
		for (int y = s->year_min; y <= s->year_max; y++) {
			struct ds_calc_member r;
			if (!ds_series_covers(s, y))
				continue; /* a year the release has no figure for */
			ds_calc_member_year(c, members[i], y, &r);
			r.rank = ds_calc_rank(c, members[i], y);
			if (member_row(c, t, &r) != 0)
				return dsq_fail(&t, err);
		}
	}
	*out = t;
	return DS_OK;
}

enum {
	PC_T,
	PC_YEAR,
	PC_PCT,
	PC_GAP,
	PC_USD,
	PC_TARGET,
	PC_NEEDED,
	PC_BASE,
	PC_AVG,
	PC_ON_TRACK,
	PC_REACH
};

int ds_query_path(const struct ds_calc *c, size_t m, struct ds_table **out, struct ds_errors *err)
{
	static const char *const names[] = { "threshold",
					     "latest_year",
					     "pct_gdp",
					     "gap_pp",
					     "gap_usd_m",
					     "target_year",
					     "needed_pp_per_year",
					     "base_year",
					     "avg_change_pp",
					     "on_track",
					     "reach_year",
					     NULL };
	static const struct ds_col_desc desc[] = {
		{ "threshold", DS_COL_KEY, "thr", 0 },
		{ "latest_year", DS_COL_EXTRA, "latest", 0 },
		{ "pct_gdp", DS_COL_NORMAL, "pct", 0 },
		{ "gap_pp", DS_COL_MAIN, "gap", 0 },
		{ "gap_usd_m", DS_COL_EXTRA, "usd_m", 0 },
		{ "target_year", DS_COL_DETAIL, "by", 0 },
		{ "needed_pp_per_year", DS_COL_MAIN, "need/yr", 0 },
		{ "base_year", DS_COL_DETAIL, "since", 0 },
		{ "avg_change_pp", DS_COL_NORMAL, "avg/yr", 0 },
		{ "on_track", DS_COL_MAIN, NULL, 0 },
		{ "reach_year", DS_COL_MAIN, "reach", 0 },
	};
	*out = NULL;
	struct ds_table *t = dsq_new(names);
	if (t == NULL || DSQ_DESCRIBE(t, desc) != 0)
		return dsq_fail(&t, err);
	for (size_t i = 0; i < c->nth; i++) {
		struct ds_calc_path p;
		ds_calc_path(c, m, i, &p);
		if (!p.has)
			break;
		struct ds_calc_member r;
		ds_calc_member_year(c, m, p.from_year, &r);
		int tdec = ds_calc_threshold_decimals(&c->th[i]);
		int dec = dsq_maxdec(p.from_dec, tdec);
		int bad = ds_table_add_row(t);
		if (bad)
			return dsq_fail(&t, err);
		bad |= dsq_fixed(t, PC_T, c->th[i].pct, tdec);
		bad |= dsq_long(t, PC_YEAR, p.from_year);
		bad |= dsq_fixed(t, PC_PCT, p.from_pct, p.from_dec);
		bad |= dsq_fill_mark(t, PC_PCT, r.obs);
		bad |= dsq_fixed(t, PC_GAP, r.gap[i].gap_pp, dec);
		if (r.gap[i].has_usd)
			bad |= dsq_money(t, PC_USD, r.gap[i].gap_usd);
		bad |= dsq_long(t, PC_TARGET, c->target_year);
		/* Per-year amounts get two more decimals: 0.14 a year hides 0.136. */
		int ydec = dec + 2 > DS_PCT_DECIMALS ? DS_PCT_DECIMALS : dec + 2;
		/* Rounded up at the decimals shown, as calc rounds it: 0.003637 a
		 * year prints 0.0037, since 0.0036 for 11 years falls short. */
		if (p.can_reach)
			bad |= dsq_fixed(t, PC_NEEDED,
					 ds_num_ceil_fixed(p.needed, DS_PCT_DECIMALS, ydec), ydec);
		bad |= dsq_long(t, PC_BASE, c->base_year);
		if (p.has_trend)
			bad |= dsq_fixed(t, PC_AVG, p.avg, ydec);
		bad |= ds_table_set_bool(t, PC_ON_TRACK, p.on_track);
		if (p.reach_year)
			bad |= dsq_long(t, PC_REACH, p.reach_year);
		if (bad)
			return dsq_fail(&t, err);
	}
	*out = t;
	return DS_OK;
}
