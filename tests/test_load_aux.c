/*
 * test_load_aux.c - cmocka tests of the loaders of members.csv,
 * releases.csv, aid.csv and aggregates.csv (load_aux.h), each driven on its
 * own on a dataset from ds_dataset_new(), without load.c.
 *
 * What each loader adds to the cell rules is met once here: the matching
 * index members.csv builds and its clashes, which release is current, paths
 * that leave the data directory, aid of unknown members and of donors
 * outside NATO, and aggregates of every release kept (choosing one is
 * load.c's).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "defspend/dataset.h"
#include "defspend/load_aux.h"
#include "defspend/lookup.h"
#include "helpers.h"

struct fixture {
	char *dir;
	char *path;
	struct ds_dataset *ds;
	struct ds_errors err;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	if (f == NULL || (f->dir = ds_test_tmpdir()) == NULL)
		return -1;
	f->path = ds_test_join(f->dir, "file.csv");
	f->ds = ds_dataset_new();
	ds_errors_init(&f->err);
	*state = f;
	return f->path != NULL && f->ds != NULL ? 0 : -1;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	ds_dataset_free(f->ds);
	ds_errors_release(&f->err);
	ds_test_rmtree(f->dir);
	free(f->dir);
	free(f->path);
	free(f);
	return 0;
}

/* Writes csv as the file and reads it with fn; the status. */
static int load(struct fixture *f, const char *csv,
		int (*fn)(struct ds_dataset *, const char *, struct ds_errors *))
{
	assert_int_equal(ds_test_write(f->path, csv, (size_t)-1), 0);
	return fn(f->ds, f->path, &f->err);
}

/* Diagnostic i at line:col with message msg. */
static void expect_diag(const struct fixture *f, size_t i, long line, long col, const char *msg)
{
	if (i >= f->err.n || strcmp(f->err.v[i].msg, msg) != 0)
		print_error("diagnostic %zu of %zu: %s\n", i, f->err.n,
			    i < f->err.n ? f->err.v[i].msg : "-");
	assert_true(i < f->err.n);
	assert_string_equal(f->err.v[i].file, f->path);
	assert_int_equal(f->err.v[i].line, line);
	assert_int_equal(f->err.v[i].column, col);
	assert_string_equal(f->err.v[i].msg, msg);
}

static const char members_csv[] = "iso3,iso2,name,aliases,joined\n"
				  "POL,PL,Poland,Polska;Rzeczpospolita,1999\n"
				  "TUR,TR,T\xc3\xbcrkiye,Turkey,1952\n";

static void test_members(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f, members_csv, ds_load_members), DS_OK);
	assert_int_equal(f->err.n, 0);
	assert_int_equal(f->ds->nmembers, 2);
	assert_string_equal(f->ds->members[0].aliases, "Polska;Rzeczpospolita");
	assert_int_equal(f->ds->members[1].joined, 1952);
	/* The matching index is built with the members. */
	assert_int_equal(f->ds->keys_ready, 1);
	size_t m = 9;
	assert_int_equal(ds_lookup_member(f->ds, "rzeczpospolita", &m), 0);
	assert_int_equal(m, 0);
	assert_int_equal(ds_lookup_member(f->ds, "TURKIYE", &m), 0);
	assert_int_equal(m, 1);
	assert_int_equal(f->ds->nfiles, 1);
	assert_int_equal(f->ds->files[0].rows, 2);
	assert_int_equal(f->ds->files[0].members, 2);
}

static void test_members_refused(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f,
			      "iso3,iso2,name,aliases,joined\n"
			      "POL,PL,Poland,,1999\n"
			      "pol,PL,Poland,,1999\n"
			      "ITA,I,Italy,,1949\n"
			      "ESP,ES,,,1982\n"
			      "FRA,FR,France,,1900\n"
			      "POL,PL,Poland,,1999\n",
			      ds_load_members),
			 DS_EDATA);
	expect_diag(f, 0, 3, 1, "iso3 'pol' is not a three-letter upper-case code");
	expect_diag(f, 1, 4, 5, "iso2 'I' is not a two-letter upper-case code");
	expect_diag(f, 2, 5, 8, "name is empty");
	expect_diag(f, 3, 6, 16, "joined '1900' is not a year from 1949 to 2100");
	expect_diag(f, 4, 7, 1, "a second row for member 'POL' (the first is on line 2)");
	assert_int_equal(f->err.n, 5);
	assert_int_equal(f->ds->nfiles, 0); /* no summary for a file with problems */
}

