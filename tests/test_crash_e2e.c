/*
 * test_crash_e2e.c - every update is one transaction: killed at any of its
 * renames, unlinks, fsyncs and writes, `promote`, `import --release NEW`,
 * `import --release NEW --current`, `member add` and `set` leave the data
 * exactly as before or exactly as after, once the next command (here
 * `check`) has finished or rolled back what they left; and a retry from
 * "before" completes to exactly "after".
 *
 * The kills come from strace's fault injection (-e inject=SYSCALL:
 * signal=KILL:when=N), which stops the real binary at its Nth call of
 * SYSCALL, before the call happens: no test hook is built into defspend.
 * Each command first runs under strace to count its calls of each kind;
 * then, for each crash point, a fresh copy of the shipped data is updated
 * under the kill.
 *
 * `make test` tries every rename, unlink, link and ftruncate, the first
 * and last fsync and the last write of each command, on a small data
 * directory (a short, deterministic set); DEFSPEND_CRASH_ALL=1 (CI) tries
 * every one, on a copy of the shipped data.  `set` is also tried on a
 * spending file over DS_SPARE_MIN, whose commit keeps the replaced file as
 * its spare, with no spare yet and with one to write over (safefile.h).
 * The spare is no one's data: the snapshots leave it out.  The counts are
 * printed.
 *
 * The same injection makes the disk full or failing (ENOSPC, EDQUOT, EIO)
 * at a write, fsync or rename: exit 74, and nothing lost.
 * Without strace (tools/deps installs it) the tests are skipped, saying so.
 */
#define _XOPEN_SOURCE 700
#include <dirent.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "defspend/safefile.h"
#include "helpers.h"

/* One file of a snapshot: its path below the data directory and its bytes. */
struct file {
	char *rel;
	char *data;
	size_t len;
};

struct snap {
	struct file *v;
	size_t n, cap;
};

static void snap_free(struct snap *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].rel);
		free(s->v[i].data);
	}
	free(s->v);
	memset(s, 0, sizeof *s);
}

static int by_rel(const void *a, const void *b)
{
	return strcmp(((const struct file *)a)->rel, ((const struct file *)b)->rel);
}

/* Every file under dir (one level of subdirectories), the lock file aside. */
static void snap_dir(struct snap *s, const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
		    strcmp(e->d_name, DS_LOCK_NAME) == 0 ||
		    strncmp(e->d_name, DS_SPARE_PREFIX, strlen(DS_SPARE_PREFIX)) == 0)
			continue;
		char *p = ds_test_join(dir, e->d_name);
		char rel[512];
		snprintf(rel, sizeof rel, "%s%s", prefix, e->d_name);
		struct stat st;
		assert_int_equal(lstat(p, &st), 0);
		if (S_ISDIR(st.st_mode)) {
			char sub[520];
			snprintf(sub, sizeof sub, "%s/", rel);
			snap_dir(s, p, sub);
		} else {
			if (s->n == s->cap) {
				s->cap = s->cap ? 2 * s->cap : 32;
				s->v = realloc(s->v, s->cap * sizeof *s->v);
				assert_non_null(s->v);
			}
			struct file *f = &s->v[s->n++];
			f->rel = strdup(rel);
			f->data = ds_test_read(p, &f->len);
			assert_non_null(f->data);
		}
		free(p);
	}
	closedir(d);
}

static void snap_take(struct snap *s, const char *dir)
{
	memset(s, 0, sizeof *s);
	snap_dir(s, dir, "");
	qsort(s->v, s->n, sizeof *s->v, by_rel);
}

static int snap_equal(const struct snap *a, const struct snap *b)
{
	if (a->n != b->n)
		return 0;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->v[i].rel, b->v[i].rel) != 0 || a->v[i].len != b->v[i].len ||
		    memcmp(a->v[i].data, b->v[i].data, a->v[i].len) != 0)
			return 0;
	return 1;
}

