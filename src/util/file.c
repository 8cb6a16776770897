/*
 * file.c: whole-file reads and path joins (see file.h).
 *
 * Only regular files are read: a FIFO, a device such as /dev/zero or a socket given as an input
 * is refused before anything is read, so no input can make pgperf wait forever or read without
 * end; a file over PP_FILE_MAX_BYTES is refused from its size. A signal between two chunks of a
 * large file stops the read.
 */
#include "util/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/interrupt.h"
#include "util/log.h"
#include "util/mem.h"

/* Why the open file cannot be read as input, or NULL. */
static const char *
refusal(int fd)
{
	struct stat st;

	if (fstat(fd, &st) != 0)
		return strerror(errno);
	if (S_ISDIR(st.st_mode))
		return "it is a folder";
	if (!S_ISREG(st.st_mode))
		return "not a regular file (a FIFO, device or socket cannot be an input)";
	if (st.st_size > PP_FILE_MAX_BYTES)
		return "larger than 256 MiB, the most pgperf reads from one input file";
	return NULL;
}

/* Appends the rest of fd to b; false with errno set, EINTR when a signal is pending, EFBIG when
 * the file grew past the limit while it was read. */
static bool
read_all(int fd, struct pp_buf *b)
{
	char chunk[65536];

	for (;;) {
		ssize_t n;

		if (pp_interrupt_pending()) {
			errno = EINTR;
			return false;
		}
		n = read(fd, chunk, sizeof chunk);
		if (n == 0)
			return true;
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return false;
		if (b->len + (size_t)n > PP_FILE_MAX_BYTES) {
			errno = EFBIG;
			return false;
		}
		pp_buf_append(b, chunk, (size_t)n);
	}
}

char *
pp_file_read(const char *path, const char *what, size_t *len)
{
	const char *sep = *what ? " " : "";
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	const char *why = fd < 0 ? strerror(errno) : refusal(fd);
	struct pp_buf b;

	if (why != NULL) {
		pp_log_error("cannot read %s%s%s: %s", what, sep, path, why);
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	pp_buf_init(&b);
	if (!read_all(fd, &b)) {
		if (errno == EINTR)
			pp_log_debug("interrupted while reading %s%s%s", what, sep, path);
		else
			pp_log_error("cannot read %s%s%s: %s", what, sep, path, strerror(errno));
		close(fd);
		pp_buf_reset(&b);
		return NULL;
	}
	close(fd);
	if (len != NULL)
		*len = b.len;
	return pp_buf_steal(&b);
}

char *
pp_file_join(const char *dir, const char *name)
{
	struct pp_buf b;

	pp_buf_init(&b);
	if (name[0] != '/') {
		pp_buf_puts(&b, dir);
		if (b.len > 0 && b.data[b.len - 1] != '/')
			pp_buf_putc(&b, '/');
	}
	pp_buf_puts(&b, name);
	return pp_buf_steal(&b);
}

bool
pp_file_find(const char *dir, const char *name, char **path, const char **why)
{
	struct stat st;

	*path = pp_file_join(dir, name);
	errno = 0;
	if (stat(*path, &st) == 0 && S_ISREG(st.st_mode))
		return true;
	*why = errno ? strerror(errno) : "not a file";
	return false;
}

char *
pp_file_dir(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? pp_mem_strndup(path, (size_t)(slash - path) + 1) : pp_mem_strdup(".");
}
