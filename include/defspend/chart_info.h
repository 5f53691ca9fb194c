/*
 * chart_info.h - what a chart tells a reader in words, beside its image.
 *
 * A header of its own for the same reason as chart_opts.h: the chart
 * definitions fill it through their kit (chartkit), and the kit must not
 * depend on the registry (chart.h) that calls the definitions.
 */
#ifndef DEFSPEND_CHART_INFO_H
#define DEFSPEND_CHART_INFO_H

/*
 * What a reader needs around a chart's image, in words: its title, what it
 * shows (one sentence), its source line, alt text that states the main
 * finding, and notes (e.g. why a member's line stops).  Plain UTF-8 text,
 * possibly with names from the data: a caller writing HTML escapes it.
 * Each field is empty when the chart did not set it.
 */
struct ds_chart_info {
	const char *skip; /* as ds_chart_write()'s *skip */
	char title[320];
	char what[200];
	char source[800];
	char alt[640];
	char notes[640];
};

#endif
