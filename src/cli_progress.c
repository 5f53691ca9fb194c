/*
 * cli_progress.c - progress of long work on stderr (see cli_progress.h).
 *
 * The line is drawn with a carriage return and wiped with spaces, no
 * escape sequences, so that it works on any terminal, TERM=dumb included.
 */
#include <stdio.h>
#include <unistd.h>

#include "cli_progress.h"

static int on;       /* progress is shown in this run */
static size_t shown; /* width of the line on the screen, 0 when none */

void ds_cli_progress_begin(int quiet)
{
	on = isatty(STDERR_FILENO) && !quiet;
}

static void wipe(void)
{
	fprintf(stderr, "\r%*s\r", (int)shown, "");
}

void ds_cli_progress(void *arg, const char *stage, size_t done, size_t total)
{
	(void)arg;
	if (!on)
		return;
	char line[128];
	int n = total > 0 ? snprintf(line, sizeof line, "%s %zu/%zu", stage, done, total)
			  : snprintf(line, sizeof line, "%s", stage);
	if (n < 0)
		return;
	size_t len = (size_t)n < sizeof line ? (size_t)n : sizeof line - 1;
	if (len < shown)
		wipe();
	fprintf(stderr, "\r%s", line);
	fflush(stderr);
	shown = len;
}

void ds_cli_progress_end(void)
{
	if (shown == 0)
		return;
	wipe();
	fflush(stderr);
	shown = 0;
}
