/*
 * table_out.c - the sticky-error writer of the table formats (table_out.h).
 *
 * A format writes a table cell by cell, often a few bytes at a time;
 * checking every fwrite() there would bury each writer's logic under error
 * paths.  Instead the first failure is remembered, later writes do nothing,
 * and the dispatcher (table_write.c) tests the flag once, after the flush.
 */
#define _DEFAULT_SOURCE /* fwrite_unlocked() */
#include "table_out.h"

#include <string.h>

void ds_table_out_init(struct ds_table_out *o, FILE *f)
{
	o->f = f;
	o->err = 0;
	o->len = 0;
}

int ds_table_out_flush(struct ds_table_out *o)
{
	/* One thread writes a table: the stream's lock is not taken. */
	if (!o->err && o->len > 0 && fwrite_unlocked(o->buf, 1, o->len, o->f) != o->len)
		o->err = 1;
	o->len = 0;
	return o->err;
}

void ds_table_out_put_long(struct ds_table_out *o, const char *s, size_t n)
{
	ds_table_out_flush(o);
	if (n <= sizeof o->buf) {
		memcpy(o->buf, s, n);
		o->len = n;
	} else if (!o->err && fwrite_unlocked(s, 1, n, o->f) != n) {
		o->err = 1;
	}
}

void ds_table_out_repeat(struct ds_table_out *o, char c, size_t n)
{
	char buf[64];

	memset(buf, c, sizeof buf);
	while (n > 0 && !o->err) {
		size_t k = n < sizeof buf ? n : sizeof buf;

		ds_table_out_put(o, buf, k);
		n -= k;
	}
}
