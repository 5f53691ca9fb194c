/*
 * charts_misc.c - the charts that read more than the current release:
 * aid (Ukraine aid by donor, from aid.csv) and revisions (one year's figure
 * of each member in every release, from releases.csv and its files).
 *
 * Both are optional: a dataset without aid.csv, or with fewer than two
 * releases covering a year, skips the chart with a note instead of failing.
 */
#include <stdlib.h>
#include <string.h>

#include "charts.h"
#include "defspend/basis.h"
#include "defspend/load.h"

int chart_aid(struct chart *c)
{
	struct ds_dataset *ds = c->ds;
	if (!ds->has_aid || ds->naid == 0) {
		c->skip = "the data has no aid.csv";
		return DS_ENOINPUT;
	}
	size_t n = ds->naid;
	struct chart_row *r = calloc(n, sizeof *r);
	if (r == NULL)
		return ds_errors_nomem(c->err, NULL);
	double max = 0;
	for (size_t i = 0; i < n; i++) {
		const struct ds_aid *a = &ds->aid[i];
		int64_t sum = 0; /* millionths of a billion euros */
		for (int k = 0; k < 3; k++)
			if (a->flags & (1u << k))
				sum += a->eur_bn[k];
		r[i] = (struct chart_row){ .m = i,
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
	ds_gp_printf(&c->dat, "# row\tmilitary_eur_bn\tfinancial_eur_bn\thumanitarian_eur_bn\t"
			      "label\tlabel_x\n");
	for (size_t i = 0; i < n; i++) {
		const struct ds_aid *a = &ds->aid[r[i].m];
		double sum = 0;
		ds_gp_printf(&c->dat, "%d", r[i].row);
		for (int k = 0; k < 3; k++) {
			double v =
				(a->flags & (1u << k)) ? (double)a->eur_bn[k] / DS_AMOUNT_SCALE : 0;
			sum += v;
			ds_gp_printf(&c->dat, "\t");
			ds_gp_num(&c->dat, v, 3);
		}
		ds_gp_printf(&c->dat, "\t");
		if (r[i].has)
			ds_gp_num(&c->dat, sum, 2);
		else
			ds_gp_printf(&c->dat, "not tracked");
		ds_gp_printf(&c->dat, "\t");
		ds_gp_num(&c->dat, sum, 3);
		ds_gp_printf(&c->dat, "\n");
	}
	char title[320];
	snprintf(title, sizeof title, "Bilateral aid to Ukraine by donor, allocations to %s",
		 cutoff != NULL && *cutoff ? cutoff : "the tracker's cut-off");
	chart_title(c, title);
	ds_gp_printf(&c->gp,
		     "set yrange [0.4:%zu.6]\n"
		     "set xlabel 'billions of euros'\n"
		     "set xrange [0:*]\n"
		     "set offsets 0, graph 0.1, 0, 0\n"
		     "set grid xtics lc rgb '#dddddd'\n"
		     "set border 3\n"
		     "set xtics nomirror\n"
		     "set tmargin 4\n"
		     "set bmargin 7\n"
		     "set key inside right bottom vertical box opaque samplen 1.5 spacing 1.2\n"
		     "set style fill solid 1.0 noborder\n",
		     n);
	if ((rc = chart_rows_tics(c, r, n)) != DS_OK)
		goto out;
	char src[256];
	snprintf(src, sizeof src, "Source: Kiel Institute, Ukraine Support Tracker, data to %s.",
		 cutoff != NULL ? cutoff : "");
	ds_gp_printf(&c->gp, "set label 99 ");
	ds_gp_quote(&c->gp, src);
	ds_gp_printf(&c->gp,
		     " at screen 0.01, screen 0.015 left font ',9' textcolor rgb '#444444'\n");
	ds_gp_loop_begin(&c->gp, c->name, 1100, chart_rows_height(n));
	ds_gp_printf(
		&c->gp,
		"    plot ds_data using (0):1:(0):2:($1 - 0.38):($1 + 0.38) with boxxyerror "
		"lc rgb '%s' title 'military', \\\n"
		"         ds_data using (0):1:2:($2 + $3):($1 - 0.38):($1 + 0.38) with boxxyerror "
		"lc rgb '%s' title 'financial', \\\n"
		"         ds_data using (0):1:($2 + $3):($2 + $3 + $4):($1 - 0.38):($1 + 0.38) "
		"with boxxyerror lc rgb '%s' title 'humanitarian', \\\n"
		"         ds_data using 6:1:5 with labels boxed left offset 0.6, 0 font ',9' notitle\n",
		chart_line_colors[0], chart_line_colors[4], chart_line_colors[2]);
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

int chart_revisions(struct chart *c)
{
	struct ds_dataset *ds = c->ds;
	size_t ns = ds->nreleases, n = ds->nmembers;
	if (ns < 2) {
		c->skip = "the data lists fewer than two releases";
		return DS_ENOINPUT;
	}
	struct ds_series **s = calloc(ns, sizeof *s);
	struct chart_row *r = calloc(n ? n : 1, sizeof *r);
	/* covers[k]: release k has a figure of a member drawn (others stay out of the key) */
	char *covers = calloc(ns, 1);
	int rc = DS_OK;
	if (s == NULL || r == NULL || covers == NULL) {
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
	ds_gp_printf(&c->dat, "# row\tlowest\thighest");
	for (size_t k = 0; k < ns; k++)
		ds_gp_printf(&c->dat, "\trelease_%zu", k + 1);
	ds_gp_printf(&c->dat, "\trevision_pp\tlabel_x\n");
	for (size_t i = 0; i < rows; i++) {
		int32_t lo = 0, hi = 0;
		int first = 1, dec = 0;
		for (size_t k = 0; k < ns; k++) {
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
		ds_gp_pct(&c->dat, hi, 2);
		ds_gp_printf(&c->dat, "\n");
	}
	char title[200];
	snprintf(
		title, sizeof title,
		"How NATO's releases differ on %d: each member's %% of GDP, largest revision first",
		year);
	chart_title(c, title);
	ds_gp_printf(&c->gp,
		     "set yrange [0.4:%zu.6]\n"
		     "set xlabel '%% of GDP (label: spread between releases, points)'\n"
		     "set offsets graph 0.05, graph 0.1, 0, 0\n"
		     "set grid xtics lc rgb '#dddddd'\n"
		     "set border 3\n"
		     "set xtics nomirror\n"
		     "set tmargin 6\n"
		     "set bmargin 6\n"
		     "set key outside right top vertical samplen 1 spacing 1.3\n",
		     rows);
	if ((rc = chart_rows_tics(c, r, rows)) != DS_OK)
		goto out;
	chart_threshold_lines(c, 1);
	char extra[200];
	snprintf(extra, sizeof extra,
		 "Releases listed in releases.csv; %zu member%s with a figure in one release only "
		 "left out.",
		 single, single == 1 ? "" : "s");
	ds_gp_printf(&c->gp, "set label 99 ");
	ds_gp_quote(&c->gp, extra);
	ds_gp_printf(&c->gp,
		     " at screen 0.01, screen 0.015 left font ',9' textcolor rgb '#444444'\n");
	ds_gp_loop_begin(&c->gp, c->name, 1100, chart_rows_height(rows));
	ds_gp_printf(&c->gp, "    plot ds_data using 2:1:($3 - $2):(0) with vectors nohead lw 4 "
			     "lc rgb '#cccccc' notitle");
	static const int pts[] = { 7, 5, 9, 13, 11, 15, 4, 6 };
	for (size_t k = 0; k < ns; k++) {
		const struct ds_release *rel = &ds->releases[k];
		if (!covers[k])
			continue;
		char key[200];
		int nato = ds_basis_is_nato(rel->basis);
		snprintf(key, sizeof key, "%s%s%s", rel->id, nato ? "" : ", ",
			 nato ? "" : rel->basis);
		ds_gp_printf(&c->gp,
			     ", \\\n         ds_data using %zu:1 with points pt %d ps 1.4 "
			     "lc rgb '%s' title ",
			     k + 4, pts[k % 8], chart_line_colors[k % CHART_NLINES]);
		ds_gp_quote(&c->gp, key);
	}
	ds_gp_printf(&c->gp,
		     ", \\\n         ds_data using %zu:1:%zu with labels boxed left offset 1.2, 0 "
		     "font ',9' notitle\n",
		     ns + 5, ns + 4);
	ds_gp_loop_end(&c->gp);
	rc = chart_close(c);
out:
	for (size_t k = 0; s != NULL && k < ns; k++)
		if (s[k] != NULL)
			ds_series_free(s[k]);
	free(s);
	free(r);
	free(covers);
	return rc;
}
