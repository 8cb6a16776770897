/*
 * cmd_whatif.c: `pgperf whatif`: every case planned before and after hypothetical index changes
 * (HypoPG), with the cost, the plan change and the plan verdict on each side; --suggest ranks
 * candidate indexes across the suite. The planning itself is run/whatif.c.
 */
#include <stdio.h>
#include <unistd.h>

#include "cli/cases.h"
#include "cli/command.h"
#include "report/report_whatif.h"
#include "run/runner.h"
#include "run/session.h"
#include "util/interrupt.h"
#include "util/log.h"

/* One pass over the selection with the what-if plan hook; the exit status it forces, or OK. */
static enum pp_exit
pass(const struct pp_options *o, const struct pp_selection *sel, struct pp_conn *conn,
     const struct pp_family *family, struct pp_whatif *w)
{
	struct pp_runner_options ro = { .explain_only = true,
					.plan = pp_whatif_plan,
					.plan_ctx = w };

	for (size_t i = 0; i < sel->n; i++) {
		const struct pp_case *c = sel->cases[i];
		struct pp_case_result r = { .c = c, .status = PP_STATUS_PASS, .family = family };
		struct pp_rng rng;
		bool alive = true;

		pp_rng_init(&rng, pp_session_case_seed((uint64_t)o->seed, pp_case_label(c)));
		if (c->problem != NULL) {
			r.status = PP_STATUS_ERROR;
			pp_result_set_reason(&r, "%s", c->problem);
		} else {
			alive = pp_runner_run_case(conn, &ro, &rng, &r);
		}
		if (r.status != PP_STATUS_PASS)
			pp_whatif_record_failure(w, &r);
		pp_result_reset(&r);
		if (pp_interrupt_pending())
			return PP_EXIT_INTERRUPTED;
		if (!alive) {
			pp_log_error("connection lost: %zu remaining cases not planned", sel->n - i - 1);
			return PP_EXIT_SERVER;
		}
	}
	return PP_EXIT_OK;
}

/* The reports; false when one could not be written. */
static bool
write_reports(const struct pp_options *o, const struct pp_whatif *w)
{
	bool ok = pp_report_whatif_text(w, pp_opt_stdout_report(o) != NULL ? stderr : stdout);

	if (o->json != NULL)
		ok = pp_report_whatif_json(w, o->json) && ok;
	if (o->markdown != NULL)
		ok = pp_report_whatif_markdown(w, o->markdown) && ok;
	return ok;
}

/* 1 when a case's plan verdict went from pass or warn to fail, or a case could not be planned. */
static enum pp_exit
verdict_exit(const struct pp_whatif *w)
{
	for (size_t i = 0; i < w->n_cases; i++) {
		const struct pp_whatif_case *wc = &w->cases[i];

		if (wc->planned ? wc->verdict_after == PP_STATUS_FAIL &&
					  wc->verdict_before != PP_STATUS_FAIL
				: wc->status == PP_STATUS_ERROR)
			return PP_EXIT_FAIL;
	}
	return PP_EXIT_OK;
}

/* Check, both passes, reports: the exit status. */
static int
run_on_target(const struct pp_options *o, const struct pp_selection *sel, struct pp_target *t,
	      struct pp_whatif *w)
{
	struct pp_conn *conn = pp_target_conn(t);
	enum pp_step st = pp_whatif_check(conn, w);
	struct pp_family family;
	struct pp_db_error err = { 0 };
	enum pp_exit status;

	if (st != PP_STEP_OK)
		return pp_outcome_step_exit(st);
	if (w->n_indexes == 0 && w->n_hidden == 0 && !w->suggest)
		pp_log_info("no --index, --hide-index or --suggest: each case is planned as it is");
	pp_family_init(&family);
	pp_session_load_family(conn, &family);
	w->family = &family;
	status = pass(o, sel, conn, &family, w);
	if (status == PP_EXIT_OK && w->suggest && pp_whatif_candidates(w) > 0) {
		w->pass = 1;
		status = pass(o, sel, conn, &family, w);
		pp_whatif_rank(w);
		if (!pp_whatif_foreign_keys(conn, w, &err))
			pp_log_warning("cannot read the foreign keys (%s): suggestions do not say "
				       "which they serve",
				       err.message);
		pp_db_error_reset(&err);
	}
	w->family = NULL;
	pp_family_reset(&family);
	if (status == PP_EXIT_INTERRUPTED)
		return status;
	if (!write_reports(o, w))
		return PP_EXIT_USAGE;
	return status != PP_EXIT_OK ? status : verdict_exit(w);
}

static int
whatif_run(const struct pp_options *o)
{
	struct pp_selection sel = { 0 };
	struct pp_target *t = NULL;
	struct pp_suite suite;
	struct pp_whatif w;
	int status = PP_EXIT_USAGE;
	enum pp_step st;

	pp_suite_init(&suite);
	pp_whatif_init(&w);
	w.indexes = o->indexes.items;
	w.n_indexes = o->indexes.n;
	w.hidden = o->hidden.items;
	w.n_hidden = o->hidden.n;
	w.suggest = o->suggest;
	w.min_saving_ratio = o->min_saving;
	w.min_saving_cost = o->min_saving_cost;
	if (!pp_cases_load(o, &suite, &sel) || !pp_cases_outputs_safe(o, &suite))
		goto cleanup;
	st = pp_cases_open_target(o, &suite, &t);
	if (st != PP_STEP_OK) {
		status = pp_outcome_step_exit(st);
		goto cleanup;
	}
	status = run_on_target(o, &sel, t, &w);

cleanup:
	pp_target_close(t, o->keep && status != PP_EXIT_INTERRUPTED);
	pp_whatif_reset(&w);
	pp_select_reset(&sel);
	pp_suite_reset(&suite);
	if (pp_interrupt_pending())
		status = PP_EXIT_INTERRUPTED;
	return status;
}

const struct pp_command pp_cmd_whatif = {
	.name = "whatif",
	.operands = "PATH...",
	.summary = "plan each case before and after hypothetical index changes (HypoPG)",
	.description =
		"Each case is planned (EXPLAIN, after verify's warmup) as it is, then with the\n"
		"--index statements made and the --hide-index indexes hidden, all hypothetical and\n"
		"rolled back: cost, plan change and plan verdict before and after. --suggest tries\n"
		"candidate indexes from the cases' sequential scans across the whole suite. Exit 1\n"
		"when a case's plan verdict becomes fail, 3 when the server has no HypoPG.",
	.options = "dsn pg-bin keep no-cache filter tag case seed index hide-index suggest min-saving "
		   "min-saving-cost json "
		   "markdown",
	.min_args = 1,
	.max_args = -1,
	.operand_hint = "one or more PATHs: .sql case files or folders of them",
	.run = whatif_run,
};
