/*
 * explain.h: a PostgreSQL EXPLAIN (ANALYZE, BUFFERS, VERBOSE, FORMAT JSON) plan as a tree of
 * plain pgperf structs. The JSON is parsed with cJSON inside explain.c and goes no further; the
 * raw text is kept for reports that embed it.
 *
 * A struct pp_plan owns its nodes, strings and JSON text; pp_explain_free releases it.
 * Row counts are per loop, as EXPLAIN reports them.
 */
#ifndef PP_EXPLAIN_H
#define PP_EXPLAIN_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

struct pp_plan_node {
	char *path;           /* the node's identity in its plan: child indexes from the root, "0"
				 for the root, "0.1" for its second child, "0.1.0" ... */
	char *node_type;      /* "Seq Scan", "Index Only Scan", "Nested Loop", ... */
	char *relation;       /* schema.relation of a scan, else NULL */
	char *alias;
	char *index;          /* "Index Name", else NULL */
	char *parent_rel;     /* "Outer", "Inner", "SubPlan", "InitPlan", ...; NULL at the root */
	char *subplan_name;   /* "SubPlan 1", "InitPlan 1 (returns $0)" */
	bool parallel_aware;  /* runs in parallel workers ("Parallel Seq Scan") */
	bool hashed;          /* a SubPlan its parent probes as a hash table (run once) */
	char *join_type;      /* "Inner", "Left", "Semi", "Anti", ... */
	char *scan_direction; /* "Forward", "Backward", "NoMovement" */
	char *sort_space_type; /* "Memory", "Disk" */
	char *sort_method;
	double sort_space_kb;
	double plan_rows;     /* the planner's estimate, per loop */
	double actual_rows;   /* per loop */
	double loops;
	double removed_by_filter; /* per loop */
	double removed_by_recheck; /* "Rows Removed by Index Recheck", per loop */
	double total_ms;      /* Actual Total Time, per loop */
	double total_cost;    /* the planner's Total Cost */
	char *filter;         /* "Filter" expression, else NULL */
	char *join_cond;      /* a Hash Join's "Hash Cond", else NULL */
	char *index_cond;     /* an index scan's "Index Cond", else NULL */
	char *group_expr;     /* the first "Group Key" that is an expression, not a column */
	int workers_launched;
	double shared_hit, shared_read; /* blocks, all loops together */
	double temp_written;  /* Temp Written Blocks (a sort or hash spilled to disk) */
	struct pp_plan_node **children;
	size_t n_children;
	struct pp_plan_node *parent;
};

/* A trigger EXPLAIN ANALYZE reports (foreign-key checks are RI_ConstraintTrigger_...). */
struct pp_plan_trigger {
	char *name;
	char *relation;   /* as EXPLAIN names it, without its schema; NULL when none */
	char *constraint; /* a constraint trigger's constraint (a foreign key's); else NULL */
	double time_ms;   /* all calls */
	double calls;
};

struct pp_plan {
	struct pp_plan_node *root;
	double planning_ms;
	double execution_ms;
	bool jit;             /* JIT compiled code for this execution */
	double jit_ms;        /* JIT's total time */
	int jit_functions;
	char *json;           /* EXPLAIN's output as returned */
	struct pp_plan_trigger *triggers;
	size_t n_triggers;
};

/* Parses EXPLAIN's JSON output. On failure logs nothing, sets *why (static) and returns NULL. */
struct pp_plan *pp_explain_parse(const char *json, const char **why);
void pp_explain_free(struct pp_plan *plan);

/*
 * How many times n ran in each process: its loops, divided by the processes of the Gather or
 * Gather Merge above it (its workers and the leader) where there is one. A Parallel Seq Scan
 * with loops=3 ran once in each of three processes; a scan on the inner side of a nested loop
 * with loops=100 ran once per outer row.
 */
double pp_explain_repeats(const struct pp_plan_node *n);
/* Rows a scan read: (actual rows + rows removed by filter or index recheck) x loops. */
double pp_explain_rows_read(const struct pp_plan_node *n);
/* "Index Scan using sessions_pkey on app.sessions s": a node's identity (baselines key on it;
 * a bitmap heap scan names its first index). */
void pp_explain_describe(const struct pp_plan_node *n, struct pp_buf *out);
/* The same for people: a bitmap heap scan names every index it combines ("Bitmap Heap Scan
 * using orders_customer_idx and orders_status_idx on shop.orders"). */
void pp_explain_describe_all(const struct pp_plan_node *n, struct pp_buf *out);
/*
 * One node per line, indented as EXPLAIN prints it, with actual rows and loops. annotate, when
 * not NULL, may append to each node's line (before its newline).
 */
void pp_explain_render(const struct pp_plan *plan, struct pp_buf *out,
		       void (*annotate)(const struct pp_plan_node *n, struct pp_buf *line,
					void *ctx),
		       void *ctx);

/* Calls fn for every node, depth first, parents before children. */
void pp_explain_walk(const struct pp_plan *plan,
		     void (*fn)(const struct pp_plan_node *n, int depth, void *ctx), void *ctx);

#endif
