/*
 * cli.c - helpers of the front end (see cli.h).
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "defspend/basis.h"
#include "defspend/load.h"
#include "defspend/lookup.h"

void ds_cli_warn(const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s: ", DS_PROG);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int ds_cli_nomem(void)
{
	ds_cli_warn("%s", ds_status_text(DS_ENOMEM));
	return DS_ENOMEM;
}

void ds_cli_print_usage(const char *synopsis, FILE *out)
{
	fprintf(out, "usage: %s %s\n", DS_PROG, synopsis);
}

int ds_cli_usage(const struct ds_cli *cli, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s: ", DS_PROG);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (cli->synopsis != NULL)
		ds_cli_print_usage(cli->synopsis, stderr);
	else
		fprintf(stderr, "usage: %s [--data PATH] COMMAND [ARGS]  (see '%s help')\n",
			DS_PROG, DS_PROG);
	return DS_EUSAGE;
}

int ds_cli_report(struct ds_errors *err)
{
	ds_errors_print(err, DS_PROG, stderr);
	return ds_errors_status(err) ? ds_errors_status(err) : DS_ESOFTWARE;
}

int ds_cli_load(const struct ds_cli *cli, int all_releases, struct ds_dataset **out)
{
	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_load_opts opts = { .release = cli->release, .all_releases = all_releases };
	int rc = ds_dataset_load(cli->data, &opts, out, &err);
	if (rc != DS_OK)
		rc = ds_cli_report(&err);
	ds_errors_release(&err);
	if (rc == DS_OK && cli->release != NULL) {
		/* The targets are defined on NATO's definition of defence
		 * expenditure; a release on another basis still gets compared,
		 * but never silently. */
		const char *basis = ds_basis_of(*out, cli->release);
		if (!ds_basis_is_nato(basis))
			ds_cli_warn(
				"release '%s' measures %s, not defence expenditure as NATO defines it: "
				"its figures are compared with the targets all the same",
				cli->release, basis);
	}
	return rc;
}

static void drop_args(struct ds_cli *cli, int at, int count)
{
	for (int i = at; i + count <= cli->argc; i++)
		cli->argv[i] = cli->argv[i + count];
	cli->argc -= count;
}

int ds_cli_take_value(struct ds_cli *cli, const char *name, const char **value)
{
	size_t len = strlen(name);
	int found = 0;
	for (int i = 0; i < cli->argc; i++) {
		const char *a = cli->argv[i];
		if (strcmp(a, "--") == 0)
			break;
		if (strcmp(a, name) == 0) {
			if (i + 1 >= cli->argc)
				return ds_cli_usage(cli, "option '%s' needs a value", name);
			*value = cli->argv[i + 1];
			drop_args(cli, i, 2);
			found = 1;
			i--;
		} else if (strncmp(a, name, len) == 0 && a[len] == '=') {
			*value = a + len + 1;
			drop_args(cli, i, 1);
			found = 1;
			i--;
		}
	}
	return found;
}

int ds_cli_take_flag(struct ds_cli *cli, const char *name)
{
	int found = 0;
	for (int i = 0; i < cli->argc; i++) {
		if (strcmp(cli->argv[i], "--") == 0)
			break;
		if (strcmp(cli->argv[i], name) == 0) {
			drop_args(cli, i, 1);
			found = 1;
			i--;
		}
	}
	return found;
}

int ds_cli_parse_year(const struct ds_cli *cli, const char *opt, const char *text, int *year)
{
	long y;
	if (ds_num_parse_long(text, strlen(text), DS_YEAR_MIN, DS_YEAR_MAX, &y) != DS_NUM_OK)
		return ds_cli_usage(cli, "%s '%s' is not a year from %d to %d", opt, text,
				    DS_YEAR_MIN, DS_YEAR_MAX);
	*year = (int)y;
	return DS_OK;
}

int ds_cli_no_options(const struct ds_cli *cli)
{
	for (int i = 0; i < cli->argc; i++) {
		const char *a = cli->argv[i];
		if (strcmp(a, "--") == 0)
			break;
		if (a[0] == '-' && a[1] != '\0')
			return ds_cli_usage(cli, "unknown option '%s'", a);
	}
	return DS_OK;
}

int ds_cli_member(const struct ds_dataset *ds, const char *name, size_t *m)
{
	if (ds_lookup_member(ds, name, m) == 0)
		return DS_OK;
	size_t sug[3];
	size_t n = ds_lookup_suggest(ds, name, sug, 3);
	fprintf(stderr, "%s: unknown country '%s'", DS_PROG, name);
	for (size_t i = 0; i < n; i++)
		fprintf(stderr, "%s'%s'",
			i == 0       ? "; did you mean "
			: i + 1 == n ? " or "
				     : ", ",
			ds->members[sug[i]].name);
	fputs(n > 0 ? "?\n" : "\n", stderr);
	return DS_EUSAGE;
}

int ds_cli_members(const struct ds_cli *cli, const struct ds_dataset *ds, size_t **members)
{
	*members = NULL;
	if (cli->argc == 0)
		return DS_OK;
	size_t *v = calloc((size_t)cli->argc, sizeof *v);
	if (v == NULL)
		return ds_cli_nomem();
	for (int i = 0; i < cli->argc; i++) {
		int rc = ds_cli_member(ds, cli->argv[i], &v[i]);
		if (rc != DS_OK) {
			free(v);
			return rc;
		}
	}
	*members = v;
	return DS_OK;
}

int ds_cli_write_table(const struct ds_cli *cli, const struct ds_table *t)
{
	struct ds_table_style style = { .color = cli->color };
	if (ds_table_write(t, cli->format, &style, stdout) != 0) {
		ds_cli_warn("standard output: write error");
		return DS_EIO;
	}
	return DS_OK;
}
