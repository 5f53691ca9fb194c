/*
 * charts_money.c - the charts beyond % of GDP: per-capita (members ranked
 * by spending per person), real (spending in real terms, 2014 = 100, for
 * chosen members and NATO Europe and Canada), burden (the United States
 * against Europe and Canada in dollars, year by year) and aid-pct-gdp
 * (Ukraine aid as % of the donor's GDP, Kiel's own figure).
 *
 * The figures are calc_money.h's exact fractions, written into the data
 * files already rounded at the precision the tables print (whole dollars,
 * one decimal of an index, billions with one decimal), so that a chart and
 * `defspend spending` never disagree.  Names from the data go into the
 * script only as quoted tics and titles (ds_gp_quote); the data files hold
 * numbers and the tool's own labels.
 *
 * A chart whose data is absent (no macro.csv, no aid.csv) is skipped with
 * a note; one whose data is present but has nothing to draw for the year
 * says so in the image.
 */
#include <stdlib.h>
#include <string.h>

#include "charts.h"
#include "defspend/calc_money.h"
#include "defspend/num.h"

static const char no_macro[] = "the data has no macro.csv";
static const char no_imf[] = "no IMF figure";

/* r at pow10 and dec (ds_wide_format_ratio) into buf. */
static void ratio_text(char *buf, size_t size, const struct ds_ratio *r, int pow10, int dec)
{
	ds_wide_format_ratio(buf, size, r->num, r->den, pow10, dec);
}

/* The axes, the key below them and the value column of a bar chart of n rows. */
static void bar_axes(struct chart *c, size_t n, const char *xlabel, const char *xmax,
		     int value_chars)
{
	ds_gp_printf(&c->gp,
		     "set yrange [0.4:%zu.6]\n"
		     "set xrange [0:%s]\n"
		     "set xlabel '%s'\n"
		     "set grid xtics lc rgb '#dddddd'\n"
		     "set border 3\n"
		     "set xtics nomirror\n"
		     "set ytics nomirror\n"
		     "set tmargin 5\n"
		     "set bmargin 8\n"
		     "# The key below the axis, above the source line: never over a bar.\n"
		     "set key at screen 0.5, character 2.3 center bottom horizontal maxrows 1 "
		     "samplen 1.5 width 1 noopaque nobox\n"
		     "set style fill solid 1.0 noborder\n",
		     n, xmax, xlabel);
	chart_value_margin(c, value_chars);
}

/* A bar series of the rows whose column `sel` equals v: boxes from 0 to column 2. */
static void bar_series(struct chart *c, int sel, int v, const char *color, const char *title)
{
	ds_gp_printf(&c->gp,
		     "ds_data using (0):1:(0):($%d == %d ? $2 : NaN):($1 - 0.38):($1 + 0.38) "
		     "with boxxyerror lc rgb '%s' title '%s', \\\n         ",
		     sel, v, color, title);
}

