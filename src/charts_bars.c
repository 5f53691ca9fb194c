/*
 * charts_bars.c - the charts with one horizontal bar row per member:
 * ranking (% of GDP by band), gap (what each lacks to each threshold) and
 * path (points a year needed to reach each threshold by the target year).
 *
 * Bars are horizontal so that long names stay readable on the y axis; the
 * names are ytics labels in single quotes, and the data file holds only
 * numbers and labels the tool made itself (e.g. "2.45 e"), never names.
 * Members without a figure keep a row at the bottom saying so, because a
 * member left out silently reads as if it had been forgotten.
 */
#include <stdlib.h>
#include <string.h>

#include "charts.h"

static struct chart_row *member_rows(struct chart *c, struct ds_calc_member **cm)
{
	size_t n = c->ds->nmembers;
	*cm = calloc(n ? n : 1, sizeof **cm);
	struct chart_row *r = calloc(n ? n : 1, sizeof *r);
	if (*cm == NULL || r == NULL || ds_calc_year_members(&c->calc, c->year, *cm) != DS_OK) {
		free(*cm);
		free(r);
		*cm = NULL;
		ds_errors_nomem(c->err, NULL);
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		r[i].m = i;
		r[i].name = c->ds->members[i].name;
		r[i].has = (*cm)[i].has_pct;
		r[i].key = (*cm)[i].pct;
	}
	return r;
}

static void bar_axes(struct chart *c, size_t n, const char *xlabel)
{
	ds_gp_printf(&c->gp,
		     "set yrange [0.4:%zu.6]\n"
		     "set xlabel '%s'\n"
		     "set grid xtics lc rgb '#dddddd'\n"
		     "set border 3\n"
		     "set xtics nomirror\n"
		     "set tmargin 6\n"
		     "set bmargin 7\n"
		     "set key inside right bottom vertical box opaque samplen 1.5 spacing 1.2\n"
		     "set style fill solid 1.0 noborder\n",
		     n, xlabel);
}

int chart_ranking(struct chart *c)
{
	struct ds_calc_member *cm;
	size_t n = c->ds->nmembers;
	struct chart_row *r = member_rows(c, &cm);
	if (r == NULL)
		return DS_ENOMEM;
	chart_sort_rows(r, n);
	int rc = chart_open(c, "every member's defence spending as % of GDP in one year");
	if (rc != DS_OK)
		goto out;
	int64_t max = c->calc.nth ? c->calc.th[c->calc.nth - 1].pct : 0;
	int used[CHART_NBANDS] = { 0 };
	size_t missing = 0;
	ds_gp_printf(&c->dat, "# row\tpct\tband\tlabel\tlabel_x\n");
	for (size_t i = 0; i < n; i++) {
		const struct ds_calc_member *m = &cm[r[i].m];
		ds_gp_printf(&c->dat, "%d\t", r[i].row);
		if (m->has_pct) {
			size_t b = chart_band(c, m->pct);
			used[b] = 1;
			if (m->pct > max)
				max = m->pct;
			ds_gp_pct(&c->dat, m->pct, m->pct_dec);
			ds_gp_printf(&c->dat, "\t%zu\t", b);
			ds_gp_pct(&c->dat, m->pct, m->pct_dec);
			ds_gp_printf(&c->dat, "%s\t", m->estimate ? " e" : "");
			ds_gp_pct(&c->dat, m->pct, m->pct_dec);
			ds_gp_printf(&c->dat, "\n");
		} else {
			missing++;
			ds_gp_printf(&c->dat, "NaN\tNaN\tno figure\t0\n");
		}
	}
	char rel[160], title[320];
	chart_release_name(c, c->ds->spending, rel, sizeof rel);
	snprintf(title, sizeof title, "Defence spending as %% of GDP, %d (%s)", c->year, rel);
	chart_title(c, title);
	bar_axes(c, n, "% of GDP");
	ds_gp_printf(&c->gp, "set xrange [0:");
	ds_gp_pct(&c->gp, max + max / 8 + DS_PCT_SCALE / 4, 2);
	ds_gp_printf(&c->gp, "]\n");
	if ((rc = chart_rows_tics(c, r, n)) != DS_OK)
		goto out;
	chart_threshold_lines(c, 1);
	char extra[160];
	snprintf(extra, sizeof extra, "e: NATO estimate.%s",
		 missing ? " 'no figure': NATO published none for this year." : "");
	chart_source(c, c->ds->spending, extra);
	ds_gp_loop_begin(&c->gp, c->name, 1100, chart_rows_height(n));
	ds_gp_printf(&c->gp, "    plot ");
	int first = 1;
	for (size_t b = 0; b <= c->calc.nth; b++) {
		if (!used[b])
			continue;
		char bt[64];
		chart_band_title(c, b, bt, sizeof bt);
		ds_gp_printf(
			&c->gp,
			"%sds_data using (0):1:(0):($3 == %zu ? $2 : NaN):($1 - 0.38):($1 + 0.38) "
			"with boxxyerror lc rgb '%s' title '%s'",
			first ? "" : ", \\\n         ", b, chart_band_colors[b], bt);
		first = 0;
	}
	ds_gp_printf(
		&c->gp,
		"%sds_data using 5:1:4 with labels boxed left offset 0.6, 0 font ',9' notitle\n",
		first ? "" : ", \\\n         ");
	ds_gp_loop_end(&c->gp);
	rc = chart_close(c);
out:
	free(cm);
	free(r);
	return rc;
}

