/*
 * test_table.c - cmocka tests of the table module.
 *
 * One small table holds every awkward case at once (a comma, a quote, a
 * newline, a tab, a pipe, a backslash, "Türkiye", a wide CJK name, NULLs,
 * booleans, negative numbers, empty text) and each format's output is
 * compared byte for byte with what we promise in table_text.c,
 * table_machine.c and table_html.c.  Output goes to open_memstream(); the
 * write-error case uses /dev/full.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "defspend/table.h"

static char *capture(const struct ds_table *t, enum ds_format fmt, int color)
{
	struct ds_table_style style = { .color = color };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(ds_table_write(t, fmt, &style, f), 0);
	assert_int_equal(fclose(f), 0);
	assert_non_null(buf);
	return buf;
}

static void expect_output(const struct ds_table *t, enum ds_format fmt, int color, const char *want)
{
	char *got = capture(t, fmt, color);

	assert_string_equal(got, want);
	free(got);
}

/* country | pct | meets | note, four rows covering every cell type. */
static struct ds_table *sample(void)
{
	struct ds_table *t = ds_table_new();

	assert_non_null(t);
	assert_int_equal(ds_table_add_column(t, "country"), 0);
	assert_int_equal(ds_table_add_column(t, "pct"), 0);
	assert_int_equal(ds_table_add_column(t, "meets"), 0);
	assert_int_equal(ds_table_add_column(t, "note"), 0);

	assert_int_equal(ds_table_add_row(t), 0);
	assert_int_equal(ds_table_set_text(t, 0, "Türkiye"), 0);
	assert_int_equal(ds_table_set_number(t, 1, "2.09"), 0);
	assert_int_equal(ds_table_set_bool(t, 2, 1), 0);
	assert_int_equal(ds_table_set_text(t, 3, "a,b"), 0);

	assert_int_equal(ds_table_add_row(t), 0);
	assert_int_equal(ds_table_set_text(t, 0, "日本"), 0);
	assert_int_equal(ds_table_set_number(t, 1, "-1.50"), 0);
	assert_int_equal(ds_table_set_bool(t, 2, 0), 0);
	assert_int_equal(ds_table_set_text(t, 3, "say \"hi\""), 0);

	assert_int_equal(ds_table_add_row(t), 0);
	assert_int_equal(ds_table_set_text(t, 0, "x\ny"), 0);
	assert_int_equal(ds_table_set_text(t, 3, "t\tp|b\\"), 0);

	assert_int_equal(ds_table_add_row(t), 0);
	assert_int_equal(ds_table_set_number(t, 1, "12034"), 0);
	assert_int_equal(ds_table_set_bool(t, 2, 7), 0);
	assert_int_equal(ds_table_set_text(t, 3, ""), 0);
	return t;
}

static void test_format_names(void **state)
{
	enum ds_format f = DS_FORMAT_TABLE;
	const char *names[] = { "table", "csv", "tsv", "json", "md" };
	size_t i;

	(void)state;
	for (i = 0; i < 5; i++) {
		assert_int_equal(ds_format_parse(names[i], &f), 0);
		assert_int_equal(f, (enum ds_format)i);
		assert_string_equal(ds_format_name(f), names[i]);
	}
	assert_int_equal(ds_format_parse("CSV", &f), -1);
	assert_int_equal(ds_format_parse("markdown", &f), -1);
	assert_int_equal(ds_format_parse("", &f), -1);
	assert_null(ds_format_name((enum ds_format)99));
}

static void test_accessors(void **state)
{
	struct ds_table *t = sample();
	size_t col = 99;

	(void)state;
	assert_int_equal(ds_table_rows(t), 4);
	assert_int_equal(ds_table_columns(t), 4);
	assert_string_equal(ds_table_column_name(t, 3), "note");
	assert_null(ds_table_column_name(t, 4));
	assert_int_equal(ds_table_column_find(t, "meets", &col), 0);
	assert_int_equal(col, 2);
	assert_int_equal(ds_table_column_find(t, "nope", &col), -1);
	assert_int_equal(ds_table_cell_type(t, 0, 0), DS_CELL_TEXT);
	assert_int_equal(ds_table_cell_type(t, 1, 1), DS_CELL_NUMBER);
	assert_int_equal(ds_table_cell_type(t, 3, 2), DS_CELL_BOOL);
	assert_int_equal(ds_table_cell_type(t, 2, 1), DS_CELL_NULL);
	assert_int_equal(ds_table_cell_type(t, 4, 0), DS_CELL_NULL);
	assert_string_equal(ds_table_cell_text(t, 0, 0), "Türkiye");
	assert_string_equal(ds_table_cell_text(t, 1, 1), "-1.50");
	assert_string_equal(ds_table_cell_text(t, 1, 2), "false");
	assert_string_equal(ds_table_cell_text(t, 3, 2), "true");
	assert_string_equal(ds_table_cell_text(t, 3, 3), "");
	assert_null(ds_table_cell_text(t, 2, 1));
	assert_null(ds_table_cell_text(t, 0, 4));
	/* Setting a cell again replaces it, whatever the type. */
	assert_int_equal(ds_table_set_null(t, 3), 0);
	assert_int_equal(ds_table_cell_type(t, 3, 3), DS_CELL_NULL);
	assert_int_equal(ds_table_set_number(t, 0, "7"), 0);
	assert_string_equal(ds_table_cell_text(t, 3, 0), "7");
	ds_table_free(t);
	ds_table_free(NULL);
}

