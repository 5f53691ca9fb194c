/*
 * helpers.c - shared test helpers (see helpers.h).
 */
#define _XOPEN_SOURCE 700 /* realpath() */
#define _DEFAULT_SOURCE   /* setgroups(), for ds_run_as() */
#include <dirent.h>
#include <errno.h>
#include <grp.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "helpers.h"

extern char **environ;

const char *ds_test_bin(void)
{
	const char *b = getenv("DEFSPEND_BIN");
	return b && *b ? b : "build/defspend";
}

const char *ds_test_srcdir(void)
{
	const char *s = getenv("DEFSPEND_SRCDIR");
	return s && *s ? s : ".";
}

const char *ds_test_path(const char *rel)
{
	static char buf[4096];
	snprintf(buf, sizeof buf, "%s/%s", ds_test_srcdir(), rel);
	return buf;
}

char *ds_test_join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);
	if (p != NULL)
		snprintf(p, n, "%s/%s", dir, name);
	return p;
}

int ds_test_count_prefix(const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	if (d == NULL)
		return -1;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL)
		n += strncmp(e->d_name, prefix, strlen(prefix)) == 0;
	closedir(d);
	return n;
}

struct capture {
	char *p;
	size_t len, cap;
};

static int capture_add(struct capture *c, const char *s, size_t n)
{
	if (c->len + n + 1 > c->cap) {
		size_t cap = c->cap ? c->cap : 4096;
		while (c->len + n + 1 > cap)
			cap *= 2;
		char *p = realloc(c->p, cap);
		if (p == NULL)
			return -1;
		c->p = p;
		c->cap = cap;
	}
	memcpy(c->p + c->len, s, n);
	c->len += n;
	c->p[c->len] = '\0';
	return 0;
}

static int has_env(const char *const *env, const char *name)
{
	size_t n = strlen(name);
	for (size_t i = 0; env && env[i]; i++)
		if (strncmp(env[i], name, n) == 0 && env[i][n] == '=')
			return 1;
	return 0;
}

