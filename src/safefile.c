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
#define _GNU_SOURCE /* realpath(), copy_file_range() */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "defspend/input.h"
#include "defspend/safefile.h"
#include "defspend/util.h"

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
	int rc;
	if (fstat(fd, &st) != 0)
		rc = ds_errors_add(err, DS_EIO, path, 0, 0, "cannot stat: %s", strerror(errno));
	else if (!S_ISREG(st.st_mode))
		rc = ds_errors_add(err, DS_ECANTCREAT, path, 0, 0,
				   "refusing to update: %s, not a regular file", kind(st.st_mode));
	else
		rc = ds_input_read_fd(fd, path, (size_t)st.st_size, data, len, err);
	close(fd);
	return rc;
}

/*
 * Adds a diagnostic when the caller keeps a record, and returns status
 * either way; errno is left as it was, so that a caller without a record
 * can still say why.
 */
static int report(struct ds_errors *err, int status, const char *file, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int report(struct ds_errors *err, int status, const char *file, const char *fmt, ...)
{
	int e = errno;
	if (err != NULL) {
		va_list ap;
		va_start(ap, fmt);
		ds_errors_vadd(err, status, file, 0, 0, fmt, ap);
		va_end(ap);
	}
	errno = e;
	return status;
}

static int nomem(struct ds_errors *err, const char *file)
{
	if (err != NULL)
		ds_errors_nomem(err, file);
	errno = ENOMEM;
	return DS_ENOMEM;
}

/*
 * Where to write for path: the file itself, or the target of a link
 * (nofollow: the path itself even when it is a link, which is replaced).
 */
static int resolve_target(const char *path, int must_be_new, int nofollow, char **target,
			  mode_t *mode, off_t *size, struct ds_errors *err)
{
	struct stat st;
	*target = NULL;
	*size = 0;
	if (lstat(path, &st) != 0) {
		if (errno != ENOENT)
			return report(err, DS_ECANTCREAT, path, "cannot stat: %s", strerror(errno));
		mode_t um = umask(022);
		umask(um);
		*mode = 0666 & ~um;
		if ((*target = ds_strdup(path)) == NULL)
			return nomem(err, path);
		return DS_OK;
	}
	if (must_be_new) {
		errno = EEXIST;
		return report(err, DS_ECANTCREAT, path, "already exists");
	}
	if (S_ISLNK(st.st_mode) && nofollow) {
		/* The link itself is replaced: the new file gets the default mode. */
		mode_t um = umask(022);
		umask(um);
		*mode = 0666 & ~um;
		if ((*target = ds_strdup(path)) == NULL)
			return nomem(err, path);
		return DS_OK;
	}
	if (S_ISLNK(st.st_mode)) {
		if (stat(path, &st) != 0)
			return report(err, DS_ECANTCREAT, path,
				      "refusing to update: a broken symbolic link");
		if (!S_ISREG(st.st_mode)) {
			errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
			return report(err, DS_ECANTCREAT, path,
				      "refusing to update: a symbolic link to %s",
				      kind(st.st_mode));
		}
		if ((*target = realpath(path, NULL)) == NULL)
			return report(err, DS_ECANTCREAT, path, "cannot resolve: %s",
				      strerror(errno));
	} else {
		if (!S_ISREG(st.st_mode)) {
			errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
			return report(err, DS_ECANTCREAT, path,
				      "refusing to update: %s, not a regular file",
				      kind(st.st_mode));
		}
		if ((*target = ds_strdup(path)) == NULL)
			return nomem(err, path);
	}
	*mode = st.st_mode & 07777;
	*size = st.st_size;
	return DS_OK;
}

/* Frees what the writer owns, keeping failed and error; errno is kept. */
static void drop(struct ds_atomic *a)
{
	int e = errno;
	if (a->f != NULL)
		fclose(a->f);
	if (a->tmp != NULL && !a->recycled)
		unlink(a->tmp); /* a spare stays a spare, whatever it now holds */
	free(a->tmp);
	free(a->target);
	free(a->spare);
	a->f = NULL;
	a->tmp = a->target = a->spare = NULL;
	a->closed = a->recycled = 0;
	errno = e;
}

char *ds_file_spare_name(const char *path)
{
	char *dir = ds_path_dir(path);
	if (dir == NULL)
		return NULL;
	const char *base = base_name(path);
	size_t n = strlen(dir) + strlen(DS_SPARE_PREFIX) + strlen(base) + 2;
	char *p = malloc(n);
	if (p != NULL)
		snprintf(p, n, "%s/%s%s", dir, DS_SPARE_PREFIX, base);
	free(dir);
	return p;
}

/*
 * The spare at path opened for writing, or -1: only a regular file of
 * ours with no other name, so that what is overwritten is nothing but the
 * spare (O_NONBLOCK: a fifo planted there must not hang the open).
 */
static int open_spare(const char *path)
{
	int fd = open(path, O_WRONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	struct stat st;
	if (fd >= 0 && (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_nlink != 1 ||
			st.st_uid != geteuid())) {
		close(fd);
		fd = -1;
	}
	return fd;
}

/* A new temporary file beside target: its descriptor, and its name in *tmp. */
static int make_tmp(const char *dir, const char *target, char **tmp)
{
	size_t n = strlen(dir) + strlen(DS_TMP_PREFIX) + strlen(base_name(target)) + 10;
	if ((*tmp = malloc(n)) == NULL) {
		errno = ENOMEM;
		return -1;
	}
	snprintf(*tmp, n, "%s/%s%s.XXXXXX", dir, DS_TMP_PREFIX, base_name(target));
	int fd = mkstemp(*tmp);
	if (fd < 0) {
		int e = errno;
		free(*tmp);
		*tmp = NULL;
		errno = e;
	}
	return fd;
}

int ds_atomic_open(struct ds_atomic *a, const char *path, unsigned flags, struct ds_errors *err)
{
	memset(a, 0, sizeof *a);
	mode_t mode = 0644;
	off_t size;
	char *dir = NULL;
	int fd = -1;
	int rc = resolve_target(path, (flags & DS_ATOMIC_NEW) != 0,
				(flags & DS_ATOMIC_NOFOLLOW) != 0, &a->target, &mode, &size, err);
	if (rc != DS_OK)
		goto fail;
	if ((dir = ds_path_dir(a->target)) == NULL) {
		rc = nomem(err, path);
		goto fail;
	}
	if ((flags & DS_ATOMIC_SPARE) && size >= DS_SPARE_MIN) {
		if ((a->spare = ds_file_spare_name(a->target)) == NULL) {
			rc = nomem(err, path);
			goto fail;
		}
		/* The spare's blocks are written over: none freed, none allocated. */
		if ((fd = open_spare(a->spare)) >= 0) {
			if ((a->tmp = ds_strdup(a->spare)) == NULL) {
				rc = nomem(err, path);
				goto fail;
			}
			a->recycled = 1;
		}
	}
	if (fd < 0 && (fd = make_tmp(dir, a->target, &a->tmp)) < 0) {
		rc = errno == ENOMEM ? nomem(err, path)
				     : report(err, ds_errno_status(errno), path,
					      "cannot create a temporary file in '%s': %s", dir,
					      strerror(errno));
		goto fail;
	}
	/* mkstemp() made it 0600 (a spare has the mode it had): give it the mode of the
	 * file it replaces. */
	if (fchmod(fd, mode) != 0 || (a->f = fdopen(fd, "w")) == NULL) {
		rc = report(err, DS_EIO, a->tmp, "write error: %s", strerror(errno));
		goto fail;
	}
	free(dir);
	return DS_OK;
fail:
	a->error = errno;
	a->failed = 1;
	if (fd >= 0 && a->f == NULL)
		close(fd);
	drop(a);
	free(dir);
	errno = a->error;
	return rc;
}

void ds_atomic_write(struct ds_atomic *a, const void *data, size_t len)
{
	if (a->failed || a->f == NULL || len == 0)
		return;
	if (fwrite(data, 1, len, a->f) != len) {
		a->failed = 1;
		a->error = errno;
	}
}

static void atomic_fail(struct ds_atomic *a, int e)
{
	a->failed = 1;
	a->error = e;
}

void ds_atomic_copy(struct ds_atomic *a, int fd, size_t off, size_t len)
{
	if (a->failed || a->f == NULL || len == 0)
		return;
	if (fflush(a->f) != 0) {
		atomic_fail(a, errno);
		return;
	}
	int out = fileno(a->f);
	off_t at = (off_t)off;
	/* In the kernel, file to file, where it can; else through a buffer.
	 * A step at a time, each step's pages sent to the disk at once, so
	 * that the writing overlaps the copying and the fsync() before the
	 * rename waits for less (a hint: an error here costs nothing). */
	enum { STEP = 16 << 20 };
	while (len > 0) {
		ssize_t n = copy_file_range(fd, &at, out, NULL, len < STEP ? len : STEP, 0);
		if (n > 0) {
			len -= (size_t)n;
#ifdef SYNC_FILE_RANGE_WRITE
			(void)sync_file_range(out, 0, 0, SYNC_FILE_RANGE_WRITE);
#endif
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n == 0 || errno == EXDEV || errno == ENOSYS || errno == EINVAL ||
		    errno == EOPNOTSUPP || errno == EBADF)
			break;
		atomic_fail(a, errno);
		return;
	}
	enum { CHUNK = 1 << 20 };
	char *buf = len > 0 ? malloc(len < CHUNK ? len : CHUNK) : NULL;
	if (len > 0 && buf == NULL) {
		atomic_fail(a, ENOMEM);
		return;
	}
	while (len > 0 && !a->failed) {
		size_t want = len < CHUNK ? len : CHUNK;
		ssize_t n = pread(fd, buf, want, at);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			atomic_fail(a, n == 0 ? EIO : errno); /* the source ended short */
			break;
		}
		ds_atomic_write(a, buf, (size_t)n);
		at += n;
		len -= (size_t)n;
	}
	free(buf);
}

void ds_atomic_printf(struct ds_atomic *a, const char *fmt, ...)
{
	if (a->failed || a->f == NULL)
		return;
	va_list ap;
	va_start(ap, fmt);
	if (vfprintf(a->f, fmt, ap) < 0) {
		a->failed = 1;
		a->error = errno;
	}
	va_end(ap);
}

int ds_atomic_close(struct ds_atomic *a, struct ds_errors *err)
{
	if (a->closed)
		return DS_OK;
	if (a->f == NULL) {
		errno = a->error ? a->error : EBADF;
		return report(err, DS_EIO, a->tmp, "write error: %s", strerror(errno));
	}
	/* The first failure is the one to report; a later one is often its echo. */
	int e = 0;
	errno = 0;
	off_t end;
	if (fflush(a->f) != 0 || ferror(a->f))
		e = errno ? errno : EIO;
	else if (a->recycled && ((end = lseek(fileno(a->f), 0, SEEK_CUR)) < 0 ||
				 ftruncate(fileno(a->f), end) != 0))
		e = errno; /* a spare is cut to what was written over it (the descriptor's
			    * offset, which copy_file_range() moves as well as the stream) */
	else if (fsync(fileno(a->f)) != 0)
		e = errno;
	if (fclose(a->f) != 0 && e == 0)
		e = errno;
	a->f = NULL;
	if (a->failed || e != 0) {
		if (!a->failed || a->error == 0)
			a->error = e ? e : EIO;
		a->failed = 1;
		errno = a->error;
		return report(err, DS_EIO, a->tmp, "write error: %s", strerror(a->error));
	}
	a->closed = 1;
	return DS_OK;
}

int ds_dir_sync(const char *dir, struct ds_errors *err)
{
	int rc = DS_OK;
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	/* Some file systems cannot fsync a directory (EINVAL); there is nothing more to do there.
	 */
	if (fd < 0 || (fsync(fd) != 0 && errno != EINVAL))
		rc = report(err, DS_EIO, dir, "cannot flush the directory: %s", strerror(errno));
	if (fd >= 0)
		close(fd);
	return rc;
}

/* Flushes the directory that holds path. */
static int sync_dir(const char *path, struct ds_errors *err)
{
	char *dir = ds_path_dir(path);
	if (dir == NULL)
		return nomem(err, path);
	int rc = ds_dir_sync(dir, err);
	free(dir);
	return rc;
}

/* Renames tmp over target and flushes the directory; removes tmp when the rename fails. */
static int rename_into_place(const char *tmp, const char *target, struct ds_errors *err)
{
	if (rename(tmp, target) != 0) {
		int e = errno;
		unlink(tmp);
		errno = e;
		return report(err, ds_errno_status(e), target, "cannot replace: %s", strerror(e));
	}
	return sync_dir(target, err);
}

/*
 * The rename of a writer that keeps a spare: the file replaced gets a
 * second name first (the spare's, or the spare's with ".next" while the
 * spare itself is the file being renamed into place), so that the rename
 * frees none of its blocks.  At every step the target names a complete
 * file, the old one or the new one; the other names hold nothing anyone
 * reads, and open_spare() refuses a spare that is still the target's
 * second name.  A link that fails (a file system without hard links)
 * only means no spare is kept.
 */
static int rename_keeping_spare(struct ds_atomic *a, struct ds_errors *err)
{
	size_t n = strlen(a->spare) + sizeof ".next";
	char *next = a->recycled ? malloc(n) : NULL;
	if (a->recycled && next == NULL)
		return nomem(err, a->target);
	if (next != NULL)
		snprintf(next, n, "%s.next", a->spare);
	const char *keep = next != NULL ? next : a->spare;
	unlink(keep); /* what a writer killed here left, or a spare not to be used */
	int kept = link(a->target, keep) == 0;
	if (rename(a->tmp, a->target) != 0) {
		int e = errno;
		if (kept)
			unlink(keep);
		if (!a->recycled)
			unlink(a->tmp);
		free(next);
		errno = e;
		return report(err, ds_errno_status(e), a->target, "cannot replace: %s",
			      strerror(e));
	}
	if (kept && next != NULL)
		rename(next, a->spare); /* failing, next is unlinked by the next writer */
	free(next);
	return sync_dir(a->target, err);
}

int ds_atomic_commit(struct ds_atomic *a, struct ds_errors *err)
{
	int rc;
	if (a->tmp == NULL) {
		errno = a->error ? a->error : EBADF;
		rc = report(err, DS_ESOFTWARE, NULL, "a commit without a file being written");
	} else if ((rc = ds_atomic_close(a, err)) == DS_OK) {
		rc = a->spare != NULL ? rename_keeping_spare(a, err)
				      : rename_into_place(a->tmp, a->target, err);
		if (rc != DS_OK && a->error == 0)
			a->error = errno;
		free(a->tmp); /* renamed, or removed (a spare: kept) when the rename failed */
		a->tmp = NULL;
	}
	drop(a);
	return rc;
}

int ds_atomic_unspare(struct ds_atomic *a, struct ds_errors *err)
{
	free(a->spare);
	a->spare = NULL;
	if (!a->recycled || a->tmp == NULL)
		return DS_OK;
	char *dir = ds_path_dir(a->target), *tmp = NULL;
	int fd = dir != NULL ? make_tmp(dir, a->target, &tmp) : -1;
	int rc = DS_OK;
	if (fd < 0) {
		rc = errno == ENOMEM
			     ? nomem(err, a->target)
			     : report(err, ds_errno_status(errno), a->target,
				      "cannot create a temporary file: %s", strerror(errno));
	} else {
		close(fd);
		if (rename(a->tmp, tmp) != 0) {
			rc = report(err, ds_errno_status(errno), a->tmp, "cannot rename: %s",
				    strerror(errno));
			unlink(tmp);
			free(tmp);
		} else {
			free(a->tmp);
			a->tmp = tmp;
			a->recycled = 0;
		}
	}
	free(dir);
	return rc;
}

void ds_atomic_abort(struct ds_atomic *a)
{
	drop(a);
}

int ds_file_replace(const char *path, const char *data, size_t len, int must_be_new,
		    struct ds_errors *err)
{
	struct ds_atomic a;
	int rc = ds_atomic_open(&a, path, must_be_new ? DS_ATOMIC_NEW : 0, err);
	if (rc != DS_OK)
		return rc;
	ds_atomic_write(&a, data, len);
	return ds_atomic_commit(&a, err);
}

int ds_file_remove(const char *path, struct ds_errors *err)
{
	if (unlink(path) != 0)
		return ds_errors_add(err, ds_errno_status(errno), path, 0, 0, "cannot remove: %s",
				     strerror(errno));
	return sync_dir(path, err);
}

void ds_file_drop_spare(const char *path)
{
	char *spare = ds_file_spare_name(path);
	if (spare != NULL)
		unlink(spare);
	free(spare);
}

size_t ds_file_sweep(const char *dir, int dry)
{
	DIR *d = opendir(dir);
	if (d == NULL)
		return 0;
	struct dirent *e;
	size_t pl = strlen(DS_TMP_PREFIX), n = 0;
	while ((e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, DS_TMP_PREFIX, pl) != 0)
			continue;
		char p[PATH_MAX];
		if (dry)
			n++;
		else if (snprintf(p, sizeof p, "%s/%s", dir, e->d_name) < (int)sizeof p &&
			 unlink(p) == 0)
			n++;
	}
	closedir(d);
	return n;
}

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The locks this process holds (see safefile.h: fcntl locks are per process). */
static struct ds_lock *held;

