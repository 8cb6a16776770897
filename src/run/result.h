/*
 * result.h: the outcome of a run, as plain data every reporter reads.
 *
 * A struct pp_run is caller-owned storage (pp_run_init / pp_run_reset) that owns its case
 * results; each result owns its strings, samples, histogram, threshold verdicts and findings,
 * and borrows its case from the suite, which must outlive the run.
 */
#ifndef PP_RESULT_H
#define PP_RESULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "input/case.h"
#include "pg/conn.h"
#include "plan/explain.h"
#include "plan/family.h"
#include "run/hist.h"
#include "run/nested.h"
#include "run/stats.h"
#include "util/outcome.h"

enum pp_severity { PP_SEVERITY_INFO, PP_SEVERITY_WARN, PP_SEVERITY_FAIL };

struct pp_finding {
	char *kind;     /* "threshold", later plan findings such as "seq_scan" */
	enum pp_severity severity;
	char *relation; /* schema-qualified, NULL when the finding is not about one relation */
	char *node;     /* plan node type the finding is about, NULL when none */
	char *node_path; /* that node's path in the plan (explain.h), NULL when not one node */
	char *message;
};

/* A sequence the case moved that pgperf did not put back (sequences ignore rollback). */
struct pp_sequence_left {
	char *sequence; /* schema-qualified, quoted where SQL needs it */
	char *value;    /* its last_value as left, NULL when pgperf cannot read it */
	char *reason;   /* why it was not put back, one line */
};

/* The dead tuples a write case left in one table it wrote to. */
struct pp_dead_tuples {
	char *relation; /* schema-qualified, quoted where SQL needs it */
	int64_t n;      /* n_dead_tup after the case minus before; may be 0 (a DELETE) */
};

struct pp_threshold_result {
	enum pp_metric metric;
	int64_t limit;  /* as in struct pp_threshold */
	double value;   /* ns for time metrics, a count for buffers and rows */
	enum pp_status status; /* pass, warn or fail */
};

struct pp_case_result {
	const struct pp_case *c;
	enum pp_status status;
	char *reason;       /* one line: why it is not pass; NULL for a clean pass */
	char sqlstate[6];   /* for error: the server's SQLSTATE, "" when none */
	char *detail;       /* for error: the server's DETAIL, HINT and CONTEXT (where, e.g. */
	char *hint;         /* "PL/pgSQL function f(integer) line 3 at RAISE"; may hold several */
	char *context;      /* lines); NULL when the server gave none */
	bool has_stats;
	struct pp_stats stats;
	int64_t *samples;   /* the timed iterations in ns, sorted ascending; n = stats.n; NULL
			       above PP_RUNNER_MAX_SAMPLES iterations (stats.exact is then false) */
	struct pp_hist *hist; /* the timed iterations again, in bounded memory; non-NULL whenever
				 has_stats */
	long rows_min;      /* rows returned (affected, for a write without RETURNING) by the */
	long rows_max;      /* fewest and the most of the timed iterations; valid when has_stats
			     * and stats.n > 0 */
	int64_t wall_ns;    /* wall time of the timed iterations, loop overhead included */
	struct pp_threshold_result *thresholds;
	size_t n_thresholds;
	struct pp_finding *findings;
	size_t n_findings;
	struct pp_plan *plan; /* EXPLAIN ANALYZE of one more execution; NULL when none */
	char **index_leads;   /* "schema.index<TAB>leading column<TAB>pages" of the indexes the
				 * plan searches (verdict/reads.h); a string list */
	size_t n_index_leads;
	char **indexed;       /* "schema.table.column" of join columns an index leads with,
				 * read for the findings (verdict/findings.h); a string list */
	size_t n_indexed;
	struct pp_nested nested; /* the statements run below the case's (functions,
				    triggers), captured when the case has expect:/forbid: */
	struct pp_plan *seqscan_off_plan; /* plain EXPLAIN with enable_seqscan = off, made when
					     the case expects an index scan; NULL otherwise */
	char *plan_fact;      /* the decisive plan fact for one-line reports; NULL when none */
	const struct pp_family *family; /* partitions and children of the database's tables, for
					   judging (borrowed; NULL when not known or judged) */
	struct pp_sequence_left *sequences_left; /* moved by the case, not put back */
	size_t n_sequences_left;
	bool dead_measured;   /* a write case whose dead tuples were read: dead_tuples holds every
				 table it wrote to (none is an empty list, not an unknown) */
	struct pp_dead_tuples *dead_tuples;
	size_t n_dead_tuples;
	bool vacuumed;        /* the tables it wrote to were vacuumed after it (throwaway server) */
	/* Time gates (docs/ci.md): after each timed iteration, the case's server time for one
	 * more execution with fresh values and the calibration probe's (probe.h,
	 * servertime.h), in the order the iterations ran; NULL and 0 when no probe ran. */
	int64_t *server_ns;
	int64_t *probe_ns;
	size_t n_probe;
	long probe_loops;      /* the probe's size for this case (probe.h) */
	struct pp_plan *noindex_plan; /* plain EXPLAIN with index scans off, made when the plan
					 reads through an index (cost-tie fragility); else NULL */
	bool remeasured;       /* looked slower than its baseline and was timed again */
	double first_ratio;    /* the time ratio before the re-measure */
	int64_t remeasure_ns;  /* wall time the re-measure took */
};

struct pp_run {
	char *target;         /* "embedded" or the redacted conninfo */
	struct pp_server_info server;
	uint64_t seed;
	struct pp_case_result *results;
	size_t n_results;
	size_t cap_results;
	size_t counts[PP_STATUS_COUNT];
	double duration_ms;   /* wall time of the run, server start included */
	bool connection_lost;
	bool interrupted;
};

void pp_run_init(struct pp_run *run);
void pp_run_reset(struct pp_run *run);
/* Appends a zeroed result for c and returns it (valid until the next append). */
struct pp_case_result *pp_run_add(struct pp_run *run, const struct pp_case *c);
/* Tallies statuses into run->counts. */
void pp_run_count(struct pp_run *run);

void pp_result_add_finding(struct pp_case_result *r, const char *kind, enum pp_severity sev,
			   const char *relation, const char *node, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
/* Ties the finding added last to the plan node at path (copied). */
void pp_result_finding_at(struct pp_case_result *r, const char *path);
void pp_result_set_reason(struct pp_case_result *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Copies the server's detail, hint and context (each may be NULL) onto r, replacing earlier ones. */
void pp_result_set_error_info(struct pp_case_result *r, const char *detail, const char *hint,
			      const char *context);
/* Notes a sequence left moved; value may be NULL. */
void pp_result_add_sequence_left(struct pp_case_result *r, const char *sequence, const char *value,
				 const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void pp_result_add_dead_tuples(struct pp_case_result *r, const char *relation, int64_t n);
void pp_result_reset(struct pp_case_result *r);

const char *pp_result_severity_name(enum pp_severity s);

#endif
