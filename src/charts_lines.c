/*
 * charts_lines.c - the charts over the years: trend (% of GDP of chosen
 * members) and count (how many members meet each threshold each year).
 *
 * Years that NATO marks as estimates are shaded, since those are the
 * figures most likely to be revised in the next release.
 *
 * trend draws one small panel per member (small multiples): several
 * members' lines sit around 2% and would hide each other in one plot.
 * Each panel shows its member in colour over the others in light grey, so
 * that the comparison stays; a line that stops before the last year says
 * why, in the panel and in the chart's notes.
 */
#include <stdlib.h>
#include <string.h>

#include "charts.h"

/* The default members of the trend chart: the largest allies and the leader. */
static const char *const default_trend[] = { "USA", "POL", "GBR", "FRA", "DEU", "ITA", "CAN" };
#define NDEFAULT (sizeof default_trend / sizeof default_trend[0])
/* Panels of the trend chart at most (4 columns). */
#define TREND_MAX 24

/* Shades the span of years NATO marks as estimates; returns 1 if any, else 0. */
static int shade_estimates(struct chart *c, const size_t *members, size_t nm)
{
	const struct ds_series *s = c->ds->spending;
	int lo = 0, hi = 0;
	for (size_t i = 0; i < s->n; i++) {
		const struct ds_obs *o = &s->obs[i];
		int wanted = members == NULL;
		for (size_t k = 0; k < nm && !wanted; k++)
			wanted = members[k] == o->member;
		if (!wanted || !(o->flags & DS_OBS_ESTIMATE) || !(o->flags & DS_OBS_PCT))
			continue;
		if (lo == 0 || o->year < lo)
			lo = o->year;
		if (o->year > hi)
			hi = o->year;
	}
	if (lo == 0)
		return 0;
	ds_gp_printf(&c->gp,
		     "\n# NATO marks these years as estimates.\n"
		     "set object 1 rect from %d.5, graph 0 to %d.5, graph 1 behind "
		     "fc rgb '#eeeeee' fs solid 1.0 noborder\n"
		     "set label 98 'estimates' at %d.5, graph 0.97 right offset -0.5, 0 "
		     "font ',9' textcolor rgb '#666666'\n",
		     lo - 1, hi, hi);
	return 1;
}

static void year_axis(struct chart *c, const struct ds_series *s, int step)
{
	ds_gp_printf(&c->gp,
		     "set xrange [%d.5:%d.5]\n"
		     "set xtics %d nomirror rotate by 45 right\n"
		     "set mxtics 1\n"
		     "set border 3\n"
		     "set ytics nomirror\n"
		     "set grid ytics lc rgb '#dddddd'\n",
		     s->year_min - 1, s->year_max, step);
}

static size_t default_members(struct chart *c, size_t *out)
{
	size_t n = 0;
	for (size_t i = 0; i < NDEFAULT; i++) {
		uint32_t m;
		if (ds_strmap_get(&c->ds->by_iso3, default_trend[i], 3, &m) &&
		    ds_series_get(c->ds->spending, m, c->year) != NULL)
			out[n++] = m;
	}
	if (n >= 3)
		return n;
	/* A dataset of other members: the six highest in the chart's year. */
	n = 0;
	for (size_t k = 0; k < 6; k++) {
		long best = -1;
		int32_t bp = 0;
		for (size_t m = 0; m < c->ds->nmembers; m++) {
			int32_t p;
			int dec, taken = 0;
			for (size_t j = 0; j < n; j++)
				taken |= out[j] == m;
			if (!taken && ds_calc_pct(&c->calc, m, c->year, &p, &dec) &&
			    (best < 0 || p > bp)) {
				best = (long)m;
				bp = p;
			}
		}
		if (best < 0)
			break;
		out[n++] = (size_t)best;
	}
	return n;
}

/* The last year member m has a figure in, 0 when none. */
static int last_year(struct chart *c, size_t m)
{
	const struct ds_series *s = c->ds->spending;
	for (int y = s->year_max; y && y >= s->year_min; y--) {
		int32_t p;
		int dec;
		if (ds_calc_pct(&c->calc, m, y, &p, &dec))
			return y;
	}
	return 0;
}

/* Appends "f: 2024, 2025 filled" to buf: the years whose figure of member m came from
 * another release (--fill), so that a panel says which of its points are not the release's. */
static void filled_years(const struct chart *c, size_t m, char *buf, size_t size)
{
	const struct ds_series *s = c->calc.s;
	size_t len = strlen(buf);
	int first = 1;
	for (int y = s->year_min; y && y <= s->year_max && len + 1 < size; y++) {
		const struct ds_obs *o = ds_series_get(s, m, y);
		if (o == NULL || !(o->flags & DS_OBS_FILLED))
			continue;
		int w = snprintf(buf + len, size - len, "%s%d",
				 first ? (len ? "; f: " : "f: ") : ", ", y);
		len += w > 0 ? (size_t)w : 0;
		first = 0;
	}
	if (!first && len + 1 < size)
		snprintf(buf + len, size - len, " filled");
}

