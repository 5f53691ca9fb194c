/*
 * cmd_plot.c - `defspend plot CHART [COUNTRY...] [--by total|pct_gdp]
 * [--out DIR] [--render png,svg|none]`: write one chart's gnuplot script
 * and data into DIR (default plots/) and render it to PNG and SVG beside
 * them.  `plot aid --by pct_gdp` is the aid chart's variant by share of
 * GDP, the chart aid-pct-gdp.
 *
 * The chart is the library's (chart.h); the output options and rendering
 * are the steps it shares with report (cli_output.h).
 */
#include <stdlib.h>
#include <string.h>

#include "cli_output.h"
#include "commands.h"
#include "defspend/lookup.h"
#include "defspend/chart.h"
#include "defspend/plot.h"

static int lookup_members(struct ds_cli *cli, const struct ds_dataset *ds, size_t *out)
{
	for (int i = 1; i < cli->argc; i++) {
		int rc = ds_cli_member(ds, cli->argv[i], &out[i - 1]);
		if (rc != DS_OK)
			return rc;
	}
	return DS_OK;
}

/* "ranking, trend, ..." from the registry, so that a new chart is offered without a change here. */
static void chart_names(char *buf, size_t size)
{
	size_t at = 0;
	buf[0] = '\0';
	for (int i = 0; i < DS_NCHARTS && at < size; i++) {
		int n = snprintf(buf + at, size - at, "%s%s", i ? ", " : "",
				 ds_chart_name((enum ds_chart)i));
		at += n > 0 ? (size_t)n : 0;
	}
}

/* `--by total|pct_gdp`: which aid chart; DS_EUSAGE after printing for another chart or value. */
static int aid_variant(struct ds_cli *cli, const char *by, enum ds_chart *which)
{
	static const char *const values[] = { "total", "pct_gdp" };
	if (*which != DS_CHART_AID)
		return ds_cli_usage(cli, "--by applies to the aid chart only");
	if (strcmp(by, "pct_gdp") == 0)
		*which = DS_CHART_AID_PCT_GDP;
	else if (strcmp(by, "total") != 0)
		return ds_cli_unknown(cli, "--by value", by, values, 2, "total or pct_gdp");
	return DS_OK;
}

int cmd_plot(struct ds_cli *cli)
{
	const char *dir, *by = NULL;
	unsigned formats;
	size_t top;
	int rc = ds_cli_take_value(cli, "--by", &by);
	if (rc != 0 && rc != 1)
		return rc;
	rc = ds_cli_take_output(cli, &dir, &formats, &top);
	if (rc != DS_OK)
		return rc;
	if (cli->argc > 0 && strcmp(cli->argv[0], "--") == 0) {
		cli->argv++;
		cli->argc--;
	}
	enum ds_chart which;
	char names[256];
	chart_names(names, sizeof names);
	if (cli->argc == 0)
		return ds_cli_usage(cli, "which chart? (%s)", names);
	if (ds_chart_find(cli->argv[0], &which) != 0) {
		const char *cands[DS_NCHARTS];
		for (int i = 0; i < DS_NCHARTS; i++)
			cands[i] = ds_chart_name((enum ds_chart)i);
		return ds_cli_unknown(cli, "chart", cli->argv[0], cands, DS_NCHARTS, names);
	}
	if (which != DS_CHART_TREND && which != DS_CHART_REAL && cli->argc > 1)
		return ds_cli_usage(cli, "chart '%s' takes no countries", cli->argv[0]);
	if (by != NULL && (rc = aid_variant(cli, by, &which)) != DS_OK)
		return rc;
	struct ds_dataset *ds;
	if ((rc = ds_cli_load(cli, 0, &ds)) != DS_OK)
		return rc;
	size_t *members = calloc((size_t)cli->argc, sizeof *members);
	if (members == NULL) {
		ds_dataset_free(ds);
		return ds_cli_nomem();
	}
	struct ds_chart_opts o;
	ds_cli_chart_opts(cli, &o);
	o.top = top;
	if ((rc = lookup_members(cli, ds, members)) != DS_OK)
		goto out;
	o.members = members;
	o.nmembers = (size_t)cli->argc - 1;
	if ((rc = ds_cli_out_dir(dir)) != DS_OK)
		goto out;
	struct ds_errors err;
	ds_errors_init(&err);
	const char *skip = NULL;
	rc = ds_chart_write(ds, which, &o, dir, &skip, &err);
	if (rc == DS_ENOINPUT && skip != NULL)
		ds_cli_warn("chart '%s' skipped: %s", cli->argv[0], skip);
	else if (rc != DS_OK)
		rc = ds_cli_report(&err);
	ds_errors_release(&err);
	if (rc != DS_OK)
		goto out;
	const char *name = ds_chart_name(which);
	printf("%s/%s.gp\n%s/%s.dat\n", dir, name, dir, name);
	rc = ds_cli_render(dir, &name, 1, formats);
	if (rc == DS_OK) {
		if (formats & DS_RENDER_PNG)
			printf("%s/%s.png\n", dir, name);
		if (formats & DS_RENDER_SVG)
			printf("%s/%s.svg\n", dir, name);
	}
out:
	free(members);
	ds_dataset_free(ds);
	return rc;
}
