/*
 * report_index.c - the report's two indexes, index.html and index.md: the
 * page a reader opens (report_priv.h).
 *
 * The page opens with a headline in words and numbers, computed from the
 * data for the year shown: how many members report, how many meet each
 * threshold, the highest and lowest, the change since the base year and
 * the release.  Then each chart as a figure: its title in words, the image
 * (alt text stating its finding), a caption saying what it shows, its
 * notes and its source, and links to its SVG (exact values on hover),
 * script and data.  Without rendered images (--render none, or no
 * gnuplot) a chart shows no <img> at all, never a broken one, and says how
 * to draw it.  Then the tables, with headers a person reads ("Gap to 2%
 * (points)", "yes"/"no"); their CSV files keep the machine names.
 *
 * The page is responsive with no external resource (it opens from disk,
 * offline): a viewport tag, images that scale to the page (and keep a
 * legible size on a phone, scrolling sideways in their own box), and wide
 * tables that scroll inside their own box.  Every text from the data goes
 * through ds_table_html_escape(); the Markdown index escapes the characters
 * Markdown and HTML give meaning to.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "defspend/calc.h"
#include "defspend/fill.h"
#include "defspend/load.h"
#include "defspend/num.h"
#include "defspend/plot.h"
#include "report_priv.h"

/* ---- text helpers ---- */

static void html(struct ds_atomic *a, const char *text)
{
	if (a->f != NULL)
		(void)ds_table_html_escape(a->f, text);
}

/* Markdown text: characters that would start markup or HTML are escaped. */
static void md(struct ds_atomic *a, const char *text)
{
	for (const char *p = text; *p; p++) {
		if (*p == '<')
			ds_atomic_printf(a, "&lt;");
		else if (*p == '>')
			ds_atomic_printf(a, "&gt;");
		else if (*p == '&')
			ds_atomic_printf(a, "&amp;");
		else if (strchr("\\`*_[]|#", *p) != NULL)
			ds_atomic_printf(a, "\\%c", *p);
		else if ((unsigned char)*p < 0x20)
			ds_atomic_printf(a, " ");
		else
			ds_atomic_printf(a, "%c", *p);
	}
}

/* Both indexes at once: the same words in each. */
struct out {
	struct ds_atomic *md, *html;
};

static void both(struct out *o, const char *text)
{
	md(o->md, text);
	html(o->html, text);
}

static void pct_text(char *buf, size_t size, int64_t pct, int dec)
{
	if (ds_num_format_fixed(buf, size, pct, DS_PCT_DECIMALS, dec) < 0)
		snprintf(buf, size, "?");
}

/* ---- the headline ---- */

/* The member(s) at the extreme figure: "Poland" or "Belgium, Czechia and 4 others". */
static void extreme_names(const struct ds_dataset *ds, const struct ds_calc_member *cm, size_t n,
			  int32_t pct, char *buf, size_t size)
{
	size_t count = 0, at = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (!cm[i].has_pct || cm[i].pct != pct)
			continue;
		if (count < 2 && at + 1 < size) {
			int w = snprintf(buf + at, size - at, "%s%s", count ? ", " : "",
					 ds->members[i].name);
			at += w > 0 ? (size_t)w : 0;
		}
		count++;
	}
	if (count > 2 && at + 1 < size)
		snprintf(buf + at, size - at, " and %zu other%s", count - 2, count == 3 ? "" : "s");
}

/* The numbers the headline states, computed once for both indexes. */
struct headline {
	int year, base_year;
	struct ds_calc_year now, then;
	int has_then;
	int32_t hi, lo;
	int hi_dec, lo_dec;
	char hi_names[200], lo_names[200];
};

static int headline_compute(const struct ds_dataset *ds, const struct ds_report_opts *o,
			    struct ds_calc *calc, struct headline *h)
{
	memset(h, 0, sizeof *h);
	h->year = o->chart.year ? o->chart.year : ds_calc_latest_year(calc);
	h->base_year = calc->base_year;
	ds_calc_year_summary(calc, h->year, &h->now);
	if (h->base_year < h->year) {
		ds_calc_year_summary(calc, h->base_year, &h->then);
		h->has_then = h->then.reporting > 0;
	}
	size_t n = ds->nmembers;
	struct ds_calc_member *cm = calloc(n ? n : 1, sizeof *cm);
	if (cm == NULL || ds_calc_year_members(calc, h->year, cm) != DS_OK) {
		free(cm);
		return DS_ENOMEM;
	}
	int first = 1;
	for (size_t i = 0; i < n; i++) {
		if (!cm[i].has_pct)
			continue;
		if (first || cm[i].pct > h->hi)
			h->hi = cm[i].pct, h->hi_dec = cm[i].pct_dec;
		if (first || cm[i].pct < h->lo)
			h->lo = cm[i].pct, h->lo_dec = cm[i].pct_dec;
		first = 0;
	}
	if (!first) {
		extreme_names(ds, cm, n, h->hi, h->hi_names, sizeof h->hi_names);
		extreme_names(ds, cm, n, h->lo, h->lo_names, sizeof h->lo_names);
	}
	free(cm);
	return DS_OK;
}

