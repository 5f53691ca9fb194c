/*
 * test_chart.c - cmocka tests of the charts: the text of a generated script
 * (no data outside single quotes, none in a comment), the registry's names,
 * charts skipped for want of data, and a chart that cannot be written
 * leaving nothing behind.
 *
 * The hostile names are generated into a lone spending file
 * (chart_fixture.h), so the script under test is exactly what the loader
 * and the chart writer make.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "chart_fixture.h"
#include "defspend/chart.h"
#include "helpers.h"

/*
 * Checks the safety rules on a script's text: outside single-quoted
 * strings there is no double quote, no backquote and no `@`; comments
 * carry no data.  Returns how many single-quoted strings were seen.
 */
static size_t check_script(const char *s)
{
	size_t strings = 0;
	int in_q = 0, in_comment = 0;
	for (const char *p = s; *p; p++) {
		if (in_comment) {
			assert_true(strncmp(p, "PWNED", 5) != 0);
			if (*p == '\n')
				in_comment = 0;
		} else if (in_q) {
			assert_true(*p != '\n');
			if (*p == '\'' && p[1] == '\'')
				p++;
			else if (*p == '\'')
				in_q = 0;
		} else if (*p == '\'') {
			in_q = 1;
			strings++;
		} else if (*p == '#') {
			in_comment = 1;
		} else {
			assert_true(*p != '"' && *p != '`' && *p != '@');
		}
	}
	assert_false(in_q);
	return strings;
}

static void test_script_text(void **state)
{
	(void)state;
	char *dir = ds_test_tmpdir();
	char *csv = write_hostile(dir);
	struct ds_dataset *ds = load(csv);
	write_chart(ds, DS_CHART_RANKING, dir);
	write_chart(ds, DS_CHART_TREND, dir);
	char *gpath = ds_test_join(dir, "ranking.gp");
	char *script = ds_test_read(gpath, NULL);
	assert_non_null(script);
	assert_true(check_script(script) > 10);
	/* Each name is there, quoted: ' doubled, % doubled (a tic label).
	 */
	char want[512];
	snprintf(want, sizeof want, "'`touch %s/PWNED_bq`'", dir);
	assert_non_null(strstr(script, want));
	snprintf(want, sizeof want, "'|touch %s/PWNED_pipe'", dir);
	assert_non_null(strstr(script, want));
	assert_non_null(strstr(script, "'it''s \"q\" \\'"));
	assert_non_null(strstr(script, "'a_b^c@d&e{f}g %%s'"));
	assert_non_null(strstr(script, "'line break'"));
	assert_non_null(strstr(script, "noenhanced"));
	/* The data file holds no names. */
	char *dpath = ds_test_join(dir, "ranking.dat");
	char *data = ds_test_read(dpath, NULL);
	assert_non_null(data);
	assert_null(strstr(data, "touch"));
	char *tpath = ds_test_join(dir, "trend.gp");
	char *trend = ds_test_read(tpath, NULL);
	assert_non_null(trend);
	check_script(trend);
	free(trend);
	free(tpath);
	free(data);
	free(dpath);
	free(script);
	free(gpath);
	ds_dataset_free(ds);
	free(csv);
	ds_test_rmtree(dir);
	free(dir);
}

static void test_chart_names(void **state)
{
	(void)state;
	enum ds_chart c;
	assert_int_equal(ds_chart_find("revisions", &c), 0);
	assert_int_equal(c, DS_CHART_REVISIONS);
	assert_string_equal(ds_chart_name(DS_CHART_GAP), "gap");
	assert_int_equal(ds_chart_find("Ranking", &c), -1);
	assert_null(ds_chart_name(DS_NCHARTS));
}

/* Every chart of the registry has a distinct name that finds it again. */
static void test_registry(void **state)
{
	(void)state;
	for (int i = 0; i < DS_NCHARTS; i++) {
		const char *name = ds_chart_name((enum ds_chart)i);
		enum ds_chart c = DS_NCHARTS;
		assert_non_null(name);
		assert_int_equal(ds_chart_find(name, &c), 0);
		assert_int_equal(c, i);
		for (int k = 0; k < i; k++)
			assert_string_not_equal(name, ds_chart_name((enum ds_chart)k));
	}
	assert_null(ds_chart_name((enum ds_chart) - 1));
	enum ds_chart c;
	assert_int_equal(ds_chart_find("", &c), -1);
	assert_int_equal(ds_chart_find("ranking ", &c), -1);
}

