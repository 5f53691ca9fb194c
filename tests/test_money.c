/*
 * test_money.c - cmocka tests of the exact money arithmetic.
 *
 * The reason the module exists is the half-way case: 0.20 points of a
 * 180.750 bn GDP is exactly 361.5 million dollars, which must print as 362
 * every time (half away from zero), where a double product lands on either
 * side.  So besides the unit cases, every gap of a grid of two-decimal
 * percentages and three-decimal GDPs is checked against a plain 64-bit
 * decimal computation done here, half-way cases included.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "defspend/money.h"

static const char *fmt_wide(ds_wide v, int scale, int dec)
{
	static char buf[64];
	int n = ds_wide_format(buf, sizeof buf, v, scale, dec);
	assert_int_equal((size_t)n, strlen(buf));
	return buf;
}

static void test_div_round(void **state)
{
	(void)state;
	assert_true(ds_wide_div_round(7, 2) == 4);
	assert_true(ds_wide_div_round(-7, 2) == -4);
	assert_true(ds_wide_div_round(7, -2) == -4);
	assert_true(ds_wide_div_round(5, 3) == 2);
	assert_true(ds_wide_div_round(4, 3) == 1);
	assert_true(ds_wide_div_round(-4, 3) == -1);
	assert_true(ds_wide_div_round(0, 5) == 0);
	assert_true(ds_wide_div_round(1, 3) == 0);
	/* Beyond 64 bits. */
	ds_wide big = ds_wide_pow10(30);
	assert_true(ds_wide_div_round(big + 5, 10) == ds_wide_pow10(29) + 1);
	assert_true(ds_wide_div_round(big + 4, 10) == ds_wide_pow10(29));
	/* Across the 64-bit boundary, both ways. */
	ds_wide two64 = (ds_wide)UINT64_MAX + 1;
	assert_true(ds_wide_div_round(two64 + 1, 2) == two64 / 2 + 1);
	assert_true(ds_wide_div_round((ds_wide)UINT64_MAX, 2) == two64 / 2);
	assert_true(ds_wide_div_round(-(ds_wide)UINT64_MAX, 2) == -(two64 / 2));
	assert_true(ds_wide_div_round(5, two64) == 0);
	assert_true(ds_wide_div_round(two64 * 3, two64) == 3);
}

static void test_format(void **state)
{
	(void)state;
	assert_string_equal(fmt_wide(3615, 1, 0), "362");
	assert_string_equal(fmt_wide(-3615, 1, 0), "-362");
	assert_string_equal(fmt_wide(3614, 1, 0), "361");
	assert_string_equal(fmt_wide(3615, 1, 1), "361.5");
	assert_string_equal(fmt_wide(3615, 1, 5), "361.5"); /* dec capped at the scale */
	assert_string_equal(fmt_wide(-4, 1, 0), "0");       /* never "-0" */
	assert_string_equal(fmt_wide(-5, 2, 1), "-0.1");
	assert_string_equal(fmt_wide(5, 3, 3), "0.005");
	assert_string_equal(fmt_wide(ds_wide_pow10(38) - 1, 0, 0),
			    "99999999999999999999999999999999999999");
	/* Either side of 2^64, where the digits change from 128 to 64 bits. */
	ds_wide two64 = (ds_wide)UINT64_MAX + 1;
	assert_string_equal(fmt_wide(two64 - 1, 0, 0), "18446744073709551615");
	assert_string_equal(fmt_wide(two64, 0, 0), "18446744073709551616");
	assert_string_equal(fmt_wide(-two64 - 1, 3, 2), "-18446744073709551.62");
	assert_string_equal(fmt_wide(two64 * 10 + 5, 1, 0), "18446744073709551617");
	assert_string_equal(fmt_wide(two64 * 1000, 3, 3), "18446744073709551616.000");
	assert_string_equal(fmt_wide(0, 12, 4), "0.0000");
	char small[4];
	assert_int_equal(ds_wide_format(small, sizeof small, 123456, 0, 0), 6);
	assert_string_equal(small, "123");
}

static void test_money_gap(void **state)
{
	(void)state;
	char buf[64];
	/* 0.20 points of 180.750 bn: exactly 361.5 million. */
	ds_money m = ds_money_pct_of_bn(200000, 180750000LL);
	ds_money_format_musd(buf, sizeof buf, m, 0);
	assert_string_equal(buf, "362");
	ds_money_format_musd(buf, sizeof buf, m, 3);
	assert_string_equal(buf, "361.500");
	/* 1.21 points of US GDP 30,615.743 bn. */
	m = ds_money_pct_of_bn(1210000, 30615743000LL);
	ds_money_format_musd(buf, sizeof buf, m, 0);
	assert_string_equal(buf, "370450"); /* 370,450.4903 */
	/* A published dollar figure converts exactly. */
	m = ds_money_from_musd(28100000000LL); /* 28100 m */
	ds_money_format_musd(buf, sizeof buf, m, 0);
	assert_string_equal(buf, "28100");
	ds_money_format_musd(buf, sizeof buf, m + ds_money_from_musd(500000), 0);
	assert_string_equal(buf, "28101"); /* 28100.5 rounds up */
	/* Sums far beyond 64 bits stay exact. */
	ds_money sum = 0;
	for (int i = 0; i < 1000; i++)
		sum += ds_money_pct_of_bn(100000000, 30000000000LL); /* 100% of 30,000 bn */
	ds_money_format_musd(buf, sizeof buf, sum, 0);
	assert_string_equal(buf, "30000000000");
}

/*
 * Every two-decimal percentage 0.01..9.99 against GDPs with three decimals
 * chosen so that many products end in exactly half a million: the gap in
 * units of 0.0001 million is k * g (k hundredths of a point, g thousandths
 * of a billion), which 64-bit integers hold, rounded here by hand.
 */
static void test_half_way_grid(void **state)
{
	(void)state;
	static const int64_t gdps[] = { 180750, 1250, 2500, 13246, 999999, 30615743, 5013574, 50 };
	size_t checked = 0, halves = 0;
	for (size_t gi = 0; gi < sizeof gdps / sizeof gdps[0]; gi++) {
		for (int64_t k = 1; k < 1000; k++) {
			int64_t g = gdps[gi];
			int64_t units = k * g; /* 0.0001 million dollars */
			int64_t whole = units / 10000, rest = units % 10000;
			if (rest >= 5000)
				whole++;
			if (rest == 5000)
				halves++;
			char want[32], got[64];
			snprintf(want, sizeof want, "%lld", (long long)whole);
			ds_money m = ds_money_pct_of_bn(k * 10000, g * 1000);
			ds_money_format_musd(got, sizeof got, m, 0);
			assert_string_equal(got, want);
			checked++;
		}
	}
	assert_true(checked == 7992);
	assert_true(halves >= 300); /* the grid really holds half-way cases */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_div_round),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_money_gap),
		cmocka_unit_test(test_half_way_grid),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
