/*
 * table.c - building a ds_table and reading it back.
 *
 * A table is filled the way a query produces it: declare the columns, then
 * for each result add a row and set the cells that have a value.  Everything
 * the caller passes is checked here, once, so that the writers can trust the
 * table: text is valid UTF-8 and number literals are JSON numbers.  That is
 * what lets the JSON writer promise never to emit invalid JSON without
 * having an error path of its own.
 *
 * Storage is described in table_priv.h.  The arena grows into a fresh block
 * rather than in place: the string being added may itself point into the
 * arena (copying one cell into another), and it must be copied before the
 * old block is freed.  Every array grows through ds_grow(), whose size
 * checks are the module's overflow checks.
 *
 * The format names and ds_table_write() are in table_write.c.
 */
#include "table_priv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "defspend/utf8.h"
#include "defspend/util.h"

struct ds_table *ds_table_new(void)
{
	return calloc(1, sizeof(struct ds_table));
}

void ds_table_free(struct ds_table *t)
{
	if (t == NULL)
		return;
	free(t->text);
	free(t->names);
	free(t->col_flags);
	free(t->meta);
	free(t->cells);
	free(t);
}

int ds_table_arena_add(struct ds_table *t, const char *s, size_t n, uint32_t *off)
{
	size_t need;

	if (n >= (size_t)UINT32_MAX - t->text_len) {
		errno = EOVERFLOW;
		return -1;
	}
	need = t->text_len + n + 1;
	if (need > t->text_cap) {
		/* ds_grow() from NULL allocates the fresh block, sized from the old capacity. */
		char *p = NULL;
		size_t cap = t->text_cap;

		if (ds_grow(&p, &cap, need, 1) != 0) {
			errno = ENOMEM;
			return -1;
		}
		if (t->text_len > 0)
			memcpy(p, t->text, t->text_len);
		memcpy(p + t->text_len, s, n); /* before s's block may be freed */
		free(t->text);
		t->text = p;
		t->text_cap = cap;
	} else {
		memmove(t->text + t->text_len, s, n);
	}
	t->text[t->text_len + n] = '\0';
	*off = (uint32_t)t->text_len;
	t->text_len = need;
	return 0;
}

int ds_table_add_column(struct ds_table *t, const char *name)
{
	size_t len = strlen(name), i;
	uint32_t off;

	if (t->nrows > 0) {
		errno = EINVAL;
		return -1;
	}
	if (!ds_utf8_valid(name, len)) {
		errno = EILSEQ;
		return -1;
	}
	for (i = 0; i < t->ncols; i++) {
		if (strcmp(t->text + t->names[i], name) == 0) {
			errno = EEXIST;
			return -1;
		}
	}
	if (ds_grow(&t->names, &t->names_cap, t->ncols + 1, sizeof *t->names) != 0 ||
	    ds_grow(&t->col_flags, &t->flags_cap, t->ncols + 1, sizeof *t->col_flags) != 0 ||
	    ds_grow(&t->meta, &t->meta_cap, t->ncols + 1, sizeof *t->meta) != 0) {
		errno = ENOMEM;
		return -1;
	}
	if (ds_table_arena_add(t, name, len, &off) != 0)
		return -1;
	/* Room reserved for rows (none added yet) now holds fewer, wider ones. */
	t->rows_cap = t->rows_cap * t->ncols / (t->ncols + 1);
	t->col_flags[t->ncols] = 0;
	memset(&t->meta[t->ncols], 0, sizeof *t->meta);
	t->meta[t->ncols].priority = DS_COL_NORMAL;
	t->names[t->ncols++] = off;
	return 0;
}

int ds_table_column_machine_only(struct ds_table *t, size_t col)
{
	if (col >= t->ncols) {
		errno = EINVAL;
		return -1;
	}
	t->col_flags[col] |= DS_COL_MACHINE_ONLY;
	return 0;
}

