/*
 * utf8.h - UTF-8 validation, decoding and terminal display width.
 *
 * The dataset and every table we print are UTF-8 ("Türkiye"), and output must
 * be byte-identical whatever the process locale says, so this module never
 * calls setlocale(), mbrtowc() or wcwidth().  It holds a strict decoder (no
 * overlong forms, no surrogates, nothing above U+10FFFF), a validity check
 * for whole buffers, and a small width function that knows the common
 * zero-width (combining) and double-width (CJK, Hangul, fullwidth, emoji)
 * ranges.  It is the project's only UTF-8 decoder: the loader, the name
 * folding of text.c, the table writer and the chart writer share it.
 */
#ifndef DEFSPEND_UTF8_H
#define DEFSPEND_UTF8_H

#include <stddef.h>
#include <stdint.h>

/*
 * Decodes the one UTF-8 sequence at the start of s[0..len) into *cp (cp may
 * be NULL) and returns its length in bytes, 1 to 4.  Returns 0, leaving *cp
 * alone, when len is 0 or the sequence is invalid: a stray continuation
 * byte, an overlong form, a surrogate, a value above U+10FFFF, or a
 * sequence truncated by the end of the buffer.  U+0000 is valid (length 1).
 */
size_t ds_utf8_decode(const char *s, size_t len, uint32_t *cp);

/*
 * Returns the offset of the first byte of s[0..len) that does not start a
 * valid sequence in the sense of ds_utf8_decode(), or len when all of it is
 * valid.  ASCII runs are skipped eight bytes at a time.
 */
size_t ds_utf8_check(const char *s, size_t len);

/*
 * Returns 1 when s[0..len) is entirely valid UTF-8 in the sense of
 * ds_utf8_decode(), else 0.  s may be NULL when len is 0.  Embedded NUL
 * bytes are valid UTF-8; callers that hold C strings reject them earlier.
 */
int ds_utf8_valid(const char *s, size_t len);

/*
 * Returns the number of terminal columns code point cp occupies: 0 for
 * U+0000, other C0 and C1 controls, DEL, combining marks and zero-width
 * format characters; 2 for East Asian wide and fullwidth characters and the
 * common emoji blocks; 1 otherwise.  Controls count 0 because callers that
 * print text replace them first (the table writer shows them as '?').
 */
int ds_utf8_cp_width(uint32_t cp);

/*
 * Returns the display width of the NUL-terminated string s: the sum of
 * ds_utf8_cp_width() over its code points.  Each byte that does not start a
 * valid sequence counts as one column, as a terminal would show U+FFFD.
 */
size_t ds_utf8_width(const char *s);

#endif
