/*
 * member.h - adding an ally to a data directory's members.csv.
 */
#ifndef DEFSPEND_MEMBER_H
#define DEFSPEND_MEMBER_H

#include "defspend/dataset.h"
#include "defspend/error.h"

/*
 * Adds member m as a row of dir/members.csv, placed in iso3 order, and
 * checks the new file with the loader (codes, names and aliases must stay
 * unique) before it replaces the old one.  dry_run: checked, not written.
 * The caller holds the directory's lock (session.h).
 */
int ds_member_add(const char *dir, const struct ds_member *m, int dry_run, struct ds_errors *err);

#endif