static void test_misuse(void **state)
{
	static const char *const bad[] = {
		"1.",  ".5",  "+1",  "01",   "1e", "1e+", "-",   "",
		"nan", "inf", "1,5", "0x10", " 1", "1 ",  "--1", "1.2.3"
	};
	static const char *const good[] = { "0",    "-0",     "-0.00",   "2.00", "12034",
					    "1e10", "2.5E-3", "-1.5e+2", "10" };
	struct ds_table *t = ds_table_new();
	size_t i;

	(void)state;
	assert_non_null(t);
	assert_int_equal(ds_table_add_column(t, "a"), 0);
	errno = 0;
	assert_int_equal(ds_table_add_column(t, "a"), -1);
	assert_int_equal(errno, EEXIST);
	assert_int_equal(ds_table_add_column(t, "b\xC0\xAF"), -1);
	assert_int_equal(errno, EILSEQ);
	assert_int_equal(ds_table_set_text(t, 0, "x"), -1); /* no row yet */
	assert_int_equal(errno, EINVAL);
	assert_int_equal(ds_table_add_row(t), 0);
	assert_int_equal(ds_table_add_column(t, "late"), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(ds_table_set_bool(t, 1, 1), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(ds_table_set_null(t, 1), -1);
	assert_int_equal(ds_table_set_text(t, 0, "ok"), 0);
	assert_int_equal(ds_table_set_text(t, 0, "\xED\xA0\x80"), -1);
	assert_int_equal(errno, EILSEQ);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		errno = 0;
		assert_int_equal(ds_table_set_number(t, 0, bad[i]), -1);
		assert_int_equal(errno, EINVAL);
	}
	/* Failed calls left the cell alone. */
	assert_string_equal(ds_table_cell_text(t, 0, 0), "ok");
	for (i = 0; i < sizeof good / sizeof good[0]; i++) {
		assert_int_equal(ds_table_set_number(t, 0, good[i]), 0);
		assert_string_equal(ds_table_cell_text(t, 0, 0), good[i]);
	}
	errno = 0;
	assert_int_equal(ds_table_write(t, (enum ds_format)42, NULL, stdout), -1);
	assert_int_equal(errno, EINVAL);
	ds_table_free(t);
}

static void test_csv(void **state)
{
	struct ds_table *t = sample();

	(void)state;
	expect_output(t, DS_FORMAT_CSV, 1,
		      "country,pct,meets,note\n"
		      "Türkiye,2.09,true,\"a,b\"\n"
		      "日本,-1.50,false,\"say \"\"hi\"\"\"\n"
		      "\"x\ny\",,,t\tp|b\\\n"
		      ",12034,true,\"\"\n");
	ds_table_free(t);
}

static void test_tsv(void **state)
{
	struct ds_table *t = sample();

	(void)state;
	expect_output(t, DS_FORMAT_TSV, 1,
		      "country\tpct\tmeets\tnote\n"
		      "Türkiye\t2.09\ttrue\ta,b\n"
		      "日本\t-1.50\tfalse\tsay \"hi\"\n"
		      "x\\ny\t\t\tt\\tp|b\\\\\n"
		      "\t12034\ttrue\t\n");
	ds_table_free(t);
}

static void test_json(void **state)
{
	struct ds_table *t = sample();

	(void)state;
	expect_output(t, DS_FORMAT_JSON, 1,
		      "[\n"
		      "  {\n    \"country\": \"Türkiye\",\n    \"pct\": 2.09,\n"
		      "    \"meets\": true,\n    \"note\": \"a,b\"\n  },\n"
		      "  {\n    \"country\": \"日本\",\n    \"pct\": -1.50,\n"
		      "    \"meets\": false,\n    \"note\": \"say \\\"hi\\\"\"\n  },\n"
		      "  {\n    \"country\": \"x\\ny\",\n    \"pct\": null,\n"
		      "    \"meets\": null,\n    \"note\": \"t\\tp|b\\\\\"\n  },\n"
		      "  {\n    \"country\": null,\n    \"pct\": 12034,\n"
		      "    \"meets\": true,\n    \"note\": \"\"\n  }\n"
		      "]\n");
	ds_table_free(t);
}

static void test_json_edges(void **state)
{
	struct ds_table *t = ds_table_new();
	struct ds_table *bare = ds_table_new();

	(void)state;
	assert_non_null(t);
	assert_non_null(bare);
	assert_int_equal(ds_table_add_column(t, "k\"\x01"), 0);
	expect_output(t, DS_FORMAT_JSON, 0, "[]\n");
	assert_int_equal(ds_table_add_row(t), 0);
	assert_int_equal(ds_table_set_text(t, 0, "\b\f\r\x1f\x7f/é"), 0);
	expect_output(t, DS_FORMAT_JSON, 0,
		      "[\n  {\n    \"k\\\"\\u0001\": \"\\b\\f\\r\\u001f\x7f/é\"\n  }\n]\n");
	/* Rows without columns are empty objects; the display formats have nothing. */
	assert_int_equal(ds_table_add_row(bare), 0);
	assert_int_equal(ds_table_add_row(bare), 0);
	expect_output(bare, DS_FORMAT_JSON, 0, "[\n  {},\n  {}\n]\n");
	expect_output(bare, DS_FORMAT_CSV, 0, "\n\n\n");
	expect_output(bare, DS_FORMAT_TABLE, 0, "");
	expect_output(bare, DS_FORMAT_MD, 0, "");
	ds_table_free(t);
	ds_table_free(bare);
}

static void test_md(void **state)
{
	struct ds_table *t = sample();

	(void)state;
	expect_output(t, DS_FORMAT_MD, 1,
		      "| country |   pct | meets | note     |\n"
		      "| ------- | ----: | ----- | -------- |\n"
		      "| Türkiye |  2.09 | yes   | a,b      |\n"
		      "| 日本    | -1.50 | no    | say \"hi\" |\n"
		      "| x y     |       |       | t p\\|b\\\\ |\n"
		      "|         | 12034 | yes   |          |\n");
	ds_table_free(t);
}

static void test_md_breaks(void **state)
{
	struct ds_table *t = ds_table_new();

	(void)state;
	assert_non_null(t);
	assert_int_equal(ds_table_add_column(t, "a|b"), 0);
	assert_int_equal(ds_table_add_column(t, "n"), 0);
	assert_int_equal(ds_table_add_row(t), 0);
	assert_int_equal(ds_table_set_text(t, 0, "1\r\n2\r3\n\n4\x01"), 0);
	/* A column of NULLs only is not numeric. */
	expect_output(t, DS_FORMAT_MD, 0,
		      "| a\\|b      | n   |\n"
		      "| --------- | --- |\n"
		      "| 1 2 3  4? |     |\n");
	ds_table_free(t);
}

/*
 * The rule for text a spreadsheet would run: csv and tsv put a ' before a
 * text cell that begins with =, +, - or @; numbers, a negative one
 * included, are never changed; json keeps the text exactly; Markdown
 * writes <, > and & as entities, so a name never becomes HTML.
 */
static void test_formula_and_html_text(void **state)
{
	struct ds_table *t = ds_table_new();
	static const char *const names[] = { "=HYPERLINK(\"x\")", "+1",  "-2,3",
					     "@SUM(A1)",          "a=b", "<script>&" };

	(void)state;
	assert_non_null(t);
	assert_int_equal(ds_table_add_column(t, "name"), 0);
	assert_int_equal(ds_table_add_column(t, "n"), 0);
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		assert_int_equal(ds_table_add_row(t), 0);
		assert_int_equal(ds_table_set_text(t, 0, names[i]), 0);
		assert_int_equal(ds_table_set_number(t, 1, "-1.5"), 0);
	}
	expect_output(t, DS_FORMAT_CSV, 0,
		      "name,n\n"
		      "\"'=HYPERLINK(\"\"x\"\")\",-1.5\n"
		      "'+1,-1.5\n"
		      "\"'-2,3\",-1.5\n"
		      "'@SUM(A1),-1.5\n"
		      "a=b,-1.5\n"
		      "<script>&,-1.5\n");
	expect_output(t, DS_FORMAT_TSV, 0,
		      "name\tn\n"
		      "'=HYPERLINK(\"x\")\t-1.5\n"
		      "'+1\t-1.5\n"
		      "'-2,3\t-1.5\n"
		      "'@SUM(A1)\t-1.5\n"
		      "a=b\t-1.5\n"
		      "<script>&\t-1.5\n");
	char *json = capture(t, DS_FORMAT_JSON, 0);
	assert_non_null(strstr(json, "\"name\": \"=HYPERLINK(\\\"x\\\")\""));
	assert_non_null(strstr(json, "\"name\": \"-2,3\""));
	free(json);
	char *md = capture(t, DS_FORMAT_MD, 0);
	assert_non_null(strstr(md, "&lt;script&gt;&amp;"));
	assert_null(strstr(md, "<script>"));
	free(md);
	ds_table_free(t);
}

