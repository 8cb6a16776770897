/*
 * runner.c: runs one case on a connection and times its iterations (see runner.h).
 */
#include "run/runner.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "plan/diff.h"
#include "run/draw.h"
#include "run/footprint.h"
#include "run/indexinfo.h"
#include "run/nested.h"
#include "run/probe.h"
#include "run/servertime.h"
#include "util/clock.h"
#include "util/interrupt.h"
#include "util/buf.h"
#include "util/mem.h"
#include "input/sql.h"
#include "util/units.h"

#define STATEMENT_NAME "pgperf_case"
/* A write case's savepoint, set once: every iteration is rolled back to it (which keeps it), so
 * the transaction never holds more than one subtransaction however many iterations run. */
#define SAVEPOINT_NAME "pgperf_iteration"
/* Around the plan made with sequential scans off, released after it. */
#define ALTERNATIVE_SAVEPOINT "pgperf_alternative"
/* Around the run that captures the statements below the case's (run/nested.h). */
#define NESTED_RUN_SAVEPOINT "pgperf_nested_run"

/* "file:line:column" of a 1-based character position in the case's SQL. */
static void
sql_position(const struct pp_case *c, int position, char *out, size_t size)
{
	int line, col;

	pp_sql_locate(c->sql, pp_sql_char_offset(c->sql, position), &line, &col);
	snprintf(out, size, "%s:%d:%d", c->file, c->sql_line + line - 1, col);
}

void
pp_runner_execute_args(struct pp_conn *conn, const struct pp_case *c, const char *const *values,
		       struct pp_buf *sql)
{
	for (int i = 0; i < c->max_param; i++) {
		char *lit = pp_conn_quote_literal(conn, values[i]);

		pp_buf_puts(sql, i == 0 ? "(" : ", ");
		pp_buf_puts(sql, lit);
		free(lit);
	}
	if (c->max_param > 0)
		pp_buf_putc(sql, ')');
}

/*
 * One more execution with the EXPLAIN run's values, for the plans of the statements run below
 * it (run/nested.h): apart from the EXPLAIN run, whose times and trigger times would otherwise
 * count auto_explain's own work, and inside a savepoint rolled back after it (its writes, its
 * settings). False only when the connection was lost; a statement failing here only leaves the
 * nested plans out.
 */
static bool
capture_nested(struct pp_conn *conn, const struct pp_case *c, const char **values,
	       struct pp_case_result *r, struct pp_db_error *err)
{
	struct pp_buf sql;
	struct pp_db_error failed = { 0 };

	if (!pp_conn_exec(conn, "SAVEPOINT " NESTED_RUN_SAVEPOINT, err) ||
	    !pp_nested_begin(conn, &r->nested, c->sql, err))
		return false;
	pp_buf_init(&sql);
	pp_buf_puts(&sql, "EXECUTE " STATEMENT_NAME);
	pp_runner_execute_args(conn, c, values, &sql);
	if (r->nested.captured && !pp_conn_exec(conn, sql.data, &failed))
		pp_log_debug("%s: the run for the statements below it failed: %s",
			     pp_case_label(c), failed.message);
	pp_nested_end(conn, &r->nested);
	pp_db_error_reset(&failed);
	pp_buf_reset(&sql);
	return pp_conn_exec(conn,
			    "ROLLBACK TO SAVEPOINT " NESTED_RUN_SAVEPOINT "; "
			    "RELEASE SAVEPOINT " NESTED_RUN_SAVEPOINT,
			    err);
}

/*
 * Runs EXPLAIN (ANALYZE, BUFFERS, VERBOSE, FORMAT JSON) on one more execution of the prepared
 * statement with freshly drawn values (inside the case's transaction, undone like an iteration
 * when the statement writes: rolled back to the case's savepoint) and keeps the plan in r.
 * VERBOSE is what makes PostgreSQL name each relation's schema.
 */
static bool
explain_case(struct pp_conn *conn, struct pp_rng *rng, struct pp_draw *draw, const char **values,
	     struct pp_case_result *r, struct pp_db_error *err)
{
	const struct pp_case *c = r->c;
	struct pp_buf sql;
	char *json = NULL;
	const char *why;
	bool ok;

