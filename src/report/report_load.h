/*
 * report_load.h: the reports of pgperf load: its own model (levels, cases per level, gates), not
 * the per-case struct pp_run of verify, in four formats: text (the summary on standard output),
 * JSON (schema in docs/report-format.md), Markdown and HTML (inline SVG, no scripts). Text pgperf
 * did not write (case names, server messages, the target) is escaped as the other reports do
 * (report_common.h).
 *
 * Everything is borrowed for the duration of each call; files are written atomically through
 * pp_report_write_file.
 */
#ifndef PP_REPORT_LOAD_H
#define PP_REPORT_LOAD_H

#include <stdbool.h>
#include <stdint.h>

#include "run/load.h"
#include "run/result.h"
#include "util/buf.h"
#include "verdict/loadgate.h"

struct pp_load_report {
	const struct pp_load_result *result;
	const struct pp_load_gates *gates;
	const char *target;         /* "embedded" or the redacted conninfo */
	const char *server_version; /* may be NULL */
	int64_t duration_ns, warmup_ns, think_ns;
	double rate;                /* 0: none */
	const struct pp_case_result *leftovers; /* sequences left moved; may be NULL */
};

/* "pass", "fail" or "interrupted". */
const char *pp_report_load_status(const struct pp_load_report *rep);

/* Appends the report in format ("text", "json", "markdown", "html") to b. */
bool pp_report_load_render(const char *format, struct pp_buf *b, const struct pp_load_report *rep);
/* Renders and writes it to path ("-": standard output); false when logged. */
bool pp_report_load_write(const char *format, const char *path, const struct pp_load_report *rep);

#endif
