/*
 * cmd_load.c: `pgperf load`: the suite's cases under 10, 50, 100 concurrent clients (run/load.h),
 * judged by the degradation gates (verdict/loadgate.h) and reported (report/report_load.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cases.h"
#include "cli/command.h"
#include "report/report_load.h"
#include "run/footprint.h"
#include "run/load.h"
#include "util/buf.h"
#include "util/interrupt.h"
#include "util/log.h"
#include "util/mem.h"
#include "verdict/loadgate.h"

/* The progress line on a terminal's stderr, once a second. */
static void
show_progress(const struct pp_load_level *lv, double elapsed_s, bool warmup, void *ctx)
{
	const struct pp_load_second *s = lv->n_series > 0 ? &lv->series[lv->n_series - 1] : NULL;

	(void)ctx;
	if (warmup || s == NULL) {
		fprintf(stderr, "\r\033[K%s%d clients  %.0fs  warming up", lv->spike ? "spike to " : "",
			lv->clients, elapsed_s);
	} else {
		fprintf(stderr, "\r\033[K%s%d clients  %.0fs  tps %llu  p95 %.2fms  errors %llu",
			lv->spike ? "spike to " : "", lv->clients, elapsed_s,
			(unsigned long long)(s->ok + s->errors), s->p95_ms,
			(unsigned long long)lv->errors + (unsigned long long)s->errors);
	}
	fflush(stderr);
}

/* A case's weight: pgperf.json's "load.weights" by name, else its header's. */
static double
weight_of(const struct pp_suite *suite, const struct pp_case *c)
{
	for (size_t i = 0; i < suite->n_configs; i++) {
		const struct pp_config *cfg = suite->configs[i];

		for (size_t k = 0; k < cfg->n_weights; k++)
			if (strcmp(cfg->weight_names[k], c->name) == 0 ||
			    strcmp(cfg->weight_names[k], pp_case_label(c)) == 0)
				return cfg->weights[k];
	}
	return c->weight;
}

/* The selected cases with their weights; false (logged) when one cannot run. */
static bool
load_cases(const struct pp_suite *suite, const struct pp_selection *sel,
	   struct pp_load_case **out)
{
	bool ok = true;

	*out = pp_mem_calloc(sel->n ? sel->n : 1, sizeof **out);
	for (size_t i = 0; i < sel->n; i++) {
		const struct pp_case *c = sel->cases[i];

		if (c->problem != NULL) {
			pp_log_error("%s", c->problem);
			ok = false;
		}
		(*out)[i] = (struct pp_load_case){ c, weight_of(suite, c), c->think_ns };
	}
	if (sel->n == 0) {
		pp_log_error("no case to run");
		ok = false;
	}
	return ok;
}

/* Gate limits: the options, else the first pgperf.json that sets them, else the defaults. */
static void
limits_of(const struct pp_options *o, const struct pp_suite *suite, struct pp_load_limits *l)
{
	pp_loadgate_limits_default(l);
	for (size_t i = suite->n_configs; i-- > 0;) {
		const struct pp_config *cfg = suite->configs[i];

		l->growth_5x = cfg->growth_5x > 0 ? cfg->growth_5x : l->growth_5x;
		l->growth_10x = cfg->growth_10x > 0 ? cfg->growth_10x : l->growth_10x;
		l->max_error_rate = cfg->max_error_rate > 0 ? cfg->max_error_rate : l->max_error_rate;
		l->spike_limit_s = cfg->spike_recovery_s > 0 ? cfg->spike_recovery_s
							     : l->spike_limit_s;
	}
	l->growth_5x = o->growth_5x > 0 ? o->growth_5x : l->growth_5x;
	l->growth_10x = o->growth_10x > 0 ? o->growth_10x : l->growth_10x;
	l->max_error_rate = o->max_error_rate > 0 ? o->max_error_rate : l->max_error_rate;
	l->spike_limit_s = o->spike_recovery > 0 ? (double)o->spike_recovery / 1e9
						 : l->spike_limit_s;
}

/* Every report asked for, the text summary on stdout unless a report goes there. */
static bool
write_reports(const struct pp_options *o, const struct pp_load_report *rep)
{
	bool ok = true;

	if ((o->verbosity >= 0 || !rep->gates->ok) && pp_opt_stdout_report(o) == NULL) {
		ok = pp_report_load_write("text", "-", rep);
	} else if (o->verbosity >= 0 || !rep->gates->ok) {
		struct pp_buf b; /* standard output holds the other report alone */

		pp_buf_init(&b);
		ok = pp_report_load_render("text", &b, rep);
		fputs(b.data ? b.data : "", stderr);
		pp_buf_reset(&b);
	}
	if (o->json != NULL)
		ok = pp_report_load_write("json", o->json, rep) && ok;
	if (o->markdown != NULL)
		ok = pp_report_load_write("markdown", o->markdown, rep) && ok;
	if (o->html != NULL)
		ok = pp_report_load_write("html", o->html, rep) && ok;
	return ok;
}

