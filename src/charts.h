/*
 * charts.h - the chart definitions, one function per chart, in
 * charts_bars.c (ranking, gap, path), charts_lines.c (trend, count),
 * charts_misc.c (aid, revisions) and charts_money.c (per-capita, real,
 * burden, aid-pct-gdp).
 *
 * Only the registry (chart.c) calls them, through its {name, function}
 * table.  Each gets a chart prepared by chart_begin() (chartkit.h) and
 * writes it with chart_open() ... chart_close(); it returns DS_OK, or
 * DS_ENOINPUT with c->skip set when the data it needs is absent (having
 * opened nothing), or another status with c->err filled.  On failure the
 * registry calls chart_abort().
 */
#ifndef DEFSPEND_CHARTS_H
#define DEFSPEND_CHARTS_H

#include "chartkit.h"

int chart_ranking(struct chart *c);
int chart_gap(struct chart *c);
int chart_path(struct chart *c);
int chart_trend(struct chart *c);
int chart_count(struct chart *c);
int chart_aid(struct chart *c);
int chart_revisions(struct chart *c);
int chart_per_capita(struct chart *c);
int chart_real(struct chart *c);
int chart_burden(struct chart *c);
int chart_aid_pct_gdp(struct chart *c);

#endif
