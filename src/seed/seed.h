/*
 * seed.h: `pgperf seed`: a spec's tables filled through COPY, parents before children, in one
 * transaction, then ANALYZE (docs/seed-format.md). Rows are generated and streamed as they are
 * made: memory stays flat whatever the row count.
 */
#ifndef PP_SEED_H
#define PP_SEED_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "pg/conn.h"
#include "util/outcome.h"
#include "seed/seedspec.h"

struct pp_seed_options {
	double scale;      /* multiplies every table's rows (--scale) */
	uint64_t seed;     /* --seed */
	bool clear;        /* --clear: TRUNCATE the spec's tables first */
	bool yes;          /* --yes: no confirmation for --clear */
	bool progress;     /* a progress line per table on stderr (a terminal) */
	FILE *out;         /* the plan and the summary; NULL prints nothing */
};

/*
 * Prints the plan: tables in load order with their rows after --scale (from the spec alone; a
 * dry run connects nowhere). Returns false on a cycle between the spec's tables (logged).
 */
bool pp_seed_plan(const struct pp_seed_spec *spec, const struct pp_seed_options *opts);

/*
 * Seeds the database behind conn: BAD_INPUT when the spec does not fit the database (nothing
 * written), FAILED when loading failed (rolled back), LOST, INTERRUPTED.
 */
enum pp_step pp_seed_run(struct pp_conn *conn, struct pp_seed_spec *spec,
				const struct pp_seed_options *opts);

/* Peak resident set size of this process in KiB (for the summary and the benchmark). */
long pp_seed_peak_rss_kb(void);

#endif