int ds_table_column_is_machine_only(const struct ds_table *t, size_t col)
{
	return col < t->ncols && (t->col_flags[col] & DS_COL_MACHINE_ONLY);
}

/* Bytes of text reserved per cell in use: a figure, a flag, a code. */
#define RESERVE_CELL_TEXT 12

/* Moves the arena into a fresh block of cap bytes (more than it holds). */
static int arena_move(struct ds_table *t, size_t cap)
{
	char *p = ds_malloc_huge(cap);
	if (p == NULL)
		return -1;
	if (t->text_len > 0)
		memcpy(p, t->text, t->text_len);
	free(t->text);
	t->text = p;
	t->text_cap = cap;
	return 0;
}

int ds_table_reserve(struct ds_table *t, size_t rows)
{
	if (t->ncols == 0 || rows <= t->rows_cap)
		return 0;
	size_t used = 0;
	for (size_t i = 0; i < t->ncols; i++)
		used += !(t->col_flags[i] & DS_COL_UNUSED);
	if (t->ncols > SIZE_MAX / sizeof *t->cells / rows ||
	    used > (SIZE_MAX - t->text_len) / RESERVE_CELL_TEXT / rows) {
		errno = ENOMEM;
		return -1;
	}
	size_t text = t->text_len + rows * used * RESERVE_CELL_TEXT;
	if (text > t->text_cap && arena_move(t, text) != 0) {
		errno = ENOMEM;
		return -1;
	}
	/* A fresh block for the cells; the rows so far move there. */
	struct ds_cell *c = ds_malloc_huge(rows * t->ncols * sizeof *c);
	if (c == NULL) {
		errno = ENOMEM;
		return -1;
	}
	if (t->nrows > 0)
		memcpy(c, t->cells, t->nrows * t->ncols * sizeof *c);
	free(t->cells);
	t->cells = c;
	t->rows_cap = rows;
	return 0;
}

int ds_table_add_row(struct ds_table *t)
{
	size_t i;

	/* The cells grow a row (ncols cells) at a time; rows_cap counts rows. */
	if (t->ncols > 0 &&
	    (t->ncols > SIZE_MAX / sizeof *t->cells ||
	     ds_grow(&t->cells, &t->rows_cap, t->nrows + 1, t->ncols * sizeof *t->cells) != 0)) {
		errno = ENOMEM;
		return -1;
	}
	for (i = 0; i < t->ncols; i++) {
		struct ds_cell *c = &t->cells[t->nrows * t->ncols + i];

		c->off = 0;
		c->type = DS_CELL_NULL;
		c->mark = '\0';
	}
	t->nrows++;
	return 0;
}

/* The cell col of the current (last) row, or NULL with EINVAL. */
static struct ds_cell *current(struct ds_table *t, size_t col)
{
	if (t->nrows == 0 || col >= t->ncols) {
		errno = EINVAL;
		return NULL;
	}
	return &t->cells[(t->nrows - 1) * t->ncols + col];
}

/* Whether col is a column whose cells are not kept. */
static int unused(const struct ds_table *t, size_t col)
{
	return col < t->ncols && (t->col_flags[col] & DS_COL_UNUSED);
}

int ds_table_column_unused(struct ds_table *t, size_t col)
{
	if (col >= t->ncols) {
		errno = EINVAL;
		return -1;
	}
	t->col_flags[col] |= DS_COL_UNUSED;
	return 0;
}

static int set_string(struct ds_table *t, size_t col, const char *s, size_t len,
		      enum ds_cell_type type)
{
	struct ds_cell *c = current(t, col);
	uint32_t off;

	if (c != NULL && unused(t, col))
		return 0;
	if (c == NULL || ds_table_arena_add(t, s, len, &off) != 0)
		return -1;
	c->off = off;
	c->type = (unsigned char)type;
	return 0;
}

