/*
 * table_html.c - the HTML format: a <table> element for a page that the
 * caller writes around it (the report's index.html).
 *
 * HTML - "<table>", a header row of <th> cells, one <tr> line per row,
 *   "</table>", each on a line of its own.  A number cell is
 *   <td class=n>, so that a style sheet can right-align the figures, and so
 *   is the header of a column whose first non-empty cell is a number
 *   (<th class=n>); the other cells are plain <td> and <th>.  In names and
 *   cells the five characters HTML gives meaning to, & < > " and ', are
 *   written as &amp; &lt; &gt; &quot; and &#39;, so that no text from the
 *   data can open a tag or end an attribute; everything else, control
 *   characters included, is written as it is (a line break inside a cell is
 *   white space to a browser).  NULL is an empty cell, booleans true and
 *   false as in CSV.  A cell's mark follows its value after a space
 *   ("2.0 f"); machine-only columns are left out.
 *
 * The format belongs to the library only: the command line's --format does
 * not offer it (ds_format_parse() refuses "html").
 */
#include "table_priv.h"

#include <string.h>

/* Writes s with & < > " ' as entities. */
static void html_text(struct ds_table_out *o, const char *s)
{
	for (;;) {
		size_t n = strcspn(s, "&<>\"'");

		ds_table_out_put(o, s, n);
		s += n;
		switch (*s) {
		case '\0':
			return;
		case '&':
			ds_table_out_puts(o, "&amp;");
			break;
		case '<':
			ds_table_out_puts(o, "&lt;");
			break;
		case '>':
			ds_table_out_puts(o, "&gt;");
			break;
		case '"':
			ds_table_out_puts(o, "&quot;");
			break;
		default:
			ds_table_out_puts(o, "&#39;");
			break;
		}
		s++;
	}
}

int ds_table_html_escape(FILE *out, const char *text)
{
	struct ds_table_out o;

	ds_table_out_init(&o, out);
	html_text(&o, text);
	return ds_table_out_flush(&o) ? -1 : 0;
}

int ds_table_write_html(const struct ds_table *t, struct ds_table_out *o)
{
	size_t r, c;

	ds_table_out_puts(o, "<table>\n<tr>");
	for (c = 0; c < t->ncols; c++) {
		if (!ds_table_col_shown(t, c))
			continue;
		/* A column of numbers gets a right-aligned header over its figures. */
		int num = 0;
		for (r = 0; r < t->nrows; r++) {
			const struct ds_cell *cell = ds_table_cell_at(t, r, c);
			if (cell->type != DS_CELL_NULL) {
				num = cell->type == DS_CELL_NUMBER;
				break;
			}
		}
		ds_table_out_puts(o, num ? "<th class=n>" : "<th>");
		html_text(o, t->text + t->names[c]);
		ds_table_out_puts(o, "</th>");
	}
	ds_table_out_puts(o, "</tr>\n");
	for (r = 0; r < t->nrows && !o->err; r++) {
		ds_table_out_puts(o, "<tr>");
		for (c = 0; c < t->ncols; c++) {
			const struct ds_cell *cell = ds_table_cell_at(t, r, c);

			if (!ds_table_col_shown(t, c))
				continue;
			ds_table_out_puts(o,
					  cell->type == DS_CELL_NUMBER ? "<td class=n>" : "<td>");
			switch ((enum ds_cell_type)cell->type) {
			case DS_CELL_TEXT:
			case DS_CELL_NUMBER:
				html_text(o, t->text + cell->off);
				break;
			case DS_CELL_BOOL:
				ds_table_out_puts(o, cell->off ? "true" : "false");
				break;
			case DS_CELL_NULL:
				break;
			}
			if (cell->mark) {
				char tail[3] = { ' ', cell->mark, '\0' };
				ds_table_out_puts(o, tail);
			}
			ds_table_out_puts(o, "</td>");
		}
		ds_table_out_puts(o, "</tr>\n");
	}
	ds_table_out_puts(o, "</table>\n");
	return 0;
}
