/*
 * datadir.c - choosing the data directory, and the user's copy of a
 * read-only installation (see datadir.h for the order and the reasons).
 *
 * The copy is deliberately dumb: every regular file of the share directory
 * and of its subdirectories, byte for byte.  Files whose names start with a
 * dot (lock files, editor droppings) are left behind.
 */
#define _XOPEN_SOURCE 700 /* realpath() */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "defspend/datadir.h"
#include "defspend/util.h"

#define COPY_DEPTH 2 /* the directory and one level below (releases/) */

static int is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int is_file(const char *dir, const char *name)
{
	char *p = ds_path_join(dir, name);
	struct stat st;
	int ok = p != NULL && stat(p, &st) == 0 && S_ISREG(st.st_mode);
	free(p);
	return ok;
}

int ds_datadir_looks_like_data(const char *dir)
{
	return is_dir(dir) && (is_file(dir, "members.csv") || is_file(dir, "spending.csv"));
}

const char *ds_datadir_origin_name(enum ds_datadir_origin origin)
{
	switch (origin) {
	case DS_DATADIR_OPTION:
		return "--data";
	case DS_DATADIR_ENV:
		return "$DEFSPEND_DATA";
	case DS_DATADIR_CWD:
		return "./data";
	case DS_DATADIR_CHECKOUT:
		return "the checkout this binary was built in";
	case DS_DATADIR_USER:
		return "user copy";
	case DS_DATADIR_SHARE:
		return "installed";
	case DS_DATADIR_NONE:
		break;
	}
	return "not found";
}

int ds_datadir_user(char **out, struct ds_errors *err)
{
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	char *p = NULL;
	/* The XDG spec says a relative XDG_DATA_HOME is invalid and ignored. */
	if (xdg != NULL && xdg[0] == '/') {
		p = ds_path_join(xdg, "defspend");
	} else if (home != NULL && home[0] != '\0') {
		p = ds_path_join(home, ".local/share/defspend");
	} else {
		return ds_errors_add(
			err, DS_ENOINPUT, NULL, 0, 0,
			"no place for the user's data: neither $XDG_DATA_HOME nor $HOME is set");
	}
	if (p == NULL)
		return ds_errors_nomem(err, NULL);
	*out = p;
	return DS_OK;
}

static int set_out(struct ds_datadir *out, const char *path, enum ds_datadir_origin origin,
		   struct ds_errors *err)
{
	out->path = ds_strdup(path);
	out->origin = origin;
	if (out->path == NULL)
		return ds_errors_nomem(err, NULL);
	return DS_OK;
}

/* Notes a place passed over: path (copied; NULL when the step had none) and why. */
static int tried(struct ds_datadir *out, enum ds_datadir_origin origin, const char *path,
		 const char *why, struct ds_errors *err)
{
	struct ds_datadir_tried *t = &out->tried[out->ntried++];
	t->origin = origin;
	t->why = why;
	t->path = NULL;
	if (path != NULL && (t->path = ds_strdup(path)) == NULL)
		return ds_errors_nomem(err, NULL);
	return DS_OK;
}

/* Why dir is passed over. */
static const char *why_not(const char *dir)
{
	return is_dir(dir) ? "no defspend data there" : "not there";
}

