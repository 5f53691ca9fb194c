/*
 * text.c - folding for name matching, and edit distance.
 *
 * Country names arrive typed by people: "Türkiye", "turkiye", "TURKIYE",
 * "Turkiye" with a combining diaeresis, "north macedonia", "N. Macedonia".
 * Folding maps all of them to one key without calling setlocale(), so that
 * matching is the same on every machine.
 */
#include <stdint.h>
#include <string.h>

#include "defspend/text.h"
#include "defspend/utf8.h"

/* ASCII base letters of U+00C0..U+017F; '.' drops the character. */
static const char latin_base[] = "aaaaaaaceeeeiiiidnooooo.ouuuuyts"               /* U+00C0 */
				 "aaaaaaaceeeeiiiidnooooo.ouuuuyty"               /* U+00E0 */
				 "aaaaaaccccccccddddeeeeeeeeeegggg"               /* U+0100 */
				 "gggghhhhiiiiiiiiiiiijjkkklllllll"               /* U+0120 */
				 "lllnnnnnnnnnoooooooorrrrrrssssss"               /* U+0140 */
				 "ssttttttuuuuuuuuuuuuwwyyyzzzzzzs" /* U+0160 */; /* U+0160 */

size_t ds_text_fold(const char *str, char *out, size_t size)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t o = 0;
	if (size == 0)
		return 0;
#define PUT(ch)                                                                                    \
	do {                                                                                       \
		if (o + 1 < size)                                                                  \
			out[o++] = (ch);                                                           \
	} while (0)
	size_t len = strlen(str);
	while (*s) {
		/* A byte that starts no valid sequence is kept as it is. */
		uint32_t cp = 0xFFFD;
		size_t n = ds_utf8_decode((const char *)s,
					  len - (size_t)(s - (const unsigned char *)str), &cp);
		if (n == 0)
			n = 1;
		if (cp < 0x80) {
			if (cp >= 'A' && cp <= 'Z')
				PUT((char)(cp - 'A' + 'a'));
			else if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
				PUT((char)cp);
		} else if (cp == 0xC6 || cp == 0xE6) {
			PUT('a');
			PUT('e');
		} else if (cp == 0xDF) {
			PUT('s');
			PUT('s');
		} else if (cp == 0x152 || cp == 0x153) {
			PUT('o');
			PUT('e');
		} else if (cp >= 0xC0 && cp <= 0x17F) {
			char b = latin_base[cp - 0xC0];
			if (b != '.')
				PUT(b);
		} else if (cp >= 0x218 && cp <= 0x21B) {
			PUT(cp < 0x21A ? 's' : 't'); /* Romanian comma-below letters */
		} else if ((cp >= 0x300 && cp <= 0x36F) || cp == 0xA0 ||
			   (cp >= 0x2000 && cp <= 0x206F)) {
			/* combining marks, spaces and punctuation: dropped */
		} else {
			for (size_t k = 0; k < n; k++)
				PUT((char)s[k]);
		}
		s += n;
	}
#undef PUT
	out[o] = '\0';
	return o;
}

size_t ds_text_distance(const char *a, const char *b, size_t cap)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 64 || lb > 64)
		return cap;
	size_t row[65];
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		size_t best = row[0];
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
			size_t v = diag + cost;
			if (up + 1 < v)
				v = up + 1;
			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			row[j] = v;
			diag = up;
			if (v < best)
				best = v;
		}
		if (best >= cap)
			return cap;
	}
	return row[lb] < cap ? row[lb] : cap;
}

/* typed lowercased into buf (ASCII only); 0 when it does not fit. */
static int lower_into(char *buf, size_t size, const char *s)
{
	size_t n = strlen(s);
	if (n >= size)
		return 0;
	for (size_t i = 0; i <= n; i++)
		buf[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] - 'A' + 'a' : s[i]);
	return 1;
}

const char *ds_text_nearest(const char *typed, const char *const *cands, size_t n)
{
	char q[65], k[65];
	if (!lower_into(q, sizeof q, typed) || q[0] == '\0')
		return NULL;
	size_t qlen = strlen(q);
	const char *best = NULL;
	size_t best_score = (size_t)-1;
	for (size_t i = 0; i < n; i++) {
		if (cands[i] == NULL || strcmp(cands[i], typed) == 0 ||
		    !lower_into(k, sizeof k, cands[i]))
			continue;
		size_t klen = strlen(k);
		size_t cap = klen / 3 > 2 ? klen / 3 : 2;
		size_t d = ds_text_distance(q, k, cap + 1);
		size_t score = d <= cap ? d * 2 + 1 : (size_t)-1;
		if (qlen >= 3 && klen > qlen && strncmp(k, q, qlen) == 0 && score > 2)
			score = 2;
		if (score < best_score) {
			best_score = score;
			best = cands[i];
		}
	}
	return best;
}