static void registry_add(struct ds_lock *lk)
{
	lk->next = held;
	held = lk;
}

static void registry_drop(struct ds_lock *lk)
{
	for (struct ds_lock **p = &held; *p != NULL; p = &(*p)->next)
		if (*p == lk) {
			*p = lk->next;
			break;
		}
	lk->next = NULL;
}

struct ds_lock *ds_lock_held(const char *dir)
{
	struct stat a, b;
	if (stat(dir, &a) != 0)
		return NULL;
	for (struct ds_lock *l = held; l != NULL; l = l->next)
		if (l->writer && l->dir != NULL && stat(l->dir, &b) == 0 && a.st_dev == b.st_dev &&
		    a.st_ino == b.st_ino)
			return l;
	return NULL;
}

/* Byte 0: the writer lock; byte 1: the commit lock. */
enum { WRITER_BYTE = 0, COMMIT_BYTE = 1 };

static int set_lock(int fd, short type, off_t byte)
{
	struct flock fl;
	memset(&fl, 0, sizeof fl);
	fl.l_type = type;
	fl.l_whence = SEEK_SET;
	fl.l_start = byte;
	fl.l_len = 1;
	return fcntl(fd, F_SETLK, &fl);
}

/* The process holding a lock that conflicts with type on byte, or 0. */
static long holder(int fd, short type, off_t byte)
{
	struct flock fl;
	memset(&fl, 0, sizeof fl);
	fl.l_type = type;
	fl.l_whence = SEEK_SET;
	fl.l_start = byte;
	fl.l_len = 1;
	return fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK ? (long)fl.l_pid : 0;
}

