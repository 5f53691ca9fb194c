/*
 * test_datadir.c - cmocka tests of the data-directory resolution order and
 * of the user's copy of a read-only installation (datadir.h).
 *
 * Each test works in its own temporary directory, as the working directory
 * and as HOME, so nothing of the developer's own ~/.local/share is read.
 */
#define _XOPEN_SOURCE 700 /* setenv */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "defspend/datadir.h"
#include "helpers.h"

struct fixture {
	char *dir;
	char oldcwd[4096];
};

static void put(const char *dir, const char *name, const char *text)
{
	char *p = ds_test_join(dir, name);
	assert_non_null(p);
	assert_int_equal(ds_test_write(p, text, (size_t)-1), 0);
	free(p);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	if (f == NULL || getcwd(f->oldcwd, sizeof f->oldcwd) == NULL)
		return -1;
	f->dir = ds_test_tmpdir();
	if (f->dir == NULL || chdir(f->dir) != 0)
		return -1;
	setenv("HOME", f->dir, 1);
	unsetenv("XDG_DATA_HOME");
	unsetenv("DEFSPEND_DATA");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	if (chdir(f->oldcwd) != 0)
		return -1;
	ds_test_rmtree(f->dir);
	free(f->dir);
	free(f);
	return 0;
}

static void expect_co(const char *option, const char *checkout, const char *share, const char *path,
		      enum ds_datadir_origin origin)
{
	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_datadir d;
	assert_int_equal(ds_datadir_resolve(option, checkout, share, &d, &err), DS_OK);
	assert_string_equal(d.path, path);
	assert_int_equal(d.origin, origin);
	ds_datadir_release(&d);
	ds_errors_release(&err);
}

static void expect(const char *option, const char *share, const char *path,
		   enum ds_datadir_origin origin)
{
	expect_co(option, NULL, share, path, origin);
}

static void test_order(void **state)
{
	struct fixture *f = *state;
	char user[4200];
	snprintf(user, sizeof user, "%s/.local/share/defspend", f->dir);
	/* Nothing anywhere: no data ("data", so that a message can name it). */
	expect(NULL, "/opt/x/share/defspend", "data", DS_DATADIR_NONE);
	expect(NULL, NULL, "data", DS_DATADIR_NONE);
	/* The share directory when it holds data. */
	assert_int_equal(mkdir("share", 0777), 0);
	put(f->dir, "share/spending.csv", "iso3\n");
	expect(NULL, "share", "share", DS_DATADIR_SHARE);
	/* An unrelated ./data is not defspend's. */
	assert_int_equal(mkdir("data", 0777), 0);
	put(f->dir, "data/notes.txt", "x\n");
	expect(NULL, "share", "share", DS_DATADIR_SHARE);
	/* The user copy comes before the share directory... */
	assert_int_equal(mkdir(".local", 0777), 0);
	assert_int_equal(mkdir(".local/share", 0777), 0);
	assert_int_equal(mkdir(".local/share/defspend", 0777), 0);
	expect(NULL, "share", "share", DS_DATADIR_SHARE); /* empty: not data yet */
	put(f->dir, ".local/share/defspend/members.csv", "iso3\n");
	expect(NULL, "share", user, DS_DATADIR_USER);
	/* ... the binary's checkout before the user copy... */
	assert_int_equal(mkdir("co", 0777), 0);
	expect_co(NULL, "co", "share", user, DS_DATADIR_USER); /* not data */
	put(f->dir, "co/members.csv", "iso3\n");
	expect_co(NULL, "co", "share", "co", DS_DATADIR_CHECKOUT);
	/* ... and after ./data when that looks like data. */
	put(f->dir, "data/spending.csv", "iso3\n");
	expect_co(NULL, "co", "/s", "data", DS_DATADIR_CWD);
	setenv("DEFSPEND_DATA", "/env/data", 1);
	expect(NULL, "/s", "/env/data", DS_DATADIR_ENV);
	expect("given", "/s", "given", DS_DATADIR_OPTION);
	unsetenv("DEFSPEND_DATA");
	assert_string_equal(ds_datadir_origin_name(DS_DATADIR_SHARE), "installed");
	assert_string_equal(ds_datadir_origin_name(DS_DATADIR_USER), "user copy");
}

