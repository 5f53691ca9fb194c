/*
 * chart_fixture.h - the hostile dataset of the chart and plot tests
 * (test_chart.c, test_plot.c): a lone spending file whose member names
 * would run commands if gnuplot or a shell read them, loaded with the real
 * loader, and a chart of it written with the real chart writer.
 *
 * Include it after <cmocka.h>; the functions are static inline so that a
 * test that uses only some of them builds without warnings.
 */
#ifndef DEFSPEND_TEST_CHART_FIXTURE_H
#define DEFSPEND_TEST_CHART_FIXTURE_H

#include <stdio.h>
#include <string.h>

#include "defspend/chart.h"
#include "defspend/dataset.h"
#include "defspend/load.h"
#include "defspend/threshold.h"
#include "helpers.h"

/* Writes DIR/hostile.csv; returns its path (caller frees). */
static inline char *write_hostile(const char *dir)
{
	/* The names, as CSV fields; DIR stands for the temporary directory. */
	static const char *const hostile_csv[] = {
		"\"`touch DIR/PWNED_bq`\"",
		"\"$(touch DIR/PWNED_dl)\"",
		"\"|touch DIR/PWNED_pipe\"",
		"\"<touch DIR/PWNED_lt\"",
		"\"a_b^c@d&e{f}g %s\"",
		"\"it's \"\"q\"\" \\\"",
		"\"line break\"", /* a line break itself: the loader refuses control characters */
	};
	char *path = ds_test_join(dir, "hostile.csv");
	char buf[4096];
	size_t at = (size_t)snprintf(buf, sizeof buf,
				     "iso3,country,year,pct_gdp,spend_usd_m,"
				     "gdp_usd_bn,estimate,release,source\n");
	for (size_t i = 0; i < sizeof hostile_csv / sizeof hostile_csv[0]; i++) {
		/* DIR stands for the temporary directory. */
		char name[512];
		const char *d = strstr(hostile_csv[i], "DIR");
		if (d != NULL)
			snprintf(name, sizeof name, "%.*s%s%s", (int)(d - hostile_csv[i]),
				 hostile_csv[i], dir, d + 3);
		else
			snprintf(name, sizeof name, "%s", hostile_csv[i]);
		at += (size_t)snprintf(buf + at, sizeof buf - at, "A%c%c,%s,2024,%s,,100,%d,x,s\n",
				       'A' + (int)i, 'A' + (int)i, name, i == 6 ? "" : "2.50",
				       (int)(i % 2));
	}
	assert_int_equal(ds_test_write(path, buf, (size_t)-1), 0);
	return path;
}

static inline struct ds_dataset *load(const char *path)
{
	struct ds_dataset *ds = NULL;
	struct ds_errors err;
	ds_errors_init(&err);
	assert_int_equal(ds_dataset_load(path, NULL, &ds, &err), DS_OK);
	ds_errors_release(&err);
	return ds;
}

static inline void write_chart(struct ds_dataset *ds, enum ds_chart c, const char *dir)
{
	struct ds_threshold th[DS_MAX_THRESHOLDS];
	size_t nth;
	char msg[64];
	assert_int_equal(
		ds_threshold_parse_list("2,3.5,5", th, DS_MAX_THRESHOLDS, &nth, msg, sizeof msg),
		0);
	struct ds_chart_opts o = { .thresholds = th, .nthresholds = nth };
	struct ds_errors err;
	ds_errors_init(&err);
	const char *skip = NULL;
	assert_int_equal(ds_chart_write(ds, c, &o, dir, &skip, &err), DS_OK);
	ds_errors_release(&err);
}

#endif