int ds_datadir_resolve(const char *option, const char *checkout, const char *sharedir,
		       struct ds_datadir *out, struct ds_errors *err)
{
	memset(out, 0, sizeof *out);
	out->origin = DS_DATADIR_NONE;
	if (option != NULL)
		return set_out(out, option, DS_DATADIR_OPTION, err);
	const char *env = getenv("DEFSPEND_DATA");
	if (env != NULL && env[0] != '\0')
		return set_out(out, env, DS_DATADIR_ENV, err);
	if (ds_datadir_looks_like_data("data"))
		return set_out(out, "data", DS_DATADIR_CWD, err);
	char cwd[4096];
	char *here = getcwd(cwd, sizeof cwd) != NULL ? ds_path_join(cwd, "data") : NULL;
	int rc = tried(out, DS_DATADIR_CWD, here != NULL ? here : "./data", why_not("data"), err);
	free(here);
	if (rc != DS_OK)
		return rc;
	if (checkout != NULL && ds_datadir_looks_like_data(checkout))
		return set_out(out, checkout, DS_DATADIR_CHECKOUT, err);
	if ((rc = tried(out, DS_DATADIR_CHECKOUT, checkout,
			checkout ? why_not(checkout)
				 : "this binary is not in a checkout of the sources",
			err)) != DS_OK)
		return rc;
	/* No home is not an error for reading: only the user copy is skipped. */
	struct ds_errors quiet;
	ds_errors_init(&quiet);
	char *user = NULL;
	rc = ds_datadir_user(&user, &quiet);
	ds_errors_release(&quiet);
	if (rc == DS_ENOMEM)
		return ds_errors_nomem(err, NULL);
	if (user != NULL && ds_datadir_looks_like_data(user)) {
		out->path = user;
		out->origin = DS_DATADIR_USER;
		return DS_OK;
	}
	rc = tried(out, DS_DATADIR_USER, user,
		   user ? why_not(user) : "neither $XDG_DATA_HOME nor $HOME is set", err);
	free(user);
	if (rc != DS_OK)
		return rc;
	if (sharedir != NULL && ds_datadir_looks_like_data(sharedir))
		return set_out(out, sharedir, DS_DATADIR_SHARE, err);
	if ((rc = tried(out, DS_DATADIR_SHARE, sharedir,
			sharedir ? why_not(sharedir) : "this binary was built without one", err)) !=
	    DS_OK)
		return rc;
	return set_out(out, "data", DS_DATADIR_NONE, err);
}

void ds_datadir_release(struct ds_datadir *d)
{
	free(d->path);
	d->path = NULL;
	for (size_t i = 0; i < d->ntried; i++)
		free(d->tried[i].path);
	d->ntried = 0;
}

int ds_datadir_checkout(const char *exe, char **out, struct ds_errors *err)
{
	*out = NULL;
	char *dir = ds_strdup(exe);
	if (dir == NULL)
		return ds_errors_nomem(err, NULL);
	for (int up = 0; up < 3; up++) {
		char *slash = strrchr(dir, '/');
		if (slash == NULL)
			break;
		*slash = '\0'; /* the binary's directory, then its parents */
		const char *at = *dir ? dir : "/";
		char *src = ds_path_join(at, "src/main.c");
		char *data = ds_path_join(at, "data");
		if (src == NULL || data == NULL) {
			free(src);
			free(data);
			free(dir);
			return ds_errors_nomem(err, NULL);
		}
		int found = access(src, F_OK) == 0 && ds_datadir_looks_like_data(data);
		free(src);
		if (found) {
			*out = data;
			break;
		}
		free(data);
	}
	free(dir);
	return DS_OK;
}

/* mkdir -p for the parents of the user copy; new directories are private. */
static int make_parents(char *path)
{
	for (char *s = strchr(path + 1, '/'); s != NULL; s = strchr(s + 1, '/')) {
		*s = '\0';
		int rc = mkdir(path, 0700);
		int e = errno;
		*s = '/';
		if (rc != 0 && e != EEXIST)
			return -1;
	}
	return 0;
}

static int copy_file(const char *from, const char *to, struct ds_errors *err)
{
	char buf[65536];
	int in = open(from, O_RDONLY);
	if (in < 0)
		return ds_errors_add(err, DS_EIO, from, 0, 0, "cannot read: %s", strerror(errno));
	int rc = DS_OK;
	int out = open(to, O_WRONLY | O_CREAT | O_EXCL, 0666);
	if (out < 0) {
		rc = ds_errors_add(err, DS_ECANTCREAT, to, 0, 0, "cannot create: %s",
				   strerror(errno));
		goto out;
	}
	for (;;) {
		ssize_t n = read(in, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = ds_errors_add(err, DS_EIO, from, 0, 0, "read error: %s",
					   strerror(errno));
			break;
		}
		if (n == 0)
			break;
		for (ssize_t done = 0; done < n;) {
			ssize_t w = write(out, buf + done, (size_t)(n - done));
			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0) {
				rc = ds_errors_add(err, DS_EIO, to, 0, 0, "write error: %s",
						   strerror(errno));
				goto close_out;
			}
			done += w;
		}
	}
	if (rc == DS_OK && fsync(out) != 0)
		rc = ds_errors_add(err, DS_EIO, to, 0, 0, "cannot sync: %s", strerror(errno));
