/*
 * text.h - small UTF-8 helpers shared by the loader and the country lookup.
 */
#ifndef DEFSPEND_TEXT_H
#define DEFSPEND_TEXT_H

#include <stddef.h>

/*
 * Returns the offset of the first byte of s[0..len) that is not part of valid
 * UTF-8 (overlong forms, surrogates and code points above U+10FFFF are
 * invalid), or len when all of it is valid.
 */
size_t ds_text_utf8_check(const char *s, size_t len);

/*
 * Writes into out (at most size bytes with the final NUL) a matching key for
 * s: ASCII letters lowercased, Latin accents removed (Türkiye -> turkiye,
 * also in decomposed form), spaces, punctuation and marks dropped, other
 * characters kept as they are.  Returns the key's length; a key longer than
 * size - 1 is cut.
 */
size_t ds_text_fold(const char *s, char *out, size_t size);

/* Levenshtein distance between two strings of bytes, capped at `cap`. */
size_t ds_text_distance(const char *a, const char *b, size_t cap);

#endif
