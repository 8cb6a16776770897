/*
 * session.h: one pass over the selected cases on one connection, the pipeline of verify and
 * explain: each case is run (runner), judged (thresholds, plan findings, baseline) and handed to
 * the reporters as it finishes. A lost connection marks the remaining cases as not run.
 */
#ifndef PP_SESSION_H
#define PP_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pg/conn.h"
#include "report/report.h"
#include "run/result.h"
#include "run/runner.h"
#include "verdict/baseline.h"
#include "verdict/gate.h"

struct pp_session_options {
	long iterations;                /* > 0 overrides every case's iterations */
	bool explain_only;              /* no timed iterations (pgperf explain) */
	bool vacuum_writes;             /* vacuum what write cases wrote to (the throwaway server) */
	uint64_t seed;                  /* each case's generators start from it and its name */
	struct pp_baseline *baseline;   /* compared with, or NULL; a case that looks slower than
					   it is timed again (case and probe alternating) first */
	bool probe;                     /* time the calibration probe between iterations (with
					   base, on both connections) */
	double probe_ns_per_loop;       /* set by pp_session_run when it sets the probe up */
	bool fragility;                 /* cost-tie fragility findings (gate.h) */
	struct pp_conn *base;           /* --compare-dsn: every case A/B against this database */
	struct pp_gate_options gate;    /* the gates of A/B runs and fragility */
	const struct pp_family *family; /* set by pp_session_run: partitions of the tables */
	struct pp_reporter *const *reporters; /* each gets every result as it is judged */
	size_t n_reporters;
	pp_runner_progress progress;    /* called while a case runs, or NULL */
	void (*progress_done)(void *ctx); /* called before a result is reported, or NULL */
	void *progress_ctx;
};

/*
 * Runs cases[0..n) in order, adding a result for each to run, and counts them. Sets
 * run->interrupted or run->connection_lost when the pass stopped early.
 */
void pp_session_run(struct pp_conn *conn, const struct pp_case *const *cases, size_t n,
		    const struct pp_session_options *o, struct pp_run *run);

/*
 * Which tables are partitions or inheritance children of which (pg_inherits), read once into f
 * (pp_family_init'ed by the caller): an assertion on a table covers its partitions. Best effort:
 * on an error it warns and f keeps what it had.
 */
void pp_session_load_family(struct pp_conn *conn, struct pp_family *f);
/* The generators' seed of one case: depends on the run's seed and the case's name only. */
uint64_t pp_session_case_seed(uint64_t seed, const char *name);

#endif
