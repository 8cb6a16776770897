/*
 * report.c: the reporter interface (see report.h): the table of formats behind pp_report_open,
 * the calls commands make, the document reporter the file formats share, and atomic writes.
 */
#include "report/report.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report/report_common.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/mem.h"
#include "util/utf8.h"

/* --- the document formats: render the whole run at the end, then write the file ------------ */

struct document {
	struct pp_reporter base;
	char *path;
	pp_report_render_fn render;
};

static bool
document_end(struct pp_reporter *rep, const struct pp_run *run)
{
	struct document *d = (struct document *)rep;
	struct pp_buf b, clean;
	bool ok;

	pp_buf_init(&b);
	ok = d->render(&b, run);
	if (ok && !pp_utf8_valid(b.data, b.len)) {
		/* Escapers sanitize every string; this covers text embedded whole (a plan's JSON). */
		pp_buf_init(&clean);
		pp_utf8_sanitize(&clean, b.data, b.len);
		pp_buf_reset(&b);
		b = clean;
	}
	ok = ok && pp_report_write_file(d->path, b.data, b.len);
	pp_buf_reset(&b);
	return ok;
}

static void
document_destroy(struct pp_reporter *rep)
{
	struct document *d = (struct document *)rep;

	free(d->path);
	free(d);
}

static const struct pp_reporter_ops document_ops = {
	.end = document_end,
	.destroy = document_destroy,
};

static struct pp_reporter *
document_new(const char *path, pp_report_render_fn render)
{
	struct document *d = pp_mem_calloc(1, sizeof *d);

	d->base.ops = &document_ops;
	d->path = pp_mem_strdup(path);
	d->render = render;
	return &d->base;
}

/* --- the interface ------------------------------------------------------------------------- */

/* Every format by the name commands use: a streaming constructor or a document renderer. */
static const struct {
	const char *name;
	pp_report_new_fn make;
	pp_report_render_fn render;
} formats[] = {
	{ "text", pp_report_text_new, NULL },
	{ "json", NULL, pp_report_json_render },
	{ "junit", NULL, pp_report_junit_render },
	{ "markdown", NULL, pp_report_markdown_render },
	{ "html", NULL, pp_report_html_render },
};

struct pp_reporter *
pp_report_open(const char *format, const char *path, const struct pp_report_options *opts)
{
	static const struct pp_report_options defaults = { 0 };

	if (path == NULL)
		path = "-";
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		if (strcmp(formats[i].name, format) != 0)
			continue;
		if (formats[i].make != NULL)
			return formats[i].make(path, opts != NULL ? opts : &defaults);
		return document_new(path, formats[i].render);
	}
	pp_log_error("unknown report format \"%s\" (text, json, junit, markdown or html)", format);
	return NULL;
}

void
pp_report_begin(struct pp_reporter *rep, const struct pp_run *run)
{
	if (rep != NULL && rep->ops->begin != NULL)
		rep->ops->begin(rep, run);
}

void
pp_report_case_done(struct pp_reporter *rep, const struct pp_run *run,
		    const struct pp_case_result *r)
{
	if (rep != NULL && rep->ops->case_done != NULL)
		rep->ops->case_done(rep, run, r);
}

bool
pp_report_end(struct pp_reporter *rep, const struct pp_run *run)
{
	return rep == NULL || rep->ops->end == NULL || rep->ops->end(rep, run);
}

void
pp_report_free(struct pp_reporter *rep)
{
	if (rep != NULL)
		rep->ops->destroy(rep);
}

/* --- atomic writes ------------------------------------------------------------------------- */

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
