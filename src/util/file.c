/*
 * file.c: whole-file reads and path joins (see file.h).
 *
 * Input paths may name a FIFO or a device, where open and read can wait forever for a writer.
 * The file is opened without blocking; when it is not a regular file, each read first waits with
 * poll on the file and the interrupt pipe (util/interrupt.h), so a signal ends the wait at once,
 * even one that arrives just before it.
 */
#include "util/file.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/interrupt.h"
#include "util/log.h"
#include "util/mem.h"

/* Waits until fd has data or its writer is gone. false with errno EINTR when a signal is
 * pending, or poll's errno when it fails. */
static bool
wait_readable(int fd)
{
	for (;;) {
		struct pollfd p[2] = { { .fd = fd, .events = POLLIN },
				       { .fd = pp_interrupt_fd(), .events = POLLIN } };

		if (pp_interrupt_pending()) {
			errno = EINTR;
			return false;
		}
		if (poll(p, 2, -1) < 0 && errno != EINTR)
			return false;
		if (p[0].revents != 0)
			return true;
	}
}

/* Appends the rest of fd to b; false with errno set on failure, or with errno EINTR when a
 * signal is pending. */
static bool
read_all(int fd, bool may_block, struct pp_buf *b)
{
	char chunk[8192];

	for (;;) {
		ssize_t n;

		if (pp_interrupt_pending()) {
			errno = EINTR;
			return false;
		}
		if (may_block && !wait_readable(fd))
			return false;
		n = read(fd, chunk, sizeof chunk);
		if (n > 0)
			pp_buf_append(b, chunk, (size_t)n);
		else if (n == 0)
			return true;
		else if (errno != EINTR && errno != EAGAIN)
			return false;
	}
}

char *
pp_file_read(const char *path, const char *what, size_t *len)
{
	/* O_NONBLOCK: opening a FIFO does not wait for a writer (read_all waits, interruptibly). */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	struct pp_buf b;
	struct stat st;
	bool ok;

	if (fd < 0) {
		pp_log_error("cannot read %s%s%s: %s", what, *what ? " " : "", path,
			     strerror(errno));
		return NULL;
	}
	pp_buf_init(&b);
	ok = fstat(fd, &st) == 0 && read_all(fd, !S_ISREG(st.st_mode), &b);
	if (!ok) {
		int err = errno;

		if (err == EINTR && pp_interrupt_pending())
			pp_log_debug("interrupted while reading %s%s%s", what, *what ? " " : "",
				     path);
		else
			pp_log_error("cannot read %s%s%s: %s", what, *what ? " " : "", path,
				     strerror(err));
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