int chart_per_capita(struct chart *c)
{
	struct ds_dataset *ds = c->ds;
	if (!ds->has_macro) {
		c->skip = no_macro;
		return DS_ENOINPUT;
	}
	size_t n = ds->nmembers;
	struct chart_row *r = calloc(n + 2, sizeof *r);
	struct ds_calc_money *mr = calloc(n ? n : 1, sizeof *mr);
	int rc = DS_OK;
	if (r == NULL || mr == NULL) {
		rc = ds_errors_nomem(c->err, NULL);
		goto out;
	}
	size_t with = 0;
	for (size_t m = 0; m < n; m++) {
		ds_calc_money(&c->calc, m, c->year, &mr[m]);
		const struct ds_ratio *pc = &mr[m].per_capita;
		/* Sorted in hundredths of a dollar: ties at what prints are rare and named. */
		r[m] = (struct chart_row){ .m = m,
					   .name = ds->members[m].name,
					   .has = pc->has,
					   .key = pc->has ? (int64_t)ds_ratio_key(pc, 2) : 0,
					   .filled = chart_filled(c, m) };
		with += pc->has;
	}
	chart_sort_rows(r, n);
	if ((rc = chart_open(c, "every member's defence spending per person in one year")) != DS_OK)
		goto out;
	char rel[160], title[320], a[64], b[64];
	chart_release_name(c, ds->spending, rel, sizeof rel);
	snprintf(title, sizeof title, "Defence spending per person in US dollars, %d (%s)", c->year,
		 rel);
	chart_title(c, title);
	if (with > 0) {
		ratio_text(a, sizeof a, &mr[r[0].m].per_capita, 0, 0);
		ratio_text(b, sizeof b, &mr[r[with - 1].m].per_capita, 0, 0);
		chart_alt(c,
			  "%zu of %zu members have a %d figure per person. Highest: %s, %s US "
			  "dollars; lowest: %s, %s US dollars.",
			  with, n, c->year, r[0].name, a, r[with - 1].name, b);
	}
	size_t shown = chart_rows_bound(c, r, n, "members");
	ds_wide max = 0;
	size_t widest = 0;
	int used[2] = { 0, 0 }, imf_missing = 0;
	ds_gp_printf(&c->dat, "# row\tusd_per_person\tderived\tlabel\thover\n");
	for (size_t i = 0; i < shown; i++) {
		const struct ds_calc_money *x = r[i].sep ? NULL : &mr[r[i].m];
		ds_gp_printf(&c->dat, "%d\t", r[i].row);
		if (x == NULL || !x->per_capita.has) {
			/* No % of GDP (or dollars) in the release, or no IMF figure for it. */
			const char *why = x == NULL ? ""
					  : x->usd_basis == DS_USD_NONE && !x->has_pct
						  ? chart_missing_label(c, r[i].m)
						  : no_imf;
			ds_gp_printf(&c->dat, "NaN\tNaN\t%s\tNaN\n", why);
			if (strlen(why) > widest)
				widest = strlen(why);
			imf_missing |= why == no_imf;
			continue;
		}
		int derived = x->usd_basis == DS_USD_DERIVED;
		used[derived] = 1;
		ratio_text(a, sizeof a, &x->per_capita, 0, 0);
		if (ds_ratio_key(&x->per_capita, 0) > max)
			max = ds_ratio_key(&x->per_capita, 0);
		ds_gp_printf(&c->dat, "%s\t%d\t%s\t%s US dollars per person in %d (%s)\n", a,
			     derived, a, a, c->year,
			     derived ? "pct_gdp x IMF GDP" : "NATO's dollars");
	}
	if (with == 0) {
		char msg[200];
		snprintf(msg, sizeof msg, "No member has a %d figure per person in %s", c->year,
			 rel);
		chart_nothing(c, msg, 1100, 600);
		rc = chart_close(c);
		goto out;
	}
	char xmax[64];
	ds_wide_format(xmax, sizeof xmax, max + max / 10 + 1, 0, 0);
	bar_axes(c, shown, "US dollars per person", xmax, widest > 9 ? (int)widest - 2 : 7);
	if ((rc = chart_rows_tics(c, r, shown)) != DS_OK)
		goto out;
	char extra[400] = "Dollars: NATO's, or pct_gdp x IMF GDP; IMF population.";
	if (imf_missing)
		strcat(extra, " 'no IMF figure': the IMF has no GDP or population for it.");
	chart_missing_caption(c, extra, sizeof extra);
	chart_source(c, ds->spending, extra);
	ds_gp_loop_begin(&c->gp, c->name, 1100, chart_rows_height(shown));
	ds_gp_printf(&c->gp, "    plot ");
	if (used[0])
		bar_series(c, 3, 0, chart_line_colors[0], "dollars published by NATO");
	if (used[1])
		bar_series(c, 3, 1, chart_line_colors[5], "derived from IMF GDP");
	chart_value_labels(c, xmax, 4);
	ds_gp_printf(&c->gp, ", \\\n         ");
	chart_hover(c, "$2", "$1", 5);
	ds_gp_printf(&c->gp, "\n");
	ds_gp_loop_end(&c->gp);
	rc = chart_close(c);
out:
	free(r);
	free(mr);
	return rc;
}

/* The colour of line k: the kit's colours but black, which marks Europe and Canada. */
static const char *line_color(size_t k)
{
	static const size_t pick[] = { 0, 1, 2, 3, 4, 5, 7 };
	return chart_line_colors[pick[k % (sizeof pick / sizeof pick[0])]];
}

