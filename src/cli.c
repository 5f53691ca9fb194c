/*
 * cli.c - helpers of the front end (see cli.h).
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cli_progress.h"
#include "defspend/basis.h"
#include "defspend/journal.h"
#include "defspend/input.h"
#include "defspend/load.h"
#include "defspend/lookup.h"
#include "defspend/num.h"
#include "defspend/session.h"
#include "defspend/text.h"
#include "defspend/utf8.h"

const char ds_cli_global_options[] =
	"--data PATH\tthe data directory, or one spending CSV on its own ('-': standard input)\n"
	"--release ID\tanswer from that release alone (see 'releases')\n"
	"--fill\tfill what the release lacks from the newest other release of its basis\n"
	"--year YEAR\tthe year of the query (default: the latest year with figures)\n"
	"-t, --threshold LIST\tthe thresholds in % of GDP (default 2,3.5,5)\n"
	"--format table|csv|tsv|json|md\tthe output format (default table)\n"
	"--columns LIST\tonly these columns of the table, in this order (names as in csv)\n"
	"--wide\tnever fit tables to the terminal's width\n"
	"--color auto|always|never\tcolour in tables (default auto: a terminal, no NO_COLOR)\n"
	"-q, --quiet\tno notes or footers around the tables, no progress line\n"
	"-h, --help\tshow the usage (after a command: that command's)\n"
	"-V, --version\tprint the name and version\n";

void ds_cli_warn(const char *fmt, ...)
{
	/* One write when it fits, so that a reader of stderr (or another
	 * process writing there) never sees half a message. */
	char msg[1024];
	va_list ap;
	ds_cli_progress_end();
	va_start(ap, fmt);
	int n = vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < sizeof msg) {
		fprintf(stderr, "%s: %s\n", DS_PROG, msg);
		return;
	}
	fprintf(stderr, "%s: ", DS_PROG);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int ds_cli_nomem(void)
{
	ds_cli_warn("%s", ds_status_text(DS_ENOMEM));
	return DS_ENOMEM;
}

void ds_cli_print_usage(const char *synopsis, FILE *out)
{
	fprintf(out, "usage: %s %s\n", DS_PROG, synopsis);
}

int ds_cli_usage(const struct ds_cli *cli, const char *fmt, ...)
{
	va_list ap;
	ds_cli_progress_end();
	fprintf(stderr, "%s: ", DS_PROG);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (cli->synopsis != NULL)
		ds_cli_print_usage(cli->synopsis, stderr);
	else
		fprintf(stderr, "usage: %s [--data PATH] COMMAND [ARGS]  (see '%s help')\n",
			DS_PROG, DS_PROG);
	return DS_EUSAGE;
}

int ds_cli_report(struct ds_errors *err)
{
	ds_cli_progress_end();
	ds_errors_print(err, DS_PROG, stderr);
	return ds_errors_status(err) ? ds_errors_status(err) : DS_ESOFTWARE;
}

int ds_cli_need_data(const struct ds_cli *cli)
{
	const struct ds_datadir *d = &cli->datadir;
	if (d->origin != DS_DATADIR_NONE || cli->data != d->path)
		return DS_OK;
	fprintf(stderr, "%s: no data found; looked in:\n", DS_PROG);
	for (size_t i = 0; i < d->ntried; i++) {
		const struct ds_datadir_tried *t = &d->tried[i];
		if (t->path != NULL)
			fprintf(stderr, "  %s: %s (%s)\n", ds_datadir_origin_name(t->origin),
				t->path, t->why);
		else
			fprintf(stderr, "  %s: %s\n", ds_datadir_origin_name(t->origin), t->why);
	}
	fprintf(stderr,
		"%s: give --data PATH (a data directory or one spending CSV), or install the data "
		"with 'make install' in the checkout\n",
		DS_PROG);
	return DS_ENOINPUT;
}

int ds_cli_lock_timeout(long *ms)
{
	const char *env = getenv("DEFSPEND_LOCK_TIMEOUT");
	int64_t v;
	*ms = 10000;
	if (env == NULL || *env == '\0')
		return DS_OK;
	if (ds_num_parse_fixed(env, strlen(env), 3, 0, &v, NULL) != DS_NUM_OK || v > 3600000) {
		ds_cli_warn("DEFSPEND_LOCK_TIMEOUT '%s' is not a number of seconds from 0 to 3600 "
			    "(e.g. 2.5)",
			    env);
		return DS_EUSAGE;
	}
	*ms = (long)v;
	return DS_OK;
}

