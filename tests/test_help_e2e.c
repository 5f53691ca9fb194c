/*
 * test_help_e2e.c - the help of the real binary against doc/defspend.1.
 *
 * `defspend help` prints the command table; the man page describes the
 * commands as .TP entries of its COMMANDS section.  Every command of one
 * must be in the other, every option of `defspend help COMMAND` must be in
 * that command's entry, every global option in OPTIONS, the version in .TH;
 * `COMMAND --help` must say what `help COMMAND` says; and the page must
 * render without a groff warning.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "helpers.h"

#define MAXCMD 64

static char *man;

static char *run_ok(const char *const *args)
{
	struct ds_run r;
	assert_int_equal(ds_run(&r, args, NULL, NULL, NULL), 0);
	if (r.status != 0)
		fail_msg("defspend %s: exit %d: %s", args[0], r.status, r.err);
	assert_string_equal(r.err, "");
	char *out = r.out;
	r.out = NULL;
	ds_run_free(&r);
	return out;
}

/* The text of section NAME (".SH NAME" up to the next .SH), in a new string. */
static char *section(const char *name)
{
	char head[64];
	snprintf(head, sizeof head, "\n.SH %s\n", name);
	const char *s = strstr(man, head);
	if (s == NULL)
		fail_msg("doc/defspend.1 has no section %s", name);
	s += strlen(head);
	const char *e = strstr(s, "\n.SH ");
	size_t n = e ? (size_t)(e - s) : strlen(s);
	char *p = strndup(s, n);
	assert_non_null(p);
	return p;
}

/* The commands of `defspend help`: the indented lines after "commands:". */
static size_t help_commands(char names[][32])
{
	static const char *const args[] = { "help", NULL };
	char *out = run_ok(args);
	char *s = strstr(out, "\ncommands:\n");
	assert_non_null(s);
	s += strlen("\ncommands:\n");
	size_t n = 0;
	while (strncmp(s, "  ", 2) == 0 && n < MAXCMD) {
		sscanf(s, " %31s", names[n++]);
		s = strchr(s, '\n') + 1;
	}
	free(out);
	return n;
}

/* The commands of the man page: ".TP" then ".B name" or ".BR name ...". */
static size_t man_commands(char names[][32])
{
	char *sec = section("COMMANDS");
	size_t n = 0;
	for (char *s = strstr(sec, ".TP\n"); s != NULL && n < MAXCMD; s = strstr(s + 1, ".TP\n")) {
		if (sscanf(s + 4, ".B%*[R ] %31[a-z]", names[n]) == 1 ||
		    sscanf(s + 4, ".B %31[a-z]", names[n]) == 1)
			n++;
	}
	free(sec);
	return n;
}

static int listed(char names[][32], size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return 1;
	return 0;
}

static void test_commands_both_ways(void **state)
{
	(void)state;
	char help[MAXCMD][32], page[MAXCMD][32];
	size_t nh = help_commands(help);
	size_t np = man_commands(page);
	assert_true(nh >= 2); /* check and help at least */
	for (size_t i = 0; i < nh; i++)
		if (!listed(page, np, help[i]))
			fail_msg("command '%s' of 'defspend help' is not in doc/defspend.1",
				 help[i]);
	for (size_t i = 0; i < np; i++)
		if (!listed(help, nh, page[i]))
			fail_msg("command '%s' of doc/defspend.1 is not in 'defspend help'",
				 page[i]);
	assert_false(listed(help, nh, "complete")); /* the hidden helper */
}

/* 1 when opt ("--dry-run") is in text as roff writes it ("\-\-dry\-run"). */
static int has_option(const char *text, const char *opt)
{
	char roff[128];
	size_t k = 0;
	for (const char *o = opt; *o && k + 3 < sizeof roff; o++) {
		if (*o == '-')
			roff[k++] = '\\';
		roff[k++] = *o;
	}
	roff[k] = '\0';
	for (const char *s = strstr(text, roff); s != NULL; s = strstr(s + 1, roff)) {
		char c = s[k];
		if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') &&
		    strncmp(s + k, "\\-", 2) != 0)
			return 1;
	}
	return 0;
}

/* Checks each option of the entry lines after `marker` in out against text. */
static void check_options(const char *out, const char *marker, const char *text, const char *where)
{
	const char *s = strstr(out, marker);
	if (s == NULL)
		return;
	s += strlen(marker);
	while (strncmp(s, "  ", 2) == 0) {
		s += 2;
		/* "-t, --threshold LIST   help": the names start with '-'. */
		while (*s == '-') {
			char opt[64];
			size_t w = strcspn(s, " ,\n");
			assert_true(w < sizeof opt);
			memcpy(opt, s, w);
			opt[w] = '\0';
			if (!has_option(text, opt))
				fail_msg("option '%s' of %s is not in doc/defspend.1", opt, where);
			s += w;
			s += strspn(s, ", ");
		}
		s = strchr(s, '\n') + 1;
	}
}

/* Every --option on the first line of a man entry (its synopsis) is one
 * that `help COMMAND` knows: the man page promises nothing the binary
 * refuses. */
