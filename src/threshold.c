/*
 * threshold.c - reading the list of thresholds a user asks for (see
 * threshold.h).
 *
 * The list comes from the command line ("--thresholds 2,3.5,5"), so every
 * refusal says which item is wrong; the numbers go through num.h's parser,
 * the same that reads the figures, so a threshold and a figure written
 * alike are equal.
 */
#include <stdio.h>
#include <string.h>

#include "defspend/num.h"
#include "defspend/threshold.h"

int ds_threshold_parse_list(const char *list, struct ds_threshold *out, size_t max, size_t *n,
			    char *msg, size_t msgsize)
{
	size_t count = 0;
	const char *p = list;
	for (;;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		int64_t v;
		enum ds_num_error e = ds_num_parse_fixed(p, len, DS_PCT_DECIMALS, 0, &v, NULL);
		if (e != DS_NUM_OK || v <= 0 || v > 100LL * DS_PCT_SCALE ||
		    len >= sizeof out->label) {
			snprintf(msg, msgsize,
				 "threshold '%.*s' is not a number above 0 and at most 100",
				 (int)(len > 32 ? 32 : len), p);
			return -1;
		}
		if (count == max) {
			snprintf(msg, msgsize, "at most %zu thresholds", max);
			return -1;
		}
		for (size_t i = 0; i < count; i++) {
			if (out[i].pct == v) {
				snprintf(msg, msgsize, "threshold '%.*s' is given twice", (int)len,
					 p);
				return -1;
			}
		}
		out[count].pct = (int32_t)v;
		memcpy(out[count].label, p, len);
		out[count].label[len] = '\0';
		count++;
		if (end == NULL)
			break;
		p = end + 1;
	}
	*n = count;
	return 0;
}