int chart_trend(struct chart *c)
{
	const struct ds_series *s = c->ds->spending;
	size_t dm[NDEFAULT > 6 ? NDEFAULT : 6];
	const size_t *mem = c->o->members;
	size_t nm = c->o->nmembers;
	if (mem == NULL || nm == 0) {
		nm = default_members(c, dm);
		mem = dm;
	}
	int rc = chart_open(c, "% of GDP over the years for chosen members, one panel each");
	if (rc != DS_OK)
		return rc;
	size_t asked = nm;
	if (nm > TREND_MAX)
		nm = TREND_MAX;
	ds_gp_printf(&c->dat, "# year");
	for (size_t k = 0; k < nm; k++)
		ds_gp_printf(&c->dat, "\tpct_%s", c->ds->members[mem[k]].iso3);
	ds_gp_printf(&c->dat, "\n");
	int32_t max = c->calc.nth ? c->calc.th[c->calc.nth - 1].pct : 0;
	size_t points = 0;
	int gap = 0, years_shown = 0;
	for (int y = s->year_min; y && y <= s->year_max; y++) {
		/* A year without any figure in the release is no row (a blank line
		 * keeps the lines from being drawn across it). */
		if (!ds_series_covers(s, y)) {
			gap = years_shown > 0;
			continue;
		}
		if (gap)
			ds_gp_printf(&c->dat, "\n");
		gap = 0;
		years_shown++;
		ds_gp_printf(&c->dat, "%d", y);
		for (size_t k = 0; k < nm; k++) {
			int32_t p;
			int dec;
			ds_gp_printf(&c->dat, "\t");
			if (ds_calc_pct(&c->calc, mem[k], y, &p, &dec)) {
				ds_gp_pct(&c->dat, p, dec);
				points++;
				if (p > max)
					max = p;
			} else {
				ds_gp_printf(&c->dat, "NaN");
			}
		}
		ds_gp_printf(&c->dat, "\n");
	}
	char rel[160], title[320];
	chart_release_name(c, s, rel, sizeof rel);
	snprintf(title, sizeof title, "Defence spending as %% of GDP, %d-%d (%s)", s->year_min,
		 s->year_max, rel);
	chart_title(c, title);
	if (points == 0) {
		chart_nothing(c, "None of these members has a figure in this release", 1100, 500);
		return chart_close(c);
	}
	if (asked > nm)
		chart_note(c, "The first %d of the %zu members asked for are drawn.", TREND_MAX,
			   asked);
	/* The main finding: where each member ended, in words. */
	char alt[600] = "";
	size_t at = 0;
	for (size_t k = 0; k < nm && at + 1 < sizeof alt; k++) {
		int ly = last_year(c, mem[k]);
		int32_t p = 0;
		int dec = 2;
		if (ly == 0 || !ds_calc_pct(&c->calc, mem[k], ly, &p, &dec))
			continue;
		char v[32];
		ds_num_format_fixed(v, sizeof v, p, DS_PCT_DECIMALS, dec);
		int w = snprintf(alt + at, sizeof alt - at, "%s%s %s%% in %d", at ? "; " : "",
				 c->ds->members[mem[k]].name, v, ly);
		at += w > 0 ? (size_t)w : 0;
	}
	if (at < sizeof alt)
		chart_alt(c, "Defence spending as %% of GDP since %d: %s.", s->year_min, alt);
	for (size_t k = 0; k < nm; k++) {
		int ly = last_year(c, mem[k]);
		if (ly == 0)
			chart_note(c, "%s has no figure in this release's data.",
				   c->ds->members[mem[k]].name);
		else if (ly < s->year_max)
			chart_note(c,
				   "%s's line stops in %d: no figure after it in this release's "
				   "data.",
				   c->ds->members[mem[k]].name, ly);
	}
	size_t cols = nm < 4 ? (nm ? nm : 1) : 4;
	size_t rows = (nm + cols - 1) / cols;
	int height = 90 + 300 * (int)rows + 50;
	ds_gp_printf(&c->gp, "ds_title = ");
	ds_gp_quote(&c->gp, title);
	ds_gp_printf(&c->gp, "\nunset title\n");
	year_axis(c, s, s->year_max - s->year_min > 6 ? 2 : 1);
	ds_gp_printf(&c->gp, "set yrange [0:");
	ds_gp_pct(&c->gp, max + max / 10, 2);
	ds_gp_printf(&c->gp, "]\nset key off\nset format y '%%g%%%%'\n");
	chart_threshold_lines(c, 0);
	/* In small panels the thresholds are tics of the y axis: names on the
	 * right would run into the next panel. */
	ds_gp_printf(&c->gp, "unset y2tics\nset ytics 1\n");
	for (size_t t = 0; t < c->calc.nth; t++)
		ds_gp_printf(&c->gp, "set ytics add ('%s%%%%' %s)\n", c->calc.th[t].label,
			     c->calc.th[t].label);
	int shaded = shade_estimates(c, mem, nm);
	c->fill_from = s->year_min;
	c->fill_to = s->year_max;
	c->fill_members = mem;
	c->nfill_members = nm;
	/* The source line names the shading only when some year is shaded. */
	chart_source(c, s,
		     shaded ? "Shaded: years NATO marks as estimates. Grey: the other members."
			    : "Grey: the other members.");
	/* The panels' names, as strings gnuplot reads literally. */
	ds_gp_printf(&c->gp, "array ds_name[%zu]\narray ds_end[%zu]\narray ds_has[%zu]\n", nm, nm,
		     nm);
	/* ds_cols: the data columns with a point (a column without one is never
	 * plotted: gnuplot would only warn about it). */
	ds_gp_printf(&c->gp, "ds_cols = '");
	for (size_t k = 0; k < nm; k++)
		if (last_year(c, mem[k]) != 0)
			ds_gp_printf(&c->gp, " %zu", k + 2);
	ds_gp_printf(&c->gp, "'\n");
	for (size_t k = 0; k < nm; k++) {
		ds_gp_printf(&c->gp, "ds_name[%zu] = ", k + 1);
		ds_gp_quote(&c->gp, c->ds->members[mem[k]].name);
		int ly = last_year(c, mem[k]);
		ds_gp_printf(&c->gp, "\nds_has[%zu] = %d", k + 1, ly != 0);
		char end[160] = "";
		if (ly == 0)
			snprintf(end, sizeof end, "no figure");
		else if (ly < s->year_max)
			snprintf(end, sizeof end, "no figure after %d", ly);
		filled_years(c, mem[k], end, sizeof end);
		ds_gp_printf(&c->gp, "\nds_end[%zu] = ", k + 1);
		ds_gp_quote(&c->gp, end);
		ds_gp_printf(&c->gp, "\n");
	}
	ds_gp_loop_begin(&c->gp, c->name, 1100, height);
	ds_gp_printf(&c->gp, "    %s\n", CHART_SOURCE_LABEL);
	ds_gp_printf(&c->gp,
		     "    set multiplot layout %zu, %zu title ds_title font ',14' "
		     "margins 0.06, 0.97, %.3f, %.3f spacing 0.06, %.3f\n"
		     "    do for [k = 1:%zu] {\n"
		     "        set title ds_name[k] noenhanced font ',11'\n"
		     "        set label 96 ds_end[k] at graph 0.98, graph 0.08 right font ',9' "
		     "textcolor rgb '#a33'\n"
		     "        if (ds_has[k]) {\n"
		     "        plot for [j in ds_cols] ds_data using 1:(column(int(j))) with lines "
		     "lw 1 lc rgb '#cccccc' notitle, \\\n"
		     "             ds_data using 1:(column(k + 1)) with linespoints lw 2.5 pt 7 "
		     "ps 0.7 lc rgb '%s' notitle, \\\n"
		     "             ds_data using 1:(column(k + 1)):(sprintf('%%d: %%s%%%% of GDP', "
		     "int($1), strcol(k + 1))) with labels hypertext point pt 7 ps 1.6 "
		     "lc rgb '#FF000000' notitle\n"
		     "        } else {\n"
		     "        plot for [j in ds_cols] ds_data using 1:(column(int(j))) with lines "
		     "lw 1 lc rgb '#cccccc' notitle\n"
		     "        }\n"
		     "        unset label 99\n"
		     "    }\n"
		     "    unset multiplot\n",
		     rows, cols, 90.0 / height, 1 - 75.0 / height, 100.0 / height, nm,
		     chart_line_colors[0]);
	ds_gp_loop_end(&c->gp);
	return chart_close(c);
}

