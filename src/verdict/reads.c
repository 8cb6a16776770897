/*
 * reads.c: the plan findings about how much work a plan does for what it returns (see
 * reads.h): scans that read far more rows than they return, deep OFFSET pagination, per-row
 * scans through a nested loop or LATERAL or through a function or trigger run per row, and
 * triggers (foreign-key checks) taking a write's time.
 */
#include "verdict/reads.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input/predicate.h"
#include "plan/family.h"
#include "util/buf.h"
#include "util/mem.h"
#include "util/str.h"

struct reads_ctx {
	struct pp_case_result *r;
	bool allow_seq, allow_n_plus_one;
};

static bool
type_is(const struct pp_plan_node *n, const char *type)
{
	return strcmp(n->node_type, type) == 0;
}

static bool
reads_index(const struct pp_plan_node *n)
{
	return type_is(n, "Index Scan") || type_is(n, "Index Only Scan") ||
	       type_is(n, "Bitmap Heap Scan");
}

/* Whether a finding of kind is already on node n (said once per node, not twice). */
static bool
found_at(const struct pp_case_result *r, const char *kind, const struct pp_plan_node *n)
{
	for (size_t i = 0; i < r->n_findings; i++)
		if (strcmp(r->findings[i].kind, kind) == 0 && r->findings[i].node_path != NULL &&
		    strcmp(r->findings[i].node_path, n->path) == 0)
			return true;
	return false;
}

/* A finding of kind on node n: its message n's description followed by fmt, located at n. */
static void node_finding(struct reads_ctx *x, const struct pp_plan_node *n, const char *kind,
			 enum pp_severity sev, const char *fmt, ...) PP_PRINTF(5, 6);

static void
node_finding(struct reads_ctx *x, const struct pp_plan_node *n, const char *kind,
	     enum pp_severity sev, const char *fmt, ...)
{
	struct pp_buf what;
	va_list ap;

	pp_buf_init(&what);
	pp_explain_describe(n, &what);
	va_start(ap, fmt);
	pp_buf_vprintf(&what, fmt, ap);
	va_end(ap);
	pp_result_add_finding(x->r, kind, sev, n->relation, n->node_type, "%s", what.data);
	pp_result_finding_at(x->r, n->path);
	pp_buf_reset(&what);
}

/*
 * An index scan that reads rows ratio times what it returns: its filter discards them. Not
 * where the expectation it meets already said the index is walked (index_walked, same node).
 */
static void
rows_read(const struct pp_plan_node *n, struct reads_ctx *x)
{
	const struct pp_case *c = x->r->c;
	double read = pp_explain_rows_read(n), returned = n->actual_rows * n->loops;

	if (!reads_index(n) || read < c->rows_read_min ||
	    read < c->rows_read_ratio * fmax(returned, 1) || found_at(x->r, "index_walked", n))
		return;
	node_finding(x, n, "rows_read", PP_SEVERITY_WARN,
		     " read %.0f rows to return %.0f (%.0f per row returned): %s", read, returned,
		     read / fmax(returned, 1),
		     n->filter != NULL ? "its filter discards the rest; an index whose leading "
					 "columns are the filtered ones reads only what is returned"
				       : "the index is walked rather than searched");
}

/* A Limit that skipped offset_min_rows rows before returning any: OFFSET pagination. */
static void
deep_offset(const struct pp_plan_node *n, struct reads_ctx *x)
{
	double produced, skipped;

	if (!type_is(n, "Limit") || n->n_children != 1)
		return;
	produced = n->children[0]->actual_rows * n->children[0]->loops;
	skipped = produced - n->actual_rows * n->loops;
	if (skipped < x->r->c->offset_min_rows || skipped < 1)
		return;
	pp_result_add_finding(x->r, "deep_offset", PP_SEVERITY_WARN, NULL, n->node_type,
			      "Limit skipped %.0f rows to return %.0f (OFFSET pagination): the rows "
			      "below it took %.1f ms; keyset pagination (WHERE key > the last key "
			      "seen ORDER BY key LIMIT n) reads only the rows it returns",
			      skipped, n->actual_rows * n->loops,
			      n->children[0]->total_ms * n->children[0]->loops);
	pp_result_finding_at(x->r, n->path);
}

/*
 * The Nested Loop whose inner side n runs per outer row, when nothing between them keeps the
 * result (a Materialize or a Hash would run it once): Limit, Sort, Aggregate and Subquery Scan,
 * as LATERAL top-N queries have them.
 */
static const struct pp_plan_node *
per_row_loop(const struct pp_plan_node *n)
{
	static const char *const through[] = { "Limit",	      "Sort",	"Incremental Sort",
					       "Aggregate",   "Unique", "Subquery Scan",
					       "Result",      NULL };

	for (const struct pp_plan_node *a = n; a->parent != NULL; a = a->parent) {
		size_t i;

		if (type_is(a->parent, "Nested Loop"))
			return a->parent_rel != NULL && strcmp(a->parent_rel, "Inner") == 0 ? a->parent
											    : NULL;
		for (i = 0; through[i] != NULL && !type_is(a->parent, through[i]); i++)
			;
		if (through[i] == NULL)
			return NULL;
	}
	return NULL;
}

