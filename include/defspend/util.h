/*
 * util.h - two string helpers every module needs.
 */
#ifndef DEFSPEND_UTIL_H
#define DEFSPEND_UTIL_H

/* A malloc'd copy of s, or NULL when memory runs out.  Caller frees. */
char *ds_strdup(const char *s);

/*
 * "DIR/NAME" in malloc'd memory (no second slash when dir ends in one), or
 * NULL when memory runs out.  Caller frees.
 */
char *ds_path_join(const char *dir, const char *name);

#endif
