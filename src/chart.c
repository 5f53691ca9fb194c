/*
 * chart.c - the chart registry (chart.h): which charts there are, by name,
 * and writing one.
 *
 * The registry is a {name, function} table indexed by enum ds_chart; adding
 * a chart is a line here, its enum value in chart.h and its function in a
 * charts_*.c file (declared in charts.h).  The registry only dispatches: it
 * prepares the chart with the kit (chartkit.c), calls the definition, and
 * cleans up after a failure.  Neither the kit nor the definitions call back
 * into it.
 */
#include <stdlib.h>
#include <string.h>

#include "defspend/chart.h"

#include "charts.h"

static const struct {
	const char *name;
	int (*write)(struct chart *c);
} charts[DS_NCHARTS] = {
	[DS_CHART_RANKING] = { "ranking", chart_ranking },
	[DS_CHART_TREND] = { "trend", chart_trend },
	[DS_CHART_COUNT] = { "count", chart_count },
	[DS_CHART_GAP] = { "gap", chart_gap },
	[DS_CHART_PER_CAPITA] = { "per-capita", chart_per_capita },
	[DS_CHART_REAL] = { "real", chart_real },
	[DS_CHART_BURDEN] = { "burden", chart_burden },
	[DS_CHART_AID] = { "aid", chart_aid },
	[DS_CHART_AID_PCT_GDP] = { "aid-pct-gdp", chart_aid_pct_gdp },
	[DS_CHART_PATH] = { "path", chart_path },
	[DS_CHART_REVISIONS] = { "revisions", chart_revisions },
};

const char *ds_chart_name(enum ds_chart c)
{
	return (unsigned)c < DS_NCHARTS ? charts[c].name : NULL;
}

int ds_chart_find(const char *name, enum ds_chart *c)
{
	for (int i = 0; i < DS_NCHARTS; i++)
		if (strcmp(charts[i].name, name) == 0) {
			*c = (enum ds_chart)i;
			return 0;
		}
	return -1;
}

int ds_chart_write_info(struct ds_dataset *ds, enum ds_chart which, const struct ds_chart_opts *o,
			const char *dir, struct ds_chart_info *info, struct ds_errors *err)
{
	memset(info, 0, sizeof *info);
	if ((unsigned)which >= DS_NCHARTS)
		return ds_errors_add(err, DS_ESOFTWARE, NULL, 0, 0, "no chart number %d",
				     (int)which);
	struct chart c;
	int rc = chart_begin(&c, ds, charts[which].name, o, dir, info, err);
	if (rc == DS_OK)
		rc = charts[which].write(&c);
	if (rc != DS_OK) {
		chart_abort(&c);
		info->skip = c.skip;
	}
	return rc;
}

int ds_chart_write(struct ds_dataset *ds, enum ds_chart which, const struct ds_chart_opts *o,
		   const char *dir, const char **skip, struct ds_errors *err)
{
	struct ds_chart_info *info = calloc(1, sizeof *info);
	*skip = NULL;
	if (info == NULL)
		return ds_errors_nomem(err, NULL);
	int rc = ds_chart_write_info(ds, which, o, dir, info, err);
	*skip = info->skip;
	free(info);
	return rc;
}
