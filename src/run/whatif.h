/*
 * whatif.h: `pgperf whatif`: each case planned (EXPLAIN, nothing executed beyond verify's warmup)
 * before and after hypothetical index changes made with the HypoPG extension: indexes created
 * (hypopg_create_index) and existing ones hidden (hypopg_hide_index where HypoPG has it, else,
 * as a superuser, pg_index.indisvalid = false). Everything happens inside the case's transaction,
 * in savepoints rolled back before it ends: the extension, the hypothetical indexes and the
 * hidden flags never outlive the case. See docs/dba-workflow.md.
 *
 * Ownership: a struct pp_whatif is caller-owned storage (pp_whatif_init / pp_whatif_reset); it
 * borrows the index statements and names it is given and owns its results and their plans.
 */
#ifndef PP_WHATIF_H
#define PP_WHATIF_H

#include <stdbool.h>
#include <stddef.h>

#include "input/case.h"
#include "pg/conn.h"
#include "plan/explain.h"
#include "plan/family.h"
#include "run/result.h"
#include "util/outcome.h"

/* One case planned before and after. */
struct pp_whatif_case {
	const struct pp_case *c;
	bool planned;           /* both plans were made (else status/reason say why not) */
	enum pp_status status;  /* of the attempt: pass when planned, skip or error otherwise */
	char *reason;           /* for skip or error */
	struct pp_plan *before, *after;
	enum pp_status verdict_before, verdict_after; /* the plan assertions and findings */
	char *finding_before, *finding_after; /* the decisive finding's message, or NULL */
	bool plan_changed;
	size_t n_nested;        /* statements its functions and triggers ran (run/nested.h): both
				 * verdicts judge them on their plans as they are, not re-planned */
	char **uses;            /* the hypothetical indexes the plan after uses, as given */
	size_t n_uses;
	double *costs;          /* candidate k's cost for this case (--suggest), else NULL */
	double cost_none;       /* its cost without a candidate, planned beside them: rolled-back
				 * writes of the cases between the two passes grow tables, so a
				 * candidate is weighed against this, not the first pass's cost */
};

/* A candidate index of --suggest, tried on every case. */
struct pp_whatif_suggestion {
	char *statement;        /* "CREATE INDEX ON schema.table (a, b)" */
	double saving;          /* total cost saved over the cases it helps */
	double size_bytes;      /* hypopg_relation_size */
	char **helps, **worsens; /* case labels (string lists) */
	size_t n_helps, n_worsens;
	char **foreign_keys;    /* "name (referencing → referenced)" of the foreign keys whose
				   columns the index leads with: it also serves their checks */
	size_t n_foreign_keys;
};

struct pp_whatif {
	/* what to try (borrowed) */
	const char *const *indexes; /* CREATE INDEX statements */
	size_t n_indexes;
	const char *const *hidden;  /* names of existing indexes, qualified or not */
	size_t n_hidden;
	bool suggest;
	double min_saving_ratio;    /* a suggestion keeps a case it saves at least this much of */
	double min_saving_cost;     /* ... and at least this much cost */
	const struct pp_family *family; /* partitions of the tables, or NULL: a candidate from a
					   partition's scan is an index on its partitioned table */
	/* what the server offers, found by pp_whatif_check */
	bool has_hide_function;
	bool superuser;
	char **hidden_oids;         /* the hidden indexes' oids, resolved by pp_whatif_check */
	size_t n_hidden_oids;
	int pass;                   /* 0: before and after; 1: --suggest's candidates alone */
	/* results, in case order */
	struct pp_whatif_case *cases;
	size_t n_cases;
	/* --suggest: candidates derived from the plans before, then kept ones ranked */
	char **candidates;
	size_t n_candidates;
	double *candidate_sizes;    /* hypopg_relation_size of each, in bytes */
	struct pp_whatif_suggestion *suggestions;
	size_t n_suggestions;
};

void pp_whatif_init(struct pp_whatif *w);
void pp_whatif_reset(struct pp_whatif *w);

/*
 * Checks that HypoPG can be used on conn and the changes asked for can be made: SERVER (logged,
 * with the package and SQL that are missing) when HypoPG is not installable or hiding an index
 * needs what the server lacks; BAD_INPUT (logged) when an --index statement is not a CREATE
 * INDEX HypoPG accepts or a hidden index does not exist. Nothing persists.
 */
enum pp_step pp_whatif_check(struct pp_conn *conn, struct pp_whatif *w);

/*
 * The runner's plan hook (runner.h): plans statement before and after the changes and records
 * the result in w (ctx), as a new struct pp_whatif_case for r->c.
 */
bool pp_whatif_plan(struct pp_conn *conn, const char *statement, const char *const *values,
		    struct pp_case_result *r, struct pp_db_error *err, void *ctx);

/* Records a case that could not be planned (skip or error, from r). */
void pp_whatif_record_failure(struct pp_whatif *w, const struct pp_case_result *r);

/*
 * --suggest, after the first pass: candidate indexes from the plans before (the filter, join
 * and sort columns of their sequential scans), into w->candidates; returns how many.
 */
size_t pp_whatif_candidates(struct pp_whatif *w);
/* After the second pass: the candidates that save enough, ranked into w->suggestions. */
void pp_whatif_rank(struct pp_whatif *w);
/*
 * Names, in each suggestion, the foreign keys whose referencing columns the index leads with:
 * their checks on DELETE and UPDATE of the referenced table (which EXPLAIN without ANALYZE does
 * not show) use it too. Best effort: false with *err set when the catalog cannot be read.
 */
bool pp_whatif_foreign_keys(struct pp_conn *conn, struct pp_whatif *w, struct pp_db_error *err);

/* Counts: cases planned, improved (cost down), worsened (cost up), verdict flipped either way. */
struct pp_whatif_summary {
	size_t planned, improved, worsened, changed, better, worse, errors;
};
void pp_whatif_summarize(const struct pp_whatif *w, struct pp_whatif_summary *s);

#endif
