/*
 * test_strmap.c - cmocka tests of the hash map and the string pool
 * (strmap.h).
 *
 * Keys are compared by length and bytes, not as C strings: the loader looks
 * up cells in place, and a cell "POL" must not find "POLAND" nor a prefix of
 * itself.  Growth is driven well past the first table so that every key is
 * rehashed several times.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "defspend/strmap.h"

static void test_map_basics(void **state)
{
	(void)state;
	struct ds_strmap m;
	ds_strmap_init(&m);
	uint32_t v = 77;
	assert_int_equal(ds_strmap_get(&m, "POL", 3, &v), 0); /* empty: no table yet */
	assert_int_equal(v, 77);
	assert_int_equal(ds_strmap_put(&m, "POL", 3, 1), 0);
	assert_int_equal(ds_strmap_put(&m, "POLAND", 6, 2), 0);
	assert_int_equal(m.n, 2);
	assert_int_equal(ds_strmap_get(&m, "POL", 3, &v), 1);
	assert_int_equal(v, 1);
	assert_int_equal(ds_strmap_get(&m, "POLAND", 6, &v), 1);
	assert_int_equal(v, 2);
	/* By length and bytes: a prefix, or a longer key, is another key. */
	assert_int_equal(ds_strmap_get(&m, "POLAND", 3, &v), 1);
	assert_int_equal(v, 1);
	assert_int_equal(ds_strmap_get(&m, "PO", 2, &v), 0);
	assert_int_equal(ds_strmap_get(&m, "POLA", 4, &v), 0);
	assert_int_equal(ds_strmap_get(&m, "pol", 3, &v), 0); /* case matters */
	/* Putting a key again replaces its value; the count stays. */
	assert_int_equal(ds_strmap_put(&m, "POL", 3, 9), 0);
	assert_int_equal(m.n, 2);
	assert_int_equal(ds_strmap_get(&m, "POL", 3, &v), 1);
	assert_int_equal(v, 9);
	/* The empty key and keys holding NUL bytes are keys like any other. */
	assert_int_equal(ds_strmap_put(&m, "", 0, 5), 0);
	assert_int_equal(ds_strmap_put(&m, "a\0b", 3, 6), 0);
	assert_int_equal(ds_strmap_get(&m, "", 0, &v), 1);
	assert_int_equal(v, 5);
	assert_int_equal(ds_strmap_get(&m, "a\0b", 3, &v), 1);
	assert_int_equal(v, 6);
	assert_int_equal(ds_strmap_get(&m, "a\0c", 3, &v), 0);
	ds_strmap_release(&m);
	assert_int_equal(m.n, 0);
	assert_int_equal(m.cap, 0);
	assert_int_equal(ds_strmap_get(&m, "POL", 3, &v), 0); /* usable after release */
}

static void test_map_growth(void **state)
{
	(void)state;
	enum { N = 5000 };
	static char keys[N][16];
	struct ds_strmap m;
	ds_strmap_init(&m);
	for (int i = 0; i < N; i++) {
		snprintf(keys[i], sizeof keys[i], "k%d", i);
		assert_int_equal(ds_strmap_put(&m, keys[i], strlen(keys[i]), (uint32_t)i), 0);
		/* Never more than half full, so a probe always ends. */
		assert_true(m.n * 2 <= m.cap);
	}
	assert_int_equal(m.n, N);
	for (int i = 0; i < N; i++) {
		uint32_t v;
		assert_int_equal(ds_strmap_get(&m, keys[i], strlen(keys[i]), &v), 1);
		assert_int_equal(v, (uint32_t)i);
	}
	uint32_t v;
	assert_int_equal(ds_strmap_get(&m, "k5000", 5, &v), 0);
	ds_strmap_release(&m);
}

static void test_pool(void **state)
{
	(void)state;
	struct ds_pool p;
	assert_int_equal(ds_pool_init(&p), 0);
	/* Id 0 is the empty string, already there. */
	assert_int_equal(p.n, 1);
	assert_string_equal(ds_pool_str(&p, 0), "");
	uint32_t id = 99;
	assert_int_equal(ds_pool_intern(&p, "", 0, &id), 0);
	assert_int_equal(id, 0);

	char cell[] = "NATO 2025,rest";
	uint32_t a, b, c;
	/* A slice, not NUL-terminated where it ends: stored terminated. */
	assert_int_equal(ds_pool_intern(&p, cell, 9, &a), 0);
	assert_int_equal(a, 1);
	assert_string_equal(ds_pool_str(&p, a), "NATO 2025");
	/* The pool holds a copy: changing the source changes nothing. */
	cell[0] = 'X';
	assert_string_equal(ds_pool_str(&p, a), "NATO 2025");
	/* The same string is one id; another string another. */
	assert_int_equal(ds_pool_intern(&p, "NATO 2025", 9, &b), 0);
	assert_int_equal(b, a);
	assert_int_equal(ds_pool_intern(&p, "NATO 2024", 9, &c), 0);
	assert_int_equal(c, 2);
	assert_int_equal(p.n, 3);
	/* An id the pool never gave reads as the empty string. */
	assert_string_equal(ds_pool_str(&p, 3), "");
	assert_string_equal(ds_pool_str(&p, UINT32_MAX), "");

	/* Many strings: ids stay dense and every string stays in place. */
	char buf[16];
	for (uint32_t i = 0; i < 1000; i++) {
		snprintf(buf, sizeof buf, "s%u", (unsigned)i);
		assert_int_equal(ds_pool_intern(&p, buf, strlen(buf), &id), 0);
		assert_int_equal(id, 3 + i);
	}
	assert_string_equal(ds_pool_str(&p, 3), "s0");
	assert_string_equal(ds_pool_str(&p, 1002), "s999");
	assert_string_equal(ds_pool_str(&p, a), "NATO 2025");
	ds_pool_release(&p);
	assert_int_equal(p.n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_map_basics),
		cmocka_unit_test(test_map_growth),
		cmocka_unit_test(test_pool),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
