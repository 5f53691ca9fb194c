/*
 * test_input.c - cmocka tests of reading an input whole (input.h).
 *
 * What is tested is what a read-only input may be and what it may not:
 * a regular file (empty, small, larger than the first buffer), a pipe
 * read through its descriptor whatever size it announces, standard input
 * named "-" (given here as a pipe on descriptor 0), a FIFO with its writer,
 * and the refusals (the writers are threads): a missing file, a directory, a socket, each
 * DS_ENOINPUT with a diagnostic naming the input.
 */
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cmocka.h>

#include "defspend/error.h"
#include "defspend/input.h"
#include "helpers.h"

static void test_names(void **state)
{
	(void)state;
	assert_true(ds_input_is_stdin("-"));
	assert_false(ds_input_is_stdin("--"));
	assert_false(ds_input_is_stdin("./-"));
	assert_false(ds_input_is_stdin(""));
	assert_string_equal(ds_input_name("-"), DS_STDIN_NAME);
	assert_string_equal(ds_input_name("data/spending.csv"), "data/spending.csv");
}

/* Reads path and checks it holds exactly want (want_len bytes) and a NUL. */
static void expect_read(const char *path, const char *want, size_t want_len)
{
	struct ds_errors err;
	ds_errors_init(&err);
	char *data = (char *)1;
	size_t len = 99;
	assert_int_equal(ds_input_read(path, &data, &len, &err), DS_OK);
	assert_int_equal(err.n, 0);
	assert_non_null(data);
	assert_int_equal(len, want_len);
	assert_memory_equal(data, want, want_len);
	assert_int_equal(data[len], '\0');
	free(data);
	ds_errors_release(&err);
}

static void test_regular_files(void **state)
{
	(void)state;
	char *dir = ds_test_tmpdir();
	char *empty = ds_test_join(dir, "empty.csv");
	char *small = ds_test_join(dir, "small.csv");
	char *big = ds_test_join(dir, "big.csv");
	assert_int_equal(ds_test_write(empty, "", 0), 0);
	expect_read(empty, "", 0);
	const char *csv = "country,year,pct_gdp\nPoland,2025,4.48\n";
	assert_int_equal(ds_test_write(small, csv, strlen(csv)), 0);
	expect_read(small, csv, strlen(csv));
	/* Larger than the first buffer of 4,096 bytes, with a NUL inside:
	 * the length, not the NUL, ends what was read. */
	size_t n = 100000;
	char *blob = malloc(n);
	assert_non_null(blob);
	for (size_t i = 0; i < n; i++)
		blob[i] = (char)('a' + i % 26);
	blob[5000] = '\0';
	assert_int_equal(ds_test_write(big, blob, n), 0);
	expect_read(big, blob, n);
	free(blob);
	free(empty);
	free(small);
	free(big);
	ds_test_rmtree(dir);
	free(dir);
}

/*
 * The writers are threads, not child processes: a child forked under
 * valgrind would be checked for leaks of its copy of the test on exit.
 */
struct writer {
	pthread_t thread;
	int fd;           /* written to and closed, or -1: open path */
	const char *path; /* a FIFO to open for writing */
	size_t len;       /* bytes of the pattern '0'..'9' to write */
	const char *text; /* or this text */
	int ok;
};

static void *write_all(void *arg)
{
	struct writer *w = arg;
	int fd = w->fd >= 0 ? w->fd : open(w->path, O_WRONLY);
	if (fd < 0)
		return NULL;
	char buf[1000];
	size_t done = 0, len = w->text ? strlen(w->text) : w->len;
	while (done < len) {
		size_t k = len - done < sizeof buf ? len - done : sizeof buf;
		for (size_t i = 0; i < k; i++)
			buf[i] = w->text ? w->text[done + i] : (char)('0' + (done + i) % 10);
		if (write(fd, buf, k) != (ssize_t)k) {
			close(fd);
			return NULL;
		}
		done += k;
	}
	w->ok = close(fd) == 0;
	return NULL;
}

static void start_writer(struct writer *w)
{
	w->ok = 0;
	assert_int_equal(pthread_create(&w->thread, NULL, write_all, w), 0);
}

static void join_writer(struct writer *w)
{
	assert_int_equal(pthread_join(w->thread, NULL), 0);
	assert_true(w->ok);
}