static void check_synopsis_options(const char *entry, const char *help_out, const char *cmd)
{
	const char *eol = strchr(entry + 4, '\n');
	eol = eol ? strchr(eol + 1, '\n') : NULL; /* .TP, then the synopsis line */
	const char *end = eol ? eol : entry + strlen(entry);
	for (const char *p = strstr(entry, "\\-\\-"); p != NULL && p < end;
	     p = strstr(p + 1, "\\-\\-")) {
		char opt[64] = "--";
		size_t o = 2;
		const char *q = p + 4;
		while (o + 1 < sizeof opt) {
			if (*q >= 'a' && *q <= 'z') {
				opt[o++] = *q++;
			} else if (q[0] == '\\' && q[1] == '-' && q[2] >= 'a' && q[2] <= 'z') {
				opt[o++] = '-';
				q += 2;
			} else {
				break;
			}
		}
		opt[o] = '\0';
		if (o > 2 && strstr(help_out, opt) == NULL)
			fail_msg(
				"doc/defspend.1 gives '%s' to '%s', which 'defspend help %s' does not know",
				opt, cmd, cmd);
	}
}

static void test_options_in_man(void **state)
{
	(void)state;
	char help[MAXCMD][32];
	size_t nh = help_commands(help);
	char *sec = section("COMMANDS");
	for (size_t i = 0; i < nh; i++) {
		const char *args[] = { "help", help[i], NULL };
		char *out = run_ok(args);
		/* The command's own entry: from its .TP to the next one. */
		char head[64];
		snprintf(head, sizeof head, ".TP\n.BR %s ", help[i]);
		char *entry = strstr(sec, head);
		if (entry == NULL) {
			snprintf(head, sizeof head, ".TP\n.BR %s\n", help[i]);
			entry = strstr(sec, head);
		}
		assert_non_null(entry);
		char *end = strstr(entry + 4, "\n.TP\n");
		char *text = strndup(entry, end ? (size_t)(end - entry) : strlen(entry));
		check_options(out, "arguments and options:\n", text, help[i]);
		check_synopsis_options(text, out, help[i]);
		free(text);
		/* COMMAND --help says the same as help COMMAND. */
		const char *args2[] = { help[i], "--help", NULL };
		char *out2 = run_ok(args2);
		assert_string_equal(out2, out);
		free(out2);
		free(out);
	}
	free(sec);
	static const char *const args[] = { "--help", NULL };
	char *out = run_ok(args);
	char *opts = section("OPTIONS");
	check_options(out, "global options (before or after the command):\n", opts, "defspend");
	assert_true(has_option(opts, "--threshold") && has_option(opts, "-t"));
	free(opts);
	free(out);
}

static void test_version_and_exit_codes(void **state)
{
	(void)state;
	static const char *const args[] = { "--version", NULL };
	char *out = run_ok(args);
	out[strcspn(out, "\n")] = '\0';
	assert_int_equal(strncmp(out, "defspend ", 9), 0);
	char th[96];
	snprintf(th, sizeof th, "\"%s\"", out);
	if (strstr(man, th) == NULL)
		fail_msg("doc/defspend.1's .TH does not say %s", th);
	free(out);
	char *codes = section("EXIT STATUS");
	static const char *const want[] = { "0",  "64", "65", "66", "69",
					    "70", "71", "73", "74", "75" };
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		char b[32];
		snprintf(b, sizeof b, ".TP\n.B %s\n", want[i]);
		if (strstr(codes, b) == NULL)
			fail_msg("exit code %s is not in EXIT STATUS", want[i]);
	}
	free(codes);
	char *env = section("ENVIRONMENT");
	assert_non_null(strstr(env, ".B DEFSPEND_DATA\n"));
	assert_non_null(strstr(env, ".B NO_COLOR\n"));
	assert_non_null(strstr(env, ".B XDG_DATA_HOME\n"));
	assert_non_null(strstr(env, ".B DEFSPEND_LOCK_TIMEOUT\n"));
	assert_non_null(strstr(env, ".B DEFSPEND_THREADS\n"));
	free(env);
}

static void test_groff_renders_clean(void **state)
{
	(void)state;
	if (system("command -v groff >/dev/null 2>&1") != 0) {
		print_message(
			"SKIPPED: groff is not installed (Debian: groff-base); man page not rendered\n");
		skip();
	}
	char cmd[4200];
	snprintf(cmd, sizeof cmd, "groff -man -ww -z '%s' 2>&1", ds_test_path("doc/defspend.1"));
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	char buf[512];
	size_t n = fread(buf, 1, sizeof buf - 1, p);
	buf[n] = '\0';
	int rc = pclose(p);
	if (n != 0 || rc != 0)
		fail_msg("groff -man -ww -z doc/defspend.1: %s", buf);
}

int main(void)
{
	man = ds_test_read(ds_test_path("doc/defspend.1"), NULL);
	if (man == NULL) {
		fprintf(stderr, "test_help_e2e: cannot read doc/defspend.1\n");
		return 1;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_commands_both_ways),
		cmocka_unit_test(test_options_in_man),
		cmocka_unit_test(test_version_and_exit_codes),
		cmocka_unit_test(test_groff_renders_clean),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	free(man);
	return rc;
}