/* With no data anywhere, every place looked at is kept, with why it was passed over. */
static void test_tried(void **state)
{
	struct fixture *f = *state;
	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_datadir d;
	assert_int_equal(mkdir("empty", 0777), 0);
	assert_int_equal(ds_datadir_resolve(NULL, NULL, "empty", &d, &err), DS_OK);
	assert_int_equal(d.origin, DS_DATADIR_NONE);
	assert_int_equal(d.ntried, 4);
	assert_int_equal(d.tried[0].origin, DS_DATADIR_CWD);
	char want[4200];
	snprintf(want, sizeof want, "%s/data", f->dir);
	assert_string_equal(d.tried[0].path, want);
	assert_string_equal(d.tried[0].why, "not there");
	assert_int_equal(d.tried[1].origin, DS_DATADIR_CHECKOUT);
	assert_null(d.tried[1].path);
	assert_int_equal(d.tried[2].origin, DS_DATADIR_USER);
	assert_int_equal(d.tried[3].origin, DS_DATADIR_SHARE);
	assert_string_equal(d.tried[3].path, "empty");
	assert_string_equal(d.tried[3].why, "no defspend data there");
	ds_datadir_release(&d);
	assert_int_equal(ds_datadir_resolve(NULL, NULL, NULL, &d, &err), DS_OK);
	assert_null(d.tried[3].path);
	assert_string_equal(d.tried[3].why, "this binary was built without one");
	ds_datadir_release(&d);
	/* Found on the way: nothing tried after it. */
	assert_int_equal(ds_datadir_resolve("x", NULL, NULL, &d, &err), DS_OK);
	assert_int_equal(d.ntried, 0);
	ds_datadir_release(&d);
	assert_int_equal(ds_errors_count(&err), 0);
	ds_errors_release(&err);
}

/* The checkout of a binary: src/main.c and data/ within three levels up. */
static void test_checkout(void **state)
{
	struct fixture *f = *state;
	struct ds_errors err;
	ds_errors_init(&err);
	char *co = NULL;
	char exe[4200], want[4200];
	assert_int_equal(system("mkdir -p tree/src tree/data tree/build/sanitize tree/bin"), 0);
	put(f->dir, "tree/src/main.c", "int main(void);\n");
	snprintf(exe, sizeof exe, "%s/tree/build/defspend", f->dir);
	/* No data yet: no checkout. */
	assert_int_equal(ds_datadir_checkout(exe, &co, &err), DS_OK);
	assert_null(co);
	put(f->dir, "tree/data/members.csv", "iso3\n");
	snprintf(want, sizeof want, "%s/tree/data", f->dir);
	assert_int_equal(ds_datadir_checkout(exe, &co, &err), DS_OK);
	assert_string_equal(co, want);
	free(co);
	snprintf(exe, sizeof exe, "%s/tree/build/sanitize/defspend", f->dir);
	assert_int_equal(ds_datadir_checkout(exe, &co, &err), DS_OK);
	assert_string_equal(co, want);
	free(co);
	/* An installed copy, PREFIX/bin/defspend, is no checkout. */
	assert_int_equal(system("mkdir -p prefix/bin prefix/share/defspend"), 0);
	snprintf(exe, sizeof exe, "%s/prefix/bin/defspend", f->dir);
	assert_int_equal(ds_datadir_checkout(exe, &co, &err), DS_OK);
	assert_null(co);
	/* A name without a directory has nothing to walk up. */
	assert_int_equal(ds_datadir_checkout("defspend", &co, &err), DS_OK);
	assert_null(co);
	ds_errors_release(&err);
}

static void test_user_dir(void **state)
{
	(void)state;
	struct ds_errors err;
	ds_errors_init(&err);
	char *p = NULL;
	setenv("HOME", "/home/u", 1);
	assert_int_equal(ds_datadir_user(&p, &err), DS_OK);
	assert_string_equal(p, "/home/u/.local/share/defspend");
	free(p);
	setenv("XDG_DATA_HOME", "/x/data", 1);
	assert_int_equal(ds_datadir_user(&p, &err), DS_OK);
	assert_string_equal(p, "/x/data/defspend");
	free(p);
	setenv("XDG_DATA_HOME", "relative", 1); /* invalid per the XDG spec */
	assert_int_equal(ds_datadir_user(&p, &err), DS_OK);
	assert_string_equal(p, "/home/u/.local/share/defspend");
	free(p);
	unsetenv("XDG_DATA_HOME");
	unsetenv("HOME");
	assert_int_equal(ds_datadir_user(&p, &err), DS_ENOINPUT);
	assert_int_equal(ds_errors_count(&err), 1);
	ds_errors_release(&err);
}

