/*
 * money.h - exact amounts derived from published decimals.
 *
 * A dollar gap is a percentage times a GDP: 0.20 points of 180.750 bn is
 * exactly 361.5 million dollars, and a double cannot say on which side of
 * the half that lies once the product has been rounded to binary.  So
 * every amount derived from a percentage is computed here in integers from
 * the fixed-point figures the loader read (percentages in millionths of a
 * point, amounts in millionths of their unit), held in 128 bits, and rounded
 * once, half away from zero, only when it is printed.
 *
 * The unit of `ds_money` is the micro-dollar (10^-6 US$).  The exact product
 * of a percentage in millionths of a point and a GDP in millionths of a
 * billion is a whole number of micro-dollars:
 *     pct/100 x gdp_bn x 10^9 $ = (pct_u x 10^-6) / 100 x (gdp_u x 10^-6) x 10^9 $
 *                              = pct_u x gdp_u x 10 micro-dollars,
 * and a sum of such products over any number of members stays far inside
 * 128 bits (2^127 micro-dollars is about 1.7 x 10^32 dollars).
 */
#ifndef DEFSPEND_MONEY_H
#define DEFSPEND_MONEY_H

#include <stddef.h>
#include <stdint.h>

/* A signed 128-bit integer (gcc and clang; __extension__ keeps -Wpedantic quiet). */
__extension__ typedef __int128 ds_wide;

/* An exact amount of US dollars, in micro-dollars. */
typedef ds_wide ds_money;

#define DS_MONEY_DEC 6 /* decimals of a dollar in ds_money */

/* 10^n as a wide integer, for n in 0..38. */
ds_wide ds_wide_pow10(int n);

/*
 * a / b rounded half away from zero; b must not be 0.  Exact for every pair
 * of operands whose quotient fits.
 */
ds_wide ds_wide_div_round(ds_wide a, ds_wide b);

/*
 * Writes v (in units of 10^-scale_dec, scale_dec in 0..38) with exactly dec
 * decimals, rounding half away from zero, into buf ("-0" is never written).
 * Returns the length written, as snprintf: at most 41 characters plus the
 * NUL are ever needed.
 */
int ds_wide_format(char *buf, size_t size, ds_wide v, int scale_dec, int dec);

/*
 * pct (millionths of a point) of an amount given in millionths of a billion
 * dollars, exactly: pct x bn x 10 micro-dollars.
 */
ds_money ds_money_pct_of_bn(int64_t pct, int64_t bn_micro);

/* An amount given in millionths of a billion dollars, as micro-dollars. */
ds_money ds_money_from_bn(int64_t bn_micro);

/* An amount given in millionths of a million dollars, as micro-dollars. */
ds_money ds_money_from_musd(int64_t musd_micro);

/*
 * Writes m in millions of dollars with dec decimals (0 to 12), rounded
 * half away from zero; returns the length as snprintf.
 */
int ds_money_format_musd(char *buf, size_t size, ds_money m, int dec);

/*
 * Writes num / den x 10^pow10 with dec decimals, rounded once, half away
 * from zero (den must not be 0): a share in percent is
 * ds_wide_format_ratio(buf, size, part, whole, 2, 2).  Returns the length
 * as snprintf.
 */
int ds_wide_format_ratio(char *buf, size_t size, ds_wide num, ds_wide den, int pow10, int dec);

#endif