static void test_members_clash(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f,
			      "iso3,iso2,name,aliases\n"
			      "NLD,NL,Netherlands,Holland\n"
			      "XHO,XH,Holland,\n",
			      ds_load_members),
			 DS_EDATA);
	assert_int_equal(f->err.n, 1);
	expect_diag(f, 0, 0, 0,
		    "'holland' names both NLD and XHO: names, codes and aliases must be unique");
}

static const char releases_csv[] =
	"id,title,published,cutoff,basis,decimals,file,source\n"
	"2025-08,Defence Expenditure,2025-08-28,2025-06-03,NATO definition,2,spending.csv,src\n"
	"2024-06,Defence Expenditure,2024-06-17,,,,releases/2024-06.csv,\n";

static void test_releases(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f, releases_csv, ds_load_releases), DS_OK);
	assert_int_equal(f->ds->nreleases, 2);
	/* The release whose file is spending.csv is the current one. */
	assert_int_equal(f->ds->current_release, 0);
	assert_int_equal(f->ds->releases[0].decimals, 2);
	assert_string_equal(f->ds->releases[0].basis, "NATO definition");
	assert_int_equal(f->ds->releases[1].decimals, -1);
	assert_string_equal(f->ds->releases[1].cutoff, "");
	assert_int_equal(ds_dataset_find_release(f->ds, "2024-06"), 1);
	assert_int_equal(f->ds->nfiles, 1);
	assert_int_equal(f->ds->files[0].releases, 2);
}

static void test_releases_refused(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f,
			      "id,title,published,decimals,file\n"
			      "a,T,2025-08-28,2,../spending.csv\n"
			      "b,T,2025-08-28,2,/etc/passwd\n"
			      "c,T,2025-08-28,7,c.csv\n"
			      "d,T,28.08.2025,2,d.csv\n"
			      ",T,2025-08,2,e.csv\n"
			      "f,T,2025-08,2,f.csv\n"
			      "f,T,2025-08,2,g.csv\n",
			      ds_load_releases),
			 DS_EDATA);
	expect_diag(f, 0, 2, 18,
		    "file '../spending.csv' is not a relative path inside the data directory");
	expect_diag(f, 1, 3, 18,
		    "file '/etc/passwd' is not a relative path inside the data directory");
	expect_diag(f, 2, 4, 16, "decimals '7' is not a whole number from 0 to 6");
	expect_diag(f, 3, 5, 5, "published '28.08.2025' is not a date YYYY-MM-DD or YYYY-MM");
	expect_diag(f, 4, 6, 1, "id is empty");
	expect_diag(f, 5, 8, 1, "a second row for release 'f' (the first is on line 7)");
	assert_int_equal(f->err.n, 6);
	assert_int_equal(f->ds->current_release, -1);
}

static void test_aid(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f, members_csv, ds_load_members), DS_OK);
	assert_int_equal(load(f,
			      "iso3,military_eur_bn,financial_eur_bn,humanitarian_eur_bn,"
			      "total_eur_bn,cutoff,source\n"
			      "TUR,1.5,,0.25,1.75,2025-06-30,Kiel\n"
			      "POL,,,,,2025-06-30,\n",
			      ds_load_aid),
			 DS_OK);
	assert_int_equal(f->ds->has_aid, 1);
	assert_int_equal(f->ds->naid, 2);
	const struct ds_aid *a = ds_dataset_aid(f->ds, 1);
	assert_non_null(a);
	assert_int_equal(a->flags,
			 1 << DS_AID_MILITARY | 1 << DS_AID_HUMANITARIAN | 1 << DS_AID_TOTAL);
	assert_true(a->eur_bn[DS_AID_TOTAL] == 1750000); /* 1.75 */
	assert_string_equal(ds_dataset_str(f->ds, a->source), "Kiel");
	assert_string_equal(ds_dataset_str(f->ds, a->cutoff), "2025-06-30");
	a = ds_dataset_aid(f->ds, 0);
	assert_non_null(a);
	assert_int_equal(a->flags, 0); /* listed, no figure: no source needed */
	assert_int_equal(f->ds->nfiles, 2);
	assert_int_equal(f->ds->files[1].members, 2);
}