static void test_aligned(void **state)
{
	struct ds_table *t = sample();

	(void)state;
	expect_output(t, DS_FORMAT_TABLE, 0,
		      "country    pct  meets  note\n"
		      "-------  -----  -----  --------\n"
		      "Türkiye   2.09    yes  a,b\n"
		      "日本     -1.50     no  say \"hi\"\n"
		      "x?y          -      -  t?p|b\\\n"
		      "-        12034    yes\n");
	ds_table_free(t);
}

/* HTML: entities for & < > " ', number cells classed, NULL empty, no other change. */
static void test_html(void **state)
{
	struct ds_table *t = sample();
	struct ds_table *h = ds_table_new();
	enum ds_format f = DS_FORMAT_TABLE;

	(void)state;
	assert_int_equal(ds_format_parse("html", &f), -1);
	assert_int_equal(f, DS_FORMAT_TABLE);
	assert_string_equal(ds_format_name(DS_FORMAT_HTML), "html");
	expect_output(t, DS_FORMAT_HTML, 1,
		      "<table>\n"
		      "<tr><th>country</th><th class=n>pct</th><th>meets</th><th>note</th></tr>\n"
		      "<tr><td>Türkiye</td><td class=n>2.09</td><td>true</td><td>a,b</td></tr>\n"
		      "<tr><td>日本</td><td class=n>-1.50</td><td>false</td>"
		      "<td>say &quot;hi&quot;</td></tr>\n"
		      "<tr><td>x\ny</td><td></td><td></td><td>t\tp|b\\</td></tr>\n"
		      "<tr><td></td><td class=n>12034</td><td>true</td><td></td></tr>\n"
		      "</table>\n");
	assert_non_null(h);
	assert_int_equal(ds_table_add_column(h, "<th> & 'x'"), 0);
	expect_output(h, DS_FORMAT_HTML, 0,
		      "<table>\n<tr><th>&lt;th&gt; &amp; &#39;x&#39;</th></tr>\n</table>\n");
	assert_int_equal(ds_table_add_row(h), 0);
	assert_int_equal(ds_table_set_text(h, 0, "</table><script>a=\"&amp;\"</script>"), 0);
	expect_output(h, DS_FORMAT_HTML, 0,
		      "<table>\n<tr><th>&lt;th&gt; &amp; &#39;x&#39;</th></tr>\n"
		      "<tr><td>&lt;/table&gt;&lt;script&gt;a=&quot;&amp;amp;&quot;"
		      "&lt;/script&gt;</td></tr>\n</table>\n");
	ds_table_free(t);
	ds_table_free(h);
}

static void test_html_escape(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	FILE *full = fopen("/dev/full", "w");

	(void)state;
	assert_non_null(f);
	assert_int_equal(ds_table_html_escape(f, "a<b>&\"c\"'d' é"), 0);
	assert_int_equal(ds_table_html_escape(f, ""), 0);
	assert_int_equal(fclose(f), 0);
	assert_string_equal(buf, "a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39; é");
	free(buf);
	if (full == NULL)
		skip();
	assert_int_equal(setvbuf(full, NULL, _IONBF, 0), 0);
	assert_int_equal(ds_table_html_escape(full, "x&y"), -1);
	fclose(full);
}

