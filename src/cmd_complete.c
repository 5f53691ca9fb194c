/*
 * cmd_complete.c - `defspend complete WHAT [ARGS]`, the hidden helper that
 * completion/defspend.bash asks for candidates, one per line:
 *
 *   complete commands [PREFIX]   the commands of `defspend help`
 *   complete options [COMMAND]   "NAME<TAB>ARG" for each global option and
 *                                each option of COMMAND (ARG empty: a flag)
 *   complete operands COMMAND N [PREFIX]
 *                                candidates for COMMAND's Nth operand, read
 *                                from its synopsis: literal words, commands,
 *                                countries of the data in use, the values of
 *                                an operand entry ("CHART a|b|c"), or the
 *                                marker @file or @dir for the shell to expand
 *   complete values ARG [PREFIX] candidates for an option's argument ARG as
 *                                `options` prints it: its listed values
 *                                ("a|b|c"), the release ids of the data in
 *                                use (ID), or @file / @dir
 *   complete countries           ISO3 codes and names of the data in use
 *   complete releases            release ids of the data in use
 *
 * With PREFIX (the word being completed, unquoted), only the candidates that
 * start with it are printed, ignoring case, accents, spaces and punctuation
 * as the country lookup does (text.h): "tur" finds TUR and Türkiye, "unit"
 * United Kingdom.  Readline then replaces the word with what the candidates
 * share; when that is shorter than what was typed (POL and Poland share
 * only "P"), the candidates are printed with the typed text as their start
 * ("pol", "poland"), which the lookup reads all the same, so that Tab never
 * throws away what the user typed.  One candidate is always printed as it
 * is.
 *
 * Asking the binary keeps completion in step with the command registry
 * (cli->commands) and the data.  It never prints a diagnostic: a completion
 * that cannot load the data offers nothing rather than spilling errors
 * over the user's prompt.
 */
#include <stdlib.h>
#include <string.h>

#include "cli_commands.h"
#include "commands.h"
#include "defspend/load.h"
#include "defspend/session.h"
#include "defspend/text.h"
#include "defspend/utf8.h"
#include "defspend/util.h"

/* The candidates gathered, printed at the end (emit()). */
struct cands {
	char **v;
	size_t n, cap;
	int nomem;
};

static void cand_add(struct cands *c, const char *s, size_t len)
{
	char *p = malloc(len + 1);
	if (p == NULL || ds_grow(&c->v, &c->cap, c->n + 1, sizeof *c->v) != 0) {
		free(p);
		c->nomem = 1;
		return;
	}
	memcpy(p, s, len);
	p[len] = '\0';
	c->v[c->n++] = p;
}

static void cand_free(struct cands *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->v[i]);
	free(c->v);
}

#define KEY 256

/* Whether s, folded, starts with the folded prefix key[0..klen). */
static int matches(const char *s, const char *key, size_t klen)
{
	char k[KEY];
	size_t n = ds_text_fold(s, k, sizeof k);
	return n >= klen && memcmp(k, key, klen) == 0;
}

/*
 * How many bytes of s fold to the folded prefix key[0..klen): where the
 * rest of s begins once what was typed stands for its start.  Combining
 * accents right after are part of it.
 */
static size_t folded_len(const char *s, const char *key, size_t klen)
{
	char part[KEY], k[KEY];
	size_t len = strlen(s), i = 0;
	uint32_t cp;
	for (;;) {
		if (i >= sizeof part)
			return len;
		memcpy(part, s, i);
		part[i] = '\0';
		if (ds_text_fold(part, k, sizeof k) == klen && memcmp(k, key, klen) == 0)
			break;
		if (i == len)
			return len;
		size_t n = ds_utf8_decode(s + i, len - i, &cp);
		i += n ? n : 1;
	}
	while (i < len) {
		size_t n = ds_utf8_decode(s + i, len - i, &cp);
		if (n == 0 || cp < 0x300 || cp > 0x36F)
			break;
		i += n;
	}
	return i;
}

