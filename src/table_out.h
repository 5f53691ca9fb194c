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

/* After the first failed write err is 1 and nothing more is attempted. */
struct ds_table_out {
	FILE *f;
	int err;
};

/* Writes s[0..n). */
void ds_table_out_put(struct ds_table_out *o, const char *s, size_t n);
/* Writes the string s. */
void ds_table_out_puts(struct ds_table_out *o, const char *s);
/* Writes c n times. */
void ds_table_out_repeat(struct ds_table_out *o, char c, size_t n);

#endif