/* Prints how two snapshots differ (names only), for a failure's message. */
static void snap_diff(const struct snap *a, const struct snap *b)
{
	for (size_t i = 0; i < b->n; i++) {
		size_t j = 0;
		while (j < a->n && strcmp(a->v[j].rel, b->v[i].rel) != 0)
			j++;
		if (j == a->n)
			print_message("  only now: %s\n", b->v[i].rel);
		else if (a->v[j].len != b->v[i].len ||
			 memcmp(a->v[j].data, b->v[i].data, b->v[i].len) != 0)
			print_message("  differs: %s\n", b->v[i].rel);
	}
	for (size_t j = 0; j < a->n; j++) {
		size_t i = 0;
		while (i < b->n && strcmp(a->v[j].rel, b->v[i].rel) != 0)
			i++;
		if (i == b->n)
			print_message("  gone: %s\n", a->v[j].rel);
	}
}

/* Makes dir hold exactly the snapshot (dir is removed first). */
static void restore(const char *dir, const struct snap *s)
{
	ds_test_rmtree(dir);
	assert_int_equal(mkdir(dir, 0755), 0);
	for (size_t i = 0; i < s->n; i++) {
		char *p = ds_test_join(dir, s->v[i].rel);
		char *slash = strrchr(p, '/');
		*slash = '\0';
		mkdir(p, 0755); /* releases/ */
		*slash = '/';
		assert_int_equal(ds_test_write(p, s->v[i].data, s->v[i].len), 0);
		free(p);
	}
}

static const char *strace_path(void)
{
	static const char *const where[] = { "/usr/bin/strace", "/bin/strace",
					     "/usr/local/bin/strace" };
	for (size_t i = 0; i < sizeof where / sizeof *where; i++)
		if (access(where[i], X_OK) == 0)
			return where[i];
	return NULL;
}

/* The calls a kill is tried at; the first NAMED are tried at every one. */
static const char *const calls[] = { "rename", "unlink", "link", "ftruncate", "fsync", "write" };
enum { RENAME, UNLINK, LINK, FTRUNCATE, FSYNC, WRITE, NCALLS, NAMED = FSYNC };

/*
 * Runs argv (output to /dev/null); returns the wait status.  Under
 * AddressSanitizer (make test SANITIZE=1) a traced binary cannot check for
 * leaks (LeakSanitizer needs ptrace itself): that check is off there.
 */
static int run_to(char *const *argv, const char *errfile)
{
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);
		dup2(null, 0);
		dup2(null, 1);
		int e = errfile != NULL ? open(errfile, O_WRONLY | O_CREAT | O_TRUNC, 0644) : null;
		dup2(e >= 0 ? e : null, 2);
		setenv("LC_ALL", "C", 1);
		setenv("DEFSPEND_LOCK_TIMEOUT", "10", 1);
		if (strstr(argv[0], "strace") != NULL)
			setenv("ASAN_OPTIONS", "detect_leaks=0", 1);
		execv(argv[0], argv);
		_exit(127);
	}
	int st;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	return st;
}

static int run(char *const *argv)
{
	return run_to(argv, NULL);
}

/* argv for "defspend --data DATA ARGS..." behind up to `pre` leading words. */
static void make_argv(char **argv, const char *const *pre, const char *data,
		      const char *const *args)
{
	size_t n = 0;
	for (size_t i = 0; pre != NULL && pre[i] != NULL; i++)
		argv[n++] = (char *)pre[i];
	argv[n++] = (char *)ds_test_bin();
	argv[n++] = (char *)"--data";
	argv[n++] = (char *)data;
	for (size_t i = 0; args[i] != NULL; i++)
		argv[n++] = (char *)args[i];
	argv[n] = NULL;
}

static int run_defspend(const char *data, const char *const *args)
{
	char *argv[32];
	make_argv(argv, NULL, data, args);
	return run(argv);
}

