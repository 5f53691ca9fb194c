/*
 * test_completion_e2e.c - completion/defspend.bash in a real bash, two ways.
 *
 * First the function alone: source it, set COMP_WORDS and COMP_CWORD as
 * readline would, call _defspend and compare COMPREPLY (and that nothing
 * was printed on the way).  Then as a user meets it: an interactive bash
 * (bash -i) on a pseudo-terminal made here, with bash-completion loaded,
 * keys typed with real Tabs; each line is then handed to printf by
 * prepending to it (Ctrl-A), so the test sees the words the shell would
 * run, quoting resolved.  The interactive part skips, saying so, where
 * bash-completion is not installed (tools/deps installs it).
 */
#define _XOPEN_SOURCE 700 /* realpath, posix_openpt */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "helpers.h"

#define BASH_COMPLETION "/usr/share/bash-completion/bash_completion"

static char bin[PATH_MAX];

/* One completion: the words (the last one is being typed) and what bash gives. */
struct ccase {
	const char *words;
	const char *want; /* COMPREPLY sorted, space-separated */
	char got[1024];
};

/*
 * Completes each case in one bash (sourcing the script once): sets
 * COMP_WORDS and COMP_CWORD, calls _defspend and prints COMPREPLY sorted
 * on one line per case, so anything printed on the way (stderr included)
 * shows up as a mismatch.
 */
static void complete_all(struct ccase *cases, size_t n)
{
	static char script[65536];
	size_t len = (size_t)snprintf(script, sizeof script,
				      "cd '%s' && source completion/defspend.bash || exit 1\n",
				      ds_test_srcdir());
	for (size_t i = 0; i < n; i++) {
		len += (size_t)snprintf(
			script + len, sizeof script - len,
			"COMP_WORDS=('%s' %s); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); "
			"COMPREPLY=(); _defspend; "
			"printf '%%s\\n' \"${COMPREPLY[@]}\" | LC_ALL=C sort | tr '\\n' ' '; echo\n",
			bin, cases[i].words);
		assert_true(len < sizeof script);
	}
	setenv("DS_SCRIPT", script, 1);
	FILE *p = popen("bash --norc --noprofile -c \"$DS_SCRIPT\" 2>&1", "r");
	assert_non_null(p);
	char line[1024];
	size_t i = 0;
	while (fgets(line, sizeof line, p) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		if (i < n)
			memcpy(cases[i].got, line, sizeof line);
		else
			print_message("unexpected output: %s\n", line);
		i++;
	}
	assert_int_equal(pclose(p), 0);
	assert_int_equal(i, n);
	for (i = 0; i < n; i++) {
		if (cases[i].want != NULL && strcmp(cases[i].got, cases[i].want) != 0)
			print_message("defspend %s<TAB>: got \"%s\", want \"%s\"\n", cases[i].words,
				      cases[i].got, cases[i].want);
		if (cases[i].want != NULL)
			assert_string_equal(cases[i].got, cases[i].want);
	}
}

static void test_the_function_alone(void **state)
{
	(void)state;
	struct ccase cases[] = {
		{ "--format ''", "csv json md table tsv ", "" },
		{ "-t 2 --data data rel", "releases ", "" },
		/* A command's own options come after the global ones. */
		{ "revisions --fr", "--from ", "" },
		{ "check --da", "--data ", "" },
		/* Release ids, and countries, of the --data given. */
		{ "--data data revisions --from 2024", "2024-06 ", "" },
		{ "--data data revisions POL por", "Portugal ", "" },
		/* An operand after an option's value is still an operand. */
		{ "revisions --year 2024 prt", "PRT ", "" },
		/* Missing data: no candidates and no error over the prompt. */
		{ "--data /nonexistent revisions po", " ", "" },
		{ "--data=/nonexistent --release 2", " ", "" },
		/* help offers the visible commands, never the hidden helper
		 * (checked below). */
		{ "help ''", NULL, "" },
	};
	size_t n = sizeof cases / sizeof cases[0];
	complete_all(cases, n);
	assert_non_null(strstr(cases[n - 1].got, "check "));
	assert_null(strstr(cases[n - 1].got, "complete"));
}

