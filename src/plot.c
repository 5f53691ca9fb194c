/*
 * plot.c - running gnuplot on chart scripts, once for many charts (plot.h),
 * and making the directory they are written in.
 *
 * One gnuplot process renders every chart asked for: its standard input is
 * a small driver (an unlinked temporary file, so there is no pipe to block
 * on and no SIGPIPE) that sets the temporary-name suffix and the formats,
 * then `load`s each chart script by its absolute path.  gnuplot reading a
 * non-terminal stdin carries on after an error, so one broken chart does not
 * stop the others; whether a chart succeeded is judged from its images,
 * which must be complete before they are renamed over the previous ones.
 *
 * gnuplot is started with posix_spawn(): no shell ever sees a path.
 *
 * The images are the one output not written through ds_atomic
 * (safefile.h): gnuplot writes them itself, so the same discipline is kept
 * by hand, a temporary name that is checked and then renamed.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "defspend/gpscript.h"
#include "defspend/plot.h"
#include "defspend/util.h"

extern char **environ;

int ds_plot_mkdir(const char *dir, struct ds_errors *err)
{
	char *p = ds_strdup(dir);
	if (p == NULL)
		return ds_errors_nomem(err, NULL);
	int rc = DS_OK;
	for (char *s = p + 1;; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;
		*s = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST) {
			rc = ds_errors_add(err, DS_ECANTCREAT, NULL, 0, 0,
					   "cannot create directory '%s': %s", p, strerror(errno));
			break;
		}
		*s = c;
		if (c == '\0')
			break;
	}
	struct stat st;
	if (rc == DS_OK && stat(dir, &st) != 0)
		rc = ds_errors_add(err, DS_ECANTCREAT, NULL, 0, 0,
				   "cannot create directory '%s': %s", dir, strerror(errno));
	else if (rc == DS_OK && !S_ISDIR(st.st_mode))
		rc = ds_errors_add(err, DS_ECANTCREAT, NULL, 0, 0,
				   "cannot create directory '%s': not a directory", dir);
	if (rc == DS_OK && access(dir, W_OK) != 0)
		rc = ds_errors_add(err, DS_ECANTCREAT, NULL, 0, 0,
				   "cannot write in directory '%s': %s", dir, strerror(errno));
	free(p);
	return rc;
}

/* "DIR/NAME" followed by suffix (".gp", ".tmp123.png"), malloc'd; NULL out of memory. */
static char *file_in(const char *dir, const char *name, const char *suffix)
{
	size_t n = strlen(name), k = strlen(suffix);
	char *file = malloc(n + k + 1);
	if (file == NULL)
		return NULL;
	memcpy(file, name, n);
	memcpy(file + n, suffix, k + 1);
	char *p = ds_path_join(dir, file);
	free(file);
	return p;
}

static int executable(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

char *ds_plot_find_gnuplot(void)
{
	const char *env = getenv("DEFSPEND_GNUPLOT");
	if (env != NULL && *env != '\0')
		return executable(env) ? ds_strdup(env) : NULL;
	const char *path = getenv("PATH");
	if (path == NULL)
		path = "/usr/bin:/bin";
	while (*path != '\0') {
		const char *end = strchr(path, ':');
		size_t len = end ? (size_t)(end - path) : strlen(path);
		if (len > 0) {
			char *dir = strndup(path, len);
			char *cand = dir ? ds_path_join(dir, "gnuplot") : NULL;
			free(dir);
			if (cand != NULL && executable(cand))
				return cand;
			free(cand);
		}
		path += len;
		if (*path == ':')
			path++;
	}
	return NULL;
}

/*
 * Reads the first hn bytes into head and the last (up to) *tn bytes into
 * tail, setting *tn to how many; -1 when the file is not a regular file of at
 * least hn bytes.
 */
static int read_file_bounds(const char *path, unsigned char *head, size_t hn, unsigned char *tail,
			    size_t *tn, long *size)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	struct stat st;
	int rc = -1;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size >= hn) {
		if ((size_t)st.st_size < *tn)
			*tn = (size_t)st.st_size;
		if (pread(fd, head, hn, 0) == (ssize_t)hn &&
		    pread(fd, tail, *tn, st.st_size - (off_t)*tn) == (ssize_t)*tn) {
			*size = (long)st.st_size;
			rc = 0;
		}
	}
	close(fd);
	return rc;
}

