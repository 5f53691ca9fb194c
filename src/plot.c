/*
 * plot.c - running gnuplot on chart scripts, once for many charts (plot.h),
 * and making the directory they are written in.
 *
 * A gnuplot process renders many charts: its standard input is a small
 * driver (an unlinked temporary file, so there is no pipe to block on and
 * no SIGPIPE) that sets the temporary-name suffix and the formats, then
 * `load`s each chart script by its absolute path.  Starting gnuplot costs
 * more than drawing a small chart, so charts are not given a process each;
 * but one process uses one core, so the charts are dealt round the idle
 * cores (ds_idle_cpus()), one gnuplot each, all drawing at once.  gnuplot reading a
 * non-terminal stdin carries on after an error, so one broken chart does not
 * stop the others; whether a chart succeeded is judged from its images,
 * which must be complete before they are renamed over the previous ones.
 *
 * gnuplot is started with posix_spawn(): no shell ever sees a path.
 *
 * The images are the one output not written through ds_atomic
 * (safefile.h): gnuplot writes them itself, so the same discipline is kept
 * by hand.  gnuplot draws into a private directory (mkdtemp, 0700) inside
 * the output directory, where no one else can plant a link for it to
 * follow; each image is checked there and renamed into place, and rename()
 * replaces a link at the destination rather than writing through it.  So
 * the renderer writes nothing outside the output directory, whatever links
 * are in it.  Each call has a private directory of its own, so that the
 * charts of a report can later be rendered by several calls at once.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
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
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
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

/*
 * The driver: an unlinked temporary file in the private directory priv,
 * positioned at its start.  It points the scripts of absdir at priv for
 * their images (ds_out) and loads each by its absolute path.
 */
static int write_driver(const char *absdir, const char *priv, const char *const *names, size_t n,
			unsigned formats, struct ds_errors *err)
{
	char *tmp = ds_path_join(priv, "driver.XXXXXX");
	if (tmp == NULL)
		return ds_errors_nomem(err, NULL), -1;
	int fd = mkstemp(tmp);
	if (fd < 0) {
		ds_errors_add(err, ds_errno_status(errno), NULL, 0, 0,
			      "cannot create a file in '%s': %s", absdir, strerror(errno));
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
	fputs("ds_out = ", f);
	bad |= put_quoted(f, priv) != 0;
	fprintf(f, "\nds_formats = '%s%s%s'\n", (formats & DS_RENDER_PNG) ? "png" : "",
		formats == 3 ? " " : "", (formats & DS_RENDER_SVG) ? "svg" : "");
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
		int e = errno;
		close(fd);
		return ds_errors_add(err, ds_errno_status(e), NULL, 0, 0,
				     "cannot write the render driver in '%s'%s", absdir,
				     e == ENOSPC ? ": no space left on device" : ""),
		       -1;
	}
	return fd;
}

/*
 * gnuplot's log: an unlinked temporary file in priv that every gnuplot
 * writes its stdout and stderr to (O_APPEND, so several may share it).
 * -1 with a message on failure.
 */
static int open_log(const char *absdir, const char *priv, struct ds_errors *err)
{
	char *tmp = ds_path_join(priv, "log.XXXXXX");
	if (tmp == NULL)
		return ds_errors_nomem(err, NULL), -1;
	int fd = mkstemp(tmp);
	if (fd >= 0) {
		unlink(tmp);
		if (fcntl(fd, F_SETFL, O_APPEND) != 0) {
			close(fd);
			fd = -1;
		}
	}
	if (fd < 0)
		ds_errors_add(err, ds_errno_status(errno), NULL, 0, 0,
			      "cannot create a file in '%s': %s", absdir, strerror(errno));
	free(tmp);
	return fd;
}

/*
 * The warnings gnuplot gives for a plot element without a point to draw.
 * A chart with nothing to draw says so in words, in its image and notes
 * (chartkit.h); gnuplot's warning would only repeat it, raw.
 */
static int empty_data_warning(const char *text)
{
	static const char *const known[] = {
		"no valid points", "value undefined", "empty x range",
		"empty y range",   "empty x2 range",  "empty y2 range"
	};
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
		if (strstr(text, known[i]) != NULL)
			return 1;
	return 0;
}

/* One line of gnuplot's log: dropped, or a diagnostic (status DS_OK) in err. */
static void log_line(char *line, struct ds_errors *err)
{
	while (*line == ' ' || *line == '\t')
		line++;
	size_t len = strlen(line);
	while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\r'))
		line[--len] = '\0';
	if (strspn(line, "^ ") == len)
		return; /* blank, or the caret under an echoed command */
	/* "PATH" line N: TEXT, PATH being a chart's script. */
	char *end = line[0] == '"' ? strstr(line + 1, "\" line ") : NULL;
	long n = 0;
	char *text = NULL;
	if (end != NULL) {
		n = strtol(end + 7, &text, 10);
		if (text == NULL || text[0] != ':' || n <= 0)
			end = NULL;
	}
	if (end == NULL) {
		ds_errors_add(err, DS_OK, NULL, 0, 0, "gnuplot: %s", line);
		return;
	}
	*end = '\0';
	text += strspn(text, ": ");
	if (!empty_data_warning(text))
		ds_errors_add(err, DS_OK, line + 1, n, 0, "gnuplot: %s", text);
}