/* The height of the images a script draws ("size 1100,H"), 0 when none. */
static int script_height(const char *script)
{
	const char *at = strstr(script, "size 1100,");
	return at != NULL ? atoi(at + 10) : 0;
}

/* Writes chart c of ds into dir with --top top and returns its script (malloc'd). */
static char *chart_script(struct ds_dataset *ds, enum ds_chart c, const char *dir, size_t top,
			  struct ds_chart_info *info)
{
	struct ds_threshold th[DS_MAX_THRESHOLDS];
	size_t nth;
	char msg[64];
	assert_int_equal(
		ds_threshold_parse_list("2,3.5,5", th, DS_MAX_THRESHOLDS, &nth, msg, sizeof msg),
		0);
	struct ds_chart_opts o = { .thresholds = th, .nthresholds = nth, .top = top };
	struct ds_errors err;
	ds_errors_init(&err);
	assert_int_equal(ds_chart_write_info(ds, c, &o, dir, info, &err), DS_OK);
	ds_errors_release(&err);
	char file[64];
	snprintf(file, sizeof file, "%s.gp", ds_chart_name(c));
	char *p = ds_test_join(dir, file);
	char *script = ds_test_read(p, NULL);
	assert_non_null(script);
	free(p);
	return script;
}

/*
 * Every chart of the project's data carries a source line, a title, alt text
 * stating a finding and a bounded size; with 600 members the bar charts keep
 * --top rows at each end, say how many are left out, and stay as short.
 */