int ds_table_set_text(struct ds_table *t, size_t col, const char *utf8)
{
	if (t->nrows > 0 && unused(t, col))
		return 0;
	size_t len = strlen(utf8);

	if (!ds_utf8_valid(utf8, len)) {
		errno = EILSEQ;
		return -1;
	}
	return set_string(t, col, utf8, len, DS_CELL_TEXT);
}

static const char *digits(const char *s)
{
	while (*s >= '0' && *s <= '9')
		s++;
	return s;
}

/* Is s exactly a JSON number (RFC 8259 section 6)? */
static int json_number(const char *s)
{
	const char *e;

	if (*s == '-')
		s++;
	if (*s == '0')
		s++;
	else if (*s >= '1' && *s <= '9')
		s = digits(s);
	else
		return 0;
	if (*s == '.') {
		e = digits(s + 1);
		if (e == s + 1)
			return 0;
		s = e;
	}
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			s++;
		e = digits(s);
		if (e == s)
			return 0;
		s = e;
	}
	return *s == '\0';
}

int ds_table_set_number(struct ds_table *t, size_t col, const char *literal)
{
	if (t->nrows > 0 && unused(t, col))
		return 0;
	if (!json_number(literal)) {
		errno = EINVAL;
		return -1;
	}
	return set_string(t, col, literal, strlen(literal), DS_CELL_NUMBER);
}

int ds_table_set_bool(struct ds_table *t, size_t col, int value)
{
	struct ds_cell *c = current(t, col);

	if (c == NULL)
		return -1;
	c->off = value != 0;
	c->type = DS_CELL_BOOL;
	return 0;
}

int ds_table_set_null(struct ds_table *t, size_t col)
{
	struct ds_cell *c = current(t, col);

	if (c == NULL)
		return -1;
	c->off = 0;
	c->type = DS_CELL_NULL;
	return 0;
}

int ds_table_set_mark(struct ds_table *t, size_t col, char mark)
{
	struct ds_cell *c = current(t, col);

	if (c == NULL)
		return -1;
	if (!((mark >= 'a' && mark <= 'z') || (mark >= 'A' && mark <= 'Z') || mark == '\0')) {
		errno = EINVAL;
		return -1;
	}
	c->mark = mark;
	return 0;
}

char ds_table_cell_mark(const struct ds_table *t, size_t row, size_t col)
{
	if (row >= t->nrows || col >= t->ncols)
		return '\0';
	return ds_table_cell_at(t, row, col)->mark;
}

size_t ds_table_rows(const struct ds_table *t)
{
	return t->nrows;
}

size_t ds_table_columns(const struct ds_table *t)
{
	return t->ncols;
}

const char *ds_table_column_name(const struct ds_table *t, size_t col)
{
	return col < t->ncols ? t->text + t->names[col] : NULL;
}

int ds_table_column_find(const struct ds_table *t, const char *name, size_t *col)
{
	size_t i;

	for (i = 0; i < t->ncols; i++) {
		if (strcmp(t->text + t->names[i], name) == 0) {
			*col = i;
			return 0;
		}
	}
	return -1;
}

enum ds_cell_type ds_table_cell_type(const struct ds_table *t, size_t row, size_t col)
{
	if (row >= t->nrows || col >= t->ncols)
		return DS_CELL_NULL;
	return (enum ds_cell_type)ds_table_cell_at(t, row, col)->type;
}

const char *ds_table_cell_text(const struct ds_table *t, size_t row, size_t col)
{
	const struct ds_cell *c;

	if (row >= t->nrows || col >= t->ncols)
		return NULL;
	c = ds_table_cell_at(t, row, col);
	switch ((enum ds_cell_type)c->type) {
	case DS_CELL_TEXT:
	case DS_CELL_NUMBER:
		return t->text + c->off;
	case DS_CELL_BOOL:
		return c->off ? "true" : "false";
	case DS_CELL_NULL:
		break;
	}
	return NULL;
}
