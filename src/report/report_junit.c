/*
 * report_junit.c: the JUnit XML report (--junit), the format CI servers read test results in:
 * one testcase per case (classname = case file, name = case name, time = timed seconds), with
 * failure for fail, error for error and skipped for skip; findings, and an error's detail, hint
 * and context, go in the element's body; what a case left on the database goes to system-out.
 * Text is escaped for XML (no CDATA), so the file is well-formed whatever the server said.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report/report_common.h"
#include "util/buf.h"
#include "util/mem.h"

/* The findings at or above min, one per line, as plain text. */
static void
findings_text(struct pp_buf *b, const struct pp_case_result *r, enum pp_severity min)
{
	for (size_t i = 0; i < r->n_findings; i++)
		if (r->findings[i].severity >= min)
			pp_report_finding(b, &pp_report_plain, NULL, &r->findings[i]);
}

/* <failure> or <error>: the first line as the message, the whole text as the body. */
static void
problem(struct pp_buf *b, const char *tag, const char *text)
{
	char *first = pp_mem_strndup(text, strcspn(text, "\n"));

	pp_buf_printf(b, "      <%s message=\"", tag);
	pp_report_escape(b, PP_REPORT_XML_ATTR, first);
	pp_buf_printf(b, "\" type=\"%s\">", tag);
	pp_report_escape(b, PP_REPORT_XML, text);
	pp_buf_printf(b, "</%s>\n", tag);
	free(first);
}

/* Findings, statistics and the plan fact. */
static void
system_out(struct pp_buf *b, const struct pp_case_result *r)
{
	struct pp_buf text;

	pp_buf_init(&text);
	findings_text(&text, r, PP_SEVERITY_INFO);
	pp_report_leftovers(&text, &pp_report_plain, r);
	if (r->has_stats)
		pp_buf_printf(&text, "p50 %.4f ms, p95 %.4f ms, p99 %.4f ms, max %.4f ms, %zu iterations\n",
			      r->stats.p50 / 1e6, r->stats.p95 / 1e6, r->stats.p99 / 1e6,
			      r->stats.max / 1e6, r->stats.n);
	if (r->plan_fact != NULL) {
		pp_buf_puts(&text, "plan: ");
		pp_report_escape(&text, PP_REPORT_TEXT, r->plan_fact);
		pp_buf_putc(&text, '\n');
	}
	if (text.len > 0)
		pp_report_enclose(b, "      <system-out>", PP_REPORT_XML, text.data,
				  "</system-out>\n");
	pp_buf_reset(&text);
}

static void
testcase(struct pp_buf *b, const struct pp_case_result *r)
{
	struct pp_buf text;

	pp_buf_init(&text);
	pp_report_enclose(b, "    <testcase classname=\"", PP_REPORT_XML_ATTR, r->c->file,
			  "\" name=\"");
	pp_report_escape(b, PP_REPORT_XML_ATTR, pp_case_label(r->c));
	pp_buf_printf(b, "\" time=\"%.6f\">\n", r->has_stats ? r->stats.total / 1e9 : 0.0);
	if (r->status == PP_STATUS_FAIL) {
		findings_text(&text, r, PP_SEVERITY_FAIL);
		problem(b, "failure", text.data);
	} else if (r->status == PP_STATUS_ERROR) {
		pp_report_escape(&text, PP_REPORT_TEXT, r->reason != NULL ? r->reason : "error");
		pp_buf_putc(&text, '\n');
		pp_report_error_info(&text, &pp_report_plain, r);
		problem(b, "error", text.data);
	} else if (r->status == PP_STATUS_SKIP) {
		pp_report_enclose(b, "      <skipped message=\"", PP_REPORT_XML_ATTR, r->reason,
				  "\"/>\n");
	}
	system_out(b, r);
	pp_buf_puts(b, "    </testcase>\n");
	pp_buf_reset(&text);
}

static void
property(struct pp_buf *b, const char *name, const char *value)
{
	pp_report_enclose(b, "      <property name=\"", PP_REPORT_XML_ATTR, name, "\" value=\"");
	pp_report_enclose(b, "", PP_REPORT_XML_ATTR, value, "\"/>\n");
}

/* The environment as properties: versions, target, seed and the server's settings. */
static void
properties(struct pp_buf *b, const struct pp_run *run)
{
	char seed[32];

	snprintf(seed, sizeof seed, "%llu", (unsigned long long)run->seed);
	pp_buf_puts(b, "    <properties>\n");
	property(b, "pgperf_version", PACKAGE_VERSION);
	property(b, "server_version", run->server.version);
	property(b, "target", run->target);
	property(b, "seed", seed);
	for (size_t i = 0; i < run->server.n_settings; i++)
		property(b, run->server.settings[i].name, run->server.settings[i].value);
	pp_buf_puts(b, "    </properties>\n");
}

bool
pp_report_junit_render(struct pp_buf *b, const struct pp_run *run)
{
	size_t fail = run->counts[PP_STATUS_FAIL], err = run->counts[PP_STATUS_ERROR];
	size_t skip = run->counts[PP_STATUS_SKIP];
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
	pp_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	pp_buf_printf(b,
		      "<testsuites name=\"pgperf\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" "
		      "skipped=\"%zu\" time=\"%.3f\">\n",
		      run->n_results, fail, err, skip, run->duration_ms / 1e3);
	pp_buf_printf(b,
		      "  <testsuite name=\"pgperf verify\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" "
		      "skipped=\"%zu\" time=\"%.3f\" timestamp=\"%s\">\n",
		      run->n_results, fail, err, skip, run->duration_ms / 1e3, stamp);
	properties(b, run);
	for (size_t i = 0; i < run->n_results; i++)
		testcase(b, &run->results[i]);
	pp_buf_puts(b, "  </testsuite>\n</testsuites>\n");
	return true;
}