/* Reads the log from its start; what it holds, translated, into err. */
static void read_log(int fd, struct ds_errors *err)
{
	char buf[4096];
	size_t have = 0;
	off_t at = 0;
	for (;;) {
		ssize_t k = pread(fd, buf + have, sizeof buf - 1 - have, at);
		if (k < 0 && errno == EINTR)
			continue;
		if (k > 0)
			at += k, have += (size_t)k;
		buf[have] = '\0';
		char *nl, *p = buf;
		while ((nl = strchr(p, '\n')) != NULL) {
			*nl = '\0';
			log_line(p, err);
			p = nl + 1;
		}
		have -= (size_t)(p - buf);
		memmove(buf, p, have);
		if (k <= 0 || have == sizeof buf - 1) {
			/* The end, or a line too long for buf: what is left is one line. */
			buf[have] = '\0';
			if (have > 0)
				log_line(buf, err);
			have = 0;
			if (k <= 0)
				return;
		}
	}
}

/*
 * While gnuplot runs: what a signal handler needs to stop it and clean up,
 * set before the handlers are installed.  Only async-signal-safe calls
 * (kill, unlink, rmdir, signal, raise) touch them.  Each gnuplot has a
 * process group of its own, recorded here as it starts.
 */
static volatile sig_atomic_t render_pgid[DS_PLOT_JOBS_MAX];
static char **render_files; /* every file gnuplot may draw, in the private directory */
static size_t render_nfiles;
static const char *render_priv;
static const int caught[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
enum { NCAUGHT = sizeof caught / sizeof caught[0] };
static struct sigaction render_old[NCAUGHT];

static void remove_private(void)
{
	for (size_t i = 0; i < render_nfiles; i++)
		unlink(render_files[i]);
	if (render_priv != NULL)
		rmdir(render_priv);
}

/* Stops gnuplot's process group, removes its images, then dies of sig as if uncaught. */
static void on_signal(int sig)
{
	for (int i = 0; i < DS_PLOT_JOBS_MAX; i++)
		if (render_pgid[i] > 0)
			kill(-(pid_t)render_pgid[i], SIGKILL);
	remove_private();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void catch_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (int i = 0; i < NCAUGHT; i++)
		sigaddset(&sa.sa_mask, caught[i]);
	for (int i = 0; i < NCAUGHT; i++)
		sigaction(caught[i], &sa, &render_old[i]);
}

static void restore_signals(void)
{
	for (int i = 0; i < NCAUGHT; i++)
		sigaction(caught[i], &render_old[i], NULL);
}

/*
 * Starts gnuplot number `job` in a process group of its own (so that it and
 * anything it starts can be stopped at once), reading stdin_fd.  The
 * signals caught are blocked from before the spawn until its group is
 * recorded.  Returns its pid, or -1 with errno.
 */
static pid_t start_gnuplot(const char *gnuplot, int stdin_fd, int log_fd, int job)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	if (posix_spawn_file_actions_init(&fa) != 0)
		return -1;
	if (posix_spawnattr_init(&attr) != 0) {
		posix_spawn_file_actions_destroy(&fa);
		return -1;
	}
	sigset_t block, old, none, dflt;
	sigemptyset(&block);
	sigemptyset(&none);
	sigemptyset(&dflt);
	for (int i = 0; i < NCAUGHT; i++)
		sigaddset(&block, caught[i]);
	sigaddset(&dflt, SIGPIPE);
	/* gnuplot talks on stderr, and its stdout is ours: both go to the log,
	 * which read_log() translates, so that no raw gnuplot text reaches the user. */
	int rc = posix_spawn_file_actions_adddup2(&fa, stdin_fd, 0);
	if (rc == 0)
		rc = posix_spawn_file_actions_adddup2(&fa, log_fd, 1);
	if (rc == 0)
		rc = posix_spawn_file_actions_adddup2(&fa, log_fd, 2);
	if (rc == 0)
		rc = posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP |
							     POSIX_SPAWN_SETSIGMASK |
							     POSIX_SPAWN_SETSIGDEF);
	if (rc == 0)
		rc = posix_spawnattr_setpgroup(&attr, 0);
	if (rc == 0)
		rc = posix_spawnattr_setsigmask(&attr, &none);
	if (rc == 0)
		rc = posix_spawnattr_setsigdefault(&attr, &dflt);
	pid_t pid = 0;
	char *argv[] = { (char *)"gnuplot", NULL };
	sigprocmask(SIG_BLOCK, &block, &old);
	if (rc == 0)
		rc = posix_spawn(&pid, gnuplot, &fa, &attr, argv, environ);
	if (rc == 0)
		render_pgid[job] = (sig_atomic_t)pid;
	sigprocmask(SIG_SETMASK, &old, NULL);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	if (rc != 0) {
		errno = rc;
		return -1;
	}
	return pid;
}