/*
 * Takes lock type on byte, polling until timeout_ms: 0, 1 on timeout (with
 * *pid the holder, when known), -1 on another error (errno).
 */
static int wait_lock(int fd, short type, off_t byte, long timeout_ms, long *pid)
{
	long start = now_ms();
	*pid = 0;
	for (;;) {
		if (set_lock(fd, type, byte) == 0)
			return 0;
		if (errno != EACCES && errno != EAGAIN && errno != EINTR)
			return -1;
		if (now_ms() - start >= timeout_ms) {
			*pid = holder(fd, type, byte);
			return 1;
		}
		struct timespec ts = { 0, 20 * 1000000L };
		nanosleep(&ts, NULL);
	}
}

static int timed_out(struct ds_errors *err, const char *dir, long pid, long timeout_ms)
{
	if (pid > 0)
		return ds_errors_add(
			err, DS_ETEMPFAIL, NULL, 0, 0,
			"'%s' is locked by process %ld (waited %ld ms); try again later", dir, pid,
			timeout_ms);
	return ds_errors_add(err, DS_ETEMPFAIL, NULL, 0, 0,
			     "'%s' is locked by another writer (waited %ld ms); try again later",
			     dir, timeout_ms);
}

/* Refuses a lock file that is not a regular file of its own (a hard link shares it). */
static int check_lock_file(int fd, const char *path, struct ds_errors *err)
{
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
		return ds_errors_add(err, DS_ECANTCREAT, path, 0, 0,
				     "the lock file is not a regular file");
	if (st.st_nlink != 1)
		return ds_errors_add(err, DS_ECANTCREAT, path, 0, 0,
				     "the lock file has %lu hard links: refusing to use it; "
				     "remove it (it holds nothing) and try again",
				     (unsigned long)st.st_nlink);
	return DS_OK;
}