/* Members of the real chart by default: the seven largest spenders in dollars. */
#define REAL_DEFAULT 7
/* Lines of the real chart at most (one colour each, black kept for the aggregate). */
#define REAL_MAX (CHART_NLINES - 1)

static size_t largest_spenders(struct chart *c, size_t *out, size_t want)
{
	size_t n = 0;
	for (size_t k = 0; k < want; k++) {
		long best = -1;
		ds_money bu = 0;
		for (size_t m = 0; m < c->ds->nmembers; m++) {
			int taken = 0;
			for (size_t j = 0; j < n; j++)
				taken |= out[j] == m;
			struct ds_calc_money x;
			ds_calc_money(&c->calc, m, c->year, &x);
			if (!taken && x.usd_basis != DS_USD_NONE && (best < 0 || x.usd > bu)) {
				best = (long)m;
				bu = x.usd;
			}
		}
		if (best < 0)
			break;
		out[n++] = (size_t)best;
	}
	return n;
}

/*
 * NATO Europe and Canada's real index for year: every member of the
 * alliance totals but the United States, each member's real index weighted
 * by its dollar spending of the base year (constant base-year prices and
 * exchange rates).  1 and *idx (x 10^9: the index / 100, in billionths)
 * when every one of them has both; else 0 and *lacking counts those
 * without.  Each member's index is taken to 9 decimals before weighting:
 * 10^-7 of a point, far below the tenth printed.
 */
static int europe_index(struct chart *c, int year, ds_wide *idx, size_t *lacking)
{
	ds_wide num = 0, den = 0;
	*lacking = 0;
	for (size_t m = 0; m < c->ds->nmembers; m++) {
		if (strcmp(c->ds->members[m].iso3, "USA") == 0 ||
		    !ds_calc_alliance_member(&c->calc, m))
			continue;
		struct ds_calc_money base, x;
		ds_calc_money(&c->calc, m, DS_CALC_BASE_YEAR, &base);
		ds_calc_money(&c->calc, m, year, &x);
		if (base.usd_basis == DS_USD_NONE || !x.real_index.has) {
			(*lacking)++;
			continue;
		}
		ds_wide term, k = ds_ratio_key(&x.real_index, 9);
		if (__builtin_mul_overflow(base.usd, k, &term) ||
		    __builtin_add_overflow(num, term, &num) ||
		    __builtin_add_overflow(den, base.usd, &den)) {
			(*lacking)++;
			continue;
		}
	}
	if (*lacking > 0 || den <= 0)
		return 0;
	*idx = ds_wide_div_round(num, den);
	return 1;
}