/* Prints the candidates that match prefix (see the top of the file), each once. */
static void emit(struct cands *c, const char *prefix)
{
	char key[KEY];
	size_t klen = prefix ? ds_text_fold(prefix, key, sizeof key) : 0;
	size_t n = 0;
	for (size_t i = 0; i < c->n; i++) {
		int dup = 0;
		for (size_t j = 0; j < n && !dup; j++)
			dup = strcmp(c->v[j], c->v[i]) == 0;
		if (!dup && (klen == 0 || matches(c->v[i], key, klen))) {
			char *t = c->v[n];
			c->v[n++] = c->v[i];
			c->v[i] = t;
		}
	}
	size_t lcd = n ? strlen(c->v[0]) : 0;
	for (size_t i = 1; i < n; i++) {
		size_t k = 0;
		while (k < lcd && c->v[i][k] == c->v[0][k])
			k++;
		lcd = k;
	}
	/* What the candidates share, folded, is shorter than what was typed:
	 * readline would cut the word back to it. */
	char shared[KEY], k[KEY];
	size_t sl = lcd < sizeof shared ? lcd : sizeof shared - 1;
	if (n > 0)
		memcpy(shared, c->v[0], sl);
	shared[n > 0 ? sl : 0] = '\0';
	int keep_typed = n > 1 && klen > 0 && ds_text_fold(shared, k, sizeof k) < klen;
	for (size_t i = 0; i < n; i++) {
		if (keep_typed)
			printf("%s%s\n", prefix, c->v[i] + folded_len(c->v[i], key, klen));
		else
			printf("%s\n", c->v[i]);
	}
}

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

static void add_commands(struct cands *out, const struct ds_command *commands)
{
	for (const struct ds_command *c = commands; c->name != NULL; c++)
		if (!c->hidden)
			cand_add(out, c->name, strlen(c->name));
}

/* The data in use, quietly: NULL when it cannot be read. */
static struct ds_dataset *load_quietly(const struct ds_cli *cli)
{
	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_load_opts opts = { .names = cli->names_dir };
	struct ds_dataset *ds = NULL;
	/* Standard input is never read for a completion: it is the terminal. */
	if (cli->data == NULL || strcmp(cli->data, "-") == 0) {
		ds_errors_release(&err);
		return NULL;
	}
	/* Like any reader, after an interrupted update is finished, but
	 * silently and briefly: this runs on a Tab key. */
	struct ds_lock lk;
	if (ds_session_read_lock(cli->data, 500, &lk, NULL, &err) != DS_OK ||
	    ds_dataset_load(cli->data, &opts, &ds, &err) != DS_OK)
		ds = NULL;
	ds_lock_release(&lk);
	ds_errors_release(&err);
	return ds;
}

static void add_countries(struct cands *out, const struct ds_cli *cli)
{
	struct ds_dataset *ds = load_quietly(cli);
	for (size_t i = 0; ds != NULL && i < ds->nmembers; i++) {
		const struct ds_member *m = &ds->members[i];
		if (m->iso3[0])
			cand_add(out, m->iso3, strlen(m->iso3));
		cand_add(out, m->name, strlen(m->name));
	}
	ds_dataset_free(ds);
}

static void add_releases(struct cands *out, const struct ds_cli *cli)
{
	struct ds_dataset *ds = load_quietly(cli);
	for (size_t i = 0; ds != NULL && i < ds->nreleases; i++)
		cand_add(out, ds->releases[i].id, strlen(ds->releases[i].id));
	if (ds != NULL && ds->nreleases == 0 && ds->spending != NULL && ds->spending->id[0])
		cand_add(out, ds->spending->id, strlen(ds->spending->id)); /* a lone file */
	ds_dataset_free(ds);
}

/* Adds each value of "a|b|c" (n bytes). */
static void add_listed(struct cands *out, const char *v, size_t n)
{
	const char *end = v + n;
	while (v < end) {
		size_t w = strcspn(v, "|\t\n");
		if (v + w > end)
			w = (size_t)(end - v);
		cand_add(out, v, w);
		v += w + 1;
	}
}

