/*
 * error.c - the error record: a bounded list of positioned diagnostics.
 *
 * A loader that reports every problem of a broken file must not drown the
 * user, nor run out of memory on a file where every line is wrong, so the
 * record keeps the first DS_ERRORS_LIMIT diagnostics and counts the rest.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "defspend/error.h"
#include "defspend/util.h"

void ds_errors_init(struct ds_errors *e)
{
	memset(e, 0, sizeof *e);
	e->limit = DS_ERRORS_LIMIT;
}

void ds_errors_release(struct ds_errors *e)
{
	for (size_t i = 0; i < e->n; i++) {
		free(e->v[i].file);
		free(e->v[i].msg);
	}
	free(e->v);
	e->v = NULL;
	e->n = e->cap = 0;
}

int ds_errors_vadd(struct ds_errors *e, int status, const char *file, long line, long column,
		   const char *fmt, va_list ap)
{
	if (e->status == 0)
		e->status = status;
	if (e->n >= e->limit) {
		e->dropped++;
		return status;
	}
	if (ds_grow(&e->v, &e->cap, e->n + 1, sizeof *e->v) != 0)
		goto nomem;
	char buf[1024];
	vsnprintf(buf, sizeof buf, fmt, ap);
	struct ds_diag *d = &e->v[e->n];
	d->file = file != NULL ? ds_strdup(file) : NULL;
	d->msg = ds_strdup(buf);
	if ((file != NULL && d->file == NULL) || d->msg == NULL) {
		free(d->file);
		free(d->msg);
		goto nomem;
	}
	d->line = line;
	d->column = column;
	e->n++;
	return status;
nomem:
	e->dropped++;
	if (e->status == 0)
		e->status = DS_ENOMEM;
	return status;
}

int ds_errors_add(struct ds_errors *e, int status, const char *file, long line, long column,
		  const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = ds_errors_vadd(e, status, file, line, column, fmt, ap);
	va_end(ap);
	return rc;
}

int ds_errors_nomem(struct ds_errors *e, const char *file)
{
	/* The words are the status's own, so that they exist once. */
	return ds_errors_add(e, DS_ENOMEM, file, 0, 0, "%s", ds_status_text(DS_ENOMEM));
}

void ds_errors_rename(struct ds_errors *e, const char *from, const char *to)
{
	for (size_t i = 0; i < e->n; i++) {
		if (e->v[i].file == NULL || strcmp(e->v[i].file, from) != 0)
			continue;
		char *p = ds_strdup(to);
		if (p == NULL)
			continue;
		free(e->v[i].file);
		e->v[i].file = p;
	}
}

size_t ds_errors_count(const struct ds_errors *e)
{
	return e->n + e->dropped;
}

int ds_errors_status(const struct ds_errors *e)
{
	return e->status;
}

int ds_errors_print(const struct ds_errors *e, const char *prog, FILE *out)
{
	int rc = 0;
	for (size_t i = 0; i < e->n; i++) {
		const struct ds_diag *d = &e->v[i];
		if (fprintf(out, "%s: ", prog) < 0)
			rc = -1;
		if (d->file != NULL) {
			if (d->line > 0 && d->column > 0)
				rc |= fprintf(out, "%s:%ld:%ld: ", d->file, d->line, d->column) < 0;
			else if (d->line > 0)
				rc |= fprintf(out, "%s:%ld: ", d->file, d->line) < 0;
			else
				rc |= fprintf(out, "%s: ", d->file) < 0;
		}
		rc |= fprintf(out, "%s\n", d->msg) < 0;
	}
	if (e->dropped > 0)
		rc |= fprintf(out, "%s: %zu more problem%s not shown (at most %zu are listed)\n",
			      prog, e->dropped, e->dropped == 1 ? "" : "s", e->limit) < 0;
	return rc ? -1 : 0;
}

const char *ds_status_text(int status)
{
	switch (status) {
	case DS_OK:
		return "success";
	case DS_EUSAGE:
		return "usage error";
	case DS_EDATA:
		return "bad data";
	case DS_ENOINPUT:
		return "cannot open input";
	case DS_EUNAVAILABLE:
		return "needed program unavailable";
	case DS_ESOFTWARE:
		return "internal error";
	case DS_ENOMEM:
		return "out of memory";
	case DS_ECANTCREAT:
		return "cannot create output";
	case DS_EIO:
		return "input/output error";
	case DS_ETEMPFAIL:
		return "temporary failure";
	default:
		return "error";
	}
}

int ds_errno_status(int e)
{
	return e == ENOSPC || e == EDQUOT || e == EIO || e == EFBIG ? DS_EIO : DS_ECANTCREAT;
}
