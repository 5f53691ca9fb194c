/*
 * test_utf8.c - cmocka tests of the UTF-8 decoder, validator and width.
 *
 * The invalid cases are the classic ones from Markus Kuhn's decoder stress
 * test: overlong forms, surrogates, values above U+10FFFF, stray
 * continuation bytes and sequences cut short, by the NUL or by len.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "defspend/utf8.h"

static void test_utf8_width(void **state)
{
	(void)state;
	assert_int_equal(ds_utf8_width(""), 0);
	assert_int_equal(ds_utf8_width("Poland"), 6);
	assert_int_equal(ds_utf8_width("Türkiye"), 7);
	assert_int_equal(ds_utf8_width("Tu\xcc\x88rkiye"), 7); /* combining diaeresis */
	assert_int_equal(ds_utf8_width("日本"), 4);
	assert_int_equal(ds_utf8_width("한국"), 4);
	assert_int_equal(ds_utf8_width("\xef\xbc\xa1"), 2);     /* fullwidth A */
	assert_int_equal(ds_utf8_width("\xf0\x9f\x98\x80"), 2); /* emoji */
	assert_int_equal(ds_utf8_width("a\xe2\x80\x8b"
				       "b"),
			 2);                            /* zero-width space */
	assert_int_equal(ds_utf8_width("\xff\xfe"), 2); /* invalid bytes */
	assert_int_equal(ds_utf8_width("a\tb"), 2);
	assert_int_equal(ds_utf8_cp_width(0x0301), 0);
	assert_int_equal(ds_utf8_cp_width(0x303F), 1);
	assert_int_equal(ds_utf8_cp_width(0x4E00), 2);
	assert_int_equal(ds_utf8_cp_width(0xAC00), 2);
	assert_int_equal(ds_utf8_cp_width(0x20000), 2);
	assert_int_equal(ds_utf8_cp_width(0x85), 0);
	assert_int_equal(ds_utf8_cp_width(0xE9), 1);
}

static void test_utf8_valid(void **state)
{
	static const char *const good[] = { "",
					    "abc",
					    "\xc3\xbc",
					    "\xe6\x97\xa5",
					    "\xf0\x9f\x98\x80",
					    "\xf4\x8f\xbf\xbf",
					    "\xef\xbf\xbd",
					    "\xc2\x80" };
	static const char *const bad[] = { "\xc0\xaf",
					   "\xc1\xbf",
					   "\xe0\x80\xaf",
					   "\xf0\x80\x80\xaf",
					   "\xed\xa0\x80",
					   "\xed\xbf\xbf",
					   "\xf4\x90\x80\x80",
					   "\xf5\x80\x80\x80",
					   "\xff",
					   "\x80",
					   "\xc3",
					   "\xe6\x97",
					   "\xf0\x9f\x98",
					   "\xc3(",
					   "a\xe6\x97" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof good / sizeof good[0]; i++)
		assert_true(ds_utf8_valid(good[i], strlen(good[i])));
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_false(ds_utf8_valid(bad[i], strlen(bad[i])));
	assert_true(ds_utf8_valid(NULL, 0));
	assert_true(ds_utf8_valid("a\0b", 3));
	assert_false(ds_utf8_valid("\xe6\x97\xa5", 2)); /* truncated by len */
}

static void test_utf8_decode(void **state)
{
	uint32_t cp = 0;

	(void)state;
	assert_int_equal(ds_utf8_decode("A", 1, &cp), 1);
	assert_int_equal(cp, 'A');
	assert_int_equal(ds_utf8_decode("\xf4\x8f\xbf\xbf", 4, &cp), 4);
	assert_int_equal(cp, 0x10FFFF);
	assert_int_equal(ds_utf8_decode("\xc3\xbcx", 3, &cp), 2);
	assert_int_equal(cp, 0xFC);
	assert_int_equal(ds_utf8_decode("\xed\x9f\xbf", 3, &cp), 3);
	assert_int_equal(cp, 0xD7FF);
	assert_int_equal(ds_utf8_decode("\xed\xa0\x80", 3, &cp), 0);
	assert_int_equal(cp, 0xD7FF); /* untouched on failure */
	assert_int_equal(ds_utf8_decode("x", 0, &cp), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_width),
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_utf8_decode),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