/* A round step for an axis of 0..n (about six steps). */
static size_t count_step(size_t n)
{
	static const size_t nice[] = { 1, 2, 5 };
	for (size_t scale = 1;; scale *= 10)
		for (size_t i = 0; i < 3; i++)
			if (nice[i] * scale * 7 >= n)
				return nice[i] * scale;
}

int chart_count(struct chart *c)
{
	const struct ds_series *s = c->ds->spending;
	size_t nth = c->calc.nth, n = c->ds->nmembers;
	int rc = chart_open(c, "how many members meet each threshold, year by year");
	if (rc != DS_OK)
		return rc;
	char rel[160], title[320];
	chart_release_name(c, s, rel, sizeof rel);
	snprintf(title, sizeof title, "Members meeting each threshold, %d-%d (%s)", s->year_min,
		 s->year_max, rel);
	chart_title(c, title);
	/* ever[t]: some year has a member meeting threshold t (else the key says "none"). */
	int ever[DS_MAX_THRESHOLDS] = { 0 };
	size_t years = 0;
	ds_gp_printf(&c->dat, "# year\treporting");
	for (size_t t = 0; t < nth; t++)
		ds_gp_printf(&c->dat, "\tmeeting_%s", c->calc.th[t].label);
	ds_gp_printf(&c->dat, "\tlabel_y\thover\n");
	struct ds_calc_year first = { 0 }, last = { 0 };
	int gap = 0;
	for (int y = s->year_min; y && y <= s->year_max; y++) {
		struct ds_calc_year cy;
		/* A year without any figure is no point (not 0 members), and a
		 * blank line keeps gnuplot from drawing across it. */
		if (!ds_series_covers(s, y)) {
			gap = years > 0;
			continue;
		}
		if (gap)
			ds_gp_printf(&c->dat, "\n");
		gap = 0;
		ds_calc_year_summary(&c->calc, y, &cy);
		if (years++ == 0)
			first = cy;
		last = cy;
		ds_gp_printf(&c->dat, "%d\t%zu", y, cy.reporting);
		for (size_t t = 0; t < nth; t++) {
			ds_gp_printf(&c->dat, "\t%zu", cy.meeting[t]);
			ever[t] |= cy.meeting[t] > 0;
		}
		/*
		 * The count of the first threshold is labelled above its point,
		 * or below it where the reporting line runs close above.
		 */
		double m = nth ? (double)cy.meeting[0] : 0, rep = (double)cy.reporting;
		double up = m + 0.05 * (double)n, down = m - 0.075 * (double)n;
		int below = rep - m < 0.1 * (double)n || up > (double)n;
		ds_gp_printf(&c->dat, "\t");
		ds_gp_num(&c->dat, below && down > 0 ? down : up, 2);
		ds_gp_printf(&c->dat, "\t%d: %zu of %zu members reporting", y, cy.reporting, n);
		for (size_t t = 0; t < nth; t++)
			ds_gp_printf(&c->dat, ", %zu at or above %s%%", cy.meeting[t],
				     c->calc.th[t].label);
		ds_gp_printf(&c->dat, "\n");
	}
	if (years == 0 || nth == 0) {
		chart_nothing(c, "This release has no figure", 1100, 650);
		return chart_close(c);
	}
	chart_alt(c,
		  "Members at or above %s%% of GDP: %zu of %zu reporting in %d, %zu of %zu "
		  "reporting in %d.",
		  c->calc.th[0].label, first.meeting[0], first.reporting, first.year,
		  last.meeting[0], last.reporting, last.year);
	year_axis(c, s, 1);
	/* The axis ends at the member count; a little room below 0 keeps a line
	 * of zeros visible above the axis. */
	ds_gp_printf(&c->gp,
		     "set ylabel 'members (of %zu)'\nset yrange [-%g:%zu]\nset ytics 0, %zu, %zu\n"
		     "set ytics add ('%zu' %zu)\n"
		     "set key outside right top vertical samplen 2.5 spacing 1.3\nset bmargin 6\n",
		     n, (double)n / 50 + 0.02, n, count_step(n), n, n, n);
	shade_estimates(c, NULL, 0);
	c->fill_from = s->year_min;
	c->fill_to = s->year_max;
	chart_source(c, s, "A member without a figure is not counted as meeting.");
	ds_gp_loop_begin(&c->gp, c->name, 1100, 650);
	ds_gp_printf(&c->gp, "    plot ds_data using 1:2 with lines dt 2 lw 1.5 lc rgb '#777777' "
			     "title 'reporting a figure'");
	for (size_t t = 0; t < nth; t++) {
		ds_gp_printf(&c->gp,
			     ", \\\n         ds_data using 1:%zu with linespoints lw 2.5 pt 7 ps 1 "
			     "lc rgb '%s' title 'at or above %s%%%s'",
			     t + 3, chart_band_colors[t + 1], c->calc.th[t].label,
			     ever[t] ? "" : ": none");
		/* Counts printed for the first threshold only: the others sit
		 * close together near zero and their numbers would collide. */
		if (t == 0)
			ds_gp_printf(&c->gp,
				     ", \\\n         ds_data using 1:%zu:3 with labels boxed "
				     "font ',9' textcolor rgb '%s' notitle",
				     nth + 3, chart_band_colors[1]);
	}
	ds_gp_printf(&c->gp, ", \\\n         ");
	chart_hover(c, "$1", "$3", (int)nth + 4);
	ds_gp_printf(&c->gp, "\n");
	ds_gp_loop_end(&c->gp);
	return chart_close(c);
}
