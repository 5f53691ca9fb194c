/*
 * cmd_plot.c - `defspend plot CHART [COUNTRY...] [--out DIR] [--render
 * png,svg|none]`: write one chart's gnuplot script and data into DIR
 * (default plots/) and render it to PNG and SVG beside them.
 *
 * Also the two steps `report` shares: reading --render, and rendering a
 * list of charts with one gnuplot process, exiting 69 with the package to
 * install when gnuplot is missing (the scripts are written first, so they
 * can still be rendered by hand later).
 */
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "defspend/lookup.h"
#include "defspend/chart.h"
#include "defspend/plot.h"

/* --render png,svg|none into *formats (DS_RENDER_*; default both). */
static int take_render(struct ds_cli *cli, unsigned *formats)
{
	const char *v = NULL;
	int rc = ds_cli_take_value(cli, "--render", &v);
	*formats = DS_RENDER_PNG | DS_RENDER_SVG;
	if (rc == 0)
		return DS_OK;
	if (rc != 1)
		return rc;
	if (strcmp(v, "none") == 0) {
		*formats = 0;
		return DS_OK;
	}
	*formats = 0;
	const char *p = v;
	while (*p) {
		size_t len = strcspn(p, ",");
		if (len == 3 && strncmp(p, "png", 3) == 0)
			*formats |= DS_RENDER_PNG;
		else if (len == 3 && strncmp(p, "svg", 3) == 0)
			*formats |= DS_RENDER_SVG;
		else
			return ds_cli_usage(cli,
					    "unknown --render '%s' (png, svg, png,svg or none)", v);
		p += len;
		if (*p == ',')
			p++;
	}
	if (*formats == 0)
		return ds_cli_usage(cli, "unknown --render '%s' (png, svg, png,svg or none)", v);
	return DS_OK;
}

int ds_cli_take_output(struct ds_cli *cli, const char **dir, unsigned *formats)
{
	*dir = "plots";
	int rc = ds_cli_take_value(cli, "--out", dir);
	if (rc < 0 || rc > 1)
		return rc;
	if ((rc = take_render(cli, formats)) != DS_OK)
		return rc;
	return ds_cli_no_options(cli);
}

int ds_cli_render(const char *dir, const char *const *names, size_t n, unsigned formats)
{
	if (formats == 0 || n == 0)
		return DS_OK;
	char *gnuplot = ds_plot_find_gnuplot();
	if (gnuplot == NULL) {
		ds_cli_warn(
			"cannot render: 'gnuplot' is not installed (Debian package 'gnuplot-nox'); "
			"the scripts are in '%s'",
			dir);
		return DS_EUNAVAILABLE;
	}
	struct ds_errors err;
	ds_errors_init(&err);
	int rc = ds_plot_render(gnuplot, dir, names, n, formats, &err);
	if (rc != DS_OK)
		rc = ds_cli_report(&err);
	ds_errors_release(&err);
	free(gnuplot);
	return rc;
}

void ds_cli_chart_opts(const struct ds_cli *cli, struct ds_chart_opts *o)
{
	memset(o, 0, sizeof *o);
	o->year = cli->year;
	o->thresholds = cli->thresholds;
	o->nthresholds = cli->nthresholds;
}

int ds_cli_out_dir(const char *dir)
{
	struct ds_errors err;
	ds_errors_init(&err);
	int rc = ds_plot_mkdir(dir, &err);
	if (rc != DS_OK)
		rc = ds_cli_report(&err);
	ds_errors_release(&err);
	return rc;
}

static int lookup_members(struct ds_cli *cli, const struct ds_dataset *ds, size_t *out)
{
	for (int i = 1; i < cli->argc; i++) {
		int rc = ds_cli_member(ds, cli->argv[i], &out[i - 1]);
		if (rc != DS_OK)
			return rc;
	}
	return DS_OK;
}

int cmd_plot(struct ds_cli *cli)
{
	const char *dir;
	unsigned formats;
	int rc = ds_cli_take_output(cli, &dir, &formats);
	if (rc != DS_OK)
		return rc;
	if (cli->argc > 0 && strcmp(cli->argv[0], "--") == 0) {
		cli->argv++;
		cli->argc--;
	}
	enum ds_chart which;
	if (cli->argc == 0)
		return ds_cli_usage(
			cli, "which chart? (ranking, trend, count, gap, aid, path, revisions)");
	if (ds_chart_find(cli->argv[0], &which) != 0)
		return ds_cli_usage(cli,
				    "unknown chart '%s' (ranking, trend, count, gap, aid, path, "
				    "revisions)",
				    cli->argv[0]);
	if (which != DS_CHART_TREND && cli->argc > 1)
		return ds_cli_usage(cli, "chart '%s' takes no countries", cli->argv[0]);
	struct ds_dataset *ds;
	if ((rc = ds_cli_load(cli, 0, &ds)) != DS_OK)
		return rc;
	size_t *members = calloc((size_t)cli->argc, sizeof *members);
	if (members == NULL) {
		ds_dataset_free(ds);
		ds_cli_warn("out of memory");
		return DS_ENOMEM;
	}
	struct ds_chart_opts o;
	ds_cli_chart_opts(cli, &o);
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