static void test_aid_refused(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f, members_csv, ds_load_members), DS_OK);
	assert_int_equal(load(f,
			      "iso3,military_eur_bn,financial_eur_bn,humanitarian_eur_bn,"
			      "total_eur_bn,cutoff,source\n"
			      "ITA,1,,,1,2025-06-30,Kiel\n"
			      "TUR,1,,,1,2025-06-30,\n"
			      "POL,-1,,,,2025-06,Kiel\n",
			      ds_load_aid),
			 DS_EDATA);
	expect_diag(f, 0, 2, 1, "unknown member 'ITA': not in members.csv");
	expect_diag(f, 1, 3, 22, "a figure without a source");
	expect_diag(f, 2, 4, 5, "military_eur_bn '-1' is negative");
	expect_diag(f, 3, 4, 11, "cutoff '2025-06' is not a date YYYY-MM-DD");
	assert_int_equal(f->err.n, 4);
	assert_int_equal(f->ds->has_aid, 0); /* a file with problems gives no aid */
}

/*
 * Kiel's file: donors outside NATO kept apart (by their own code and name),
 * its ratios to GDP with their decimals, commitments and EU shares; an
 * ally is named from members.csv, not from the file.
 */
static void test_aid_donors(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f, members_csv, ds_load_members), DS_OK);
	assert_int_equal(
		load(f,
		     "iso3,donor,eu_member,military_eur_bn,financial_eur_bn,"
		     "humanitarian_eur_bn,total_eur_bn,total_pct_gdp,eu_share_eur_bn,"
		     "total_incl_eu_eur_bn,total_incl_eu_pct_gdp,committed_eur_bn,release,"
		     "cutoff,source,note\n"
		     "EUI,EU (Commission and Council),0,4.404,87.609,3.262,95.275,0.656,0.0,"
		     "95.275,0.656,190.774,Kiel R30,2026-06-30,K,\n"
		     "POL,Polska,1,4.452,0.928,0.506,5.886,1.025,3.795,9.682,1.685,6.433,"
		     "Kiel R30,2026-06-30,K,\n"
		     "JPN,Japan,0,0.076,10.378,1.708,12.161,0.29,0.0,12.161,0.291,18.791,"
		     "Kiel R30,2026-06-30,K,\n",
		     ds_load_aid),
		DS_OK);
	assert_int_equal(f->ds->naid, 3);
	const struct ds_aid *eu = &f->ds->aid[0];
	assert_int_equal(eu->member, DS_AID_NOT_MEMBER);
	assert_string_equal(ds_dataset_aid_iso3(f->ds, eu), "EUI");
	assert_string_equal(ds_dataset_aid_name(f->ds, eu), "EU (Commission and Council)");
	assert_true(eu->eur_bn[DS_AID_COMMITTED] == 190774000);
	assert_true(eu->flags & DS_AID_PCT_FLAG(DS_AID_PCT_TOTAL));
	assert_int_equal(eu->pct_gdp[DS_AID_PCT_TOTAL], 656000);
	const struct ds_aid *pl = ds_dataset_aid(f->ds, 0);
	assert_ptr_equal(pl, &f->ds->aid[1]);
	assert_string_equal(ds_dataset_aid_name(f->ds, pl), "Poland");
	assert_string_equal(ds_dataset_aid_iso3(f->ds, pl), "POL");
	assert_true(pl->eur_bn[DS_AID_EU_SHARE] == 3795000);
	assert_true(pl->eur_bn[DS_AID_TOTAL_INCL_EU] == 9682000);
	assert_int_equal(pl->flags, ((1u << DS_AID_NAMOUNTS) - 1) |
					    DS_AID_PCT_FLAG(DS_AID_PCT_TOTAL) |
					    DS_AID_PCT_FLAG(DS_AID_PCT_TOTAL_INCL_EU));
	const struct ds_aid *jp = &f->ds->aid[2];
	assert_int_equal(jp->pct_gdp[DS_AID_PCT_TOTAL], 290000);
	assert_int_equal(jp->pct_dec[DS_AID_PCT_TOTAL], 2);
	assert_int_equal(jp->pct_dec[DS_AID_PCT_TOTAL_INCL_EU], 3);
	/* check counts the allies among the donors. */
	assert_int_equal(f->ds->files[1].rows, 3);
	assert_int_equal(f->ds->files[1].members, 1);
}

