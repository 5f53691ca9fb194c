/*
 * threshold.h - the targets members are measured against: a share of GDP
 * such as NATO's 2% (Wales) or 3.5% (The Hague), as the user wrote it.
 *
 * A threshold is held in the same fixed point as the figures (millionths
 * of a point, DS_PCT_SCALE of num.h), so that comparing a published 2.00
 * with a threshold of 2 is exact, and keeps its label so that tables and
 * charts show "3.5" and not "3.500000".
 */
#ifndef DEFSPEND_THRESHOLD_H
#define DEFSPEND_THRESHOLD_H

#include <stddef.h>
#include <stdint.h>

/* The most thresholds one query measures against. */
#define DS_MAX_THRESHOLDS 8

/* A threshold in % of GDP, with its label as the user wrote it ("3.5"). */
struct ds_threshold {
	int32_t pct; /* millionths of a point */
	char label[16];
};

/*
 * Parses a comma-separated list such as "2,3.5,5" into out[0..max), in the
 * order given.  Each item is a plain decimal number above 0 and at most 100,
 * with at most 6 decimals; duplicates are refused.  Returns 0 and sets *n,
 * or -1 with a message in msg (msgsize bytes, the caller's).
 */
int ds_threshold_parse_list(const char *list, struct ds_threshold *out, size_t max, size_t *n,
			    char *msg, size_t msgsize);

#endif
