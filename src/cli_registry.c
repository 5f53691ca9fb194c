/*
 * cli_registry.c - the command registry: one entry per command, in
 * alphabetical order (see cli_commands.h for what an entry holds).
 *
 * Each entry's options string is what `help COMMAND`, the man page test
 * (tests/test_help_e2e.c) and bash completion know of the command: keep it
 * in step with what the command accepts.
 *
 * Adding a command: write src/cmd_NAME.c with `int cmd_NAME(struct ds_cli
 * *cli)` (parse cli->argv, call the library, print, return the exit
 * status), declare it in commands.h, add its entry here in alphabetical
 * order, and give it a .TP entry in doc/defspend.1's COMMANDS section: the
 * help test fails until the page and the table agree.
 */
#include "cli_registry.h"
#include "commands.h"

const struct ds_command ds_cli_registry[] = {
	{ .name = "aid",
	  .run = cmd_aid,
	  .synopsis =
		  "aid [--sort total|military|financial|humanitarian|pct_gdp|committed] [--all-donors] [--total]",
	  .summary = "Ukraine aid by donor (Kiel Institute): shares, % of donor GDP, commitments",
	  .options =
		  "--sort total|military|financial|humanitarian|pct_gdp|committed\torder of the rows (default total)\n"
		  "--all-donors\tevery donor of the file (EU institutions, Japan, ...), not only allies\n"
		  "--total\tend with a row of sums over the rows shown (always in table and md)\n",
	  .table = 1 },
	{ .name = "check",
	  .run = cmd_check,
	  .synopsis = "check [PATH]",
	  .summary = "validate the data and report every problem, or summarise each file",
	  .options = "PATH\ta data directory or one spending CSV (default: the data in use)\n" },
	{ .name = "compare",
	  .run = cmd_compare,
	  .synopsis = "compare [--from YEAR] [--to YEAR]",
	  .summary = "how many members meet each threshold, year by year",
	  .options = "--from YEAR\tthe first year shown\n"
		     "--to YEAR\tthe last year shown\n",
	  .table = 1,
	  .fill = 1 },
	{ .name = "complete",
	  .run = cmd_complete,
	  .synopsis = "complete commands|options|operands|countries [ARGS]",
	  .summary = "candidates for bash completion",
	  .hidden = 1 },
	{ .name = "explain",
	  .run = cmd_explain,
	  .synopsis = "explain COUNTRY YEAR",
	  .summary =
		  "where one member-year's figure comes from, and how each derived number is made "
		  "(alias: why)",
	  .options = "COUNTRY\tthe member (code, name or alias)\n"
		     "YEAR\tthe year\n",
	  .table = 1,
	  .fill = 1 },
	{ .name = "help",
	  .run = cmd_help,
	  .synopsis = "help [COMMAND]",
	  .summary = "show the commands, or one command's usage",
	  .options = "COMMAND\tthe command to describe\n" },
	{ .name = "import",
	  .run = cmd_import,
	  .synopsis =
		  "import FILE [--release ID [--current] [--title T] [--published DATE] [--cutoff DATE] [--basis B]] [--source TEXT] [--skip-unknown] [--dry-run]",
	  .summary = "merge a release (long CSV or NATO's wide table) into the data",
	  .options =
		  "FILE\tthe release: the dataset's long CSV or NATO's wide table\n"
		  "--release ID\tthe release to merge into; a new ID adds a file under releases/ (global option)\n"
		  "--current\tthen make release ID the current one\n"
		  "--title T\tthe new release's title in releases.csv\n"
		  "--published DATE\tits publication date (default: ID when it is YYYY-MM)\n"
		  "--cutoff DATE\tits data cut-off date\n"
		  "--basis B\tits basis (NATO definition or core defence)\n"
		  "--source TEXT\twhere the figures were read (needed for a wide table)\n"
		  "--skip-unknown\tlist names that match no member instead of stopping\n"
		  "--dry-run\tprint the summary and write nothing\n" },
	{ .name = "list",
	  .run = cmd_list,
	  .synopsis = "list [--sort pct|name|gap|gap_usd|per_capita|usd|real_change] [--total]",
	  .summary =
		  "every member in one year against each threshold: rank, gaps in points and dollars",
	  .options = "--sort pct|name|gap|gap_usd|per_capita|usd|real_change\torder of the rows "
		     "(default pct)\n"
		     "--total\tadd a row of the summed dollar gaps (csv, tsv, json)\n",
	  .table = 1,
	  .fill = 1 },
	{ .name = "member",
	  .run = cmd_member,
	  .synopsis = "member add ISO3 NAME [--iso2 XX] [--alias A;B] [--joined YEAR] [--dry-run]",
	  .summary = "add an ally to members.csv",
	  .options = "ISO3\tthe ISO 3166 alpha-3 code\n"
		     "NAME\tthe common English short name\n"
		     "--iso2 XX\tthe ISO 3166 alpha-2 code\n"
		     "--alias A;B\tother names, separated by ';'\n"
		     "--joined YEAR\tthe year of accession\n"
		     "--dry-run\tcheck the new row and write nothing\n" },
	{ .name = "plot",
	  .run = cmd_plot,
	  .synopsis =
		  "plot CHART [COUNTRY...] [--by total|pct_gdp] [--out DIR] [--render png,svg|none] [--top N]",
	  .summary = "write a chart's gnuplot script and data, and render it to PNG and SVG",
	  .options =
		  "CHART ranking|trend|count|gap|per-capita|real|burden|aid|aid-pct-gdp|path|revisions\tthe chart to draw\n"
		  "COUNTRY\tmembers of the trend and real charts (default: a fixed set of large "
		  "allies; for real, the seven largest spenders)\n"
		  "--by total|pct_gdp\tthe aid chart by total (default) or by Kiel's % of donor GDP "
		  "(aid-pct-gdp)\n"
		  "--out DIR\twhere to write (default plots)\n"
		  "--render png,svg|png|svg|none\timages to draw with gnuplot (default png,svg)\n"
		  "--top N\tbar charts of a long list show the top and bottom N rows (default 40, "
		  "at most 80)\n",
	  .fill = 1 },
	{ .name = "promote",
	  .run = cmd_promote,
	  .synopsis = "promote ID [--dry-run]",
	  .summary =
		  "make release ID the current one (spending.csv); the old one moves to releases/",
	  .options = "ID\ta release of releases.csv\n"
		     "--dry-run\tcheck and print what would move, and write nothing\n" },
	{ .name = "releases",
	  .run = cmd_releases,
	  .synopsis = "releases",
	  .summary = "list the NATO releases in the data: dates, basis, precision, coverage",
	  .table = 1 },
	{ .name = "report",
	  .run = cmd_report,
	  .synopsis = "report [--out DIR] [--render png,svg|none] [--top N]",
	  .summary = "write every table (Markdown, CSV) and chart, with index.md and index.html",
	  .options =
		  "--out DIR\twhere to write (default plots)\n"
		  "--render png,svg|png|svg|none\timages to draw with gnuplot (default png,svg)\n"
		  "--top N\tbar charts of a long list show the top and bottom N rows (default 40, "
		  "at most 80)\n",
	  .fill = 1 },
	{ .name = "revisions",
	  .run = cmd_revisions,
	  .synopsis = "revisions [COUNTRY...] [--year YEAR] [--from ID] [--to ID]",
	  .summary = "show how figures and threshold counts changed between releases",
	  .options = "--year YEAR\tonly that year\n"
		     "--from ID\tthe older release (default: the oldest)\n"
		     "--to ID\tthe newer release (default: the current one)\n",
	  .table = 1 },
	{ .name = "set",
	  .run = cmd_set,
	  .synopsis =
		  "set COUNTRY YEAR FIELD=VALUE... [--source TEXT] [--estimate|--final] [--dry-run]",
	  .summary = "change or add one member's figures for one year",
	  .options = "FIELD=VALUE\tthe new value of any column of spending.csv\n"
		     "--source TEXT\tthe row's source\n"
		     "--estimate\tmark the figure as NATO's estimate\n"
		     "--final\tmark the figure as final\n"
		     "--dry-run\tprint the changes and write nothing\n" },
	{ .name = "show",
	  .run = cmd_show,
	  .synopsis = "show [--since YEAR] [--by YEAR] COUNTRY...",
	  .summary = "one member year by year, with its rank, path to each target and aid",
	  .options = "--since YEAR\tthe base year of the change (default 2014)\n"
		     "--by YEAR\tthe target year of the path (default 2035)\n",
	  .table = 1,
	  .fill = 1 },
	{ .name = "spending",
	  .run = cmd_spending,
	  .synopsis = "spending [COUNTRY...] [--from YEAR] [--to YEAR] [--alliance]",
	  .summary =
		  "spending in US dollars, national currency, per person, real terms, share of government spending",
	  .options = "COUNTRY\tthe members shown (default: every member)\n"
		     "--from YEAR\tthe first year shown (default: --year, else the latest)\n"
		     "--to YEAR\tthe last year shown\n"
		     "--alliance\tthe alliance's dollar totals per year instead\n",
	  .table = 1,
	  .fill = 1 },
	{ .name = "trend",
	  .run = cmd_trend,
	  .synopsis = "trend [--from YEAR] [--to YEAR] [--by YEAR] [COUNTRY...]",
	  .summary = "change over a span, average yearly change and projection to the target year",
	  .options = "--from YEAR\tthe first year of the span\n"
		     "--to YEAR\tthe last year of the span\n"
		     "--by YEAR\tthe target year of the projection (default 2035)\n",
	  .table = 1,
	  .fill = 1 },
	{ .name = "why",
	  .run = cmd_explain,
	  .synopsis = "why COUNTRY YEAR",
	  .summary = "the same as explain",
	  .options = "COUNTRY\tthe member (code, name or alias)\n"
		     "YEAR\tthe year\n",
	  .table = 1,
	  .fill = 1,
	  .hidden = 1 },
	{ .name = NULL },
};
