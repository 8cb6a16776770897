/*
 * report.c: what every reporter shares: release and atomic file writes (see report.h).
 */
#include "report/report.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/log.h"

void
pp_report_free(struct pp_reporter *rep)
{
	if (rep != NULL)
		rep->destroy(rep);
}

bool
pp_report_write_file(const char *path, const char *content, size_t len)
{
	struct pp_buf tmp;
	int fd = -1;
	bool ok = false;

	if (strcmp(path, "-") == 0) {
		if (fwrite(content, 1, len, stdout) != len || fflush(stdout) != 0) {
			pp_log_error("cannot write the report to standard output: %s",
				     strerror(errno));
			return false;
		}
		return true;
	}
	pp_buf_init(&tmp);
	pp_buf_printf(&tmp, "%s.tmp-XXXXXX", path);
	fd = mkstemp(tmp.data);
	if (fd < 0) {
		pp_log_error("cannot write report %s: %s", path, strerror(errno));
		goto cleanup;
	}
	for (size_t off = 0; off < len;) {
		ssize_t w = write(fd, content + off, len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			pp_log_error("cannot write report %s: %s", path, strerror(errno));
			goto cleanup;
		}
		off += (size_t)w;
	}
	/* mkstemp makes 0600; a report is an ordinary file. */
	if (fchmod(fd, 0644) != 0 || fsync(fd) != 0 || close(fd) != 0) {
		fd = -1;
		pp_log_error("cannot write report %s: %s", path, strerror(errno));
		goto cleanup;
	}
	fd = -1;
	if (rename(tmp.data, path) != 0) {
		pp_log_error("cannot write report %s: %s", path, strerror(errno));
		goto cleanup;
	}
	ok = true;

cleanup:
	if (fd >= 0)
		close(fd);
	if (!ok && tmp.data != NULL)
		unlink(tmp.data);
	pp_buf_reset(&tmp);
	return ok;
}
