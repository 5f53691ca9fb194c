/*
 * cmd_complete.c - `defspend complete WHAT [ARGS]`, the hidden helper that
 * completion/defspend.bash asks for candidates, one per line:
 *
 *   complete commands            the commands of `defspend help`
 *   complete options [COMMAND]   "NAME<TAB>ARG" for each global option and
 *                                each option of COMMAND (ARG empty: a flag)
 *   complete operands COMMAND N  candidates for COMMAND's Nth operand, read
 *                                from its synopsis: literal words, commands,
 *                                countries of the data in use, the values of
 *                                an operand entry ("CHART a|b|c"), or the
 *                                marker @file or @dir for the shell to expand
 *   complete countries           ISO3 codes and names of the data in use
 *
 * Asking the binary keeps completion in step with the command registry
 * (cli->commands).  It never prints a diagnostic: a completion that cannot
 * load the data offers nothing rather than spilling errors over the user's
 * prompt.
 */
#include <stdlib.h>
#include <string.h>

#include "cli_commands.h"
#include "commands.h"
#include "defspend/load.h"
#include "defspend/session.h"

/* Calls fn for each "HEAD\thelp" entry's head (without the help). */
static void each_head(const char *entries, void (*fn)(const char *head, size_t len, void *),
		      void *arg)
{
	const char *p = entries;
	while (p != NULL && *p != '\0') {
		size_t line = strcspn(p, "\n");
		size_t head = strcspn(p, "\t\n");
		fn(p, head, arg);
		p += line + (p[line] == '\n');
	}
}

/* "-t, --threshold LIST" prints "-t\tLIST" and "--threshold\tLIST". */
static void print_option(const char *head, size_t len, void *arg)
{
	(void)arg;
	char buf[256];
	if (head[0] != '-' || len >= sizeof buf)
		return; /* an operand entry */
	memcpy(buf, head, len);
	buf[len] = '\0';
	/* Names start with '-' and are separated by ", "; ARG is the rest. */
	char *names[4];
	size_t n = 0;
	char *p = buf;
	const char *argp = "";
	while (*p == '-' && n < 4) {
		names[n++] = p;
		p += strcspn(p, " ,");
		if (*p == '\0')
			break;
		if (*p == ',') {
			*p++ = '\0';
			p += strspn(p, " ");
			continue;
		}
		*p++ = '\0';
		argp = p;
		break;
	}
	for (size_t i = 0; i < n; i++)
		printf("%s\t%s\n", names[i], argp);
}

static void print_commands(const struct ds_command *commands)
{
	for (const struct ds_command *c = commands; c->name != NULL; c++)
		if (!c->hidden)
			printf("%s\n", c->name);
}

static int print_countries(const struct ds_cli *cli)
{
	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_load_opts opts = { .release = NULL, .all_releases = 0 };
	struct ds_dataset *ds = NULL;
	/* Like any reader, after an interrupted update is finished, but silently
	 * and briefly: this runs on a Tab key. */
	struct ds_lock lk;
	int rc = ds_session_read_lock(cli->data, 500, &lk, NULL, &err);
	if (rc == DS_OK)
		rc = ds_dataset_load(cli->data, &opts, &ds, &err);
	ds_lock_release(&lk);
	ds_errors_release(&err);
	if (rc != DS_OK)
		return rc;
	for (size_t i = 0; i < ds->nmembers; i++)
		printf("%s\n%s\n", ds->members[i].iso3, ds->members[i].name);
	ds_dataset_free(ds);
	return DS_OK;
}

struct operand_find {
	const char *name;
	size_t len;
};

/* Prints the values of the operand entry "NAME a|b|c" named by arg. */
static void print_operand_values(const char *head, size_t len, void *arg)
{
	const struct operand_find *f = arg;
	if (len <= f->len || strncmp(head, f->name, f->len) != 0 || head[f->len] != ' ')
		return;
	const char *v = head + f->len + 1;
	const char *end = head + len;
	if (memchr(v, '|', (size_t)(end - v)) == NULL)
		return;
	while (v < end) {
		size_t w = strcspn(v, "|\t\n");
		if (v + w > end)
			w = (size_t)(end - v);
		printf("%.*s\n", (int)w, v);
		v += w + 1;
	}
}

static int all_lower(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || s[i] == '-' || s[i] == '|'))
			return 0;
	return n > 0;
}

static int print_placeholder(const struct ds_cli *cli, const struct ds_command *c, const char *p,
			     size_t n)
{
	if (all_lower(p, n)) { /* a literal word, or "a|b" */
		for (size_t i = 0; i < n; i++)
			putchar(p[i] == '|' ? '\n' : p[i]);
		putchar('\n');
	} else if (n == 7 && strncmp(p, "COUNTRY", n) == 0) {
		return print_countries(cli);
	} else if (n == 7 && strncmp(p, "COMMAND", n) == 0) {
		print_commands(cli->commands);
	} else if ((n == 4 && strncmp(p, "PATH", n) == 0) ||
		   (n == 4 && strncmp(p, "FILE", n) == 0)) {
		printf("@file\n");
	} else if (n == 3 && strncmp(p, "DIR", n) == 0) {
		printf("@dir\n");
	} else {
		struct operand_find f = { p, n };
		each_head(c->options, print_operand_values, &f);
	}
	return DS_OK;
}

/* The Nth (1-based) operand placeholder of c's synopsis, options skipped. */
static int print_operand(const struct ds_cli *cli, const struct ds_command *c, long nth)
{
	const char *s = c->synopsis + strcspn(c->synopsis, " ");
	int in_option = 0;
	long k = 0;
	const char *last = NULL;
	size_t last_len = 0;
	int last_repeats = 0;
	while (*s != '\0') {
		s += strspn(s, " ");
		size_t w = strcspn(s, " ");
		if (w == 0)
			break;
		const char *t = s;
		s += w;
		if (in_option) {
			in_option = t[w - 1] != ']';
			continue;
		}
		if (t[0] == '-' || (t[0] == '[' && t[1] == '-')) {
			in_option = t[0] == '[' && t[w - 1] != ']';
			continue;
		}
		while (w > 0 && (*t == '[')) {
			t++;
			w--;
		}
		while (w > 0 && t[w - 1] == ']')
			w--;
		last_repeats = w > 3 && strncmp(t + w - 3, "...", 3) == 0;
		if (last_repeats)
			w -= 3;
		last = t;
		last_len = w;
		if (++k == nth)
			return print_placeholder(cli, c, t, w);
	}
	if (last != NULL && last_repeats)
		return print_placeholder(cli, c, last, last_len);
	return DS_OK;
}

int cmd_complete(struct ds_cli *cli)
{
	if (cli->argc < 1)
		return DS_EUSAGE;
	const char *what = cli->argv[0];
	const struct ds_command *c =
		cli->argc > 1 ? ds_cli_commands_find(cli->commands, cli->argv[1]) : NULL;
	if (strcmp(what, "commands") == 0) {
		print_commands(cli->commands);
	} else if (strcmp(what, "options") == 0) {
		each_head(ds_cli_global_options, print_option, NULL);
		if (c != NULL)
			each_head(c->options, print_option, NULL);
	} else if (strcmp(what, "operands") == 0) {
		long nth = cli->argc > 2 ? strtol(cli->argv[2], NULL, 10) : 1;
		if (c != NULL && nth > 0)
			return print_operand(cli, c, nth);
	} else if (strcmp(what, "countries") == 0) {
		return print_countries(cli);
	} else {
		return DS_EUSAGE;
	}
	return DS_OK;
}
