/*
 * main.c - defspend's entry point: global options, the command table,
 * dispatch, and a checked flush of stdout before exiting.
 *
 * Global options may stand before or after the command name; they are
 * taken out of argv here and the rest is handed to the command in order.
 * Commands are looked up by their exact name, never by prefix, so that a
 * new command cannot turn a working script into an ambiguous one.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"

const struct ds_command ds_commands[] = {
	{ "aid", cmd_aid, "aid [--sort total|military|financial|humanitarian]",
	  "Ukraine aid by donor (Kiel Institute), with each donor's share" },
	{ "check", cmd_check, "check [PATH]",
	  "validate the data and report every problem, or summarise each file" },
	{ "compare", cmd_compare, "compare [--from YEAR] [--to YEAR]",
	  "how many members meet each threshold, year by year" },
	{ "help", cmd_help, "help [COMMAND]", "show the commands, or one command's usage" },
	{ "list", cmd_list, "list [--sort pct|name|gap]",
	  "every member in one year against each threshold: rank, gaps in points and dollars" },
	{ "show", cmd_show, "show [--since YEAR] [--by YEAR] COUNTRY...",
	  "one member year by year, with its rank, path to each target and aid" },
	{ "trend", cmd_trend, "trend [--from YEAR] [--to YEAR] [--by YEAR] [COUNTRY...]",
	  "change over a span, average yearly change and projection to the target year" },
	{ NULL, NULL, NULL, NULL },
};

const struct ds_command *ds_cli_find(const char *name)
{
	for (const struct ds_command *c = ds_commands; c->name != NULL; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

static void print_main_usage(FILE *out)
{
	fprintf(out, "usage: %s [--data PATH] [--release ID] [--year YEAR] [--threshold LIST]\n"
		     "                [--format table|csv|tsv|json|md] COMMAND [ARGS]\n"
		     "       %s --help | --version\n\ncommands:\n",
		DS_PROG, DS_PROG);
	for (const struct ds_command *c = ds_commands; c->name != NULL; c++)
		fprintf(out, "  %-10s %s\n", c->name, c->summary);
	fprintf(out, "\nRun '%s help COMMAND' for a command's usage.\n", DS_PROG);
}

int cmd_help(struct ds_cli *cli)
{
	if (cli->argc == 0) {
		print_main_usage(stdout);
		return DS_OK;
	}
	const struct ds_command *c = ds_cli_find(cli->argv[0]);
	if (c == NULL)
		return ds_cli_usage(cli, "unknown command '%s'", cli->argv[0]);
	ds_cli_print_usage(c, stdout);
	printf("%s\n", c->summary);
	return DS_OK;
}

static const char *default_data(void)
{
	const char *env = getenv("DEFSPEND_DATA");
	if (env != NULL && *env != '\0')
		return env;
	if (access("data", F_OK) == 0)
		return "data";
#ifdef DS_SHAREDIR
	return DS_SHAREDIR;
#else
	return "data";
#endif
}

/* Takes the value of a global option at argv[*i]; NULL when it is not one. */
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
		return "";
	return argv[++*i];
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
			if (ds_cli_parse_year(cli, "--year", v, &cli->year) != DS_OK)
				return DS_EUSAGE;
		} else if ((v = global_value(argc, argv, &i, "--threshold")) != NULL ||
			   (v = global_value(argc, argv, &i, "-t")) != NULL) {
			if (ds_threshold_parse_list(v, cli->thresholds, DS_MAX_THRESHOLDS,
						    &cli->nthresholds, msg, sizeof msg) != 0)
				return ds_cli_usage(cli, "%s", msg);
		} else if ((v = global_value(argc, argv, &i, "--format")) != NULL) {
			if (ds_format_parse(v, &cli->format) != 0)
				return ds_cli_usage(cli, "unknown format '%s' (table, csv, tsv, json or md)", v);
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			cli->help = 1;
		} else if (strcmp(a, "--version") == 0) {
			*version = 1;
		} else if (cli->command == NULL && a[0] != '-') {
			cli->command = a;
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
		ds_cli_warn("standard output: write error");
		return rc ? rc : DS_EIO;
	}
	return rc;
}

int main(int argc, char **argv)
{
	struct ds_cli cli;
	memset(&cli, 0, sizeof cli);
	char msg[128];
	ds_threshold_parse_list("2,3.5,5", cli.thresholds, DS_MAX_THRESHOLDS, &cli.nthresholds, msg,
				sizeof msg);
	cli.format = DS_FORMAT_TABLE;
	int version = 0;
	int rc = parse_globals(&cli, argc, argv, &version);
	if (rc != DS_OK)
		return finish(rc);
	if (cli.data == NULL)
		cli.data = default_data();
	const char *no_color = getenv("NO_COLOR");
	cli.color = isatty(STDOUT_FILENO) && (no_color == NULL || *no_color == '\0');
	if (version) {
		printf("%s %s\n", DS_PROG, DS_VERSION);
		return finish(DS_OK);
	}
	if (cli.command == NULL) {
		if (cli.help) {
			print_main_usage(stdout);
			return finish(DS_OK);
		}
		print_main_usage(stderr);
		return finish(DS_EUSAGE);
	}
	const struct ds_command *c = ds_cli_find(cli.command);
	if (c == NULL) {
		rc = ds_cli_usage(&cli, "unknown command '%s'", cli.command);
		return finish(rc);
	}
	if (cli.help) {
		char *args[1] = { (char *)c->name };
		struct ds_cli h = cli;
		h.argc = 1;
		h.argv = args;
		return finish(cmd_help(&h));
	}
	return finish(c->run(&cli));
}