/* "22 spend at least 2% of GDP, 3 at least 3.5% and none 5%." */
static void thresholds_sentence(struct out *o, const struct ds_calc *calc,
				const struct ds_calc_year *y, const char *verb)
{
	for (size_t t = 0; t < calc->nth; t++) {
		char part[96];
		const char *sep = t == 0 ? "" : t + 1 == calc->nth ? " and " : ", ";
		if (y->meeting[t] == 0 && t == 0)
			snprintf(part, sizeof part, "none %s at least %s%% of GDP", verb,
				 calc->th[t].label);
		else if (y->meeting[t] == 0)
			snprintf(part, sizeof part, "%snone %s%%", sep, calc->th[t].label);
		else
			snprintf(part, sizeof part, "%s%zu %s%s%s%%%s", sep, y->meeting[t],
				 t == 0 ? verb : "", t == 0 ? " at least " : "at least ",
				 calc->th[t].label, t == 0 ? " of GDP" : "");
		both(o, part);
	}
	both(o, ".");
}

static void headline_words(struct out *o, const struct ds_dataset *ds, const struct ds_calc *calc,
			   const struct headline *h)
{
	char buf[1200];
	const struct ds_series *s = ds->spending;
	int r = s->id != NULL ? ds_dataset_find_release(ds, s->id) : -1;
	if (r >= 0)
		snprintf(buf, sizeof buf,
			 "In %d, %zu of %zu members have a figure in NATO release %s (%s, "
			 "published %s)%s. ",
			 h->year, h->now.reporting, h->now.members, ds->releases[r].id,
			 ds->releases[r].title, ds->releases[r].published,
			 s->nfilled > 0 ? " or, where it has none, in the newest other release of "
					  "its basis (--fill)"
					: "");
	else
		snprintf(buf, sizeof buf, "In %d, %zu of %zu members have a figure in %s. ",
			 h->year, h->now.reporting, h->now.members,
			 s->path != NULL ? "the spending file given" : "the data");
	both(o, buf);
	if (h->now.reporting == 0)
		return;
	thresholds_sentence(o, calc, &h->now, "spend");
	char hi[32], lo[32];
	pct_text(hi, sizeof hi, h->hi, h->hi_dec);
	pct_text(lo, sizeof lo, h->lo, h->lo_dec);
	snprintf(buf, sizeof buf, " Highest: %s, %s%% of GDP; lowest: %s, %s%%.", h->hi_names, hi,
		 h->lo_names, lo);
	both(o, buf);
	if (h->has_then && calc->nth > 0) {
		long d = (long)h->now.meeting[0] - (long)h->then.meeting[0];
		snprintf(buf, sizeof buf,
			 " Since %d, when %zu of %zu reporting members spent at least %s%%, that "
			 "count has %s %ld.",
			 h->base_year, h->then.meeting[0], h->then.reporting, calc->th[0].label,
			 d >= 0 ? "risen by" : "fallen by", d >= 0 ? d : -d);
		both(o, buf);
	}
}

/* The same numbers as a row of facts (HTML only: the Markdown has the sentence). */
static void headline_facts(struct ds_atomic *a, const struct ds_calc *calc,
			   const struct headline *h)
{
	ds_atomic_printf(a,
			 "<ul class=facts>\n<li><strong>%zu of %zu</strong> members report a %d "
			 "figure</li>\n",
			 h->now.reporting, h->now.members, h->year);
	for (size_t t = 0; t < calc->nth && h->now.reporting > 0; t++)
		ds_atomic_printf(a, "<li><strong>%zu</strong> at or above %s%%</li>\n",
				 h->now.meeting[t], calc->th[t].label);
	if (h->now.reporting > 0) {
		char hi[32], lo[32];
		pct_text(hi, sizeof hi, h->hi, h->hi_dec);
		pct_text(lo, sizeof lo, h->lo, h->lo_dec);
		ds_atomic_printf(a, "<li><strong>%s%%</strong> highest: ", hi);
		html(a, h->hi_names);
		ds_atomic_printf(a, "</li>\n<li><strong>%s%%</strong> lowest: ", lo);
		html(a, h->lo_names);
		ds_atomic_printf(a, "</li>\n");
	}
	ds_atomic_printf(a, "</ul>\n");
}

