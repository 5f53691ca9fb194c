/*
 * test_readonly_e2e.c - updates of data a user may read but not write, as
 * a non-root user (root may write anywhere, so as root the binary is run
 * as nobody): --dry-run of set, import, member add and promote works and
 * leaves no lock file; a real update says the directory is read-only,
 * with the way out, and exits 73.
 */
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

struct fx {
	char *dir;  /* readable by all */
	char *data; /* a copy of the shipped data in it, read-only */
	char *wide; /* a table to import */
	long uid;   /* who runs the binary: nobody when the tests run as root */
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	if (f == NULL || (f->dir = ds_test_tmpdir()) == NULL)
		return -1;
	f->data = ds_test_join(f->dir, "data");
	f->wide = ds_test_join(f->dir, "wide.csv");
	f->uid = geteuid() == 0 ? DS_TEST_NOBODY : -1;
	if (mkdir(f->data, 0755) != 0 || ds_test_copy_data(f->data) != 0 ||
	    ds_test_write(f->wide, "Country,2024\nPoland,3.80\n", (size_t)-1) != 0)
		return -1;
	/* Everything readable by the user under test, nothing writable. */
	char cmd[8400];
	snprintf(cmd, sizeof cmd, "chmod -R a+rX,a-w '%s/data' && chmod 755 '%s' && chmod 644 '%s'",
		 f->dir, f->dir, f->wide);
	if (system(cmd) != 0)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char cmd[4400];
	snprintf(cmd, sizeof cmd, "chmod -R u+w '%s'", f->dir);
	if (system(cmd) != 0)
		return -1;
	ds_test_rmtree(f->dir);
	free(f->dir);
	free(f->data);
	free(f->wide);
	free(f);
	return 0;
}

static void run(struct fx *f, struct ds_run *r, const char *const *args)
{
	const char *argv[32];
	size_t n = 0;
	argv[n++] = "--data";
	argv[n++] = f->data;
	for (size_t i = 0; args[i] && n < 31; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	/* HOME where nothing can be written either: no user copy sneaks in. */
	const char *const env[] = { "HOME=/nonexistent", "XDG_DATA_HOME=", "DEFSPEND_DATA=", NULL };
	assert_int_equal(ds_run_as(r, f->uid, argv, f->dir, env, NULL), 0);
	if (r->status == 126)
		fail_msg("could not run the binary as user %ld", f->uid);
}

/* No file of the data changed, and no lock or temporary file appeared. */
static void expect_untouched(struct fx *f)
{
	char cmd[4400];
	snprintf(cmd, sizeof cmd,
		 "cd '%s' && test -z \"$(find . -name '.defspend*')\" && "
		 "diff -r -x '.defspend*' . '%s/data' >/dev/null",
		 f->data, ds_test_srcdir());
	if (system(cmd) != 0)
		fail_msg("the read-only data changed, or a lock file appeared");
}

static void test_dry_runs(void **state)
{
	struct fx *f = *state;
	struct ds_run r;
	const char *const set[] = { "set",      "POL", "2024",      "pct_gdp=3.80",
				    "--source", "x",   "--dry-run", NULL };
	run(f, &r, set);
	if (r.status != 0)
		fail_msg("set --dry-run: exit %d: %s", r.status, r.err);
	assert_non_null(strstr(r.out, "Poland 2024 pct_gdp: 3.79 -> 3.80\n"));
	assert_non_null(strstr(r.out, "not written"));
	ds_run_free(&r);
	const char *const imp[] = { "import", f->wide, "--source", "x", "--dry-run", NULL };
	run(f, &r, imp);
	if (r.status != 0)
		fail_msg("import --dry-run: exit %d: %s", r.status, r.err);
	assert_non_null(strstr(r.out, "dry run: nothing written\n"));
	ds_run_free(&r);
	const char *const newrel[] = { "--release", "2030-01",   "import",    f->wide, "--source",
				       "x",         "--current", "--dry-run", NULL };
	run(f, &r, newrel);
	if (r.status != 0)
		fail_msg("import --release NEW --dry-run: exit %d: %s", r.status, r.err);
	assert_non_null(strstr(r.out, "release '2030-01' would be added to releases.csv\n"));
	assert_non_null(strstr(r.out, "release '2030-01' would become current\n"));
	ds_run_free(&r);
	const char *const member[] = { "member", "add", "XKX", "Kosovo", "--dry-run", NULL };
	run(f, &r, member);
	if (r.status != 0)
		fail_msg("member add --dry-run: exit %d: %s", r.status, r.err);
	assert_string_equal(r.out,
			    "would add XKX: Kosovo (joined unknown); dry run: nothing written\n");
	ds_run_free(&r);
	/* A dry run still says what a real one would refuse. */
	const char *const clash[] = { "member", "add", "XKX", "Poland", "--dry-run", NULL };
	run(f, &r, clash);
	assert_int_equal(r.status, 65);
	assert_non_null(strstr(r.err, "names, codes and aliases must be unique"));
	ds_run_free(&r);
	const char *const promote[] = { "promote", "2024-06", "--dry-run", NULL };
	run(f, &r, promote);
	if (r.status != 0)
		fail_msg("promote --dry-run: exit %d: %s", r.status, r.err);
	assert_non_null(strstr(r.out, "would become current"));
	ds_run_free(&r);
	/* Queries read it too. */
	const char *const list[] = { "-q", "list", NULL };
	run(f, &r, list);
	assert_int_equal(r.status, 0);
	ds_run_free(&r);
	expect_untouched(f);
}

static void test_real_update_refused(void **state)
{
	struct fx *f = *state;
	struct ds_run r;
	const char *const set[] = { "set", "POL", "2024", "pct_gdp=3.80", "--source", "x", NULL };
	run(f, &r, set);
	assert_int_equal(r.status, 73);
	assert_string_equal(r.out, "");
	char want[4400];
	snprintf(want, sizeof want,
		 "defspend: data directory '%s' is read-only: copy it where you may write "
		 "(cp -R '%s' DIR) and use --data DIR; --dry-run shows what would change\n",
		 f->data, f->data);
	assert_string_equal(r.err, want);
	ds_run_free(&r);
	const char *const imp[] = { "import", f->wide, "--source", "x", NULL };
	run(f, &r, imp);
	assert_int_equal(r.status, 73);
	assert_non_null(strstr(r.err, "is read-only"));
	ds_run_free(&r);
	expect_untouched(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_dry_runs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_real_update_refused, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