/* How many calls of each kind of calls[] the command makes, in one strace run. */
static void count_calls(const char *strace, const char *tmp, const char *data,
			const char *const *args, int *counts)
{
	char log[4096];
	snprintf(log, sizeof log, "%s/strace.log", tmp);
	const char *pre[] = { strace,
			      "-f",
			      "-qq",
			      "-o",
			      log,
			      "-e",
			      "trace=rename,unlink,link,ftruncate,fsync,write",
			      NULL };
	char *argv[40];
	make_argv(argv, pre, data, args);
	int st = run(argv);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	char *text = ds_test_read(log, NULL);
	assert_non_null(text);
	for (int k = 0; k < NCALLS; k++)
		counts[k] = 0;
	for (char *line = text; line != NULL && *line;) {
		char *nl = strchr(line, '\n');
		if (nl != NULL)
			*nl = '\0';
		for (int k = 0; k < NCALLS; k++) {
			char call[32];
			snprintf(call, sizeof call, " %s(", calls[k]);
			counts[k] += strstr(line, call) != NULL;
		}
		line = nl ? nl + 1 : NULL;
	}
	free(text);
	unlink(log);
}

struct scenario {
	const char *name;
	const char *args[16];
	int again_status; /* exit status of the command run again on "after" */
	int large;        /* on the data whose spending.csv is over DS_SPARE_MIN */
	int spare;        /* a spare of spending.csv is there before the command */
};

struct totals {
	int points, before, after;
};

/*
 * Whether crash point i (1-based) of n calls of kind k is tried in this
 * run: all of them, or every rename, unlink, link and ftruncate (where an
 * update moves from before to after), the first and last fsync, and the
 * last write.
 */
static int chosen(int all, int k, int i, int n)
{
	if (all || k < NAMED)
		return 1;
	return i == n || (k == FSYNC && i == 1);
}

/* The snapshot in dir, and a spare of its spending.csv (a copy) when sc asks for one. */
static void restore_for(const char *dir, const struct snap *s, const struct scenario *sc)
{
	restore(dir, s);
	if (!sc->spare)
		return;
	char *p = ds_test_join(dir, "spending.csv"), *spare = ds_file_spare_name(p);
	size_t len;
	char *data = ds_test_read(p, &len);
	assert_non_null(data);
	assert_true(len >= DS_SPARE_MIN);
	assert_int_equal(ds_test_write(spare, data, len), 0);
	free(data);
	free(spare);
	free(p);
}

static void crash_scenario(const char *strace, const char *tmp, const struct scenario *sc,
			   const struct snap *before, int all, struct totals *tot)
{
	char *work = ds_test_join(tmp, "work");
	/* "After": the command run to its end on a fresh copy. */
	restore_for(work, before, sc);
	int st = run_defspend(work, sc->args);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	struct snap after;
	snap_take(&after, work);
	assert_false(snap_equal(before, &after));
	int counts[NCALLS];
	restore_for(work, before, sc);
	count_calls(strace, tmp, work, sc->args, counts);
	/* Every command renames; the writing ones write and fsync. */
	assert_true(counts[RENAME] > 0 && counts[FSYNC] > 0 && counts[WRITE] > 0);
	/* A large file's update keeps a spare: the old file gets its second name first,
	 * and a spare written over is renamed into place, then .next to the spare. */
	assert_int_equal(counts[LINK] > 0, sc->large);
	if (sc->large)
		assert_int_equal(counts[RENAME], 1 + sc->spare);
	int tried = 0, seen_before = 0, seen_after = 0;
	for (int k = 0; k < NCALLS; k++) {
		for (int i = 1; i <= counts[k]; i++) {
			if (!chosen(all, k, i, counts[k]))
				continue;
			tried++;
			restore_for(work, before, sc);
			char inject[96];
			snprintf(inject, sizeof inject, "inject=%s:signal=KILL:when=%d", calls[k],
				 i);
			const char *pre[] = { strace,      "-f", "-qq",  "-o",
					      "/dev/null", "-e", inject, NULL };
			char *argv[40];
			make_argv(argv, pre, work, sc->args);
			st = run(argv);
			/* strace reports its tracee's death by SIGKILL as its own. */
			int killed = (WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL) ||
				     (WIFEXITED(st) && WEXITSTATUS(st) == 128 + SIGKILL);
			if (!killed)
				print_message("%s: %s #%d: not killed (status %d)\n", sc->name,
					      calls[k], i, st);
			assert_true(killed);
			/* The next command finishes or rolls back, then reads. */
			const char *check[] = { "check", NULL };
			st = run_defspend(work, check);
			assert_true(WIFEXITED(st));
			if (WEXITSTATUS(st) != 0)
				print_message("%s: %s #%d: check exits %d\n", sc->name, calls[k], i,
					      WEXITSTATUS(st));
			assert_int_equal(WEXITSTATUS(st), 0);
			struct snap now;
			snap_take(&now, work);
			int was_before = snap_equal(&now, before),
			    was_after = snap_equal(&now, &after);
			if (!was_before && !was_after) {
				print_message("%s: killed at %s #%d: neither before nor after\n",
					      sc->name, calls[k], i);
				snap_diff(before, &now);
			}
			assert_true(was_before || was_after);
			seen_before += was_before;
			seen_after += was_after;
			snap_free(&now);
			/* A retry completes (and, in the full run, on "after" changes nothing). */
			if (was_before || all) {
				st = run_defspend(work, sc->args);
				assert_true(WIFEXITED(st));
				assert_int_equal(WEXITSTATUS(st),
						 was_before ? 0 : sc->again_status);
				snap_take(&now, work);
				assert_true(snap_equal(&now, &after));
				snap_free(&now);
			}
		}
	}
	print_message("%s: %d crash points (of %d renames, %d unlinks, %d links, %d ftruncates, "
		      "%d fsyncs, %d writes): %d left the data as before, %d as after\n",
		      sc->name, tried, counts[RENAME], counts[UNLINK], counts[LINK],
		      counts[FTRUNCATE], counts[FSYNC], counts[WRITE], seen_before, seen_after);
	/* Both outcomes occur: the commit point lies inside the run. */
	assert_true(seen_before > 0 && seen_after > 0);
	tot->points += tried;
	tot->before += seen_before;
	tot->after += seen_after;
	snap_free(&after);
	ds_test_rmtree(work);
	free(work);
}