/* In the child: environment, directory, then exec the binary (under valgrind when asked). */
static void exec_bin(const char *bin, const char *const *args, const char *cwd,
		     const char *const *env)
{
	int valgrind = getenv("DEFSPEND_VALGRIND") && strcmp(getenv("DEFSPEND_VALGRIND"), "1") == 0;
	if (cwd != NULL && chdir(cwd) != 0)
		_exit(127);
	if (!has_env(env, "LC_ALL"))
		setenv("LC_ALL", "C", 1);
	for (size_t i = 0; env && env[i]; i++) {
		char name[256];
		const char *eq = strchr(env[i], '=');
		size_t n = eq ? (size_t)(eq - env[i]) : 0;
		if (eq == NULL || n >= sizeof name)
			continue;
		memcpy(name, env[i], n);
		name[n] = '\0';
		if (eq[1] == '\0' && strcmp(name, "LC_ALL") != 0)
			unsetenv(name); /* "NAME=" removes it */
		else
			setenv(name, eq + 1, 1);
	}
	const char *argv[64];
	size_t n = 0;
	if (valgrind) {
		argv[n++] = "valgrind";
		argv[n++] = "-q";
		argv[n++] = "--leak-check=full";
		argv[n++] = "--errors-for-leak-kinds=definite,indirect";
		argv[n++] = "--error-exitcode=99";
	}
	argv[n++] = bin;
	for (size_t i = 0; args[i] && n < 63; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	execvp(argv[0], (char *const *)argv);
	_exit(127);
}

/* The binary under test as an absolute path, so that a cwd does not lose it. */
static const char *abs_bin(char *buf, size_t size)
{
	const char *bin = ds_test_bin();
	if (bin[0] != '/' && size >= 4096 && realpath(bin, buf) != NULL)
		return buf;
	return bin;
}

/* Reads fds until each reports end of file (EIO on a pty master counts), into co and ce. */
static void drain(int fd_out, int fd_err, struct capture *co, struct capture *ce)
{
	struct pollfd fds[2] = { { fd_out, POLLIN, 0 }, { fd_err, POLLIN, 0 } };
	int open_fds = (fd_out >= 0) + (fd_err >= 0);
	while (open_fds > 0) {
		if (poll(fds, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (int i = 0; i < 2; i++) {
			if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			char buf[8192];
			ssize_t n = read(fds[i].fd, buf, sizeof buf);
			if (n <= 0) {
				close(fds[i].fd);
				fds[i].fd = -1;
				open_fds--;
			} else {
				capture_add(i == 0 ? co : ce, buf, (size_t)n);
			}
		}
	}
}

static void finish_run(struct ds_run *r, pid_t pid, struct capture *co, struct capture *ce)
{
	int st;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	r->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	r->out = co->p;
	r->outlen = co->len;
	r->err = ce->p;
	r->errlen = ce->len;
}

/* The user ds_run_as() runs as: -1, the tester. */
static long run_uid = -1;

/* A copy of the binary that every user may run (bin_for_all()), and its directory. */
static char *all_dir, *all_bin;

static void remove_bin_for_all(void)
{
	if (all_bin != NULL)
		unlink(all_bin);
	if (all_dir != NULL)
		rmdir(all_dir);
	free(all_bin);
	free(all_dir);
	all_bin = all_dir = NULL;
}

/*
 * The binary where another user can run it.  The build tree may sit in a
 * directory that only its owner may enter (a clone made in `mktemp -d`'s
 * 0700 directory), and then exec() as that user fails with 127: so the
 * binary is copied, once per test process, into a directory of its own
 * that all may enter, removed at exit.  NULL when the copy fails.
 */
static const char *bin_for_all(void)
{
	if (all_bin != NULL)
		return all_bin;
	size_t len;
	char *bytes = ds_test_read(ds_test_bin(), &len);
	all_dir = ds_test_tmpdir();
	all_bin = all_dir ? ds_test_join(all_dir, "defspend") : NULL;
	int fd = all_bin ? open(all_bin, O_WRONLY | O_CREAT | O_EXCL, 0755) : -1;
	int ok = bytes != NULL && fd >= 0 && write(fd, bytes, len) == (ssize_t)len;
	ok &= fd >= 0 && close(fd) == 0;
	ok &= all_dir != NULL && chmod(all_dir, 0755) == 0 && chmod(all_bin, 0755) == 0;
	free(bytes);
	static int registered;
	if (!registered)
		registered = atexit(remove_bin_for_all) == 0;
	if (!ok)
		remove_bin_for_all();
	return all_bin;
}

int ds_run_as(struct ds_run *r, long uid, const char *const *args, const char *cwd,
	      const char *const *env, const char *stdin_text)
{
	run_uid = uid;
	int rc = ds_run(r, args, cwd, env, stdin_text);
	run_uid = -1;
	return rc;
}

int ds_run(struct ds_run *r, const char *const *args, const char *cwd, const char *const *env,
	   const char *stdin_text)
{
	memset(r, 0, sizeof *r);
	int out[2], err[2], in[2];
	if (pipe(out) != 0 || pipe(err) != 0 || pipe(in) != 0)
		return -1;
	char binabs[4096];
	const char *bin = abs_bin(binabs, sizeof binabs);
	if (run_uid >= 0 && (bin = bin_for_all()) == NULL)
		return -1;
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		dup2(err[1], 2);
		close(in[0]);
		close(in[1]);
		close(out[0]);
		close(out[1]);
		close(err[0]);
		close(err[1]);
		if (run_uid >= 0 && (setgroups(0, NULL) != 0 || setgid((gid_t)run_uid) != 0 ||
				     setuid((uid_t)run_uid) != 0))
			_exit(126);
		exec_bin(bin, args, cwd, env);
	}
	close(in[0]);
	close(out[1]);
	close(err[1]);
	signal(SIGPIPE, SIG_IGN);
	if (stdin_text != NULL) {
		size_t left = strlen(stdin_text);
		const char *p = stdin_text;
		while (left > 0) {
			ssize_t w = write(in[1], p, left);
			if (w <= 0)
				break;
			p += w;
			left -= (size_t)w;
		}
	}
	close(in[1]);
	struct capture co = { 0 }, ce = { 0 };
	capture_add(&co, "", 0);
	capture_add(&ce, "", 0);
	drain(out[0], err[0], &co, &ce);
	finish_run(r, pid, &co, &ce);
	return 0;
}

int ds_run_pty(struct ds_run *r, const char *const *args, const char *cwd, const char *const *env,
	       unsigned short cols, int err_on_tty)
{
	memset(r, 0, sizeof *r);
	int master = posix_openpt(O_RDWR | O_NOCTTY);
	if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0)
		return -1;
	const char *name = ptsname(master);
	if (name == NULL)
		return -1;
	char slave_name[256];
	snprintf(slave_name, sizeof slave_name, "%s", name);
	struct winsize ws = { .ws_row = 50, .ws_col = cols };
	int err[2];
	if (ioctl(master, TIOCSWINSZ, &ws) != 0 || pipe(err) != 0)
		return -1;
	char binabs[4096];
	const char *bin = abs_bin(binabs, sizeof binabs);
	if (run_uid >= 0 && (bin = bin_for_all()) == NULL)
		return -1;
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		setsid();
		int slave = open(slave_name, O_RDWR);
		if (slave < 0)
			_exit(127);
		/* What the program writes arrives as written: no "\r\n" for "\n". */
		struct termios tio;
		if (tcgetattr(slave, &tio) == 0) {
			tio.c_oflag &= ~(tcflag_t)OPOST;
			tcsetattr(slave, TCSANOW, &tio);
		}
		int null = open("/dev/null", O_RDONLY);
		dup2(null, 0);
		dup2(slave, 1);
		dup2(err_on_tty ? slave : err[1], 2);
		close(null);
		close(slave);
		close(master);
		close(err[0]);
		close(err[1]);
		/* The width comes from the terminal alone, unless env says otherwise. */
		if (!has_env(env, "COLUMNS"))
			unsetenv("COLUMNS");
		exec_bin(bin, args, cwd, env);
	}
	close(err[1]);
	struct capture co = { 0 }, ce = { 0 };
	capture_add(&co, "", 0);
	capture_add(&ce, "", 0);
	drain(master, err[0], &co, &ce);
	finish_run(r, pid, &co, &ce);
	return 0;
}

