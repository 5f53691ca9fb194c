/*
 * test_install_e2e.c - `make install` and `make uninstall` for real, into
 * temporary directories, and the installed binary run from elsewhere.
 *
 * The install is built in its own BUILD directory (at -O0, to stay quick)
 * so that the binary under test in build/ is never rebuilt underneath the
 * running suite; MAKEFLAGS is dropped so that `make test SANITIZE=1` does
 * not leak into it.
 */
#define _XOPEN_SOURCE 700 /* setenv, realpath */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "helpers.h"

static char *tmp;

/* A printf-formatted string, malloc'd; the test fails when memory runs out. */
static char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
static char *fmt(const char *f, ...)
{
	va_list ap;
	va_start(ap, f);
	int n = vsnprintf(NULL, 0, f, ap);
	va_end(ap);
	assert_true(n >= 0);
	char *p = malloc((size_t)n + 1);
	assert_non_null(p);
	va_start(ap, f);
	vsnprintf(p, (size_t)n + 1, f, ap);
	va_end(ap);
	return p;
}

/* Runs a shell command (takes and frees cmd); its exit status. */
static int sh(char *cmd)
{
	int rc = system(cmd);
	free(cmd);
	return rc;
}

/*
 * Runs make in the sources, building into the test's directory.  Under
 * valgrind (DEFSPEND_VALGRIND=1) the program it installs is linked with the
 * shared libc (LINK=shared, as `make valgrind` builds it): valgrind checks
 * no malloc of a static one.
 */
static int make(const char *vars)
{
	const char *v = getenv("DEFSPEND_VALGRIND");
	const char *link = v != NULL && strcmp(v, "1") == 0 ? "LINK=shared " : "";
	return sh(
		fmt("env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -j2 -C '%s' BUILD='%s/build' "
		    "OPT=-O0 %s%s >'%s/make.log' 2>&1 || { cat '%s/make.log'; exit 1; }",
		    ds_test_srcdir(), tmp, link, vars, tmp, tmp));
}

static int exists(const char *dir, const char *rel)
{
	char *p = fmt("%s/%s", dir, rel);
	int ok = access(p, F_OK) == 0;
	free(p);
	return ok;
}

/* Runs the installed binary from an empty directory with a clean HOME. */
static void run_installed(const char *bin, const char *const *args, struct ds_run *r)
{
	char *home = fmt("%s/home", tmp);
	char *env_home = fmt("HOME=%s", home);
	const char *const env[] = { env_home, "DEFSPEND_DATA=", "XDG_DATA_HOME=", NULL };
	const char *was = getenv("DEFSPEND_BIN");
	char *old = was ? fmt("%s", was) : NULL;
	setenv("DEFSPEND_BIN", bin, 1);
	assert_int_equal(ds_run(r, args, home, env, NULL), 0);
	if (old)
		setenv("DEFSPEND_BIN", old, 1);
	else
		unsetenv("DEFSPEND_BIN");
	free(old);
	free(env_home);
	free(home);
}

static void test_prefix_install_runs_anywhere(void **state)
{
	(void)state;
	char *prefix = fmt("%s/usr", tmp);
	char *vars = fmt("PREFIX='%s' install", prefix);
	assert_int_equal(make(vars), 0);
	free(vars);
	assert_true(exists(prefix, "bin/defspend"));
	assert_true(exists(prefix, "share/man/man1/defspend.1"));
	assert_true(exists(prefix, "share/bash-completion/completions/defspend"));
	assert_true(exists(prefix, "share/defspend/members.csv"));
	assert_true(exists(prefix, "share/defspend/spending.csv"));
	assert_true(exists(prefix, "share/defspend/README.md"));
	assert_true(exists(prefix, "share/defspend/releases/2024-06.csv"));
	assert_false(exists(prefix, "share/defspend/build_from_reference.py"));
	assert_int_equal(sh(fmt("mkdir -p '%s/home'", tmp)), 0);

	/* From an empty directory, with no checkout: the installed data. */
	char *bin = fmt("%s/bin/defspend", prefix);
	static const char *const check[] = { "check", NULL };
	struct ds_run r;
	run_installed(bin, check, &r);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.err, "");
	char *want =
		fmt("data: %s/share/defspend (installed)\n%s/share/defspend/members.csv: ", prefix,
		    prefix);
	assert_int_equal(strncmp(r.out, want, strlen(want)), 0);
	free(want);
	ds_run_free(&r);

	/* A user copy, once there, is read instead. */
	assert_int_equal(sh(fmt("mkdir -p '%s/home/.local/share' && cp -R '%s/share/defspend' "
				"'%s/home/.local/share/'",
				tmp, prefix, tmp)),
			 0);
	run_installed(bin, check, &r);
	assert_int_equal(r.status, 0);
	want = fmt("data: %s/home/.local/share/defspend (user copy)\n", tmp);
	assert_int_equal(strncmp(r.out, want, strlen(want)), 0);
	free(want);
	ds_run_free(&r);
	/* The installed manual names this prefix's share directory. */
	assert_int_equal(sh(fmt("grep -q '%s/share/defspend' '%s/share/man/man1/defspend.1' && "
				"! grep -q /usr/local/share '%s/share/man/man1/defspend.1'",
				prefix, prefix, prefix)),
			 0);
	/* An update of writable installed data leaves its lock file there. */
	assert_int_equal(sh(fmt("rm -rf '%s/home/.local'", tmp)), 0);
	static const char *const set[] = { "set", "POL", "2025", "pct_gdp=4.48", NULL };
	run_installed(bin, set, &r);
	if (r.status != 0)
		fail_msg("set on the installed data: exit %d: %s", r.status, r.err);
	ds_run_free(&r);
	assert_true(exists(prefix, "share/defspend/.defspend.lock"));
	free(bin);

	/* uninstall removes every file it installed, the lock file, and the share directory. */
	vars = fmt("PREFIX='%s' uninstall", prefix);
	assert_int_equal(make(vars), 0);
	free(vars);
	assert_int_equal(sh(fmt("test -z \"$(find '%s' -type f)\"", prefix)), 0);
	assert_false(exists(prefix, "share/defspend"));
	free(prefix);
}

