/*
 * report_text.c: the human-readable report on stdout: one line per case as it finishes, then a
 * summary line. Colour only when asked (app enables it for a terminal without NO_COLOR).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/mem.h"
#include "report/report.h"
#include "verdict/threshold.h"
#include "util/units.h"

struct text_reporter {
	struct pp_reporter base;
	struct pp_report_text_options opts;
	int name_width;
};

static const char *const status_colors[PP_STATUS_COUNT] = {
	"\033[32m", "\033[33m", "\033[1;31m", "\033[2m", "\033[1;35m",
};

static void
put_status(struct text_reporter *tr, enum pp_status s)
{
	char word[8];
	size_t i;

	for (i = 0; pp_outcome_status_name(s)[i] != '\0' && i < sizeof word - 1; i++)
		word[i] = (char)(pp_outcome_status_name(s)[i] - 'a' + 'A');
	word[i] = '\0';
	if (tr->opts.color)
		fprintf(tr->opts.out, "%s%-5s\033[0m", status_colors[s], word);
	else
		fprintf(tr->opts.out, "%-5s", word);
}

static void
text_begin(struct pp_reporter *rep, const struct pp_run *run)
{
	struct text_reporter *tr = (struct text_reporter *)rep;
	FILE *out = tr->opts.out;

	if (!tr->opts.verbose)
		return;
	fprintf(out, "target: %s\n", run->target ? run->target : "?");
	fprintf(out, "server: PostgreSQL %s\n", run->server.version ? run->server.version : "?");
	fprintf(out, "settings:");
	for (size_t i = 0; i < run->server.n_settings; i++)
		fprintf(out, " %s=%s", run->server.settings[i].name, run->server.settings[i].value);
	fprintf(out, "\nseed: %llu\n\n", (unsigned long long)run->seed);
}

/* The threshold to show: the worst miss, else the tightest pass. */
static const struct pp_threshold_result *
headline_threshold(const struct pp_case_result *r)
{
	const struct pp_threshold_result *best = NULL;

	for (size_t i = 0; i < r->n_thresholds; i++) {
		const struct pp_threshold_result *t = &r->thresholds[i];

		if (best == NULL || t->status > best->status ||
		    (t->status == best->status &&
		     t->value / (double)t->limit > best->value / (double)best->limit))
			best = t;
	}
	return best;
}

/* After a plan node's line: the kinds of the findings about that node. */
static void
mark_findings(const struct pp_plan_node *n, struct pp_buf *line, void *ctx)
{
	const struct pp_case_result *r = ctx;

	for (size_t i = 0; i < r->n_findings; i++) {
		const struct pp_finding *f = &r->findings[i];

		if (f->node != NULL && strcmp(f->node, n->node_type) == 0 &&
		    (f->relation == NULL || n->relation == NULL ||
		     strcmp(f->relation, n->relation) == 0))
			pp_buf_printf(line, "  <-- %s %s", pp_result_severity_name(f->severity),
				      f->kind);
	}
}

static void
print_plan(FILE *out, const struct pp_case_result *r)
{
	struct pp_buf plan;
	char *line, *save = NULL;

	pp_buf_init(&plan);
	pp_explain_render(r->plan, &plan, mark_findings, (void *)r);
	for (line = strtok_r(plan.data, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save))
		fprintf(out, "      | %s\n", line);
	fprintf(out, "      planning %.3f ms, execution %.3f ms\n", r->plan->planning_ms,
		r->plan->execution_ms);
	pp_buf_reset(&plan);
}