#define HEADER                                                                                     \
	"iso3,country,year,pct_gdp,spend_usd_m,gdp_usd_bn,estimate,release,source,spend_source,"   \
	"gdp_source,note\n"

/* Three members, release R2 current, R1 under releases/: each run takes milliseconds. */
static void small_data(const char *dir)
{
	static const struct {
		const char *name, *text;
	} files[] = {
		{ "members.csv", "iso3,iso2,name,aliases,joined\nDEU,DE,Germany,,1955\n"
				 "FRA,FR,France,,1949\nPOL,PL,Poland,,1999\n" },
		{ "releases.csv", "id,title,published,cutoff,basis,decimals,file,source\n"
				  "R2,Second,2025-08,,NATO definition,2,spending.csv,fixture\n"
				  "R1,First,2024-06,,NATO definition,2,releases/R1.csv,fixture\n" },
		{ "spending.csv", HEADER "DEU,Germany,2024,2.00,,,0,R2,fixture,,,\n"
					 "POL,Poland,2024,3.79,,,0,R2,fixture,,,\n"
					 "POL,Poland,2025,4.48,,,1,R2,fixture,,,\n" },
		{ "releases/R1.csv", HEADER "DEU,Germany,2024,2.12,,,1,R1,fixture,,,\n"
					    "POL,Poland,2024,4.12,,,1,R1,fixture,,,\n" },
	};
	char *rel = ds_test_join(dir, "releases");
	assert_int_equal(mkdir(rel, 0755), 0);
	free(rel);
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		char *p = ds_test_join(dir, files[i].name);
		assert_int_equal(ds_test_write(p, files[i].text, (size_t)-1), 0);
		free(p);
	}
}

/*
 * The small data with a spending.csv over DS_SPARE_MIN: 453 rows (three
 * members, 1950-2100), each with a note of 2,400 characters.
 */
