/*
 * money.c - exact 128-bit arithmetic for amounts derived from percentages
 * (see money.h).
 *
 * Only three operations are needed: a product of two 64-bit fixed-point
 * figures (which cannot overflow 128 bits), a quotient rounded half away
 * from zero, and printing with a chosen number of decimals.  Rounding
 * happens in exactly one place, ds_wide_div_round(), so that a figure
 * printed with no decimals and the same figure printed with three agree.
 */
#include <stdint.h>
#include <string.h>

#include "defspend/money.h"

ds_wide ds_wide_pow10(int n)
{
	ds_wide p = 1;
	for (int i = 0; i < n && i < 38; i++)
		p *= 10;
	return p;
}

ds_wide ds_wide_div_round(ds_wide a, ds_wide b)
{
	int neg = (a < 0) != (b < 0);
	/* Magnitudes as unsigned, so that the most negative value is safe too. */
	__extension__ typedef unsigned __int128 uwide;
	uwide ua = a < 0 ? (uwide)0 - (uwide)a : (uwide)a;
	uwide ub = b < 0 ? (uwide)0 - (uwide)b : (uwide)b;
	uwide q, r;
	if ((ua >> 64) == 0 && (ub >> 64) == 0) {
		/* Both fit 64 bits, as most amounts do: a machine division. */
		uint64_t a64 = (uint64_t)ua, b64 = (uint64_t)ub;
		q = a64 / b64;
		r = a64 % b64;
	} else {
		q = ua / ub;
		r = ua % ub;
	}
	if (r >= ub - r) /* r * 2 >= ub, without overflowing */
		q++;
	return neg ? -(ds_wide)q : (ds_wide)q;
}

int ds_wide_format(char *buf, size_t size, ds_wide v, int scale_dec, int dec)
{
	if (scale_dec < 0)
		scale_dec = 0;
	if (scale_dec > 38)
		scale_dec = 38;
	if (dec < 0)
		dec = 0;
	if (dec > scale_dec)
		dec = scale_dec;
	ds_wide q = ds_wide_div_round(v, ds_wide_pow10(scale_dec - dec));
	int neg = q < 0;
	__extension__ typedef unsigned __int128 uwide;
	uwide u = neg ? (uwide)0 - (uwide)q : (uwide)q;
	/* The digits, last first: in 128 bits only while the value needs them. */
	char digit[48];
	size_t nd = 0;
	while ((u >> 64) != 0) {
		digit[nd++] = (char)('0' + (int)(u % 10));
		u /= 10;
	}
	for (uint64_t w = (uint64_t)u; w != 0; w /= 10)
		digit[nd++] = (char)('0' + (int)(w % 10));
	while (nd <= (size_t)dec) /* at least one digit before the point */
		digit[nd++] = '0';
	char tmp[48];
	size_t p = sizeof tmp;
	for (size_t i = 0; i < (size_t)dec; i++)
		tmp[--p] = digit[i];
	if (dec > 0)
		tmp[--p] = '.';
	for (size_t i = (size_t)dec; i < nd; i++)
		tmp[--p] = digit[i];
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

ds_money ds_money_pct_of_bn(int64_t pct, int64_t bn_micro)
{
	return (ds_wide)pct * (ds_wide)bn_micro * 10;
}

ds_money ds_money_from_bn(int64_t bn_micro)
{
	return (ds_wide)bn_micro * 1000000000;
}

ds_money ds_money_from_musd(int64_t musd_micro)
{
	return (ds_wide)musd_micro * 1000000;
}

int ds_money_format_musd(char *buf, size_t size, ds_money m, int dec)
{
	/* Micro-dollars are 10^-12 of a million dollars. */
	return ds_wide_format(buf, size, m, 12, dec);
}

int ds_wide_format_ratio(char *buf, size_t size, ds_wide num, ds_wide den, int pow10, int dec)
{
	ds_wide q = ds_wide_div_round(num * ds_wide_pow10(pow10 + dec), den);
	return ds_wide_format(buf, size, q, dec, dec);
}