/* Waits for gnuplot number `job`; 0, or -1 with errno. */
static int wait_gnuplot(pid_t pid, int job, int *status)
{
	int w;
	while ((w = waitpid(pid, status, 0)) < 0 && errno == EINTR)
		;
	render_pgid[job] = 0;
	return w < 0 ? -1 : 0;
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

/* Removes private directories of renderers that are gone (killed outright). */
static void sweep_private(const char *absdir)
{
	DIR *d = opendir(absdir);
	if (d == NULL)
		return;
	size_t pl = strlen(DS_PLOT_PRIVATE);
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, DS_PLOT_PRIVATE, pl) != 0)
			continue;
		long pid = strtol(e->d_name + pl, NULL, 10);
		if (pid <= 0 || (kill((pid_t)pid, 0) == 0 || errno == EPERM))
			continue; /* its renderer is alive (or not ours to judge) */
		char *priv = ds_path_join(absdir, e->d_name);
		DIR *in = priv != NULL ? opendir(priv) : NULL;
		struct dirent *f;
		while (in != NULL && (f = readdir(in)) != NULL) {
			if (strcmp(f->d_name, ".") == 0 || strcmp(f->d_name, "..") == 0)
				continue;
			char *p = ds_path_join(priv, f->d_name);
			if (p != NULL)
				unlink(p);
			free(p);
		}
		if (in != NULL)
			closedir(in);
		if (priv != NULL)
			rmdir(priv);
		free(priv);
	}
	closedir(d);
}

/* Whether the file system of dir is full: the reason a complete image could not be written. */
static int no_space(const char *dir)
{
	struct statvfs vfs;
	return statvfs(dir, &vfs) == 0 && (vfs.f_bavail == 0 || vfs.f_favail == 0);
}

static const char *const ext[2] = { "png", "svg" };

/* Checks and moves each image from priv into absdir; removes the broken ones. */
static int move_images(const char *absdir, const char *priv, const char *const *names, size_t n,
		       unsigned formats, int status, struct ds_errors *err)
{
	int rc = DS_OK;
	/* Asked before any broken image is removed, which would free its space. */
	int full = no_space(priv);
	for (size_t i = 0; i < n; i++) {
		for (int k = 0; k < 2; k++) {
			if (!(formats & (1u << k)))
				continue;
			char fin[16];
			snprintf(fin, sizeof fin, ".%s", ext[k]);
			char *tmp = file_in(priv, names[i], fin);
			char *dst = file_in(absdir, names[i], fin);
			if (tmp == NULL || dst == NULL) {
				rc = ds_errors_nomem(err, NULL);
			} else if (!(k == 0 ? ds_plot_png_ok(tmp) : ds_plot_svg_ok(tmp))) {
				unlink(tmp);
				if (full)
					rc = ds_errors_add(
						err, DS_EIO, NULL, 0, 0,
						"gnuplot could not draw '%s.%s' in '%s': "
						"no space left on device",
						names[i], ext[k], absdir);
				else
					/* A script gnuplot cannot draw is our bug (70); a
					 * gnuplot that died is the renderer failing (69). */
					rc = ds_errors_add(
						err,
						WIFEXITED(status) ? DS_ESOFTWARE : DS_EUNAVAILABLE,
						NULL, 0, 0, "gnuplot did not draw '%s.%s'%s",
						names[i], ext[k],
						WIFEXITED(status) ? "" : " (gnuplot was killed)");
			} else if (rename(tmp, dst) != 0) {
				/* rename() replaces a link at dst; it never writes through one. */
				int e = errno;
				rc = ds_errors_add(err, ds_errno_status(e), NULL, 0, 0,
						   "cannot write '%s': %s", dst, strerror(e));
				unlink(tmp);
			}
			free(tmp);
			free(dst);
		}
	}
	return rc;
}

int ds_plot_render(const char *gnuplot, const char *dir, const char *const *names, size_t n,
		   unsigned formats, struct ds_errors *err)
{
	return ds_plot_render_jobs(gnuplot, dir, names, n, formats, 0, err);
}