static void
text_case_done(struct pp_reporter *rep, const struct pp_run *run, const struct pp_case_result *r)
{
	struct text_reporter *tr = (struct text_reporter *)rep;
	FILE *out = tr->opts.out;
	const struct pp_threshold_result *t;
	char a[32], b[32], c[32];

	(void)run;
	if (tr->opts.quiet && r->status == PP_STATUS_PASS)
		return;
	put_status(tr, r->status);
	fprintf(out, " %-*s", tr->name_width, r->c->name);
	if (r->has_stats) {
		pp_units_format_duration((int64_t)r->stats.p50, a, sizeof a);
		pp_units_format_duration((int64_t)r->stats.p95, b, sizeof b);
		pp_units_format_duration((int64_t)r->stats.p99, c, sizeof c);
		fprintf(out, "  p50 %8s  p95 %8s  p99 %8s", a, b, c);
	}
	t = headline_threshold(r);
	if (t != NULL) {
		pp_threshold_format(t->metric, t->value, a, sizeof a);
		pp_threshold_format(t->metric, (double)t->limit, b, sizeof b);
		if (t->status == PP_STATUS_PASS)
			fprintf(out, "  %s %s < %s", pp_stats_metric_name(t->metric), a, b);
		else
			fprintf(out, "  %s %s >= %s (%+.0f%%)", pp_stats_metric_name(t->metric), a, b,
				(t->value / (double)t->limit - 1.0) * 100.0);
	} else if (r->has_stats) {
		fprintf(out, "  (no threshold)");
	}
	if (r->plan_fact != NULL)
		fprintf(out, "  %s", r->plan_fact);
	if (r->reason != NULL)
		fprintf(out, "%s%s", r->has_stats ? "  " : " ", r->reason);
	fputc('\n', out);
	for (size_t i = 0; i < r->n_findings; i++) {
		const struct pp_finding *f = &r->findings[i];

		if (f->severity == PP_SEVERITY_INFO && !tr->opts.verbose)
			continue;
		if (strcmp(f->kind, "threshold") == 0 && !tr->opts.verbose)
			continue;
		fprintf(out, "      %s %s: ", pp_result_severity_name(f->severity), f->kind);
		/* continuation lines (a plan_changed table) stay under the finding */
		for (const char *p = f->message; *p; p++) {
			fputc(*p, out);
			if (*p == '\n')
				fputs("      ", out);
		}
		fputc('\n', out);
	}
	if (tr->opts.verbose && r->has_stats)
		fprintf(out, "      %s:%d, %zu iterations, %ld rows\n", r->c->file, r->c->line,
			r->stats.n, r->rows);
	if (tr->opts.verbose && r->c->n_settings > 0) {
		fprintf(out, "      set:");
		for (size_t i = 0; i < r->c->n_settings; i++)
			fprintf(out, "%s %s = %s", i ? "," : "", r->c->settings[i].name,
				r->c->settings[i].value);
		fputc('\n', out);
	}
	if ((tr->opts.verbose || tr->opts.explain) && r->plan != NULL)
		print_plan(out, r);
	fflush(out);
}

static bool
text_finish(struct pp_reporter *rep, const struct pp_run *run)
{
	struct text_reporter *tr = (struct text_reporter *)rep;
	FILE *out = tr->opts.out;
	char wall[32];

	pp_units_format_duration((int64_t)(run->duration_ms * 1e6), wall, sizeof wall);
	fprintf(out, "\n%zu cases: %zu pass, %zu warn, %zu fail, %zu skip, %zu error in %s%s\n",
		run->n_results, run->counts[PP_STATUS_PASS], run->counts[PP_STATUS_WARN],
		run->counts[PP_STATUS_FAIL], run->counts[PP_STATUS_SKIP],
		run->counts[PP_STATUS_ERROR], wall,
		run->interrupted ? " (interrupted)"
				 : run->connection_lost ? " (connection lost)" : "");
	return fflush(out) == 0;
}

static void
text_destroy(struct pp_reporter *rep)
{
	free(rep);
}

struct pp_reporter *
pp_report_text_new(const struct pp_report_text_options *opts)
{
	struct text_reporter *tr = pp_mem_calloc(1, sizeof *tr);

	tr->base.begin = text_begin;
	tr->base.case_done = text_case_done;
	tr->base.finish = text_finish;
	tr->base.destroy = text_destroy;
	tr->opts = *opts;
	tr->name_width = opts->name_width > 0 ? opts->name_width : 24;
	return &tr->base;
}