static void test_every_chart_rules(void **state)
{
	(void)state;
	char *dir = ds_test_tmpdir();
	struct ds_dataset *ds = load(ds_test_path("data"));
	struct ds_chart_info *info = calloc(1, sizeof *info);
	assert_non_null(info);
	for (int i = 0; i < DS_NCHARTS; i++) {
		char *script = chart_script(ds, (enum ds_chart)i, dir, 0, info);
		assert_non_null(strstr(script, "ds_source = 'Source: "));
		assert_true(strncmp(info->source, "Source: ", 8) == 0);
		assert_true(info->title[0] != '\0');
		/* The alt text states a finding: it has a figure in it. */
		assert_non_null(strpbrk(info->alt, "0123456789"));
		int h = script_height(script);
		assert_true(h >= 400 && h <= 4000);
		if (i == DS_CHART_COUNT) {
			/* Counts end at the member count; a series 0 every year is named "none". */
			assert_non_null(
				strstr(script, "set ylabel 'members (of 32)'\nset yrange "));
			assert_non_null(strstr(script, ":32]\n"));
			assert_non_null(strstr(script, "title 'at or above 5%: none'"));
		} else if (i == DS_CHART_REVISIONS) {
			/* The key lists the releases in date order. */
			const char *a = strstr(script, "title '2024-06'"),
				   *b = strstr(script, "title '2025-04'"),
				   *c = strstr(script, "title '2025-08'"),
				   *d = strstr(script, "title '2026-03'");
			assert_true(a != NULL && b != NULL && c != NULL && d != NULL);
			assert_true(a < b && b < c && c < d);
		} else if (i == DS_CHART_RANKING || i == DS_CHART_GAP) {
			/* Values in a column of the right margin, wide enough for its words. */
			assert_non_null(strstr(script, "set rmargin "));
			assert_true(atoi(strstr(script, "set rmargin ") + 12) >= 19);
		} else if (i == DS_CHART_TREND) {
			/* The shipped data has estimates: the source line names the shading. */
			assert_non_null(strstr(script, "Shaded: years NATO marks as estimates."));
		}
		free(script);
	}
	ds_dataset_free(ds);

	/* 600 members, 12 of them without a 2025 figure. */
	size_t cap = 600 * 40 + 64, len = 0;
	char *csv = malloc(cap);
	assert_non_null(csv);
	len += (size_t)snprintf(csv, cap, "country,year,pct_gdp\n");
	for (int m = 0; m < 600; m++)
		for (int y = 2024; y <= 2025; y++)
			if (!(y == 2025 && m % 50 == 0))
				len += (size_t)snprintf(csv + len, cap - len, "X%c%c,%d,%d.%02d\n",
							'A' + m / 26, 'A' + m % 26, y, 1 + m % 5,
							(m * 7) % 100);
	char *p = ds_test_join(dir, "many.csv");
	assert_int_equal(ds_test_write(p, csv, len), 0);
	ds = load(p);
	static const enum ds_chart bars[] = { DS_CHART_RANKING, DS_CHART_GAP, DS_CHART_PATH };
	for (size_t i = 0; i < 3; i++) {
		char *script = chart_script(ds, bars[i], dir, 10, info);
		/* 10 + 10 rows, one saying how many are left out (and one without a figure). */
		assert_non_null(strstr(script, "more members ..."));
		assert_true(script_height(script) <= 22 * 22 + 220 || script_height(script) == 600);
		assert_non_null(strstr(info->notes, "the top 10 and the bottom 10"));
		free(script);
		char *full = chart_script(ds, bars[i], dir, 0, info);
		assert_true(script_height(full) <= 4000);
		free(full);
	}
	/* A member whose line stops says why, in its panel and the caption. */
	size_t xaa = 0; /* XAA, the first member, has no 2025 figure */
	struct ds_threshold th[DS_MAX_THRESHOLDS];
	size_t nth;
	char msg[64];
	assert_int_equal(
		ds_threshold_parse_list("2,3.5,5", th, DS_MAX_THRESHOLDS, &nth, msg, sizeof msg),
		0);
	struct ds_chart_opts o = {
		.thresholds = th, .nthresholds = nth, .members = &xaa, .nmembers = 1
	};
	struct ds_errors err;
	ds_errors_init(&err);
	assert_int_equal(ds_chart_write_info(ds, DS_CHART_TREND, &o, dir, info, &err), DS_OK);
	ds_errors_release(&err);
	assert_non_null(strstr(info->notes, "XAA's line stops in 2024: no figure after it"));
	/* A file without estimates shades nothing, and its source line says nothing of shading. */
	char *tp = ds_test_join(dir, "trend.gp");
	char *trend = ds_test_read(tp, NULL);
	assert_non_null(trend);
	assert_null(strstr(trend, "Shaded"));
	assert_null(strstr(trend, "set object 1 rect"));
	assert_non_null(strstr(trend, "Grey: the other members."));
	free(trend);
	free(tp);
	ds_dataset_free(ds);
	free(p);
	free(csv);
	free(info);
	ds_test_rmtree(dir);
	free(dir);
}

/* The names in dir that start with a dot (temporary files), counted. */
static size_t hidden_files(const char *dir)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL)
		n += e->d_name[0] == '.' && strcmp(e->d_name, ".") != 0 &&
		     strcmp(e->d_name, "..") != 0;
	closedir(d);
	return n;
}

static int exists_in(const char *dir, const char *name)
{
	char *p = ds_test_join(dir, name);
	int ok = access(p, F_OK) == 0;
	free(p);
	return ok;
}

/* A lone file has no aid.csv and no releases: those two charts skip with a note. */
static void test_skips(void **state)
{
	(void)state;
	char *dir = ds_test_tmpdir();
	char *csv = write_hostile(dir);
	struct ds_dataset *ds = load(csv);
	struct ds_threshold th[1] = { { 2 * 1000000, "2" } };
	struct ds_chart_opts o = { .thresholds = th, .nthresholds = 1 };
	struct ds_errors err;
	ds_errors_init(&err);
	const char *skip = NULL;
	assert_int_equal(ds_chart_write(ds, DS_CHART_AID, &o, dir, &skip, &err), DS_ENOINPUT);
	assert_string_equal(skip, "the data has no aid.csv");
	assert_int_equal(ds_chart_write(ds, DS_CHART_REVISIONS, &o, dir, &skip, &err), DS_ENOINPUT);
	assert_string_equal(skip, "the data lists fewer than two releases");
	assert_int_equal(ds_errors_count(&err), 0);
	assert_false(exists_in(dir, "aid.gp") || exists_in(dir, "aid.dat"));
	assert_false(exists_in(dir, "revisions.gp") || exists_in(dir, "revisions.dat"));
	/* Not a chart: a bug of the caller, said so. */
	assert_int_equal(ds_chart_write(ds, DS_NCHARTS, &o, dir, &skip, &err), DS_ESOFTWARE);
	assert_null(skip);
	assert_non_null(strstr(err.v[0].msg, "no chart number"));
	ds_errors_release(&err);
	assert_int_equal(hidden_files(dir), 0);
	ds_dataset_free(ds);
	free(csv);
	ds_test_rmtree(dir);
	free(dir);
}

