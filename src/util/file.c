/*
 * file.c: whole-file reads and path joins (see file.h).
 */
#include "util/file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/buf.h"
#include "util/log.h"
#include "util/mem.h"

char *
pp_file_read(const char *path, const char *what, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct pp_buf b;
	char chunk[8192];
	size_t n;

	if (f == NULL) {
		pp_log_error("cannot read %s%s%s: %s", what, *what ? " " : "", path, strerror(errno));
		return NULL;
	}
	pp_buf_init(&b);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		pp_buf_append(&b, chunk, n);
	if (ferror(f)) {
		pp_log_error("cannot read %s%s%s: %s", what, *what ? " " : "", path, strerror(errno));
		fclose(f);
		pp_buf_reset(&b);
		return NULL;
	}
	fclose(f);
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