/* The reader's lock of the data a command reads, held until ds_cli_unlock_data(). */
static struct ds_lock read_lock = DS_LOCK_INIT;

void ds_cli_unlock_data(void)
{
	ds_lock_release(&read_lock);
}

/*
 * Before any data is read: a commit in progress is waited for, an
 * interrupted update finished, and the shared lock kept while the command
 * reads (session.h).
 */
static int lock_data(const char *data)
{
	long ms;
	int rc = ds_cli_lock_timeout(&ms);
	if (rc != DS_OK)
		return rc;
	ds_cli_unlock_data();
	struct ds_errors err;
	ds_errors_init(&err);
	int recovered = 0;
	rc = ds_session_read_lock(data, ms, &read_lock, &recovered, &err);
	if (rc != DS_OK)
		rc = ds_cli_report(&err);
	else if (recovered == DS_JOURNAL_FINISHED)
		ds_cli_warn("finished an interrupted update of '%s'", data);
	else if (recovered == DS_JOURNAL_ROLLED_BACK)
		ds_cli_warn("rolled back an interrupted update of '%s'", data);
	ds_errors_release(&err);
	return rc;
}

int ds_cli_read_stdin(struct ds_cli *cli)
{
	if (cli->stdin_data != NULL || cli->data == NULL || !ds_input_is_stdin(cli->data))
		return DS_OK;
	struct ds_errors err;
	ds_errors_init(&err);
	int rc = ds_input_read(cli->data, &cli->stdin_data, &cli->stdin_len, &err);
	if (rc != DS_OK)
		rc = ds_cli_report(&err);
	ds_errors_release(&err);
	return rc;
}

int ds_cli_threads(size_t *parts)
{
	const char *env = getenv("DEFSPEND_THREADS");
	long n;
	*parts = 0;
	if (env == NULL || *env == '\0')
		return DS_OK;
	if (ds_num_parse_long(env, strlen(env), 1, 64, &n) != DS_NUM_OK) {
		ds_cli_warn("DEFSPEND_THREADS '%s' is not a number from 1 to 64", env);
		return DS_EUSAGE;
	}
	*parts = (size_t)n;
	return DS_OK;
}

int ds_cli_load(const struct ds_cli *cli, int all_releases, struct ds_dataset **out)
{
	*out = NULL;
	int rc = ds_cli_need_data(cli);
	size_t parts = 0;
	if (rc == DS_OK)
		rc = ds_cli_threads(&parts);
	/* Standard input is nobody's to change: no lock to take. */
	if (rc == DS_OK && !ds_input_is_stdin(cli->data))
		rc = lock_data(cli->data);
	if (rc != DS_OK)
		return rc;
	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_load_opts opts = { .release = cli->release,
				     .all_releases = all_releases,
				     .parts = parts,
				     .fill = cli->fill,
				     .names = cli->names_dir,
				     .keep = cli->keep.n > 0 ? &cli->keep : NULL };
	const char *path = cli->data;
	if (ds_input_is_stdin(path)) {
		/* Read by main.c before the command ran (ds_cli_read_stdin). */
		opts.data = cli->stdin_data != NULL ? cli->stdin_data : "";
		opts.len = cli->stdin_len;
		path = DS_STDIN_NAME;
	}
	rc = ds_dataset_load(path, &opts, out, &err);
	if (rc != DS_OK)
		rc = ds_cli_report(&err);
	ds_errors_release(&err);
	if (rc == DS_OK && cli->release != NULL) {
		/* The targets are defined on NATO's definition of defence
		 * expenditure; a release on another basis still gets compared,
		 * but never silently. */
		const char *basis = ds_basis_of(*out, cli->release);
		if (!ds_basis_is_nato(basis))
			ds_cli_warn(
				"release '%s' measures %s, not defence expenditure as NATO defines it: "
				"its figures are compared with the targets all the same",
				cli->release, basis);
	}
	return rc;
}

static void drop_args(struct ds_cli *cli, int at, int count)
{
	for (int i = at; i + count <= cli->argc; i++)
		cli->argv[i] = cli->argv[i + count];
	cli->argc -= count;
}

int ds_cli_take_value(struct ds_cli *cli, const char *name, const char **value)
{
	size_t len = strlen(name);
	int found = 0;
	for (int i = 0; i < cli->argc; i++) {
		const char *a = cli->argv[i];
		if (strcmp(a, "--") == 0)
			break;
		if (strcmp(a, name) == 0) {
			if (i + 1 >= cli->argc)
				return ds_cli_usage(cli, "option '%s' needs a value", name);
			*value = cli->argv[i + 1];
			drop_args(cli, i, 2);
			found = 1;
			i--;
		} else if (strncmp(a, name, len) == 0 && a[len] == '=') {
			*value = a + len + 1;
			drop_args(cli, i, 1);
			found = 1;
			i--;
		}
	}
	return found;
}