	pp_draw_next(draw, rng, values);
	pp_buf_init(&sql);
	pp_buf_puts(&sql, "EXPLAIN (ANALYZE, BUFFERS, VERBOSE, FORMAT JSON) EXECUTE " STATEMENT_NAME);
	pp_runner_execute_args(conn, c, values, &sql);
	ok = pp_conn_query_value(conn, sql.data, 0, NULL, &json, err);
	ok = ok && (!c->modifies || pp_conn_exec(conn, "ROLLBACK TO SAVEPOINT " SAVEPOINT_NAME, err));
	/* every case: the statements its functions and triggers run are judged for N+1 too */
	ok = ok && capture_nested(conn, c, values, r, err);
	pp_buf_reset(&sql);
	if (ok) {
		r->plan = json ? pp_explain_parse(json, &why) : NULL;
		if (r->plan == NULL) {
			pp_db_error_reset(err);
			err->message = pp_mem_strdup(json ? why : "EXPLAIN returned no plan");
		}
		ok = r->plan != NULL;
	}
	if (ok)
		pp_indexinfo_read(conn, r);
	free(json);
	return ok;
}

/*
 * The plan PostgreSQL makes under settings (SET LOCAL statements; plain EXPLAIN, nothing
 * executed), into *out. A fresh PREPARE, because a cached plan ignores setting changes. Best
 * effort: a failure here only leaves the plan out, but a lost connection is reported.
 */
static bool
explain_alternative(struct pp_conn *conn, const struct pp_case *c, const char **values,
		    const char *settings, struct pp_plan **out, struct pp_db_error *err)
{
	struct pp_buf sql;
	char *json = NULL;
	const char *why;
	bool ok;

	pp_buf_init(&sql);
	pp_buf_printf(&sql, "SAVEPOINT " ALTERNATIVE_SAVEPOINT "; %s; "
			    "PREPARE pgperf_alternative AS %s",
		      settings, c->sql);
	ok = pp_conn_exec(conn, sql.data, err);
	pp_buf_clear(&sql);
	pp_buf_puts(&sql, "EXPLAIN (FORMAT JSON, VERBOSE) EXECUTE pgperf_alternative");
	pp_runner_execute_args(conn, c, values, &sql);
	if (ok && pp_conn_query_value(conn, sql.data, 0, NULL, &json, err) && json != NULL)
		*out = pp_explain_parse(json, &why);
	free(json);
	pp_buf_reset(&sql);
	/* Undo the setting (and a failed statement), then drop the statement, which outlives it. */
	pp_db_error_reset(err);
	ok = pp_conn_exec(conn, "ROLLBACK TO SAVEPOINT " ALTERNATIVE_SAVEPOINT "; "
				"RELEASE SAVEPOINT " ALTERNATIVE_SAVEPOINT, err);
	if (ok && !pp_conn_exec(conn, "DEALLOCATE pgperf_alternative", err))
		pp_db_error_reset(err);
	return !pp_conn_lost(conn);
}

/*
 * For a case that expects an index scan: the plan PostgreSQL makes when sequential scans are
 * off, so an unmet expectation can say whether an index could serve the query at all.
 */
static bool
explain_without_seqscan(struct pp_conn *conn, const char **values, struct pp_case_result *r,
			struct pp_db_error *err)
{
	const struct pp_case *c = r->c;
	bool wanted = false;

	for (size_t i = 0; i < c->n_assertions; i++)
		wanted = wanted || c->assertions[i].kind == PP_ASSERT_EXPECT_INDEX ||
			 c->assertions[i].kind == PP_ASSERT_EXPECT_INDEX_ONLY;
	if (!wanted)
		return true;
	return explain_alternative(conn, c, values, "SET LOCAL enable_seqscan = off",
				   &r->seqscan_off_plan, err);
}

static bool
reads_through_index(const struct pp_plan_node *n)
{
	if (pp_plan_node_uses_index(n))
		return true;
	for (size_t i = 0; i < n->n_children; i++)
		if (reads_through_index(n->children[i]))
			return true;
	return false;
}

/* For cost-tie fragility: the plan PostgreSQL makes with the index scans it chose off. */
static bool
explain_without_index(struct pp_conn *conn, const struct pp_runner_options *opts,
		      const char **values, struct pp_case_result *r, struct pp_db_error *err)
{
	if (!opts->fragility || r->plan == NULL || !reads_through_index(r->plan->root))
		return true;
	return explain_alternative(conn, r->c, values,
				   "SET LOCAL enable_indexscan = off; "
				   "SET LOCAL enable_indexonlyscan = off; "
				   "SET LOCAL enable_bitmapscan = off",
				   &r->noindex_plan, err);
}

