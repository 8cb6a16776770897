/*
 * runner.h: the timing loop.
 *
 * Each case runs in its own transaction, rolled back at the end, with statement_timeout set to
 * the case's timeout. The statement is prepared once and executed through the extended protocol
 * with bind values; every iteration is timed alone on CLOCK_MONOTONIC from send to last result.
 * A data-modifying statement's iterations are each rolled back to one savepoint set before the
 * first, so iterations never see each other's writes and the transaction holds one
 * subtransaction however many run. Every path out of a case ends its transaction, so a failing
 * case never leaves the next one inside a failed transaction. Sequences the case moved are put
 * back when no other session drew from them meanwhile, and reported otherwise (footprint.h).
 */
#ifndef PP_RUNNER_H
#define PP_RUNNER_H

#include <stdbool.h>

#include "pg/conn.h"
#include "run/result.h"
#include "util/buf.h"
#include "util/rng.h"

/*
 * A case timed at most this many times keeps every iteration's time (int64 ns: 8 MB at the
 * limit, and sorting them may take as much again for a moment) and reports exact percentiles;
 * above it only the histogram is kept (32 KiB whatever the count) and percentiles are within
 * 0.39 % (see hist.h), so memory stays bounded for any iteration count.
 */
#define PP_RUNNER_MAX_SAMPLES 1000000L

/* Called after each iteration (warmup included) for a progress display; may be NULL. */
typedef void (*pp_runner_progress)(const struct pp_case *c, long done, long total, void *ctx);

struct pp_runner_options {
	long iterations; /* > 0 overrides every case's iterations */
	bool explain_only; /* no timed iterations: warmup, then EXPLAIN ANALYZE (pgperf explain) */
	bool vacuum_writes; /* vacuum the tables a write case wrote to after it (the throwaway
			       server: later cases see clean tables) */
	bool probe;         /* after every timed iteration, time one more run of the case and the
			       calibration probe by the server's clock (probe.h, servertime.h;
			       the probe set up on the connection first) */
	double probe_ns_per_loop; /* what pp_probe_setup measured */
	long probe_loops;   /* > 0: the probe's size (a baseline's); 0: sized on the case's first
			       server time */
	bool fragility;     /* when the plan reads through an index, also plan it with index
			       scans off (noindex_plan), for cost-tie fragility */
	pp_runner_progress progress;
	void *progress_ctx;
	/*
	 * When set (pgperf whatif), called with explain_only instead of EXPLAIN ANALYZE: after the
	 * warmup, inside the case's transaction, with the prepared statement's name and freshly
	 * drawn values. It fills what it wants of r; a server error goes into *err and false is
	 * returned (recorded on r like any other).
	 */
	bool (*plan)(struct pp_conn *conn, const char *statement, const char *const *values,
		     struct pp_case_result *r, struct pp_db_error *err, void *ctx);
	void *plan_ctx;
};

/*
 * Checks the case's requires: and runs it, filling r: skip with the reason, error with the
 * server's message and SQLSTATE, or stats with status pass (thresholds are judged later).
 * Returns false only when the connection is lost or pgperf was interrupted: nothing more can run.
 */
/* Appends "(lit, lit, ...)": the case's drawn values as SQL literals, for SQL EXECUTE. */
void pp_runner_execute_args(struct pp_conn *conn, const struct pp_case *c,
			    const char *const *values, struct pp_buf *sql);

bool pp_runner_run_case(struct pp_conn *conn, const struct pp_runner_options *opts,
			struct pp_rng *rng, struct pp_case_result *r);

/*
 * A/B: runs the case on two connections at once (each in its own transaction), its iterations
 * alternating between them so that noise hits both sides alike, with the same drawn values on
 * each side. Fills r (conn) and rb (base) as pp_runner_run_case would; false when either
 * connection is lost or pgperf was interrupted.
 */
bool pp_runner_run_pair(struct pp_conn *conn, struct pp_conn *base,
			const struct pp_runner_options *opts, uint64_t seed,
			struct pp_case_result *r, struct pp_case_result *rb);

#endif
