/*
 * main.c - defspend's entry point: global options, dispatch through the
 * command registry (cli_registry.h), and a checked flush of stdout before
 * exiting.
 *
 * Global options may stand before or after the command name; they are
 * taken out of argv here and the rest is handed to the command in order.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "defspend/datadir.h"

#include "cli.h"
#include "cli_help.h"
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
}

static int parse_globals(struct ds_cli *cli, int argc, char **argv, int *version)
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
				return ds_cli_usage(
					cli, "unknown format '%s' (table, csv, tsv, json or md)",
					v);
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			cli->help = 1;
		} else if (strcmp(a, "--version") == 0) {
			*version = 1;
		} else if (cli->command == NULL && a[0] != '-') {
			set_command(cli, a);
		} else {
			argv[n++] = argv[i];
		}
	}
	cli->argv = argv;
	cli->argc = n;
	return DS_OK;
}

static int finish(int rc)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
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

static int run(struct ds_cli *cli, int argc, char **argv)
{
	char msg[128];
	ds_threshold_parse_list("2,3.5,5", cli->thresholds, DS_MAX_THRESHOLDS, &cli->nthresholds,
				msg, sizeof msg);
	cli->format = DS_FORMAT_TABLE;
	cli->commands = ds_cli_registry;
	int version = 0;
	int rc = parse_globals(cli, argc, argv, &version);
	if (rc != DS_OK)
		return rc;
	struct ds_errors err;
	ds_errors_init(&err);
	rc = ds_datadir_resolve(cli->data, sharedir, &cli->datadir, &err);
	if (rc != DS_OK)
		rc = ds_cli_report(&err);
	ds_errors_release(&err);
	if (rc != DS_OK)
		return rc;
	cli->data = cli->datadir.path;
	const char *no_color = getenv("NO_COLOR");
	cli->color = isatty(STDOUT_FILENO) && (no_color == NULL || *no_color == '\0');
	if (version) {
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
		return ds_cli_usage(cli, "unknown command '%s'", cli->command);
	if (cli->format_set && !c->table)
		return ds_cli_usage(
			cli, "option '--format' does not apply to '%s', which prints no table",
			c->name);
	if (cli->help) {
		ds_cli_help_command(c, stdout);
		return DS_OK;
	}
	return c->run(cli);
}

int main(int argc, char **argv)
{
	struct ds_cli cli;
	memset(&cli, 0, sizeof cli);
	int rc = run(&cli, argc, argv);
	ds_datadir_release(&cli.datadir);
	return finish(rc);
}
