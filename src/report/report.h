/*
 * report.h: the reporter interface. Every output format (text, json, junit, markdown, html) is a
 * struct pp_reporter over the one report model, struct pp_run: begin once the target is known,
 * case_done as each case finishes (streaming formats print then), end once with the whole run
 * (document formats write their file then). A command opens the formats it was asked for by name
 * with pp_report_open and drives them all through pp_report_begin, pp_report_case_done and
 * pp_report_end; a format may ignore any of the three.
 *
 * Ownership: pp_report_open returns a heap reporter the caller releases with pp_report_free; it
 * copies path and options. The run and its results are borrowed for the duration of each call.
 * Report files are written atomically (a temporary file renamed into place) and are always valid
 * UTF-8: every string pgperf did not write itself (names, paths, server text) is sanitized and
 * escaped for its format, as docs/report-format.md describes.
 */
#ifndef PP_REPORT_H
#define PP_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "run/result.h"

struct pp_reporter;

/* What a format does; a NULL hook is skipped. */
struct pp_reporter_ops {
	void (*begin)(struct pp_reporter *rep, const struct pp_run *run);
	void (*case_done)(struct pp_reporter *rep, const struct pp_run *run,
			  const struct pp_case_result *r);
	bool (*end)(struct pp_reporter *rep, const struct pp_run *run);
	void (*destroy)(struct pp_reporter *rep);
};

/* The head of every format's reporter struct. */
struct pp_reporter {
	const struct pp_reporter_ops *ops;
};

/* Options for the formats that have any (the text report); a zeroed struct is the default. */
struct pp_report_options {
	bool color;     /* ANSI colours (a terminal without NO_COLOR) */
	bool quiet;     /* only non-pass cases and the summary */
	bool verbose;   /* the environment first, per-case detail and plans */
	int name_width; /* column for case names: the longest name loaded (0: 24) */
	bool explain;   /* every case's plan tree with its findings marked */
	bool to_stderr; /* text: stream to standard error, not standard output (which then holds
			   another report alone) */
};

/*
 * Opens a reporter for format ("text", "json", "junit", "markdown", "html") writing to path
 * ("-" or NULL: standard output); opts may be NULL. Logs and returns NULL for an unknown format.
 */
struct pp_reporter *pp_report_open(const char *format, const char *path,
				   const struct pp_report_options *opts);

/* Each calls the reporter's hook; a NULL reporter is skipped. */
void pp_report_begin(struct pp_reporter *rep, const struct pp_run *run);
void pp_report_case_done(struct pp_reporter *rep, const struct pp_run *run,
			 const struct pp_case_result *r);
/* False when the report could not be written (logged). */
bool pp_report_end(struct pp_reporter *rep, const struct pp_run *run);
void pp_report_free(struct pp_reporter *rep);

/* Writes content to path through path.tmp-XXXXXX and rename(2); "-" writes stdout. */
bool pp_report_write_file(const char *path, const char *content, size_t len);

#endif
