/*
 * gpscript.c - writing gnuplot scripts and data files safely (gpscript.h).
 *
 * The only way data text enters a script is ds_gp_quote(): a single-quoted
 * string, in which gnuplot expands no backquotes, no macros (@name) and no
 * backslash escapes, and which ends only at a lone `'`.  Doubling `'` and
 * dropping control characters (a line break would end the command, and a
 * trailing backslash would join the next line) is therefore enough to make
 * any name literal.  Terminals are opened `noenhanced`, so `_ ^ @ & { }`
 * print as themselves.
 *
 * This module only formats; which file the text lands in, and how it is
 * replaced, is its callers' business (the charts write through
 * ds_atomic, so an interrupted run never leaves a truncated script beside
 * a good image).
 */
#include <math.h>
#include <stdarg.h>

#include "defspend/gpscript.h"
#include "defspend/num.h"

static void put(struct ds_gp *gp, const char *s, size_t len)
{
	if (gp->failed || len == 0)
		return;
	if (fwrite(s, 1, len, gp->f) != len)
		gp->failed = 1;
}

static void quote(struct ds_gp *gp, const char *text, int tic)
{
	put(gp, "'", 1);
	for (const char *p = text; *p != '\0'; p++) {
		unsigned char c = (unsigned char)*p;
		if (c < 0x20 || c == 0x7f)
			put(gp, " ", 1);
		else if (c == '\'')
			put(gp, "''", 2);
		else if (c == '%' && tic)
			put(gp, "%%", 2);
		else
			put(gp, p, 1);
	}
	put(gp, "'", 1);
}

void ds_gp_quote(struct ds_gp *gp, const char *text)
{
	quote(gp, text, 0);
}

void ds_gp_quote_tic(struct ds_gp *gp, const char *text)
{
	quote(gp, text, 1);
}

void ds_gp_printf(struct ds_gp *gp, const char *fmt, ...)
{
	if (gp->failed)
		return;
	va_list ap;
	va_start(ap, fmt);
	if (vfprintf(gp->f, fmt, ap) < 0)
		gp->failed = 1;
	va_end(ap);
}

void ds_gp_pct(struct ds_gp *gp, long long pct, int dec)
{
	char buf[48];
	int n = ds_num_format_fixed(buf, sizeof buf, pct, DS_PCT_DECIMALS, dec);
	put(gp, buf, n > 0 ? (size_t)n : 0);
}

void ds_gp_num(struct ds_gp *gp, double v, int dec)
{
	char buf[64];
	if (!isfinite(v) || fabs(v) > 1e15) {
		put(gp, "NaN", 3);
		return;
	}
	int n = ds_num_format_double(buf, sizeof buf, v, dec);
	put(gp, buf, n > 0 ? (size_t)n : 0);
}

void ds_gp_preamble(struct ds_gp *gp, const char *name, const char *what)
{
	ds_gp_printf(gp,
		     "# %s.gp - %s\n"
		     "#\n"
		     "# Written by defspend.  It runs on its own from any directory:\n"
		     "#     gnuplot path/to/%s.gp\n"
		     "# reads %s.dat beside itself and writes %s.png and %s.svg there.\n"
		     "# Every text that comes from the data is a single-quoted string (gnuplot\n"
		     "# expands nothing inside those) and the terminals are noenhanced, so names\n"
		     "# print exactly as written.\n"
		     "\n"
		     "reset\n"
		     "\n"
		     "# This script's directory, from its own path (ARG0); './' keeps a relative\n"
		     "# directory from ever being read as a pipe.\n"
		     "ds_here = '.'\n"
		     "ds_i = strlen(ARG0)\n"
		     "while (ds_i > 0 && ARG0[ds_i:ds_i] ne '/') { ds_i = ds_i - 1 }\n"
		     "if (ds_i == 1) { ds_here = '/' }\n"
		     "if (ds_i > 1) { ds_here = ARG0[1:ds_i - 1] }\n"
		     "if (ds_here[1:1] ne '/') { ds_here = './' . ds_here }\n"
		     "\n"
		     "# defspend sets these when it renders: a private directory for the images\n"
		     "# (each moved beside the script once complete) and the formats asked for.\n"
		     "if (!exists('ds_out')) { ds_out = ds_here }\n"
		     "if (!exists('ds_formats')) { ds_formats = 'png svg' }\n"
		     "\n"
		     "set style textbox opaque noborder margins 0.5, 0.5\n"
		     "set datafile separator tab\n"
		     "set datafile missing 'NaN'\n"
		     "ds_data = ds_here . '/%s.dat'\n"
		     "\n",
		     name, what, name, name, name, name, name);
}

void ds_gp_loop_begin(struct ds_gp *gp, const char *name, int width, int height)
{
	ds_gp_printf(
		gp,
		"\n"
		"# One pass per format; the same plot command draws both.\n"
		"do for [ds_fmt in ds_formats] {\n"
		"    if (ds_fmt eq 'png') {\n"
		"        set terminal pngcairo noenhanced size %d,%d font 'DejaVu Sans,10'\n"
		"    } else {\n"
		"        set terminal svg noenhanced mouse standalone size %d,%d font 'DejaVu Sans,10' background '#ffffff'\n"
		"    }\n"
		"    set output ds_out . '/%s.' . ds_fmt\n",
		width, height, width, height, name);
}

void ds_gp_loop_end(struct ds_gp *gp)
{
	ds_gp_printf(gp, "    set output\n}\n");
}
