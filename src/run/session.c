/*
 * session.c: the pass over the selected cases (see session.h).
 */
#include "run/session.h"

#include <stdlib.h>
#include <string.h>

#include "run/probe.h"
#include "util/clock.h"
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

/* Moves the timings of again (a re-measure) into r; again keeps r's old ones to free. */
static void
take_timing(struct pp_case_result *r, struct pp_case_result *again)
{
	struct pp_case_result old = *r;

	r->samples = again->samples;
	r->hist = again->hist;
	r->stats = again->stats;
	r->server_ns = again->server_ns;
	r->probe_ns = again->probe_ns;
	r->n_probe = again->n_probe;
	r->wall_ns = again->wall_ns;
	again->samples = old.samples;
	again->hist = old.hist;
	again->server_ns = old.server_ns;
	again->probe_ns = old.probe_ns;
}

/*
 * A case that looks slower than its baseline is timed again, case and probe alternating, and
 * judged on the new times: a burst of noise during its first timing is not a regression.
 */
static bool
remeasure(struct pp_conn *conn, const struct pp_runner_options *ro,
	  const struct pp_session_options *o, struct pp_case_result *r)
{
	struct pp_case_result again = { .c = r->c, .status = PP_STATUS_PASS };
	struct pp_runner_options same = *ro;
	struct pp_rng rng;
	double ratio;
	int64_t t0;
	bool alive;

	if (r->status == PP_STATUS_ERROR || !pp_baseline_time_suspect(o->baseline, r, &ratio))
		return true;
	t0 = pp_clock_now_ns();
	pp_rng_init(&rng, pp_session_case_seed(o->seed, pp_case_label(r->c)));
	same.probe_loops = r->probe_loops;
	alive = pp_runner_run_case(conn, &same, &rng, &again);
	if (again.has_stats && again.n_probe > 0) {
		take_timing(r, &again);
		r->remeasured = true;
		r->first_ratio = ratio;
		r->remeasure_ns = pp_clock_now_ns() - t0;
	}
	pp_result_reset(&again);
	return alive;
}

/* A/B: the case on both databases, iterations alternating, and r judged against the base. */
static bool
run_ab(struct pp_conn *conn, const struct pp_runner_options *ro,
       const struct pp_session_options *o, struct pp_case_result *r)
{
	struct pp_case_result rb = { .c = r->c, .status = PP_STATUS_PASS };
	bool alive = pp_runner_run_pair(conn, o->base, ro,
					pp_session_case_seed(o->seed, pp_case_label(r->c)), r, &rb);

	if (r->has_stats && rb.has_stats) {
		pp_gate_plans(rb.plan, r->plan, "the base database", &o->gate, r);
		pp_gate_ab_time(&o->gate, &rb, r);
	} else if (r->has_stats) {
		pp_result_add_finding(r, "time", PP_SEVERITY_WARN, NULL, NULL,
				      "not compared: on the base database the case %s",
				      rb.reason ? rb.reason : "did not run");
		r->status = pp_outcome_worse(r->status, PP_STATUS_WARN);
	}
	pp_result_reset(&rb);
	return alive;
}

/* Runs and judges one case; false when nothing more can run. */
static bool
run_one(struct pp_conn *conn, const struct pp_case *c, const struct pp_session_options *o,
	struct pp_run *run)
{
	struct pp_runner_options ro = { .iterations = o->iterations,
					.explain_only = o->explain_only,
					.vacuum_writes = o->vacuum_writes,
					.probe = o->probe,
					.probe_ns_per_loop = o->probe_ns_per_loop,
					.probe_loops = pp_baseline_probe_loops(o->baseline,
									       pp_case_label(c)),
					.fragility = o->fragility,
					.progress = o->progress,
					.progress_ctx = o->progress_ctx };
	struct pp_case_result *r = pp_run_add(run, c);
	struct pp_rng rng;
	bool alive;

	r->family = o->family; /* for the findings, and a plan hook's own (whatif) */

	pp_rng_init(&rng, pp_session_case_seed(o->seed, pp_case_label(c)));
	if (c->problem != NULL) {
		/* Found before anything ran (see case.h): never run, the other cases still are. */
		r->status = PP_STATUS_ERROR;
		pp_result_set_reason(r, "%s", c->problem);
		alive = true;
	} else if (o->base != NULL) {
		alive = run_ab(conn, &ro, o, r);
	} else {
		alive = pp_runner_run_case(conn, &ro, &rng, r);
		if (alive && o->baseline != NULL)
			alive = remeasure(conn, &ro, o, r);
	}
	if (r->has_stats)
		pp_threshold_evaluate(r);
	pp_findings_evaluate(r);
	r->family = NULL; /* the session's, freed before the results are */
	pp_baseline_compare(o->baseline, r);
	if (o->fragility)
		pp_gate_fragility(&o->gate, r);
	report(o, run, r);
	return alive;
}