close_out:
	if (close(out) != 0 && rc == DS_OK)
		rc = ds_errors_add(err, DS_EIO, to, 0, 0, "write error: %s", strerror(errno));
out:
	close(in);
	return rc;
}

/* Copies the regular files of from into the existing directory to. */
static int copy_tree(const char *from, const char *to, int depth, struct ds_errors *err)
{
	DIR *d = opendir(from);
	if (d == NULL)
		return ds_errors_add(err, DS_EIO, from, 0, 0, "cannot read: %s", strerror(errno));
	int rc = DS_OK;
	struct dirent *e;
	while (rc == DS_OK && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		char *src = ds_path_join(from, e->d_name);
		char *dst = ds_path_join(to, e->d_name);
		struct stat st;
		if (src == NULL || dst == NULL)
			rc = ds_errors_nomem(err, NULL);
		else if (stat(src, &st) != 0)
			rc = ds_errors_add(err, DS_EIO, src, 0, 0, "cannot read: %s",
					   strerror(errno));
		else if (S_ISREG(st.st_mode))
			rc = copy_file(src, dst, err);
		else if (S_ISDIR(st.st_mode) && depth > 1) {
			if (mkdir(dst, 0777) != 0)
				rc = ds_errors_add(err, DS_ECANTCREAT, dst, 0, 0,
						   "cannot create: %s", strerror(errno));
			else
				rc = copy_tree(src, dst, depth - 1, err);
		}
		free(src);
		free(dst);
	}
	closedir(d);
	return rc;
}

/* Removes what copy_tree made; errors are ignored: it is cleanup. */
static void remove_tree(const char *dir, int depth)
{
	DIR *d = opendir(dir);
	if (d != NULL) {
		struct dirent *e;
		while ((e = readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			char *p = ds_path_join(dir, e->d_name);
			if (p != NULL && unlink(p) != 0 && depth > 1)
				remove_tree(p, depth - 1);
			free(p);
		}
		closedir(d);
	}
	rmdir(dir);
}

int ds_datadir_copy(const char *share, const char *user, struct ds_errors *err)
{
	char *tmp = malloc(strlen(user) + 16);
	if (tmp == NULL)
		return ds_errors_nomem(err, NULL);
	/* Beside the target, so that rename() moves it into place atomically. */
	sprintf(tmp, "%s.tmp-XXXXXX", user);
	int rc = DS_OK;
	if (make_parents(tmp) != 0 || mkdtemp(tmp) == NULL) {
		rc = ds_errors_add(err, DS_ECANTCREAT, user, 0, 0, "cannot create: %s",
				   strerror(errno));
		goto out;
	}
	rc = copy_tree(share, tmp, COPY_DEPTH, err);
	if (rc == DS_OK && rename(tmp, user) != 0) {
		/* Another run made the copy first: use theirs. */
		if ((errno == EEXIST || errno == ENOTEMPTY) && ds_datadir_looks_like_data(user))
			rc = DS_OK;
		else
			rc = ds_errors_add(err, DS_ECANTCREAT, user, 0, 0, "cannot create: %s",
					   strerror(errno));
		remove_tree(tmp, COPY_DEPTH);
	} else if (rc != DS_OK) {
		remove_tree(tmp, COPY_DEPTH);
	}
out:
	free(tmp);
	return rc;
}

int ds_datadir_writable(struct ds_datadir *d, int *copied, struct ds_errors *err)
{
	*copied = 0;
	if (d->origin != DS_DATADIR_SHARE || access(d->path, W_OK) == 0)
		return DS_OK;
	if (!ds_datadir_looks_like_data(d->path))
		return ds_errors_add(err, DS_ENOINPUT, d->path, 0, 0,
				     "no defspend data here to copy");
	char *user = NULL;
	int rc = ds_datadir_user(&user, err);
	if (rc != DS_OK)
		return rc;
	if (ds_datadir_looks_like_data(user)) {
		/* Resolution would have chosen it; it appeared since. */
	} else if ((rc = ds_datadir_copy(d->path, user, err)) != DS_OK) {
		free(user);
		return rc;
	} else {
		*copied = 1;
	}
	free(d->path);
	d->path = user;
	d->origin = DS_DATADIR_USER;
	return DS_OK;
}

/* The device and inode of path (following links); 0 when it cannot be read. */
static int file_id(const char *path, dev_t *dev, ino_t *ino)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return 0;
	*dev = st.st_dev;
	*ino = st.st_ino;
	return 1;
}