/* Fills lk for dir: the resolved directory, no descriptor yet. */
static int lock_init(struct ds_lock *lk, const char *dir, long timeout_ms, struct ds_errors *err)
{
	memset(lk, 0, sizeof *lk);
	lk->fd = -1;
	lk->timeout_ms = timeout_ms;
	lk->dir = realpath(dir, NULL);
	if (lk->dir == NULL && errno == ENOMEM)
		return ds_errors_nomem(err, dir);
	if (lk->dir == NULL)
		return ds_errors_add(err, errno == ENOENT ? DS_ENOINPUT : DS_ECANTCREAT, dir, 0, 0,
				     "cannot open: %s", strerror(errno));
	return DS_OK;
}

/* Takes the writer lock on an open lock file; writes our pid as a hint. */
static int take_writer(struct ds_lock *lk, const char *path, struct ds_errors *err)
{
	long pid;
	int w = wait_lock(lk->fd, F_WRLCK, WRITER_BYTE, lk->timeout_ms, &pid);
	if (w < 0)
		return ds_errors_add(err, DS_EIO, path, 0, 0, "cannot lock: %s", strerror(errno));
	if (w > 0)
		return timed_out(err, lk->dir, pid, lk->timeout_ms);
	/* The pid is only a hint for people; the fcntl lock is what counts. */
	char text[32];
	int n = snprintf(text, sizeof text, "%ld\n", (long)getpid());
	if (ftruncate(lk->fd, 0) != 0 || pwrite(lk->fd, text, (size_t)n, 0) != n) {
		/* Not fatal: the lock is held all the same. */
	}
	lk->writer = 1;
	registry_add(lk);
	return DS_OK;
}