/* The built binary, run from any directory, reads its own checkout's data. */
static void test_checkout_binary_anywhere(void **state)
{
	(void)state;
	assert_int_equal(sh(fmt("mkdir -p '%s/home' '%s/elsewhere'", tmp, tmp)), 0);
	char src[4096];
	assert_non_null(realpath(ds_test_srcdir(), src));
	char bin[4096];
	assert_non_null(realpath(ds_test_bin(), bin));
	static const char *const check[] = { "check", NULL };
	struct ds_run r;
	run_installed(bin, check, &r);
	assert_int_equal(r.status, 0);
	char *want = fmt("data: %s/data (the checkout this binary was built in)\n", src);
	assert_int_equal(strncmp(r.out, want, strlen(want)), 0);
	free(want);
	ds_run_free(&r);
	static const char *const list[] = { "list", NULL };
	run_installed(bin, list, &r);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "POL   Poland"));
	ds_run_free(&r);

	/* A copy outside any checkout, with nothing installed: every place tried, and the ways out.
	 */
	char *copy = fmt("%s/elsewhere/defspend", tmp);
	assert_int_equal(sh(fmt("cp '%s' '%s'", bin, copy)), 0);
	run_installed(copy, list, &r);
	if (r.status == 0) {
		/* Someone installed defspend under the binary's prefix on this machine. */
		print_message("test_checkout_binary_anywhere: data installed here; no-data case "
			      "skipped\n");
		ds_run_free(&r);
		free(copy);
		return;
	}
	assert_int_equal(r.status, 66);
	assert_string_equal(r.out, "");
	want = fmt("defspend: no data found; looked in:\n"
		   "  ./data: %s/home/data (not there)\n"
		   "  the checkout this binary was built in: this binary is not in a checkout of "
		   "the sources\n"
		   "  user copy: %s/home/.local/share/defspend (not there)\n"
		   "  installed: ",
		   tmp, tmp);
	if (strncmp(r.err, want, strlen(want)) != 0)
		fail_msg("got:\n%s\nwanted a start of:\n%s", r.err, want);
	assert_non_null(strstr(r.err, "defspend: give --data PATH"));
	assert_non_null(strstr(r.err, "'make install'"));
	free(want);
	ds_run_free(&r);
	/* --data is the way out. */
	char *data = fmt("--data=%s/data", src);
	const char *const with[] = { data, "list", NULL };
	run_installed(copy, with, &r);
	assert_int_equal(r.status, 0);
	ds_run_free(&r);
	free(data);
	free(copy);
}

static void test_destdir_staging(void **state)
{
	(void)state;
	char *stage = fmt("%s/stage", tmp);
	char *vars = fmt("DESTDIR='%s' PREFIX=/opt/ds install", stage);
	assert_int_equal(make(vars), 0);
	free(vars);
	assert_true(exists(stage, "opt/ds/bin/defspend"));
	assert_true(exists(stage, "opt/ds/share/defspend/releases.csv"));
	/* The list of installed files names the final paths, not the stage. */
	assert_int_equal(
		sh(fmt("f='%s/opt/ds/share/defspend/.installed-files' && "
		       "grep -qx /opt/ds/share/defspend/spending.csv \"$f\" && ! grep -q stage \"$f\"",
		       stage)),
		0);
	/* The staged binary looks for its data under the final prefix. */
	assert_int_equal(sh(fmt("grep -q /opt/ds/share/defspend '%s/opt/ds/bin/defspend'", stage)),
			 0);
	vars = fmt("DESTDIR='%s' PREFIX=/opt/ds uninstall", stage);
	assert_int_equal(make(vars), 0);
	free(vars);
	assert_int_equal(sh(fmt("test -z \"$(find '%s' -type f)\"", stage)), 0);
	assert_false(exists(stage, "opt/ds/share/defspend"));
	free(stage);
}

int main(void)
{
	tmp = ds_test_tmpdir();
	if (tmp == NULL)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prefix_install_runs_anywhere),
		cmocka_unit_test(test_checkout_binary_anywhere),
		cmocka_unit_test(test_destdir_staging),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	ds_test_rmtree(tmp);
	free(tmp);
	return rc;
}
