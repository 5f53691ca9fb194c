/*
 * input.c - reading an input whole (see input.h).
 *
 * Standard input is read through its descriptor, never reopened: a pipe
 * can be read once only, and "/dev/stdin" may not exist in a chroot.  A
 * FIFO is opened without O_NONBLOCK on purpose: like cat, defspend waits
 * for the writer, where a non-blocking open would see an empty file.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "defspend/input.h"
#include "defspend/util.h"

int ds_input_is_stdin(const char *path)
{
	return strcmp(path, "-") == 0;
}

const char *ds_input_name(const char *path)
{
	return ds_input_is_stdin(path) ? DS_STDIN_NAME : path;
}

int ds_input_read_fd(int fd, const char *name, size_t size_hint, char **data, size_t *len,
		     struct ds_errors *err)
{
	size_t cap = size_hint + 1, n = 0;
	char *buf = NULL;
	*data = NULL;
	*len = 0;
	if (cap < 4096)
		cap = 4096;
	if ((buf = malloc(cap)) == NULL)
		return ds_errors_nomem(err, name);
	for (;;) {
		/* The input may be longer than its size said: room for more, and the NUL. */
		if (n + 1 >= cap && ds_grow(&buf, &cap, cap + 1, 1) != 0) {
			free(buf);
			return ds_errors_nomem(err, name);
		}
		ssize_t r = read(fd, buf + n, cap - 1 - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;
			free(buf);
			return ds_errors_add(err, DS_ENOINPUT, name, 0, 0, "cannot read: %s",
					     strerror(e));
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	buf[n] = '\0';
	*data = buf;
	*len = n;
	return DS_OK;
}

int ds_input_read(const char *path, char **data, size_t *len, struct ds_errors *err)
{
	const char *name = ds_input_name(path);
	int fd = ds_input_is_stdin(path) ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	*data = NULL;
	*len = 0;
	if (fd < 0)
		return ds_errors_add(err, DS_ENOINPUT, name, 0, 0, "cannot open: %s",
				     strerror(errno));
	struct stat st;
	int rc;
	if (fstat(fd, &st) != 0)
		rc = ds_errors_add(err, DS_ENOINPUT, name, 0, 0, "cannot read: %s",
				   strerror(errno));
	else if (S_ISDIR(st.st_mode))
		rc = ds_errors_add(err, DS_ENOINPUT, name, 0, 0, "cannot read: a directory");
	else if (S_ISSOCK(st.st_mode))
		rc = ds_errors_add(err, DS_ENOINPUT, name, 0, 0, "cannot read: a socket");
	else
		rc = ds_input_read_fd(fd, name, S_ISREG(st.st_mode) ? (size_t)st.st_size : 0, data,
				      len, err);
	if (fd != STDIN_FILENO)
		close(fd);
	return rc;
}
