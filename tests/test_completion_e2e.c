/*
 * test_completion_e2e.c - completion/defspend.bash in a real bash: source
 * it, set COMP_WORDS and COMP_CWORD as readline would, call _defspend and
 * compare COMPREPLY (and that nothing was printed on the way).
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"

static char bin[PATH_MAX];

/*
 * Completes the words (the last one is being typed) and returns what bash
 * printed: COMPREPLY sorted, space-separated, plus anything on stderr.
 */
static char *complete(const char *words)
{
	char script[8192];
	snprintf(script, sizeof script,
		 "cd '%s' && source completion/defspend.bash && "
		 "COMP_WORDS=('%s' %s) && COMP_CWORD=$((${#COMP_WORDS[@]} - 1)) && _defspend && "
		 "printf '%%s\\n' \"${COMPREPLY[@]}\" | LC_ALL=C sort | tr '\\n' ' '",
		 ds_test_srcdir(), bin, words);
	char cmd[9000];
	snprintf(cmd, sizeof cmd, "bash --norc --noprofile -c \"$DS_SCRIPT\" 2>&1");
	setenv("DS_SCRIPT", script, 1);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	static char out[4096];
	size_t n = fread(out, 1, sizeof out - 1, p);
	out[n] = '\0';
	assert_int_equal(pclose(p), 0);
	return out;
}

static void test_commands_and_options(void **state)
{
	(void)state;
	assert_string_equal(complete("rev"), "revisions ");
	assert_string_equal(complete("--for"), "--format ");
	assert_string_equal(complete("--format ''"), "csv json md table tsv ");
	assert_string_equal(complete("--format c"), "csv ");
	assert_string_equal(complete("-t 2 --data data rel"), "releases ");
	/* help offers the visible commands, never the hidden helper. */
	char *h = complete("help ''");
	assert_non_null(strstr(h, "check "));
	assert_null(strstr(h, "complete"));
	/* A command's own options come after the global ones. */
	assert_string_equal(complete("revisions --fr"), "--from ");
	assert_string_equal(complete("check --da"), "--data ");
}

static void test_countries_from_the_data(void **state)
{
	(void)state;
	/* Case does not matter; codes and names both complete. */
	assert_string_equal(complete("revisions pol"), "POL Poland ");
	assert_string_equal(complete("--data data revisions POL por"), "Portugal ");
	/* Names with spaces come quoted for the shell. */
	assert_string_equal(complete("revisions 'united k'"), "United\\ Kingdom ");
	/* An operand after an option's value is still an operand. */
	assert_string_equal(complete("revisions --year 2024 prt"), "PRT ");
	/* Missing data: no candidates and no error over the prompt. */
	assert_string_equal(complete("--data /nonexistent revisions po"), " ");
	assert_string_equal(complete("--data=/nonexistent revisions po"), " ");
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
		cmocka_unit_test(test_commands_and_options),
		cmocka_unit_test(test_countries_from_the_data),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
