/*
 * fuzz_util.c - scratch files for the harnesses (see fuzz_util.h).
 *
 * Failures here are the harness's, not the code's under test, so they
 * abort with a message: libFuzzer reports an abort as a crash, which is
 * loud enough for a broken setup.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "defspend/calc_money.h"
#include "defspend/lookup.h"
#include "defspend/query.h"
#include "fuzz_util.h"

#ifndef DS_FUZZ_DATA
#define DS_FUZZ_DATA "data"
#endif

static char scratch[4096];

static void die(const char *what, const char *path)
{
	fprintf(stderr, "fuzz: %s '%s': %s\n", what, path, strerror(errno));
	abort();
}

const char *fz_data_dir(void)
{
	const char *env = getenv("DEFSPEND_DATA");
	return env != NULL && *env != '\0' ? env : DS_FUZZ_DATA;
}

char *fz_join(const char *dir, const char *name)
{
	size_t a = strlen(dir), b = strlen(name);
	char *p = malloc(a + b + 2);
	if (p == NULL)
		abort();
	memcpy(p, dir, a);
	p[a] = '/';
	memcpy(p + a + 1, name, b + 1);
	return p;
}

static void remove_tree(const char *dir)
{
	DIR *d = opendir(dir);
	if (d == NULL)
		return;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		char *p = fz_join(dir, e->d_name);
		struct stat st;
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
			remove_tree(p);
		else
			unlink(p);
		free(p);
	}
	closedir(d);
	rmdir(dir);
}

static void remove_scratch(void)
{
	if (scratch[0] != '\0')
		remove_tree(scratch);
}

const char *fz_scratch(void)
{
	if (scratch[0] != '\0')
		return scratch;
	const char *tmp = getenv("TMPDIR");
	snprintf(scratch, sizeof scratch, "%s/defspend-fuzz-XXXXXX",
		 tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	if (mkdtemp(scratch) == NULL)
		die("cannot make", scratch);
	atexit(remove_scratch);
	return scratch;
}

void fz_write(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		die("cannot create", path);
	const char *p = data;
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			die("cannot write", path);
		p += n;
		len -= (size_t)n;
	}
	if (close(fd) != 0)
		die("cannot close", path);
}

char *fz_read(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		die("cannot open", path);
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	for (;;) {
		if (buf == NULL)
			abort();
		n += fread(buf + n, 1, cap - n, f);
		if (n < cap)
			break;
		cap *= 2;
		buf = realloc(buf, cap);
	}
	if (ferror(f))
		die("cannot read", path);
	fclose(f);
	*len = n;
	return buf;
}

void fz_copy_dir(const char *src, const char *dst)
{
	if (mkdir(dst, 0700) != 0 && errno != EEXIST)
		die("cannot make", dst);
	DIR *d = opendir(src);
	if (d == NULL)
		die("cannot open", src);
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		char *from = fz_join(src, e->d_name);
		struct stat st;
		if (stat(from, &st) == 0 && S_ISREG(st.st_mode)) {
			size_t len;
			char *data = fz_read(from, &len);
			char *to = fz_join(dst, e->d_name);
			fz_write(to, data, len);
			free(to);
			free(data);
		}
		free(from);
	}
	closedir(d);
}

void fz_walk(const struct ds_dataset *ds)
{
	const struct ds_series *s = ds->spending;
	if (s == NULL)
		abort();
	for (size_t i = 0; i < s->n; i++) {
		const struct ds_obs *o = &s->obs[i];
		if (o->member >= ds->nmembers || o->year < DS_YEAR_MIN || o->year > DS_YEAR_MAX)
			abort();
		if (ds_series_get(s, o->member, o->year) != o)
			abort();
		if (strlen(ds_dataset_str(ds, o->release)) > SIZE_MAX / 2 ||
		    strlen(ds_dataset_str(ds, o->source)) > SIZE_MAX / 2)
			abort();
	}
	for (size_t m = 0; m < ds->nmembers; m++) {
		const struct ds_member *mb = &ds->members[m];
		size_t found;
		/* Every member can be found by its code; a member of a lone
		 * file without an iso3 column has none, and is found by its
		 * name (which may find the member whose code it is). */
		if (ds_lookup_member(ds, mb->iso3[0] != '\0' ? mb->iso3 : mb->name, &found) != 0)
			abort();
		size_t sug[4];
		size_t n = ds_lookup_suggest(ds, mb->name, sug, 4);
		for (size_t k = 0; k < n; k++)
			if (sug[k] >= ds->nmembers)
				abort();
		for (int y = DS_YEAR_MIN; y <= DS_YEAR_MAX; y++) {
			const struct ds_obs *o = ds_series_get(s, m, y);
			if (o != NULL && (o->member != m || o->year != y))
				abort();
		}
		(void)ds_dataset_aid(ds, m);
	}
	for (size_t i = 0; i < ds->nfiles; i++)
		if (ds->files[i].path == NULL)
			abort();
	fz_walk_money(ds);
}

