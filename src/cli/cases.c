/*
 * cases.c: the pipeline of the commands that run a suite's cases (see cases.h).
 */
#include "cli/cases.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/calibrate.h"
#include "cli/progress.h"
#include "report/report.h"
#include "run/session.h"
#include "util/clock.h"
#include "util/interrupt.h"
#include "util/log.h"
#include "util/mem.h"

#define MAX_REPORTERS 5

bool
pp_cases_load(const struct pp_options *o, struct pp_suite *suite, struct pp_selection *sel)
{
	struct pp_select_options so = { .filter = o->filter,
					.tags = o->tags.items,
					.n_tags = o->tags.n,
					.names = o->cases.items,
					.n_names = o->cases.n };

	memset(sel, 0, sizeof *sel);
	return pp_suite_load(suite, o->args, o->n_args) && pp_select_cases(suite, &so, sel);
}

/* Whether output (as given) is the same file as input. */
static bool
same_file(const char *output, const char *input)
{
	char *a = realpath(output, NULL), *b = realpath(input, NULL);
	bool same = a != NULL && b != NULL && strcmp(a, b) == 0;

	free(a);
	free(b);
	return same;
}

/* The input file an output path would overwrite, or NULL. */
static const char *
overwritten_input(const char *out, const struct pp_suite *s)
{
	for (size_t i = 0; i < s->cases.len; i++)
		if (same_file(out, s->cases.items[i]->file))
			return s->cases.items[i]->file;
	for (size_t i = 0; i < s->n_configs; i++) {
		const struct pp_config *c = s->configs[i];

		if (c->path != NULL && same_file(out, c->path))
			return c->path;
		if (c->seed != NULL && same_file(out, c->seed))
			return c->seed;
		for (size_t k = 0; k < c->n_schema; k++)
			if (same_file(out, c->schema[k]))
				return c->schema[k];
	}
	return NULL;
}

bool
pp_cases_outputs_safe(const struct pp_options *o, const struct pp_suite *suite)
{
	const char *outputs[] = { o->json, o->junit, o->markdown, o->html, o->save_baseline };
	const char *names[] = { "json", "junit", "markdown", "html", "save-baseline" };
	bool ok = true;

	for (size_t i = 0; i < sizeof outputs / sizeof outputs[0]; i++) {
		const char *input;

		if (outputs[i] == NULL || strcmp(outputs[i], "-") == 0)
			continue;
		input = overwritten_input(outputs[i], suite);
		if (input != NULL) {
			pp_log_error("--%s %s would overwrite %s, an input of the suite", names[i],
				     outputs[i], input);
			ok = false;
		}
	}
	return ok;
}

enum pp_step
pp_cases_open_target(const struct pp_options *o, const struct pp_suite *suite,
		     struct pp_target **t)
{
	struct pp_target_options to = { .dsn = o->dsn,
					.pg_bin = o->pg_bin,
					.no_cache = o->no_cache,
					.keep = o->keep,
					.suite = suite,
					.seed = (uint64_t)o->seed,
					.verbose = o->verbosity > 0 };

	return pp_target_open(&to, t);
}

static bool
want_color(int fd)
{
	const char *no_color = getenv("NO_COLOR");

	return isatty(fd) && (no_color == NULL || no_color[0] == '\0');
}

/*
 * The reporters the options ask for. With a report on standard output, the text report goes
 * to standard error, so standard output holds that report alone.
 */
static size_t
open_reporters(const struct pp_options *o, bool explain, int name_width,
	       struct pp_reporter **reps)
{
	static const char *const formats[] = { "json", "junit", "markdown", "html" };
	const char *const paths[] = { o->json, o->junit, o->markdown, o->html };
	bool to_stderr = pp_opt_stdout_report(o) != NULL;
	struct pp_report_options ro = { .color = want_color(to_stderr ? STDERR_FILENO
								       : STDOUT_FILENO),
					.quiet = o->verbosity < 0,
					.verbose = o->verbosity > 0,
					.name_width = name_width,
					.explain = explain,
					.to_stderr = to_stderr };
	size_t n = 0;

	reps[n++] = pp_report_open("text", "-", &ro);
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
		if (paths[i] != NULL)
			reps[n++] = pp_report_open(formats[i], paths[i], &ro);
	return n;
}

void
pp_cases_gate_options(const struct pp_options *o, struct pp_gate_options *g)
{
	pp_gate_defaults(g);
	if (o->time_ratio > 0)
		g->time_ratio = o->time_ratio;
	g->time_min_ms = (double)o->time_min_ns / 1e6;
	g->buffers_tolerance = o->buffer_tolerance;
	g->buffers_min = (double)o->buffer_min;
}

