/*
 * cli_output.c - the output steps plot and report share (cli_output.h).
 *
 * gnuplot being missing is not an error of the charts: their scripts are
 * written first, so they can still be rendered by hand later, and the
 * message says which package to install.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli_output.h"
#include "defspend/datadir.h"
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

/* --top N into *top (0 when not given): how many rows of a long bar chart show at each end. */
static int take_top(struct ds_cli *cli, size_t *top)
{
	const char *v = NULL;
	int rc = ds_cli_take_value(cli, "--top", &v);
	*top = 0;
	if (rc != 1)
		return rc;
	char *end;
	errno = 0;
	long n = strtol(v, &end, 10);
	if (errno != 0 || end == v || *end != '\0' || n < 1 || n > DS_CHART_TOP_MAX)
		return ds_cli_usage(cli, "bad --top '%s' (a whole number from 1 to %d)", v,
				    DS_CHART_TOP_MAX);
	*top = (size_t)n;
	return DS_OK;
}

int ds_cli_take_output(struct ds_cli *cli, const char **dir, unsigned *formats, size_t *top)
{
	*dir = "plots";
	int rc = ds_cli_take_value(cli, "--out", dir);
	if (rc < 0 || rc > 1)
		return rc;
	if ((rc = take_render(cli, formats)) != DS_OK)
		return rc;
	if ((rc = take_top(cli, top)) != DS_OK)
		return rc;
	if ((rc = ds_cli_no_options(cli)) != DS_OK)
		return rc;
	/* The data is never a target: a report there would replace its files. */
	switch (ds_datadir_overlap(*dir, cli->data)) {
	case DS_OVERLAP_NONE:
		return DS_OK;
	case DS_OVERLAP_SAME:
		return ds_cli_usage(cli,
				    "refusing to write into '%s': it is the data directory in use "
				    "('%s'); choose another --out",
				    *dir, cli->data);
	case DS_OVERLAP_CONTAINS:
		return ds_cli_usage(
			cli,
			"refusing to write into '%s': the data in use ('%s') lies inside "
			"it; choose another --out",
			*dir, cli->data);
	case DS_OVERLAP_INSIDE:
		break;
	}
	return ds_cli_usage(cli,
			    "refusing to write into '%s': it lies inside the data directory in use "
			    "('%s'); choose another --out",
			    *dir, cli->data);
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
	size_t jobs;
	int rc = ds_cli_threads(&jobs);
	if (rc != DS_OK) {
		free(gnuplot);
		return rc;
	}
	struct ds_errors err;
	ds_errors_init(&err);
	rc = ds_plot_render_jobs(gnuplot, dir, names, n, formats, jobs, &err);
	if (rc != DS_OK)
		rc = ds_cli_report(&err);
	else if (ds_errors_count(&err) > 0)
		ds_errors_print(&err, DS_PROG, stderr); /* what gnuplot said, translated */
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