int ds_cli_take_flag(struct ds_cli *cli, const char *name)
{
	int found = 0;
	for (int i = 0; i < cli->argc; i++) {
		if (strcmp(cli->argv[i], "--") == 0)
			break;
		if (strcmp(cli->argv[i], name) == 0) {
			drop_args(cli, i, 1);
			found = 1;
			i--;
		}
	}
	return found;
}

int ds_cli_parse_year(const struct ds_cli *cli, const char *opt, const char *text, int *year)
{
	long y;
	if (ds_num_parse_long(text, strlen(text), DS_YEAR_MIN, DS_YEAR_MAX, &y) != DS_NUM_OK)
		return ds_cli_usage(cli, "%s '%s' is not a year from %d to %d", opt, text,
				    DS_YEAR_MIN, DS_YEAR_MAX);
	*year = (int)y;
	return DS_OK;
}

/* Collects the option names of entries ("-t, --threshold LIST\t...") into names[]. */
static size_t option_names(const char *entries, char (*names)[40], size_t max, size_t n)
{
	const char *p = entries;
	while (p != NULL && *p != '\0' && n < max) {
		size_t line = strcspn(p, "\n");
		const char *q = p;
		while (*q == '-' && n < max) {
			size_t w = strcspn(q, " ,\t\n");
			if (w < 40) {
				memcpy(names[n], q, w);
				names[n++][w] = '\0';
			}
			q += w;
			if (*q != ',')
				break;
			q += strspn(q, ", ");
		}
		p += line + (p[line] == '\n');
	}
	return n;
}

#define MAX_OPTIONS 160

const char *ds_cli_nearest_option(const char *typed, const char *entries, char *buf, size_t size)
{
	char names[MAX_OPTIONS][40];
	const char *ptr[MAX_OPTIONS];
	char name[64];
	/* "--frmat=csv" is the option "--frmat". */
	size_t tl = strcspn(typed, "=");
	if (tl >= sizeof name)
		return NULL;
	memcpy(name, typed, tl);
	name[tl] = '\0';
	size_t n = option_names(entries, names, MAX_OPTIONS, 0);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(names[i], name) == 0 && strlen(name) < size) {
			memcpy(buf, name, strlen(name) + 1); /* known as it is */
			return buf;
		}
		ptr[i] = names[i];
	}
	const char *best = ds_text_nearest(name, ptr, n);
	if (best == NULL || strlen(best) >= size)
		return NULL;
	memcpy(buf, best, strlen(best) + 1);
	return buf;
}

int ds_cli_unknown(const struct ds_cli *cli, const char *what, const char *typed,
		   const char *const *cands, size_t n, const char *known)
{
	const char *best = ds_text_nearest(typed, cands, n);
	char hint[160] = "";
	if (best != NULL)
		snprintf(hint, sizeof hint, "; did you mean '%s'?", best);
	if (known != NULL)
		return ds_cli_usage(cli, "unknown %s '%s'%s (%s)", what, typed, hint, known);
	return ds_cli_usage(cli, "unknown %s '%s'%s", what, typed, hint);
}

int ds_cli_no_options(const struct ds_cli *cli)
{
	for (int i = 0; i < cli->argc; i++) {
		const char *a = cli->argv[i];
		if (strcmp(a, "--") == 0)
			break;
		if (a[0] != '-' || a[1] == '\0')
			continue;
		/* The command's own options first: after its name, they are
		 * what a user meant more often than not. */
		char buf[64];
		const char *best = NULL;
		if (cli->options != NULL)
			best = ds_cli_nearest_option(a, cli->options, buf, sizeof buf);
		if (best == NULL)
			best = ds_cli_nearest_option(a, ds_cli_global_options, buf, sizeof buf);
		if (best != NULL)
			return ds_cli_usage(cli, "unknown option '%s'; did you mean '%s'?", a,
					    best);
		return ds_cli_usage(cli, "unknown option '%s'", a);
	}
	return DS_OK;
}

