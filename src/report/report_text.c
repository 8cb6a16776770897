/*
 * report_text.c: the human-readable report: one line per case as it finishes, then a summary
 * line. To standard output ("-") each case is printed as it finishes; to a file the report is
 * written at the end, atomically. Colour only when asked (for a terminal without NO_COLOR).
 * Every string pgperf did not write is escaped so that no control character (a terminal escape
 * sequence in a server message) reaches the terminal raw.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report_common.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/mem.h"

struct text_reporter {
	struct pp_reporter base;
	struct pp_report_options opts;
	char *path;         /* NULL: a stream, printed as it comes */
	FILE *stream;       /* standard output or standard error */
	struct pp_buf out;  /* what is not printed yet */
	bool write_failed;
};

static const char *const status_colors[PP_STATUS_COUNT] = {
	"\033[32m", "\033[33m", "\033[1;31m", "\033[2m", "\033[1;35m",
};

/* Continuation lines (a plan_changed table, a multi-line error) stay under their case. */
static void
indented_message(struct pp_buf *b, const char *s)
{
	struct pp_buf text;

	pp_buf_init(&text);
	pp_report_escape(&text, PP_REPORT_TEXT, s);
	for (const char *p = text.data; *p; p++) {
		pp_buf_putc(b, *p);
		if (*p == '\n')
			pp_buf_puts(b, "      ");
	}
	pp_buf_reset(&text);
}

static const struct pp_report_markup case_markup = {
	.syntax = PP_REPORT_TEXT,
	.message = indented_message,
	.item = "      ",
	.item_end = "\n",
};

/* Prints what is pending to the stream; a file gets it all at the end. */
static void
flush(struct text_reporter *tr)
{
	if (tr->path != NULL)
		return;
	if ((fwrite(tr->out.data, 1, tr->out.len, tr->stream) != tr->out.len ||
	     fflush(tr->stream) != 0) &&
	    !tr->write_failed) {
		pp_log_error("cannot write the report to standard %s",
			     tr->stream == stdout ? "output" : "error");
		tr->write_failed = true;
	}
	pp_buf_clear(&tr->out);
}

static void
text_begin(struct pp_reporter *rep, const struct pp_run *run)
{
	struct text_reporter *tr = (struct text_reporter *)rep;

	if (!tr->opts.verbose)
		return;
	pp_report_environment(&tr->out, &pp_report_plain, run);
	pp_buf_putc(&tr->out, '\n');
	flush(tr);
}

static void
put_status(struct text_reporter *tr, enum pp_status s)
{
	char word[8];
	size_t i;

	for (i = 0; pp_outcome_status_name(s)[i] != '\0' && i < sizeof word - 1; i++)
		word[i] = (char)(pp_outcome_status_name(s)[i] - 'a' + 'A');
	word[i] = '\0';
	if (tr->opts.color)
		pp_buf_printf(&tr->out, "%s%-5s\033[0m", status_colors[s], word);
	else
		pp_buf_printf(&tr->out, "%-5s", word);
}

/* STATUS NAME  p50 X  p95 X  p99 X  VERDICT  PLAN FACT  REASON */
static void
case_line(struct text_reporter *tr, const struct pp_case_result *r)
{
	struct pp_buf *b = &tr->out;
	struct pp_report_row row;
	struct pp_buf part;

	pp_report_row_init(&row, r);
	pp_buf_init(&part);
	put_status(tr, r->status);
	pp_report_escape(&part, PP_REPORT_TEXT, row.name);
	pp_buf_printf(b, " %-*s", tr->opts.name_width, part.data);
	if (row.has_stats)
		pp_buf_printf(b, "  p50 %8s  p95 %8s  p99 %8s", row.p50, row.p95, row.p99);
	pp_buf_clear(&part);
	pp_report_verdict(&part, r);
	if (part.len > 0)
		pp_buf_printf(b, "  %s", part.data);
	if (r->plan_fact != NULL) {
		pp_buf_puts(b, "  ");
		indented_message(b, r->plan_fact);
	}
	if (r->reason != NULL) {
		pp_buf_puts(b, r->has_stats ? "  " : " ");
		indented_message(b, r->reason);
	}
	pp_buf_putc(b, '\n');
	pp_buf_reset(&part);
}

static void
plan_line(struct pp_buf *b, const char *text, const char *marks)
{
	pp_buf_puts(b, "      | ");
	pp_report_escape(b, PP_REPORT_TEXT, text);
	if (*marks != '\0')
		pp_buf_printf(b, "  <-- %s", marks);
	pp_buf_putc(b, '\n');
}

