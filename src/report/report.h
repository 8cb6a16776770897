/*
 * report.h: the reporter interface. Every output format is a struct pp_reporter: case_done is
 * called as each case finishes (for streaming formats), finish once with the whole run. Files
 * are written atomically (a temporary file renamed into place) so a reader never sees half a
 * report. Reporters are heap objects released with pp_report_free; a NULL hook is skipped.
 */
#ifndef PP_REPORT_H
#define PP_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "run/result.h"

struct pp_reporter {
	/* Once the target is known (server version and settings filled in); may be NULL. */
	void (*begin)(struct pp_reporter *rep, const struct pp_run *run);
	void (*case_done)(struct pp_reporter *rep, const struct pp_run *run,
			  const struct pp_case_result *r);
	bool (*finish)(struct pp_reporter *rep, const struct pp_run *run);
	void (*destroy)(struct pp_reporter *rep);
};

struct pp_report_text_options {
	FILE *out;
	bool color;
	bool quiet;   /* only non-pass cases and the summary */
	bool verbose; /* server settings and per-case detail */
	int name_width; /* column for case names: the longest name loaded */
	bool explain;   /* pgperf explain: every case's plan tree with its findings marked */
};

struct pp_reporter *pp_report_text_new(const struct pp_report_text_options *opts);
/* path "-" writes to stdout. */
struct pp_reporter *pp_report_json_new(const char *path);
/* JUnit XML: one testcase per case, failure/error/skipped as CI servers read them. */
struct pp_reporter *pp_report_junit_new(const char *path);
/* Markdown for a CI job summary: summary, table, findings, environment, raw numbers. */
struct pp_reporter *pp_report_markdown_new(const char *path);
/* One self-contained HTML page: histograms, plan trees, findings, baseline comparison. */
struct pp_reporter *pp_report_html_new(const char *path);

void pp_report_free(struct pp_reporter *rep);

/* Writes content to path through path.tmp-XXXXXX and rename(2); "-" writes stdout. */
bool pp_report_write_file(const char *path, const char *content, size_t len);

#endif
