/*
 * session.c: the pass over the selected cases (see session.h).
 */
#include "run/session.h"

#include "util/interrupt.h"
#include "util/log.h"
#include "verdict/findings.h"
#include "verdict/threshold.h"

uint64_t
pp_session_case_seed(uint64_t seed, const char *name)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */

	for (const char *p = name; *p; p++) {
		h ^= (unsigned char)*p;
		h *= 1099511628211ULL;
	}
	return seed ^ h;
}

static void
report(const struct pp_session_options *o, const struct pp_run *run,
       const struct pp_case_result *r)
{
	if (o->progress_done != NULL)
		o->progress_done(o->progress_ctx);
	for (size_t i = 0; i < o->n_reporters; i++)
		pp_report_case_done(o->reporters[i], run, r);
}

/* Runs and judges one case; false when nothing more can run. */
static bool
run_one(struct pp_conn *conn, const struct pp_case *c, const struct pp_session_options *o,
	struct pp_run *run)
{
	struct pp_runner_options ro = { .iterations = o->iterations,
					.explain_only = o->explain_only,
					.vacuum_writes = o->vacuum_writes,
					.progress = o->progress,
					.progress_ctx = o->progress_ctx };
	struct pp_case_result *r = pp_run_add(run, c);
	struct pp_rng rng;
	bool alive;

	pp_rng_init(&rng, pp_session_case_seed(o->seed, pp_case_label(c)));
	if (c->problem != NULL) {
		/* Found before anything ran (see case.h): never run, the other cases still are. */
		r->status = PP_STATUS_ERROR;
		pp_result_set_reason(r, "%s", c->problem);
		alive = true;
	} else {
		alive = pp_runner_run_case(conn, &ro, &rng, r);
	}
	if (r->has_stats)
		pp_threshold_evaluate(r);
	pp_findings_evaluate(r);
	pp_baseline_compare(o->baseline, r);
	report(o, run, r);
	return alive;
}

void
pp_session_run(struct pp_conn *conn, const struct pp_case *const *cases, size_t n,
	       const struct pp_session_options *o, struct pp_run *run)
{
	size_t i = 0;

	while (i < n && run_one(conn, cases[i], o, run))
		i++;
	if (pp_interrupt_pending()) {
		run->interrupted = true;
	} else if (i < n) {
		run->connection_lost = true;
		pp_log_error("connection lost: %zu remaining cases not run", n - i - 1);
		for (i++; i < n; i++) {
			struct pp_case_result *r = pp_run_add(run, cases[i]);

			r->status = PP_STATUS_ERROR;
			pp_result_set_reason(r, "not run: connection lost");
			report(o, run, r);
		}
	}
	pp_run_count(run);
	if (o->baseline != NULL && !run->interrupted && !run->connection_lost)
		for (size_t k = 0; k < o->baseline->n_cases; k++)
			if (!o->baseline->cases[k].seen)
				pp_log_info("baseline %s: case %s was not run (gone, or not selected)",
					    o->baseline->path, o->baseline->cases[k].name);
}
