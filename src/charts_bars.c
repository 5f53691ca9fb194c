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
 *
 * The values stand in a column in the right margin, read like a table's
 * last column: a label at the end of its bar would cross the threshold
 * lines and the markers.  The key sits below the axis, out of the bars'
 * way.  A long list shows its top and bottom rows (chart_rows_bound()), so
 * that an image stays legible and bounded whatever the number of members.
 */
#include <stdlib.h>
#include <string.h>

#include "charts.h"
#include "defspend/money.h"
#include "defspend/num.h"

/* Rows for every member (with room for the two rows chart_rows_bound() may add). */
static struct chart_row *member_rows(struct chart *c, struct ds_calc_member **cm)
{
	size_t n = c->ds->nmembers;
	*cm = calloc(n ? n : 1, sizeof **cm);
	struct chart_row *r = calloc(n + 2, sizeof *r);
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
		r[i].filled = chart_filled(c, i);
	}
	return r;
}

static void pct_text(char *buf, size_t size, int64_t pct, int dec)
{
	if (ds_num_format_fixed(buf, size, pct, DS_PCT_DECIMALS, dec) < 0)
		snprintf(buf, size, "?");
}

/* The axes, the key below them and the value column of a bar chart of n rows. */
static void bar_axes(struct chart *c, size_t n, const char *xlabel, int value_chars)
{
	ds_gp_printf(&c->gp,
		     "set yrange [0.4:%zu.6]\n"
		     "set xlabel '%s'\n"
		     "set grid xtics lc rgb '#dddddd'\n"
		     "set border 3\n"
		     "set xtics nomirror\n"
		     "set ytics nomirror\n"
		     "set tmargin 5\n"
		     "set bmargin 8\n"
		     "# The key below the axis, above the source line: never over a bar.\n"
		     "set key at screen 0.5, character 2.3 center bottom horizontal maxrows 1 "
		     "samplen 1.5 width 1 noopaque nobox\n"
		     "set style fill solid 1.0 noborder\n",
		     n, xlabel);
	chart_value_margin(c, value_chars);
}

/* "Belgium" or "Belgium and 5 others": the members tied at r[at]'s key, from at downwards. */
static void tied_names(const struct chart_row *r, size_t n, size_t at, char *buf, size_t size)
{
	size_t ties = 0, first = at;
	for (size_t i = 0; i < n; i++)
		if (r[i].has && !r[i].sep && r[i].key == r[at].key) {
			if (ties++ == 0)
				first = i;
		}
	if (ties <= 1)
		snprintf(buf, size, "%s", r[at].name);
	else
		snprintf(buf, size, "%s and %zu other%s", r[first].name, ties - 1,
			 ties == 2 ? "" : "s");
}