int ds_lock_acquire(const char *dir, long timeout_ms, struct ds_lock *lk, struct ds_errors *err)
{
	int rc = lock_init(lk, dir, timeout_ms, err);
	if (rc != DS_OK)
		return rc;
	char *path = ds_path_join(lk->dir, DS_LOCK_NAME);
	if (path == NULL) {
		ds_lock_release(lk);
		return ds_errors_nomem(err, dir);
	}
	lk->fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0644);
	if (lk->fd < 0)
		rc = ds_errors_add(err, DS_ECANTCREAT, path, 0, 0, "cannot open the lock file: %s",
				   errno == ELOOP ? "it is a symbolic link" : strerror(errno));
	else if ((rc = check_lock_file(lk->fd, path, err)) == DS_OK)
		rc = take_writer(lk, path, err);
	free(path);
	if (rc != DS_OK)
		ds_lock_release(lk);
	return rc;
}

int ds_lock_read(const char *dir, long timeout_ms, struct ds_lock *lk, struct ds_errors *err)
{
	int rc = lock_init(lk, dir, timeout_ms, err);
	if (rc != DS_OK)
		return rc;
	char *path = ds_path_join(lk->dir, DS_LOCK_NAME);
	if (path == NULL) {
		ds_lock_release(lk);
		return ds_errors_nomem(err, dir);
	}
	lk->fd = open(path, O_RDWR | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (lk->fd < 0 && (errno == EACCES || errno == EROFS || errno == EPERM))
		lk->fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	struct ds_errors quiet;
	ds_errors_init(&quiet);
	if (lk->fd >= 0 && check_lock_file(lk->fd, path, &quiet) != DS_OK) {
		/* Not ours to judge when only reading: go without, as with none. */
		close(lk->fd);
		lk->fd = -1;
	}
	ds_errors_release(&quiet);
	free(path);
	if (lk->fd < 0)
		return DS_OK;
	long pid;
	int w = wait_lock(lk->fd, F_RDLCK, COMMIT_BYTE, timeout_ms, &pid);
	if (w != 0) {
		int e = errno;
		rc = w < 0 ? ds_errors_add(err, DS_EIO, lk->dir, 0, 0, "cannot lock: %s",
					   strerror(e))
			   : timed_out(err, lk->dir, pid, timeout_ms);
		ds_lock_release(lk);
		return rc;
	}
	return DS_OK;
}

int ds_lock_upgrade(struct ds_lock *lk, struct ds_errors *err)
{
	char *path = ds_path_join(lk->dir, DS_LOCK_NAME);
	if (path == NULL)
		return ds_errors_nomem(err, lk->dir);
	int rc = DS_OK;
	if (lk->fd >= 0)
		set_lock(lk->fd, F_UNLCK, COMMIT_BYTE);
	int fl = lk->fd >= 0 ? fcntl(lk->fd, F_GETFL) : -1;
	if (lk->fd < 0 || fl < 0 || (fl & O_ACCMODE) != O_RDWR) {
		/* No lock file yet, or one we may only read: open it as a writer does.
		 * (Closing the old descriptor first: fcntl locks are per process.) */
		if (lk->fd >= 0)
			close(lk->fd);
		lk->fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0644);
		if (lk->fd < 0)
			rc = ds_errors_add(
				err, DS_ECANTCREAT, path, 0, 0, "cannot open the lock file: %s",
				errno == ELOOP ? "it is a symbolic link" : strerror(errno));
	}
	if (rc == DS_OK)
		rc = check_lock_file(lk->fd, path, err);
	if (rc == DS_OK)
		rc = take_writer(lk, path, err);
	free(path);
	return rc;
}

