/*
 * charts_misc.c - the charts that read more than the current release:
 * aid (Ukraine aid by donor, from aid.csv) and revisions (one year's figure
 * of each member in every release, from releases.csv and its files).
 *
 * Both are optional: a dataset without aid.csv, or with fewer than two
 * releases covering a year, skips the chart with a note instead of failing.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "charts.h"
#include "defspend/basis.h"
#include "defspend/load.h"
#include "defspend/num.h"

int chart_aid(struct chart *c)
{
	struct ds_dataset *ds = c->ds;
	if (!ds->has_aid || ds->naid == 0) {
		c->skip = "the data has no aid.csv";
		return DS_ENOINPUT;
	}
	/* Allies only, as in `aid` by default: the file's other donors are not members.
	 * Two rows more for the separators of a bounded list (chart_rows_bound). */
	size_t n = 0;
	struct chart_row *r = calloc(ds->naid + 2, sizeof *r);
	if (r == NULL)
		return ds_errors_nomem(c->err, NULL);
	double max = 0;
	for (size_t i = 0; i < ds->naid; i++) {
		const struct ds_aid *a = &ds->aid[i];
		if (a->member == DS_AID_NOT_MEMBER)
			continue;
		/* Millionths of a billion euros; each amount fits 63 bits, their sum may not. */
		int64_t sum = 0;
		for (int k = 0; k < 3; k++)
			if ((a->flags & (1u << k)) &&
			    __builtin_add_overflow(sum, a->eur_bn[k], &sum))
				sum = INT64_MAX;
		r[n++] = (struct chart_row){ .m = i,
					     .name = ds->members[a->member].name,
					     .has = (a->flags & 7) != 0,
					     .key = sum };
		if ((double)sum / DS_AMOUNT_SCALE > max)
			max = (double)sum / DS_AMOUNT_SCALE;
	}
	chart_sort_rows(r, n);
	int rc = chart_open(c, "Ukraine aid by donor: military, financial and humanitarian");
	if (rc != DS_OK)
		goto out;
	const char *cutoff = ds_dataset_str(ds, ds->aid[0].cutoff);
	char title[320];
	snprintf(title, sizeof title, "Bilateral aid to Ukraine by donor, allocations to %s",
		 cutoff != NULL && *cutoff ? cutoff : "the tracker's cut-off");
	chart_title(c, title);
	if (r[0].has) {
		char v[32];
		ds_num_format_double(v, sizeof v, (double)r[0].key / DS_AMOUNT_SCALE, 1);
		chart_alt(c, "%s has given the most bilateral aid to Ukraine, %s billion euros.",
			  r[0].name, v);
	}
	size_t shown = chart_rows_bound(c, r, n, "donors");
	ds_gp_printf(&c->dat, "# row\tmilitary_eur_bn\tfinancial_eur_bn\thumanitarian_eur_bn\t"
			      "label\thover\n");
	for (size_t i = 0; i < shown; i++) {
		const struct ds_aid *a = r[i].sep ? NULL : &ds->aid[r[i].m];
		double sum = 0, v[3] = { 0, 0, 0 };
		ds_gp_printf(&c->dat, "%d", r[i].row);
		for (int k = 0; k < 3; k++) {
			if (a != NULL && (a->flags & (1u << k)))
				v[k] = (double)a->eur_bn[k] / DS_AMOUNT_SCALE;
			sum += v[k];
			ds_gp_printf(&c->dat, "\t");
			if (a != NULL)
				ds_gp_num(&c->dat, v[k], 3);
			else
				ds_gp_printf(&c->dat, "NaN");
		}
		ds_gp_printf(&c->dat, "\t");
		if (a == NULL) {
			ds_gp_printf(&c->dat, "\tNaN\n");
			continue;
		}
		if (!r[i].has) {
			ds_gp_printf(&c->dat, "not tracked\tNaN\n");
			continue;
		}
		ds_gp_num(&c->dat, sum, 2);
		ds_gp_printf(&c->dat, "\tmilitary ");
		ds_gp_num(&c->dat, v[0], 3);
		ds_gp_printf(&c->dat, ", financial ");
		ds_gp_num(&c->dat, v[1], 3);
		ds_gp_printf(&c->dat, ", humanitarian ");
		ds_gp_num(&c->dat, v[2], 3);
		ds_gp_printf(&c->dat, " billion euros\n");
		if (sum > max)
			max = sum;
	}
	char xmax[32];
	ds_num_format_double(xmax, sizeof xmax, max > 0 ? max * 1.02 : 1, 2);
	ds_gp_printf(&c->gp,
		     "set yrange [0.4:%zu.6]\n"
		     "set xlabel 'billions of euros'\n"
		     "set xrange [0:%s]\n"
		     "set grid xtics lc rgb '#dddddd'\n"
		     "set border 3\n"
		     "set xtics nomirror\n"
		     "set ytics nomirror\n"
		     "set tmargin 4\n"
		     "set bmargin 8\n"
		     "set key at screen 0.5, character 2.3 center bottom horizontal maxrows 1 "
		     "samplen 1.5 width 1 noopaque nobox\n"
		     "set style fill solid 1.0 noborder\n",
		     shown, xmax);
	chart_value_margin(c, 12);
	if ((rc = chart_rows_tics(c, r, shown)) != DS_OK)
		goto out;
	char src[256];
	snprintf(src, sizeof src, "Source: Kiel Institute, Ukraine Support Tracker, data to %s.",
		 cutoff != NULL ? cutoff : "");
	chart_source_text(c, src);
	ds_gp_loop_begin(&c->gp, c->name, 1100, chart_rows_height(shown));
	ds_gp_printf(
		&c->gp,
		"    plot ds_data using (0):1:(0):2:($1 - 0.38):($1 + 0.38) with boxxyerror "
		"lc rgb '%s' title 'military', \\\n"
		"         ds_data using (0):1:2:($2 + $3):($1 - 0.38):($1 + 0.38) with boxxyerror "
		"lc rgb '%s' title 'financial', \\\n"
		"         ds_data using (0):1:($2 + $3):($2 + $3 + $4):($1 - 0.38):($1 + 0.38) "
		"with boxxyerror lc rgb '%s' title 'humanitarian', \\\n         ",
		chart_line_colors[0], chart_line_colors[4], chart_line_colors[2]);
	chart_value_labels(c, xmax, 5);
	ds_gp_printf(&c->gp, ", \\\n         ");
	chart_hover(c, "$2 + $3 + $4", "$1", 6);
	ds_gp_printf(&c->gp, "\n");
	ds_gp_loop_end(&c->gp);
	rc = chart_close(c);