/* ---- the page ---- */

static const char style[] =
	"body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;"
	"line-height:1.45;color:#222;max-width:1180px;margin:0 auto;padding:0 1rem 2rem}\n"
	"h1{font-size:1.6rem;margin:1rem 0 .3rem}h2{margin-top:2rem;border-bottom:2px solid "
	"#ddd}\n"
	"h3{margin:.2rem 0}.lead{font-size:1.08rem;max-width:62rem}\n"
	".facts{display:flex;flex-wrap:wrap;gap:.5rem;padding:0;list-style:none}\n"
	".facts li{background:#f2f4f7;border-radius:6px;padding:.35rem .7rem}\n"
	".facts strong{display:block;font-size:1.25rem}\n"
	"nav a{margin-right:1rem}\n"
	"figure{margin:1.5rem 0;padding-top:.6rem;border-top:1px solid #e3e3e3}\n"
	".chart{overflow-x:auto;max-width:100%}\n"
	".chart img{display:block;max-width:100%;height:auto;border:1px solid #eee}\n"
	"figcaption{color:#444;font-size:.95rem;max-width:62rem}\n"
	".todo{background:#fff8e6;border:1px solid #f0d58a;padding:.5rem .8rem}\n"
	".scroll{overflow-x:auto;max-width:100%;margin-bottom:1.5rem}\n"
	"table{border-collapse:collapse;font-size:.88rem}\n"
	"th,td{border:1px solid #ddd;padding:2px 6px;white-space:nowrap}\n"
	"th{background:#f2f4f7;text-align:left}\n"
	"td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}\n"
	".skip{color:#a33}code{background:#f2f4f7;padding:0 .2em}.hint{display:none}\n"
	".note{color:#444;font-size:.95rem;max-width:62rem;margin-top:-1rem}\n"
	"@media (max-width:760px){.chart img{max-width:none;width:760px}"
	"h1{font-size:1.3rem}.hint{display:block;color:#666;font-size:.9rem}}\n";

/*
 * The sentence about other releases: with --fill, how many figures were
 * filled from which; without, whether other releases of the same basis
 * have figures this one lacks (advice only: a release that cannot be read
 * leaves it out).  "" when there is nothing to say.
 */
static void fill_line(struct ds_dataset *ds, int year, char *buf, size_t size)
{
	const struct ds_series *s = ds->spending;
	size_t cap = ds->nreleases ? ds->nreleases : 1, n = 0, lacking = 0;
	struct ds_fill_source *v = calloc(cap, sizeof *v);
	/* The headline's year: "7 members have no 2025 figure in release 2025-08; ..." */
	struct ds_fill_scope scope = { year, year, NULL, 0 };
	buf[0] = '\0';
	if (v == NULL || s->year_min == 0 || year == 0) {
		free(v);
		return;
	}
	if (s->nfilled > 0) {
		ds_fill_sources(ds, s, &scope, v, cap, &n);
		ds_fill_text_filled(ds, v, n, buf, size);
	} else {
		struct ds_errors err;
		ds_errors_init(&err);
		if (ds_dataset_fill_preview(ds, &scope, &lacking, v, cap, &n, &err) == DS_OK)
			ds_fill_text_hint(ds, s->id ? s->id : "", &scope, lacking, v, n, buf, size);
		ds_errors_release(&err);
	}
	free(v);
}

