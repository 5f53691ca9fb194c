/*
 * datadir.h - which data directory a run reads, and where an update writes.
 *
 * An installed defspend must work from any directory with no checkout, a
 * developer's checkout must keep using its own data/, and a user who updates
 * the figures of a read-only installation must not need root.  The order in
 * which a run looks for its data is therefore:
 *
 *   1. --data PATH (or a command's own PATH argument)
 *   2. $DEFSPEND_DATA
 *   3. ./data, only when it looks like defspend's data (members.csv or
 *      spending.csv in it), so that an unrelated data/ directory is ignored
 *   4. the data/ of the checkout the binary was built in, when the binary
 *      runs from inside it (build/defspend run from any directory)
 *   5. the user's copy, $XDG_DATA_HOME/defspend (default
 *      ~/.local/share/defspend), when it exists and looks like data
 *   6. the installed share directory (e.g. /usr/local/share/defspend),
 *      when it looks like data
 *
 * When none of 3-6 holds data the run has none (DS_DATADIR_NONE), and the
 * places tried are kept so that the error can list them all.
 *
 * The user's copy is made by the first update of a read-only share directory
 * (ds_datadir_writable), and from then on step 4 finds it before step 5.
 */
#ifndef DEFSPEND_DATADIR_H
#define DEFSPEND_DATADIR_H

#include "defspend/error.h"

enum ds_datadir_origin {
	DS_DATADIR_OPTION,   /* --data or a command's PATH argument */
	DS_DATADIR_ENV,      /* $DEFSPEND_DATA */
	DS_DATADIR_CWD,      /* ./data of the working directory */
	DS_DATADIR_CHECKOUT, /* data/ of the checkout the binary runs from */
	DS_DATADIR_USER,     /* the user's updated copy under $XDG_DATA_HOME */
	DS_DATADIR_SHARE,    /* the installed share directory */
	DS_DATADIR_NONE      /* nothing found: "data", so that the error names it */
};

/* A place resolution looked at and passed over (steps 3-6). */
struct ds_datadir_tried {
	enum ds_datadir_origin origin;
	char *path;      /* owned; NULL when the step had no place to look */
	const char *why; /* "no defspend data there", "not built into this binary"... */
};

#define DS_DATADIR_STEPS 4

struct ds_datadir {
	char *path; /* owned; freed by ds_datadir_release() */
	enum ds_datadir_origin origin;
	struct ds_datadir_tried tried[DS_DATADIR_STEPS]; /* the places passed over, in order */
	size_t ntried;
};

/*
 * Chooses the data directory in the order above.  option is --data (NULL
 * when not given); checkout is the data/ of the binary's checkout
 * (ds_datadir_checkout; NULL when the binary is not in one); sharedir is
 * the installed share directory (NULL when the binary was built without
 * one).  Reads $DEFSPEND_DATA, $XDG_DATA_HOME and $HOME.  Fills *out
 * (release it with ds_datadir_release()) and returns DS_OK, or DS_ENOMEM.
 * Finding nothing is not an error here (origin DS_DATADIR_NONE, path
 * "data"): a command that needs data reports it with out->tried.  A --data
 * or $DEFSPEND_DATA that does not exist is the loader's to report, with
 * its path.
 */
int ds_datadir_resolve(const char *option, const char *checkout, const char *sharedir,
		       struct ds_datadir *out, struct ds_errors *err);

/*
 * The data/ directory of the source checkout that holds the binary at exe
 * (a path, e.g. from /proc/self/exe): the nearest of its three closest
 * ancestor directories that has src/main.c and a data/ that looks like
 * data, so that build/defspend and build/sanitize/defspend both find it and
 * an installed copy in PREFIX/bin finds none.  Sets *out (caller frees) or
 * leaves it NULL; returns DS_OK or DS_ENOMEM.
 */
int ds_datadir_checkout(const char *exe, char **out, struct ds_errors *err);
void ds_datadir_release(struct ds_datadir *d);

/* Why a directory was chosen, for `check`: "--data", "installed", ... */
const char *ds_datadir_origin_name(enum ds_datadir_origin origin);

/* 1 when dir is a directory holding members.csv or spending.csv. */
int ds_datadir_looks_like_data(const char *dir);

/*
 * The user's data directory: $XDG_DATA_HOME/defspend when XDG_DATA_HOME is
 * an absolute path, else $HOME/.local/share/defspend.  Sets *out (caller
 * frees) and returns DS_OK; DS_ENOINPUT when neither variable helps.
 */
int ds_datadir_user(char **out, struct ds_errors *err);

/*
 * Makes d a directory an update may write into: the copy-on-first-write of
 * a read-only installation.  When d is the share directory and the process
 * cannot write to it, copies its regular files (and those of its
 * subdirectories, such as releases/) into the user's data directory, which
 * must not exist yet, then points d at the copy (origin DS_DATADIR_USER) and
 * sets *copied to 1.  The copy is built in a temporary directory beside the
 * target and renamed into place, so a crash never leaves a half copy that
 * later runs would read; when another process wins that race its copy is
 * used.  Any other d is left as it is (*copied = 0): a path the user named is
 * written where it is, or the write fails there with its own error.
 * Returns DS_OK, DS_ECANTCREAT or DS_EIO (with a diagnostic), DS_ENOMEM.
 */
int ds_datadir_writable(struct ds_datadir *d, int *copied, struct ds_errors *err);

/*
 * The copy itself: the regular files of from and of its subdirectories into
 * the new directory to (its parents are made as needed), built beside it and
 * renamed into place.  DS_OK also when another process made to first.
 */
int ds_datadir_copy(const char *from, const char *to, struct ds_errors *err);

/* How an output directory lies with respect to the data in use. */
enum ds_datadir_overlap {
	DS_OVERLAP_NONE,     /* apart */
	DS_OVERLAP_SAME,     /* the output directory is the data directory */
	DS_OVERLAP_CONTAINS, /* the data (a directory or a lone file) lies inside it */
	DS_OVERLAP_INSIDE    /* it lies inside the data directory */
};

/*
 * Where the output directory out (which need not exist yet: the
 * directories a `mkdir -p` would make count as new) lies with respect to
 * data, a data directory or a lone spending file.  Directories are
 * compared as files (device and inode), up the resolved paths, so that
 * symbolic links, '..' and a second path to the same place make no
 * difference.  A data path that does not exist overlaps nothing.
 */
enum ds_datadir_overlap ds_datadir_overlap(const char *out, const char *data);

#endif
