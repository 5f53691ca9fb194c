/*
 * test_data_e2e.c - data/ is what data/build_from_reference.py makes of the
 * sourced reference tables, byte for byte.
 *
 * The script writes beside itself and reads ../../shared/reference from
 * there, so it runs on a copy in a scratch tree whose shared/reference is a
 * link to the real one, and every file it writes is compared with the
 * committed file.  A checkout without the reference folder, or a machine
 * without python3, skips the test with a message: the data is still
 * checked by every other test, only its provenance cannot be replayed.
 */
#define _XOPEN_SOURCE 700 /* realpath() */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "helpers.h"

static const char *const files[] = {
	"spending.csv",
	"members.csv",
	"aid.csv",
	"aggregates.csv",
	"releases.csv",
	"releases/2024-06.csv",
	"releases/2025-04.csv",
	"releases/2026-03.csv",
	"releases/2026-07.csv",
	NULL,
};

static int is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static void test_build_reproduces_data(void **state)
{
	(void)state;
	char ref[PATH_MAX];
	char *refrel = ds_test_join(ds_test_srcdir(), "../shared/reference");
	assert_non_null(refrel);
	if (!is_dir(refrel) || realpath(refrel, ref) == NULL) {
		print_message("skipped: no ../shared/reference beside the source tree\n");
		free(refrel);
		skip();
	}
	free(refrel);
	if (system("command -v python3 >/dev/null 2>&1") != 0) {
		print_message("skipped: python3 is not installed\n");
		skip();
	}
	char *tmp = ds_test_tmpdir();
	assert_non_null(tmp);
	char *repo = ds_test_join(tmp, "repo"), *data = ds_test_join(repo, "data");
	char *shared = ds_test_join(tmp, "shared"), *link = ds_test_join(shared, "reference");
	char *script = ds_test_join(data, "build_from_reference.py");
	assert_int_equal(mkdir(repo, 0700), 0);
	assert_int_equal(mkdir(data, 0700), 0);
	assert_int_equal(mkdir(shared, 0700), 0);
	assert_int_equal(symlink(ref, link), 0);
	size_t len;
	char *text = ds_test_read(ds_test_path("data/build_from_reference.py"), &len);
	assert_non_null(text);
	assert_int_equal(ds_test_write(script, text, len), 0);
	free(text);
	char cmd[PATH_MAX + 64];
	snprintf(cmd, sizeof cmd, "python3 '%s' >/dev/null", script);
	assert_int_equal(system(cmd), 0);
	for (size_t i = 0; files[i] != NULL; i++) {
		char *made = ds_test_join(data, files[i]);
		char *committed = ds_test_join(ds_test_srcdir(), "data");
		char *cpath = ds_test_join(committed, files[i]);
		size_t a_len = 0, b_len = 0;
		char *a = ds_test_read(made, &a_len);
		char *b = ds_test_read(cpath, &b_len);
		if (a == NULL || b == NULL || a_len != b_len || memcmp(a, b, a_len) != 0)
			fail_msg("data/%s differs from what build_from_reference.py makes",
				 files[i]);
		free(a);
		free(b);
		free(cpath);
		free(committed);
		free(made);
	}
	free(script);
	free(link);
	free(shared);
	free(data);
	free(repo);
	ds_test_rmtree(tmp);
	free(tmp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_build_reproduces_data),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