static void page_head(struct out *o, const struct ds_dataset *ds, const struct ds_calc *calc,
		      const struct headline *h, const char *fill)
{
	char title[200];
	snprintf(title, sizeof title, "NATO members' defence spending, %d", h->year);
	ds_atomic_printf(o->html,
			 "<!DOCTYPE html>\n<html lang=en>\n<head>\n<meta charset=utf-8>\n"
			 "<meta name=viewport content=\"width=device-width, initial-scale=1\">\n"
			 "<title>%s: defspend report</title>\n<style>\n%s</style>\n</head>\n"
			 "<body>\n<header>\n<h1>%s</h1>\n<p class=lead>",
			 title, style, title);
	ds_atomic_printf(o->md, "# %s\n\n", title);
	headline_words(o, ds, calc, h);
	if (*fill != '\0') {
		both(o, " ");
		both(o, fill);
		both(o, ".");
	}
	ds_atomic_printf(o->html, "</p>\n");
	ds_atomic_printf(o->md, "\n\n");
	headline_facts(o->html, calc, h);
	ds_atomic_printf(
		o->html,
		"<nav><a href=\"#charts\">Charts</a> <a href=\"#tables\">Tables</a></nav>\n"
		"</header>\n<main>\n<h2 id=charts>Charts</h2>\n"
		"<p class=hint>On a small screen each chart scrolls sideways in its box; "
		"tap a chart to open it full size.</p>\n");
	ds_atomic_printf(o->md, "Each table is also in CSV; each chart has its gnuplot script "
				"(`NAME.gp`) and data (`NAME.dat`).\n\n## Charts\n\n");
}

/* The caption: what the chart shows, its notes, its source. */
static void caption(struct out *o, const struct ds_chart_info *in)
{
	if (in->what[0] != '\0') {
		char first[220];
		snprintf(first, sizeof first, "Shows %s. ", in->what);
		both(o, first);
	}
	if (in->notes[0] != '\0') {
		both(o, in->notes);
		both(o, " ");
	}
	both(o, in->source);
}

static void chart_figure(struct out *o, const struct ds_report_item *it,
			 const struct ds_chart_info *in, unsigned formats)
{
	const char *n = it->name;
	const char *img = (formats & DS_RENDER_PNG) ? "png" : "svg";
	const char *title = in->title[0] ? in->title : n;
	ds_atomic_printf(o->html, "<figure id=chart-%s>\n<h3>", n);
	html(o->html, title);
	ds_atomic_printf(o->html, "</h3>\n");
	ds_atomic_printf(o->md, "### ");
	md(o->md, title);
	ds_atomic_printf(o->md, "\n\n");
	if (formats != 0) {
		ds_atomic_printf(o->html,
				 "<div class=chart><a href=\"%s.%s\"><img src=\"%s.%s\" alt=\"", n,
				 img, n, img);
		html(o->html, in->alt[0] ? in->alt : title);
		ds_atomic_printf(o->html, "\"></a></div>\n");
		ds_atomic_printf(o->md, "![");
		md(o->md, in->alt[0] ? in->alt : title);
		ds_atomic_printf(o->md, "](%s.%s)\n\n", n, img);
	} else {
		static const char todo[] =
			"Not drawn: this report was written without rendering (--render none, "
			"or gnuplot was not installed). To draw it, install gnuplot (Debian "
			"package gnuplot-nox) and run defspend report again, or run gnuplot on "
			"the script in this directory: ";
		ds_atomic_printf(o->html, "<p class=todo>");
		html(o->html, todo);
		ds_atomic_printf(o->html, "<code>gnuplot %s.gp</code>. ", n);
		html(o->html, in->alt);
		ds_atomic_printf(o->html, "</p>\n");
		ds_atomic_printf(o->md, "%s`gnuplot %s.gp`. ", todo, n);
		md(o->md, in->alt);
		ds_atomic_printf(o->md, "\n\n");
	}
	ds_atomic_printf(o->html, "<figcaption>");
	caption(o, in);
	ds_atomic_printf(o->html, "<br>");
	if (formats & DS_RENDER_SVG)
		ds_atomic_printf(o->html, "<a href=\"%s.svg\">SVG (exact values on hover)</a> · ",
				 n);
	ds_atomic_printf(o->html,
			 "<a href=\"%s.gp\">gnuplot script</a> · <a href=\"%s.dat\">data</a>"
			 "</figcaption>\n</figure>\n",
			 n, n);
	ds_atomic_printf(o->md, "\n\n");
	if (formats & DS_RENDER_SVG)
		ds_atomic_printf(o->md, "[SVG](%s.svg) · ", n);
	ds_atomic_printf(o->md, "[script](%s.gp) · [data](%s.dat)\n\n", n, n);
}

static void charts_section(struct out *o, const struct ds_report *rep, unsigned formats)
{
	for (size_t i = 0; i < rep->ncharts; i++) {
		const struct ds_report_item *it = &rep->charts[i];
		if (it->skip == NULL) {
			chart_figure(o, it, &rep->info[i], formats);
			continue;
		}
		ds_atomic_printf(o->md, "### %s\n\nSkipped: ", it->name);
		md(o->md, it->skip);
		ds_atomic_printf(o->md, ".\n\n");
		ds_atomic_printf(o->html, "<h3>%s</h3>\n<p class=skip>Skipped: ", it->name);
		html(o->html, it->skip);
		ds_atomic_printf(o->html, ".</p>\n");
	}
}