/* The charts beyond % of GDP skip without their data: macro.csv, aid.csv, a United States. */
static void test_money_skips(void **state)
{
	(void)state;
	char *dir = ds_test_tmpdir();
	char *csv = write_hostile(dir);
	struct ds_dataset *ds = load(csv);
	struct ds_threshold th[1] = { { 2 * 1000000, "2" } };
	struct ds_chart_opts o = { .thresholds = th, .nthresholds = 1 };
	struct ds_errors err;
	ds_errors_init(&err);
	const char *skip = NULL;
	assert_int_equal(ds_chart_write(ds, DS_CHART_PER_CAPITA, &o, dir, &skip, &err),
			 DS_ENOINPUT);
	assert_string_equal(skip, "the data has no macro.csv");
	assert_int_equal(ds_chart_write(ds, DS_CHART_REAL, &o, dir, &skip, &err), DS_ENOINPUT);
	assert_string_equal(skip, "the data has no macro.csv");
	assert_int_equal(ds_chart_write(ds, DS_CHART_BURDEN, &o, dir, &skip, &err), DS_ENOINPUT);
	assert_string_equal(skip, "the data has no United States (USA)");
	assert_int_equal(ds_chart_write(ds, DS_CHART_AID_PCT_GDP, &o, dir, &skip, &err),
			 DS_ENOINPUT);
	assert_string_equal(skip, "the data has no aid.csv");
	assert_int_equal(ds_errors_count(&err), 0);
	assert_false(exists_in(dir, "per-capita.gp") || exists_in(dir, "real.gp") ||
		     exists_in(dir, "burden.gp") || exists_in(dir, "aid-pct-gdp.gp"));
	ds_errors_release(&err);
	ds_dataset_free(ds);
	free(csv);
	ds_test_rmtree(dir);
	free(dir);
}

