/*
 * test_browser_e2e.c - the report as a reader sees it: index.html opened in
 * a real browser (Debian's headless Chromium) at 1280 and 400 pixels wide.
 *
 * Each page must load every image, fit its width (no horizontal scroll of
 * the page: a wide table scrolls inside its own box), lay out at the
 * device's width on a phone (the viewport tag), show chart text at a
 * legible scale, and log no console error.  A report rendered with
 * `--render none` must show no broken image.  Each SVG is opened on its own
 * too: it must load without a console error and show a value on hover.
 *
 * The browser is driven through Chromium's DevTools protocol over a pipe
 * (--remote-debugging-pipe: JSON messages ended by a NUL byte on fds 3 and
 * 4), chosen over chromedriver and Selenium because it needs one Debian
 * package instead of three (and no Python), listens on no TCP port (so that
 * concurrent test runs on one machine cannot collide and nothing is
 * reachable from outside), and keeps the test in C with the rest of the
 * suite.  The few JSON fields read are found by plain string search: the
 * page-side checks return one line of text that sscanf reads.
 *
 * Chromium comes from tools/deps --browser.  As root the test installs it
 * when missing; elsewhere it skips, saying how to install it, unless
 * DEFSPEND_BROWSER_REQUIRED=1 (CI) makes a missing browser a failure.
 * DEFSPEND_SCREENSHOTS=DIR keeps a full-page screenshot of each width.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "defspend/plot.h"
#include "helpers.h"

extern char **environ;

/* How long one answer of the browser may take, in milliseconds. */
#define CDP_TIMEOUT_MS 60000

struct cdp {
	pid_t pid;
	int to, from; /* our ends: commands to the browser, messages from it */
	char *buf;    /* bytes read and not yet handed out */
	size_t len, cap;
	int next_id;
	char session[128];
	char *errors; /* console errors seen since the last cdp_take_errors() */
	size_t nerrors;
	char profile[256];
};

static int is_exec(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISREG(st.st_mode) && access(p, X_OK) == 0;
}

/* The browser: $DEFSPEND_CHROMIUM, else Debian's /usr/bin/chromium. */
static const char *chromium_path(void)
{
	const char *e = getenv("DEFSPEND_CHROMIUM");
	return e != NULL && *e ? e : "/usr/bin/chromium";
}

