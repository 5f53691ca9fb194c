/*
 * explain.h - where one member-year's figure comes from, and how every
 * number derived from it is made (`defspend explain COUNTRY YEAR`).
 *
 * A reader who doubts a figure should not have to open a CSV.  The answer
 * is one table, section by section:
 *
 *   figure    every stored field of the member-year's row, in the file's
 *             column order, exactly as written (the figure's own release:
 *             the chosen one, or with --fill the one it was filled from),
 *             with what each means where it needs saying: the published
 *             precision, the estimate flag, why a cell is empty;
 *   release   that release: id, title, publication date, cut-off, basis;
 *   releases  the same member-year in every other release of the data,
 *             with its basis and source;
 *   derived   rank, and for each threshold meets_T, gap_T_pp and
 *             gap_T_usd_m, then the change since the base year, each with
 *             its formula and numbers:
 *             "(3.5 - 2.00) / 100 x 5,013.574 bn IMF GDP = 75,203.61 m,
 *             rounded once to 75204".
 *
 * Columns: section,field,value,detail.  The values are the ones every
 * other command prints (the same calculator, the same rounding).  Nothing
 * here prints; the raw row is read from the release's file.
 */
#ifndef DEFSPEND_EXPLAIN_H
#define DEFSPEND_EXPLAIN_H

#include <stddef.h>

#include "defspend/calc.h"
#include "defspend/dataset.h"
#include "defspend/error.h"
#include "defspend/table.h"

/*
 * Sets *out to the explanation of member m in year, answered from c (its
 * series may be filled, fill.h).  ds is c's dataset, not const: the other
 * releases' files are read into it (load.h).  Returns DS_OK, or a status
 * with err filled and *out NULL.  The caller frees *out with
 * ds_table_free().
 */
int ds_explain(struct ds_dataset *ds, const struct ds_calc *c, size_t m, int year,
	       struct ds_table **out, struct ds_errors *err);

#endif