int chart_gap(struct chart *c)
{
	struct ds_calc_member *cm;
	size_t n = c->ds->nmembers;
	size_t nth = c->calc.nth;
	struct chart_row *r = member_rows(c, &cm);
	if (r == NULL)
		return DS_ENOMEM;
	/* Dollars when every member short of a threshold has IMF GDP, else points. */
	int usd = 1;
	for (size_t i = 0; i < n; i++)
		for (size_t t = 0; t < nth && cm[i].has_pct; t++)
			if (!cm[i].gap[t].has_usd)
				usd = 0;
	for (size_t i = 0; i < n; i++) {
		const struct ds_calc_gap *g = &cm[r[i].m].gap[nth - 1];
		/* Dollar keys in tenths of a million (10^11 micro-dollars). */
		r[i].key = usd ? (int64_t)(g->gap_usd / 100000000000) : g->gap_pp;
	}
	chart_sort_rows(r, n);
	int rc = chart_open(c, "what each member lacks to reach each threshold in one year");
	if (rc != DS_OK)
		goto out;
	ds_gp_printf(&c->dat, "# row");
	for (size_t t = 0; t < nth; t++)
		ds_gp_printf(&c->dat, "\tgap_%s_%s", c->calc.th[t].label, usd ? "usd_bn" : "pp");
	ds_gp_printf(&c->dat, "\tlabel\tlabel_x\n");
	for (size_t i = 0; i < n; i++) {
		const struct ds_calc_member *m = &cm[r[i].m];
		ds_gp_printf(&c->dat, "%d", r[i].row);
		double top = 0;
		for (size_t t = 0; t < nth; t++) {
			const struct ds_calc_gap *g = &m->gap[t];
			double v = !m->has_pct ? 0
				   : usd       ? (double)g->gap_usd / 1e15
					       : g->gap_pp / 1e6;
			ds_gp_printf(&c->dat, "\t");
			if (m->has_pct)
				ds_gp_num(&c->dat, v, usd ? 2 : 2);
			else
				ds_gp_printf(&c->dat, "NaN");
			if (v > top)
				top = v;
		}
		ds_gp_printf(&c->dat, "\t");
		if (!m->has_pct)
			ds_gp_printf(&c->dat, "no figure");
		else if (top == 0)
			ds_gp_printf(&c->dat, "meets every threshold");
		else {
			ds_gp_num(&c->dat, top, usd ? 1 : 2);
			ds_gp_printf(&c->dat, " to %s%%", c->calc.th[nth - 1].label);
		}
		ds_gp_printf(&c->dat, "\t");
		ds_gp_num(&c->dat, top, 3);
		ds_gp_printf(&c->dat, "\n");
	}
	char rel[160], title[320];
	chart_release_name(c, c->ds->spending, rel, sizeof rel);
	snprintf(title, sizeof title, "What each member lacks to reach each threshold, %d (%s)",
		 c->year, rel);
	chart_title(c, title);
	bar_axes(c, n,
		 usd ? "billions of US dollars a year (IMF GDP)" : "percentage points of GDP");
	ds_gp_printf(&c->gp, "set xrange [0:*]\nset offsets 0, graph 0.12, 0, 0\n");
	if ((rc = chart_rows_tics(c, r, n)) != DS_OK)
		goto out;
	chart_source(c, c->ds->spending,
		     usd ? "Gap = shortfall x IMF GDP (WEO Oct 2025), an approximation."
			 : "Gap in points: IMF GDP is not known for every member.");
	ds_gp_loop_begin(&c->gp, c->name, 1100, chart_rows_height(n));
	ds_gp_printf(&c->gp, "    plot ");
	/* The largest gap first, so that the smaller ones are drawn over it. */
	for (size_t k = nth; k-- > 0;) {
		ds_gp_printf(
			&c->gp,
			"%sds_data using (0):1:(0):%zu:($1 - 0.38):($1 + 0.38) with boxxyerror "
			"lc rgb '%s' title 'to reach %s%%'",
			k == nth - 1 ? "" : ", \\\n         ", k + 2, chart_band_colors[k],
			c->calc.th[k].label);
	}
	ds_gp_printf(&c->gp,
		     ", \\\n         ds_data using %zu:1:%zu with labels boxed left offset 0.6, 0 "
		     "font ',9' notitle\n",
		     nth + 3, nth + 2);
	ds_gp_loop_end(&c->gp);
	rc = chart_close(c);
out:
	free(cm);
	free(r);
	return rc;
}