void
pp_session_load_family(struct pp_conn *conn, struct pp_family *f)
{
	/*
	 * Each child with its parent: tables and indexes in pg_inherits (a partition's index is
	 * attached to its partitioned table's), and an inheritance child's index, attached to
	 * nothing, paired with its parent's index of the same definition (columns by name,
	 * operator classes, expressions, predicate), which it stands for.
	 */
	static const char sql[] =
		"SELECT coalesce(string_agg(child || E'\\t' || parent || E'\\t' || kind, E'\\n'), '') "
		"FROM (SELECT format('%s.%s', cn.nspname, c.relname) AS child, "
		"format('%s.%s', pn.nspname, p.relname) AS parent, "
		"CASE WHEN p.relkind IN ('p', 'I') THEN 'p' ELSE 'i' END AS kind "
		"FROM pg_catalog.pg_inherits i "
		"JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid "
		"JOIN pg_catalog.pg_namespace cn ON cn.oid = c.relnamespace "
		"JOIN pg_catalog.pg_class p ON p.oid = i.inhparent "
		"JOIN pg_catalog.pg_namespace pn ON pn.oid = p.relnamespace "
		"WHERE c.relkind IN ('r', 'p', 'f', 'm', 'i', 'I') "
		"UNION ALL "
		"SELECT format('%s.%s', cn.nspname, ci.relname), format('%s.%s', pn.nspname, pc.relname), "
		"'i' FROM pg_catalog.pg_inherits h "
		"JOIN pg_catalog.pg_class t ON t.oid = h.inhrelid AND NOT t.relispartition "
		"JOIN pg_catalog.pg_index x ON x.indrelid = h.inhrelid "
		"JOIN pg_catalog.pg_index y ON y.indrelid = h.inhparent AND y.indnatts = x.indnatts "
		"AND y.indclass::pg_catalog.oid[] = x.indclass::pg_catalog.oid[] "
		"AND coalesce(pg_catalog.pg_get_expr(y.indexprs, y.indrelid), '') = "
		"coalesce(pg_catalog.pg_get_expr(x.indexprs, x.indrelid), '') "
		"AND coalesce(pg_catalog.pg_get_expr(y.indpred, y.indrelid), '') = "
		"coalesce(pg_catalog.pg_get_expr(x.indpred, x.indrelid), '') "
		"AND ARRAY(SELECT a.attname FROM unnest(x.indkey::pg_catalog.int2[]) WITH ORDINALITY "
		"AS k(n, o) LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = x.indrelid "
		"AND a.attnum = k.n ORDER BY k.o) = "
		"ARRAY(SELECT a.attname FROM unnest(y.indkey::pg_catalog.int2[]) WITH ORDINALITY "
		"AS k(n, o) LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = y.indrelid "
		"AND a.attnum = k.n ORDER BY k.o) "
		"JOIN pg_catalog.pg_class ci ON ci.oid = x.indexrelid "
		"JOIN pg_catalog.pg_namespace cn ON cn.oid = ci.relnamespace "
		"JOIN pg_catalog.pg_class pc ON pc.oid = y.indexrelid "
		"JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace) AS pairs";
	struct pp_db_error err = { 0 };
	char *text = NULL;

	if (!pp_conn_query_value(conn, sql, 0, NULL, &text, &err))
		pp_log_warning("cannot read the partitions of the database's tables (%s): an "
			       "assertion on a partitioned table covers only the table itself",
			       err.message);
	for (char *line = text, *next; line != NULL && *line != '\0'; line = next) {
		char *tab, *kind, *end = strchr(line, '\n');

		next = end != NULL ? end + 1 : NULL;
		if (end != NULL)
			*end = '\0';
		tab = strchr(line, '\t');
		kind = tab != NULL ? strchr(tab + 1, '\t') : NULL;
		if (kind != NULL) {
			*tab = '\0';
			*kind = '\0';
			pp_family_add(f, line, tab + 1, strcmp(kind + 1, "p") == 0);
		}
	}
	free(text);
	pp_db_error_reset(&err);
}

void
pp_session_run(struct pp_conn *conn, const struct pp_case *const *cases, size_t n,
	       const struct pp_session_options *o, struct pp_run *run)
{
	struct pp_session_options so = *o;
	struct pp_db_error err = { 0 };
	struct pp_family family;
	double base_ns_per_loop;
	size_t i = 0;

	pp_family_init(&family);
	pp_session_load_family(conn, &family);
	so.family = &family;

	if (so.probe && (!pp_probe_setup(conn, &so.probe_ns_per_loop, &err) ||
			 (so.base != NULL && !pp_probe_setup(so.base, &base_ns_per_loop, &err)))) {
		pp_log_warning("the calibration probe cannot be set up%s (%s): times are compared raw",
			       so.base != NULL ? " on both databases" : "",
			       err.message ? err.message : "no reason given");
		so.probe = false;
	}
	pp_db_error_reset(&err);
	o = &so;
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
	pp_family_reset(&family);
	if (o->baseline != NULL && !run->interrupted && !run->connection_lost)
		for (size_t k = 0; k < o->baseline->n_cases; k++)
			if (!o->baseline->cases[k].seen)
				pp_log_info("baseline %s: case %s was not run (gone, or not selected)",
					    o->baseline->path, o->baseline->cases[k].name);
}