/*
 * The money view of every member and year, and the aid table with its
 * sums: exact 128-bit arithmetic on whatever figures the loader accepted
 * (the sanitizers catch an overflow), every quotient formatted as the
 * tables do.
 */
void fz_walk_money(const struct ds_dataset *ds)
{
	const struct ds_series *s = ds->spending;
	struct ds_calc c;
	if (ds_calc_init(&c, ds, s, NULL, 0, 0, 0) != DS_OK)
		abort();
	char buf[64];
	for (size_t m = 0; s->year_min && m < ds->nmembers; m++)
		for (int y = s->year_min; y <= s->year_max; y++) {
			struct ds_calc_money r;
			ds_calc_money(&c, m, y, &r);
			const struct ds_ratio *q[] = { &r.per_capita, &r.real_change, &r.real_index,
						       &r.gov_share };
			static const int pow10[] = { 0, 2, 2, 2 }, dec[] = { 0, 2, 1, 2 };
			for (size_t k = 0; k < 4; k++)
				if (q[k]->has) {
					if (q[k]->den <= 0)
						abort();
					ds_wide_format_ratio(buf, sizeof buf, q[k]->num, q[k]->den,
							     pow10[k], dec[k]);
					(void)ds_ratio_key(q[k], 8);
				}
			if (r.usd_basis != DS_USD_NONE)
				ds_money_format_musd(buf, sizeof buf, r.usd, 0);
		}
	for (int y = s->year_min; s->year_min && y <= s->year_max; y++) {
		struct ds_calc_alliance a;
		ds_calc_alliance_year(&c, y, &a);
		if (a.complete && a.nato > 0)
			ds_wide_format_ratio(buf, sizeof buf, a.usa, a.nato, 2, 2);
	}
	if (ds->has_aid) {
		struct ds_aid_opts o;
		ds_aid_opts_init(&o);
		o.all_donors = 1;
		o.total = 1;
		struct ds_errors err;
		ds_errors_init(&err);
		struct ds_table *t = NULL;
		if (ds_query_aid(ds, &o, &t, &err) == DS_OK)
			ds_table_free(t);
		ds_errors_release(&err);
	}
}

