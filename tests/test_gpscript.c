/*
 * test_gpscript.c - cmocka tests of the gnuplot script writer: the quoting
 * rules that keep text from the data inert, locale-free numbers, the
 * sticky error, and the opening and rendering loop every script shares.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "defspend/gpscript.h"
#include "defspend/num.h"

static char *quoted(const char *text, int tic)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	struct ds_gp gp = { f, 0 };
	if (tic)
		ds_gp_quote_tic(&gp, text);
	else
		ds_gp_quote(&gp, text);
	assert_int_equal(gp.failed, 0);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static void test_quote(void **state)
{
	(void)state;
	char *q = quoted("it's `x`\n$(y) \"z\" %s", 0);
	assert_string_equal(q, "'it''s `x` $(y) \"z\" %s'");
	free(q);
	q = quoted("50% '", 1);
	assert_string_equal(q, "'50%% '''");
	free(q);
	q = quoted("tab\there\x7f\\", 0);
	assert_string_equal(q, "'tab here \\'");
	free(q);
}

/* What the calls of fill() write, as a string (caller frees). */
static char *written(void (*fill)(struct ds_gp *))
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	struct ds_gp gp = { f, 0 };
	fill(&gp);
	assert_int_equal(gp.failed, 0);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static void numbers(struct ds_gp *gp)
{
	ds_gp_pct(gp, 2 * DS_PCT_SCALE + DS_PCT_SCALE / 2, 2);
	ds_gp_printf(gp, " ");
	ds_gp_pct(gp, -1234567, 3);
	ds_gp_printf(gp, " ");
	ds_gp_num(gp, 1.25, 1);
	ds_gp_printf(gp, " ");
	ds_gp_num(gp, NAN, 2);
	ds_gp_printf(gp, " ");
	ds_gp_num(gp, INFINITY, 2);
	ds_gp_printf(gp, " ");
	ds_gp_num(gp, 2e15, 0);
	ds_gp_printf(gp, " ");
	ds_gp_num(gp, -0.004, 2);
}

static void test_numbers(void **state)
{
	(void)state;
	char *s = written(numbers);
	/* Halves round away from zero, no "-0.00"; out of range is NaN, which gnuplot
	 * reads as a missing value rather than a huge bar. */
	assert_string_equal(s, "2.50 -1.235 1.3 NaN NaN NaN 0.00");
	free(s);
}

static void script(struct ds_gp *gp)
{
	ds_gp_preamble(gp, "demo", "what it shows");
	ds_gp_loop_begin(gp, "demo", 800, 600);
	ds_gp_printf(gp, "    plot ds_data using 1:2\n");
	ds_gp_loop_end(gp);
}

static void test_script_frame(void **state)
{
	(void)state;
	char *s = written(script);
	assert_true(strncmp(s, "# demo.gp - what it shows\n", 26) == 0);
	assert_non_null(strstr(s, "\nreset\n"));
	assert_non_null(strstr(s, "ds_data = ds_here . '/demo.dat'\n"));
	assert_non_null(strstr(s, "if (!exists('ds_out')) { ds_out = ds_here }\n"));
	assert_non_null(
		strstr(s, "set terminal pngcairo noenhanced size 800,600 font 'DejaVu Sans,10'\n"));
	/* The SVG carries gnuplot's own script, so that values show on hover offline. */
	assert_non_null(strstr(s, "set terminal svg noenhanced mouse standalone size 800,600"));
	assert_non_null(strstr(s, "set output ds_out . '/demo.' . ds_fmt\n"));
	/* The loop closes after the caller's plot command. */
	const char *plot = strstr(s, "    plot ds_data using 1:2\n");
	assert_non_null(plot);
	assert_string_equal(plot, "    plot ds_data using 1:2\n    set output\n}\n");
	/* No double quote anywhere: gnuplot would expand backquotes inside one. */
	assert_null(strchr(s, '"'));
	free(s);
}

/* After a failed write the writer stays failed and writes nothing more. */
static void test_sticky_error(void **state)
{
	(void)state;
	FILE *full = fopen("/dev/full", "w");
	if (full == NULL)
		skip();
	assert_int_equal(setvbuf(full, NULL, _IONBF, 0), 0);
	struct ds_gp gp = { full, 0 };
	ds_gp_quote(&gp, "x");
	assert_int_equal(gp.failed, 1);
	clearerr(full);
	ds_gp_printf(&gp, "more");
	ds_gp_num(&gp, 1.0, 1);
	assert_int_equal(gp.failed, 1);
	assert_false(ferror(full));
	fclose(full);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quote),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_script_frame),
		cmocka_unit_test(test_sticky_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
