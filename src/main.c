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

#include "defspend/datadir.h"

#include "cli.h"
#include "commands.h"

/*
 * The command table, alphabetical.  Each entry's options string is what
 * `help COMMAND`, the man page test and bash completion know of the
 * command: keep it in step with what the command accepts.
 */
const struct ds_command ds_commands[] = {
	{ "aid", cmd_aid, "aid [--sort total|military|financial|humanitarian]",
	  "Ukraine aid by donor (Kiel Institute), with each donor's share",
	  "--sort total|military|financial|humanitarian\torder of the rows (default total)\n", 0 },
	{ "check", cmd_check, "check [PATH]",
	  "validate the data and report every problem, or summarise each file",
	  "PATH\ta data directory or one spending CSV (default: the data in use)\n", 0 },
	{ "compare", cmd_compare, "compare [--from YEAR] [--to YEAR]",
	  "how many members meet each threshold, year by year",
	  "--from YEAR\tthe first year shown\n"
	  "--to YEAR\tthe last year shown\n",
	  0 },
	{ "complete", cmd_complete, "complete commands|options|operands|countries [ARGS]",
	  "candidates for bash completion", NULL, 1 },
	{ "help", cmd_help, "help [COMMAND]", "show the commands, or one command's usage",
	  "COMMAND\tthe command to describe\n", 0 },
	{ "import", cmd_import,
	  "import FILE [--release ID [--current] [--title T] [--published DATE] [--cutoff DATE] [--basis B]] "
	  "[--source TEXT] [--skip-unknown] [--dry-run]",
	  "merge a release (long CSV or NATO's wide table) into the data",
	  "FILE\tthe release: the dataset's long CSV or NATO's wide table\n"
	  "--release ID\tthe release to merge into; a new ID adds a file under releases/ (global option)\n"
	  "--current\tthen make release ID the current one\n"
	  "--title T\tthe new release's title in releases.csv\n"
	  "--published DATE\tits publication date (default: ID when it is YYYY-MM)\n"
	  "--cutoff DATE\tits data cut-off date\n"
	  "--basis B\tits basis (NATO definition or core defence)\n"
	  "--source TEXT\twhere the figures were read (needed for a wide table)\n"
	  "--skip-unknown\tlist names that match no member instead of stopping\n"
	  "--dry-run\tprint the summary and write nothing\n",
	  0 },
	{ "list", cmd_list, "list [--sort pct|name|gap]",
	  "every member in one year against each threshold: rank, gaps in points and dollars",
	  "--sort pct|name|gap\torder of the rows (default pct)\n", 0 },
	{ "member", cmd_member,
	  "member add ISO3 NAME [--iso2 XX] [--alias A;B] [--joined YEAR] [--dry-run]",
	  "add an ally to members.csv",
	  "ISO3\tthe ISO 3166 alpha-3 code\n"
	  "NAME\tthe common English short name\n"
	  "--iso2 XX\tthe ISO 3166 alpha-2 code\n"
	  "--alias A;B\tother names, separated by ';'\n"
	  "--joined YEAR\tthe year of accession\n"
	  "--dry-run\tcheck the new row and write nothing\n",
	  0 },
	{ "plot", cmd_plot, "plot CHART [COUNTRY...] [--out DIR] [--render png,svg|none]",
	  "write a chart's gnuplot script and data, and render it to PNG and SVG",
	  "CHART ranking|trend|count|gap|aid|path|revisions\tthe chart to draw\n"
	  "COUNTRY\tmembers of the trend chart (default: a fixed set of large allies)\n"
	  "--out DIR\twhere to write (default plots)\n"
	  "--render png,svg|png|svg|none\timages to draw with gnuplot (default png,svg)\n",
	  0 },
	{ "promote", cmd_promote, "promote ID [--dry-run]",
	  "make release ID the current one (spending.csv); the old one moves to releases/",
	  "ID\ta release of releases.csv\n"
	  "--dry-run\tcheck and print what would move, and write nothing\n",
	  0 },
	{ "releases", cmd_releases, "releases",
	  "list the NATO releases in the data: dates, basis, precision, coverage", NULL, 0 },
	{ "report", cmd_report, "report [--out DIR] [--render png,svg|none]",
	  "write every table (Markdown, CSV) and chart, with index.md and index.html",
	  "--out DIR\twhere to write (default plots)\n"
	  "--render png,svg|png|svg|none\timages to draw with gnuplot (default png,svg)\n",
	  0 },
	{ "revisions", cmd_revisions, "revisions [COUNTRY...] [--year YEAR] [--from ID] [--to ID]",
	  "show how figures and threshold counts changed between releases",
	  "--year YEAR\tonly that year\n"
	  "--from ID\tthe older release (default: the oldest)\n"
	  "--to ID\tthe newer release (default: the current one)\n",
	  0 },
	{ "set", cmd_set,
	  "set COUNTRY YEAR FIELD=VALUE... [--source TEXT] [--estimate|--final] [--dry-run]",
	  "change or add one member's figures for one year",
	  "FIELD=VALUE\tthe new value of any column of spending.csv\n"
	  "--source TEXT\tthe row's source\n"
	  "--estimate\tmark the figure as NATO's estimate\n"
	  "--final\tmark the figure as final\n"
	  "--dry-run\tprint the changes and write nothing\n",
	  0 },
	{ "show", cmd_show, "show [--since YEAR] [--by YEAR] COUNTRY...",
	  "one member year by year, with its rank, path to each target and aid",
	  "--since YEAR\tthe base year of the change (default 2014)\n"
	  "--by YEAR\tthe target year of the path (default 2035)\n",
	  0 },
	{ "trend", cmd_trend, "trend [--from YEAR] [--to YEAR] [--by YEAR] [COUNTRY...]",
	  "change over a span, average yearly change and projection to the target year",
	  "--from YEAR\tthe first year of the span\n"
	  "--to YEAR\tthe last year of the span\n"
	  "--by YEAR\tthe target year of the projection (default 2035)\n",
	  0 },
	{ NULL, NULL, NULL, NULL, NULL, 0 },
};

