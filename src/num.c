/*
 * num.c - locale-free decimal parsing and formatting (see num.h).
 *
 * The parser accepts only what a careful human or NATO's tables write: digits,
 * at most one decimal point with digits on both sides, and optionally a minus
 * sign.  Everything else is an error that names what is wrong, because a
 * misread figure in this project is a wrong answer, not a crash.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "defspend/num.h"

static const int64_t pow10_table[19] = {
	1LL,
	10LL,
	100LL,
	1000LL,
	10000LL,
	100000LL,
	1000000LL,
	10000000LL,
	100000000LL,
	1000000000LL,
	10000000000LL,
	100000000000LL,
	1000000000000LL,
	10000000000000LL,
	100000000000000LL,
	1000000000000000LL,
	10000000000000000LL,
	100000000000000000LL,
	1000000000000000000LL,
};

/* INT64_MAX / 10^n: the largest value that can still be scaled by 10^n.
 * A table, because a division by a variable costs more than the rest of
 * parsing a number, and this runs for every number of the file. */
static const int64_t scale_limit[19] = {
	INT64_MAX / 1LL,
	INT64_MAX / 10LL,
	INT64_MAX / 100LL,
	INT64_MAX / 1000LL,
	INT64_MAX / 10000LL,
	INT64_MAX / 100000LL,
	INT64_MAX / 1000000LL,
	INT64_MAX / 10000000LL,
	INT64_MAX / 100000000LL,
	INT64_MAX / 1000000000LL,
	INT64_MAX / 10000000000LL,
	INT64_MAX / 100000000000LL,
	INT64_MAX / 1000000000000LL,
	INT64_MAX / 10000000000000LL,
	INT64_MAX / 100000000000000LL,
	INT64_MAX / 1000000000000000LL,
	INT64_MAX / 10000000000000000LL,
	INT64_MAX / 100000000000000000LL,
	INT64_MAX / 1000000000000000000LL,
};

int64_t ds_num_pow10(int n)
{
	return n >= 0 && n <= 18 ? pow10_table[n] : 0;
}

int64_t ds_num_ceil_fixed(int64_t v, int scale_dec, int dec)
{
	if (v <= 0 || dec >= scale_dec)
		return v;
	int64_t unit = ds_num_pow10(scale_dec - dec);
	return v / unit * unit + (v % unit != 0 ? unit : 0);
}

