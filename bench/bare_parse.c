/*
 * bare_parse.c - the benchmark's baseline: libcsv over a file with no-op
 * callbacks, in the same strict mode and with the same 64 KiB reads as
 * defspend's reader, so that `defspend check` can be compared with the
 * least any libcsv-based loader must do.  Prints the number of records.
 *
 *   cc -O2 -o bare_parse bench/bare_parse.c -lcsv
 */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <csv.h>

static void on_field(void *s, size_t n, void *data)
{
	(void)s;
	(void)n;
	(void)data;
}

static void on_record(int c, void *data)
{
	(void)c;
	++*(size_t *)data;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: bare_parse FILE\n");
		return 64;
	}
	int fd = open(argv[1], O_RDONLY);
	if (fd < 0) {
		perror(argv[1]);
		return 66;
	}
	struct csv_parser p;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0)
		return 71;
	static char buf[65536];
	size_t records = 0;
	ssize_t n;
	while ((n = read(fd, buf, sizeof buf)) > 0) {
		if (csv_parse(&p, buf, (size_t)n, on_field, on_record, &records) != (size_t)n) {
			fprintf(stderr, "bare_parse: %s\n", csv_strerror(csv_error(&p)));
			return 65;
		}
	}
	if (n < 0 || csv_fini(&p, on_field, on_record, &records) != 0) {
		fprintf(stderr, "bare_parse: read or parse error\n");
		return 65;
	}
	csv_free(&p);
	close(fd);
	printf("%zu\n", records);
	return 0;
}
