/*
 * report_junit.c: the JUnit XML report (--junit), the format CI servers read test results in:
 * one testcase per case (classname = case file, name = case name, time = timed seconds), with
 * failure for fail, error for error and skipped for skip; findings go in the element's body.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/buf.h"
#include "util/mem.h"
#include "report/report.h"

struct junit_reporter {
	struct pp_reporter base;
	char *path;
};

/* Text escaped for an XML attribute or element; control characters but tab and newline dropped. */
static void
xml(struct pp_buf *b, const char *s)
{
	for (; s != NULL && *s; s++) {
		switch (*s) {
		case '&':
			pp_buf_puts(b, "&amp;");
			break;
		case '<':
			pp_buf_puts(b, "&lt;");
			break;
		case '>':
			pp_buf_puts(b, "&gt;");
			break;
		case '"':
			pp_buf_puts(b, "&quot;");
			break;
		case '\n':
			pp_buf_puts(b, "&#10;");
			break;
		default:
			if ((unsigned char)*s >= 0x20 || *s == '\t')
				pp_buf_putc(b, *s);
		}
	}
}

/* The findings at or above min, one per line. */
static void
findings_text(struct pp_buf *b, const struct pp_case_result *r, enum pp_severity min)
{
	for (size_t i = 0; i < r->n_findings; i++) {
		const struct pp_finding *f = &r->findings[i];

		if (f->severity < min)
			continue;
		pp_buf_printf(b, "%s %s: ", pp_result_severity_name(f->severity), f->kind);
		pp_buf_puts(b, f->message);
		pp_buf_putc(b, '\n');
	}
}

static void
testcase(struct pp_buf *b, const struct pp_case_result *r)
{
	struct pp_buf text, first;
	const char *tag = NULL;

	pp_buf_init(&text);
	pp_buf_init(&first);
	pp_buf_puts(b, "    <testcase classname=\"");
	xml(b, r->c->file);
	pp_buf_puts(b, "\" name=\"");
	xml(b, r->c->name);
	pp_buf_printf(b, "\" time=\"%.6f\">\n", r->has_stats ? r->stats.total / 1e9 : 0.0);
	if (r->status == PP_STATUS_FAIL) {
		tag = "failure";
		findings_text(&text, r, PP_SEVERITY_FAIL);
	} else if (r->status == PP_STATUS_ERROR) {
		tag = "error";
		pp_buf_puts(&text, r->reason ? r->reason : "error");
	}
	if (tag != NULL) {
		const char *nl = strchr(text.data, '\n');

		pp_buf_append(&first, text.data, nl ? (size_t)(nl - text.data) : text.len);
		pp_buf_printf(b, "      <%s message=\"", tag);
		xml(b, first.data);
		pp_buf_printf(b, "\" type=\"%s\">", tag);
		xml(b, text.data);
		pp_buf_printf(b, "</%s>\n", tag);
	} else if (r->status == PP_STATUS_SKIP) {
		pp_buf_puts(b, "      <skipped message=\"");
		xml(b, r->reason);
		pp_buf_puts(b, "\"/>\n");
	}
	pp_buf_clear(&text);
	findings_text(&text, r, PP_SEVERITY_INFO);
	if (r->has_stats)
		pp_buf_printf(&text, "p50 %.4f ms, p95 %.4f ms, p99 %.4f ms, max %.4f ms, %zu iterations\n",
			      r->stats.p50 / 1e6, r->stats.p95 / 1e6, r->stats.p99 / 1e6,
			      r->stats.max / 1e6, r->stats.n);
	if (r->plan_fact != NULL)
		pp_buf_printf(&text, "plan: %s\n", r->plan_fact);
	if (text.len > 0) {
		pp_buf_puts(b, "      <system-out>");
		xml(b, text.data);
		pp_buf_puts(b, "</system-out>\n");
	}
	pp_buf_puts(b, "    </testcase>\n");
	pp_buf_reset(&text);
	pp_buf_reset(&first);
}

static bool
junit_finish(struct pp_reporter *rep, const struct pp_run *run)
{
	struct junit_reporter *jr = (struct junit_reporter *)rep;
	size_t fail = run->counts[PP_STATUS_FAIL], err = run->counts[PP_STATUS_ERROR];
	size_t skip = run->counts[PP_STATUS_SKIP];
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	struct pp_buf b;
	bool ok;

	gmtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
	pp_buf_init(&b);
	pp_buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	pp_buf_printf(&b,
		      "<testsuites name=\"pgperf\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" "
		      "skipped=\"%zu\" time=\"%.3f\">\n",
		      run->n_results, fail, err, skip, run->duration_ms / 1e3);
	pp_buf_printf(&b,
		      "  <testsuite name=\"pgperf verify\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" "
		      "skipped=\"%zu\" time=\"%.3f\" timestamp=\"%s\">\n",
		      run->n_results, fail, err, skip, run->duration_ms / 1e3, stamp);
	pp_buf_puts(&b, "    <properties>\n");
	pp_buf_printf(&b, "      <property name=\"pgperf_version\" value=\"%s\"/>\n", PACKAGE_VERSION);
	pp_buf_puts(&b, "      <property name=\"server_version\" value=\"");
	xml(&b, run->server.version);
	pp_buf_puts(&b, "\"/>\n");
	for (size_t i = 0; i < run->server.n_settings; i++) {
		pp_buf_puts(&b, "      <property name=\"");
		xml(&b, run->server.settings[i].name);
		pp_buf_puts(&b, "\" value=\"");
		xml(&b, run->server.settings[i].value);
		pp_buf_puts(&b, "\"/>\n");
	}
	pp_buf_puts(&b, "    </properties>\n");
	for (size_t i = 0; i < run->n_results; i++)
		testcase(&b, &run->results[i]);
	pp_buf_puts(&b, "  </testsuite>\n</testsuites>\n");
	ok = pp_report_write_file(jr->path, b.data, b.len);
	pp_buf_reset(&b);
	return ok;
}

static void
junit_destroy(struct pp_reporter *rep)
{
	struct junit_reporter *jr = (struct junit_reporter *)rep;

	free(jr->path);
	free(jr);
}

struct pp_reporter *
pp_report_junit_new(const char *path)
{
	struct junit_reporter *jr = pp_mem_calloc(1, sizeof *jr);

	jr->base.finish = junit_finish;
	jr->base.destroy = junit_destroy;
	jr->path = pp_mem_strdup(path);
	return &jr->base;
}
