/*
 * charts_lines.c - the charts over the years: trend (% of GDP of chosen
 * members) and count (how many members meet each threshold each year).
 *
 * Years that NATO marks as estimates are shaded, since those are the
 * figures most likely to be revised in the next release.
 */
#include <stdlib.h>
#include <string.h>

#include "charts.h"

/* The default members of the trend chart: the largest allies and the leader. */
static const char *const default_trend[] = { "USA", "POL", "GBR", "FRA", "DEU", "ITA", "CAN" };
#define NDEFAULT (sizeof default_trend / sizeof default_trend[0])

static void shade_estimates(struct chart *c, const size_t *members, size_t nm)
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
		return;
	ds_gp_printf(&c->gp,
		     "\n# NATO marks these years as estimates.\n"
		     "set object 1 rect from %d.5, graph 0 to %d.5, graph 1 behind "
		     "fc rgb '#eeeeee' fs solid 1.0 noborder\n"
		     "set label 98 'estimates' at %d.5, graph 0.97 right offset -0.5, 0 "
		     "font ',9' textcolor rgb '#666666'\n",
		     lo - 1, hi, hi);
}

static void year_axis(struct chart *c, const struct ds_series *s)
{
	ds_gp_printf(&c->gp,
		     "set xrange [%d.5:%d.5]\n"
		     "set xtics 1 nomirror rotate by 45 right\n"
		     "set mxtics 1\n"
		     "set border 3\n"
		     "set ytics nomirror\n"
		     "set grid ytics lc rgb '#dddddd'\n"
		     "set key outside right top vertical samplen 2.5 spacing 1.3\n"
		     "set bmargin 6\n",
		     s->year_min - 1, s->year_max);
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
	int rc = chart_open(c, "% of GDP over the years for chosen members");
	if (rc != DS_OK)
		return rc;
	ds_gp_printf(&c->dat, "# year");
	for (size_t k = 0; k < nm; k++)
		ds_gp_printf(&c->dat, "\tpct_%s", c->ds->members[mem[k]].iso3);
	ds_gp_printf(&c->dat, "\n");
	int32_t max = c->calc.nth ? c->calc.th[c->calc.nth - 1].pct : 0;
	for (int y = s->year_min; y && y <= s->year_max; y++) {
		ds_gp_printf(&c->dat, "%d", y);
		for (size_t k = 0; k < nm; k++) {
			int32_t p;
			int dec;
			ds_gp_printf(&c->dat, "\t");
			if (ds_calc_pct(&c->calc, mem[k], y, &p, &dec)) {
				ds_gp_pct(&c->dat, p, dec);
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
	year_axis(c, s);
	ds_gp_printf(&c->gp, "set ylabel '%% of GDP'\nset yrange [0:");
	ds_gp_pct(&c->gp, max + max / 10, 2);
	ds_gp_printf(&c->gp, "]\n");
	chart_threshold_lines(c, 0);
	shade_estimates(c, mem, nm);
	chart_source(c, s, "Shaded: years NATO marks as estimates.");
	ds_gp_loop_begin(&c->gp, c->name, 1100, 650);
	ds_gp_printf(&c->gp, "    plot ");
	for (size_t k = 0; k < nm; k++) {
		ds_gp_printf(&c->gp,
			     "%sds_data using 1:%zu with linespoints lw 2 pt %zu ps 0.9 dt %zu "
			     "lc rgb '%s' title ",
			     k ? ", \\\n         " : "", k + 2, (k % 7) + 4, k / CHART_NLINES + 1,
			     chart_line_colors[k % CHART_NLINES]);
		ds_gp_quote(&c->gp, c->ds->members[mem[k]].name);
	}
	if (nm == 0)
		ds_gp_printf(&c->gp, "NaN notitle");
	ds_gp_printf(&c->gp, "\n");
	ds_gp_loop_end(&c->gp);
	return chart_close(c);
}

int chart_count(struct chart *c)
{
	const struct ds_series *s = c->ds->spending;
	size_t nth = c->calc.nth;
	int rc = chart_open(c, "how many members meet each threshold, year by year");
	if (rc != DS_OK)
		return rc;
	ds_gp_printf(&c->dat, "# year\treporting");
	for (size_t t = 0; t < nth; t++)
		ds_gp_printf(&c->dat, "\tmeeting_%s", c->calc.th[t].label);
	ds_gp_printf(&c->dat, "\n");
	for (int y = s->year_min; y && y <= s->year_max; y++) {
		struct ds_calc_year cy;
		ds_calc_year_summary(&c->calc, y, &cy);
		ds_gp_printf(&c->dat, "%d\t%zu", y, cy.reporting);
		for (size_t t = 0; t < nth; t++)
			ds_gp_printf(&c->dat, "\t%zu", cy.meeting[t]);
		ds_gp_printf(&c->dat, "\n");
	}
	char rel[160], title[320];
	chart_release_name(c, s, rel, sizeof rel);
	snprintf(title, sizeof title, "Members meeting each threshold, %d-%d (%s)", s->year_min,
		 s->year_max, rel);
	chart_title(c, title);
	year_axis(c, s);
	ds_gp_printf(&c->gp, "set ylabel 'members (of %zu)'\nset yrange [0:%zu]\n", c->ds->nmembers,
		     c->ds->nmembers + c->ds->nmembers / 10 + 1);
	shade_estimates(c, NULL, 0);
	chart_source(c, s, "A member without a figure is not counted as meeting.");
	ds_gp_loop_begin(&c->gp, c->name, 1100, 650);
	ds_gp_printf(&c->gp, "    plot ds_data using 1:2 with lines dt 2 lw 1.5 lc rgb '#777777' "
			     "title 'reporting a figure'");
	for (size_t t = 0; t < nth; t++) {
		ds_gp_printf(&c->gp,
			     ", \\\n         ds_data using 1:%zu with linespoints lw 2.5 pt 7 ps 1 "
			     "lc rgb '%s' title 'at or above %s%%'",
			     t + 3, chart_band_colors[t + 1], c->calc.th[t].label);
		/* Counts printed for the first threshold only: the others sit
		 * close together near zero and their numbers would collide. */
		if (t == 0)
			ds_gp_printf(&c->gp,
				     ", \\\n         ds_data using 1:3:3 with labels boxed "
				     "offset 0, 1 font ',9' textcolor rgb '%s' notitle",
				     chart_band_colors[1]);
	}
	ds_gp_printf(&c->gp, "\n");
	ds_gp_loop_end(&c->gp);
	return chart_close(c);
}