int ds_plot_render_jobs(const char *gnuplot, const char *dir, const char *const *names, size_t n,
			unsigned formats, size_t jobs, struct ds_errors *err)
{
	char *absdir = absolute(dir), *priv = NULL;
	if (absdir == NULL)
		return ds_errors_add(err, DS_ECANTCREAT, NULL, 0, 0,
				     "cannot use directory '%s': %s", dir, strerror(errno));
	sweep_private(absdir);
	if (jobs == 0)
		jobs = ds_idle_cpus();
	if (jobs > DS_PLOT_JOBS_MAX)
		jobs = DS_PLOT_JOBS_MAX;
	if (jobs > n)
		jobs = n;
	int rc = DS_OK, caught_set = 0;
	int fd[DS_PLOT_JOBS_MAX], logfd[DS_PLOT_JOBS_MAX];
	pid_t pid[DS_PLOT_JOBS_MAX];
	size_t started = 0;
	/* Job j draws charts j, j + jobs, j + 2 jobs, ... (their names). */
	const char **mine = calloc(n ? n : 1, sizeof *mine);
	for (size_t j = 0; j < DS_PLOT_JOBS_MAX; j++)
		fd[j] = logfd[j] = -1;
	char name[64];
	snprintf(name, sizeof name, "%s%ld.XXXXXX", DS_PLOT_PRIVATE, (long)getpid());
	if (mine == NULL || (priv = ds_path_join(absdir, name)) == NULL ||
	    (render_files = calloc(2 * n + 1, sizeof *render_files)) == NULL) {
		rc = ds_errors_nomem(err, NULL);
		goto out;
	}
	/* mkdtemp: a new directory, mode 0700, that no one else can write in. */
	if (mkdtemp(priv) == NULL) {
		rc = ds_errors_add(err, ds_errno_status(errno), NULL, 0, 0,
				   "cannot create a directory in '%s': %s", absdir,
				   strerror(errno));
		free(priv);
		priv = NULL;
		goto out;
	}
	render_priv = priv;
	for (size_t i = 0; i < n; i++)
		for (int k = 0; k < 2; k++) {
			char fin[16];
			snprintf(fin, sizeof fin, ".%s", ext[k]);
			if ((render_files[render_nfiles] = file_in(priv, names[i], fin)) == NULL) {
				rc = ds_errors_nomem(err, NULL);
				goto out;
			}
			render_nfiles++;
		}
	catch_signals();
	caught_set = 1;
	for (size_t j = 0; j < jobs; j++) {
		size_t m = 0;
		for (size_t i = j; i < n; i += jobs)
			mine[m++] = names[i];
		if ((fd[j] = write_driver(absdir, priv, mine, m, formats, err)) < 0) {
			rc = ds_errors_status(err);
			goto out;
		}
	}
	/* A log each, read in the order of the jobs: what gnuplot says never interleaves. */
	for (size_t j = 0; j < jobs; j++)
		if ((logfd[j] = open_log(absdir, priv, err)) < 0) {
			rc = ds_errors_status(err);
			goto out;
		}
	for (; started < jobs; started++) {
		pid[started] = start_gnuplot(gnuplot, fd[started], logfd[started], (int)started);
		if (pid[started] < 0) {
			rc = ds_errors_add(err, DS_EUNAVAILABLE, NULL, 0, 0, "cannot run '%s': %s",
					   gnuplot, strerror(errno));
			goto out;
		}
	}
	/* Wait for every one; keep each complete image, drop every broken one.  Then what
	 * that gnuplot said. */
	for (size_t j = 0; j < started; j++) {
		int status = 0;
		if (wait_gnuplot(pid[j], (int)j, &status) != 0) {
			rc = ds_errors_add(err, DS_EUNAVAILABLE, NULL, 0, 0, "cannot run '%s': %s",
					   gnuplot, strerror(errno));
			continue;
		}
		size_t m = 0;
		for (size_t i = j; i < n; i += jobs)
			mine[m++] = names[i];
		int r = move_images(absdir, priv, mine, m, formats, status, err);
		if (rc == DS_OK)
			rc = r;
		read_log(logfd[j], err);
	}
	started = 0;
out:
	/* After a failure to start one, stop the others before removing their files. */
	for (size_t j = 0; j < started; j++) {
		int status;
		kill(-pid[j], SIGKILL);
		wait_gnuplot(pid[j], (int)j, &status);
	}
	for (size_t j = 0; j < DS_PLOT_JOBS_MAX; j++) {
		if (fd[j] >= 0)
			close(fd[j]);
		if (logfd[j] >= 0)
			close(logfd[j]);
	}
	remove_private();
	if (caught_set)
		restore_signals();
	for (size_t i = 0; i < render_nfiles; i++)
		free(render_files[i]);
	free(render_files);
	render_files = NULL;
	render_nfiles = 0;
	render_priv = NULL;
	free(mine);
	free(priv);
	free(absdir);
	return rc;
}
