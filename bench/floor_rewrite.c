/*
 * floor_rewrite.c - the least that replacing a file safely costs: what any
 * update of one cell of a CSV file pays before it reads or checks a byte.
 *
 *   usage: floor_rewrite FILE
 *
 * FILE is copied, unchanged, over a spare file beside it (FILE.floor-spare,
 * created on the first run; in the kernel, copy_file_range), which is cut
 * to length and flushed to the disk (fsync); FILE gets the spare's name as a
 * second one (link), the spare is renamed over FILE, and the directory
 * flushed: the steps of `defspend set` on a large file after it has read
 * and checked the data (safefile.h, DS_ATOMIC_SPARE), with nothing read,
 * parsed or checked.  So no block is freed or allocated once the spare
 * exists.  The benchmark's update group prints it beside set and import.
 */
#define _GNU_SOURCE /* copy_file_range(), sync_file_range() */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int fail(const char *what, const char *path)
{
	perror(path);
	fprintf(stderr, "floor_rewrite: %s failed\n", what);
	return 74;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: floor_rewrite FILE\n");
		return 64;
	}
	const char *path = argv[1];
	size_t n = strlen(path);
	char *tmp = malloc(n + 16), *next = malloc(n + 24), *dir = malloc(n + 2);
	if (tmp == NULL || next == NULL || dir == NULL)
		return 71;
	snprintf(tmp, n + 16, "%s.floor-spare", path);
	snprintf(next, n + 24, "%s.floor-spare.next", path);
	memcpy(dir, path, n + 1);
	char *slash = strrchr(dir, '/');
	if (slash == NULL)
		strcpy(dir, ".");
	else
		slash[slash == dir] = '\0'; /* "/f" keeps "/" */
	int in = open(path, O_RDONLY);
	struct stat st;
	if (in < 0 || fstat(in, &st) != 0)
		return fail("open", path);
	int out = open(tmp, O_WRONLY | O_CREAT, 0644);
	if (out < 0)
		return fail("create", tmp);
	/* In steps of 16 MiB, each sent to the disk at once, as defspend does. */
	for (off_t at = 0; at < st.st_size;) {
		size_t step = st.st_size - at < (16 << 20) ? (size_t)(st.st_size - at) : 16 << 20;
		ssize_t k = copy_file_range(in, &at, out, NULL, step, 0);
		if (k <= 0)
			return fail("copy", tmp);
		sync_file_range(out, 0, 0, SYNC_FILE_RANGE_WRITE);
	}
	if (ftruncate(out, st.st_size) != 0 || fsync(out) != 0 || close(out) != 0)
		return fail("fsync", tmp);
	unlink(next);
	if (link(path, next) != 0)
		return fail("link", next);
	if (rename(tmp, path) != 0 || rename(next, tmp) != 0)
		return fail("rename", path);
	int d = open(dir, O_RDONLY | O_DIRECTORY);
	if (d < 0 || fsync(d) != 0)
		return fail("fsync", dir);
	close(d);
	close(in);
	free(tmp);
	free(next);
	free(dir);
	return 0;
}
