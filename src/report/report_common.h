/*
 * report_common.h: what the report formats share, written once: their entry points behind
 * pp_report_open (a constructor for the streaming text format, a render function for each
 * document format), escaping per format, and the pieces every format shows (the per-case row,
 * a finding, the environment block, the summary counts, the plan tree with its flagged nodes).
 * Only the format modules (and their tests) include it; commands use report.h.
 *
 * Every function appends to a caller-owned struct pp_buf and borrows its other arguments.
 * Escaping takes text pgperf did not write (names, paths, server text; NULL appends nothing) and
 * appends it as valid UTF-8, ill-formed bytes replaced by U+FFFD, with control characters made
 * visible (\x1b; \u202e for the bidirectional overrides) except tab and newline, which each
 * syntax treats as its format needs. pgperf's own words (statuses, finding kinds, labels,
 * numbers) are written as they are.
 */
#ifndef PP_REPORT_COMMON_H
#define PP_REPORT_COMMON_H

#include <stdbool.h>

#include "report/report.h"
#include "util/buf.h"

/* --- formats -------------------------------------------------------------------------------- */

/* A streaming format's constructor; path is never NULL ("-" is standard output), nor opts. */
typedef struct pp_reporter *(*pp_report_new_fn)(const char *path,
						 const struct pp_report_options *opts);
struct pp_reporter *pp_report_text_new(const char *path, const struct pp_report_options *opts);

/*
 * A document format: appends the whole document for run to b; false (logged) when it cannot be
 * made. pp_report_open wraps it in a reporter that renders at the end and writes the file.
 */
typedef bool (*pp_report_render_fn)(struct pp_buf *b, const struct pp_run *run);
bool pp_report_json_render(struct pp_buf *b, const struct pp_run *run);
bool pp_report_junit_render(struct pp_buf *b, const struct pp_run *run);
bool pp_report_markdown_render(struct pp_buf *b, const struct pp_run *run);
bool pp_report_html_render(struct pp_buf *b, const struct pp_run *run);

/* --- escaping ------------------------------------------------------------------------------- */

/* The syntaxes text is escaped for. */
enum pp_report_syntax {
	PP_REPORT_TEXT,     /* a terminal or a log: newline and tab kept */
	PP_REPORT_XML,      /* XML and HTML element text: & < > " ' as references; newline, tab kept */
	PP_REPORT_XML_ATTR, /* XML and HTML attribute values: also newline and tab as &#10; &#9; */
	PP_REPORT_MARKDOWN, /* Markdown text, table cells too: & < > as entity references (no raw
			       HTML reaches a renderer), \ ` * _ [ ] | ~ $ backslash-escaped,
			       newline as <br> */
};

void pp_report_escape(struct pp_buf *b, enum pp_report_syntax syntax, const char *s);
/* before, then s escaped, then after: markup around one string. */
void pp_report_enclose(struct pp_buf *b, const char *before, enum pp_report_syntax syntax,
		       const char *s, const char *after);

/* Writes s in a format's markup. */
typedef void (*pp_report_write_fn)(struct pp_buf *b, const char *s);

/*
 * A Markdown code span when s is one line free of ` < > & | (a name, a setting), else escaped
 * Markdown text: a code span cannot escape anything, so only text that needs none goes in one.
 */
void pp_report_markdown_code(struct pp_buf *b, const char *s);
/*
 * Multi-line text as a fenced code block, every line indented by indent (the enclosing list
 * item's), fenced with more backticks than any run in s; escaped Markdown text instead when s
 * holds < > or &, so that no raw tag or entity ever reaches the Markdown.
 */
void pp_report_markdown_block(struct pp_buf *b, const char *s, const char *indent);

/* --- markup: how a format writes the shared pieces ----------------------------------------- */

struct pp_report_markup {
	enum pp_report_syntax syntax; /* how running text is escaped */
	pp_report_write_fn code;      /* a case name or a setting; NULL: as running text */
	pp_report_write_fn message;   /* a finding's message, maybe lines; NULL: as running text */
	pp_report_write_fn severity;  /* a severity word, pgperf's own; NULL: as it is */
	const char *item, *item_end;  /* around each entry of a list */
};