int chart_real(struct chart *c)
{
	struct ds_dataset *ds = c->ds;
	const struct ds_series *s = ds->spending;
	if (!ds->has_macro) {
		c->skip = no_macro;
		return DS_ENOINPUT;
	}
	size_t dm[REAL_MAX];
	const size_t *mem = c->o->members;
	size_t nm = c->o->nmembers, asked = nm;
	if (mem == NULL || nm == 0) {
		nm = asked = largest_spenders(c, dm, REAL_DEFAULT);
		mem = dm;
	}
	if (nm > REAL_MAX)
		nm = REAL_MAX;
	int rc = chart_open(c, "defence spending in real terms, 2014 = 100, for chosen members "
			       "and NATO Europe and Canada");
	if (rc != DS_OK)
		return rc;
	char rel[160], title[320], v[64];
	chart_release_name(c, s, rel, sizeof rel);
	snprintf(title, sizeof title,
		 "Defence spending in real terms, %d = 100 (%s, IMF constant prices)",
		 DS_CALC_BASE_YEAR, rel);
	chart_title(c, title);
	ds_gp_printf(&c->dat, "# year");
	for (size_t k = 0; k < nm; k++)
		ds_gp_printf(&c->dat, "\tindex_%s", ds->members[mem[k]].iso3);
	ds_gp_printf(&c->dat, "\tindex_europe_canada\n");
	size_t points = 0, npts[REAL_MAX] = { 0 };
	int last[REAL_MAX] = { 0 };
	int last_euca = 0;
	ds_wide top = 100 * (ds_wide)1000000000, euca_last = 0;
	char missing_years[200] = "";
	size_t at = 0;
	for (int y = s->year_min; y && y <= s->year_max; y++) {
		ds_gp_printf(&c->dat, "%d", y);
		for (size_t k = 0; k < nm; k++) {
			struct ds_calc_money x;
			ds_calc_money(&c->calc, mem[k], y, &x);
			if (!x.real_index.has || y < DS_CALC_BASE_YEAR) {
				ds_gp_printf(&c->dat, "\tNaN");
				continue;
			}
			ratio_text(v, sizeof v, &x.real_index, 2, 1);
			ds_gp_printf(&c->dat, "\t%s", v);
			points++;
			npts[k]++;
			last[k] = y;
			ds_wide key = ds_ratio_key(&x.real_index, 9) * 100;
			if (key > top)
				top = key;
		}
		ds_wide idx;
		size_t lacking;
		if (y >= DS_CALC_BASE_YEAR && europe_index(c, y, &idx, &lacking)) {
			ds_wide_format(v, sizeof v, idx * 100, 9, 1);
			ds_gp_printf(&c->dat, "\t%s\n", v);
			last_euca = y;
			euca_last = idx * 100;
			if (idx * 100 > top)
				top = idx * 100;
		} else {
			ds_gp_printf(&c->dat, "\tNaN\n");
			if (y >= DS_CALC_BASE_YEAR && at + 16 < sizeof missing_years)
				at += (size_t)snprintf(missing_years + at,
						       sizeof missing_years - at, "%s%d (%zu)",
						       at ? ", " : "", y, lacking);
		}
	}
	if (points == 0 && last_euca == 0) {
		chart_nothing(c, "No real-terms figure: a figure or IMF real GDP is missing", 1100,
			      600);
		return chart_close(c);
	}
	if (asked > nm)
		chart_note(c, "The first %d of the %zu members asked for are drawn.", REAL_MAX,
			   asked);
	/* A line that stops, or is not drawn at all, says why. */
	for (size_t k = 0; k < nm; k++) {
		if (npts[k] == 0)
			chart_note(c,
				   "%s has no real-terms figure: no %% of GDP in this release, or "
				   "no IMF real GDP.",
				   ds->members[mem[k]].name);
		else if (last[k] < s->year_max)
			chart_note(c, "%s's line stops in %d: no real-terms figure after it.",
				   ds->members[mem[k]].name, last[k]);
	}
	if (missing_years[0])
		chart_note(c,
			   "NATO Europe and Canada has no point where a member lacks a figure: "
			   "%s (members lacking one).",
			   missing_years);
	/* The finding: where each line ends. */
	char alt[600] = "";
	size_t len = 0;
	for (size_t k = 0; k < nm && len + 1 < sizeof alt; k++) {
		struct ds_calc_money x;
		ds_calc_money(&c->calc, mem[k], c->year, &x);
		if (!x.real_index.has)
			continue;
		ratio_text(v, sizeof v, &x.real_index, 2, 1);
		int w = snprintf(alt + len, sizeof alt - len, "%s%s %s", len ? "; " : "",
				 ds->members[mem[k]].name, v);
		len += w > 0 ? (size_t)w : 0;
	}
	if (last_euca != 0 && len + 1 < sizeof alt) {
		ds_wide_format(v, sizeof v, euca_last, 9, 1);
		snprintf(alt + len, sizeof alt - len, "%sNATO Europe and Canada %s in %d",
			 len ? "; " : "", v, last_euca);
	}
	chart_alt(c, "Defence spending in real terms (%d = 100) in %d: %s.", DS_CALC_BASE_YEAR,
		  c->year, alt);
	char ymax[64];
	ds_wide_format(ymax, sizeof ymax, top + top / 10, 9, 0);
	ds_gp_printf(&c->gp,
		     "set xrange [%d.5:%d.5]\n"
		     "set xtics 1 nomirror rotate by 45 right\n"
		     "set border 3\n"
		     "set ytics nomirror\n"
		     "set grid ytics lc rgb '#dddddd'\n"
		     "set yrange [0:%s]\n"
		     "set ylabel 'index, %d = 100'\n"
		     "set key outside right top vertical samplen 2.5 spacing 1.3 noenhanced\n"
		     "set bmargin 6\n"
		     "set arrow 1 from graph 0, first 100 to graph 1, first 100 nohead dt 2 "
		     "lc rgb '#333333' back\n",
		     s->year_min - 1, s->year_max, ymax, DS_CALC_BASE_YEAR);
	chart_source(c, s, "Real: pct_gdp x IMF real GDP; Europe+Canada in 2014 $.");
	ds_gp_loop_begin(&c->gp, c->name, 1100, 650);
	ds_gp_printf(&c->gp, "    plot ");
	/* A series without a point is named in the key as such, never plotted:
	 * gnuplot would only warn about it. */
	for (size_t k = 0; k < nm; k++) {
		if (npts[k] == 0)
			ds_gp_printf(&c->gp, "keyentry with lines lt nodraw title (");
		else
			ds_gp_printf(&c->gp,
				     "ds_data using 1:%zu with linespoints lw 2 pt 7 ps 0.6 "
				     "lc rgb '%s' title (",
				     k + 2, line_color(k));
		ds_gp_quote(&c->gp, ds->members[mem[k]].name);
		ds_gp_printf(&c->gp, "%s), \\\n         ", npts[k] ? "" : " . ': no figure'");
	}
	if (last_euca != 0)
		ds_gp_printf(&c->gp,
			     "ds_data using 1:%zu with linespoints lw 3.5 dt 2 pt 5 ps 0.8 "
			     "lc rgb '#000000' title 'NATO Europe and Canada'",
			     nm + 2);
	else
		ds_gp_printf(&c->gp, "keyentry with lines lt nodraw "
				     "title 'NATO Europe and Canada: no figure'");
	for (size_t k = 0; k <= nm; k++) {
		char y[32];
		if (k < nm ? npts[k] == 0 : last_euca == 0)
			continue;
		snprintf(y, sizeof y, "$%zu", k + 2);
		ds_gp_printf(&c->gp, ", \\\n         ");
		ds_gp_printf(&c->gp,
			     "ds_data using 1:%zu:(sprintf('%%d: %%s', int($1), strcol(%zu))) "
			     "with labels hypertext point pt 7 ps 1.6 lc rgb '#FF000000' notitle",
			     k + 2, k + 2);
	}
	ds_gp_printf(&c->gp, "\n");
	ds_gp_loop_end(&c->gp);
	return chart_close(c);
}

