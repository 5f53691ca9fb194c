/*
 * test_fuzz.c - the regression corpus of the fuzzers (tests/data/fuzz/).
 *
 * Every input a fuzz harness (fuzz/) found to crash, hang, leak or misread
 * is kept there as a small CSV file, with NAME.expect beside it: the first
 * line is the exit code of `defspend check NAME.csv`, the rest is its
 * exact stderr (for exit 0: empty, and stdout names the file).  Each file is checked twice:
 *   - through the real binary, from the directory holding it, so the exit
 *     code, the message and its position are all pinned down (and under
 *     `make valgrind` the run must also be free of memory errors);
 *   - through the CSV reader in every chunk size from 1 byte to the whole
 *     file, which must deliver the same records and diagnostics each time
 *     (the invariant fuzz_csv checks, as in libcsv's own test).
 * Adding a case is adding two files; no code changes.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "defspend/csvread.h"
#include "defspend/dataset.h"
#include "defspend/load.h"
#include "defspend/lookup.h"
#include "helpers.h"

#define MAX_CASES 256

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.csv names of tests/data/fuzz, sorted; caller frees each and the array. */
static char **list_cases(size_t *n)
{
	DIR *d = opendir(ds_test_path("tests/data/fuzz"));
	assert_non_null(d);
	char **v = calloc(MAX_CASES, sizeof *v);
	assert_non_null(v);
	*n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		if (len > 4 && strcmp(e->d_name + len - 4, ".csv") == 0) {
			assert_true(*n < MAX_CASES);
			v[(*n)++] = strdup(e->d_name);
		}
	}
	closedir(d);
	qsort(v, *n, sizeof *v, by_name);
	return v;
}

static void free_cases(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void test_fuzz_cases_check(void **state)
{
	(void)state;
	size_t n;
	char **cases = list_cases(&n);
	assert_true(n >= 2); /* the corpus is there */
	char dir[4096];
	snprintf(dir, sizeof dir, "%s", ds_test_path("tests/data/fuzz"));
	for (size_t i = 0; i < n; i++) {
		char expect_name[512];
		snprintf(expect_name, sizeof expect_name, "%.*s.expect",
			 (int)(strlen(cases[i]) - 4), cases[i]);
		char *expect_path = ds_test_join(dir, expect_name);
		size_t elen;
		char *expect = ds_test_read(expect_path, &elen);
		if (expect == NULL)
			fail_msg("%s: no %s beside it", cases[i], expect_name);
		char *nl = strchr(expect, '\n');
		assert_non_null(nl);
		int want_status = atoi(expect);
		const char *want_err = nl + 1;

		const char *args[] = { "check", cases[i], NULL };
		struct ds_run r;
		assert_int_equal(ds_run(&r, args, dir, NULL, NULL), 0);
		if (r.status != want_status || strcmp(r.err, want_err) != 0)
			print_error("case %s\n", cases[i]);
		assert_int_equal(r.status, want_status);
		assert_string_equal(r.err, want_err);
		if (want_status != 0)
			assert_string_equal(r.out, "");
		else
			assert_non_null(strstr(r.out, cases[i])); /* its summary line */
		ds_run_free(&r);
		free(expect);
		free(expect_path);
	}
	free_cases(cases, n);
}

/* An FNV-1a digest of everything the reader delivers. */
static void mix(uint64_t *h, const void *p, size_t n)
{
	const unsigned char *s = p;
	for (size_t i = 0; i < n; i++)
		*h = (*h ^ s[i]) * 1099511628211ULL;
}

static int digest_record(void *ctx, const struct ds_csv_record *rec)
{
	uint64_t *h = ctx;
	long v[6] = { (long)rec->index, (long)rec->nfields, rec->line,
		      rec->raw_line,    (long)rec->lead,    rec->bom };
	mix(h, v, sizeof v);
	mix(h, rec->raw, rec->rawlen);
	for (size_t i = 0; i < rec->nfields; i++)
		mix(h, rec->fields[i].s, rec->fields[i].len + 1);
	return 0;
}

static uint64_t digest(const char *data, size_t len, size_t chunk)
{
	uint64_t h = 14695981039346656037ULL;
	struct ds_errors err;
	ds_errors_init(&err);
	int rc = ds_csv_read_mem("case.csv", data, len, chunk, digest_record, &h, &err);
	mix(&h, &rc, sizeof rc);
	for (size_t i = 0; i < err.n; i++) {
		long pos[2] = { err.v[i].line, err.v[i].column };
		mix(&h, pos, sizeof pos);
		mix(&h, err.v[i].msg, strlen(err.v[i].msg));
	}
	ds_errors_release(&err);
	return h;
}

static void test_fuzz_cases_chunks(void **state)
{
	(void)state;
	size_t n;
	char **cases = list_cases(&n);
	for (size_t i = 0; i < n; i++) {
		char rel[512];
		snprintf(rel, sizeof rel, "tests/data/fuzz/%s", cases[i]);
		size_t len;
		char *data = ds_test_read(ds_test_path(rel), &len);
		assert_non_null(data);
		uint64_t whole = digest(data, len, 0);
		for (size_t chunk = 1; chunk <= len; chunk++) {
			if (digest(data, len, chunk) != whole)
				fail_msg("%s: chunks of %zu bytes give other records", cases[i],
					 chunk);
		}
		free(data);
	}
	free_cases(cases, n);
}

/*
 * Found while writing fuzz_load's dataset walk: in a lone spending file a
 * name that folds to another member's code (BBB named "aaa") stopped the
 * index there, so later members could not be found at all (`show CCC`:
 * unknown country).  Every member must be found by its code, and a code
 * must win over a name.
 */
static void test_fuzz_lone_name_clash(void **state)
{
	(void)state;
	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_dataset *ds;
	assert_int_equal(ds_dataset_load(ds_test_path("tests/data/fuzz/lone-name-clash.csv"), NULL,
					 &ds, &err),
			 0);
	assert_int_equal(ds->nmembers, 3);
	size_t m;
	assert_int_equal(ds_lookup_member(ds, "CCC", &m), 0);
	assert_string_equal(ds->members[m].iso3, "CCC");
	assert_int_equal(ds_lookup_member(ds, "Bar", &m), 0);
	assert_string_equal(ds->members[m].iso3, "CCC");
	assert_int_equal(ds_lookup_member(ds, "aaa", &m), 0);
	assert_string_equal(ds->members[m].iso3, "AAA");
	assert_int_equal(ds_lookup_member(ds, "BBB", &m), 0);
	assert_string_equal(ds->members[m].iso3, "BBB");
	ds_dataset_free(ds);
	ds_errors_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fuzz_cases_check),
		cmocka_unit_test(test_fuzz_cases_chunks),
		cmocka_unit_test(test_fuzz_lone_name_clash),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