/* Records a server error on r; false when the connection is gone. */
static bool
record_error(struct pp_case_result *r, const struct pp_db_error *err, const char *doing)
{
	const struct pp_case *c = r->c;

	r->status = PP_STATUS_ERROR;
	snprintf(r->sqlstate, sizeof r->sqlstate, "%s", err->sqlstate);
	pp_result_set_error_info(r, err->detail, err->hint, err->context);
	if (err->connection_lost) {
		pp_result_set_reason(r, "connection lost while %s: %s", doing, err->message);
		return false;
	}
	if (pp_interrupt_pending()) {
		pp_result_set_reason(r, "interrupted");
		return false;
	}
	if (strcmp(err->sqlstate, "57014") == 0) {
		char limit[32];

		pp_units_format_duration(c->timeout_ns, limit, sizeof limit);
		pp_result_set_reason(r, "timed out after %s (statement_timeout, SQLSTATE 57014)",
				     limit);
	} else if (err->position > 0) {
		char where[512];

		sql_position(c, err->position, where, sizeof where);
		pp_result_set_reason(r, "%s (SQLSTATE %s at %s)", err->message, err->sqlstate,
				     where);
	} else if (err->sqlstate[0] != '\0') {
		pp_result_set_reason(r, "%s (SQLSTATE %s)", err->message, err->sqlstate);
	} else {
		pp_result_set_reason(r, "%s", err->message);
	}
	return true;
}

/*
 * Marks r skip when a relation or schema it requires is missing (or error when the check itself
 * fails). Returns false when the connection is gone.
 */
static bool
check_requires(struct pp_conn *conn, struct pp_case_result *r)
{
	const struct pp_case *c = r->c;
	struct pp_db_error err = { 0 };

	for (size_t i = 0; i < c->n_requires; i++) {
		const char *name = c->requires[i];
		const char *kind = "schema", *sql = "SELECT to_regnamespace($1)::text";
		const char *params[1] = { name };
		char *found = NULL;

		if (strncmp(name, "schema ", 7) == 0) {
			params[0] = name + 7;
		} else if (strncmp(name, "extension ", 10) == 0) {
			kind = "extension";
			params[0] = name + 10;
			sql = "SELECT extname::text FROM pg_catalog.pg_extension WHERE extname = $1";
		} else if (strchr(name, '.') != NULL) {
			kind = "relation";
			sql = "SELECT to_regclass($1)::text";
		}

		if (!pp_conn_query_value(conn, sql, 1, params, &found, &err)) {
			bool alive = record_error(r, &err, "checking requires:");

			pp_db_error_reset(&err);
			return alive;
		}
		if (found == NULL) {
			r->status = PP_STATUS_SKIP;
			pp_result_set_reason(r, "requires %s %s, which does not exist", kind,
					     params[0]);
			return true;
		}
		free(found);
	}
	return true;
}

/* One case's run: what the steps below share, released by pp_runner_run_case. */
struct case_run {
	struct pp_conn *conn;
	const struct pp_runner_options *opts;
	struct pp_case_result *r;
	struct pp_db_error err;
	struct pp_footprint fp; /* sequence positions, draws and writes around the case */
	struct pp_draw *draw;   /* where parameter values come from */
	const char **values;    /* the drawn parameter values */
	long last_rows;         /* rows returned or affected by the last execution */
	bool prepared;
};

/* Counts timed iteration i's rows into the fewest and most (the rows threshold's measure). */
static void
note_rows(struct pp_case_result *r, long i, long rows)
{
	if (i == 0 || rows < r->rows_min)
		r->rows_min = rows;
	if (i == 0 || rows > r->rows_max)
		r->rows_max = rows;
}

/* Where the parameters' values come from; a case pgperf cannot give values is an error. */
static bool
prepare_values(struct case_run *cr, struct pp_rng *rng, bool *alive)
{
	char *why = NULL;

	cr->draw = pp_draw_prepare(cr->conn, cr->r->c, rng, &why, &cr->err);
	if (cr->draw != NULL)
		return true;
	if (why != NULL) {
		cr->r->status = PP_STATUS_ERROR;
		pp_result_set_reason(cr->r, "%s:%d: %s", cr->r->c->file, cr->r->c->sql_line, why);
		free(why);
	} else {
		*alive = record_error(cr->r, &cr->err, "drawing parameter values");
	}
	return false;
}