struct operand_find {
	const char *name;
	size_t len;
	struct cands *out;
};

/* Adds the values of the operand entry "NAME a|b|c" named by arg. */
static void add_operand_values(const char *head, size_t len, void *arg)
{
	const struct operand_find *f = arg;
	if (len <= f->len || strncmp(head, f->name, f->len) != 0 || head[f->len] != ' ')
		return;
	const char *v = head + f->len + 1;
	if (memchr(v, '|', (size_t)(head + len - v)) != NULL)
		add_listed(f->out, v, (size_t)(head + len - v));
}

static int all_lower(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || s[i] == '-' || s[i] == '|'))
			return 0;
	return n > 0;
}

static int is(const char *p, size_t n, const char *word)
{
	return n == strlen(word) && strncmp(p, word, n) == 0;
}

/* Candidates for a placeholder of a synopsis or an option's argument. */
static void add_placeholder(struct cands *out, const struct ds_cli *cli, const struct ds_command *c,
			    const char *p, size_t n)
{
	if (memchr(p, '|', n) != NULL || all_lower(p, n)) { /* "a|b", or a literal word */
		add_listed(out, p, n);
	} else if (is(p, n, "COUNTRY")) {
		add_countries(out, cli);
	} else if (is(p, n, "COMMAND")) {
		add_commands(out, cli->commands);
	} else if (is(p, n, "ID")) {
		add_releases(out, cli);
	} else if (is(p, n, "PATH") || is(p, n, "FILE")) {
		printf("@file\n");
	} else if (is(p, n, "DIR")) {
		printf("@dir\n");
	} else if (c != NULL) {
		struct operand_find f = { p, n, out };
		each_head(c->options, add_operand_values, &f);
	}
}

/* The Nth (1-based) operand placeholder of c's synopsis, options skipped. */
static void add_operand(struct cands *out, const struct ds_cli *cli, const struct ds_command *c,
			long nth)
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
		if (++k == nth) {
			add_placeholder(out, cli, c, t, w);
			return;
		}
	}
	if (last != NULL && last_repeats)
		add_placeholder(out, cli, c, last, last_len);
}

int cmd_complete(struct ds_cli *cli)
{
	if (cli->argc < 1)
		return DS_EUSAGE;
	const char *what = cli->argv[0];
	const char *arg = cli->argc > 1 ? cli->argv[1] : NULL;
	const struct ds_command *c = arg ? ds_cli_commands_find(cli->commands, arg) : NULL;
	struct cands out = { NULL, 0, 0, 0 };
	const char *prefix = NULL;
	if (strcmp(what, "commands") == 0) {
		add_commands(&out, cli->commands);
		prefix = arg;
	} else if (strcmp(what, "options") == 0) {
		each_head(ds_cli_global_options, print_option, NULL);
		if (c != NULL)
			each_head(c->options, print_option, NULL);
	} else if (strcmp(what, "operands") == 0) {
		long nth = cli->argc > 2 ? strtol(cli->argv[2], NULL, 10) : 1;
		if (c != NULL && nth > 0)
			add_operand(&out, cli, c, nth);
		prefix = cli->argc > 3 ? cli->argv[3] : NULL;
	} else if (strcmp(what, "values") == 0) {
		if (arg != NULL)
			add_placeholder(&out, cli, NULL, arg, strlen(arg));
		prefix = cli->argc > 2 ? cli->argv[2] : NULL;
	} else if (strcmp(what, "countries") == 0) {
		add_countries(&out, cli);
	} else if (strcmp(what, "releases") == 0) {
		add_releases(&out, cli);
	} else {
		return DS_EUSAGE;
	}
	if (!out.nomem)
		emit(&out, prefix);
	cand_free(&out);
	return out.nomem ? DS_ENOMEM : DS_OK;
}