int chart_path(struct chart *c)
{
	size_t n = c->ds->nmembers, nth = c->calc.nth;
	struct chart_row *r = calloc(n ? n : 1, sizeof *r);
	struct ds_calc_path *p = calloc((n ? n : 1) * nth, sizeof *p);
	if (r == NULL || p == NULL) {
		free(r);
		free(p);
		return ds_errors_nomem(c->err, NULL);
	}
	for (size_t i = 0; i < n; i++) {
		for (size_t t = 0; t < nth; t++)
			ds_calc_path(&c->calc, i, t, &p[i * nth + t]);
		const struct ds_calc_path *top = &p[i * nth + nth - 1];
		r[i] = (struct chart_row){ .m = i,
					   .name = c->ds->members[i].name,
					   .has = top->has && top->can_reach,
					   .key = top->needed };
	}
	chart_sort_rows(r, n);
	int rc = chart_open(c,
			    "each member's latest level against the yearly path to each threshold");
	if (rc != DS_OK)
		goto out;
	ds_gp_printf(&c->dat, "# row");
	for (size_t t = 0; t < nth; t++)
		ds_gp_printf(&c->dat, "\tneeded_%s_pp_a_year", c->calc.th[t].label);
	ds_gp_printf(&c->dat, "\tavg_change_pp_a_year\tlabel\tlabel_x\n");
	for (size_t i = 0; i < n; i++) {
		const struct ds_calc_path *pm = &p[r[i].m * nth];
		ds_gp_printf(&c->dat, "%d", r[i].row);
		int32_t most = 0;
		for (size_t t = 0; t < nth; t++) {
			ds_gp_printf(&c->dat, "\t");
			if (pm[t].has && pm[t].can_reach) {
				ds_gp_pct(&c->dat, pm[t].needed, 3);
				if (pm[t].needed > most)
					most = pm[t].needed;
			} else {
				ds_gp_printf(&c->dat, "NaN");
			}
		}
		ds_gp_printf(&c->dat, "\t");
		if (pm[0].has && pm[0].has_trend && pm[0].avg > most)
			most = pm[0].avg;
		if (pm[0].has && pm[0].has_trend)
			ds_gp_pct(&c->dat, pm[0].avg, 3);
		else
			ds_gp_printf(&c->dat, "NaN");
		if (!pm[0].has) {
			ds_gp_printf(&c->dat, "\tno figure\t0\n");
			continue;
		}
		ds_gp_printf(&c->dat, "\tnow ");
		ds_gp_pct(&c->dat, pm[0].from_pct, pm[0].from_dec);
		ds_gp_printf(&c->dat, "%% (%d)\t", pm[0].from_year);
		ds_gp_pct(&c->dat, most > 0 ? most : 0, 3);
		ds_gp_printf(&c->dat, "\n");
	}
	char rel[160], title[320];
	chart_release_name(c, c->ds->spending, rel, sizeof rel);
	snprintf(title, sizeof title,
		 "Points of GDP a year needed to reach each threshold by %d (%s)",
		 c->calc.target_year, rel);
	chart_title(c, title);
	bar_axes(c, n, "percentage points of GDP a year");
	/* Averages fall anywhere along the rows: the key goes below the plot. */
	ds_gp_printf(&c->gp, "set key outside right top vertical noopaque nobox\n");
	ds_gp_printf(&c->gp, "set offsets 0, graph 0.15, 0, 0\nset xzeroaxis lt -1\n");
	if ((rc = chart_rows_tics(c, r, n)) != DS_OK)
		goto out;
	char extra[200];
	snprintf(extra, sizeof extra, "Diamonds: average yearly change since %d. No bar: met.",
		 c->calc.base_year);
	chart_source(c, c->ds->spending, extra);
	ds_gp_loop_begin(&c->gp, c->name, 1100, chart_rows_height(n));
	ds_gp_printf(&c->gp, "    bh = 0.8 / %zu\n    plot ", nth);
	for (size_t t = 0; t < nth; t++)
		ds_gp_printf(&c->gp,
			     "%sds_data using (0):($1 + 0.4 - (%zu + 0.5) * bh):(0):%zu:"
			     "($1 + 0.4 - (%zu + 1) * bh):($1 + 0.4 - %zu * bh) with boxxyerror "
			     "lc rgb '%s' title 'to reach %s%% by %d'",
			     t ? ", \\\n         " : "", t, t + 2, t, t, chart_band_colors[t + 1],
			     c->calc.th[t].label, c->calc.target_year);
	int any_trend = 0;
	for (size_t i = 0; i < n; i++)
		any_trend |= p[i * nth].has && p[i * nth].has_trend;
	if (any_trend)
		ds_gp_printf(&c->gp,
			     ", \\\n         ds_data using %zu:1 with points pt 13 ps 1.3 "
			     "lc rgb '#000000' title 'average change a year since %d'",
			     nth + 2, c->calc.base_year);
	ds_gp_printf(&c->gp,
		     ", \\\n         ds_data using %zu:1:%zu with labels boxed left offset 0.8, 0 "
		     "font ',9' notitle\n",
		     nth + 4, nth + 3);
	ds_gp_loop_end(&c->gp);
	rc = chart_close(c);
out:
	free(r);
	free(p);
	return rc;
}