/* A sequential scan on a nested loop's inner side, repeated per outer row: N+1 in one plan. */
static void
loop_n_plus_one(const struct pp_plan_node *n, struct reads_ctx *x)
{
	const struct pp_case *c = x->r->c;
	double per_loop = n->actual_rows + n->removed_by_filter;
	enum pp_severity sev = x->allow_n_plus_one ? PP_SEVERITY_WARN : PP_SEVERITY_FAIL;

	/* Per loop as much as a seq_scan finding needs in all: a small lookup table read per row
	 * is a cheap plan, not N+1. */
	if (!type_is(n, "Seq Scan") || n->loops < c->n_plus_one_min_loops ||
	    per_loop < c->seq_scan_min_rows ||
	    per_row_loop(n) == NULL)
		return;
	node_finding(x, n, "n_plus_one", sev,
		     " runs once per outer row of a nested loop: %.0f loops, each reading %.0f "
		     "rows (N+1: an index on the join columns makes each loop a lookup)",
		     n->loops, per_loop);
}

/* The sequential scans of a statement run below the case's (run/nested.h), in one run. */
struct nested_scans {
	const struct pp_plan_node *top; /* the one that read most */
	size_t n;
	double rows; /* all of them together */
};

static void
collect_nested_scan(const struct pp_plan_node *n, int depth, void *vctx)
{
	struct nested_scans *ns = vctx;
	double rows = pp_explain_rows_read(n);

	(void)depth;
	if (!type_is(n, "Seq Scan") || n->loops <= 0)
		return;
	if (ns->top == NULL || rows > pp_explain_rows_read(ns->top))
		ns->top = n;
	ns->n++;
	ns->rows += rows;
}

/*
 * Sequential scans in a statement a function or trigger ran once per row or call: N+1 that no
 * plan shows, as the function's own plan is a Result or a Function Scan. It takes
 * n_plus_one_min_loops runs and, in each, as many rows as a seq_scan finding needs in all
 * (the scans of a partitioned table's partitions together); said once, on the scan that read
 * most.
 */
static void
nested_n_plus_one(struct reads_ctx *x, const struct pp_nested_stmt *st)
{
	const struct pp_case *c = x->r->c;
	struct nested_scans ns = { 0 };
	struct pp_predicate cond = { 0 };
	const char *parent;
	struct pp_buf query, cols, more;

	pp_explain_walk(st->plan, collect_nested_scan, &ns);
	if (ns.top == NULL || st->executions < c->n_plus_one_min_loops ||
	    ns.rows < c->seq_scan_min_rows)
		return;
	pp_buf_init(&query);
	pp_buf_init(&cols);
	pp_buf_init(&more);
	pp_buf_puts_visible(&query, st->query);
	parent = ns.top->relation != NULL ? pp_family_parent(x->r->family, ns.top->relation) : NULL;
	if (parent != NULL)
		pp_buf_printf(&more, " (a partition or child of %s)", parent);
	if (ns.n > 1)
		pp_buf_printf(&more, " and %zu more sequential scan%s", ns.n - 1, ns.n > 2 ? "s" : "");
	/* the columns its filter compares, equalities first: what an index would lead with */
	if (ns.top->filter != NULL && pp_predicate_read(ns.top->filter, ns.top->alias, &cond))
		for (size_t i = 0; i < cond.n_equal + cond.n_range; i++)
			pp_buf_printf(&cols, "%s%s", i ? ", " : " (",
				      i < cond.n_equal ? cond.equal[i] : cond.range[i - cond.n_equal]);
	if (cols.len > 0)
		pp_buf_putc(&cols, ')');
	node_finding(x, ns.top, "n_plus_one",
		     x->allow_n_plus_one ? PP_SEVERITY_WARN : PP_SEVERITY_FAIL,
		     "%s run%s in a statement a function or trigger ran %ld times in one "
		     "execution of the case (%.*s%s): each run read %.0f rows, %.0f in all (N+1 "
		     "through a function or trigger: an index on the columns it filters on%s makes "
		     "each run a lookup)",
		     more.data, ns.n > 1 ? "" : "s", st->executions, 120, query.data,
		     query.len > 120 ? "..." : "", ns.rows, ns.rows * (double)st->executions,
		     cols.data);
	pp_predicate_reset(&cond);
	pp_buf_reset(&more);
	pp_buf_reset(&cols);
	pp_buf_reset(&query);
}

char *
pp_reads_index_key(const struct pp_plan_node *n)
{
	const char *rel = n->relation != NULL		    ? n->relation
			  : n->parent != NULL && n->parent->relation ? n->parent->relation
								     : NULL;
	if (n->index == NULL || n->index_cond == NULL)
		return NULL;
	return pp_family_name_beside(rel, n->index);
}

static void
collect_searched(const struct pp_plan_node *n, int depth, void *vctx)
{
	struct { char **list; size_t n; } *acc = vctx;
	char *key = pp_reads_index_key(n);

	(void)depth;
	if (key == NULL || pp_str_list_has(acc->list, acc->n, key))
		free(key);
	else
		pp_str_list_push(&acc->list, &acc->n, key);
}