int ds_lock_commit_begin(struct ds_lock *lk, struct ds_errors *err)
{
	if (lk->fd < 0 || !lk->writer)
		return ds_errors_add(err, DS_ESOFTWARE, lk->dir, 0, 0,
				     "a commit without the writer lock");
	long pid;
	int w = wait_lock(lk->fd, F_WRLCK, COMMIT_BYTE, lk->timeout_ms, &pid);
	if (w < 0)
		return ds_errors_add(err, DS_EIO, lk->dir, 0, 0, "cannot lock: %s",
				     strerror(errno));
	if (w > 0)
		return ds_errors_add(err, DS_ETEMPFAIL, NULL, 0, 0,
				     "'%s' is being read by process %ld (waited %ld ms); try again "
				     "later",
				     lk->dir, pid, lk->timeout_ms);
	return DS_OK;
}

void ds_lock_commit_end(struct ds_lock *lk)
{
	if (lk->fd >= 0)
		set_lock(lk->fd, F_UNLCK, COMMIT_BYTE);
}

void ds_lock_release(struct ds_lock *lk)
{
	registry_drop(lk);
	if (lk->fd >= 0)
		close(lk->fd);
	free(lk->dir);
	lk->fd = -1;
	lk->dir = NULL;
	lk->writer = 0;
}

char *ds_path_real_dir(const char *path)
{
	char *real = realpath(path, NULL);
	char *dir = ds_path_dir(real != NULL ? real : path);
	free(real);
	return dir;
}