/*
 * Ends the case on every path: rolls back whatever transaction is open (one that failed, even in
 * BEGIN, included), forgets the prepared statement, then puts back what the case moved
 * (footprint.h). Records a failure on the result; false when the connection is gone.
 */
static bool
finish_case(struct case_run *cr, bool alive)
{
	struct pp_db_error err = { 0 }, more = { 0 };
	bool ok = true;

	if (!pp_conn_lost(cr->conn) && pp_conn_in_transaction(cr->conn)) {
		ok = pp_footprint_rollback(cr->conn, &cr->fp, &err);
		/* Should that message fail before its ROLLBACK, a bare one still ends it. */
		if (!ok && !pp_conn_lost(cr->conn) && pp_conn_in_transaction(cr->conn))
			(void)pp_conn_exec(cr->conn, "ROLLBACK", &more);
	}
	if (cr->prepared && !pp_conn_lost(cr->conn) && !pp_conn_in_transaction(cr->conn) &&
	    !pp_conn_exec(cr->conn, "DEALLOCATE " STATEMENT_NAME, ok ? &err : &more))
		ok = false;
	if (!ok && alive && err.message != NULL)
		alive = record_error(cr->r, &err, "rolling back the case");
	pp_db_error_reset(&err);
	pp_db_error_reset(&more);
	/* Sequences are put back even after an interrupt; a vacuum can wait. */
	if (!pp_conn_lost(cr->conn) &&
	    !pp_footprint_settle(cr->conn, &cr->fp,
				 cr->opts->vacuum_writes && !pp_interrupt_pending(), cr->r))
		alive = false;
	return alive && !pp_conn_lost(cr->conn);
}

/* Applies the case's set: settings (SET LOCAL through set_config). */
static bool
apply_settings(struct case_run *cr, bool *alive)
{
	const struct pp_case *c = cr->r->c;

	for (size_t k = 0; k < c->n_settings; k++) {
		const char *params[2] = { c->settings[k].name, c->settings[k].value };
		char *applied = NULL;

		if (!pp_conn_query_value(cr->conn, "SELECT pg_catalog.set_config($1, $2, true)", 2,
					 params, &applied, &cr->err)) {
			*alive = record_error(cr->r, &cr->err, "applying set:");
			if (*alive)
				pp_result_set_reason(cr->r, "set: %s = %s: %s (SQLSTATE %s)",
						     c->settings[k].name, c->settings[k].value,
						     cr->err.message, cr->err.sqlstate);
			return false;
		}
		free(applied);
	}
	return true;
}

/*
 * Notes sequence positions, opens the case's transaction, applies its settings, prepares the
 * statement and, for a write case, sets the savepoint its iterations are rolled back to. On
 * failure records the error on the result and returns false; *alive tells whether the
 * connection survived.
 */
static bool
start_case(struct case_run *cr, bool *alive)
{
	const struct pp_case *c = cr->r->c;
	long long ms = (long long)((c->timeout_ns + 999999) / 1000000);
	char setup[64];

	if (!pp_footprint_mark(cr->conn, &cr->fp, &cr->err)) {
		*alive = record_error(cr->r, &cr->err, "reading sequence positions");
		return false;
	}
	snprintf(setup, sizeof setup, "SET LOCAL statement_timeout = %lld", ms);
	if (!pp_footprint_begin(cr->conn, &cr->fp, setup, &cr->err)) {
		*alive = record_error(cr->r, &cr->err, "starting the case's transaction");
		return false;
	}
	if (!apply_settings(cr, alive))
		return false;
	if (!pp_conn_prepare(cr->conn, STATEMENT_NAME, c->sql, c->max_param, &cr->err)) {
		*alive = record_error(cr->r, &cr->err, "preparing the statement");
		return false;
	}
	cr->prepared = true;
	if (c->modifies && !pp_conn_exec(cr->conn, "SAVEPOINT " SAVEPOINT_NAME, &cr->err)) {
		*alive = record_error(cr->r, &cr->err, "setting the case's savepoint");
		return false;
	}
	return true;
}

/*
 * One execution with freshly drawn values; a write is rolled back to the case's savepoint after
 * it. Sets *ns to its time; on failure records the error and returns false.
 */