/* Runs tools/deps --quiet --browser (which installs as root only); its status. */
static int run_deps(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		execlp("sh", "sh", ds_test_path("tools/deps"), "--quiet", "--browser",
		       (char *)NULL);
		_exit(127);
	}
	int st = 0;
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* 1 when a browser is there (installing it as root), else 0 after saying why. */
static int have_browser(void)
{
	if (is_exec(chromium_path()))
		return 1;
	if (geteuid() == 0 && getenv("DEFSPEND_CHROMIUM") == NULL)
		(void)run_deps();
	if (is_exec(chromium_path()))
		return 1;
	fprintf(stderr,
		"test_browser_e2e: SKIPPED: no browser at '%s'; install Debian's chromium as "
		"root with: sh tools/deps --browser\n",
		chromium_path());
	const char *req = getenv("DEFSPEND_BROWSER_REQUIRED");
	if (req != NULL && strcmp(req, "1") == 0)
		fail_msg("DEFSPEND_BROWSER_REQUIRED=1 but there is no browser");
	return 0;
}

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void cdp_start(struct cdp *c)
{
	memset(c, 0, sizeof *c);
	c->next_id = 1;
	char *tmp = ds_test_tmpdir();
	assert_non_null(tmp);
	snprintf(c->profile, sizeof c->profile, "%s", tmp);
	free(tmp);
	int to[2], from[2];
	assert_int_equal(pipe(to), 0);
	assert_int_equal(pipe(from), 0);
	char prof[300];
	snprintf(prof, sizeof prof, "--user-data-dir=%s", c->profile);
	/* No network: without these flags Chromium tries to reach its services. */
	char *argv[] = { (char *)"chromium",
			 (char *)"--headless",
			 (char *)"--no-sandbox",
			 (char *)"--disable-gpu",
			 (char *)"--no-first-run",
			 (char *)"--disable-background-networking",
			 (char *)"--disable-component-update",
			 (char *)"--disable-sync",
			 (char *)"--disable-dev-shm-usage",
			 (char *)"--hide-scrollbars",
			 (char *)"--remote-debugging-pipe",
			 prof,
			 (char *)"about:blank",
			 NULL };
	posix_spawn_file_actions_t fa;
	assert_int_equal(posix_spawn_file_actions_init(&fa), 0);
	int devnull = open("/dev/null", 0);
	assert_true(devnull >= 0);
	/* The browser reads commands on fd 3 and writes messages on fd 4. */
	posix_spawn_file_actions_adddup2(&fa, to[0], 3);
	posix_spawn_file_actions_adddup2(&fa, from[1], 4);
	posix_spawn_file_actions_adddup2(&fa, devnull, 0);
	posix_spawn_file_actions_adddup2(&fa, devnull, 1);
	posix_spawn_file_actions_adddup2(&fa, devnull, 2);
	int rc = posix_spawn(&c->pid, chromium_path(), &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(devnull);
	close(to[0]);
	close(from[1]);
	assert_int_equal(rc, 0);
	c->to = to[1];
	c->from = from[0];
}

static void cdp_stop(struct cdp *c)
{
	if (c->to >= 0)
		close(c->to);
	if (c->from >= 0)
		close(c->from);
	/* Closing the pipe makes Chromium exit; kill it if it lingers. */
	int st;
	for (int i = 0; i < 50; i++) {
		if (waitpid(c->pid, &st, WNOHANG) == c->pid)
			goto reaped;
		struct timespec ts = { 0, 100000000 };
		nanosleep(&ts, NULL);
	}
	kill(c->pid, SIGKILL);
	waitpid(c->pid, &st, 0);
reaped:
	ds_test_rmtree(c->profile);
	free(c->buf);
	free(c->errors);
}

/* Sends one command; its id. params is a JSON object (or NULL). */
static int cdp_send(struct cdp *c, const char *method, const char *params, int in_session)
{
	int id = c->next_id++;
	size_t n = strlen(method) + (params ? strlen(params) : 2) + sizeof c->session + 96;
	char *msg = malloc(n);
	assert_non_null(msg);
	int len;
	if (in_session)
		len = snprintf(msg, n,
			       "{\"id\":%d,\"method\":\"%s\",\"params\":%s,\"sessionId\":\"%s\"}",
			       id, method, params ? params : "{}", c->session);
	else
		len = snprintf(msg, n, "{\"id\":%d,\"method\":\"%s\",\"params\":%s}", id, method,
			       params ? params : "{}");
	assert_true(len > 0 && (size_t)len < n);
	/* The NUL ends the message. */
	size_t off = 0, total = (size_t)len + 1;
	while (off < total) {
		ssize_t w = write(c->to, msg + off, total - off);
		if (w < 0 && errno == EINTR)
			continue;
		assert_true(w > 0);
		off += (size_t)w;
	}
	free(msg);
	return id;
}

/* Remembers a console error or an uncaught exception from an event message. */
static void note_event(struct cdp *c, const char *m)
{
	int bad = (strstr(m, "\"method\":\"Runtime.exceptionThrown\"") != NULL) ||
		  (strstr(m, "\"method\":\"Runtime.consoleAPICalled\"") != NULL &&
		   strstr(m, "\"type\":\"error\"") != NULL) ||
		  (strstr(m, "\"method\":\"Log.entryAdded\"") != NULL &&
		   strstr(m, "\"level\":\"error\"") != NULL);
	if (!bad)
		return;
	size_t n = strlen(m) < 400 ? strlen(m) : 400;
	size_t have = c->errors ? strlen(c->errors) : 0;
	char *p = realloc(c->errors, have + n + 2);
	assert_non_null(p);
	memcpy(p + have, m, n);
	p[have + n] = '\n';
	p[have + n + 1] = '\0';
	c->errors = p;
	c->nerrors++;
}

/* The next message (malloc'd), waiting at most CDP_TIMEOUT_MS; fails on timeout. */
static char *cdp_next(struct cdp *c)
{
	long deadline = now_ms() + CDP_TIMEOUT_MS;
	for (;;) {
		char *end = c->len ? memchr(c->buf, '\0', c->len) : NULL;
		if (end != NULL) {
			size_t n = (size_t)(end - c->buf) + 1;
			char *m = malloc(n);
			assert_non_null(m);
			memcpy(m, c->buf, n);
			memmove(c->buf, c->buf + n, c->len - n);
			c->len -= n;
			return m;
		}
		long left = deadline - now_ms();
		if (left <= 0)
			fail_msg("the browser did not answer within %d ms", CDP_TIMEOUT_MS);
		struct pollfd pfd = { c->from, POLLIN, 0 };
		int r = poll(&pfd, 1, (int)left);
		if (r < 0 && errno == EINTR)
			continue;
		assert_true(r >= 0);
		if (r == 0)
			continue;
		if (c->cap - c->len < 65536) {
			size_t cap = c->cap ? c->cap * 2 : 1 << 17;
			char *p = realloc(c->buf, cap);
			assert_non_null(p);
			c->buf = p;
			c->cap = cap;
		}
		ssize_t got = read(c->from, c->buf + c->len, c->cap - c->len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			fail_msg("the browser closed its pipe");
		c->len += (size_t)got;
	}
}

/* Sends a command and waits for its answer (malloc'd); events seen meanwhile are noted. */
static char *cdp_call(struct cdp *c, const char *method, const char *params, int in_session)
{
	int id = cdp_send(c, method, params, in_session);
	char want[32];
	snprintf(want, sizeof want, "{\"id\":%d,", id);
	for (;;) {
		char *m = cdp_next(c);
		if (strncmp(m, want, strlen(want)) == 0) {
			if (strstr(m, "\"error\":{") != NULL && strstr(m, "\"result\":") == NULL)
				fail_msg("%s failed: %s", method, m);
			return m;
		}
		note_event(c, m);
		free(m);
	}
}

/* Waits for an event named method (noting the others). */
static void cdp_wait_event(struct cdp *c, const char *method)
{
	char want[128];
	snprintf(want, sizeof want, "\"method\":\"%s\"", method);
	for (;;) {
		char *m = cdp_next(c);
		int hit = strstr(m, want) != NULL;
		note_event(c, m);
		free(m);
		if (hit)
			return;
	}
}

/* The JSON string value of key in m (no unescaping needed for ids), into buf. */
static void json_string(const char *m, const char *key, char *buf, size_t size)
{
	char pat[64];
	snprintf(pat, sizeof pat, "\"%s\":\"", key);
	const char *p = strstr(m, pat);
	assert_non_null(p);
	p += strlen(pat);
	size_t n = strcspn(p, "\"");
	assert_true(n < size);
	memcpy(buf, p, n);
	buf[n] = '\0';
}

/* The "value" string of a Runtime.evaluate answer, JSON escapes undone, malloc'd. */
static char *eval_string(struct cdp *c, const char *expr)
{
	size_t n = strlen(expr) * 2 + 64;
	char *params = malloc(n);
	assert_non_null(params);
	size_t k = (size_t)snprintf(params, n, "{\"expression\":\"");
	for (const char *p = expr; *p; p++) {
		if (*p == '"' || *p == '\\')
			params[k++] = '\\';
		params[k++] = *p == '\n' ? ' ' : *p;
	}
	snprintf(params + k, n - k, "\",\"returnByValue\":true}");
	char *m = cdp_call(c, "Runtime.evaluate", params, 1);
	free(params);
	const char *v = strstr(m, "\"value\":\"");
	if (v == NULL)
		fail_msg("evaluation gave no string: %s", m);
	v += 9;
	char *out = malloc(strlen(v) + 1);
	assert_non_null(out);
	size_t o = 0;
	for (; *v && *v != '"'; v++) {
		if (*v == '\\' && v[1] != '\0')
			v++;
		out[o++] = *v;
	}
	out[o] = '\0';
	free(m);
	return out;
}

/* Opens a page in a new tab of w x h CSS pixels (a phone below 600). */
static void cdp_open(struct cdp *c, const char *path, int w, int h)
{
	char *m = cdp_call(c, "Target.createTarget", "{\"url\":\"about:blank\"}", 0);
	char target[128], params[4400];
	json_string(m, "targetId", target, sizeof target);
	free(m);
	snprintf(params, sizeof params, "{\"targetId\":\"%s\",\"flatten\":true}", target);
	m = cdp_call(c, "Target.attachToTarget", params, 0);
	json_string(m, "sessionId", c->session, sizeof c->session);
	free(m);
	free(cdp_call(c, "Page.enable", NULL, 1));
	free(cdp_call(c, "Runtime.enable", NULL, 1));
	free(cdp_call(c, "Log.enable", NULL, 1));
	snprintf(params, sizeof params,
		 "{\"width\":%d,\"height\":%d,\"deviceScaleFactor\":1,\"mobile\":%s}", w, h,
		 w < 600 ? "true" : "false");
	free(cdp_call(c, "Emulation.setDeviceMetricsOverride", params, 1));
	snprintf(params, sizeof params, "{\"url\":\"file://%s\"}", path);
	free(cdp_call(c, "Page.navigate", params, 1));
	cdp_wait_event(c, "Page.loadEventFired");
}

static void cdp_close_tab(struct cdp *c)
{
	free(cdp_call(c, "Page.close", NULL, 1));
	c->session[0] = '\0';
}

static int b64val(int ch)
{
	const char *a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const char *p = ch ? strchr(a, ch) : NULL;
	return p ? (int)(p - a) : -1;
}

/* Saves a full-page screenshot as DIR/NAME when $DEFSPEND_SCREENSHOTS=DIR. */
static void screenshot(struct cdp *c, int w, const char *name)
{
	const char *dir = getenv("DEFSPEND_SCREENSHOTS");
	if (dir == NULL || *dir == '\0')
		return;
	char *hs = eval_string(c, "String(Math.min(document.documentElement.scrollHeight, 16000))");
	int h = atoi(hs);
	free(hs);
	char params[256];
	snprintf(params, sizeof params,
		 "{\"width\":%d,\"height\":%d,\"deviceScaleFactor\":1,\"mobile\":%s}", w, h,
		 w < 600 ? "true" : "false");
	free(cdp_call(c, "Emulation.setDeviceMetricsOverride", params, 1));
	char *m = cdp_call(c, "Page.captureScreenshot", "{\"format\":\"png\"}", 1);
	const char *d = strstr(m, "\"data\":\"");
	assert_non_null(d);
	d += 8;
	size_t n = strcspn(d, "\"");
	unsigned char *png = malloc(n);
	assert_non_null(png);
	size_t o = 0;
	unsigned acc = 0;
	int bits = 0;
	for (size_t i = 0; i < n; i++) {
		int v = b64val(d[i]);
		if (v < 0)
			continue;
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			png[o++] = (unsigned char)(acc >> bits);
		}
	}
	char *path = ds_test_join(dir, name);
	assert_int_equal(ds_test_write(path, (const char *)png, o), 0);
	free(path);
	free(png);
	free(m);
}

static void assert_no_errors(struct cdp *c, const char *what)
{
	if (c->nerrors > 0)
		fail_msg("%s: %zu console error(s):\n%s", what, c->nerrors, c->errors);
}

/*
 * What the page-side check reports: images (and how many did not load, by
 * src), the page's scroll width against the window's, and the smallest scale
 * at which a chart image is shown (percent of its own width).
 */
static const char *const page_check =
	"(() => {"
	"  const imgs = Array.from(document.images);"
	"  const bad = imgs.filter(i => !(i.complete && i.naturalWidth > 0))"
	"                  .map(i => i.getAttribute('src'));"
	"  let scale = 100;"
	"  for (const i of imgs) if (i.naturalWidth > 0)"
	"    scale = Math.min(scale, Math.floor(100 * i.getBoundingClientRect().width / "
	"i.naturalWidth));"
	"  const de = document.documentElement;"
	"  return 'images=' + imgs.length + ' broken=' + bad.length + ' scroll=' + de.scrollWidth +"
	"    ' inner=' + window.innerWidth + ' scale=' + scale +"
	"    ' viewport=' + (document.querySelector('meta[name=viewport]') ? 1 : 0) +"
	"    ' | ' + bad.join(' ');"
	"})()";

struct page_facts {
	int images, broken, scroll, inner, scale, viewport;
};

static void check_page(struct cdp *c, const char *path, int w, struct page_facts *f,
		       const char *shot)
{
	cdp_open(c, path, w, 900);
	char *s = eval_string(c, page_check);
	int got = sscanf(s, "images=%d broken=%d scroll=%d inner=%d scale=%d viewport=%d",
			 &f->images, &f->broken, &f->scroll, &f->inner, &f->scale, &f->viewport);
	if (got != 6)
		fail_msg("unexpected page check: %s", s);
	if (f->broken != 0)
		fail_msg("%s at %d px: images that did not load: %s", path, w, strchr(s, '|'));
	if (f->scroll > f->inner)
		fail_msg("%s at %d px: the page is %d px wide in a %d px window", path, w,
			 f->scroll, f->inner);
	free(s);
	assert_int_equal(f->viewport, 1);
	/* With the viewport tag a phone lays the page out at its own width. */
	assert_int_equal(f->inner, w);
	if (shot != NULL)
		screenshot(c, w, shot);
	assert_no_errors(c, path);
	cdp_close_tab(c);
}

static char *make_report(const char *dir, const char *render)
{
	char *out = ds_test_join(dir, render ? "none" : "full");
	struct ds_run r;
	const char *args[] = { "--data",   ds_test_path("data"),        "report", "--out", out,
			       "--render", render ? render : "png,svg", NULL };
	assert_int_equal(ds_run(&r, args, NULL, NULL, NULL), 0);
	if (r.status != 0)
		fail_msg("report exited %d: %s", r.status, r.err);
	ds_run_free(&r);
	return out;
}

static void test_report_in_browser(void **state)
{
	(void)state;
	char *gnuplot = ds_plot_find_gnuplot();
	if (gnuplot == NULL) {
		fprintf(stderr, "test_browser_e2e: SKIPPED: gnuplot is missing\n");
		skip();
	}
	free(gnuplot);
	if (!have_browser())
		skip();
	char *dir = ds_test_tmpdir();
	char *full = make_report(dir, NULL);
	char *none = make_report(dir, "none");
	char *index = ds_test_join(full, "index.html");
	char *index_none = ds_test_join(none, "index.html");
	struct cdp c;
	cdp_start(&c);
	struct page_facts f;

	check_page(&c, index, 1280, &f, "report-1280.png");
	assert_true(f.images >= 5);
	/* On a wide screen the charts are shown at least at 80% of their size. */
	assert_true(f.scale >= 80);
	int images = f.images;

	check_page(&c, index, 400, &f, "report-400.png");
	assert_int_equal(f.images, images);
	/* On a phone the chart scrolls in its box rather than shrinking to illegible. */
	assert_true(f.scale >= 65);

	/* Without images the page shows none, broken or not, and links to the scripts. */
	check_page(&c, index_none, 1280, &f, NULL);
	assert_int_equal(f.images, 0);
	check_page(&c, index_none, 400, &f, "report-none-400.png");
	assert_int_equal(f.images, 0);

	/* Every SVG opens on its own without an error, and shows a value on hover. */
	static const char *const svgs[] = { "ranking", "trend", "count",    "gap",
					    "aid",     "path",  "revisions" };
	for (size_t i = 0; i < sizeof svgs / sizeof svgs[0]; i++) {
		char name[64];
		snprintf(name, sizeof name, "%s.svg", svgs[i]);
		char *p = ds_test_join(full, name);
		cdp_open(&c, p, 1280, 900);
		char *s = eval_string(
			&c, "(() => {"
			    "  const t = document.getElementById('hypertext');"
			    "  if (!t) return 'hover=none';"
			    "  for (const g of document.querySelectorAll('g')) {"
			    "    const r = g.getBoundingClientRect();"
			    "    g.dispatchEvent(new MouseEvent('mousemove', {bubbles: true, "
			    "clientX: r.x + r.width / 2, clientY: r.y + r.height / 2}));"
			    "    if (t.textContent.length > 0) return 'hover=' + t.textContent;"
			    "  }"
			    "  return 'hover=hidden';"
			    "})()");
		if (strncmp(s, "hover=", 6) != 0 || strcmp(s, "hover=none") == 0 ||
		    strcmp(s, "hover=hidden") == 0)
			fail_msg("%s: no value shown on hover (%s)", name, s);
		free(s);
		assert_no_errors(&c, name);
		cdp_close_tab(&c);
		free(p);
	}
	cdp_stop(&c);
	free(index);
	free(index_none);
	free(full);
	free(none);
	ds_test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_report_in_browser),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
