/*
 * table_out.h - the writer every table format writes through: a FILE with
 * a sticky error flag, so that a format can emit freely and test once.
 *
 * Only src/table*.c include this file.  It knows nothing of tables: the
 * format writers (table_text.c, table_machine.c, table_html.c) depend on it,
 * and it on nothing of theirs.
 */
#ifndef DEFSPEND_TABLE_OUT_H
#define DEFSPEND_TABLE_OUT_H

#include <stddef.h>
#include <stdio.h>

#include <string.h>

/*
 * After the first failed write err is 1 and nothing more is attempted.
 * Bytes gather in buf and go to f a buffer at a time: a table of thousands
 * of rows is written a few bytes at a time, and a call into stdio for each
 * piece cost more than the rest of the writing.  Made by ds_table_out_init();
 * ds_table_out_flush() hands what is held to f.
 */
struct ds_table_out {
	FILE *f;
	int err;
	size_t len; /* bytes held in buf */
	char buf[8192];
};

void ds_table_out_init(struct ds_table_out *o, FILE *f);
/* Hands the bytes held to o->f (not flushing o->f itself); returns o->err. */
int ds_table_out_flush(struct ds_table_out *o);
/* The rest of ds_table_out_put(): when s does not fit in what buf has left. */
void ds_table_out_put_long(struct ds_table_out *o, const char *s, size_t n);

/* Writes s[0..n). */
static inline void ds_table_out_put(struct ds_table_out *o, const char *s, size_t n)
{
	if (n <= sizeof o->buf - o->len) {
		memcpy(o->buf + o->len, s, n);
		o->len += n;
	} else {
		ds_table_out_put_long(o, s, n);
	}
}

/* Writes the string s. */
static inline void ds_table_out_puts(struct ds_table_out *o, const char *s)
{
	ds_table_out_put(o, s, strlen(s));
}

/* Writes c n times. */
void ds_table_out_repeat(struct ds_table_out *o, char c, size_t n);

#endif
