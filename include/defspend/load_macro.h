/*
 * load_macro.h - the loader of macro.csv: the IMF's population, GDP in
 * national currency at current and constant prices, GDP deflator, GDP in
 * US dollars and general government expenditure, member by year.
 *
 * These figures turn a share of GDP into money, people and real terms
 * (calc_money.h).  The file is read like every other file of the data
 * (columns by name in any order, extra columns allowed, every problem at
 * its line and column), and its dollar GDP is checked against the spending
 * data's gdp_usd_bn: both are the same IMF series, and a macro file that
 * disagrees would make a derived dollar figure disagree with the dollar
 * gaps of `list`.
 */
#ifndef DEFSPEND_LOAD_MACRO_H
#define DEFSPEND_LOAD_MACRO_H

#include "defspend/dataset.h"
#include "defspend/error.h"

/*
 * Reads macro.csv at path into ds (members must be loaded: every row names
 * a member of members.csv) and records the file's summary for `check`.
 * Sets ds->has_macro and ds->macro_path when the file is sound.  Every
 * problem is added to err; the status of the first is returned.
 */
int ds_load_macro(struct ds_dataset *ds, const char *path, struct ds_errors *err);

/*
 * Checks that the dollar GDP of every macro row equals, exactly, the
 * gdp_usd_bn of the same member and year in s, where both are given.  A
 * difference is reported at the macro file's gdp_usd_bn cell.  DS_OK when
 * ds has no macro data; else DS_OK or DS_EDATA.
 */
int ds_load_macro_check(const struct ds_dataset *ds, const struct ds_series *s,
			struct ds_errors *err);

#endif
