/*
 * bare_parse.c - the floor for loading: libcsv alone, as strict as the
 * loader (CSV_STRICT | CSV_STRICT_FINI, no space trimming), reading the file
 * in 64 KiB buffers and counting fields and records, nothing else.  The
 * loader can never be faster than this; bench/run compares `defspend check`
 * against it.
 *   usage: bare_parse FILE
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <csv.h>

struct counts {
	size_t fields, records, bytes;
};

static void on_field(void *s, size_t len, void *data)
{
	struct counts *c = data;
	(void)s;
	c->fields++;
	c->bytes += len;
}

static void on_record(int term, void *data)
{
	struct counts *c = data;
	(void)term;
	c->records++;
}

static int no_space(unsigned char ch)
{
	(void)ch;
	return 0;
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
	csv_set_space_func(&p, no_space);
	static char buf[65536];
	struct counts c = { 0, 0, 0 };
	ssize_t n;
	while ((n = read(fd, buf, sizeof buf)) > 0) {
		if (csv_parse(&p, buf, (size_t)n, on_field, on_record, &c) != (size_t)n) {
			fprintf(stderr, "bare_parse: %s: %s\n", argv[1], csv_strerror(csv_error(&p)));
			return 65;
		}
	}
	if (n < 0 || csv_fini(&p, on_field, on_record, &c) != 0) {
		fprintf(stderr, "bare_parse: %s: read or parse error\n", argv[1]);
		return 65;
	}
	csv_free(&p);
	close(fd);
	printf("%zu records, %zu fields, %zu bytes of fields\n", c.records, c.fields, c.bytes);
	return 0;
}
