/*
 * test_member.c - adding an ally (member.h): the row lands where the iso3
 * order puts it with every other byte kept, each given field in its
 * column, and a row the members loader refuses (a clashing name) is
 * refused, with the loader's message against members.csv, leaving the file
 * byte for byte, also in a dry run, which writes nothing.
 */
#define _XOPEN_SOURCE 700
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "defspend/dataset.h"
#include "defspend/load_aux.h"
#include "defspend/member.h"
#include "defspend/safefile.h"
#include "helpers.h"

/* CRLF line endings and a quoted alias: both must survive an insertion. */
static const char members_csv[] = "iso3,iso2,name,aliases,joined\r\n"
				  "BOR,BD,Borduria,\"Borduria, Republic of\",1952\r\n"
				  "DUN,DU,Dunland,,2004\r\n"
				  "SYL,SY,Syldavia,,1949\r\n";

struct fx {
	char *dir;
	char *members; /* dir/members.csv */
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	if (f == NULL || (f->dir = ds_test_tmpdir()) == NULL)
		return -1;
	f->members = ds_test_join(f->dir, "members.csv");
	if (ds_test_write(f->members, members_csv, (size_t)-1) != 0)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	ds_test_rmtree(f->dir);
	free(f->dir);
	free(f->members);
	free(f);
	return 0;
}

static void expect_members(const struct fx *f, const char *want)
{
	size_t len;
	char *got = ds_test_read(f->members, &len);
	assert_non_null(got);
	assert_string_equal(got, want);
	assert_int_equal(len, strlen(want));
	free(got);
	DIR *d = opendir(f->dir);
	assert_non_null(d);
	struct dirent *e;
	while ((e = readdir(d)) != NULL)
		assert_true(strncmp(e->d_name, DS_TMP_PREFIX, strlen(DS_TMP_PREFIX)) != 0);
	closedir(d);
}

/* Adds iso3 (its iso2 its first and last letters) as name. */
static int add(const struct fx *f, const char *iso3, const char *name, int joined, int dry_run,
	       struct ds_errors *err)
{
	char i3[8], nm[64], iso2[3] = { iso3[0], iso3[2], '\0' }, aliases[] = "";
	snprintf(i3, sizeof i3, "%s", iso3);
	snprintf(nm, sizeof nm, "%s", name);
	struct ds_member m = {
		.iso3 = i3, .iso2 = iso2, .name = nm, .aliases = aliases, .joined = joined
	};
	/* The caller of ds_member_add() holds the directory's lock (member.h). */
	struct ds_lock lk;
	int rc = ds_lock_acquire(f->dir, 1000, &lk, err);
	if (rc == DS_OK)
		rc = ds_member_add(f->dir, &m, dry_run, err);
	ds_lock_release(&lk);
	return rc;
}

static void test_add_keeps_iso3_order(void **state)
{
	struct fx *f = *state;
	struct ds_errors err;
	ds_errors_init(&err);
	/* Between two codes, before the first, after the last. */
	assert_int_equal(add(f, "CRP", "Carpania", 1999, 0, &err), DS_OK);
	assert_int_equal(add(f, "ARC", "Arcadia", 0, 0, &err), DS_OK);
	assert_int_equal(add(f, "ZAN", "Zanzia, Free State", 2031, 0, &err), DS_OK);
	assert_int_equal(ds_errors_count(&err), 0);
	expect_members(f, "iso3,iso2,name,aliases,joined\r\n"
			  "ARC,AC,Arcadia,,\r\n"
			  "BOR,BD,Borduria,\"Borduria, Republic of\",1952\r\n"
			  "CRP,CP,Carpania,,1999\r\n"
			  "DUN,DU,Dunland,,2004\r\n"
			  "SYL,SY,Syldavia,,1949\r\n"
			  "ZAN,ZN,\"Zanzia, Free State\",,2031\r\n");
	ds_errors_release(&err);
}

static void test_dry_run_writes_nothing(void **state)
{
	struct fx *f = *state;
	struct ds_errors err;
	ds_errors_init(&err);
	assert_int_equal(add(f, "CRP", "Carpania", 1999, 1, &err), DS_OK);
	expect_members(f, members_csv);
	ds_errors_release(&err);
}

static void test_clash_refused_by_loader(void **state)
{
	struct fx *f = *state;
	/* The loader's own message for the same clash in a file read as is. */
	char *probe = ds_test_join(f->dir, "probe");
	assert_int_equal(mkdir(probe, 0755), 0);
	char *pm = ds_test_join(probe, "members.csv");
	assert_int_equal(ds_test_write(pm,
				       "iso3,iso2,name,aliases,joined\r\n"
				       "BOR,BD,Borduria,\"Borduria, Republic of\",1952\r\n"
				       "DUN,DU,Dunland,,2004\r\n"
				       "DUX,DX,Dunland,,\r\n"
				       "SYL,SY,Syldavia,,1949\r\n",
				       (size_t)-1),
			 0);
	struct ds_errors want;
	ds_errors_init(&want);
	struct ds_dataset *d = ds_dataset_new();
	assert_non_null(d);
	assert_int_equal(ds_load_members(d, pm, &want), DS_EDATA);
	ds_dataset_free(d);
	assert_int_equal(want.n, 1);
	for (int dry = 0; dry <= 1; dry++) {
		struct ds_errors err;
		ds_errors_init(&err);
		assert_int_equal(add(f, "DUX", "Dunland", 0, dry, &err), DS_EDATA);
		assert_true(ds_errors_count(&err) >= 1);
		/* Against members.csv, the loader's message and position. */
		assert_string_equal(err.v[0].file, f->members);
		assert_int_equal(ds_errors_count(&err), 1);
		assert_int_equal(err.v[0].line, want.v[0].line);
		assert_int_equal(err.v[0].column, want.v[0].column);
		assert_string_equal(err.v[0].msg, want.v[0].msg);
		assert_string_equal(err.v[0].msg, "'dunland' names both DUN and DUX: names, codes "
						  "and aliases must be unique");
		expect_members(f, members_csv);
		ds_errors_release(&err);
	}
	ds_errors_release(&want);
	free(pm);
	free(probe);
}

static void test_missing_file_and_column(void **state)
{
	struct fx *f = *state;
	struct ds_errors err;
	ds_errors_init(&err);
	/* A members.csv without the joined column cannot take a year. */
	assert_int_equal(
		ds_test_write(f->members, "iso3,iso2,name,aliases\nBOR,BD,Borduria,\n", (size_t)-1),
		0);
	assert_int_equal(add(f, "CRP", "Carpania", 1999, 0, &err), DS_EUSAGE);
	char want[4200];
	snprintf(want, sizeof want, "no column 'joined' in '%s'", f->members);
	assert_string_equal(err.v[0].msg, want);
	expect_members(f, "iso3,iso2,name,aliases\nBOR,BD,Borduria,\n");
	ds_errors_release(&err);
	ds_errors_init(&err);
	assert_int_equal(unlink(f->members), 0);
	assert_int_equal(add(f, "CRP", "Carpania", 0, 0, &err), DS_ENOINPUT);
	assert_string_equal(err.v[0].file, f->members);
	ds_errors_release(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_add_keeps_iso3_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dry_run_writes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_clash_refused_by_loader, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_file_and_column, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