static bool
run_iteration(struct case_run *cr, struct pp_rng *rng, int64_t *ns, bool *alive)
{
	const struct pp_case *c = cr->r->c;
	int64_t t0, t1;
	long rows = 0;
	bool ok;

	pp_draw_next(cr->draw, rng, cr->values);
	t0 = pp_clock_now_ns();
	ok = pp_conn_exec_prepared(cr->conn, STATEMENT_NAME, c->max_param, cr->values, &rows,
				   &cr->err);
	t1 = pp_clock_now_ns();
	if (!ok) {
		*alive = record_error(cr->r, &cr->err, "running the statement");
		return false;
	}
	if (c->modifies &&
	    !pp_conn_exec(cr->conn, "ROLLBACK TO SAVEPOINT " SAVEPOINT_NAME, &cr->err)) {
		*alive = record_error(cr->r, &cr->err, "undoing the iteration's writes");
		return false;
	}
	*ns = t1 - t0;
	cr->last_rows = rows;
	return true;
}

/*
 * The time gates' measurements for timed iteration i (docs/ci.md): the case once more with
 * freshly drawn values, as one more iteration would run (a write rolled back; a function's
 * write in a read-only case stays, as its iterations' do, so the values must not repeat
 * iteration i's), and the calibration probe, both by the server's own clock (servertime.h),
 * the case first after even iterations and the probe first after odd ones, so that neither
 * always runs in the other's wake. Unless the options fix its size, the probe is sized on the
 * first of these case times.
 */
static bool
run_gate_times(struct case_run *cr, struct pp_rng *rng, long i, bool *alive)
{
	struct pp_case_result *r = cr->r;
	const struct pp_case *c = r->c;
	struct pp_buf args;
	bool ok = true;

	pp_draw_next(cr->draw, rng, cr->values);
	pp_buf_init(&args);
	pp_runner_execute_args(cr->conn, c, cr->values, &args);
	for (int k = 0; k < 2 && ok; k++) {
		if ((k == 0) == (i % 2 == 0)) {
			ok = pp_servertime_execute(cr->conn, STATEMENT_NAME, args.data,
						   &r->server_ns[i], &cr->err) &&
			     (!c->modifies || pp_conn_exec(cr->conn,
							   "ROLLBACK TO SAVEPOINT " SAVEPOINT_NAME,
							   &cr->err));
			if (!ok)
				*alive = record_error(r, &cr->err, "timing the statement by the server");
			continue;
		}
		if (r->probe_loops == 0)
			r->probe_loops = cr->opts->probe_loops > 0
						 ? cr->opts->probe_loops
						 : pp_probe_loops_for(r->server_ns[i],
								      cr->opts->probe_ns_per_loop);
		ok = pp_probe_once(cr->conn, i, r->probe_loops, &r->probe_ns[i], &cr->err);
		if (!ok)
			*alive = record_error(r, &cr->err, "timing the calibration probe");
	}
	pp_buf_reset(&args);
	if (ok)
		r->n_probe = (size_t)i + 1;
	return ok;
}

/*
 * The warmup runs, then n timed ones recorded into the result's histogram and, up to
 * PP_RUNNER_MAX_SAMPLES of them, its exact samples; then the statistics. For explain only the
 * warmup runs happen, so the plan cache is where verify's would be.
 */
static bool
time_iterations(struct case_run *cr, struct pp_rng *rng, long n, bool *alive)
{
	struct pp_case_result *r = cr->r;
	const struct pp_case *c = r->c;
	long total = cr->opts->explain_only ? c->warmup : c->warmup + n;
	int64_t loop_start = 0;

	if (!cr->opts->explain_only) {
		r->hist = pp_hist_new();
		if (n <= PP_RUNNER_MAX_SAMPLES)
			r->samples = pp_mem_calloc((size_t)n, sizeof *r->samples);
		if (cr->opts->probe && n <= PP_RUNNER_MAX_SAMPLES) {
			r->server_ns = pp_mem_calloc((size_t)n, sizeof *r->server_ns);
			r->probe_ns = pp_mem_calloc((size_t)n, sizeof *r->probe_ns);
		}
	}
	for (long i = 0; i < total; i++) {
		int64_t ns;

		if (pp_interrupt_pending()) {
			r->status = PP_STATUS_ERROR;
			pp_result_set_reason(r, "interrupted");
			*alive = false;
			return false;
		}
		if (i == c->warmup)
			loop_start = pp_clock_now_ns();
		if (!run_iteration(cr, rng, &ns, alive))
			return false;
		if (i >= c->warmup) {
			note_rows(r, i - c->warmup, cr->last_rows);
			if (r->samples != NULL)
				r->samples[i - c->warmup] = ns;
			pp_hist_record(r->hist, ns);
			if (r->probe_ns != NULL && !run_gate_times(cr, rng, i - c->warmup, alive))
				return false;
		}
		if (cr->opts->progress != NULL)
			cr->opts->progress(c, i + 1, total, cr->opts->progress_ctx);
	}
	if (!cr->opts->explain_only) {
		r->wall_ns = pp_clock_now_ns() - loop_start;
		if (r->samples != NULL)
			pp_stats_compute(r->samples, (size_t)n, &r->stats);
		else
			pp_stats_from_hist(r->hist, &r->stats);
		r->has_stats = true;
	}
	return true;
}

