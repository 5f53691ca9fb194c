/*
 * test_text.c - cmocka tests of name folding and edit distance (text.h).
 *
 * Folding is what makes "Türkiye", "turkiye" and "Tu\u0308rkiye" one member,
 * so it is tested on every kind of character it treats apart: ASCII,
 * Latin-1 and Latin Extended-A letters, the ligatures, Romanian's
 * comma-below letters, marks, spaces and punctuation (dropped), and what it
 * keeps as it is (other scripts, invalid bytes).  The distance is tested
 * on its cap, which the suggestions rely on to stay cheap.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "defspend/text.h"

static void expect_fold(const char *in, const char *want)
{
	char key[64];
	size_t n = ds_text_fold(in, key, sizeof key);
	assert_string_equal(key, want);
	assert_int_equal(n, strlen(want));
}

static void test_fold(void **state)
{
	(void)state;
	expect_fold("T\xc3\xbcrkiye", "turkiye");
	expect_fold("Tu\xcc\x88rkiye", "turkiye");
	expect_fold("\xc4\x8c"
		    "esko",
		    "cesko"); /* Č */
	expect_fold("Stra\xc3\x9f"
		    "e",
		    "strasse");                   /* ß */
	expect_fold("\xc3\x86r\xc3\xb8", "aero"); /* Æ, ø */
	expect_fold("Rom\xc3\xa2nia", "romania");
	expect_fold("\xc8\x9a\xc4\x83ri", "tari"); /* Ț, ă */
	expect_fold("\xc5\x81\xc3\xb3"
		    "d\xc5\xba",
		    "lodz"); /* Ł, ó, ź */
	expect_fold("N. Macedonia", "nmacedonia");
	expect_fold("a\xc2\xa0"
		    "b\xe2\x80\x93"
		    "c",
		    "abc");                                             /* NBSP, en dash */
	expect_fold("\xce\x95\xce\xbb\xce\xbb\xce\xac\xce\xb4\xce\xb1", /* Greek is kept */
		    "\xce\x95\xce\xbb\xce\xbb\xce\xac\xce\xb4\xce\xb1");
	expect_fold("\xf0\x9f\x98\x80x", "\xf0\x9f\x98\x80x"); /* 4-byte kept */
	expect_fold("", "");
	/* A key longer than the buffer is cut, and still terminated. */
	char small[4];
	assert_int_equal(ds_text_fold("Netherlands", small, sizeof small), 3);
	assert_string_equal(small, "net");
	assert_int_equal(ds_text_fold("x", small, 0), 0);
}

static void test_distance(void **state)
{
	(void)state;
	assert_int_equal(ds_text_distance("kitten", "sitting", 10), 3);
	assert_int_equal(ds_text_distance("poland", "poland", 10), 0);
	assert_int_equal(ds_text_distance("", "abc", 10), 3);
	assert_int_equal(ds_text_distance("abcdef", "uvwxyz", 2), 2); /* capped */
}

static void test_fold_more(void **state)
{
	(void)state;
	expect_fold("POLAND", "poland");
	expect_fold("G7 / G20", "g7g20"); /* digits kept, spaces and '/' dropped */
	expect_fold("O'Neill-Smith, Jr.", "oneillsmithjr");
	expect_fold("\xc5\x92uvre", "oeuvre");   /* Œ */
	expect_fold("\xc3\x9e\xc3\xb3r", "tor"); /* Þ, ó */
	expect_fold("2\xc3\x97"
		    "3",
		    "23");                                      /* × is dropped */
	expect_fold("\xc8\x98\xc8\x99\xc8\x9b", "sst");         /* Ș, ș, ț */
	expect_fold("e\xcc\x81", "e");                          /* combining acute */
	expect_fold("Cote d\xe2\x80\x99Ivoire", "cotedivoire"); /* curly apostrophe */
	/* Bytes that start no valid sequence are kept as they are. */
	expect_fold("a\xff"
		    "b",
		    "a\xff"
		    "b");
	expect_fold("\xc3x", "\xc3x"); /* a sequence cut short */
	expect_fold("\x80", "\x80");   /* a lone continuation byte */
	/* Cut inside a two-letter expansion: still terminated, length counts. */
	char small[3];
	assert_int_equal(ds_text_fold("x\xc3\x9f", small, sizeof small), 2);
	assert_string_equal(small, "xs");
	char one[1] = { 'z' };
	assert_int_equal(ds_text_fold("Poland", one, sizeof one), 0);
	assert_string_equal(one, "");
}

static void test_distance_more(void **state)
{
	(void)state;
	assert_int_equal(ds_text_distance("ab", "ba", 10), 2); /* no transpositions */
	assert_int_equal(ds_text_distance("flaw", "lawn", 10), 2);
	assert_int_equal(ds_text_distance("lawn", "flaw", 10), 2); /* symmetric */
	assert_int_equal(ds_text_distance("abc", "", 10), 3);
	assert_int_equal(ds_text_distance("", "", 10), 0);
	/* Bytes, not characters: é is two bytes. */
	assert_int_equal(ds_text_distance("\xc3\xa9", "e", 10), 2);
	/* The cap: a distance at or above it is the cap. */
	assert_int_equal(ds_text_distance("kitten", "sitting", 3), 3);
	assert_int_equal(ds_text_distance("kitten", "sitting", 4), 3);
	assert_int_equal(ds_text_distance("a", "b", 0), 0);
	/* Up to 64 bytes are compared; longer strings are "far". */
	char a[66], b[66];
	memset(a, 'a', 64);
	a[64] = '\0';
	memcpy(b, a, 65);
	b[63] = 'b';
	assert_int_equal(ds_text_distance(a, b, 10), 1);
	a[64] = 'a';
	a[65] = '\0';
	assert_int_equal(ds_text_distance(a, "a", 100), 100);
	assert_int_equal(ds_text_distance("a", a, 7), 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_distance),
		cmocka_unit_test(test_fold_more),
		cmocka_unit_test(test_distance_more),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
