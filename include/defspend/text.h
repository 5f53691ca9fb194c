/*
 * text.h - name folding and edit distance for the country lookup (UTF-8
 * itself is utf8.h's).
 */
#ifndef DEFSPEND_TEXT_H
#define DEFSPEND_TEXT_H

#include <stddef.h>

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

/*
 * The "did you mean" of everything but countries (commands, options,
 * charts, sort keys, formats, columns): the candidate of cands[0..n) that
 * comes closest to typed, ignoring ASCII case, or NULL when none is close.
 * Close is an edit distance of at most a third of the candidate's length
 * (and at least 2), or a candidate that starts with what was typed (three
 * characters at least).  Ties go to the earlier candidate.  A candidate
 * equal to typed is not a suggestion.  NULL entries of cands are skipped.
 */
const char *ds_text_nearest(const char *typed, const char *const *cands, size_t n);

#endif
