/*
 * basis.h - what a release measures, in one place.
 *
 * releases.csv gives each release a basis: "NATO definition" (defence
 * expenditure as NATO defines it, the measure the 2% and Hague targets are
 * set in) or another one, such as "core defence" (the Hague 3.5% category,
 * NATO's July 2026 edition).  Figures of different bases measure different
 * things: a difference between them is not a revision, and one never fills
 * a gap in the other (fill.h).  Every rule that compares bases asks here.
 *
 * An empty basis means releases.csv does not say.  It is taken as NATO's
 * definition for the warning about the targets (a file that does not say
 * gets no warning it cannot deserve), and it is only the same basis as
 * another empty one.
 */
#ifndef DEFSPEND_BASIS_H
#define DEFSPEND_BASIS_H

#include "defspend/dataset.h"

/* The basis of the targets, as releases.csv writes it. */
#define DS_BASIS_NATO "NATO definition"

/* Whether basis (NULL or "": not stated) is NATO's definition of defence expenditure. */
int ds_basis_is_nato(const char *basis);

/* Whether two bases (NULL reads as "") are the same: their texts are equal. */
int ds_basis_same(const char *a, const char *b);

/* The basis of release id in ds's releases.csv, or NULL when id is not there. */
const char *ds_basis_of(const struct ds_dataset *ds, const char *id);

#endif