/* Removes ESC [ ... m sequences in place. */
static void strip_sgr(char *s)
{
	char *w = s;

	while (*s) {
		if (*s == '\033' && s[1] == '[') {
			s += 2;
			while (*s && *s != 'm')
				s++;
			if (*s)
				s++;
			continue;
		}
		*w++ = *s++;
	}
	*w = '\0';
}

static void test_aligned_color(void **state)
{
	struct ds_table *t = sample();
	char *plain = capture(t, DS_FORMAT_TABLE, 0);
	char *color = capture(t, DS_FORMAT_TABLE, 1);
	struct ds_table *s = ds_table_new();

	(void)state;
	assert_string_not_equal(plain, color);
	strip_sgr(color);
	assert_string_equal(plain, color);
	assert_non_null(s);
	assert_int_equal(ds_table_add_column(s, "name"), 0);
	assert_int_equal(ds_table_add_column(s, "ok"), 0);
	assert_int_equal(ds_table_add_row(s), 0);
	assert_int_equal(ds_table_set_text(s, 0, "a"), 0);
	assert_int_equal(ds_table_set_bool(s, 1, 1), 0);
	assert_int_equal(ds_table_add_row(s), 0);
	assert_int_equal(ds_table_set_text(s, 0, "bb"), 0);
	assert_int_equal(ds_table_set_bool(s, 1, 0), 0);
	expect_output(s, DS_FORMAT_TABLE, 1,
		      "\033[1mname\033[0m   \033[1mok\033[0m\n"
		      "----  ---\n"
		      "a     \033[32myes\033[0m\n"
		      "bb     \033[31mno\033[0m\n");
	/* No colour outside the table format. */
	expect_output(s, DS_FORMAT_MD, 1,
		      "| name | ok  |\n| ---- | --- |\n| a    | yes |\n| bb   | no  |\n");
	free(plain);
	free(color);
	ds_table_free(t);
	ds_table_free(s);
}

static void test_aligned_edges(void **state)
{
	struct ds_table *t = ds_table_new();

	(void)state;
	assert_non_null(t);
	assert_int_equal(ds_table_add_column(t, "n"), 0);
	assert_int_equal(ds_table_add_column(t, "text"), 0);
	expect_output(t, DS_FORMAT_TABLE, 0, "n  text\n-  ----\n");
	assert_int_equal(ds_table_add_row(t), 0);
	assert_int_equal(ds_table_set_number(t, 0, "5"), 0);
	assert_int_equal(ds_table_set_text(t, 1, "tail  "), 0);
	assert_int_equal(ds_table_add_row(t), 0);
	assert_int_equal(ds_table_set_text(t, 1,
					   "\x1b[2J\xe2\x80\xae"
					   "e\xcc\x81 \xef\xbc\xa1"),
			 0);
	/* NULL follows the numeric column's alignment; controls and bidi become '?'. */
	expect_output(t, DS_FORMAT_TABLE, 1,
		      "\033[1mn\033[0m  \033[1mtext\033[0m\n"
		      "-  ---------\n"
		      "5  tail\n"
		      "-  ?[2J?e\xcc\x81 \xef\xbc\xa1\n");
	ds_table_free(t);
}

/*
 * Every format fails on /dev/full: the sample table with a 16-byte stdio
 * buffer, a tiny table with the default one, both held whole by the
 * writer's own buffer so that only its final hand-over fails; and a table
 * of many rows and a cell longer than that buffer, which fails in the
 * middle, after which nothing more is tried.
 */
static void test_write_error(void **state)
{
	struct ds_table *t[3] = { sample(), ds_table_new(), ds_table_new() };
	enum ds_format f;
	int i;

	(void)state;
	assert_non_null(t[1]);
	assert_non_null(t[2]);
	assert_int_equal(ds_table_add_column(t[1], "a"), 0);
	assert_int_equal(ds_table_add_column(t[2], "b"), 0);
	/* Longer than the writer's 8 KiB; not much longer, since the aligned
	 * formats pad every row to it. */
	char *longer = malloc(9001);
	assert_non_null(longer);
	memset(longer, 'x', 9000);
	longer[9000] = '\0';
	for (i = 0; i < 400; i++) {
		assert_int_equal(ds_table_add_row(t[2]), 0);
		assert_int_equal(ds_table_set_text(t[2], 0, i == 200 ? longer : "a cell"), 0);
	}
	free(longer);
	for (i = 0; i < 3; i++) {
		for (f = DS_FORMAT_TABLE; f <= DS_FORMAT_HTML; f++) {
			char buf[16];
			FILE *full = fopen("/dev/full", "w");

			if (full == NULL)
				skip();
			if (i == 0)
				assert_int_equal(setvbuf(full, buf, _IOFBF, sizeof buf), 0);
			assert_int_equal(ds_table_write(t[i], f, NULL, full), -1);
			assert_true(ferror(full));
			fclose(full);
		}
	}
	for (i = 0; i < 3; i++)
		ds_table_free(t[i]);
}

