/*
 * num.h - numbers read and written without the process locale.
 *
 * Percentages are held as fixed-point integers in millionths of a point
 * (DS_PCT_SCALE), together with the number of decimals they were published
 * with, so that 2.00 meets a 2% threshold exactly and 2.1 (one decimal) can
 * be told apart from 2.10.  Amounts (dollars, euros, GDP) are parsed the
 * same way, in millionths of their unit (DS_AMOUNT_SCALE), so that every
 * figure derived from them can be exact (money.h).  Nothing here calls strtod()
 * or printf("%f"), whose decimal point depends on LC_NUMERIC.
 */
#ifndef DEFSPEND_NUM_H
#define DEFSPEND_NUM_H

#include <stddef.h>
#include <stdint.h>

#define DS_PCT_DECIMALS 6
#define DS_PCT_SCALE 1000000

/* Amounts (dollars, euros, GDP) are held the same way, in millionths of their unit. */
#define DS_AMOUNT_DECIMALS 6
#define DS_AMOUNT_SCALE 1000000

enum ds_num_error {
	DS_NUM_OK = 0,
	DS_NUM_EMPTY,     /* nothing to parse */
	DS_NUM_SYNTAX,    /* not a plain decimal number */
	DS_NUM_COMMA,     /* looks like a decimal comma: 2,1 */
	DS_NUM_NEGATIVE,  /* a minus sign where none is allowed */
	DS_NUM_PRECISION, /* more decimals than can be held */
	DS_NUM_RANGE      /* too large */
};

/* A short, lowercase description of an error, e.g. "not a plain decimal number". */
const char *ds_num_strerror(enum ds_num_error e);

/*
 * Parses a plain decimal `DIGITS[.DIGITS]` (with a leading '-' when
 * allow_negative) of s[0..len) into *value, in units of 10^-scale_dec, and
 * the number of decimals written into *decimals (may be NULL).  No spaces,
 * no exponent, no '+', no thousands separators.
 */
enum ds_num_error ds_num_parse_fixed(const char *s, size_t len, int scale_dec, int allow_negative,
				     int64_t *value, int *decimals);

/* Like ds_num_parse_fixed() at up to 9 decimals, converted to a double. */
enum ds_num_error ds_num_parse_double(const char *s, size_t len, int allow_negative, double *value);

/* Parses an optionally negative decimal integer in [min, max]. */
enum ds_num_error ds_num_parse_long(const char *s, size_t len, long min, long max, long *value);

/*
 * Writes v (in units of 10^-scale_dec) with exactly `dec` decimals, rounding
 * half away from zero, into buf.  Returns the length written, as snprintf.
 */
int ds_num_format_fixed(char *buf, size_t size, int64_t v, int scale_dec, int dec);

/* Writes a double with `dec` decimals (0 to 6), rounding half away from zero. */
int ds_num_format_double(char *buf, size_t size, double v, int dec);

/* 10^n for n in 0..18. */
int64_t ds_num_pow10(int n);

/*
 * v (units of 10^-scale_dec, >= 0) rounded up to dec decimals (dec <=
 * scale_dec), still in units of 10^-scale_dec: what a quantity that must be
 * reached, such as the points a year needed, prints as without falling short.
 */
int64_t ds_num_ceil_fixed(int64_t v, int scale_dec, int dec);

#endif
