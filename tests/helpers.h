/*
 * helpers.h - what the cmocka tests share: running the real defspend
 * binary with captured stdout and stderr, temporary directories, and
 * reading and writing whole files.
 */
#ifndef DEFSPEND_TEST_HELPERS_H
#define DEFSPEND_TEST_HELPERS_H

#include <stddef.h>

struct ds_run {
	int status; /* exit code; 128 + signal when killed */
	char *out;  /* NUL-terminated captured stdout */
	size_t outlen;
	char *err; /* NUL-terminated captured stderr */
	size_t errlen;
};

/*
 * Runs the binary under test with args (NULL-terminated, without argv[0]),
 * in directory cwd (NULL: the current one), with extra environment entries
 * env ("NAME=VALUE", NULL-terminated, may be NULL) and stdin from
 * stdin_text (NULL: /dev/null).  LC_ALL is C unless env sets it.  Under
 * DEFSPEND_VALGRIND=1 the binary runs under valgrind and any memory error
 * or leak turns into exit status 99.  Returns 0, or -1 if it could not run.
 * Free the captures with ds_run_free().
 */
int ds_run(struct ds_run *r, const char *const *args, const char *cwd, const char *const *env,
	   const char *stdin_text);
void ds_run_free(struct ds_run *r);

/*
 * ds_run() as the user uid (and group of the same number), which needs
 * root; uid -1 is the tester.  For what a non-root user sees of files
 * that root could write anyway.  The binary exits 126 when the switch fails.
 * It runs from a copy that user may reach (the build tree may not be).
 */
int ds_run_as(struct ds_run *r, long uid, const char *const *args, const char *cwd,
	      const char *const *env, const char *stdin_text);

/* A user id other than root's for ds_run_as(): nobody's (65534). */
#define DS_TEST_NOBODY 65534

/*
 * The same with stdout on a pseudo-terminal `cols` columns wide (set with
 * TIOCSWINSZ, COLUMNS unset unless env sets it), stdin from /dev/null,
 * and stderr on the terminal too when err_on_tty (r->out then holds both),
 * else captured apart.  The terminal passes output through unchanged (no
 * CR before LF).  Returns 0, or -1 if it could not run.
 */
int ds_run_pty(struct ds_run *r, const char *const *args, const char *cwd, const char *const *env,
	       unsigned short cols, int err_on_tty);

/* The binary under test: $DEFSPEND_BIN, else build/defspend. */
const char *ds_test_bin(void);
/* The source tree's root: $DEFSPEND_SRCDIR, else the current directory. */
const char *ds_test_srcdir(void);
/* "<srcdir>/<rel>" in a static buffer that the next call overwrites. */
const char *ds_test_path(const char *rel);

/* A new empty directory under $TMPDIR (or /tmp); caller frees the string. */
char *ds_test_tmpdir(void);
/* Removes a directory tree made by the tests (rm -rf). */
void ds_test_rmtree(const char *dir);

/* Writes len bytes (len (size_t)-1: strlen) to path; 0 or -1. */
int ds_test_write(const char *path, const char *data, size_t len);
/* Reads a whole file; NULL when it cannot.  Caller frees. */
char *ds_test_read(const char *path, size_t *len);
/* "<dir>/<name>", malloc'd. */
char *ds_test_join(const char *dir, const char *name);
/* How many names in dir start with prefix; -1 when dir cannot be read. */
int ds_test_count_prefix(const char *dir, const char *prefix);
/* Copies the shipped data/ directory into dir (which must exist), without the lock file or
 * anything else named .defspend* that commands leave there. */
int ds_test_copy_data(const char *dir);

#endif