int ds_plot_png_ok(const char *path)
{
	static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
	/* The last chunk is IEND: length 0, "IEND", CRC ae 42 60 82. */
	static const unsigned char iend[12] = { 0,   0,   0,    0,    'I',  'E',
						'N', 'D', 0xae, 0x42, 0x60, 0x82 };
	unsigned char h[8], t[12];
	size_t tn = sizeof t;
	long size;
	if (read_file_bounds(path, h, sizeof h, t, &tn, &size) != 0 || size < 40 || tn != sizeof t)
		return 0;
	return memcmp(h, sig, 8) == 0 && memcmp(t, iend, 12) == 0;
}

int ds_plot_svg_ok(const char *path)
{
	unsigned char h[5], t[64];
	size_t tn = sizeof t;
	long size;
	if (read_file_bounds(path, h, sizeof h, t, &tn, &size) != 0)
		return 0;
	if (memcmp(h, "<?xml", 5) != 0 && memcmp(h, "<svg", 4) != 0)
		return 0;
	/* The closing tag, then only white space. */
	size_t end = tn;
	while (end > 0 && (t[end - 1] == '\n' || t[end - 1] == '\r' || t[end - 1] == ' ' ||
			   t[end - 1] == '\t'))
		end--;
	return end >= 6 && memcmp(t + end - 6, "</svg>", 6) == 0;
}

/* Writes s as a gnuplot single-quoted string; -1 if s holds a control character. */
static int put_quoted(FILE *f, const char *s)
{
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return -1;
	struct ds_gp gp = { f, 0 };
	ds_gp_quote(&gp, s);
	return gp.failed ? -1 : 0;
}

/* The driver: an unlinked temporary file in dir, positioned at its start. */
static int write_driver(const char *absdir, const char *suffix, const char *const *names, size_t n,
			unsigned formats, struct ds_errors *err)
{
	char *tmp = ds_path_join(absdir, ".render.XXXXXX");
	if (tmp == NULL)
		return ds_errors_nomem(err, NULL), -1;
	int fd = mkstemp(tmp);
	if (fd < 0) {
		ds_errors_add(err, DS_ECANTCREAT, NULL, 0, 0, "cannot create a file in '%s': %s",
			      absdir, strerror(errno));
		free(tmp);
		return -1;
	}
	unlink(tmp);
	free(tmp);
	int dup_fd = dup(fd);
	FILE *f = dup_fd >= 0 ? fdopen(dup_fd, "w") : NULL;
	if (f == NULL) {
		if (dup_fd >= 0)
			close(dup_fd);
		close(fd);
		return ds_errors_add(err, DS_EIO, NULL, 0, 0, "cannot write the render driver"), -1;
	}
	int bad = 0;
	fprintf(f, "ds_tmp = '%s'\nds_formats = '%s%s%s'\n", suffix,
		(formats & DS_RENDER_PNG) ? "png" : "", formats == 3 ? " " : "",
		(formats & DS_RENDER_SVG) ? "svg" : "");
	for (size_t i = 0; i < n; i++) {
		char *script = file_in(absdir, names[i], ".gp");
		fputs("load ", f);
		if (script == NULL || put_quoted(f, script) != 0)
			bad = 1;
		fputc('\n', f);
		free(script);
	}
	if (fclose(f) != 0)
		bad = 1;
	if (bad || lseek(fd, 0, SEEK_SET) != 0) {
		close(fd);
		return ds_errors_add(err, DS_ECANTCREAT, NULL, 0, 0,
				     "cannot write the render driver in '%s'", absdir),
		       -1;
	}
	return fd;
}