out:
	free(r);
	return rc;
}

/* The year most members have in two releases or more; the later one on a tie. */
static int revisions_year(struct ds_series **s, size_t ns, size_t nmembers)
{
	int best = 0;
	size_t best_n = 0;
	for (int y = DS_YEAR_MIN; y <= DS_YEAR_MAX; y++) {
		size_t cnt = 0;
		for (size_t m = 0; m < nmembers; m++) {
			size_t have = 0;
			for (size_t k = 0; k < ns; k++) {
				const struct ds_obs *o = ds_series_get(s[k], m, y);
				have += o != NULL && (o->flags & DS_OBS_PCT);
			}
			cnt += have >= 2;
		}
		if (cnt > 0 && cnt >= best_n) {
			best = y;
			best_n = cnt;
		}
	}
	return best;
}

/* Release a was published before release b (an unknown date sorts last). */
static int release_before(const struct ds_dataset *ds, size_t a, size_t b)
{
	const char *pa = ds->releases[a].published, *pb = ds->releases[b].published;
	int ka = pa != NULL && *pa && *pa != '-', kb = pb != NULL && *pb && *pb != '-';
	if (ka != kb)
		return ka;
	return ka && strcmp(pa, pb) < 0;
}

int chart_revisions(struct chart *c)
{
	struct ds_dataset *ds = c->ds;
	size_t ns = ds->nreleases, n = ds->nmembers;
	if (ns < 2) {
		c->skip = "the data lists fewer than two releases";
		return DS_ENOINPUT;
	}
	struct ds_series **s = calloc(ns, sizeof *s);
	struct chart_row *r = calloc(n + 2, sizeof *r);
	size_t *order = calloc(ns, sizeof *order);
	/* covers[k]: release k has a figure of a member drawn (others stay out of the key) */
	char *covers = calloc(ns, 1);
	int rc = DS_OK;
	if (s == NULL || r == NULL || covers == NULL || order == NULL) {
		rc = ds_errors_nomem(c->err, NULL);
		goto out;
	}
	for (size_t k = 0; k < ns; k++)
		if ((rc = ds_dataset_load_release(ds, ds->releases[k].id, &s[k], c->err)) != DS_OK)
			goto out;
	int year = c->o->year ? c->o->year : revisions_year(s, ns, n);
	size_t rows = 0, single = 0;
	for (size_t m = 0; m < n; m++) {
		int32_t lo = 0, hi = 0;
		size_t have = 0;
		for (size_t k = 0; k < ns; k++) {
			const struct ds_obs *o = ds_series_get(s[k], m, year);
			if (o == NULL || !(o->flags & DS_OBS_PCT))
				continue;
			if (have == 0 || o->pct < lo)
				lo = o->pct;
			if (have == 0 || o->pct > hi)
				hi = o->pct;
			have++;
		}
		for (size_t k = 0; k < ns && have >= 2; k++) {
			const struct ds_obs *o = ds_series_get(s[k], m, year);
			covers[k] |= o != NULL && (o->flags & DS_OBS_PCT);
		}
		if (have >= 2)
			r[rows++] = (struct chart_row){
				.m = m, .has = 1, .key = hi - lo, .name = ds->members[m].name
			};
		else if (have == 1)
			single++;
	}
	if (rows == 0) {
		c->skip = "no member has a figure in two releases for that year";
		rc = DS_ENOINPUT;
		goto out;
	}
	chart_sort_rows(r, rows);
	if ((rc = chart_open(c, "one year's figure of each member in every release")) != DS_OK)
		goto out;
	/* The releases by publication date, for the key and the markers' order. */
	for (size_t k = 0; k < ns; k++)
		order[k] = k;
	for (size_t i = 1; i < ns; i++)
		for (size_t j = i; j > 0 && release_before(ds, order[j], order[j - 1]); j--) {
			size_t t = order[j];
			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	size_t ncov = 0;
	for (size_t k = 0; k < ns; k++)
		ncov += covers[k] != 0;
	char title[200];
	snprintf(
		title, sizeof title,
		"How NATO's releases differ on %d: each member's %% of GDP, largest revision first",
		year);
	chart_title(c, title);
	{
		char v[32];
		ds_num_format_fixed(v, sizeof v, r[0].key, DS_PCT_DECIMALS, 2);
		chart_alt(c,
			  "%zu members have a %d figure in two releases or more; the largest "
			  "difference between releases is %s's, %s points.",
			  rows, year, r[0].name, v);
	}
	size_t shown = chart_rows_bound(c, r, rows, "members");
	ds_gp_printf(&c->dat, "# row\tlowest\thighest");
	for (size_t k = 0; k < ns; k++)
		ds_gp_printf(&c->dat, "\trelease_%zu", k + 1);
	ds_gp_printf(&c->dat, "\trevision_pp\thover\n");
	int32_t xlo = 0, xhi = 0;
	for (size_t i = 0; i < shown; i++) {
		int32_t lo = 0, hi = 0;
		int first = 1, dec = 0;
		for (size_t k = 0; k < ns && !r[i].sep; k++) {
			const struct ds_obs *o = ds_series_get(s[k], r[i].m, year);
			if (o == NULL || !(o->flags & DS_OBS_PCT))
				continue;
			if (first || o->pct < lo)
				lo = o->pct;
			if (first || o->pct > hi)
				hi = o->pct;
			if (o->pct_dec > dec)
				dec = o->pct_dec;
			first = 0;
		}
		ds_gp_printf(&c->dat, "%d\t", r[i].row);
		if (r[i].sep) {
			ds_gp_printf(&c->dat, "NaN\tNaN");
			for (size_t k = 0; k < ns; k++)
				ds_gp_printf(&c->dat, "\tNaN");
			ds_gp_printf(&c->dat, "\t\tNaN\n");
			continue;
		}
		if (xlo == 0 || lo < xlo)
			xlo = lo;
		if (hi > xhi)
			xhi = hi;
		ds_gp_pct(&c->dat, lo, 2);
		ds_gp_printf(&c->dat, "\t");
		ds_gp_pct(&c->dat, hi, 2);
		for (size_t k = 0; k < ns; k++) {
			const struct ds_obs *o = ds_series_get(s[k], r[i].m, year);
			ds_gp_printf(&c->dat, "\t");
			if (o != NULL && (o->flags & DS_OBS_PCT))
				ds_gp_pct(&c->dat, o->pct, o->pct_dec);
			else
				ds_gp_printf(&c->dat, "NaN");
		}
		ds_gp_printf(&c->dat, "\t");
		ds_gp_pct(&c->dat, hi - lo, dec);
		ds_gp_printf(&c->dat, "\t");
		ds_gp_pct(&c->dat, lo, 2);
		ds_gp_printf(&c->dat, "%% to ");
		ds_gp_pct(&c->dat, hi, 2);
		ds_gp_printf(&c->dat, "%% across releases\n");
	}
	/* The x range: the figures shown and the thresholds among them, with room. */
	for (size_t t = 0; t < c->calc.nth; t++)
		if (c->calc.th[t].pct > xhi && c->calc.th[t].pct <= xhi + DS_PCT_SCALE / 2)
			xhi = c->calc.th[t].pct;
	char xmin[32], xmax[32];
	int32_t pad = (xhi - xlo) / 20 + DS_PCT_SCALE / 20;
	ds_num_format_fixed(xmin, sizeof xmin, xlo - pad > 0 ? xlo - pad : 0, DS_PCT_DECIMALS, 2);
	ds_num_format_fixed(xmax, sizeof xmax, xhi + pad, DS_PCT_DECIMALS, 2);
	ds_gp_printf(&c->gp,
		     "set yrange [0.4:%zu.6]\n"
		     "set xrange [%s:%s]\n"
		     "set xlabel '%% of GDP (right: spread between releases, points)'\n"
		     "set grid xtics lc rgb '#dddddd'\n"
		     "set border 3\n"
		     "set xtics nomirror\n"
		     "set ytics nomirror\n"
		     "set tmargin 5\n"
		     "set bmargin 8\n"
		     "set key at screen 0.5, character 2.3 center bottom horizontal maxrows 1 "
		     "samplen 1 width 1 noopaque nobox\n",
		     shown, xmin, xmax);
	chart_value_margin(c, 6);
	if ((rc = chart_rows_tics(c, r, shown)) != DS_OK)
		goto out;
	chart_threshold_lines(c, 1);
	/* Drop the threshold lines outside the range (gnuplot would warn). */
	for (size_t t = 0; t < c->calc.nth; t++)
		if (c->calc.th[t].pct > xhi + pad || c->calc.th[t].pct < xlo - pad)
			ds_gp_printf(&c->gp, "unset arrow %zu\nunset label %zu\n", t + 1, t + 1);
	char extra[400], ids[200] = "";
	for (size_t j = 0, shown_ids = 0; j < ns; j++) {
		size_t len = strlen(ids);
		if (covers[order[j]])
			snprintf(ids + len, sizeof ids - len, "%s%s", shown_ids++ ? ", " : "",
				 ds->releases[order[j]].id);
	}
	snprintf(extra, sizeof extra,
		 "Source: NATO releases %s (releases.csv), %d as each published it.", ids, year);
	if (single > 0) {
		size_t len = strlen(extra);
		snprintf(extra + len, sizeof extra - len,
			 " %zu member%s with a figure in one release only left out.", single,
			 single == 1 ? "" : "s");
		chart_note(c, "%zu member%s with a %d figure in one release only %s left out.",
			   single, single == 1 ? "" : "s", year, single == 1 ? "is" : "are");
	}
	chart_source_text(c, extra);
	ds_gp_loop_begin(&c->gp, c->name, 1100, chart_rows_height(shown));
	ds_gp_printf(&c->gp, "    plot ds_data using 2:1:($3 - $2):(0) with vectors nohead lw 4 "
			     "lc rgb '#cccccc' notitle");
	/*
	 * Each release's markers sit a little above or below the row, in date
	 * order from the top, so that two releases with the same figure never
	 * hide each other.
	 */
	static const int pts[] = { 7, 5, 9, 13, 11, 15, 4, 6 };
	size_t slot = 0;
	for (size_t j = 0; j < ns; j++) {
		size_t k = order[j];
		const struct ds_release *rel = &ds->releases[k];
		if (!covers[k])
			continue;
		double dy = ncov > 1 ? 0.3 - 0.6 * (double)slot / (double)(ncov - 1) : 0;
		slot++;
		char key[200];
		int nato = ds_basis_is_nato(rel->basis);
		snprintf(key, sizeof key, "%s%s%s", rel->id, nato ? "" : ", ",
			 nato ? "" : rel->basis);
		ds_gp_printf(&c->gp,
			     ", \\\n         ds_data using %zu:($1 + (%.3f)) with points pt %d "
			     "ps 1.2 lc rgb '%s' title ",
			     k + 4, dy, pts[j % 8], chart_line_colors[j % CHART_NLINES]);
		ds_gp_quote(&c->gp, key);
		ds_gp_printf(
			&c->gp,
			", \\\n         ds_data using %zu:($1 + (%.3f)):(sprintf('%%s: %%s%%%%', ",
			k + 4, dy);
		ds_gp_quote(&c->gp, rel->id);
		ds_gp_printf(&c->gp,
			     ", strcol(%zu))) with labels hypertext point pt 7 ps 1.2 "
			     "lc rgb '#FF000000' notitle",
			     k + 4);
	}
	ds_gp_printf(&c->gp, ", \\\n         ");
	chart_value_labels(c, xmax, (int)ns + 4);
	ds_gp_printf(&c->gp, "\n");
	ds_gp_loop_end(&c->gp);
	rc = chart_close(c);
out:
	for (size_t k = 0; s != NULL && k < ns; k++)
		if (s[k] != NULL)
			ds_series_free(s[k]);
	free(s);
	free(r);
	free(covers);
	free(order);
	return rc;
}