/* Whether the directory (dev, ino) is real or one of its ancestors; real is resolved. */
static int has_ancestor(const char *real, dev_t dev, ino_t ino)
{
	char *p = ds_strdup(real);
	int found = 0;
	while (p != NULL && !found) {
		dev_t d;
		ino_t i;
		found = file_id(p, &d, &i) && d == dev && i == ino;
		char *slash = strrchr(p, '/');
		if (slash == NULL || (slash == p && p[1] == '\0'))
			break;
		if (slash == p)
			slash[1] = '\0'; /* up to "/" */
		else
			*slash = '\0';
	}
	free(p);
	return found;
}

/*
 * out resolved as `mkdir -p` would leave it: the longest prefix that
 * exists, resolved, then the rest taken word by word ('..' steps back over
 * a directory that would be new).  *exists says whether all of it exists.
 * Caller frees; NULL out of memory or when nothing of it resolves.
 */
static char *resolve_out(const char *out, int *exists)
{
	char *abs = out[0] == '/' ? ds_strdup(out) : NULL;
	if (abs == NULL && out[0] != '/') {
		char *cwd = getcwd(NULL, 0);
		abs = cwd != NULL ? ds_path_join(cwd, out) : NULL;
		free(cwd);
	}
	if (abs == NULL)
		return NULL;
	/* The longest existing prefix, cut at a slash. */
	size_t cut = strlen(abs);
	char *real = NULL;
	for (;;) {
		char save = abs[cut];
		abs[cut] = '\0';
		real = realpath(cut > 0 ? abs : "/", NULL);
		abs[cut] = save;
		if (real != NULL)
			break;
		while (cut > 0 && abs[cut - 1] != '/')
			cut--;
		while (cut > 0 && abs[cut - 1] == '/')
			cut--;
		if (cut == 0) {
			real = realpath("/", NULL);
			break;
		}
	}
	*exists = abs[cut] == '\0';
	if (real == NULL) {
		free(abs);
		return NULL;
	}
	/* The rest, word by word. */
	size_t cap = strlen(real) + strlen(abs + cut) + 2;
	char *res = malloc(cap);
	if (res == NULL) {
		free(real);
		free(abs);
		return NULL;
	}
	strcpy(res, real);
	free(real);
	for (char *w = abs + cut; *w;) {
		while (*w == '/')
			w++;
		size_t n = strcspn(w, "/");
		if (n == 0)
			break;
		if (n == 2 && w[0] == '.' && w[1] == '.') {
			char *slash = strrchr(res, '/');
			if (slash != NULL && slash != res)
				*slash = '\0';
			else
				strcpy(res, "/");
		} else if (!(n == 1 && w[0] == '.')) {
			size_t l = strlen(res);
			if (l > 1)
				res[l++] = '/';
			memcpy(res + l, w, n);
			res[l + n] = '\0';
		}
		w += n;
	}
	free(abs);
	return res;
}

enum ds_datadir_overlap ds_datadir_overlap(const char *out, const char *data)
{
	struct stat ds;
	if (stat(data, &ds) != 0)
		return DS_OVERLAP_NONE;
	char *real_data = realpath(data, NULL);
	int exists = 0;
	char *real_out = resolve_out(out, &exists);
	enum ds_datadir_overlap r = DS_OVERLAP_NONE;
	if (real_data == NULL || real_out == NULL)
		goto done;
	dev_t od;
	ino_t oi;
	if (exists && file_id(real_out, &od, &oi)) {
		if (S_ISDIR(ds.st_mode) && od == ds.st_dev && oi == ds.st_ino) {
			r = DS_OVERLAP_SAME;
			goto done;
		}
		/* The data (directory or file) inside the output directory. */
		if (has_ancestor(real_data, od, oi)) {
			r = DS_OVERLAP_CONTAINS;
			goto done;
		}
	}
	/* The output directory (or where it would be made) inside the data directory. */
	if (S_ISDIR(ds.st_mode) && has_ancestor(real_out, ds.st_dev, ds.st_ino))
		r = DS_OVERLAP_INSIDE;
done:
	free(real_data);
	free(real_out);
	return r;
}