/* 20,000 x 20 cells, with every text copied from the table itself. */
static void test_growth(void **state)
{
	enum { ROWS = 20000, COLS = 20 };
	struct ds_table *t = ds_table_new();
	char name[32], num[32];
	size_t r, c, lines = 0;
	char *csv, *p;

	(void)state;
	assert_non_null(t);
	for (c = 0; c < COLS; c++) {
		snprintf(name, sizeof name, "column %zu", c);
		assert_int_equal(ds_table_add_column(t, name), 0);
	}
	for (r = 0; r < ROWS; r++) {
		assert_int_equal(ds_table_add_row(t), 0);
		snprintf(num, sizeof num, "%zu.%02zu", r, r % 100);
		assert_int_equal(ds_table_set_number(t, 0, num), 0);
		assert_int_equal(ds_table_set_text(t, 1, ds_table_column_name(t, r % COLS)), 0);
		for (c = 2; c < COLS; c++)
			assert_int_equal(ds_table_set_text(t, c, ds_table_cell_text(t, r, c - 1)),
					 0);
	}
	assert_int_equal(ds_table_rows(t), ROWS);
	assert_string_equal(ds_table_cell_text(t, 12345, 0), "12345.45");
	assert_string_equal(ds_table_cell_text(t, 12345, COLS - 1), "column 5");
	csv = capture(t, DS_FORMAT_CSV, 0);
	for (p = csv; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, ROWS + 1);
	assert_non_null(strstr(csv, "\n19999.99,column 19,column 19,"));
	free(csv);
	csv = capture(t, DS_FORMAT_TABLE, 0);
	assert_non_null(strstr(csv, "\n19999.99  column 19"));
	free(csv);
	/* A cell longer than the writer's buffer goes out whole, in its place. */
	char *longer = malloc(20001);
	assert_non_null(longer);
	memset(longer, 'y', 20000);
	longer[20000] = '\0';
	assert_int_equal(ds_table_add_row(t), 0);
	assert_int_equal(ds_table_set_text(t, 1, longer), 0);
	csv = capture(t, DS_FORMAT_CSV, 0);
	p = strstr(csv, "\n,y");
	assert_non_null(p);
	assert_int_equal(strspn(p + 2, "y"), 20000);
	assert_string_equal(p + 2 + 20000, ",,,,,,,,,,,,,,,,,,\n");
	free(csv);
	free(longer);
	ds_table_free(t);
}

/*
 * iso3 | pct | source, the source machine-only, one pct marked: the display
 * formats leave the source out and write "2.0 f" aligned with "2.33"; the
 * machine formats keep every column and never write a mark.
 */
static struct ds_table *marked(void)
{
	struct ds_table *t = ds_table_new();

	assert_non_null(t);
	assert_int_equal(ds_table_add_column(t, "iso3"), 0);
	assert_int_equal(ds_table_add_column(t, "pct"), 0);
	assert_int_equal(ds_table_add_column(t, "source"), 0);
	assert_int_equal(ds_table_column_machine_only(t, 2), 0);
	assert_int_equal(ds_table_add_row(t), 0);
	assert_int_equal(ds_table_set_text(t, 0, "TUR"), 0);
	assert_int_equal(ds_table_set_number(t, 1, "2.33"), 0);
	assert_int_equal(ds_table_set_text(t, 2, "http://a"), 0);
	assert_int_equal(ds_table_add_row(t), 0);
	assert_int_equal(ds_table_set_text(t, 0, "SWE"), 0);
	assert_int_equal(ds_table_set_mark(t, 1, 'f'), 0);
	assert_int_equal(ds_table_set_number(t, 1, "2.0"), 0);
	assert_int_equal(ds_table_set_text(t, 2, "http://b"), 0);
	assert_int_equal(ds_table_add_row(t), 0);
	assert_int_equal(ds_table_set_text(t, 0, "ISL"), 0);
	return t;
}