/* The session options of verify's gates: probe, fragility, A/B base, thresholds. */
static void
gate_session(const struct pp_options *o, bool explain, struct pp_baseline *baseline,
	     struct pp_conn *base, struct pp_session_options *so)
{
	bool gates = !explain && (baseline != NULL || o->save_baseline != NULL || base != NULL);

	pp_cases_gate_options(o, &so->gate);
	if (baseline != NULL)
		baseline->gate = so->gate;
	so->probe = gates;
	so->fragility = gates;
	so->base = base;
}

/* The pass over the selection on an open target, reports written; the exit status. */
static int
run_pass(const struct pp_options *o, bool explain, const struct pp_selection *sel,
	 struct pp_target *t, struct pp_baseline *baseline, struct pp_conn *base,
	 struct pp_run *run, int64_t t0)
{
	struct pp_reporter *reps[MAX_REPORTERS] = { 0 };
	struct pp_progress progress = { .on = o->verbosity >= 0 && isatty(STDERR_FILENO),
					.count = sel->n };
	struct pp_session_options so = { .iterations = (long)o->iterations,
					 .explain_only = explain,
					 .vacuum_writes = pp_target_embedded(t),
					 .seed = (uint64_t)o->seed,
					 .baseline = baseline,
					 .reporters = reps,
					 .progress = pp_progress_show,
					 .progress_done = pp_progress_clear,
					 .progress_ctx = &progress };
	bool written = true;
	int status;

	gate_session(o, explain, baseline, base, &so);
	run->target = pp_mem_strdup(pp_target_name(t));
	if (!pp_conn_server_info(pp_target_conn(t), &run->server))
		return PP_EXIT_SERVER;
	so.n_reporters = open_reporters(o, explain, sel->name_width, reps);
	for (size_t k = 0; k < so.n_reporters; k++)
		pp_report_begin(reps[k], run);
	pp_session_run(pp_target_conn(t), sel->cases, sel->n, &so, run);
	run->duration_ms = (double)(pp_clock_now_ns() - t0) / 1e6;
	if (o->save_baseline != NULL)
		written = pp_baseline_save(o->save_baseline, run);
	for (size_t k = 0; k < so.n_reporters; k++)
		written = pp_report_end(reps[k], run) && written;
	for (size_t k = 0; k < so.n_reporters; k++)
		pp_report_free(reps[k]);
	status = run->interrupted	 ? PP_EXIT_INTERRUPTED
		 : run->connection_lost ? PP_EXIT_SERVER
		 : !written		 ? PP_EXIT_USAGE
					 : (int)pp_outcome_counts_exit(run->counts);
	return status;
}

int
pp_cases_verify(const struct pp_options *o, bool explain)
{
	struct pp_selection sel = { 0 };
	struct pp_baseline *baseline = NULL;
	struct pp_conn *base = NULL;
	struct pp_target *t = NULL;
	struct pp_suite suite;
	struct pp_run run;
	int64_t t0 = pp_clock_now_ns();
	int status = PP_EXIT_USAGE;
	enum pp_step st;

	pp_suite_init(&suite);
	pp_run_init(&run);
	run.seed = (uint64_t)o->seed;
	if (!pp_cases_load(o, &suite, &sel) || !pp_cases_outputs_safe(o, &suite))
		goto cleanup;
	if (o->baseline != NULL && (baseline = pp_baseline_load(o->baseline)) == NULL)
		goto cleanup;
	st = pp_cases_open_target(o, &suite, &t);
	if (st != PP_STEP_OK) {
		status = pp_outcome_step_exit(st);
		goto cleanup;
	}
	if (!explain && o->calibrate) {
		status = pp_calibrate_run(o, &sel, t);
		goto cleanup;
	}
	if (!explain && o->compare_dsn != NULL && (base = pp_conn_open(o->compare_dsn)) == NULL) {
		status = PP_EXIT_SERVER;
		goto cleanup;
	}
	status = run_pass(o, explain, &sel, t, baseline, base, &run, t0);

cleanup:
	pp_conn_free(base);
	pp_target_close(t, o->keep && status != PP_EXIT_INTERRUPTED);
	pp_baseline_free(baseline);
	pp_run_reset(&run);
	pp_select_reset(&sel);
	pp_suite_reset(&suite);
	if (pp_interrupt_pending())
		status = PP_EXIT_INTERRUPTED;
	return status;
}