int ds_cli_member(const struct ds_dataset *ds, const char *name, size_t *m)
{
	if (ds_lookup_member(ds, name, m) == 0)
		return DS_OK;
	size_t sug[3];
	size_t n = ds_lookup_suggest(ds, name, sug, 3);
	fprintf(stderr, "%s: unknown country '%s'", DS_PROG, name);
	for (size_t i = 0; i < n; i++)
		fprintf(stderr, "%s'%s'",
			i == 0       ? "; did you mean "
			: i + 1 == n ? " or "
				     : ", ",
			ds->members[sug[i]].name);
	fputs(n > 0 ? "?\n" : "\n", stderr);
	return DS_EUSAGE;
}

int ds_cli_members(const struct ds_cli *cli, const struct ds_dataset *ds, size_t **members)
{
	*members = NULL;
	if (cli->argc == 0)
		return DS_OK;
	size_t *v = calloc((size_t)cli->argc, sizeof *v);
	if (v == NULL)
		return ds_cli_nomem();
	for (int i = 0; i < cli->argc; i++) {
		int rc = ds_cli_member(ds, cli->argv[i], &v[i]);
		if (rc != DS_OK) {
			free(v);
			return rc;
		}
	}
	*members = v;
	return DS_OK;
}

/* Adds each ", "-separated name of list to set (of size bytes) that is not there yet. */
static void add_names(char *set, size_t size, const char *list)
{
	const char *p = list;
	while (*p != '\0') {
		size_t w = strcspn(p, ",");
		char name[128];
		if (w < sizeof name) {
			memcpy(name, p, w);
			name[w] = '\0';
			/* Already there as a whole name? */
			int seen = 0;
			for (const char *q = strstr(set, name); q != NULL && !seen;
			     q = strstr(q + 1, name))
				seen = (q == set || q[-1] == ' ') && (q[w] == ',' || q[w] == '\0');
			size_t len = strlen(set);
			if (!seen && len + w + 3 < size)
				snprintf(set + len, size - len, "%s%s", len ? ", " : "", name);
		}
		p += w;
		p += strspn(p, ", ");
	}
}

static int write_table(const struct ds_cli *cli, const struct ds_table *t)
{
	struct ds_table_fit fit;
	struct ds_cli_view *v = cli->view;
	struct ds_table_style style = { .color = cli->color,
					.width = v != NULL ? v->width : 0,
					.fit = &fit };
	if (ds_table_write(t, cli->format, &style, stdout) != 0) {
		ds_cli_warn("standard output: write error");
		return DS_EIO;
	}
	if (v != NULL && cli->format == DS_FORMAT_TABLE && fit.fitted) {
		v->fitted = 1;
		add_names(v->left_out, sizeof v->left_out, fit.left_names);
		add_names(v->groups, sizeof v->groups, fit.groups);
	}
	return DS_OK;
}

int ds_cli_write_extra(const struct ds_cli *cli, const struct ds_table *t)
{
	return write_table(cli, t);
}

/* The columns of --columns LIST in t; DS_EUSAGE after printing for an unknown one. */
static int select_columns(const struct ds_cli *cli, const struct ds_table *t, size_t **cols,
			  size_t *n)
{
	const char *list = cli->view->columns;
	size_t cap = 1;
	for (const char *p = list; *p; p++)
		cap += *p == ',';
	size_t *v = calloc(cap, sizeof *v);
	const char **names = calloc(ds_table_columns(t) + 1, sizeof *names);
	if (v == NULL || names == NULL) {
		free(v);
		free(names);
		return ds_cli_nomem();
	}
	for (size_t c = 0; c < ds_table_columns(t); c++)
		names[c] = ds_table_column_name(t, c);
	size_t k = 0;
	int rc = DS_OK;
	for (const char *p = list; rc == DS_OK;) {
		size_t w = strcspn(p, ",");
		char name[128];
		if (w == 0 || w >= sizeof name) {
			rc = ds_cli_usage(cli, "--columns '%s': %s", list,
					  w == 0 ? "an empty column name" : "a name too long");
			break;
		}
		memcpy(name, p, w);
		name[w] = '\0';
		size_t c;
		if (ds_table_column_find(t, name, &c) != 0) {
			rc = ds_cli_unknown(cli, "column", name, names, ds_table_columns(t), NULL);
			break;
		}
		for (size_t j = 0; j < k && rc == DS_OK; j++)
			if (v[j] == c)
				rc = ds_cli_usage(cli, "--columns: column '%s' is named twice",
						  name);
		v[k++] = c;
		if (p[w] == '\0')
			break;
		p += w + 1;
	}
	free(names);
	if (rc != DS_OK) {
		free(v);
		return rc;
	}
	*cols = v;
	*n = k;
	return DS_OK;
}