char **
pp_reads_searched_indexes(const struct pp_case_result *r, size_t *n)
{
	struct { char **list; size_t n; } acc = { NULL, 0 };

	pp_explain_walk(r->plan, collect_searched, &acc);
	*n = acc.n;
	return acc.list;
}

/* The leading column and pages the runner read for n's index; false when not known. */
static bool
index_lead(const struct pp_case_result *r, const struct pp_plan_node *n, char *column,
	   size_t size, double *pages)
{
	char *key = pp_reads_index_key(n);
	size_t len = key != NULL ? strlen(key) : 0;
	bool found = false;

	for (size_t i = 0; key != NULL && !found && i < r->n_index_leads; i++) {
		const char *e = r->index_leads[i], *tab2;

		if (strncmp(e, key, len) != 0 || e[len] != '\t' ||
		    (tab2 = strchr(e + len + 1, '\t')) == NULL)
			continue;
		snprintf(column, size, "%.*s", (int)(tab2 - (e + len + 1)), e + len + 1);
		*pages = strtod(tab2 + 1, NULL);
		found = true;
	}
	free(key);
	return found;
}

/*
 * An index searched by a condition that leaves out its leading column: PostgreSQL then reads
 * the whole index (it has no skip scan) to find the entries, however few it returns. From
 * INDEX_READ_MIN_PAGES pages: a small index read whole costs little.
 */
#define INDEX_READ_MIN_PAGES 100
static void
leading_column_missing(const struct pp_plan_node *n, struct reads_ctx *x)
{
	struct pp_predicate cond = { 0 };
	char lead[256];
	double pages = 0;

	if (n->index_cond == NULL || !index_lead(x->r, n, lead, sizeof lead, &pages) ||
	    pages < INDEX_READ_MIN_PAGES || !pp_predicate_read(n->index_cond, NULL, &cond) ||
	    cond.n_equal + cond.n_range == 0 || pp_str_list_has(cond.equal, cond.n_equal, lead) ||
	    pp_str_list_has(cond.range, cond.n_range, lead)) {
		pp_predicate_reset(&cond);
		return;
	}
	node_finding(x, n, "index_walked", PP_SEVERITY_WARN,
		     " searches with %s, which leaves out the index's leading column %s: it reads "
		     "the whole index (%.0f pages) to return %.0f rows; an index leading with %s "
		     "serves it",
		     n->index_cond, lead, pages, n->actual_rows * n->loops,
		     cond.n_equal > 0 ? cond.equal[0] : cond.range[0]);
	pp_predicate_reset(&cond);
}

static void
visit(const struct pp_plan_node *n, int depth, void *vctx)
{
	struct reads_ctx *x = vctx;

	(void)depth;
	if (n->loops <= 0)
		return; /* never ran, or a plan without ANALYZE */
	rows_read(n, x);
	leading_column_missing(n, x);
	deep_offset(n, x);
	loop_n_plus_one(n, x);
}

/*
 * Triggers: each one's time is info; one taking trigger_share of a write's time, and at least
 * TRIGGER_MIN_MS, warns. The floor keeps a trigger of a few microseconds on a single-row write
 * (an audit insert, a last_update stamp) from warning on the share one preempted run gives it.
 */
#define TRIGGER_MIN_MS 0.5

static void
triggers(struct reads_ctx *x)
{
	const struct pp_plan *p = x->r->plan;

	for (size_t i = 0; i < p->n_triggers; i++) {
		const struct pp_plan_trigger *t = &p->triggers[i];
		bool fk = strncmp(t->name, "RI_ConstraintTrigger", 20) == 0;
		bool most = x->r->c->modifies && p->execution_ms > 0 &&
			    t->time_ms >= x->r->c->trigger_share * p->execution_ms &&
			    t->time_ms >= TRIGGER_MIN_MS;

		pp_result_add_finding(x->r, "trigger", most ? PP_SEVERITY_WARN : PP_SEVERITY_INFO,
				      NULL, NULL,
				      "trigger %s%s%s%s%s%s: %.3f ms in %.0f calls, of %.3f ms in all%s",
				      t->name, t->relation ? " on " : "", t->relation ? t->relation : "",
				      t->constraint ? " (constraint " : "",
				      t->constraint ? t->constraint : "", t->constraint ? ")" : "",
				      t->time_ms, t->calls, p->execution_ms,
				      most && fk ? ": a foreign-key check; an index on the referencing "
						   "columns of the foreign key lets it find the rows "
						   "instead of reading the table"
				      : most	 ? ": most of the statement's time"
						 : "");
	}
}

void
pp_reads_evaluate(struct pp_case_result *r, bool allow_seq, bool allow_n_plus_one)
{
	struct reads_ctx x = { .r = r, .allow_seq = allow_seq, .allow_n_plus_one = allow_n_plus_one };

	if (r->plan == NULL)
		return;
	pp_explain_walk(r->plan, visit, &x);
	for (size_t i = 0; i < r->nested.n; i++)
		nested_n_plus_one(&x, &r->nested.stmts[i]);
	triggers(&x);
}