static void large_data(const char *dir)
{
	small_data(dir);
	static const char *const who[][2] = { { "DEU", "Germany" },
					      { "FRA", "France" },
					      { "POL", "Poland" } };
	char note[2401];
	memset(note, 'x', sizeof note - 1);
	note[sizeof note - 1] = '\0';
	size_t cap = 1500000, len = 0;
	char *text = malloc(cap);
	assert_non_null(text);
	len += (size_t)snprintf(text, cap, "%s", HEADER);
	for (int m = 0; m < 3; m++)
		for (int y = 1950; y <= 2100; y++) {
			len += (size_t)snprintf(text + len, cap - len,
						"%s,%s,%d,2.00,,,0,R2,fixture,,,%s\n", who[m][0],
						who[m][1], y, note);
			assert_true(len < cap);
		}
	assert_true(len >= DS_SPARE_MIN);
	char *p = ds_test_join(dir, "spending.csv");
	assert_int_equal(ds_test_write(p, text, len), 0);
	free(p);
	free(text);
}

static void test_crash_points(void **state)
{
	(void)state;
	const char *strace = strace_path();
	if (strace == NULL) {
		print_message("skipped: strace is not installed (tools/deps installs it)\n");
		skip();
	}
	const char *env = getenv("DEFSPEND_CRASH_ALL");
	int all = env != NULL && strcmp(env, "1") == 0;
	/* Memory-backed when there is one: the kills are the point, not the disk's fsync. */
	const char *old_tmp = getenv("TMPDIR");
	char *saved = old_tmp != NULL ? strdup(old_tmp) : NULL;
	if (access("/dev/shm", W_OK) == 0)
		setenv("TMPDIR", "/dev/shm", 1);
	char *tmp = ds_test_tmpdir();
	if (saved != NULL)
		setenv("TMPDIR", saved, 1);
	else
		unsetenv("TMPDIR");
	free(saved);
	assert_non_null(tmp);
	char *data = ds_test_join(tmp, "data");
	assert_int_equal(mkdir(data, 0755), 0);
	if (all)
		assert_int_equal(ds_test_copy_data(data), 0);
	else
		small_data(data);
	struct snap before;
	snap_take(&before, data);
	/* A NATO table of a new release, as `import` reads it. */
	char *table = ds_test_join(tmp, "table.csv");
	assert_int_equal(ds_test_write(table,
				       "Country,2014,2023,2024e\n"
				       "Poland,1.88,3.26,4.12\n"
				       "Germany,1.19,..,2.12\n",
				       (size_t)-1),
			 0);
	const struct scenario scenarios[] = {
		{ "promote", { "promote", all ? "2024-06" : "R1", NULL }, 0, 0, 0 },
		{ "import --release NEW",
		  { "import", table, "--release", "2099-01", "--source", "fixture", NULL },
		  0,
		  0,
		  0 },
		{ "import --release NEW --current",
		  { "import", table, "--release", "2099-01", "--current", "--source", "fixture",
		    NULL },
		  0,
		  0,
		  0 },
		{ "member add",
		  { "member", "add", "XKX", "Kosovo", "--joined", "2099", NULL },
		  65,
		  0,
		  0 },
		{ "set",
		  { "set", "Poland", "2025", "pct_gdp=4.50", "--source", "fixture", NULL },
		  0,
		  0,
		  0 },
	};
	struct totals tot = { 0, 0, 0 };
	for (size_t i = 0; i < sizeof scenarios / sizeof *scenarios; i++)
		crash_scenario(strace, tmp, &scenarios[i], &before, all, &tot);
	/* A large spending file: its update keeps a spare, or writes over one. */
	char *big = ds_test_join(tmp, "big");
	assert_int_equal(mkdir(big, 0755), 0);
	large_data(big);
	struct snap big_before;
	snap_take(&big_before, big);
	const struct scenario large[] = {
		{ "set, large file, keeping its spare",
		  { "set", "Poland", "2025", "pct_gdp=4.50", "--source", "fixture", NULL },
		  0,
		  1,
		  0 },
		{ "set, large file, over its spare",
		  { "set", "Poland", "2025", "pct_gdp=4.50", "--source", "fixture", NULL },
		  0,
		  1,
		  1 },
	};
	for (size_t i = 0; i < sizeof large / sizeof *large; i++)
		crash_scenario(strace, tmp, &large[i], &big_before, all, &tot);
	print_message("crash points tried: %d (%s), %d before, %d after\n", tot.points,
		      all ? "every one"
			  : "every rename, unlink, link and ftruncate, first and last fsync, "
			    "last write",
		      tot.before, tot.after);
	snap_free(&big_before);
	ds_test_rmtree(big);
	free(big);
	snap_free(&before);
	free(table);
	free(data);
	ds_test_rmtree(tmp);
	free(tmp);
}