/* ---- an interactive bash on a pseudo-terminal ---- */

/*
 * Nothing here waits for a time to pass: readline handles the keys in the
 * order they were typed (a Tab's completion runs before the next key is
 * read), so a whole line is typed at once and the test then reads until a
 * marker that only the command's own output contains.  The deadline only
 * turns a hang into a failure.
 */
#define DEADLINE_S 60

struct term {
	int fd;
	pid_t pid;
	char out[65536]; /* what the terminal showed since the last read_until */
};

/* Reads until the terminal has shown want (or the deadline, or its end); whether it did. */
static int read_until(struct term *t, const char *want)
{
	size_t n = 0;
	time_t end = time(NULL) + DEADLINE_S;
	t->out[0] = '\0';
	while (strstr(t->out, want) == NULL && n + 1 < sizeof t->out) {
		time_t left = end - time(NULL);
		if (left <= 0)
			return 0;
		fd_set rd;
		FD_ZERO(&rd);
		FD_SET(t->fd, &rd);
		struct timeval tv = { left, 0 };
		int r = select(t->fd + 1, &rd, NULL, NULL, &tv);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return 0;
		ssize_t k = read(t->fd, t->out + n, sizeof t->out - 1 - n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return 0;
		n += (size_t)k;
		t->out[n] = '\0';
	}
	return strstr(t->out, want) != NULL;
}

static void type(struct term *t, const char *keys)
{
	size_t left = strlen(keys);
	while (left > 0) {
		ssize_t w = write(t->fd, keys, left);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		keys += w;
		left -= (size_t)w;
	}
}

/*
 * The end of a command's output and the next prompt: readline has set the
 * terminal up again when it shows the prompt, so keys typed from then on
 * reach it as they are.  Commands echo '<'END'>' so that the echo of the
 * typed line never matches.
 */
#define DONE "<END>\r\nPROMPT> "

/* bash -i on a new terminal, bash-completion and our completion loaded, in dir. */
static int term_open(struct term *t, const char *dir)
{
	int fd = posix_openpt(O_RDWR | O_NOCTTY);
	if (fd < 0 || grantpt(fd) != 0 || unlockpt(fd) != 0 || ptsname(fd) == NULL)
		return -1;
	char slave[256];
	snprintf(slave, sizeof slave, "%s", ptsname(fd));
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		setsid();
		int s = open(slave, O_RDWR);
		if (s < 0)
			_exit(127);
		dup2(s, 0);
		dup2(s, 1);
		dup2(s, 2);
		close(s);
		close(fd);
		/* The binary under test is what `defspend` runs. */
		char path[PATH_MAX + 64], bindir[PATH_MAX];
		snprintf(bindir, sizeof bindir, "%s", bin);
		*strrchr(bindir, '/') = '\0';
		snprintf(path, sizeof path, "%s:/usr/bin:/bin", bindir);
		setenv("PATH", path, 1);
		setenv("PS1", "PROMPT> ", 1);
		setenv("INPUTRC", "/dev/null", 1);
		setenv("TERM", "dumb", 1);
		setenv("LC_ALL", "C.UTF-8", 1);
		unsetenv("DEFSPEND_DATA");
		unsetenv("PROMPT_COMMAND");
		if (chdir(dir) != 0)
			_exit(127);
		execlp("bash", "bash", "--norc", "--noprofile", "-i", (char *)NULL);
		_exit(127);
	}
	t->fd = fd;
	t->pid = pid;
	char setup[8192];
	/* No history file is written; the first prompt is ready when DONE shows. */
	snprintf(setup, sizeof setup,
		 "unset HISTFILE; source %s && source '%s/completion/defspend.bash' && "
		 "echo '<'END'>'\r",
		 BASH_COMPLETION, ds_test_srcdir());
	type(t, setup);
	return read_until(t, DONE) ? 0 : -1;
}

