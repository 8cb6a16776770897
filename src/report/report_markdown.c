/*
 * report_markdown.c: the Markdown report (--markdown), ready for a CI job summary: a summary
 * line, a table of cases, the findings, the baseline comparison, the server's detail, hint and
 * context of errors, what cases left on the database, and in appendices the
 * environment and the raw numbers. Renderers such as GitHub's pass raw HTML through, so every
 * string pgperf did not write is escaped (report_common.h): no tag or entity of its own reaches
 * the page.
 */
#include <string.h>

#include "report/report_common.h"
#include "util/buf.h"

static void
strong(struct pp_buf *b, const char *s)
{
	pp_buf_printf(b, "**%s**", s);
}

/*
 * One line inline; several (a plan_changed table, an error's context) as a code block inside a
 * list item whose text is indented by indent.
 */
static void
message_in(struct pp_buf *b, const char *s, const char *indent)
{
	if (strchr(s, '\n') != NULL)
		pp_report_markdown_block(b, s, indent);
	else
		pp_report_escape(b, PP_REPORT_MARKDOWN, s);
}

static void
message(struct pp_buf *b, const char *s)
{
	message_in(b, s, "  ");
}

static const struct pp_report_markup markup = {
	.syntax = PP_REPORT_MARKDOWN,
	.code = pp_report_markdown_code,
	.message = message,
	.severity = strong,
	.item = "- ",
	.item_end = "\n",
};

static void
summary(struct pp_buf *b, const struct pp_run *run)
{
	pp_buf_puts(b, "## pgperf: ");
	pp_report_counts(b, run);
	pp_buf_printf(b, "\n\n%zu cases in %.1f s on PostgreSQL ", run->n_results,
		      run->duration_ms / 1e3);
	pp_report_escape(b, PP_REPORT_MARKDOWN, run->server.version != NULL ? run->server.version : "?");
	pp_buf_printf(b, "%s.\n\n", pp_report_stop_note(run));
}

static void
table_row(struct pp_buf *b, const struct pp_case_result *r)
{
	struct pp_report_row row;
	bool bad = r->status == PP_STATUS_FAIL || r->status == PP_STATUS_ERROR;

	pp_report_row_init(&row, r);
	pp_buf_puts(b, "| ");
	pp_report_markdown_code(b, row.name);
	pp_buf_printf(b, " | %s%s%s | ", bad ? "**" : "", row.status, bad ? "**" : "");
	if (row.has_stats)
		pp_buf_printf(b, "%s | %s | %s | %s", row.p50, row.p95, row.p99, row.max);
	else
		pp_buf_puts(b, " | | | ");
	pp_buf_puts(b, " | ");
	pp_report_limits(b, r);
	pp_buf_puts(b, " | ");
	pp_report_escape(b, PP_REPORT_MARKDOWN, row.fact);
	pp_buf_puts(b, " |\n");
}

static void
table(struct pp_buf *b, const struct pp_run *run)
{
	pp_buf_puts(b, "| case | status | p50 | p95 | p99 | max | limit | plan |\n"
		       "|---|---|---:|---:|---:|---:|---|---|\n");
	for (size_t i = 0; i < run->n_results; i++)
		table_row(b, &run->results[i]);
}

/* The findings under title, of the baseline comparison or not; false when there are none. */
static bool
findings(struct pp_buf *b, const struct pp_run *run, bool baseline, const char *title)
{
	bool any = false;

	for (size_t i = 0; i < run->n_results; i++) {
		const struct pp_case_result *r = &run->results[i];

		for (size_t k = 0; k < r->n_findings; k++) {
			if (pp_report_is_baseline_finding(&r->findings[k]) != baseline)
				continue;
			if (!any)
				pp_buf_printf(b, "\n### %s\n\n", title);
			any = true;
			pp_report_finding(b, &markup, pp_case_label(r->c), &r->findings[k]);
		}
	}
	return any;
}

/* As message, inside a list nested one level. */
static void
nested_message(struct pp_buf *b, const char *s)
{
	message_in(b, s, "    ");
}

/* The entries of a case under a list item of its own. */
static const struct pp_report_markup nested = {
	.syntax = PP_REPORT_MARKDOWN,
	.code = pp_report_markdown_code,
	.message = nested_message,
	.item = "  - ",
	.item_end = "\n",
};

/*
 * Under title, each case for which want is true as a list item (its name, and its reason when
 * with_reason), with the entries piece writes for it nested below; nothing when no case has any.
 */
static void
case_lists(struct pp_buf *b, const struct pp_run *run, const char *title,
	   bool (*want)(const struct pp_case_result *), bool with_reason,
	   void (*piece)(struct pp_buf *, const struct pp_report_markup *,
			 const struct pp_case_result *))
{
	bool any = false;

	for (size_t i = 0; i < run->n_results; i++) {
		const struct pp_case_result *r = &run->results[i];

		if (!want(r))
			continue;
		if (!any)
			pp_buf_printf(b, "\n### %s\n\n", title);
		any = true;
		pp_buf_puts(b, "- ");
		pp_report_markdown_code(b, r->c->name);
		if (with_reason && r->reason != NULL) {
			pp_buf_puts(b, ": ");
			pp_report_escape(b, PP_REPORT_MARKDOWN, r->reason);
		}
		pp_buf_putc(b, '\n');
		piece(b, &nested, r);
	}
}

static bool
has_error_info(const struct pp_case_result *r)
{
	return r->detail != NULL || r->hint != NULL || r->context != NULL;
}

static void
raw_numbers(struct pp_buf *b, const struct pp_run *run)
{
	pp_buf_puts(b, "\n<details><summary>Raw numbers (ms)</summary>\n\n"
		       "| case | iterations | min | mean | p50 | p90 | p95 | p99 | max | stddev |\n"
		       "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
	for (size_t i = 0; i < run->n_results; i++) {
		const struct pp_case_result *r = &run->results[i];
		const struct pp_stats *s = &r->stats;

		if (!r->has_stats)
			continue;
		pp_buf_puts(b, "| ");
		pp_report_markdown_code(b, pp_case_label(r->c));
		pp_buf_printf(b, " | %zu | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f |\n",
			      s->n, s->min / 1e6, s->mean / 1e6, s->p50 / 1e6, s->p90 / 1e6,
			      s->p95 / 1e6, s->p99 / 1e6, s->max / 1e6, s->stddev / 1e6);
	}
	pp_buf_puts(b, "\n</details>\n");
}

bool
pp_report_markdown_render(struct pp_buf *b, const struct pp_run *run)
{
	bool any;

	summary(b, run);
	table(b, run);
	any = findings(b, run, false, "Findings");
	any = findings(b, run, true, "Against the baseline") || any;
	if (!any)
		pp_buf_puts(b, "\nNo findings.\n");
	case_lists(b, run, "Errors in detail", has_error_info, true, pp_report_error_info);
	case_lists(b, run, "Left on the database", pp_report_has_leftovers, false,
		   pp_report_leftovers);
	pp_buf_puts(b, "\n<details><summary>Environment</summary>\n\n");
	pp_report_environment(b, &markup, run);
	pp_buf_puts(b, "\n</details>\n");
	raw_numbers(b, run);
	return true;
}