/* One year of the burden chart: what it draws, or why not. */
struct burden_year {
	struct ds_calc_alliance a;
	int drawn;
};

int chart_burden(struct chart *c)
{
	const struct ds_series *s = c->ds->spending;
	uint32_t usa;
	if (!ds_strmap_get(&c->ds->by_iso3, "USA", 3, &usa)) {
		c->skip = "the data has no United States (USA)";
		return DS_ENOINPUT;
	}
	int last = ds_calc_latest_year(&c->calc);
	int first_year = s->year_min;
	size_t ny = last >= first_year && first_year ? (size_t)(last - first_year + 1) : 0;
	struct burden_year *b = calloc(ny ? ny : 1, sizeof *b);
	if (b == NULL)
		return ds_errors_nomem(c->err, NULL);
	size_t drawn = 0;
	ds_money max = 0;
	for (size_t i = 0; i < ny; i++) {
		ds_calc_alliance_year(&c->calc, first_year + (int)i, &b[i].a);
		b[i].drawn = b[i].a.complete && b[i].a.has_usa && b[i].a.nato > 0;
		drawn += b[i].drawn;
		if (b[i].drawn && b[i].a.nato > max)
			max = b[i].a.nato;
	}
	int rc = chart_open(c, "the United States against Europe and Canada in US dollars, "
			       "year by year");
	if (rc != DS_OK)
		goto out;
	char rel[160], title[320], eu[64], us[64], tot[64], share[64], low[64];
	chart_release_name(c, s, rel, sizeof rel);
	snprintf(title, sizeof title,
		 "Defence spending in US dollars: the United States and Europe with Canada "
		 "(%s)",
		 rel);
	chart_title(c, title);
	/* A year without a total is named at the foot of its empty column. */
	ds_wide_format(low, sizeof low, max / 20, 15, 1);
	ds_gp_printf(&c->dat, "# year\teurope_canada_usd_bn\tusa_usd_bn\ttotal_usd_bn\tlabel\t"
			      "hover\tnote_y\tnote\n");
	char incomplete[240] = "";
	size_t at = 0;
	const struct ds_calc_alliance *first = NULL, *latest = NULL;
	for (size_t i = 0; i < ny; i++) {
		const struct ds_calc_alliance *a = &b[i].a;
		int y = first_year + (int)i;
		if (!b[i].drawn) {
			ds_gp_printf(&c->dat,
				     "%d\tNaN\tNaN\tNaN\t\tNaN\t%s\tno total: %zu without $\n", y,
				     low, a->missing);
			if (at + 24 < sizeof incomplete)
				at += (size_t)snprintf(incomplete + at, sizeof incomplete - at,
						       "%s%d (%zu)", at ? ", " : "", y, a->missing);
			continue;
		}
		if (first == NULL)
			first = a;
		latest = a;
		/* Billions with one decimal: micro-dollars are 10^-15 of a billion. */
		ds_wide_format(eu, sizeof eu, a->europe, 15, 1);
		ds_wide_format(us, sizeof us, a->usa, 15, 1);
		ds_wide_format(tot, sizeof tot, a->nato, 15, 1);
		ds_wide_format_ratio(share, sizeof share, a->usa, a->nato, 2, 1);
		ds_gp_printf(&c->dat,
			     "%d\t%s\t%s\t%s\tUS %s%%\t%d: United States %s, Europe and Canada %s "
			     "billion US dollars (%zu of %zu members derived)\tNaN\t\n",
			     y, eu, us, tot, share, y, us, eu, a->derived, a->counted);
	}
	if (incomplete[0])
		chart_note(c,
			   "No bar where a member with a figure lacks dollars: %s (members "
			   "lacking them).",
			   incomplete);
	if (drawn == 0) {
		chart_nothing(c, "No year where every member has a dollar figure", 1100, 600);
		rc = chart_close(c);
		goto out;
	}
	ds_wide_format_ratio(share, sizeof share, first->usa, first->nato, 2, 1);
	ds_wide_format_ratio(tot, sizeof tot, latest->usa, latest->nato, 2, 1);
	chart_alt(c,
		  "The United States' share of NATO defence spending in US dollars: %s%% in %d, "
		  "%s%% in %d.",
		  share, first->year, tot, latest->year);
	char ymax[64];
	ds_wide_format(ymax, sizeof ymax, max + max / 8, 15, 0);
	/* From .2 before the first year: its share label, wider than its bar, keeps
	 * clear of the y axis's numbers. */
	ds_gp_printf(&c->gp,
		     "set xrange [%d.2:%d.5]\n"
		     "set xtics 1 nomirror rotate by 45 right\n"
		     "set border 3\n"
		     "set ytics nomirror\n"
		     "set grid ytics lc rgb '#dddddd'\n"
		     "set yrange [0:%s]\n"
		     "set ylabel 'billions of US dollars'\n"
		     "set key outside right top vertical samplen 1.5 spacing 1.3\n"
		     "set bmargin 6\n"
		     "set style fill solid 1.0 noborder\n"
		     "set boxwidth 0.7\n",
		     first_year - 1, last, ymax);
	chart_source(c, s, "Dollars: NATO's, else pct_gdp x IMF GDP.");
	ds_gp_loop_begin(&c->gp, c->name, 1100, 650);
	ds_gp_printf(
		&c->gp,
		"    plot ds_data using 1:4 with boxes lc rgb '%s' title 'United States', "
		"\\\n"
		"         ds_data using 1:2 with boxes lc rgb '%s' title 'Europe and Canada', "
		"\\\n"
		"         ds_data using 1:4:5 with labels offset 0, 0.8 font ',9' notitle, \\\n"
		"         ",
		chart_line_colors[1], chart_line_colors[0]);
	/* The words at the foot of a year without a total, when there is one. */
	if (incomplete[0])
		ds_gp_printf(&c->gp, "ds_data using 1:7:8 with labels rotate by 90 left font ',9' "
				     "textcolor rgb '#a33' notitle, \\\n         ");
	chart_hover(c, "$1", "$4", 6);
	ds_gp_printf(&c->gp, "\n");
	ds_gp_loop_end(&c->gp);
	rc = chart_close(c);
out:
	free(b);
	return rc;
}