/*
 * A full disk or a failing one (strace's -e inject=CALL:error=ERRNO) while
 * an update writes, flushes or renames: exit 74 with the system's reason,
 * and nothing lost.  Before the commit point the data is exactly as it was,
 * no temporary file left; after it (a rename of a journaled update) the
 * update is committed and the next command finishes it.
 */
static void test_io_errors(void **state)
{
	(void)state;
	const char *strace = strace_path();
	if (strace == NULL) {
		print_message("skipped: strace is not installed (tools/deps installs it)\n");
		skip();
	}
	char *tmp = ds_test_tmpdir();
	assert_non_null(tmp);
	char *data = ds_test_join(tmp, "data"), *errfile = ds_test_join(tmp, "err");
	char *table = ds_test_join(tmp, "table.csv");
	assert_int_equal(mkdir(data, 0755), 0);
	small_data(data);
	assert_int_equal(ds_test_write(table, "Country,2024\nPoland,4.12\n", (size_t)-1), 0);
	struct snap before;
	snap_take(&before, data);
	const char *set[] = { "set", "Poland", "2025", "pct_gdp=4.50", "--source", "s", NULL };
	const char *imp[] = { "import",    table,      "--release", "2099-01",
			      "--current", "--source", "fixture",   NULL };
	static const struct {
		const char *inject, *reason;
		int after; /* past the commit point: committed, finished by the next command */
	} cases[] = {
		{ "write:error=ENOSPC:when=1", "No space left on device", 0 },
		{ "fsync:error=EIO:when=1", "Input/output error", 0 },
		{ "rename:error=ENOSPC:when=1", "No space left on device", 0 },
		{ "rename:error=EDQUOT:when=1", "quota exceeded", 0 },
		{ "rename:error=EIO:when=2", "Input/output error", 1 },
	};
	int tried = 0;
	for (int c = 0; c < 2; c++) {
		const char *const *args = c ? imp : set;
		/* "After", for the cases past the commit point. */
		restore(data, &before);
		assert_int_equal(run_defspend(data, args), 0);
		struct snap after;
		snap_take(&after, data);
		for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
			if (cases[i].after && c == 0)
				continue; /* set has one rename: its commit point */
			restore(data, &before);
			char inject[64];
			snprintf(inject, sizeof inject, "inject=%s", cases[i].inject);
			const char *pre[] = {
				strace, "-qq", "-o", "/dev/null", "-e", inject, NULL
			};
			char *argv[40];
			make_argv(argv, pre, data, args);
			int st = run_to(argv, errfile);
			char *err = ds_test_read(errfile, NULL);
			assert_non_null(err);
			if (!WIFEXITED(st) || WEXITSTATUS(st) != 74 ||
			    strstr(err, cases[i].reason) == NULL)
				print_message("%s under %s: status %d: %s", args[0], inject, st,
					      err);
			assert_true(WIFEXITED(st));
			assert_int_equal(WEXITSTATUS(st), 74);
			assert_non_null(strstr(err, cases[i].reason));
			if (cases[i].after)
				assert_non_null(strstr(err,
						       "the update is committed but not "
						       "finished; the next command finishes it"));
			free(err);
			struct snap now;
			if (!cases[i].after) {
				snap_take(&now, data);
				assert_true(snap_equal(&now, &before));
				snap_free(&now);
			}
			const char *check[] = { "check", NULL };
			assert_int_equal(run_defspend(data, check), 0);
			snap_take(&now, data);
			assert_true(snap_equal(&now, cases[i].after ? &after : &before));
			snap_free(&now);
			tried++;
		}
		snap_free(&after);
	}
	assert_int_equal(tried, 9);
	snap_free(&before);
	ds_test_rmtree(tmp);
	free(table);
	free(errfile);
	free(data);
	free(tmp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crash_points),
		cmocka_unit_test(test_io_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
