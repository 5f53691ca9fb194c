/*
 * cmd_member.c - `defspend member add ISO3 NAME`: add an ally to
 * members.csv without editing the file by hand.
 */
#include <string.h>

#include "cli_update.h"
#include "commands.h"
#include "defspend/lookup.h"
#include "defspend/member.h"

int cmd_member(struct ds_cli *cli)
{
	struct ds_member m;
	memset(&m, 0, sizeof m);
	const char *iso2 = "", *alias = "", *joined = NULL;
	int rc;
	if ((rc = ds_cli_take_value(cli, "--iso2", &iso2)) == DS_EUSAGE ||
	    (rc = ds_cli_take_value(cli, "--alias", &alias)) == DS_EUSAGE ||
	    (rc = ds_cli_take_value(cli, "--joined", &joined)) == DS_EUSAGE)
		return rc;
	int dry = ds_cli_take_flag(cli, "--dry-run");
	if ((rc = ds_cli_no_options(cli)) != DS_OK)
		return rc;
	if (cli->argc < 1 || strcmp(cli->argv[0], "add") != 0)
		return ds_cli_usage(cli, "the only member command is 'add'");
	if (cli->argc != 3)
		return ds_cli_usage(cli, "'member add' needs ISO3 and NAME");
	if (joined != NULL && ds_cli_parse_year(cli, "--joined", joined, &m.joined) != DS_OK)
		return DS_EUSAGE;
	m.iso3 = cli->argv[1];
	m.name = cli->argv[2];
	m.iso2 = (char *)iso2;
	m.aliases = (char *)alias;
	struct ds_errors err;
	ds_errors_init(&err);
	struct ds_session s;
	if ((rc = ds_cli_update_begin(cli, NULL, dry, &s, &err)) == DS_OK) {
		size_t other;
		if (s.lone)
			rc = ds_errors_add(&err, DS_EUSAGE, NULL, 0, 0,
					   "'member add' needs a data directory");
		else if (ds_lookup_member(s.ds, m.iso3, &other) == 0)
			rc = ds_errors_add(&err, DS_EDATA, NULL, 0, 0,
					   "'%s' is already a member (%s)", m.iso3,
					   s.ds->members[other].name);
		else
			rc = ds_member_add(s.dir, &m, dry, &err);
	}
	cli->committed = rc == DS_OK && !dry;
	if (rc == DS_OK)
		printf("%s %s: %s (%s)%s\n", dry ? "would add" : "added", m.iso3, m.name,
		       m.joined ? joined : "joined unknown",
		       dry ? "; dry run: nothing written" : "");
	else if (ds_errors_count(&err) > 0)
		rc = ds_cli_report(&err);
	ds_session_close(&s);
	ds_errors_release(&err);
	return rc;
}
