/*
 * main.c - defspend's entry point: global options, dispatch through the
 * command registry (cli_registry.h), and a checked flush of stdout before
 * exiting.
 *
 * Global options may stand before or after the command name; they are
 * taken out of argv here and the rest is handed to the command in order.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "defspend/datadir.h"
#include "defspend/num.h"

#include "cli.h"
#include "cli_help.h"
#include "cli_progress.h"
#include "cli_registry.h"

/* Takes the value of a global option at argv[*i]; NULL when it is not one. */
/* What global_value() returns for an option given last, with no value. */
static const char no_value[] = "";

static const char *global_value(int argc, char **argv, int *i, const char *name)
{
	const char *a = argv[*i];
	size_t len = strlen(name);
	if (strncmp(a, name, len) != 0)
		return NULL;
	if (a[len] == '=')
		return a + len + 1;
	if (a[len] != '\0')
		return NULL;
	if (*i + 1 >= argc)
		return no_value;
	return argv[++*i];
}

/* Sets the command named on the command line, and the usage line its errors print. */
static void set_command(struct ds_cli *cli, const char *name)
{
	const struct ds_command *c = ds_cli_commands_find(ds_cli_registry, name);
	cli->command = name;
	cli->synopsis = c != NULL ? c->synopsis : NULL;
	cli->options = c != NULL ? c->options : NULL;
}

/* What the global options ask of the output, before the terminal is asked. */
struct globals {
	int version;
	int wide;
	int color;         /* -1 auto, 0 never, 1 always */
	const char *stray; /* the first unknown "-x" before the command name */
};

static const char *const formats[] = { "table", "csv", "tsv", "json", "md" };
static const char *const color_whens[] = { "auto", "always", "never" };

/* Sets *color from "auto", "always" or "never"; -1 when v is none of them. */
static int color_when(const char *v, int *color)
{
	for (int k = 0; k < 3; k++)
		if (strcmp(v, color_whens[k]) == 0) {
			*color = k == 0 ? -1 : k == 1;
			return 0;
		}
	return -1;
}

static int parse_globals(struct ds_cli *cli, int argc, char **argv, struct globals *g)
{
	char msg[128];
	int n = 0;
	int after_dashdash = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v;
		if (after_dashdash) {
			/* "defspend -- list": what follows "--" is no option, but
			 * the first word there is still the command. */
			if (cli->command == NULL)
				set_command(cli, a);
			else
				argv[n++] = argv[i];
			continue;
		}
		if (strcmp(a, "--") == 0) {
			after_dashdash = 1;
			argv[n++] = argv[i];
		} else if ((v = global_value(argc, argv, &i, "--data")) != NULL) {
			if (*v == '\0')
				return ds_cli_usage(cli, "option '--data' needs a path");
			cli->data = v;
		} else if ((v = global_value(argc, argv, &i, "--release")) != NULL) {
			if (*v == '\0')
				return ds_cli_usage(cli, "option '--release' needs an id");
			cli->release = v;
		} else if ((v = global_value(argc, argv, &i, "--year")) != NULL) {
			if (v == no_value)
				return ds_cli_usage(cli, "option '--year' needs a value");
			if (ds_cli_parse_year(cli, "--year", v, &cli->year) != DS_OK)
				return DS_EUSAGE;
		} else if ((v = global_value(argc, argv, &i, "--threshold")) != NULL ||
			   (v = global_value(argc, argv, &i, "-t")) != NULL) {
			if (v == no_value)
				return ds_cli_usage(cli, "option '%s' needs a value", a);
			if (ds_threshold_parse_list(v, cli->thresholds, DS_MAX_THRESHOLDS,
						    &cli->nthresholds, msg, sizeof msg) != 0)
				return ds_cli_usage(cli, "%s", msg);
		} else if ((v = global_value(argc, argv, &i, "--format")) != NULL) {
			if (v == no_value)
				return ds_cli_usage(cli, "option '--format' needs a value");
			cli->format_set = 1;
			if (ds_format_parse(v, &cli->format) != 0)
				return ds_cli_unknown(cli, "format", v, formats, 5,
						      "table, csv, tsv, json or md");
		} else if ((v = global_value(argc, argv, &i, "--columns")) != NULL) {
			if (*v == '\0')
				return ds_cli_usage(cli,
						    "option '--columns' needs a list of columns");
			cli->view->columns = v;
		} else if (strncmp(a, "--color=", 8) == 0) {
			if (color_when(a + 8, &g->color) != 0)
				return ds_cli_unknown(cli, "--color value", a + 8, color_whens, 3,
						      "auto, always or never");
		} else if (strcmp(a, "--color") == 0) {
			/* "--color" alone is "always"; a WHEN after it is its value. */
			g->color = 1;
			if (i + 1 < argc && color_when(argv[i + 1], &g->color) == 0)
				i++;
		} else if (strcmp(a, "--wide") == 0) {
			g->wide = 1;
		} else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
			cli->view->quiet = 1;
		} else if (strcmp(a, "--fill") == 0) {
			cli->fill = 1;
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			cli->help = 1;
		} else if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0) {
			g->version = 1;
		} else if (cli->command == NULL && a[0] != '-') {
			set_command(cli, a);
		} else {
			if (cli->command == NULL && g->stray == NULL && a[1] != '\0')
				g->stray = a;
			argv[n++] = argv[i];
		}
	}
	cli->argv = argv;
	cli->argc = n;
	return DS_OK;
}