/* Appends printf-style text to *buf (length *len, capacity *cap); aborts on no memory. */
static void addf(char **buf, size_t *len, size_t *cap, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void addf(char **buf, size_t *len, size_t *cap, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		abort();
	if (*len + (size_t)n + 1 > *cap) {
		*cap = (*len + (size_t)n + 1) * 2;
		*buf = realloc(*buf, *cap);
		if (*buf == NULL)
			abort();
	}
	va_start(ap, fmt);
	vsnprintf(*buf + *len, *cap - *len, fmt, ap);
	va_end(ap);
	*len += (size_t)n;
}

/* The status and every diagnostic, in order. */
static void describe_errors(char **b, size_t *len, size_t *cap, const struct ds_errors *err, int rc)
{
	addf(b, len, cap, "rc=%d status=%d dropped=%zu\n", rc, err->status, err->dropped);
	for (size_t i = 0; i < err->n; i++)
		addf(b, len, cap, "%s:%ld:%ld: %s\n", err->v[i].file ? err->v[i].file : "-",
		     err->v[i].line, err->v[i].column, err->v[i].msg);
}

/* What the dataset says of each file read. */
static void describe_files(char **b, size_t *len, size_t *cap, const struct ds_dataset *ds)
{
	for (size_t i = 0; i < ds->nfiles; i++) {
		const struct ds_file_info *f = &ds->files[i];
		addf(b, len, cap, "file %s %zu %zu %d-%d %zu\n", f->path, f->rows, f->members,
		     f->year_min, f->year_max, f->releases);
	}
}

char *fz_describe_kept(const struct ds_dataset *ds, const struct ds_errors *err, int rc,
		       const struct ds_keep_years *keep)
{
	char *b = NULL;
	size_t len = 0, cap = 0;
	describe_errors(&b, &len, &cap, err, rc);
	if (ds == NULL)
		return b;
	for (size_t i = 0; i < ds->nmembers; i++)
		addf(&b, &len, &cap, "member %s|%s\n", ds->members[i].iso3, ds->members[i].name);
	const struct ds_series *s = ds->spending;
	if (s != NULL) {
		addf(&b, &len, &cap, "series %s %d-%d %d %d\n", s->id, s->year_min, s->year_max,
		     s->pct_year_max, s->max_decimals);
		for (int y = DS_YEAR_MIN; y <= DS_YEAR_MAX; y++)
			if (ds_series_covers(s, y))
				addf(&b, &len, &cap, "covers %d\n", y);
		for (size_t m = 0; m < ds->nmembers; m++)
			for (size_t k = 0; k < keep->n; k++) {
				const struct ds_obs *o = ds_series_get(s, m, keep->year[k]);
				if (o != NULL)
					addf(&b, &len, &cap,
					     "obs %u %u %u %u %u %ld %lld %lld %s %s %s\n",
					     o->member, o->year, o->line, o->flags, o->pct_dec,
					     (long)o->pct, (long long)o->spend_usd_m,
					     (long long)o->gdp_usd_bn,
					     ds_dataset_str(ds, o->release),
					     ds_dataset_str(ds, o->source),
					     ds_dataset_str(ds, o->note));
			}
		/* Keeping lines: the line of every row, kept or not. */
		for (size_t m = 0; keep->lines && m < s->grid_members; m++)
			for (size_t k = 0; k < s->grid_span; k++) {
				int y = s->grid_year0 + (int)k;
				uint32_t line = ds_series_line(s, m, y);
				if ((s->grid[m * s->grid_span + k] & DS_GRID_LINE) &&
				    ds_series_get(s, m, y) != NULL)
					abort(); /* a line is no row */
				if (line != 0)
					addf(&b, &len, &cap, "line %zu %d %u\n", m, y, line);
			}
	}
	describe_files(&b, &len, &cap, ds);
	return b;
}

char *fz_describe(const struct ds_dataset *ds, const struct ds_errors *err, int rc)
{
	char *b = NULL;
	size_t len = 0, cap = 0;
	describe_errors(&b, &len, &cap, err, rc);
	if (ds == NULL)
		return b;
	for (size_t i = 0; i < ds->nmembers; i++) {
		const struct ds_member *m = &ds->members[i];
		addf(&b, &len, &cap, "member %s|%s|%s|%s|%d\n", m->iso3, m->iso2, m->name,
		     m->aliases, m->joined);
	}
	const struct ds_series *s = ds->spending;
	if (s != NULL) {
		addf(&b, &len, &cap, "series %s n=%zu %d-%d %d %d\n", s->id, s->n, s->year_min,
		     s->year_max, s->pct_year_max, s->max_decimals);
		for (size_t i = 0; i < s->n; i++) {
			const struct ds_obs *o = &s->obs[i];
			addf(&b, &len, &cap, "obs %u %u %u %u %u %ld %lld %lld %s %s %s\n",
			     o->member, o->year, o->line, o->flags, o->pct_dec, (long)o->pct,
			     (long long)o->spend_usd_m, (long long)o->gdp_usd_bn,
			     ds_dataset_str(ds, o->release), ds_dataset_str(ds, o->source),
			     ds_dataset_str(ds, o->note));
		}
		for (size_t m = 0; m < ds->nmembers; m++)
			for (int y = DS_YEAR_MIN; y <= DS_YEAR_MAX; y++) {
				const struct ds_obs *o = ds_series_get(s, m, y);
				if (o != NULL)
					addf(&b, &len, &cap, "grid %zu %d %zu\n", m, y,
					     (size_t)(o - s->obs));
			}
	}
	describe_files(&b, &len, &cap, ds);
	return b;
}