/* The line of file dir/name that starts with prefix, or NULL (caller frees). */
static char *dat_line(const char *dir, const char *name, const char *prefix)
{
	char *path = ds_test_join(dir, name);
	char *text = ds_test_read(path, NULL);
	free(path);
	assert_non_null(text);
	char *line = NULL;
	for (char *p = text; p != NULL && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (strncmp(p, prefix, strlen(prefix)) == 0) {
			line = strndup(p, strcspn(p, "\n"));
			break;
		}
	free(text);
	return line;
}

/*
 * The money charts on the shipped data: the figures in their data files are
 * the ones `spending` prints (per person, real index, dollars), Kiel's % of
 * GDP as published, and the names from the data only ever quoted.
 */
static void test_money_charts(void **state)
{
	(void)state;
	char *dir = ds_test_tmpdir();
	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_load_opts lo = { .release = NULL };
	struct ds_dataset *ds = NULL;
	assert_int_equal(ds_dataset_load(ds_test_path("data"), &lo, &ds, &err), DS_OK);
	struct ds_threshold th[1] = { { 2 * 1000000, "2" } };
	size_t m[2];
	uint32_t pol, deu;
	assert_true(ds_strmap_get(&ds->by_iso3, "POL", 3, &pol));
	assert_true(ds_strmap_get(&ds->by_iso3, "DEU", 3, &deu));
	m[0] = pol;
	m[1] = deu;
	struct ds_chart_opts o = { .year = 2024, .thresholds = th, .nthresholds = 1 };
	const char *skip = NULL;
	for (int c = DS_CHART_PER_CAPITA; c <= DS_CHART_BURDEN; c++) {
		o.members = c == DS_CHART_REAL ? m : NULL;
		o.nmembers = c == DS_CHART_REAL ? 2 : 0;
		assert_int_equal(ds_chart_write(ds, (enum ds_chart)c, &o, dir, &skip, &err), DS_OK);
	}
	o.year = 0;
	assert_int_equal(ds_chart_write(ds, DS_CHART_AID_PCT_GDP, &o, dir, &skip, &err), DS_OK);
	assert_int_equal(ds_errors_count(&err), 0);
	/* 2024: the United States first per person (2765 dollars, derived from IMF GDP). */
	char *l = dat_line(dir, "per-capita.dat", "32\t");
	assert_non_null(l);
	assert_string_equal(l, "32\t2765\t1\t2765\t2765 US dollars per person in 2024 "
			       "(pct_gdp x IMF GDP)");
	free(l);
	/* Poland 291.4 and Germany 188.2 in 2024, as `spending` prints them. */
	l = dat_line(dir, "real.dat", "2024\t");
	assert_non_null(l);
	assert_true(strncmp(l, "2024\t291.4\t188.2\t", strlen("2024\t291.4\t188.2\t")) == 0);
	free(l);
	l = dat_line(dir, "real.dat", "2014\t");
	assert_string_equal(l, "2014\t100.0\t100.0\t100.0");
	free(l);
	l = dat_line(dir, "real.dat", "2025\t"); /* Europe and Canada lacks six members */
	assert_true(strlen(l) > 4 && strcmp(l + strlen(l) - 4, "\tNaN") == 0);
	free(l);
	/* 2024: 1462108 m dollars, of which the United States 940467: 64.3%. */
	l = dat_line(dir, "burden.dat", "2024\t");
	assert_non_null(l);
	const char *want24 = "2024\t521.6\t940.5\t1462.1\tUS 64.3%\t";
	assert_true(strncmp(l, want24, strlen(want24)) == 0);
	free(l);
	l = dat_line(dir, "burden.dat", "2025\t");
	assert_string_equal(l, "2025\tNaN\tNaN\tNaN\t\tNaN\t73.1\tno total: 6 without $");
	free(l);
	/* Denmark first: Kiel's 3.458% of GDP; the 32 allies, the top row 32. */
	l = dat_line(dir, "aid-pct-gdp.dat", "32\t");
	assert_string_equal(l, "32\t3.458\t0\t3.458%\t3.458% of GDP (Kiel's own ratio)");
	free(l);
	static const char *const scripts[] = { "per-capita.gp", "real.gp", "burden.gp",
					       "aid-pct-gdp.gp" };
	for (size_t i = 0; i < 4; i++) {
		char *path = ds_test_join(dir, scripts[i]);
		char *text = ds_test_read(path, NULL);
		assert_non_null(text);
		check_script(text);
		free(text);
		free(path);
	}
	ds_errors_release(&err);
	ds_dataset_free(ds);
	ds_test_rmtree(dir);
	free(dir);
}

/* Names that would run commands stay quoted in the legend of the real chart. */
static void test_money_hostile(void **state)
{
	(void)state;
	char *dir = ds_test_tmpdir();
	char members[1024], *p;
	snprintf(members, sizeof members,
		 "iso3,iso2,name\nAAA,AA,`touch %s/PWNED_real`\nBBB,BB,\"it's \"\"q\"\" "
		 "\\\"\nUSA,US,United States\n",
		 dir);
	static const char spending[] =
		"iso3,country,year,pct_gdp,spend_usd_m,gdp_usd_bn,estimate,release,source\n"
		"AAA,AAA,2014,1.00,,100,0,r,s\nAAA,AAA,2015,1.50,,100,0,r,s\n"
		"BBB,BBB,2014,2.00,,50,0,r,s\nBBB,BBB,2015,2.00,,60,0,r,s\n"
		"USA,USA,2014,3.00,,1000,0,r,s\nUSA,USA,2015,3.00,,1000,0,r,s\n";
	static const char macro[] =
		"iso3,year,population_m,gdp_lcu_bn,gdp_real_lcu_bn,gdp_usd_bn,"
		"gov_expenditure_pct_gdp,currency,source\n"
		"AAA,2014,1,100,100,100,40,EUR,i\nAAA,2015,1,100,110,100,40,EUR,i\n"
		"BBB,2014,2,50,50,50,40,EUR,i\nBBB,2015,2,60,55,60,40,EUR,i\n"
		"USA,2014,3,1000,1000,1000,40,USD,i\nUSA,2015,3,1000,1000,1000,40,USD,i\n";
	static const char *const names[] = { "members.csv", "spending.csv", "macro.csv" };
	const char *texts[] = { members, spending, macro };
	for (size_t i = 0; i < 3; i++) {
		p = ds_test_join(dir, names[i]);
		assert_int_equal(ds_test_write(p, texts[i], (size_t)-1), 0);
		free(p);
	}
	struct ds_dataset *ds = load(dir);
	write_chart(ds, DS_CHART_REAL, dir);
	write_chart(ds, DS_CHART_PER_CAPITA, dir);
	p = ds_test_join(dir, "real.gp");
	char *script = ds_test_read(p, NULL);
	assert_non_null(script);
	check_script(script);
	char want[512];
	snprintf(want, sizeof want, "title ('`touch %s/PWNED_real`')", dir);
	assert_non_null(strstr(script, want));
	assert_non_null(strstr(script, "title ('it''s \"q\" \\')"));
	free(script);
	free(p);
	/* Europe and Canada (AAA and BBB, weighted by 2014 dollars 1000 and 1000 m):
	 * AAA 1.50 x 110 / (1.00 x 100) = 165.0, BBB 2.00 x 55 / (2.00 x 50) = 110.0;
	 * (165 + 110) / 2 = 137.5. */
	char *l = dat_line(dir, "real.dat", "2015\t");
	assert_non_null(l);
	assert_true(strlen(l) > 6 && strcmp(l + strlen(l) - 6, "\t137.5") == 0);
	free(l);
	p = ds_test_join(dir, "per-capita.gp");
	script = ds_test_read(p, NULL);
	check_script(script);
	free(script);
	free(p);
	assert_false(exists_in(dir, "PWNED_real"));
	ds_dataset_free(ds);
	ds_test_rmtree(dir);
	free(dir);
}

/*
 * A directory where the script should go: the chart fails before writing
 * anything, and neither the data file nor a temporary file is left.  A
 * chart written again replaces both files and leaves no temporary file.
 */
static void test_write_failure(void **state)
{
	(void)state;
	char *dir = ds_test_tmpdir();
	char *csv = write_hostile(dir);
	struct ds_dataset *ds = load(csv);
	char *gp = ds_test_join(dir, "gap.gp");
	assert_int_equal(mkdir(gp, 0755), 0);
	struct ds_threshold th[1] = { { 2 * 1000000, "2" } };
	struct ds_chart_opts o = { .thresholds = th, .nthresholds = 1 };
	struct ds_errors err;
	ds_errors_init(&err);
	const char *skip = NULL;
	assert_int_equal(ds_chart_write(ds, DS_CHART_GAP, &o, dir, &skip, &err), DS_ECANTCREAT);
	assert_null(skip);
	assert_non_null(strstr(err.v[0].msg, "cannot write in '"));
	ds_errors_release(&err);
	assert_false(exists_in(dir, "gap.dat"));
	assert_int_equal(hidden_files(dir), 0);
	assert_int_equal(rmdir(gp), 0);

	write_chart(ds, DS_CHART_GAP, dir);
	char *first = ds_test_read(gp, NULL);
	assert_non_null(first);
	write_chart(ds, DS_CHART_GAP, dir);
	char *second = ds_test_read(gp, NULL);
	assert_non_null(second);
	assert_string_equal(first, second);
	assert_true(exists_in(dir, "gap.dat"));
	assert_int_equal(hidden_files(dir), 0);
	free(first);
	free(second);
	free(gp);
	ds_dataset_free(ds);
	free(csv);
	ds_test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_script_text),       cmocka_unit_test(test_chart_names),
		cmocka_unit_test(test_registry),          cmocka_unit_test(test_skips),
		cmocka_unit_test(test_write_failure),     cmocka_unit_test(test_money_skips),
		cmocka_unit_test(test_money_charts),      cmocka_unit_test(test_money_hostile),
		cmocka_unit_test(test_every_chart_rules),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