static void test_marks_and_machine_columns(void **state)
{
	(void)state;
	struct ds_table *t = marked();

	assert_true(ds_table_column_is_machine_only(t, 2));
	assert_false(ds_table_column_is_machine_only(t, 1));
	assert_false(ds_table_column_is_machine_only(t, 9));
	assert_int_equal(ds_table_cell_mark(t, 1, 1), 'f');
	assert_int_equal(ds_table_cell_mark(t, 0, 1), '\0');
	assert_int_equal(ds_table_cell_mark(t, 9, 1), '\0');
	/* Only letters; out of range and no row are misuse. */
	errno = 0;
	assert_int_equal(ds_table_set_mark(t, 1, '*'), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(ds_table_set_mark(t, 7, 'f'), -1);
	assert_int_equal(ds_table_column_machine_only(t, 7), -1);
	expect_output(t, DS_FORMAT_TABLE, 0,
		      "iso3     pct\n"
		      "----  ------\n"
		      "TUR   2.33\n"
		      "SWE    2.0 f\n"
		      "ISL      -\n");
	expect_output(t, DS_FORMAT_MD, 0,
		      "| iso3 |    pct |\n"
		      "| ---- | -----: |\n"
		      "| TUR  | 2.33   |\n"
		      "| SWE  |  2.0 f |\n"
		      "| ISL  |        |\n");
	expect_output(t, DS_FORMAT_CSV, 0,
		      "iso3,pct,source\nTUR,2.33,http://a\nSWE,2.0,http://b\nISL,,\n");
	expect_output(t, DS_FORMAT_JSON, 0,
		      "[\n  {\n    \"iso3\": \"TUR\",\n    \"pct\": 2.33,\n    \"source\": "
		      "\"http://a\"\n  },\n  {\n    \"iso3\": \"SWE\",\n    \"pct\": 2.0,\n    "
		      "\"source\": \"http://b\"\n  },\n  {\n    \"iso3\": \"ISL\",\n    \"pct\": "
		      "null,\n    \"source\": null\n  }\n]\n");
	expect_output(t, DS_FORMAT_HTML, 0,
		      "<table>\n<tr><th>iso3</th><th class=n>pct</th></tr>\n"
		      "<tr><td>TUR</td><td class=n>2.33</td></tr>\n"
		      "<tr><td>SWE</td><td class=n>2.0 f</td></tr>\n"
		      "<tr><td>ISL</td><td></td></tr>\n</table>\n");
	ds_table_free(t);

	/* Every column machine-only: the display formats have nothing to show. */
	t = ds_table_new();
	assert_non_null(t);
	assert_int_equal(ds_table_add_column(t, "source"), 0);
	assert_int_equal(ds_table_column_machine_only(t, 0), 0);
	assert_int_equal(ds_table_add_row(t), 0);
	expect_output(t, DS_FORMAT_TABLE, 0, "");
	expect_output(t, DS_FORMAT_MD, 0, "");
	expect_output(t, DS_FORMAT_CSV, 0, "source\n\n");
	ds_table_free(t);
}

/*
 * Fitting: iso3 and country are keys (country may be cut to 6), pct is the
 * answer, est an extra, the 2% group (flag, shortfall, dollar part) and a
 * note of detail.  Full width 63; collapsed 47.
 */
static struct ds_table *fit_sample(void)
{
	static const struct ds_col_desc desc[] = {
		{ "iso3", DS_COL_KEY, NULL, 0 },          { "country", DS_COL_KEY, NULL, 6 },
		{ "pct", DS_COL_MAIN, "p", 0 },           { "est", DS_COL_EXTRA, NULL, 0 },
		{ "meets_2", DS_COL_MAIN, "m2", 0 },      { "gap_2", DS_COL_NORMAL, NULL, 0 },
		{ "usd_2", DS_COL_EXTRA, NULL, 0 },       { "note", DS_COL_DETAIL, NULL, 0 },
		{ "no_such_column", DS_COL_KEY, "x", 3 },
	};
	static const char *const names[] = { "iso3",    "country", "pct",   "est",
					     "meets_2", "gap_2",   "usd_2", "note" };
	struct ds_table *t = ds_table_new();

	assert_non_null(t);
	for (size_t i = 0; i < 8; i++)
		assert_int_equal(ds_table_add_column(t, names[i]), 0);
	assert_int_equal(ds_table_describe(t, desc, sizeof desc / sizeof desc[0]), 0);
	assert_int_equal(ds_table_column_set_group(t, 4, "2%", DS_COL_FLAG), 0);
	assert_int_equal(ds_table_column_set_group(t, 5, "2%", DS_COL_SHORTFALL), 0);
	assert_int_equal(ds_table_column_set_group(t, 6, "2%", DS_COL_PART), 0);

	assert_int_equal(ds_table_add_row(t), 0);
	assert_int_equal(ds_table_set_text(t, 0, "POL"), 0);
	assert_int_equal(ds_table_set_text(t, 1, "Poland"), 0);
	assert_int_equal(ds_table_set_number(t, 2, "4.48"), 0);
	assert_int_equal(ds_table_set_bool(t, 3, 0), 0);
	assert_int_equal(ds_table_set_bool(t, 4, 1), 0);
	assert_int_equal(ds_table_set_number(t, 5, "0.00"), 0);
	assert_int_equal(ds_table_set_number(t, 6, "0"), 0);
	assert_int_equal(ds_table_set_text(t, 7, "big"), 0);

	assert_int_equal(ds_table_add_row(t), 0);
	assert_int_equal(ds_table_set_text(t, 0, "DEU"), 0);
	assert_int_equal(ds_table_set_text(t, 1, "Germany"), 0);
	assert_int_equal(ds_table_set_number(t, 2, "1.95"), 0);
	assert_int_equal(ds_table_set_bool(t, 3, 1), 0);
	assert_int_equal(ds_table_set_bool(t, 4, 0), 0);
	assert_int_equal(ds_table_set_number(t, 5, "0.05"), 0);
	assert_int_equal(ds_table_set_number(t, 6, "120"), 0);
	assert_int_equal(ds_table_set_text(t, 7, "close"), 0);

	assert_int_equal(ds_table_add_row(t), 0);
	assert_int_equal(ds_table_set_text(t, 0, "ISL"), 0);
	assert_int_equal(ds_table_set_text(t, 1, "Iceland Republic"), 0);
	return t;
}

static char *fitted(const struct ds_table *t, size_t width, struct ds_table_fit *fit)
{
	struct ds_table_style style = { .color = 0, .width = width, .fit = fit };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(ds_table_write(t, DS_FORMAT_TABLE, &style, f), 0);
	assert_int_equal(fclose(f), 0);
	return buf;
}

/* Every line of s is at most width display columns (ASCII here). */
static void assert_lines_within(const char *s, size_t width)
{
	while (*s) {
		size_t n = strcspn(s, "\n");
		if (n > width)
			fail_msg("line wider than %zu: %.*s", width, (int)n, s);
		s += n + (s[n] == '\n');
	}
}

static void test_metadata(void **state)
{
	struct ds_table *t = fit_sample();

	(void)state;
	assert_int_equal(ds_table_column_priority(t, 0), DS_COL_KEY);
	assert_int_equal(ds_table_column_priority(t, 7), DS_COL_DETAIL);
	assert_string_equal(ds_table_column_short(t, 2), "p");
	assert_null(ds_table_column_short(t, 0));
	assert_string_equal(ds_table_column_group(t, 6), "2%");
	assert_null(ds_table_column_group(t, 7));
	assert_int_equal(ds_table_column_priority(t, 8), -1);
	/* Misuse leaves the table as it was. */
	errno = 0;
	assert_int_equal(ds_table_column_set_priority(t, 99, 1), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(ds_table_column_set_priority(t, 0, -1), -1);
	assert_int_equal(ds_table_column_set_short(t, 0, ""), -1);
	assert_int_equal(ds_table_column_set_short(t, 0, "\xff"), -1);
	assert_int_equal(errno, EILSEQ);
	assert_int_equal(ds_table_column_set_min_width(t, 0, 1), -1);
	assert_int_equal(ds_table_column_set_group(t, 0, "g", (enum ds_col_role)9), -1);
	assert_null(ds_table_column_group(t, 0));
	/* A new column is described as normal, with nothing else. */
	struct ds_table *u = ds_table_new();
	assert_int_equal(ds_table_add_column(u, "x"), 0);
	assert_int_equal(ds_table_column_priority(u, 0), DS_COL_NORMAL);
	ds_table_free(u);
	ds_table_free(t);
}

/* Without a width, and with room, the table is exactly the unfitted one. */
static void test_fit_not_needed(void **state)
{
	struct ds_table *t = fit_sample();
	struct ds_table_fit fit;
	const char *full = "iso3  country            pct  est  meets_2  gap_2  usd_2  note\n"
			   "----  ----------------  ----  ---  -------  -----  -----  -----\n"
			   "POL   Poland            4.48   no      yes   0.00      0  big\n"
			   "DEU   Germany           1.95  yes       no   0.05    120  close\n"
			   "ISL   Iceland Republic     -    -        -      -      -  -\n";

	(void)state;
	char *a = fitted(t, 0, &fit);
	assert_string_equal(a, full);
	assert_int_equal(fit.fitted, 0);
	char *b = fitted(t, 63, &fit);
	assert_string_equal(b, full);
	assert_int_equal(fit.fitted, 0);
	free(a);
	free(b);
	ds_table_free(t);
}

/* The first step: the group becomes one cell, "yes" or the shortfall negated. */
static void test_fit_collapse(void **state)
{
	struct ds_table *t = fit_sample();
	struct ds_table_fit fit;

	(void)state;
	char *s = fitted(t, 62, &fit);
	assert_string_equal(s, "iso3  country            pct  est     2%  note\n"
			       "----  ----------------  ----  ---  -----  -----\n"
			       "POL   Poland            4.48   no    yes  big\n"
			       "DEU   Germany           1.95  yes  -0.05  close\n"
			       "ISL   Iceland Republic     -    -      -  -\n");
	assert_int_equal(fit.fitted, 1);
	assert_int_equal(fit.collapsed, 1);
	assert_string_equal(fit.groups, "2%");
	assert_int_equal(fit.left_out, 1);
	assert_string_equal(fit.left_names, "usd_2");
	assert_int_equal(fit.shortened, 0);
	assert_int_equal(fit.cut, 0);
	free(s);
	ds_table_free(t);
}

/* Then short headers, then details and extras, then cut text, then the rest. */
static void test_fit_drop_and_cut(void **state)
{
	struct ds_table *t = fit_sample();
	struct ds_table_fit fit;

	(void)state;
	char *s = fitted(t, 46, &fit);
	assert_string_equal(s, "iso3  country              p  est     2%\n"
			       "----  ----------------  ----  ---  -----\n"
			       "POL   Poland            4.48   no    yes\n"
			       "DEU   Germany           1.95  yes  -0.05\n"
			       "ISL   Iceland Republic     -    -      -\n");
	assert_int_equal(fit.shortened, 1);
	assert_string_equal(fit.left_names, "usd_2, note");
	free(s);
	/* The extra column goes before any text is cut... */
	s = fitted(t, 39, &fit);
	assert_non_null(strstr(s, "ISL   Iceland Republic     -      -\n"));
	assert_string_equal(fit.left_names, "est, usd_2, note");
	assert_int_equal(fit.cut, 0);
	free(s);
	/* ...then a long name is cut, never its header, rather than lose a column. */
	s = fitted(t, 30, &fit);
	assert_string_equal(s, "iso3  country         p     2%\n"
			       "----  -----------  ----  -----\n"
			       "POL   Poland       4.48    yes\n"
			       "DEU   Germany      1.95  -0.05\n"
			       "ISL   Iceland Re~     -      -\n");
	assert_int_equal(fit.cut, 1);
	free(s);
	/* Of two answers the rightmost goes first. */
	s = fitted(t, 25, &fit);
	assert_lines_within(s, 25);
	assert_non_null(strstr(s, "iso3  country           p\n"));
	assert_string_equal(fit.left_names, "est, meets_2, gap_2, usd_2, note");
	assert_int_equal(fit.collapsed, 0);
	free(s);
	s = fitted(t, 17, &fit);
	assert_string_equal(s, "iso3  country\n"
			       "----  -----------\n"
			       "POL   Poland\n"
			       "DEU   Germany\n"
			       "ISL   Iceland Re~\n");
	free(s);
	ds_table_free(t);
}

/* Keys go last, from the right; one column is always left. */
static void test_fit_last_resort(void **state)
{
	struct ds_table *t = fit_sample();
	struct ds_table_fit fit;

	(void)state;
	char *s = fitted(t, 6, &fit);
	assert_string_equal(s, "iso3\n----\nPOL\nDEU\nISL\n");
	assert_int_equal(fit.left_out, 7);
	assert_string_equal(fit.left_names, "country, pct, est, meets_2, gap_2, usd_2, note");
	free(s);
	s = fitted(t, 1, &fit);
	assert_string_equal(s, "iso3\n----\nPOL\nDEU\nISL\n");
	assert_int_equal(fit.cut, 0);
	free(s);
	ds_table_free(t);
}

/* Colour stays out of the width: the compact cells are green or red, nothing moves. */
static void test_fit_color(void **state)
{
	struct ds_table *t = fit_sample();
	struct ds_table_style style = { .color = 1, .width = 46, .fit = NULL };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	assert_non_null(f);
	assert_int_equal(ds_table_write(t, DS_FORMAT_TABLE, &style, f), 0);
	assert_int_equal(fclose(f), 0);
	assert_non_null(strstr(buf, "\033[32myes\033[0m"));
	assert_non_null(strstr(buf, "\033[31m-0.05\033[0m"));
	strip_sgr(buf);
	char *plain = fitted(t, 46, NULL);
	assert_string_equal(buf, plain);
	free(plain);
	free(buf);
	ds_table_free(t);
}

/* A machine-only column is never shown, so fitting never says it was left out. */
static void test_fit_machine_only(void **state)
{
	struct ds_table *t = marked();
	struct ds_table_fit fit;

	(void)state;
	char *full = fitted(t, 0, NULL);
	char *narrow = fitted(t, 8, &fit);
	assert_null(strstr(full, "source"));
	assert_lines_within(narrow, 8);
	assert_int_equal(fit.left_out, 1);
	assert_string_equal(fit.left_names, "pct");
	free(full);
	free(narrow);
	ds_table_free(t);
}

/* --columns: t keeps the chosen columns in the chosen order, metadata and every row. */
static void test_keep_columns(void **state)
{
	static const size_t cols[] = { 2, 0, 4 };
	static const size_t twice[] = { 1, 1 }, bad[] = { 8 };

	(void)state;
	struct ds_table *t = fit_sample();
	char *before = capture(t, DS_FORMAT_CSV, 0);
	/* Refused: t is as it was. */
	errno = 0;
	assert_int_equal(ds_table_keep_columns(t, twice, 2), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(ds_table_keep_columns(t, bad, 1), -1);
	char *same = capture(t, DS_FORMAT_CSV, 0);
	assert_string_equal(same, before);
	assert_int_equal(ds_table_keep_columns(t, cols, 3), 0);
	assert_int_equal(ds_table_columns(t), 3);
	assert_int_equal(ds_table_rows(t), 3);
	assert_string_equal(ds_table_column_name(t, 0), "pct");
	assert_string_equal(ds_table_column_short(t, 0), "p");
	assert_string_equal(ds_table_column_group(t, 2), "2%");
	assert_int_equal(ds_table_column_priority(t, 1), DS_COL_KEY);
	assert_string_equal(ds_table_cell_text(t, 1, 0), "1.95");
	assert_string_equal(ds_table_cell_text(t, 1, 2), "false");
	assert_int_equal(ds_table_cell_type(t, 2, 0), DS_CELL_NULL);
	char *got = capture(t, DS_FORMAT_CSV, 0);
	assert_string_equal(got, "pct,iso3,meets_2\n4.48,POL,true\n1.95,DEU,false\n,ISL,\n");
	/* Rows added afterwards have the columns kept. */
	assert_int_equal(ds_table_add_row(t), 0);
	assert_int_equal(ds_table_set_number(t, 0, "9.99"), 0);
	assert_int_equal(ds_table_set_text(t, 1, "NEW"), 0);
	assert_int_equal(ds_table_set_bool(t, 2, 1), 0);
	assert_string_equal(ds_table_cell_text(t, 3, 0), "9.99");
	assert_string_equal(ds_table_cell_text(t, 0, 1), "POL");
	free(before);
	free(same);
	free(got);
	ds_table_free(t);
	/* Marks and machine-only columns stay with their columns. */
	t = marked();
	struct ds_table *m = marked();
	const size_t order[] = { 2, 1 };
	assert_int_equal(ds_table_keep_columns(t, order, 2), 0);
	assert_true(ds_table_column_is_machine_only(t, 0));
	assert_false(ds_table_column_is_machine_only(t, 1));
	for (size_t r = 0; r < ds_table_rows(m); r++)
		assert_int_equal(ds_table_cell_mark(t, r, 1), ds_table_cell_mark(m, r, 1));
	ds_table_free(m);
	ds_table_free(t);
}

/* Room reserved for rows holds them, also once columns change afterwards. */
static void test_reserve(void **state)
{
	(void)state;
	struct ds_table *t = ds_table_new();
	assert_non_null(t);
	assert_int_equal(ds_table_add_column(t, "a"), 0);
	assert_int_equal(ds_table_add_column(t, "b"), 0);
	assert_int_equal(ds_table_column_unused(t, 1), 0);
	assert_int_equal(ds_table_reserve(t, 100000), 0);
	assert_int_equal(ds_table_add_column(t, "c"), 0); /* wider rows: fewer fit */
	for (int r = 0; r < 100000; r++) {
		char num[16];
		snprintf(num, sizeof num, "%d", r);
		assert_int_equal(ds_table_add_row(t), 0);
		assert_int_equal(ds_table_set_number(t, 0, num), 0);
		assert_int_equal(ds_table_set_text(t, 1, "dropped"), 0);
		assert_int_equal(ds_table_set_text(t, 2, "a longer text than was reserved"), 0);
	}
	assert_int_equal(ds_table_rows(t), 100000);
	assert_string_equal(ds_table_cell_text(t, 99999, 0), "99999");
	assert_null(ds_table_cell_text(t, 5, 1));
	assert_string_equal(ds_table_cell_text(t, 12345, 2), "a longer text than was reserved");
	/* Reserving what is there already changes nothing. */
	assert_int_equal(ds_table_reserve(t, 10), 0);
	assert_string_equal(ds_table_cell_text(t, 0, 0), "0");
	ds_table_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_names),
		cmocka_unit_test(test_accessors),
		cmocka_unit_test(test_misuse),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_tsv),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_json_edges),
		cmocka_unit_test(test_md),
		cmocka_unit_test(test_md_breaks),
		cmocka_unit_test(test_formula_and_html_text),
		cmocka_unit_test(test_aligned),
		cmocka_unit_test(test_aligned_color),
		cmocka_unit_test(test_aligned_edges),
		cmocka_unit_test(test_write_error),
		cmocka_unit_test(test_growth),
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_html_escape),
		cmocka_unit_test(test_marks_and_machine_columns),
		cmocka_unit_test(test_metadata),
		cmocka_unit_test(test_fit_not_needed),
		cmocka_unit_test(test_fit_collapse),
		cmocka_unit_test(test_fit_drop_and_cut),
		cmocka_unit_test(test_fit_last_resort),
		cmocka_unit_test(test_fit_color),
		cmocka_unit_test(test_keep_columns),
		cmocka_unit_test(test_reserve),
		cmocka_unit_test(test_fit_machine_only),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