bool
pp_runner_run_case(struct pp_conn *conn, const struct pp_runner_options *opts,
		   struct pp_rng *rng, struct pp_case_result *r)
{
	const struct pp_case *c = r->c;
	long n = opts->iterations > 0 ? opts->iterations : c->iterations;
	struct case_run cr = { .conn = conn, .opts = opts, .r = r };
	bool alive = true;

	if (!check_requires(conn, r))
		return false;
	if (r->status != PP_STATUS_PASS)
		return true;

	pp_footprint_init(&cr.fp, c->modifies);
	/* Catalog look-ups and samples for the parameters, before and outside any timing. */
	if (!prepare_values(&cr, rng, &alive) || !start_case(&cr, &alive))
		goto cleanup;
	cr.values = pp_mem_calloc((size_t)c->max_param + 1, sizeof *cr.values);
	if (!time_iterations(&cr, rng, n, &alive))
		goto cleanup;
	if (opts->plan != NULL) {
		pp_draw_next(cr.draw, rng, cr.values);
		/* The statements its functions run, as verify judges them (not re-planned). */
		if (pp_case_judges_scans(c) && r->nested.n == 0 && !r->nested.captured &&
		    !capture_nested(conn, c, cr.values, r, &cr.err)) {
			alive = record_error(r, &cr.err, "running the statement");
			goto cleanup;
		}
		if (!opts->plan(conn, STATEMENT_NAME, cr.values, r, &cr.err, opts->plan_ctx))
			alive = record_error(r, &cr.err, "planning the statement");
		goto cleanup;
	}
	if (!explain_case(conn, rng, cr.draw, cr.values, r, &cr.err)) {
		r->has_stats = false;
		alive = record_error(r, &cr.err, "explaining the statement");
		goto cleanup;
	}
	if (!explain_without_seqscan(conn, cr.values, r, &cr.err) ||
	    !explain_without_index(conn, opts, cr.values, r, &cr.err)) {
		alive = record_error(r, &cr.err, "explaining the statement");
		goto cleanup;
	}

cleanup:
	alive = finish_case(&cr, alive);
	if (r->status == PP_STATUS_ERROR && !r->has_stats) {
		free(r->samples);
		r->samples = NULL;
		pp_hist_free(r->hist);
		r->hist = NULL;
	}
	pp_db_error_reset(&cr.err);
	pp_footprint_reset(&cr.fp);
	free(cr.values);
	pp_draw_free(cr.draw);
	return alive && !pp_conn_lost(conn);
}

/* --- A/B: one case on two connections, iterations alternating ---------------------------- */

struct pair_side {
	struct case_run cr;
	struct pp_rng rng;
	bool started; /* footprint set up: finish_case must run */
	bool alive;
};

/* Requires, parameter values, transaction and statement of one side; false when it cannot
 * time (its result says why). */
static bool
pair_start(struct pair_side *s, long n)
{
	struct pp_case_result *r = s->cr.r;

	if (!check_requires(s->cr.conn, r)) {
		s->alive = false;
		return false;
	}
	if (r->status != PP_STATUS_PASS)
		return false;
	pp_footprint_init(&s->cr.fp, r->c->modifies);
	s->started = true;
	if (!prepare_values(&s->cr, &s->rng, &s->alive) || !start_case(&s->cr, &s->alive))
		return false;
	s->cr.values = pp_mem_calloc((size_t)r->c->max_param + 1, sizeof *s->cr.values);
	r->hist = pp_hist_new();
	r->samples = pp_mem_calloc((size_t)n, sizeof *r->samples);
	if (s->cr.opts->probe) {
		r->server_ns = pp_mem_calloc((size_t)n, sizeof *r->server_ns);
		r->probe_ns = pp_mem_calloc((size_t)n, sizeof *r->probe_ns);
	}
	return true;
}

