/*
 * test_util.c - cmocka tests of the helpers every module shares (util.h):
 * string copies, path joins and array growth.
 *
 * ds_grow() is tested where a hand-written loop goes wrong: the first
 * allocation, growth by more than a doubling, a request already met (no
 * reallocation), and sizes whose byte count would overflow, which must be
 * refused with the array left as it was.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "defspend/util.h"

static void test_strdup(void **state)
{
	(void)state;
	char src[] = "Poland";
	char *p = ds_strdup(src);
	assert_non_null(p);
	assert_ptr_not_equal(p, src);
	assert_string_equal(p, "Poland");
	src[0] = 'X'; /* a copy, not a view */
	assert_string_equal(p, "Poland");
	free(p);
	p = ds_strdup("");
	assert_non_null(p);
	assert_string_equal(p, "");
	free(p);
}

static void expect_join(const char *dir, const char *name, const char *want)
{
	char *p = ds_path_join(dir, name);
	assert_non_null(p);
	assert_string_equal(p, want);
	free(p);
}

static void test_path_join(void **state)
{
	(void)state;
	expect_join("data", "members.csv", "data/members.csv");
	expect_join("data/", "members.csv", "data/members.csv"); /* no second slash */
	expect_join("/", "tmp", "/tmp");
	expect_join("a//", "b", "a//b"); /* only one slash is ever added */
	expect_join("", "spending.csv", "spending.csv");
	expect_join("data", "releases/2024-06.csv", "data/releases/2024-06.csv");
	expect_join("data", "", "data/");
}

static void test_grow(void **state)
{
	(void)state;
	int *v = NULL;
	size_t cap = 0;
	/* Nothing needed: no allocation. */
	assert_int_equal(ds_grow(&v, &cap, 0, sizeof *v), 0);
	assert_null(v);
	assert_int_equal(cap, 0);
	/* The first allocation has room for 16 at least. */
	assert_int_equal(ds_grow(&v, &cap, 1, sizeof *v), 0);
	assert_non_null(v);
	assert_int_equal(cap, 16);
	for (int i = 0; i < 16; i++)
		v[i] = i * 7;
	/* A request already met changes nothing. */
	int *before = v;
	assert_int_equal(ds_grow(&v, &cap, 16, sizeof *v), 0);
	assert_ptr_equal(v, before);
	assert_int_equal(cap, 16);
	/* One more doubles; more than a doubling doubles until it fits. */
	assert_int_equal(ds_grow(&v, &cap, 17, sizeof *v), 0);
	assert_int_equal(cap, 32);
	assert_int_equal(ds_grow(&v, &cap, 100, sizeof *v), 0);
	assert_int_equal(cap, 128);
	for (int i = 0; i < 16; i++)
		assert_int_equal(v[i], i * 7); /* the contents move with it */
	v[127] = 1; /* the room is really there (ASan and valgrind check) */
	free(v);

	/* A capacity below 16 (set by someone else) grows to 16 at once. */
	char *s = malloc(3);
	assert_non_null(s);
	memcpy(s, "ab", 3);
	cap = 3;
	assert_int_equal(ds_grow(&s, &cap, 4, 1), 0);
	assert_int_equal(cap, 16);
	assert_string_equal(s, "ab");
	free(s);
}

static void test_grow_overflow(void **state)
{
	(void)state;
	double *v = NULL;
	size_t cap = 0;
	assert_int_equal(ds_grow(&v, &cap, 4, sizeof *v), 0);
	double *before = v;
	/* More elements than a size_t can count once doubled. */
	assert_int_equal(ds_grow(&v, &cap, SIZE_MAX, sizeof *v), -1);
	assert_int_equal(ds_grow(&v, &cap, SIZE_MAX / 2 + 2, 1), -1);
	/* A count that fits, but not once multiplied by the element size. */
	assert_int_equal(ds_grow(&v, &cap, SIZE_MAX / sizeof *v + 1, sizeof *v), -1);
	assert_int_equal(ds_grow(&v, &cap, 17, SIZE_MAX / 16), -1);
	/* Refused: the array and its capacity are as they were. */
	assert_ptr_equal(v, before);
	assert_int_equal(cap, 16);
	v[15] = 1.5;
	free(v);

	/* A refusal from the very first allocation leaves NULL and 0. */
	char *p = NULL;
	cap = 0;
	assert_int_equal(ds_grow(&p, &cap, 2, SIZE_MAX / 4), -1);
	assert_null(p);
	assert_int_equal(cap, 0);
}

/* ds_malloc_huge(): small blocks as malloc gives them; large ones on 2 MiB boundaries. */
static void test_malloc_huge(void **state)
{
	(void)state;
	char *small = ds_malloc_huge(100);
	assert_non_null(small);
	memset(small, 'x', 100);
	free(small);
	char *none = ds_malloc_huge(0);
	assert_non_null(none);
	free(none);
	size_t n = ((size_t)3 << 20) + 5;
	char *big = ds_malloc_huge(n);
	assert_non_null(big);
	assert_int_equal((uintptr_t)big % ((uintptr_t)2 << 20), 0);
	memset(big, 'y', n); /* all of it is there (ASan and valgrind check) */
	assert_int_equal(big[n - 1], 'y');
	char *grown = realloc(big, 2 * n); /* an ordinary block for realloc and free */
	assert_non_null(grown);
	assert_int_equal(grown[n - 1], 'y');
	free(grown);
	assert_null(ds_malloc_huge(SIZE_MAX - 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strdup),      cmocka_unit_test(test_path_join),
		cmocka_unit_test(test_grow),        cmocka_unit_test(test_grow_overflow),
		cmocka_unit_test(test_malloc_huge),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