static void test_copy(void **state)
{
	struct fixture *f = *state;
	struct ds_errors err;
	ds_errors_init(&err);
	assert_int_equal(mkdir("share", 0777), 0);
	assert_int_equal(mkdir("share/releases", 0777), 0);
	put(f->dir, "share/members.csv", "iso3,name\r\nPOL,Poland");
	put(f->dir, "share/releases/2024-06.csv", "a\n");
	put(f->dir, "share/.lock", "");
	assert_int_equal(ds_datadir_copy("share", "x/y/defspend", &err), DS_OK);
	size_t len;
	char *s = ds_test_read("x/y/defspend/members.csv", &len);
	assert_non_null(s);
	assert_string_equal(s, "iso3,name\r\nPOL,Poland"); /* byte for byte */
	free(s);
	assert_int_equal(access("x/y/defspend/releases/2024-06.csv", R_OK), 0);
	assert_int_equal(access("x/y/defspend/.lock", F_OK), -1);
	/* A second copy finds the first and keeps it. */
	put(f->dir, "x/y/defspend/spending.csv", "kept\n");
	assert_int_equal(ds_datadir_copy("share", "x/y/defspend", &err), DS_OK);
	assert_int_equal(access("x/y/defspend/spending.csv", R_OK), 0);
	/* The temporary directories are gone. */
	assert_int_equal(system("test $(ls -a x/y | wc -l) -eq 3"), 0);
	/* A copy that cannot be made says where. */
	assert_int_equal(ds_datadir_copy("share", "/proc/defspend-test/d", &err), DS_ECANTCREAT);
	assert_int_equal(ds_errors_count(&err), 1);
	assert_string_equal(err.v[0].file, "/proc/defspend-test/d");
	ds_errors_release(&err);
}

static void test_writable(void **state)
{
	struct fixture *f = *state;
	struct ds_errors err;
	ds_errors_init(&err);
	assert_int_equal(mkdir("share", 0777), 0);
	put(f->dir, "share/members.csv", "iso3\n");
	struct ds_datadir d;
	int copied = 1;
	/* A path the user named is written where it is. */
	assert_int_equal(ds_datadir_resolve("share", NULL, "/s", &d, &err), DS_OK);
	assert_int_equal(ds_datadir_writable(&d, &copied, &err), DS_OK);
	assert_int_equal(copied, 0);
	assert_string_equal(d.path, "share");
	ds_datadir_release(&d);
	if (geteuid() == 0) {
		/* root may write anywhere, so a read-only share cannot be made. */
		print_message("test_writable: running as root, read-only share case skipped\n");
		ds_errors_release(&err);
		return;
	}
	assert_int_equal(chmod("share", 0555), 0);
	assert_int_equal(ds_datadir_resolve(NULL, NULL, "share", &d, &err), DS_OK);
	assert_int_equal(d.origin, DS_DATADIR_SHARE);
	assert_int_equal(ds_datadir_writable(&d, &copied, &err), DS_OK);
	assert_int_equal(copied, 1);
	assert_int_equal(d.origin, DS_DATADIR_USER);
	ds_datadir_release(&d);
	/* From now on the copy is what resolution finds. */
	assert_int_equal(ds_datadir_resolve(NULL, NULL, "share", &d, &err), DS_OK);
	assert_int_equal(d.origin, DS_DATADIR_USER);
	ds_datadir_release(&d);
	assert_int_equal(chmod("share", 0755), 0);
	ds_errors_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_user_dir, setup, teardown),
		cmocka_unit_test_setup_teardown(test_copy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_writable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tried, setup, teardown),
		cmocka_unit_test_setup_teardown(test_checkout, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
