/*
 * load.h: the suite under concurrent clients (pgperf load), level after level.
 *
 * Each level runs N client connections for a duration, after a warmup that is not recorded.
 * Clients are spread over at most one thread per core (never one per client); each thread runs
 * an event loop (run/loop.h) over its clients' non-blocking connections (pg/aconn.h). A client is
 * a user: it picks a case by weight, draws its parameters (run/draw.h) and executes the case's
 * prepared statement, then pauses for the think time (closed loop), or, with a fixed arrival
 * rate, waits for its next intended start, latency then counting from the intended start so a
 * slow server cannot hide its delay (no coordinated omission). A write case runs inside its own
 * transaction, rolled back after it. A connection lost mid-run is an error of that execution
 * (SQLSTATE 08006 when the server gave none) and the client reconnects.
 *
 * Every second the coordinating thread merges the threads' last-second histograms (run/hist.h)
 * into the level's time series, and samples pg_stat_activity's wait events of pgperf's
 * connections on its own connection.
 *
 * Ownership: a struct pp_load_result is caller-owned storage (pp_load_result_init /
 * pp_load_result_reset) that owns its levels and everything in them; it borrows the cases,
 * which must outlive it. Options are borrowed for the duration of pp_load_run.
 */
#ifndef PP_LOAD_H
#define PP_LOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "input/case.h"
#include "pg/conn.h"
#include "run/hist.h"

/* The error code counted for a connection lost without a server error. */
#define PP_LOAD_LOST_SQLSTATE "08006"
/* The longest ramp of the spike: from 0 to the highest level within this. */
#define PP_LOAD_SPIKE_RAMP_NS INT64_C(10000000000)

/* Errors of one SQLSTATE. */
struct pp_load_errors {
	char sqlstate[6];
	uint64_t n;
	char *example; /* one message of them, owned */
};

/* What one case did at one level. */
struct pp_load_case_stats {
	struct pp_hist *hist; /* latencies of the executions that succeeded */
	uint64_t ok, errors;
	struct pp_load_errors *by_state;
	size_t n_states;
};

/* One second of a level, from its start (warmup excluded). */
struct pp_load_second {
	double t;      /* seconds since the level's recording began, at the window's end */
	uint64_t ok, errors;
	double p50_ms, p95_ms, p99_ms; /* 0 when nothing succeeded in the window */
	int clients;   /* clients running (the spike's ramp) */
};

/* A wait event seen in the level's samples of pg_stat_activity. */
struct pp_load_wait {
	char *event; /* "Lock/transactionid", "IO/DataFileRead", "CPU" (active, no wait event) */
	uint64_t samples;
};

struct pp_load_level {
	int clients;
	bool spike;           /* the spike phase, not a level */
	double seconds;       /* recorded wall time */
	struct pp_hist *hist; /* every case's successful executions */
	uint64_t ok, errors, reconnects;
	uint64_t connect_failures;  /* connects that failed (retried every 200 ms) */
	char *connect_error;        /* the first one's message, or NULL */
	struct pp_load_errors *by_state;
	size_t n_states;
	struct pp_load_case_stats *cases; /* one per case, in the run's order */
	struct pp_load_second *series;
	size_t n_series, cap_series;
	struct pp_load_wait *waits; /* most seen first */
	size_t n_waits;
	uint64_t wait_samples;      /* how many times pg_stat_activity was read */
	bool saturated;             /* throughput stopped growing with clients (set by the caller) */
	bool complete;              /* ran its whole duration */
	double spike_recovery_s;    /* spike: seconds from the ramp's end until a window's p99 was
				       back within the bound; < 0 when it never was */
};

/* A case in the load with its weight and its think time (< 0: the run's). */
struct pp_load_case {
	const struct pp_case *c;
	double weight;
	int64_t think_ns;
};

/* Called once a second while a level runs (for the progress line); may be NULL. */
typedef void (*pp_load_progress_fn)(const struct pp_load_level *lv, double elapsed_s,
				    bool warmup, void *ctx);

struct pp_load_options {
	const int64_t *clients;  /* the levels, in order */
	size_t n_levels;
	int64_t duration_ns;
	int64_t warmup_ns;
	int64_t think_ns;        /* 0: closed loop */
	double rate;             /* > 0: arrivals per second per level (open loop) */
	bool spike;              /* after the levels, 0 to the highest within 10 s, hold */
	double spike_factor;     /* spike recovery: p99 back within this times the first level's */
	int64_t spike_limit_ns;  /* hold the spike at most this long after its ramp */
	int threads;             /* 0: one per core */
	uint64_t seed;
	const char *conninfo;    /* where clients connect */
	pp_load_progress_fn progress;
	void *progress_ctx;
};

struct pp_load_result {
	const struct pp_load_case *cases; /* borrowed */
	size_t n_cases;
	struct pp_load_level *levels;     /* the levels run (the last may be partial), then the
					     spike when it ran */
	size_t n_levels;
	int threads;
	bool interrupted;
	bool failed;                      /* set up failed (logged): no level ran */
};

void pp_load_result_init(struct pp_load_result *r);
void pp_load_result_reset(struct pp_load_result *r);

/*
 * Runs every level (then the spike) against o->conninfo; conn is the coordinating connection
 * (parameter samples, wait events). Fills *out; returns false when set up failed (logged) or
 * the run was interrupted (out->interrupted), the levels run so far being in *out.
 */
bool pp_load_run(struct pp_conn *conn, const struct pp_load_case *cases, size_t n_cases,
		 const struct pp_load_options *o, struct pp_load_result *out);

/*
 * The case a uniform u in [0, 1) picks among n cases of the given weights (> 0 each, as
 * cumulative sums cum[i] = w[0] + ... + w[i]): the first i with u * cum[n-1] < cum[i].
 */
size_t pp_load_pick(const double *cum, size_t n, double u);

/* A level's error rate: errors / (ok + errors), 0 when nothing ran. */
double pp_load_error_rate(uint64_t ok, uint64_t errors);

#endif
