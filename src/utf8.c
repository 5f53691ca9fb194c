/*
 * utf8.c - a strict UTF-8 decoder and a locale-free display width.
 *
 * The decoder follows RFC 3629 table by table: the lead byte fixes the
 * length, every following byte must be a continuation byte, and the decoded
 * value must be in the range that length is allowed to encode.  That single
 * range check rejects overlong forms (C0 AF for '/'), surrogates (ED A0 80)
 * and values above U+10FFFF (F4 90 80 80).
 *
 * The width tables are a deliberately small subset of Unicode's
 * EastAsianWidth and general categories, in the spirit of Markus Kuhn's
 * wcwidth(): the combining marks and format characters of the scripts a
 * defence dataset might plausibly hold, and the wide blocks every terminal
 * draws in two cells.  Getting a rare character wrong costs one column of
 * alignment; depending on the C library's wcwidth() would make our output
 * change with the locale, which we never allow.
 */
#include "defspend/utf8.h"

#include <string.h>

struct range {
	uint32_t lo, hi;
};

/* Zero width: combining marks, Hangul medial and final jamo, format chars. */
static const struct range zero_width[] = {
	{ 0x0300, 0x036F },   { 0x0483, 0x0489 },   { 0x0591, 0x05BD },   { 0x05BF, 0x05BF },
	{ 0x05C1, 0x05C2 },   { 0x05C4, 0x05C5 },   { 0x05C7, 0x05C7 },   { 0x0610, 0x061A },
	{ 0x061C, 0x061C },   { 0x064B, 0x065F },   { 0x0670, 0x0670 },   { 0x06D6, 0x06DC },
	{ 0x06DF, 0x06E4 },   { 0x06E7, 0x06E8 },   { 0x06EA, 0x06ED },   { 0x0711, 0x0711 },
	{ 0x0730, 0x074A },   { 0x07A6, 0x07B0 },   { 0x0900, 0x0902 },   { 0x093A, 0x093A },
	{ 0x093C, 0x093C },   { 0x0941, 0x0948 },   { 0x094D, 0x094D },   { 0x0951, 0x0957 },
	{ 0x0E31, 0x0E31 },   { 0x0E34, 0x0E3A },   { 0x0E47, 0x0E4E },   { 0x1160, 0x11FF },
	{ 0x1AB0, 0x1AFF },   { 0x1DC0, 0x1DFF },   { 0x200B, 0x200F },   { 0x202A, 0x202E },
	{ 0x2060, 0x2064 },   { 0x2066, 0x206F },   { 0x20D0, 0x20FF },   { 0x302A, 0x302D },
	{ 0x3099, 0x309A },   { 0xFE00, 0xFE0F },   { 0xFE20, 0xFE2F },   { 0xFEFF, 0xFEFF },
	{ 0xE0001, 0xE0001 }, { 0xE0020, 0xE007F }, { 0xE0100, 0xE01EF },
};

/* Double width: CJK, Hangul, fullwidth forms and the common emoji blocks. */
static const struct range wide[] = {
	{ 0x1100, 0x115F },   { 0x2329, 0x232A },   { 0x2E80, 0x303E },   { 0x3040, 0xA4CF },
	{ 0xA960, 0xA97F },   { 0xAC00, 0xD7A3 },   { 0xF900, 0xFAFF },   { 0xFE10, 0xFE19 },
	{ 0xFE30, 0xFE6F },   { 0xFF00, 0xFF60 },   { 0xFFE0, 0xFFE6 },   { 0x1F300, 0x1F64F },
	{ 0x1F900, 0x1F9FF }, { 0x20000, 0x2FFFD }, { 0x30000, 0x3FFFD },
};

static int in_table(uint32_t cp, const struct range *r, size_t n)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cp < r[mid].lo)
			hi = mid;
		else if (cp > r[mid].hi)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

size_t ds_utf8_decode(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t c, min;
	size_t n, i;

	if (len == 0)
		return 0;
	if (p[0] < 0x80) {
		if (cp)
			*cp = p[0];
		return 1;
	}
	if (p[0] < 0xC0) /* a continuation byte cannot start a sequence */
		return 0;
	if (p[0] < 0xE0) {
		n = 2;
		c = p[0] & 0x1Fu;
		min = 0x80;
	} else if (p[0] < 0xF0) {
		n = 3;
		c = p[0] & 0x0Fu;
		min = 0x800;
	} else if (p[0] < 0xF8) {
		n = 4;
		c = p[0] & 0x07u;
		min = 0x10000;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3Fu);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	if (cp)
		*cp = c;
	return n;
}

size_t ds_utf8_check(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		/* Fast path over ASCII, eight bytes at a time: most of the data. */
		while (i + 8 <= len) {
			uint64_t w;

			memcpy(&w, s + i, 8);
			if (w & 0x8080808080808080ULL)
				break;
			i += 8;
		}
		if (i >= len)
			break;
		size_t n = ds_utf8_decode(s + i, len - i, NULL);

		if (n == 0)
			return i;
		i += n;
	}
	return len;
}

int ds_utf8_valid(const char *s, size_t len)
{
	return len == 0 || ds_utf8_check(s, len) == len;
}

int ds_utf8_cp_width(uint32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
		return 0;
	if (cp < 0x300)
		return 1; /* the fast path for Latin text */
	if (in_table(cp, zero_width, sizeof zero_width / sizeof zero_width[0]))
		return 0;
	if (in_table(cp, wide, sizeof wide / sizeof wide[0]))
		return 2;
	return 1;
}

size_t ds_utf8_width(const char *s)
{
	size_t len = strlen(s), i = 0, w = 0;

	while (i < len) {
		uint32_t cp;
		size_t n = ds_utf8_decode(s + i, len - i, &cp);

		if (n == 0) {
			w++;
			i++;
			continue;
		}
		w += (size_t)ds_utf8_cp_width(cp);
		i += n;
	}
	return w;
}