/*
 * The iterations of both sides, alternating which goes first. With the probe, each timed
 * iteration is followed by the server-timed run and the probe on its own connection, the probe
 * the same size on both sides (sized by the side timed first): each side's backend may run on
 * a CPU of its own, and its probe shows that CPU's speed.
 */
static bool
pair_iterate(struct pair_side *side[2], long n)
{
	const struct pp_case *c = side[0]->cr.r->c;
	int64_t loop_start = pp_clock_now_ns();

	for (long i = 0; i < c->warmup + n; i++) {
		for (int k = 0; k < 2; k++) {
			struct pair_side *s = side[(i + k) % 2]; /* alternate which side goes first */
			struct pp_case_result *r = s->cr.r;
			int64_t ns;

			if (pp_interrupt_pending()) {
				r->status = PP_STATUS_ERROR;
				pp_result_set_reason(r, "interrupted");
				s->alive = false;
				return false;
			}
			if (!run_iteration(&s->cr, &s->rng, &ns, &s->alive))
				return false;
			if (i < c->warmup)
				continue;
			note_rows(r, i - c->warmup, s->cr.last_rows);
			r->samples[i - c->warmup] = ns;
			pp_hist_record(r->hist, ns);
			if (r->probe_ns == NULL)
				continue;
			if (r->probe_loops == 0) /* the side timed first sizes both probes */
				r->probe_loops = side[(i + k + 1) % 2]->cr.r->probe_loops;
			if (!run_gate_times(&s->cr, &s->rng, i - c->warmup, &s->alive))
				return false;
		}
		if (side[0]->cr.opts->progress != NULL)
			side[0]->cr.opts->progress(c, i + 1, c->warmup + n,
						   side[0]->cr.opts->progress_ctx);
	}
	for (int k = 0; k < 2; k++) {
		struct pp_case_result *r = side[k]->cr.r;

		r->wall_ns = pp_clock_now_ns() - loop_start;
		pp_stats_compute(r->samples, (size_t)n, &r->stats);
		r->has_stats = true;
	}
	return true;
}

static void
pair_finish(struct pair_side *s)
{
	struct pp_case_result *r = s->cr.r;

	if (r->has_stats && r->status == PP_STATUS_PASS &&
	    !explain_case(s->cr.conn, &s->rng, s->cr.draw, s->cr.values, r, &s->cr.err)) {
		r->has_stats = false;
		s->alive = record_error(r, &s->cr.err, "explaining the statement");
	}
	if (s->started)
		s->alive = finish_case(&s->cr, s->alive);
	if (r->status == PP_STATUS_ERROR && !r->has_stats) {
		free(r->samples);
		r->samples = NULL;
		pp_hist_free(r->hist);
		r->hist = NULL;
	}
	pp_db_error_reset(&s->cr.err);
	pp_footprint_reset(&s->cr.fp);
	free(s->cr.values);
	pp_draw_free(s->cr.draw);
}

bool
pp_runner_run_pair(struct pp_conn *conn, struct pp_conn *base,
		   const struct pp_runner_options *opts, uint64_t seed, struct pp_case_result *r,
		   struct pp_case_result *rb)
{
	const struct pp_case *c = r->c;
	long n = opts->iterations > 0 ? opts->iterations : c->iterations;
	struct pair_side a = { .cr = { .conn = conn, .opts = opts, .r = r }, .alive = true };
	struct pair_side b = { .cr = { .conn = base, .opts = opts, .r = rb }, .alive = true };
	struct pair_side *side[2] = { &a, &b };

	if (n > PP_RUNNER_MAX_SAMPLES)
		n = PP_RUNNER_MAX_SAMPLES;
	pp_rng_init(&a.rng, seed);
	pp_rng_init(&b.rng, seed);
	if (pair_start(&a, n) && pair_start(&b, n))
		(void)pair_iterate(side, n);
	pair_finish(&a);
	pair_finish(&b);
	return a.alive && b.alive && !pp_conn_lost(conn) && !pp_conn_lost(base);
}