const char ds_global_options[] =
	"--data PATH\tthe data directory, or one spending CSV on its own\n"
	"--release ID\tanswer from that release alone (see 'releases')\n"
	"--year YEAR\tthe year of the query (default: the latest year with figures)\n"
	"-t, --threshold LIST\tthe thresholds in % of GDP (default 2,3.5,5)\n"
	"--format table|csv|tsv|json|md\tthe output format (default table)\n"
	"-h, --help\tshow the usage (after a command: that command's)\n"
	"--version\tprint the name and version\n";

const struct ds_command *ds_cli_find(const char *name)
{
	for (const struct ds_command *c = ds_commands; c->name != NULL; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

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

/* The commands whose output is a table, the only ones --format applies to. */
static int takes_format(const char *command)
{
	static const char *const names[] = { "aid",       "compare", "list",  "releases",
					     "revisions", "show",    "trend", NULL };
	for (size_t i = 0; names[i] != NULL; i++)
		if (strcmp(names[i], command) == 0)
			return 1;
	return 0;
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
				cli->command = a;
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
			ds_cli_print_main_usage(stdout);
			return DS_OK;
		}
		ds_cli_print_main_usage(stderr);
		return DS_EUSAGE;
	}
	const struct ds_command *c = ds_cli_find(cli->command);
	if (c == NULL)
		return ds_cli_usage(cli, "unknown command '%s'", cli->command);
	if (cli->format_set && !takes_format(c->name))
		return ds_cli_usage(
			cli, "option '--format' does not apply to '%s', which prints no table",
			c->name);
	if (cli->help) {
		char *args[1] = { (char *)c->name };
		struct ds_cli h = *cli;
		h.argc = 1;
		h.argv = args;
		return cmd_help(&h);
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