const char *ds_num_strerror(enum ds_num_error e)
{
	switch (e) {
	case DS_NUM_OK:
		return "no error";
	case DS_NUM_EMPTY:
		return "empty";
	case DS_NUM_SYNTAX:
		return "not a plain decimal number";
	case DS_NUM_COMMA:
		return "not a plain decimal number (decimal commas are not accepted: write a point, e.g. 2.1)";
	case DS_NUM_NEGATIVE:
		return "negative";
	case DS_NUM_PRECISION:
		return "has too many decimals";
	case DS_NUM_RANGE:
		return "too large";
	}
	return "invalid number";
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A comma between digits, once, and otherwise a valid number: "2,1". */
static int looks_like_decimal_comma(const char *s, size_t len)
{
	size_t i = 0, commas = 0, digits_before = 0, digits_after = 0;
	if (i < len && s[i] == '-')
		i++;
	for (; i < len; i++) {
		if (s[i] == ',') {
			commas++;
		} else if (is_digit(s[i])) {
			if (commas)
				digits_after++;
			else
				digits_before++;
		} else {
			return 0;
		}
	}
	return commas == 1 && digits_before > 0 && digits_after > 0;
}

enum ds_num_error ds_num_parse_fixed(const char *s, size_t len, int scale_dec, int allow_negative,
				     int64_t *value, int *decimals)
{
	if (len == 0)
		return DS_NUM_EMPTY;
	if (len <= 18 && s[0] != '-') {
		/* The common case, taken for every figure of a file: at most 18
		 * digits cannot overflow, so no check per digit.  Anything
		 * unusual falls through to the careful parse below. */
		int64_t v = 0;
		size_t i = 0;
		while (i < len && is_digit(s[i]))
			v = v * 10 + (s[i++] - '0');
		size_t dec = 0;
		if (i > 0 && i < len && s[i] == '.') {
			size_t from = ++i;
			while (i < len && is_digit(s[i]))
				v = v * 10 + (s[i++] - '0');
			dec = i - from;
			if (dec == 0)
				i = 0; /* "2." */
		}
		if (i == len && dec <= (size_t)scale_dec) {
			if (v > scale_limit[scale_dec - (int)dec])
				return DS_NUM_RANGE;
			*value = v * pow10_table[scale_dec - (int)dec];
			if (decimals != NULL)
				*decimals = (int)dec;
			return DS_NUM_OK;
		}
	}
	size_t i = 0;
	int neg = 0;
	if (s[0] == '-') {
		neg = 1;
		i = 1;
	}
	if (i == len || !is_digit(s[i]))
		return looks_like_decimal_comma(s, len) ? DS_NUM_COMMA : DS_NUM_SYNTAX;
	int64_t v = 0;
	for (; i < len && is_digit(s[i]); i++) {
		/* Constant bounds: this loop runs for every digit of the file. */
		if (v >= INT64_MAX / 10 && (v > INT64_MAX / 10 || s[i] - '0' > INT64_MAX % 10))
			return DS_NUM_RANGE;
		v = v * 10 + (s[i] - '0');
	}
	int dec = 0;
	if (i < len && s[i] == '.') {
		i++;
		if (i == len || !is_digit(s[i]))
			return DS_NUM_SYNTAX;
		for (; i < len && is_digit(s[i]); i++) {
			if (dec == scale_dec) {
				/* Trailing zeros beyond the scale change nothing, but
				 * they still claim a precision we cannot hold. */
				return DS_NUM_PRECISION;
			}
			if (v >= INT64_MAX / 10 &&
			    (v > INT64_MAX / 10 || s[i] - '0' > INT64_MAX % 10))
				return DS_NUM_RANGE;
			v = v * 10 + (s[i] - '0');
			dec++;
		}
	}
	if (i != len)
		return looks_like_decimal_comma(s, len) ? DS_NUM_COMMA : DS_NUM_SYNTAX;
	if (neg && !allow_negative)
		return DS_NUM_NEGATIVE;
	int64_t scale = pow10_table[scale_dec - dec];
	if (v > scale_limit[scale_dec - dec])
		return DS_NUM_RANGE;
	v *= scale;
	*value = neg ? -v : v;
	if (decimals != NULL)
		*decimals = dec;
	return DS_NUM_OK;
}

enum ds_num_error ds_num_parse_double(const char *s, size_t len, int allow_negative, double *value)
{
	int64_t v;
	int dec;
	enum ds_num_error e = ds_num_parse_fixed(s, len, 9, allow_negative, &v, &dec);
	if (e != DS_NUM_OK)
		return e;
	/* Both operands are exact, so the quotient is correctly rounded. */
	*value = (double)v / 1e9;
	return DS_NUM_OK;
}

enum ds_num_error ds_num_parse_long(const char *s, size_t len, long min, long max, long *value)
{
	int64_t v;
	int dec;
	enum ds_num_error e = ds_num_parse_fixed(s, len, 0, 1, &v, &dec);
	if (e == DS_NUM_PRECISION)
		return DS_NUM_SYNTAX; /* "2024.0" is not an integer */
	if (e != DS_NUM_OK)
		return e;
	if (v < min || v > max)
		return DS_NUM_RANGE;
	*value = (long)v;
	return DS_NUM_OK;
}

int ds_num_format_fixed(char *buf, size_t size, int64_t v, int scale_dec, int dec)
{
	if (scale_dec < 0 || scale_dec > 18)
		return snprintf(buf, size, "%s", "nan"); /* a caller's bug: visibly wrong */
	if (dec > scale_dec)
		dec = scale_dec;
	if (dec < 0)
		dec = 0;
	int neg = v < 0;
	uint64_t u = neg ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	uint64_t drop = (uint64_t)pow10_table[scale_dec - dec];
	uint64_t q = u / drop;
	if ((u % drop) * 2 >= drop)
		q++;
	if (q == 0)
		neg = 0; /* no "-0.00" */
	/* Digits from the right, without snprintf: tables of many thousand
	 * rows format every figure through here. */
	char tmp[48];
	size_t p = sizeof tmp;
	for (int i = 0; i < dec; i++) {
		tmp[--p] = (char)('0' + q % 10);
		q /= 10;
	}
	if (dec > 0)
		tmp[--p] = '.';
	do {
		tmp[--p] = (char)('0' + q % 10);
		q /= 10;
	} while (q != 0);
	if (neg)
		tmp[--p] = '-';
	size_t len = sizeof tmp - p;
	if (size > 0) {
		size_t n = len < size - 1 ? len : size - 1;
		memcpy(buf, tmp + p, n);
		buf[n] = '\0';
	}
	return (int)len;
}

int ds_num_format_double(char *buf, size_t size, double v, int dec)
{
	if (dec < 0)
		dec = 0;
	if (dec > 6)
		dec = 6;
	if (!isfinite(v) || fabs(v) > 9e12)
		return snprintf(buf, size, "%s", "nan");
	/* Half away from zero, as round() does, without libm: |x| < 2^63 here,
	 * and x - t is exact wherever x has a fraction at all. */
	double x = v * (double)pow10_table[dec];
	int64_t t = (int64_t)x;
	double frac = x - (double)t;
	if (frac >= 0.5)
		t++;
	else if (frac <= -0.5)
		t--;
	return ds_num_format_fixed(buf, size, t, dec, dec);
}