static void tables_section(struct out *o, const struct ds_report *rep, struct ds_table *const *t,
			   int *md_bad, int *html_bad)
{
	ds_atomic_printf(o->md, "## Tables\n\n");
	ds_atomic_printf(o->html, "<h2 id=tables>Tables</h2>\n");
	for (size_t i = 0; i < rep->ntables; i++) {
		const char *title = rep->tables[i].title;
		ds_atomic_printf(o->md, "### %s\n\n", title);
		ds_atomic_printf(o->html, "<h3>%s</h3>\n", title);
		if (t[i] == NULL) {
			ds_atomic_printf(o->md, "Skipped: ");
			md(o->md, rep->tables[i].skip);
			ds_atomic_printf(o->md, ".\n\n");
			ds_atomic_printf(o->html, "<p class=skip>Skipped: ");
			html(o->html, rep->tables[i].skip);
			ds_atomic_printf(o->html, ".</p>\n");
			continue;
		}
		struct ds_table *h = ds_report_humanize(t[i]);
		if (h == NULL) {
			*md_bad = *html_bad = 1;
			continue;
		}
		ds_atomic_printf(o->md, "[CSV](%s.csv)\n\n", rep->tables[i].name);
		if (o->md->f != NULL && ds_table_write(h, DS_FORMAT_MD, NULL, o->md->f) != 0)
			*md_bad = 1;
		/* What the derived columns are, as in NAME.md. */
		const char *note = rep->tables[i].note;
		if (note != NULL) {
			ds_atomic_printf(o->md, "\n");
			md(o->md, note);
			ds_atomic_printf(o->md, "\n");
		}
		ds_atomic_printf(o->md, "\n");
		ds_atomic_printf(o->html,
				 "<p><a href=\"%s.csv\">CSV</a> (machine column names)</p>\n"
				 "<div class=scroll>\n",
				 rep->tables[i].name);
		if (o->html->f != NULL && ds_table_write(h, DS_FORMAT_HTML, NULL, o->html->f) != 0)
			*html_bad = 1;
		ds_atomic_printf(o->html, "</div>\n");
		if (note != NULL) {
			ds_atomic_printf(o->html, "<p class=note>");
			html(o->html, note);
			ds_atomic_printf(o->html, "</p>\n");
		}
		ds_table_free(h);
	}
	ds_atomic_printf(o->html, "</main>\n</body>\n</html>\n");
}

int ds_report_index(const char *dir, struct ds_dataset *ds, const struct ds_report_opts *opts,
		    const struct ds_report *rep, struct ds_table *const *t, struct ds_errors *err)
{
	struct ds_calc calc;
	struct headline h;
	if (ds_calc_init(&calc, ds, ds->spending, opts->chart.thresholds, opts->chart.nthresholds,
			 0, 0) != DS_OK)
		return ds_errors_add(err, DS_EUSAGE, NULL, 0, 0, "bad thresholds");
	if (headline_compute(ds, opts, &calc, &h) != DS_OK)
		return ds_errors_nomem(err, NULL);
	struct ds_atomic mda, htmla;
	int md_bad = 0, html_bad = 0;
	if (ds_report_open_in(&mda, dir, "index.md") != DS_OK)
		return ds_errors_add(err, DS_ECANTCREAT, NULL, 0, 0, "cannot write in '%s'", dir);
	if (ds_report_open_in(&htmla, dir, "index.html") != DS_OK) {
		ds_atomic_abort(&mda);
		return ds_errors_add(err, DS_ECANTCREAT, NULL, 0, 0, "cannot write in '%s'", dir);
	}
	struct out o = { &mda, &htmla };
	char fill[512];
	fill_line(ds, h.year, fill, sizeof fill);
	page_head(&o, ds, &calc, &h, fill);
	charts_section(&o, rep, opts->formats);
	tables_section(&o, rep, t, &md_bad, &html_bad);
	int a = ds_report_finish(&mda, md_bad);
	int e = errno;
	int b = ds_report_finish(&htmla, html_bad);
	if (b != DS_OK)
		e = errno;
	if (a != DS_OK || b != DS_OK)
		return ds_errors_add(err, DS_EIO, NULL, 0, 0,
				     "cannot write the indexes in '%s': %s", dir, strerror(e));
	return DS_OK;
}
