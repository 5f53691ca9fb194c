/*
 * safefile.c - atomic replacement of data files and the writers' lock (see
 * safefile.h).
 *
 * Every system call that writes is checked, close() included: on NFS and
 * some other file systems a write error is reported only there.  A failure
 * before the rename removes the temporary file and leaves the original as it
 * was.  fcntl() locks are used rather than the lock file's existence so that
 * a writer killed with SIGKILL cannot leave the data locked for ever.
 */
#define _XOPEN_SOURCE 700 /* realpath() */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "defspend/safefile.h"

char *ds_path_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t n = slash == NULL ? 1 : (slash == path ? 1 : (size_t)(slash - path));
	char *d = malloc(n + 1);
	if (d == NULL)
		return NULL;
	if (slash == NULL)
		memcpy(d, ".", 1);
	else
		memcpy(d, slash == path ? "/" : path, n);
	d[n] = '\0';
	return d;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

static const char *kind(mode_t m)
{
	if (S_ISDIR(m))
		return "a directory";
	if (S_ISFIFO(m))
		return "a fifo";
	if (S_ISCHR(m) || S_ISBLK(m))
		return "a device";
	if (S_ISSOCK(m))
		return "a socket";
	return "not a regular file";
}

int ds_file_read(const char *path, char **data, size_t *len, struct ds_errors *err)
{
	*data = NULL;
	*len = 0;
	/* O_NONBLOCK: opening a fifo must not hang before we can refuse it. */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return ds_errors_add(err, errno == ENOENT ? DS_ENOINPUT : DS_EIO, path, 0, 0,
				     "cannot open: %s", strerror(errno));
	struct stat st;
	int rc = DS_OK;
	char *buf = NULL;
	if (fstat(fd, &st) != 0) {
		rc = ds_errors_add(err, DS_EIO, path, 0, 0, "cannot stat: %s", strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		rc = ds_errors_add(err, DS_ECANTCREAT, path, 0, 0,
				   "refusing to update: %s, not a regular file", kind(st.st_mode));
		goto out;
	}
	size_t cap = (size_t)st.st_size + 1, n = 0;
	if ((buf = malloc(cap)) == NULL) {
		rc = ds_errors_nomem(err, path);
		goto out;
	}
	for (;;) {
		if (n + 1 >= cap) {
			char *p = realloc(buf, cap * 2);
			if (p == NULL) {
				rc = ds_errors_nomem(err, path);
				goto out;
			}
			buf = p;
			cap *= 2;
		}
		ssize_t r = read(fd, buf + n, cap - 1 - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			rc = ds_errors_add(err, DS_EIO, path, 0, 0, "read error: %s",
					   strerror(errno));
			goto out;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	buf[n] = '\0';
	*data = buf;
	*len = n;
	buf = NULL;
out:
	free(buf);
	close(fd);
	return rc;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Where to write for path: the file itself, or the target of a link. */
static int resolve_target(const char *path, int must_be_new, char **target, mode_t *mode,
			  struct ds_errors *err)
{
	struct stat st;
	*target = NULL;
	if (lstat(path, &st) != 0) {
		if (errno != ENOENT)
			return ds_errors_add(err, DS_ECANTCREAT, path, 0, 0, "cannot stat: %s",
					     strerror(errno));
		mode_t um = umask(022);
		umask(um);
		*mode = 0666 & ~um;
		*target = malloc(strlen(path) + 1);
		if (*target == NULL)
			return ds_errors_nomem(err, path);
		strcpy(*target, path);
		return DS_OK;
	}
	if (must_be_new)
		return ds_errors_add(err, DS_ECANTCREAT, path, 0, 0, "already exists");
	if (S_ISLNK(st.st_mode)) {
		if (stat(path, &st) != 0)
			return ds_errors_add(err, DS_ECANTCREAT, path, 0, 0,
					     "refusing to update: a broken symbolic link");
		if (!S_ISREG(st.st_mode))
			return ds_errors_add(err, DS_ECANTCREAT, path, 0, 0,
					     "refusing to update: a symbolic link to %s",
					     kind(st.st_mode));
		if ((*target = realpath(path, NULL)) == NULL)
			return ds_errors_add(err, DS_ECANTCREAT, path, 0, 0, "cannot resolve: %s",
					     strerror(errno));
	} else {
		if (!S_ISREG(st.st_mode))
			return ds_errors_add(err, DS_ECANTCREAT, path, 0, 0,
					     "refusing to update: %s, not a regular file",
					     kind(st.st_mode));
		if ((*target = malloc(strlen(path) + 1)) == NULL)
			return ds_errors_nomem(err, path);
		strcpy(*target, path);
	}
	*mode = st.st_mode & 07777;
	return DS_OK;
}

int ds_file_stage(const char *path, const char *data, size_t len, int must_be_new, char **tmp,
		  char **target, struct ds_errors *err)
{
	*tmp = NULL;
	*target = NULL;
	mode_t mode = 0644;
	char *t = NULL, *dir = NULL, *tp = NULL;
	int fd = -1;
	int rc = resolve_target(path, must_be_new, &t, &mode, err);
	if (rc != DS_OK)
		goto out;
	dir = ds_path_dir(t);
	size_t n = (dir ? strlen(dir) : 0) + strlen(DS_TMP_PREFIX) + strlen(base_name(t)) + 10;
	if (dir == NULL || (tp = malloc(n)) == NULL) {
		rc = ds_errors_nomem(err, path);
		goto out;
	}
	snprintf(tp, n, "%s/%s%s.XXXXXX", dir, DS_TMP_PREFIX, base_name(t));
	if ((fd = mkstemp(tp)) < 0) {
		rc = ds_errors_add(err, DS_ECANTCREAT, path, 0, 0,
				   "cannot create a temporary file in '%s': %s", dir,
				   strerror(errno));
		free(tp);
		tp = NULL;
		goto out;
	}
	if (fchmod(fd, mode) != 0 || write_all(fd, data, len) != 0 || fsync(fd) != 0) {
		rc = ds_errors_add(err, DS_EIO, tp, 0, 0, "write error: %s", strerror(errno));
		goto out;
	}
	int c = close(fd);
	fd = -1;
	if (c != 0) {
		rc = ds_errors_add(err, DS_EIO, tp, 0, 0, "write error: %s", strerror(errno));
		goto out;
	}
	*tmp = tp;
	*target = t;
	tp = t = NULL;
out:
	if (fd >= 0)
		close(fd);
	if (tp != NULL)
		unlink(tp);
	free(tp);
	free(t);
	free(dir);
	return rc;
}

static int sync_dir(const char *path, struct ds_errors *err)
{
	char *dir = ds_path_dir(path);
	if (dir == NULL)
		return ds_errors_nomem(err, path);
	int rc = DS_OK;
	int fd = open(dir, O_RDONLY | O_CLOEXEC);
	/* Some file systems cannot fsync a directory (EINVAL); there is nothing more to do there.
	 */
	if (fd < 0 || (fsync(fd) != 0 && errno != EINVAL))
		rc = ds_errors_add(err, DS_EIO, dir, 0, 0, "cannot flush the directory: %s",
				   strerror(errno));
	if (fd >= 0)
		close(fd);
	free(dir);
	return rc;
}

int ds_file_commit(const char *tmp, const char *target, struct ds_errors *err)
{
	if (rename(tmp, target) != 0) {
		int e = errno;
		unlink(tmp);
		return ds_errors_add(err, DS_ECANTCREAT, target, 0, 0, "cannot replace: %s",
				     strerror(e));
	}
	return sync_dir(target, err);
}

int ds_file_replace(const char *path, const char *data, size_t len, int must_be_new,
		    struct ds_errors *err)
{
	char *tmp, *target;
	int rc = ds_file_stage(path, data, len, must_be_new, &tmp, &target, err);
	if (rc == DS_OK)
		rc = ds_file_commit(tmp, target, err);
	free(tmp);
	free(target);
	return rc;
}

int ds_file_remove(const char *path, struct ds_errors *err)
{
	if (unlink(path) != 0)
		return ds_errors_add(err, DS_ECANTCREAT, path, 0, 0, "cannot remove: %s",
				     strerror(errno));
	return sync_dir(path, err);
}

void ds_file_sweep(const char *dir)
{
	DIR *d = opendir(dir);
	if (d == NULL)
		return;
	struct dirent *e;
	size_t pl = strlen(DS_TMP_PREFIX);
	while ((e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, DS_TMP_PREFIX, pl) != 0)
			continue;
		char p[PATH_MAX];
		if (snprintf(p, sizeof p, "%s/%s", dir, e->d_name) < (int)sizeof p)
			unlink(p);
	}
	closedir(d);
}

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int ds_lock_acquire(const char *dir, long timeout_ms, struct ds_lock *lk, struct ds_errors *err)
{
	lk->fd = -1;
	char path[PATH_MAX];
	if (snprintf(path, sizeof path, "%s/%s", dir, DS_LOCK_NAME) >= (int)sizeof path)
		return ds_errors_add(err, DS_ECANTCREAT, dir, 0, 0, "path too long");
	int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0644);
	if (fd < 0)
		return ds_errors_add(err, DS_ECANTCREAT, path, 0, 0,
				     "cannot open the lock file: %s", strerror(errno));
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return ds_errors_add(err, DS_ECANTCREAT, path, 0, 0,
				     "the lock file is not a regular file");
	}
	long start = now_ms();
	struct flock fl;
	for (;;) {
		memset(&fl, 0, sizeof fl);
		fl.l_type = F_WRLCK;
		fl.l_whence = SEEK_SET;
		if (fcntl(fd, F_SETLK, &fl) == 0)
			break;
		if (errno != EACCES && errno != EAGAIN && errno != EINTR) {
			int e = errno;
			close(fd);
			return ds_errors_add(err, DS_EIO, path, 0, 0, "cannot lock: %s",
					     strerror(e));
		}
		if (now_ms() - start >= timeout_ms) {
			memset(&fl, 0, sizeof fl);
			fl.l_type = F_WRLCK;
			fl.l_whence = SEEK_SET;
			long pid = fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK
					   ? (long)fl.l_pid
					   : 0;
			close(fd);
			if (pid > 0)
				return ds_errors_add(
					err, DS_ETEMPFAIL, NULL, 0, 0,
					"'%s' is locked by process %ld (waited %ld ms); try again later",
					dir, pid, timeout_ms);
			return ds_errors_add(
				err, DS_ETEMPFAIL, NULL, 0, 0,
				"'%s' is locked by another writer (waited %ld ms); try again later",
				dir, timeout_ms);
		}
		struct timespec ts = { 0, 20 * 1000000L };
		nanosleep(&ts, NULL);
	}
	/* The pid is only a hint for people; the fcntl lock is what counts. */
	char pid[32];
	int n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) != 0 || pwrite(fd, pid, (size_t)n, 0) != n) {
		/* Not fatal: the lock is held all the same. */
	}
	lk->fd = fd;
	return DS_OK;
}

void ds_lock_release(struct ds_lock *lk)
{
	if (lk->fd >= 0)
		close(lk->fd);
	lk->fd = -1;
}

char *ds_path_real_dir(const char *path)
{
	char *real = realpath(path, NULL);
	char *dir = ds_path_dir(real != NULL ? real : path);
	free(real);
	return dir;
}