static void expect_pattern(const char *data, size_t len, size_t want)
{
	assert_int_equal(len, want);
	for (size_t i = 0; i < len; i++)
		if (data[i] != (char)('0' + i % 10))
			fail_msg("byte %zu is '%c'", i, data[i]);
	assert_int_equal(data[len], '\0');
}

static void test_pipe_fd(void **state)
{
	(void)state;
	/* A pipe announces no size: the buffer grows well past any hint. */
	int p[2];
	assert_int_equal(pipe(p), 0);
	struct writer w = { .fd = p[1], .len = 200000 };
	start_writer(&w);
	struct ds_errors err;
	ds_errors_init(&err);
	char *data;
	size_t len;
	assert_int_equal(ds_input_read_fd(p[0], "pipe", 0, &data, &len, &err), DS_OK);
	close(p[0]);
	expect_pattern(data, len, 200000);
	free(data);
	join_writer(&w);
	ds_errors_release(&err);
}

static void test_stdin_is_read_through_its_descriptor(void **state)
{
	(void)state;
	int p[2];
	assert_int_equal(pipe(p), 0);
	int saved = dup(STDIN_FILENO);
	assert_true(saved >= 0);
	assert_int_equal(dup2(p[0], STDIN_FILENO), STDIN_FILENO);
	close(p[0]);
	struct writer w = { .fd = p[1], .len = 12345 };
	start_writer(&w);
	struct ds_errors err;
	ds_errors_init(&err);
	char *data;
	size_t len;
	int rc = ds_input_read("-", &data, &len, &err);
	/* Standard input is left open: the caller owns it. */
	int still_open = fcntl(STDIN_FILENO, F_GETFD) != -1;
	assert_int_equal(dup2(saved, STDIN_FILENO), STDIN_FILENO);
	close(saved);
	assert_int_equal(rc, DS_OK);
	assert_true(still_open);
	expect_pattern(data, len, 12345);
	free(data);
	join_writer(&w);
	ds_errors_release(&err);
}

static void test_fifo_waits_for_its_writer(void **state)
{
	(void)state;
	char *dir = ds_test_tmpdir();
	char *fifo = ds_test_join(dir, "in.csv");
	assert_int_equal(mkfifo(fifo, 0600), 0);
	struct writer w = { .fd = -1,
			    .path = fifo,
			    .text = "country,year,pct_gdp\nPL,2025,4.48\n" };
	start_writer(&w);
	expect_read(fifo, "country,year,pct_gdp\nPL,2025,4.48\n", 34);
	join_writer(&w);
	free(fifo);
	ds_test_rmtree(dir);
	free(dir);
}

/* Expects path refused with DS_ENOINPUT and one diagnostic naming it. */
static void expect_refused(const char *path, const char *words)
{
	struct ds_errors err;
	ds_errors_init(&err);
	char *data = (char *)1;
	size_t len = 7;
	assert_int_equal(ds_input_read(path, &data, &len, &err), DS_ENOINPUT);
	assert_null(data);
	assert_int_equal(len, 0);
	assert_int_equal(err.n, 1);
	assert_string_equal(err.v[0].file, path);
	if (strstr(err.v[0].msg, words) == NULL)
		fail_msg("message '%s' lacks '%s'", err.v[0].msg, words);
	ds_errors_release(&err);
}

static void test_refusals(void **state)
{
	(void)state;
	char *dir = ds_test_tmpdir();
	char *missing = ds_test_join(dir, "missing.csv");
	expect_refused(missing, "cannot open");
	expect_refused(dir, "a directory");
	char *sock = ds_test_join(dir, "s");
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	struct sockaddr_un sa;
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	assert_true(strlen(sock) < sizeof sa.sun_path);
	memcpy(sa.sun_path, sock, strlen(sock) + 1);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	/* A socket cannot be opened like a file: either refusal names it. */
	struct ds_errors err;
	ds_errors_init(&err);
	char *data;
	size_t len;
	assert_int_equal(ds_input_read(sock, &data, &len, &err), DS_ENOINPUT);
	assert_int_equal(err.n, 1);
	assert_string_equal(err.v[0].file, sock);
	ds_errors_release(&err);
	close(fd);
	free(sock);
	free(missing);
	ds_test_rmtree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_regular_files),
		cmocka_unit_test(test_pipe_fd),
		cmocka_unit_test(test_stdin_is_read_through_its_descriptor),
		cmocka_unit_test(test_fifo_waits_for_its_writer),
		cmocka_unit_test(test_refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