static int finish(const struct ds_cli *cli, int rc)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (cli->committed && rc == DS_OK) {
			/* The update is on disk: only its summary is lost. */
			ds_cli_warn("the update was committed, but its summary could not be "
				    "written: standard output: write error");
			return rc;
		}
		if (rc != DS_EIO) /* else the command has said so already */
			ds_cli_warn("standard output: write error");
		return rc ? rc : DS_EIO;
	}
	return rc;
}

/* Where an installed binary finds its data (the Makefile passes PREFIX's). */
#ifdef DS_SHAREDIR
static const char *const sharedir = DS_SHAREDIR;
#else
static const char *const sharedir = NULL;
#endif

/*
 * The width tables are fitted to: none when stdout is not a terminal (a
 * pipe or a file gets every column) or with --wide; else $COLUMNS when it
 * is a number (a user's explicit choice, as in Python's
 * shutil.get_terminal_size), else the terminal's own (TIOCGWINSZ), else 80.
 */
static size_t screen_width(int wide)
{
	if (wide || !isatty(STDOUT_FILENO))
		return 0;
	const char *env = getenv("COLUMNS");
	long n;
	if (env != NULL && ds_num_parse_long(env, strlen(env), 1, 100000, &n) == DS_NUM_OK)
		return (size_t)n;
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

/* --color=auto: a terminal, NO_COLOR unset or empty (no-color.org), and not TERM=dumb. */
static int want_color(int when)
{
	if (when >= 0)
		return when;
	const char *no_color = getenv("NO_COLOR");
	const char *term = getenv("TERM");
	return isatty(STDOUT_FILENO) && (no_color == NULL || *no_color == '\0') &&
	       (term == NULL || strcmp(term, "dumb") != 0);
}

/* "unknown command 'lst'; did you mean 'list'?", or the stray option before it. */
static int unknown_command(struct ds_cli *cli, const char *stray)
{
	if (stray != NULL) {
		/* "--frmat csv list": the option is the mistake, "csv" only looks like a command.
		 */
		char entries[8192], buf[64];
		size_t o = (size_t)snprintf(entries, sizeof entries, "%s", ds_cli_global_options);
		for (const struct ds_command *c = ds_cli_registry; c->name && o < sizeof entries;
		     c++)
			o += (size_t)snprintf(entries + o, sizeof entries - o, "%s",
					      c->options ? c->options : "");
		const char *best = ds_cli_nearest_option(stray, entries, buf, sizeof buf);
		size_t len = strcspn(stray, "=");
		int known = best != NULL && strlen(best) == len && strncmp(best, stray, len) == 0;
		if (!known) {
			cli->synopsis = NULL;
			if (best != NULL)
				return ds_cli_usage(cli, "unknown option '%s'; did you mean '%s'?",
						    stray, best);
			return ds_cli_usage(cli, "unknown option '%s'", stray);
		}
	}
	const char *names[64];
	size_t n = 0;
	for (const struct ds_command *c = ds_cli_registry; c->name && n < 64; c++)
		if (!c->hidden)
			names[n++] = c->name;
	return ds_cli_unknown(cli, "command", cli->command, names, n, NULL);
}

/*
 * The data/ of the checkout this binary runs from, if any, from the real
 * path of the running executable (/proc/self/exe: symbolic links to the
 * binary lead back to its checkout).  Without procfs there is none.
 */
static int checkout_data(char **out, struct ds_errors *err)
{
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	*out = NULL;
	if (n <= 0)
		return DS_OK;
	exe[n] = '\0';
	return ds_datadir_checkout(exe, out, err);
}

/*
 * The data directory a run would use without --data, when there is one:
 * its members.csv gives the country names of a lone CSV (--data my.csv, or
 * 'check my.csv') their codes and aliases (load.h).
 */
static int find_names(struct ds_cli *cli, const char *checkout, struct ds_errors *err)
{
	struct ds_datadir d;
	int rc = ds_datadir_resolve(NULL, checkout, sharedir, &d, err);
	if (rc == DS_OK && d.origin != DS_DATADIR_NONE && ds_datadir_looks_like_data(d.path)) {
		cli->names_dir = d.path;
		d.path = NULL;
	}
	ds_datadir_release(&d);
	return rc;
}

static int run(struct ds_cli *cli, struct ds_cli_view *view, int argc, char **argv)
{
	char msg[128];
	ds_threshold_parse_list("2,3.5,5", cli->thresholds, DS_MAX_THRESHOLDS, &cli->nthresholds,
				msg, sizeof msg);
	cli->format = DS_FORMAT_TABLE;
	cli->commands = ds_cli_registry;
	cli->view = view;
	struct globals g = { 0, 0, -1, NULL };
	int rc = parse_globals(cli, argc, argv, &g);
	if (rc != DS_OK)
		return rc;
	view->width = screen_width(g.wide);
	cli->color = want_color(g.color);
	struct ds_errors err;
	ds_errors_init(&err);
	char *checkout = NULL;
	rc = checkout_data(&checkout, &err);
	if (rc == DS_OK)
		rc = ds_datadir_resolve(cli->data, checkout, sharedir, &cli->datadir, &err);
	if (rc == DS_OK)
		rc = find_names(cli, checkout, &err);
	free(checkout);
	if (rc != DS_OK)
		rc = ds_cli_report(&err);
	ds_errors_release(&err);
	if (rc != DS_OK)
		return rc;
	cli->data = cli->datadir.path;
	if (g.version) {
		printf("%s %s\n", DS_PROG, DS_VERSION);
		return DS_OK;
	}
	if (cli->command == NULL) {
		if (cli->help) {
			ds_cli_help_main(ds_cli_registry, stdout);
			return DS_OK;
		}
		ds_cli_help_main(ds_cli_registry, stderr);
		return DS_EUSAGE;
	}
	const struct ds_command *c = ds_cli_commands_find(ds_cli_registry, cli->command);
	if (c == NULL)
		return unknown_command(cli, g.stray);
	if ((cli->format_set || view->columns != NULL) && !c->table)
		return ds_cli_usage(cli,
				    "option '%s' does not apply to '%s', which prints no table",
				    cli->format_set ? "--format" : "--columns", c->name);
	if (cli->fill && !c->fill)
		return ds_cli_usage(cli,
				    "option '--fill' does not apply to '%s', which answers from no "
				    "single release",
				    c->name);
	if (cli->help) {
		ds_cli_help_command(c, stdout);
		return DS_OK;
	}
	/* A pipe is read once, whole, before the command runs. */
	if ((rc = ds_cli_read_stdin(cli)) != DS_OK)
		return rc;
	ds_cli_progress_begin(cli->view != NULL && cli->view->quiet);
	rc = c->run(cli);
	ds_cli_progress_end();
	if (rc == DS_OK)
		ds_cli_footer(cli);
	return rc;
}

/*
 * A standard stream closed by the caller (`>&-`) would be the number the
 * next open() returns: the lock file, or a data file's temporary copy,
 * would then receive what is printed.  Each closed one is taken by
 * /dev/null opened for reading only, so that nothing lands in a file and
 * a write to stdout still fails as on a closed stream (a write error).
 */
static void hold_std_streams(void)
{
	/* In order: each open() takes the lowest free number, the one closed. */
	for (int fd = 0; fd <= 2; fd++)
		if (fcntl(fd, F_GETFD) == -1 && errno == EBADF)
			(void)open("/dev/null", O_RDONLY);
}

int main(int argc, char **argv)
{
	hold_std_streams();
	struct ds_cli cli;
	struct ds_cli_view view;
	memset(&cli, 0, sizeof cli);
	memset(&view, 0, sizeof view);
	int rc = run(&cli, &view, argc, argv);
	ds_cli_unlock_data();
	ds_datadir_release(&cli.datadir);
	free(cli.stdin_data);
	free(cli.names_dir);
	return finish(&cli, rc);
}
