/*
 * chart_opts.h - what a caller asks of a chart: the year, the thresholds,
 * the members and the span.
 *
 * A header of its own, apart from the registry (chart.h), because the
 * helpers every chart definition shares (chartkit) read these options too:
 * with the options in chart.h, the registry would depend on the charts,
 * the charts on their kit and the kit back on the registry.
 */
#ifndef DEFSPEND_CHART_OPTS_H
#define DEFSPEND_CHART_OPTS_H

#include <stddef.h>

#include "defspend/threshold.h"

/*
 * Bar charts of a long list show the top and bottom `top` rows: 40 unless
 * asked, at most 80 (2 x 80 + 2 rows of bars fit in about 4,000 pixels).
 */
#define DS_CHART_TOP_DEFAULT 40
#define DS_CHART_TOP_MAX 80

struct ds_chart_opts {
	int year; /* 0: the latest year with figures */
	const struct ds_threshold *thresholds;
	size_t nthresholds;
	const size_t *members; /* trend: the members to draw; NULL: a default set */
	size_t nmembers;
	int base_year; /* path: change measured since (default 2014) */
	int by_year;   /* path: target year (default 2035) */
	size_t top;    /* bar charts: rows shown at each end of a long list (0: the default) */
};

#endif
