/*
 * input.h - reading an input whole: a regular file, a FIFO, a device such
 * as /dev/stdin, or "-" for standard input.
 *
 * What defspend reads in order to change it (a data file) must be a
 * regular file, since it is replaced by rename (safefile.h).  What it only
 * reads (the file to import, a lone spending CSV given with --data) may be
 * anything that can be read once from start to end: a pipe is as good an
 * input as a file.  Problems are input problems: DS_ENOINPUT (66) when the
 * input cannot be opened or read, never the 73/74 of an output.
 */
#ifndef DEFSPEND_INPUT_H
#define DEFSPEND_INPUT_H

#include <stddef.h>

#include "defspend/error.h"

/* The name messages give standard input ("-" on the command line). */
#define DS_STDIN_NAME "<stdin>"

/* Whether path names standard input: "-". */
int ds_input_is_stdin(const char *path);

/* The name of path in messages: DS_STDIN_NAME for "-", else path itself. */
const char *ds_input_name(const char *path);

/*
 * Reads all of path ("-": standard input) into *data (NUL-terminated;
 * caller frees) and its length into *len.  A directory, a socket or an
 * input that cannot be opened or read is DS_ENOINPUT with a diagnostic
 * naming ds_input_name(path); DS_ENOMEM.  A FIFO is opened for reading
 * like any reader would (waiting for its writer).
 */
int ds_input_read(const char *path, char **data, size_t *len, struct ds_errors *err);

/*
 * Reads fd to its end into *data (NUL-terminated; caller frees), *len.
 * size_hint (may be 0) is where the buffer starts.  name is for messages.
 * DS_ENOINPUT on a read error, DS_ENOMEM.  The reading loop every
 * whole-file reader shares (ds_file_read too).
 */
int ds_input_read_fd(int fd, const char *name, size_t size_hint, char **data, size_t *len,
		     struct ds_errors *err);

#endif