int ds_cli_write_table(const struct ds_cli *cli, struct ds_table *t)
{
	if (cli->view == NULL || cli->view->columns == NULL)
		return write_table(cli, t);
	size_t *cols = NULL, n = 0;
	int rc = select_columns(cli, t, &cols, &n);
	if (rc != DS_OK)
		return rc;
	int bad = ds_table_keep_columns(t, cols, n);
	free(cols);
	if (bad)
		return ds_cli_nomem();
	return write_table(cli, t);
}

/* Writes text (UTF-8, may hold newlines) on stdout, wrapped at width columns. */
static void wrap(const char *text, size_t width)
{
	const char *p = text;
	while (*p != '\0') {
		size_t line = strcspn(p, "\n");
		size_t col = 0;
		const char *s = p, *end = p + line;
		while (s < end) {
			/* The next word and the spaces before it. */
			const char *w = s + strspn(s, " ");
			if (w > end)
				w = end;
			size_t wl = strcspn(w, " \n");
			if (w + wl > end)
				wl = (size_t)(end - w);
			char word[1024];
			size_t copy = wl < sizeof word ? wl : sizeof word - 1;
			memcpy(word, w, copy);
			word[copy] = '\0';
			size_t ww = ds_utf8_width(word);
			size_t spaces = (size_t)(w - s);
			if (col > 0 && width > 0 && col + spaces + ww > width) {
				fputc('\n', stdout);
				col = 0;
				spaces = 0;
			}
			for (size_t i = 0; i < spaces; i++)
				fputc(' ', stdout);
			fwrite(w, 1, wl, stdout);
			col += spaces + ww;
			s = w + wl;
		}
		p = end;
		if (*p == '\n') {
			fputc('\n', stdout);
			p++;
		}
	}
}

static void vprint(const struct ds_cli *cli, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

static void vprint(const struct ds_cli *cli, const char *fmt, va_list ap)
{
	char buf[4096];
	vsnprintf(buf, sizeof buf, fmt, ap);
	wrap(buf, cli->view != NULL ? cli->view->width : 0);
}

void ds_cli_print(const struct ds_cli *cli, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vprint(cli, fmt, ap);
	va_end(ap);
}

void ds_cli_note(const struct ds_cli *cli, const char *fmt, ...)
{
	if (cli->view != NULL && cli->view->quiet)
		return;
	va_list ap;
	va_start(ap, fmt);
	vprint(cli, fmt, ap);
	va_end(ap);
}

void ds_cli_footer(const struct ds_cli *cli)
{
	const struct ds_cli_view *v = cli->view;
	if (v == NULL || v->quiet || !v->fitted)
		return;
	/* From the most said to the least: the first line that fits the screen. */
	static const struct {
		int legend, names; /* names: 0 none, 1 all, 2 the first and a count, 3 a count */
		const char *how;
	} variants[] = {
		{ 1, 1, "--wide or --format csv shows all" },
		{ 1, 1, "--wide shows all" },
		{ 1, 2, "--wide shows all" },
		{ 1, 3, "--wide shows all" },
		{ 0, 1, "--wide shows all" },
		{ 0, 2, "--wide shows all" },
		{ 0, 3, "--wide shows all" },
		{ 0, 0, "--wide shows all" },
	};
	char line[1200], names[600], legend[320] = "";
	size_t count = 0;
	for (const char *p = v->left_out; *p; p++)
		count += *p == ',';
	count += v->left_out[0] != '\0';
	size_t first = strcspn(v->left_out, ",");
	if (v->groups[0])
		snprintf(legend, sizeof legend, "%s: yes, or the shortfall; ", v->groups);
	for (size_t i = 0; i < sizeof variants / sizeof variants[0]; i++) {
		int kind = count == 0 ? 0 : count == 1 && variants[i].names ? 1 : variants[i].names;
		if (kind == 1)
			snprintf(names, sizeof names, "left out: %s ", v->left_out);
		else if (kind == 2)
			snprintf(names, sizeof names, "left out: %.*s and %zu more ", (int)first,
				 v->left_out, count - 1);
		else if (kind == 3)
			snprintf(names, sizeof names, "left out %zu columns ", count);
		else
			names[0] = '\0';
		const char *lg = variants[i].legend ? legend : "";
		if (*lg == '\0' && *names == '\0')
			snprintf(line, sizeof line, "(shortened to fit; %s)", variants[i].how);
		else
			snprintf(line, sizeof line, "%s%s(%s)", lg, names, variants[i].how);
		if (ds_utf8_width(line) <= v->width)
			break;
	}
	wrap(line, v->width);
	fputc('\n', stdout);
}