static void term_close(struct term *t)
{
	type(t, "exit\r");
	/* bash has exited when the terminal ends (read gives EIO). */
	read_until(t, "\001never shown\001");
	int st;
	if (waitpid(t->pid, &st, WNOHANG) == 0) {
		kill(t->pid, SIGKILL);
		waitpid(t->pid, &st, 0);
	}
	close(t->fd);
}

/*
 * Types keys (with Tabs) after "defspend ", then hands the line to printf
 * instead (Ctrl-A, "printf '[%s]' ", Ctrl-E, then the end marker, Enter)
 * and returns the words the shell saw: "[defspend][show][Poland]", or ""
 * when it never ran.  shown, when not NULL, gets all the terminal showed.
 */
static const char *words_after(struct term *t, const char *keys, const char **shown)
{
	static char got[4096];
	char line[1024];
	snprintf(line, sizeof line, "defspend %s\001printf '[%%s]' \005; echo '<'END'>'\r", keys);
	type(t, line);
	got[0] = '\0';
	if (read_until(t, DONE)) {
		char *w = strstr(t->out, "[defspend]");
		char *e = w != NULL ? strstr(w, "<END>") : NULL;
		if (e != NULL)
			snprintf(got, sizeof got, "%.*s", (int)(e - w), w);
	}
	if (shown != NULL)
		*shown = t->out;
	return got;
}

static void test_interactive_bash(void **state)
{
	(void)state;
	if (access(BASH_COMPLETION, R_OK) != 0) {
		print_message("SKIPPED: bash-completion is not installed (tools/deps installs it): "
			      "completion in an interactive bash not tested\n");
		return;
	}
	struct term t;
	assert_int_equal(term_open(&t, ds_test_srcdir()), 0);
	/* A command, then a country by code or name in any case. */
	assert_string_equal(words_after(&t, "rev\t", NULL), "[defspend][revisions]");
	assert_string_equal(words_after(&t, "show pola\t", NULL), "[defspend][show][Poland]");
	/* "pol" is POL and Poland: Tab keeps what was typed, a second Tab lists both. */
	const char *shown;
	assert_string_equal(words_after(&t, "show pol\t\t", &shown), "[defspend][show][pol]");
	assert_non_null(strstr(shown, "poland"));
	/* Names with spaces: the shared start, then the rest, quoted for the shell. */
	assert_string_equal(words_after(&t, "show unit\tk\t", NULL),
			    "[defspend][show][United Kingdom]");
	assert_string_equal(words_after(&t, "show 'united s\t", NULL),
			    "[defspend][show][United States]");
	/* Accents: typed or not. */
	assert_string_equal(words_after(&t, "show turk\t", NULL), "[defspend][show][Türkiye]");
	assert_string_equal(words_after(&t, "show Türk\t", NULL), "[defspend][show][Türkiye]");
	/* Options and their values: formats, sort keys, charts, release ids. */
	assert_string_equal(words_after(&t, "--form\tj\t", NULL), "[defspend][--format][json]");
	assert_string_equal(words_after(&t, "--format=m\t", NULL), "[defspend][--format=md]");
	assert_string_equal(words_after(&t, "list --sort na\t", NULL),
			    "[defspend][list][--sort][name]");
	assert_string_equal(words_after(&t, "plot rank\t", NULL), "[defspend][plot][ranking]");
	assert_string_equal(words_after(&t, "--release 2026-0\t3\t", NULL),
			    "[defspend][--release][2026-03]");
	assert_string_equal(words_after(&t, "revisions --to 2024\t", NULL),
			    "[defspend][revisions][--to][2024-06]");
	term_close(&t);
}

int main(void)
{
	if (system("command -v bash >/dev/null 2>&1") != 0) {
		printf("SKIPPED: bash is not installed; completion not tested\n");
		return 0;
	}
	if (realpath(ds_test_bin(), bin) == NULL) {
		fprintf(stderr, "test_completion_e2e: no binary at %s\n", ds_test_bin());
		return 1;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_the_function_alone),
		cmocka_unit_test(test_interactive_bash),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
