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

void ds_table_out_put(struct ds_table_out *o, const char *s, size_t n)
{
	if (o->err || n == 0)
		return;
	/* One thread writes a table: the stream's lock is not taken per cell. */
	if (fwrite_unlocked(s, 1, n, o->f) != n)
		o->err = 1;
}

void ds_table_out_puts(struct ds_table_out *o, const char *s)
{
	ds_table_out_put(o, s, strlen(s));
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