/* A code outside members.csv needs a donor name; the new columns follow the cell rules. */
static void test_aid_donors_refused(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f, members_csv, ds_load_members), DS_OK);
	assert_int_equal(load(f,
			      "iso3,donor,military_eur_bn,financial_eur_bn,humanitarian_eur_bn,"
			      "total_eur_bn,total_pct_gdp,committed_eur_bn,cutoff,source\n"
			      "PLN,,1,,,1,,,2026-06-30,K\n"
			      "JPN,Japan,1,,,1,101,,2026-06-30,K\n"
			      "AUS,Australia,1,,,1,0.5,-2,2026-06-30,K\n"
			      "NZL,New Zealand,,,,,,,2026-06-30,\n"
			      "NZL,New Zealand again,,,,,,,2026-06-30,\n",
			      ds_load_aid),
			 DS_EDATA);
	expect_diag(f, 0, 2, 1, "unknown member 'PLN': not in members.csv, and no donor name");
	expect_diag(f, 1, 3, 17, "total_pct_gdp '101' is over 100");
	expect_diag(f, 2, 4, 25, "committed_eur_bn '-2' is negative");
	expect_diag(f, 3, 6, 1, "a second row for donor 'NZL' (the first is on line 5)");
	assert_int_equal(f->err.n, 4);
	assert_int_equal(f->ds->has_aid, 0);
}

static void test_aggregates(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f,
			      "aggregate,year,pct_gdp,estimate,release,source\n"
			      "NATO Total,2024,2.71,1,2025-08,NATO\n"
			      "NATO Total,2023,2.5,0,2024-06,NATO\n"
			      "NATO Total,2022,,0,2025-08,NATO\n",
			      ds_load_aggregates),
			 DS_OK);
	/* A row without a figure is skipped; every release is kept. */
	assert_int_equal(f->ds->nagg, 2);
	const struct ds_aggregate *g = &f->ds->agg[0];
	assert_string_equal(ds_dataset_str(f->ds, g->name), "NATO Total");
	assert_int_equal(g->year, 2024);
	assert_int_equal(g->pct, 2710000);
	assert_int_equal(g->pct_dec, 2);
	assert_int_equal(g->estimate, 1);
	assert_string_equal(ds_dataset_str(f->ds, f->ds->agg[1].release), "2024-06");
}

static void test_aggregates_comma(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(load(f,
			      "aggregate,year,pct_gdp,estimate,release,source\n"
			      "NATO Total,2024,2,71,1,2025-08,NATO\n"
			      "NATO Total,2023,2,71,x,2025-08,NATO\n",
			      ds_load_aggregates),
			 DS_EDATA);
	/* The shifted estimate is still a flag: a decimal comma. */
	expect_diag(f, 0, 2, 17,
		    "expected 6 fields as in the header, found 7: is pct_gdp '2,71' written "
		    "with a decimal comma? write 2.71");
	/* It is not: only the count. */
	expect_diag(f, 1, 3, 32, "expected 6 fields as in the header, found 7");
	assert_int_equal(f->ds->nagg, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_members, setup, teardown),
		cmocka_unit_test_setup_teardown(test_members_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_members_clash, setup, teardown),
		cmocka_unit_test_setup_teardown(test_releases, setup, teardown),
		cmocka_unit_test_setup_teardown(test_releases_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_aid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_aid_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_aid_donors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_aid_donors_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_aggregates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_aggregates_comma, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