/* Escaped plain text, one entry a line: the JUnit body and the text report's pieces. */
extern const struct pp_report_markup pp_report_plain;

/* --- the shared pieces --------------------------------------------------------------------- */

/* A case as a row of a table: the strings are borrowed or formatted, not escaped. */
struct pp_report_row {
	const char *name;
	const char *status;     /* "pass", "warn", "fail", "skip", "error" */
	bool has_stats;
	char p50[32], p95[32], p99[32], max[32]; /* "850us", "12.4ms"; "" without statistics */
	const char *fact;       /* the decisive fact: the plan fact, else the reason; or NULL */
};

void pp_report_row_init(struct pp_report_row *row, const struct pp_case_result *r);
/*
 * The threshold that decides: the worst miss ("p95 3.85ms >= 2.00ms (+93%)"), else the tightest
 * pass ("p95 1.20ms < 2.00ms"); "(no threshold)" for a case with statistics and none; else nothing.
 */
void pp_report_verdict(struct pp_buf *b, const struct pp_case_result *r);
/* Every limit of the case: "p95 < 2.00ms, rows < 100". */
void pp_report_limits(struct pp_buf *b, const struct pp_case_result *r);
/* "N pass, N warn, N fail, N skip, N error" */
void pp_report_counts(struct pp_buf *b, const struct pp_run *run);
/* " (interrupted)", " (connection lost)" or "". */
const char *pp_report_stop_note(const struct pp_run *run);
/* A duration in the unit that reads best ("850us", "12.4ms"). */
void pp_report_duration(struct pp_buf *b, double ns);

/* A finding of the comparison with a baseline (regression, plan_changed, new_case). */
bool pp_report_is_baseline_finding(const struct pp_finding *f);
/* One finding as a list entry: "severity [case] kind: message"; case_name NULL leaves it out. */
void pp_report_finding(struct pp_buf *b, const struct pp_report_markup *m, const char *case_name,
		       const struct pp_finding *f);
/*
 * The server's DETAIL, HINT and CONTEXT of an erroring case, one entry each ("detail: ...",
 * "hint: ...", "context: ..."), the text through the markup's message writer (a context often
 * has several lines); nothing when the server gave none.
 */
void pp_report_error_info(struct pp_buf *b, const struct pp_report_markup *m,
			  const struct pp_case_result *r);
/* Whether pp_report_leftovers writes anything for r. */
bool pp_report_has_leftovers(const struct pp_case_result *r);
/*
 * What the case left on the database, one entry each: every sequence it moved that pgperf did not
 * put back ("sequence app.s left at 42: why"), then a write case's dead tuples per table it wrote
 * to ("dead tuples left: app.t 120, app.u 0; vacuumed").
 */
void pp_report_leftovers(struct pp_buf *b, const struct pp_report_markup *m,
			 const struct pp_case_result *r);
/*
 * The environment, one entry each: pgperf's version, the target, the server version, the
 * settings that move timings, the seed, and this host's OS and CPU.
 */
void pp_report_environment(struct pp_buf *b, const struct pp_report_markup *m,
			   const struct pp_run *run);

/*
 * A plan node's line: text as pp_explain_render writes it (indentation included, no newline, not
 * escaped) and marks, the findings about the node ("fail n_plus_one, warn misestimate"; "" when
 * none).
 */
typedef void (*pp_report_plan_line_fn)(struct pp_buf *b, const char *text, const char *marks);
/* Calls line for each node of r->plan, parents before children. */
void pp_report_plan(struct pp_buf *b, const struct pp_case_result *r, pp_report_plan_line_fn line);
/* The same for another plan of r: one of the statements run below it (r->nested). */
void pp_report_plan_of(struct pp_buf *b, const struct pp_case_result *r, const struct pp_plan *plan,
		       pp_report_plan_line_fn line);

#endif