static int run_gnuplot(const char *gnuplot, int stdin_fd, int *status)
{
	posix_spawn_file_actions_t fa;
	if (posix_spawn_file_actions_init(&fa) != 0)
		return -1;
	/* gnuplot talks on stderr; its stdout joins it so ours stays clean. */
	int rc = posix_spawn_file_actions_adddup2(&fa, stdin_fd, 0);
	if (rc == 0)
		rc = posix_spawn_file_actions_adddup2(&fa, 2, 1);
	pid_t pid;
	char *argv[] = { (char *)"gnuplot", NULL };
	if (rc == 0)
		rc = posix_spawn(&pid, gnuplot, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0) {
		errno = rc;
		return -1;
	}
	while (waitpid(pid, status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return 0;
}

/* dir made absolute (the driver must not depend on gnuplot's working directory). */
static char *absolute(const char *dir)
{
	if (dir[0] == '/')
		return ds_strdup(dir);
	char *cwd = getcwd(NULL, 0);
	if (cwd == NULL)
		return NULL;
	char *p = ds_path_join(cwd, dir);
	free(cwd);
	return p;
}

int ds_plot_render(const char *gnuplot, const char *dir, const char *const *names, size_t n,
		   unsigned formats, struct ds_errors *err)
{
	static const char *const ext[2] = { "png", "svg" };
	char *absdir = absolute(dir);
	if (absdir == NULL)
		return ds_errors_add(err, DS_ECANTCREAT, NULL, 0, 0,
				     "cannot use directory '%s': %s", dir, strerror(errno));
	char suffix[32];
	snprintf(suffix, sizeof suffix, ".tmp%ld", (long)getpid());
	int rc = DS_OK;
	int fd = write_driver(absdir, suffix, names, n, formats, err);
	if (fd < 0) {
		rc = ds_errors_status(err);
		goto out;
	}
	int status = 0;
	if (run_gnuplot(gnuplot, fd, &status) != 0) {
		rc = ds_errors_add(err, DS_EUNAVAILABLE, NULL, 0, 0, "cannot run '%s': %s", gnuplot,
				   strerror(errno));
		close(fd);
		goto out;
	}
	close(fd);
	/* Keep each complete image; drop the temporary name of every broken one. */
	for (size_t i = 0; i < n; i++) {
		for (int k = 0; k < 2; k++) {
			if (!(formats & (1u << k)))
				continue;
			char tail[48], fin[16];
			snprintf(tail, sizeof tail, "%s.%s", suffix, ext[k]);
			snprintf(fin, sizeof fin, ".%s", ext[k]);
			char *tmp = file_in(absdir, names[i], tail);
			char *dst = file_in(absdir, names[i], fin);
			if (tmp == NULL || dst == NULL) {
				rc = ds_errors_nomem(err, NULL);
			} else if (!(k == 0 ? ds_plot_png_ok(tmp) : ds_plot_svg_ok(tmp))) {
				unlink(tmp);
				/* A script gnuplot cannot draw is our bug (70); a gnuplot
				 * that died is the renderer failing (69). */
				rc = ds_errors_add(
					err, WIFEXITED(status) ? DS_ESOFTWARE : DS_EUNAVAILABLE,
					NULL, 0, 0, "gnuplot did not draw '%s.%s'%s", names[i],
					ext[k], WIFEXITED(status) ? "" : " (gnuplot was killed)");
			} else if (rename(tmp, dst) != 0) {
				rc = ds_errors_add(err, DS_ECANTCREAT, NULL, 0, 0,
						   "cannot write '%s': %s", dst, strerror(errno));
				unlink(tmp);
			}
			free(tmp);
			free(dst);
		}
	}
out:
	free(absdir);
	return rc;
}