int chart_aid_pct_gdp(struct chart *c)
{
	struct ds_dataset *ds = c->ds;
	if (!ds->has_aid || ds->naid == 0) {
		c->skip = "the data has no aid.csv";
		return DS_ENOINPUT;
	}
	const unsigned flag = DS_AID_PCT_FLAG(DS_AID_PCT_TOTAL);
	size_t n = 0, with = 0;
	struct chart_row *r = calloc(ds->naid + 2, sizeof *r);
	if (r == NULL)
		return ds_errors_nomem(c->err, NULL);
	for (size_t i = 0; i < ds->naid; i++) {
		const struct ds_aid *a = &ds->aid[i];
		if (a->member == DS_AID_NOT_MEMBER)
			continue; /* allies only, as `aid` by default */
		int has = (a->flags & flag) != 0;
		with += has;
		r[n++] = (struct chart_row){ .m = i,
					     .name = ds->members[a->member].name,
					     .has = has,
					     .key = a->pct_gdp[DS_AID_PCT_TOTAL] };
	}
	int rc = DS_OK;
	if (with == 0) {
		c->skip = "aid.csv has no total_pct_gdp figure";
		rc = DS_ENOINPUT;
		goto out;
	}
	chart_sort_rows(r, n);
	if ((rc = chart_open(c, "Ukraine aid by donor as % of the donor's GDP (Kiel's figure)")) !=
	    DS_OK)
		goto out;
	const char *cutoff = ds_dataset_str(ds, ds->aid[0].cutoff);
	char title[320], v[48], w[48];
	snprintf(title, sizeof title, "Aid to Ukraine as %% of the donor's GDP, allocations to %s",
		 cutoff != NULL && *cutoff ? cutoff : "the tracker's cut-off");
	chart_title(c, title);
	ds_num_format_fixed(v, sizeof v, r[0].key, DS_PCT_DECIMALS, 3);
	ds_num_format_fixed(w, sizeof w, r[with - 1].key, DS_PCT_DECIMALS, 3);
	chart_alt(c,
		  "Relative to its economy, %s has given Ukraine the most among the allies, %s%% "
		  "of its GDP; %s the least, %s%%.",
		  r[0].name, v, r[with - 1].name, w);
	size_t shown = chart_rows_bound(c, r, n, "donors");
	int32_t max = 0;
	ds_gp_printf(&c->dat, "# row\tpct_gdp\tsel\tlabel\thover\n");
	for (size_t i = 0; i < shown; i++) {
		ds_gp_printf(&c->dat, "%d\t", r[i].row);
		if (r[i].sep || !r[i].has) {
			ds_gp_printf(&c->dat, "NaN\tNaN\t%s\tNaN\n", r[i].sep ? "" : "not tracked");
			continue;
		}
		int32_t p = (int32_t)r[i].key;
		if (p > max)
			max = p;
		ds_num_format_fixed(v, sizeof v, p, DS_PCT_DECIMALS, 3);
		ds_gp_printf(&c->dat, "%s\t0\t%s%%\t%s%% of GDP (Kiel's own ratio)\n", v, v, v);
	}
	char xmax[48];
	ds_num_format_fixed(xmax, sizeof xmax, (int64_t)max + max / 10 + 1, DS_PCT_DECIMALS, 3);
	bar_axes(c, shown, "% of the donor''s GDP (Kiel Institute)", xmax, 8);
	if ((rc = chart_rows_tics(c, r, shown)) != DS_OK)
		goto out;
	char src[300];
	snprintf(src, sizeof src,
		 "Source: Kiel Institute, Ukraine Support Tracker, data to %s; %% of GDP as Kiel "
		 "computes it, with its own GDP figures.",
		 cutoff != NULL ? cutoff : "");
	chart_source_text(c, src);
	ds_gp_loop_begin(&c->gp, c->name, 1100, chart_rows_height(shown));
	ds_gp_printf(&c->gp, "    plot ");
	bar_series(c, 3, 0, chart_line_colors[2], "bilateral allocations, % of GDP");
	chart_value_labels(c, xmax, 4);
	ds_gp_printf(&c->gp, ", \\\n         ");
	chart_hover(c, "$2", "$1", 5);
	ds_gp_printf(&c->gp, "\n");
	ds_gp_loop_end(&c->gp);
	rc = chart_close(c);
out:
	free(r);
	return rc;
}