void ds_run_free(struct ds_run *r)
{
	free(r->out);
	free(r->err);
	memset(r, 0, sizeof *r);
}

char *ds_test_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	char tmpl[4096];
	snprintf(tmpl, sizeof tmpl, "%s/defspend-test-XXXXXX", base && *base ? base : "/tmp");
	char *d = mkdtemp(tmpl);
	if (d == NULL)
		return NULL;
	size_t n = strlen(d) + 1;
	char *p = malloc(n);
	if (p != NULL)
		memcpy(p, d, n);
	return p;
}

void ds_test_rmtree(const char *dir)
{
	if (dir == NULL || strncmp(dir, "/", 1) != 0 || strstr(dir, "defspend-test-") == NULL)
		return; /* only what ds_test_tmpdir() made */
	pid_t pid = fork();
	if (pid == 0) {
		execlp("rm", "rm", "-rf", "--", dir, (char *)NULL);
		_exit(127);
	}
	int st;
	if (pid > 0)
		waitpid(pid, &st, 0);
}

int ds_test_write(const char *path, const char *data, size_t len)
{
	if (len == (size_t)-1)
		len = strlen(data);
	FILE *f = fopen(path, "wb");
	if (f == NULL)
		return -1;
	size_t w = fwrite(data, 1, len, f);
	int rc = fclose(f);
	return w == len && rc == 0 ? 0 : -1;
}

char *ds_test_read(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	struct capture c = { 0 };
	capture_add(&c, "", 0);
	char buf[8192];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		capture_add(&c, buf, n);
	fclose(f);
	if (len != NULL)
		*len = c.len;
	return c.p;
}

int ds_test_copy_data(const char *dir)
{
	char src[4096];
	snprintf(src, sizeof src, "%s/data/.", ds_test_srcdir());
	pid_t pid = fork();
	if (pid == 0) {
		execlp("cp", "cp", "-R", "--", src, dir, (char *)NULL);
		_exit(127);
	}
	int st;
	if (pid < 0 || waitpid(pid, &st, 0) < 0)
		return -1;
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		return -1;
	/* What commands leave in the checkout's data (the lock file, a
	 * journal) is no part of the data a test starts from. */
	DIR *d = opendir(dir);
	if (d == NULL)
		return -1;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, ".defspend", 9) != 0)
			continue;
		char *p = ds_test_join(dir, e->d_name);
		if (p != NULL)
			unlink(p);
		free(p);
	}
	closedir(d);
	return 0;
}