/* With -v: where the case is, its iterations and rows, its settings. */
static void
case_detail(struct pp_buf *b, const struct pp_case_result *r)
{
	if (r->has_stats) {
		pp_buf_puts(b, "      ");
		pp_report_escape(b, PP_REPORT_TEXT, r->c->file);
		pp_buf_printf(b, ":%d, %zu iterations", r->c->line, r->stats.n);
		if (r->stats.n > 0 && r->rows_min == r->rows_max)
			pp_buf_printf(b, ", %ld rows each", r->rows_max);
		else if (r->stats.n > 0)
			pp_buf_printf(b, ", %ld to %ld rows", r->rows_min, r->rows_max);
		pp_buf_putc(b, '\n');
	}
	if (r->c->n_settings > 0) {
		pp_buf_puts(b, "      set:");
		for (size_t i = 0; i < r->c->n_settings; i++) {
			pp_buf_puts(b, i ? ", " : " ");
			pp_report_escape(b, PP_REPORT_TEXT, r->c->settings[i].name);
			pp_buf_puts(b, " = ");
			pp_report_escape(b, PP_REPORT_TEXT, r->c->settings[i].value);
		}
		pp_buf_putc(b, '\n');
	}
}

/* With -v: the statements run inside functions and triggers, each with its plan. */
static void
nested_plans(struct pp_buf *b, const struct pp_case_result *r)
{
	for (size_t i = 0; i < r->nested.n; i++) {
		const struct pp_nested_stmt *st = &r->nested.stmts[i];

		pp_buf_printf(b, "      run inside a function or trigger, %ld time%s: ",
			      st->executions, st->executions == 1 ? "" : "s");
		pp_report_escape(b, PP_REPORT_TEXT, st->query);
		pp_buf_putc(b, '\n');
		pp_report_plan_of(b, r, st->plan, plan_line);
	}
	if (r->nested.dropped > 0)
		pp_buf_printf(b, "      and %ld more executions of statements inside functions or "
				 "triggers, not kept\n", r->nested.dropped);
}

static void
text_case_done(struct pp_reporter *rep, const struct pp_run *run, const struct pp_case_result *r)
{
	struct text_reporter *tr = (struct text_reporter *)rep;
	bool verbose = tr->opts.verbose;

	(void)run;
	if (tr->opts.quiet && r->status == PP_STATUS_PASS)
		return;
	case_line(tr, r);
	for (size_t i = 0; i < r->n_findings; i++) {
		const struct pp_finding *f = &r->findings[i];

		if (verbose || (f->severity != PP_SEVERITY_INFO && strcmp(f->kind, "threshold") != 0))
			pp_report_finding(&tr->out, &case_markup, NULL, f);
	}
	pp_report_error_info(&tr->out, &case_markup, r);
	pp_report_leftovers(&tr->out, &case_markup, r);
	if (verbose)
		case_detail(&tr->out, r);
	if ((verbose || tr->opts.explain) && r->plan != NULL) {
		pp_report_plan(&tr->out, r, plan_line);
		pp_buf_printf(&tr->out, "      planning %.3f ms, execution %.3f ms\n",
			      r->plan->planning_ms, r->plan->execution_ms);
		nested_plans(&tr->out, r);
	}
	flush(tr);
}

static bool
text_end(struct pp_reporter *rep, const struct pp_run *run)
{
	struct text_reporter *tr = (struct text_reporter *)rep;

	pp_buf_printf(&tr->out, "\n%zu cases: ", run->n_results);
	pp_report_counts(&tr->out, run);
	pp_buf_puts(&tr->out, " in ");
	pp_report_duration(&tr->out, run->duration_ms * 1e6);
	pp_buf_printf(&tr->out, "%s\n", pp_report_stop_note(run));
	if (tr->path != NULL)
		return pp_report_write_file(tr->path, tr->out.data, tr->out.len);
	flush(tr);
	return !tr->write_failed;
}

static void
text_destroy(struct pp_reporter *rep)
{
	struct text_reporter *tr = (struct text_reporter *)rep;

	pp_buf_reset(&tr->out);
	free(tr->path);
	free(tr);
}

static const struct pp_reporter_ops text_ops = {
	.begin = text_begin,
	.case_done = text_case_done,
	.end = text_end,
	.destroy = text_destroy,
};

struct pp_reporter *
pp_report_text_new(const char *path, const struct pp_report_options *opts)
{
	struct text_reporter *tr = pp_mem_calloc(1, sizeof *tr);

	tr->base.ops = &text_ops;
	tr->opts = *opts;
	if (tr->opts.name_width <= 0)
		tr->opts.name_width = 24;
	tr->path = strcmp(path, "-") == 0 ? NULL : pp_mem_strdup(path);
	tr->stream = tr->opts.to_stderr ? stderr : stdout;
	pp_buf_init(&tr->out);
	return &tr->base;
}