/* The load on an open target, its gates and reports; the exit status. */
static int
run_load(const struct pp_options *o, const struct pp_suite *suite,
	 const struct pp_load_case *cases, size_t n, struct pp_target *t)
{
	struct pp_load_options lo = { .clients = o->clients.items,
				      .n_levels = o->clients.n,
				      .duration_ns = o->duration,
				      .warmup_ns = o->warmup,
				      .think_ns = o->think,
				      .rate = o->rate,
				      .spike = o->spike,
				      .spike_factor = 1.2,
				      .seed = (uint64_t)o->seed,
				      .conninfo = pp_target_conninfo(t) };
	struct pp_load_report rep = { .target = pp_target_name(t), .duration_ns = o->duration,
				      .warmup_ns = o->warmup, .think_ns = o->think,
				      .rate = o->rate };
	struct pp_case_result left = { 0 };
	struct pp_server_info info = { 0 };
	struct pp_load_result res;
	struct pp_load_gates gates;
	struct pp_load_limits lim;
	struct pp_footprint fp;
	struct pp_db_error err = { 0 };
	bool written, ran;
	int status;

	limits_of(o, suite, &lim);
	lo.spike_limit_ns = (int64_t)(lim.spike_limit_s * 1e9);
	if (o->verbosity >= 0 && isatty(STDERR_FILENO))
		lo.progress = show_progress;
	pp_load_result_init(&res);
	pp_loadgate_init(&gates);
	pp_footprint_init(&fp, false);
	if (!pp_footprint_mark(pp_target_conn(t), &fp, &err))
		pp_log_warning("cannot read where sequences stand: %s", err.message);
	pp_db_error_reset(&err);
	if (pp_conn_server_info(pp_target_conn(t), &info))
		rep.server_version = info.version;
	ran = pp_load_run(pp_target_conn(t), cases, n, &lo, &res);
	if (lo.progress != NULL)
		fprintf(stderr, "\r\033[K");
	/* Sequences are put back even after an interrupt (the connection is not busy). */
	if (!pp_footprint_settle_all(pp_target_conn(t), &fp, pp_target_embedded(t), &left))
		pp_log_warning("the connection was lost before sequences could be put back");
	pp_loadgate_mark_saturated(&res);
	pp_loadgate_judge(&res, &lim, &gates);
	rep.result = &res;
	rep.gates = &gates;
	rep.leftovers = &left;
	written = res.failed ? true : write_reports(o, &rep);
	status = res.interrupted ? PP_EXIT_INTERRUPTED
		 : res.failed	 ? PP_EXIT_USAGE
		 : !written	 ? PP_EXIT_USAGE
		 : !gates.ok	 ? PP_EXIT_FAIL
				 : PP_EXIT_OK;
	(void)ran;
	pp_result_reset(&left);
	pp_footprint_reset(&fp);
	pp_server_info_reset(&info);
	pp_loadgate_reset(&gates);
	pp_load_result_reset(&res);
	return status;
}

static int
load_run(const struct pp_options *o)
{
	struct pp_selection sel = { 0 };
	struct pp_load_case *cases = NULL;
	struct pp_target *t = NULL;
	struct pp_suite suite;
	int status = PP_EXIT_USAGE;
	enum pp_step st;

	pp_suite_init(&suite);
	if (!pp_cases_load(o, &suite, &sel) || !pp_cases_outputs_safe(o, &suite) ||
	    !load_cases(&suite, &sel, &cases))
		goto cleanup;
	st = pp_cases_open_target(o, &suite, &t);
	if (st != PP_STEP_OK) {
		status = pp_outcome_step_exit(st);
		goto cleanup;
	}
	status = run_load(o, &suite, cases, sel.n, t);

cleanup:
	pp_target_close(t, o->keep && status != PP_EXIT_INTERRUPTED);
	free(cases);
	pp_select_reset(&sel);
	pp_suite_reset(&suite);
	if (pp_interrupt_pending() || status == PP_EXIT_INTERRUPTED)
		status = PP_EXIT_INTERRUPTED;
	return status;
}

const struct pp_command pp_cmd_load = {
	.name = "load",
	.operands = "PATH...",
	.summary = "run the cases under levels of concurrent clients and judge how latency degrades",
	.description =
		"Each level runs N client connections for --duration after --warmup; each client\n"
		"picks cases by weight (-- weight: N), draws their parameters as verify does and\n"
		"pauses --think between executions (--rate: a fixed arrival rate instead). Writes\n"
		"are rolled back. Reports per level and per case: tps, p50/p95/p99/max, errors by\n"
		"SQLSTATE, top wait events. Exit 1 when a gate fails: p95 growth with clients\n"
		"(1.5x at 5x the first level's clients, 2x at 10x), error rate (1%), thresholds\n"
		"naming a level (threshold: p95@50 < 20ms), the spike's recovery (30s).",
	.options = "dsn pg-bin keep no-cache filter tag case seed json markdown html clients duration "
		   "warmup think rate spike max-error-rate p95-growth-5x p95-growth-10x "
		   "spike-recovery",
	.min_args = 1,
	.max_args = -1,
	.operand_hint = "one or more PATHs: .sql case files or folders of them",
	.run = load_run,
};