int chart_ranking(struct chart *c)
{
	struct ds_calc_member *cm;
	size_t n = c->ds->nmembers;
	struct chart_row *r = member_rows(c, &cm);
	if (r == NULL)
		return DS_ENOMEM;
	for (size_t i = 0; i < n; i++)
		r[i].filled = 0; /* the value column marks a filled figure, beside 'e' */
	chart_sort_rows(r, n);
	size_t with = 0;
	while (with < n && r[with].has)
		with++;
	int rc = chart_open(c, "every member's defence spending as % of GDP in one year");
	if (rc != DS_OK)
		goto out;
	char rel[160], title[320];
	chart_release_name(c, c->ds->spending, rel, sizeof rel);
	snprintf(title, sizeof title, "Defence spending as %% of GDP, %d (%s)", c->year, rel);
	chart_title(c, title);
	/* The finding, from every member, before the list is cut. */
	size_t count[CHART_NBANDS] = { 0 };
	for (size_t i = 0; i < n; i++)
		if (cm[i].has_pct)
			count[chart_band(c, cm[i].pct)]++;
	if (with > 0) {
		char hi[32], lo[32], top[200], bottom[200], meets[400] = "";
		pct_text(hi, sizeof hi, r[0].key, cm[r[0].m].pct_dec);
		pct_text(lo, sizeof lo, r[with - 1].key, cm[r[with - 1].m].pct_dec);
		tied_names(r, n, 0, top, sizeof top);
		tied_names(r, n, with - 1, bottom, sizeof bottom);
		for (size_t t = 0; t < c->calc.nth; t++) {
			size_t at_least = 0;
			for (size_t b = t + 1; b <= c->calc.nth; b++)
				at_least += count[b];
			size_t len = strlen(meets);
			snprintf(meets + len, sizeof meets - len, "%s%zu at or above %s%%",
				 t == 0 ? "" : ", ", at_least, c->calc.th[t].label);
		}
		chart_alt(c,
			  "%zu of %zu members have a %d figure; %s. Highest: %s, %s%%; lowest: %s, "
			  "%s%%.",
			  with, n, c->year, meets, top, hi, bottom, lo);
	}
	size_t shown = chart_rows_bound(c, r, n, "members");
	int64_t max = c->calc.nth ? c->calc.th[c->calc.nth - 1].pct : 0;
	int used[CHART_NBANDS] = { 0 };
	size_t estimates = 0, widest = 0;
	ds_gp_printf(&c->dat, "# row\tpct\tband\tlabel\thover\n");
	for (size_t i = 0; i < shown; i++) {
		ds_gp_printf(&c->dat, "%d\t", r[i].row);
		const struct ds_calc_member *m = r[i].sep ? NULL : &cm[r[i].m];
		if (m != NULL && m->has_pct) {
			size_t b = chart_band(c, m->pct);
			used[b] = 1;
			if (m->pct > max)
				max = m->pct;
			estimates += m->estimate != 0;
			ds_gp_pct(&c->dat, m->pct, m->pct_dec);
			ds_gp_printf(&c->dat, "\t%zu\t", b);
			ds_gp_pct(&c->dat, m->pct, m->pct_dec);
			ds_gp_printf(&c->dat, "%s%s\t", m->estimate ? " e" : "",
				     m->obs->flags & DS_OBS_FILLED ? " f" : "");
			ds_gp_pct(&c->dat, m->pct, m->pct_dec);
			ds_gp_printf(&c->dat, "%% of GDP in %d%s\n", c->year,
				     m->estimate ? ", NATO estimate" : "");
		} else {
			const char *why = m != NULL ? chart_missing_label(c, r[i].m) : "";
			ds_gp_printf(&c->dat, "NaN\tNaN\t%s\tNaN\n", why);
			if (strlen(why) > widest)
				widest = strlen(why);
		}
	}
	if (with == 0) {
		char msg[200];
		snprintf(msg, sizeof msg, "No member has a %d figure in %s", c->year, rel);
		chart_nothing(c, msg, 1100, 600);
		rc = chart_close(c);
		goto out;
	}
	char xmax[32];
	pct_text(xmax, sizeof xmax, max + max / 10, 2);
	/* The value column holds "4.48 e f" or a missing label ("NATO published none"). */
	bar_axes(c, shown, "% of GDP", widest > 10 ? (int)widest - 2 : 8);
	ds_gp_printf(&c->gp, "set xrange [0:%s]\n", xmax);
	if ((rc = chart_rows_tics(c, r, shown)) != DS_OK)
		goto out;
	chart_threshold_lines(c, 1);
	char extra[200];
	snprintf(extra, sizeof extra, "%s", estimates ? "e: NATO estimate." : "");
	chart_missing_caption(c, extra, sizeof extra);
	chart_source(c, c->ds->spending, extra[0] ? extra : NULL);
	ds_gp_loop_begin(&c->gp, c->name, 1100, chart_rows_height(shown));
	ds_gp_printf(&c->gp, "    plot ");
	for (size_t b = 0; b <= c->calc.nth; b++) {
		if (!used[b])
			continue;
		char bt[64];
		chart_band_title(c, b, bt, sizeof bt);
		ds_gp_printf(
			&c->gp,
			"ds_data using (0):1:(0):($3 == %zu ? $2 : NaN):($1 - 0.38):($1 + 0.38) "
			"with boxxyerror lc rgb '%s' title '%s', \\\n         ",
			b, chart_band_colors[b], bt);
	}
	chart_value_labels(c, xmax, 4);
	ds_gp_printf(&c->gp, ", \\\n         ");
	chart_hover(c, "$2", "$1", 5);
	ds_gp_printf(&c->gp, "\n");
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
	/*
	 * Bars in points of GDP, so that every member's bar can be read: in
	 * dollars the largest economy's bar would squash the small members
	 * into slivers.  The dollars (IMF GDP) stand in the value column.
	 */
	for (size_t i = 0; i < n; i++)
		r[i].key = cm[r[i].m].gap[nth - 1].gap_pp;
	chart_sort_rows(r, n);
	size_t with = 0;
	while (with < n && r[with].has)
		with++;
	int rc = chart_open(c, "what each member lacks to reach each threshold in one year");
	if (rc != DS_OK)
		goto out;
	char rel[160], title[320];
	chart_release_name(c, c->ds->spending, rel, sizeof rel);
	snprintf(title, sizeof title, "What each member lacks to reach each threshold, %d (%s)",
		 c->year, rel);
	chart_title(c, title);
	size_t shown = chart_rows_bound(c, r, n, "members");
	/* drawn[t]: some row shown lacks something to threshold t (only those are in the key) */
	int drawn[DS_MAX_THRESHOLDS] = { 0 };
	int32_t max = 0;
	size_t short_top = 0;
	for (size_t i = 0; i < n; i++)
		short_top += cm[i].has_pct && cm[i].gap[nth - 1].gap_pp > 0;
	ds_gp_printf(&c->dat, "# row");
	for (size_t t = 0; t < nth; t++)
		ds_gp_printf(&c->dat, "\tgap_%s_pp", c->calc.th[t].label);
	ds_gp_printf(&c->dat, "\tlabel\thover\n");
	for (size_t i = 0; i < shown; i++) {
		const struct ds_calc_member *m = r[i].sep ? NULL : &cm[r[i].m];
		ds_gp_printf(&c->dat, "%d", r[i].row);
		for (size_t t = 0; t < nth; t++) {
			ds_gp_printf(&c->dat, "\t");
			if (m != NULL && m->has_pct && m->gap[t].gap_pp > 0) {
				ds_gp_pct(&c->dat, m->gap[t].gap_pp, 2);
				drawn[t] = 1;
				if (m->gap[t].gap_pp > max)
					max = m->gap[t].gap_pp;
			} else {
				ds_gp_printf(&c->dat, "NaN");
			}
		}
		ds_gp_printf(&c->dat, "\t");
		const struct ds_calc_gap *g = m != NULL ? &m->gap[nth - 1] : NULL;
		if (m == NULL)
			ds_gp_printf(&c->dat, "\tNaN\n");
		else if (!m->has_pct)
			ds_gp_printf(&c->dat, "%s\tNaN\n", chart_missing_label(c, r[i].m));
		else if (g->gap_pp == 0)
			ds_gp_printf(&c->dat, "meets %s%%\tNaN\n", c->calc.th[nth - 1].label);
		else {
			char usd[64] = "";
			if (g->has_usd) {
				/* billions of dollars (10^15 micro-dollars), one decimal */
				char b[48];
				if (ds_wide_format(b, sizeof b, g->gap_usd, 15, 1) > 0)
					snprintf(usd, sizeof usd, ", $%s bn", b);
			}
			ds_gp_pct(&c->dat, g->gap_pp, 2);
			ds_gp_printf(&c->dat, " pts%s to %s%%\t", usd, c->calc.th[nth - 1].label);
			ds_gp_pct(&c->dat, g->gap_pp, 2);
			ds_gp_printf(&c->dat, " points of GDP short of %s%%%s\n",
				     c->calc.th[nth - 1].label, usd);
		}
	}
	if (with == 0) {
		char msg[200];
		snprintf(msg, sizeof msg, "No member has a %d figure in %s", c->year, rel);
		chart_nothing(c, msg, 1100, 600);
		rc = chart_close(c);
		goto out;
	}
	if (short_top > 0) {
		char lead[200], most[32];
		tied_names(r, shown, 0, lead, sizeof lead);
		pct_text(most, sizeof most, cm[r[0].m].gap[nth - 1].gap_pp, 2);
		chart_alt(c,
			  "%zu of the %zu members with a %d figure are below %s%%; %s %s the "
			  "most, %s points of GDP.",
			  short_top, with, c->year, c->calc.th[nth - 1].label, lead,
			  strstr(lead, " other") != NULL ? "lack" : "lacks", most);
	} else {
		chart_alt(c, "Every one of the %zu members with a %d figure meets %s%%.", with,
			  c->year, c->calc.th[nth - 1].label);
	}
	char xmax[32];
	pct_text(xmax, sizeof xmax, max > 0 ? max + max / 20 : DS_PCT_SCALE, 2);
	bar_axes(c, shown, "percentage points of GDP short of each threshold", 30);
	ds_gp_printf(&c->gp, "set xrange [0:%s]\n", xmax);
	if ((rc = chart_rows_tics(c, r, shown)) != DS_OK)
		goto out;
	char extra[240] = "Dollars: shortfall x IMF GDP (WEO Oct 2025), an approximation.";
	chart_missing_caption(c, extra, sizeof extra);
	chart_source(c, c->ds->spending, extra);
	ds_gp_loop_begin(&c->gp, c->name, 1100, chart_rows_height(shown));
	ds_gp_printf(&c->gp, "    plot ");
	/* The largest gap first, so that the smaller ones are drawn over it. */
	for (size_t k = nth; k-- > 0;) {
		if (!drawn[k])
			continue;
		ds_gp_printf(&c->gp,
			     "ds_data using (0):1:(0):%zu:($1 - 0.38):($1 + 0.38) with boxxyerror "
			     "lc rgb '%s' title 'to reach %s%%', \\\n         ",
			     k + 2, chart_band_colors[k], c->calc.th[k].label);
	}
	chart_value_labels(c, xmax, (int)nth + 2);
	ds_gp_printf(&c->gp, ", \\\n         ");
	char x[32];
	snprintf(x, sizeof x, "$%zu", nth + 1);
	chart_hover(c, x, "$1", (int)nth + 3);
	ds_gp_printf(&c->gp, "\n");
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
	struct chart_row *r = calloc(n + 2, sizeof *r);
	struct ds_calc_path *p = calloc((n ? n : 1) * nth, sizeof *p);
	if (r == NULL || p == NULL) {
		free(r);
		free(p);
		return ds_errors_nomem(c->err, NULL);
	}
	size_t reachable = 0, on_track = 0;
	for (size_t i = 0; i < n; i++) {
		for (size_t t = 0; t < nth; t++)
			ds_calc_path(&c->calc, i, t, &p[i * nth + t]);
		const struct ds_calc_path *top = &p[i * nth + nth - 1];
		r[i] = (struct chart_row){ .m = i,
					   .name = c->ds->members[i].name,
					   .has = top->has && top->can_reach,
					   .key = top->needed,
					   .filled = chart_filled(c, i) };
		reachable += r[i].has;
		on_track += top->has && top->has_trend && top->can_reach && top->avg >= top->needed;
	}
	chart_sort_rows(r, n);
	int rc = chart_open(c,
			    "each member's latest level against the yearly path to each threshold");
	if (rc != DS_OK)
		goto out;
	char rel[160], title[320];
	chart_release_name(c, c->ds->spending, rel, sizeof rel);
	snprintf(title, sizeof title,
		 "Points of GDP a year needed to reach each threshold by %d (%s)",
		 c->calc.target_year, rel);
	chart_title(c, title);
	if (reachable > 0)
		chart_alt(c,
			  "To reach %s%% by %d, %zu members need to add to their spending each "
			  "year; %zu of them have risen fast enough since %d (diamond at or right "
			  "of the bar's end).",
			  c->calc.th[nth - 1].label, c->calc.target_year, reachable, on_track,
			  c->calc.base_year);
	size_t shown = chart_rows_bound(c, r, n, "members");
	ds_gp_printf(&c->dat, "# row");
	for (size_t t = 0; t < nth; t++)
		ds_gp_printf(&c->dat, "\tneeded_%s_pp_a_year", c->calc.th[t].label);
	ds_gp_printf(&c->dat, "\tavg_change_pp_a_year\tlabel\thover\n");
	int32_t most = 0, least = 0;
	int any_bar = 0, any_trend = 0;
	for (size_t i = 0; i < shown; i++) {
		const struct ds_calc_path *pm = r[i].sep ? NULL : &p[r[i].m * nth];
		ds_gp_printf(&c->dat, "%d", r[i].row);
		for (size_t t = 0; t < nth; t++) {
			ds_gp_printf(&c->dat, "\t");
			if (pm != NULL && pm[t].has && pm[t].can_reach && pm[t].needed > 0) {
				/* Rounded up: a bar never shows less than is needed. */
				ds_gp_pct(&c->dat,
					  ds_num_ceil_fixed(pm[t].needed, DS_PCT_DECIMALS, 3), 3);
				any_bar = 1;
				if (pm[t].needed > most)
					most = pm[t].needed;
			} else {
				ds_gp_printf(&c->dat, "NaN");
			}
		}
		ds_gp_printf(&c->dat, "\t");
		if (pm != NULL && pm[0].has && pm[0].has_trend) {
			ds_gp_pct(&c->dat, pm[0].avg, 3);
			any_trend = 1;
			if (pm[0].avg > most)
				most = pm[0].avg;
			if (pm[0].avg < least)
				least = pm[0].avg;
		} else {
			ds_gp_printf(&c->dat, "NaN");
		}
		if (pm == NULL) {
			ds_gp_printf(&c->dat, "\t\tNaN\n");
			continue;
		}
		if (!pm[0].has) {
			ds_gp_printf(&c->dat, "\tno figure\tNaN\n");
			continue;
		}
		ds_gp_printf(&c->dat, "\tnow ");
		ds_gp_pct(&c->dat, pm[0].from_pct, pm[0].from_dec);
		ds_gp_printf(&c->dat, "%% (%d)\t", pm[0].from_year);
		if (pm[0].has_trend) {
			ds_gp_printf(&c->dat, "average change since %d: ", c->calc.base_year);
			ds_gp_pct(&c->dat, pm[0].avg, 3);
			ds_gp_printf(&c->dat, " points a year\n");
		} else {
			ds_gp_printf(&c->dat, "NaN\n");
		}
	}
	if (!any_bar && !any_trend) {
		chart_nothing(c, "No member has a figure to measure a path from", 1100, 600);
		rc = chart_close(c);
		goto out;
	}
	bar_axes(c, shown, "percentage points of GDP a year", 14);
	char xmin[32], xmax[32];
	pct_text(xmin, sizeof xmin, least < 0 ? least + least / 5 : 0, 3);
	pct_text(xmax, sizeof xmax, most > 0 ? most + most / 10 : DS_PCT_SCALE / 10, 3);
	ds_gp_printf(&c->gp, "set xrange [%s:%s]\nset xzeroaxis lt -1\n", xmin, xmax);
	if ((rc = chart_rows_tics(c, r, shown)) != DS_OK)
		goto out;
	char extra[200];
	snprintf(extra, sizeof extra, "Diamonds: average yearly change since %d. No bar: met.",
		 c->calc.base_year);
	chart_source(c, c->ds->spending, extra);
	ds_gp_loop_begin(&c->gp, c->name, 1100, chart_rows_height(shown));
	ds_gp_printf(&c->gp, "    bh = 0.8 / %zu\n    plot ", nth);
	for (size_t t = 0; t < nth && any_bar; t++)
		ds_gp_printf(&c->gp,
			     "ds_data using (0):($1 + 0.4 - (%zu + 0.5) * bh):(0):%zu:"
			     "($1 + 0.4 - (%zu + 1) * bh):($1 + 0.4 - %zu * bh) with boxxyerror "
			     "lc rgb '%s' title 'to reach %s%% by %d', \\\n         ",
			     t, t + 2, t, t, chart_band_colors[t + 1], c->calc.th[t].label,
			     c->calc.target_year);
	if (any_trend) {
		ds_gp_printf(
			&c->gp,
			"ds_data using %zu:1 with points pt 13 ps 1.3 "
			"lc rgb '#000000' title 'average change a year since %d', \\\n         ",
			nth + 2, c->calc.base_year);
		char x[32];
		snprintf(x, sizeof x, "$%zu", nth + 2);
		chart_hover(c, x, "$1", (int)nth + 4);
		ds_gp_printf(&c->gp, ", \\\n         ");
	}
	chart_value_labels(c, xmax, (int)nth + 3);
	ds_gp_printf(&c->gp, "\n");
	ds_gp_loop_end(&c->gp);
	rc = chart_close(c);
out:
	free(r);
	free(p);
	return rc;
}
