/*
 * findings.c: plan assertions and default plan findings (see findings.h).
 */
#include "verdict/findings.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <math.h>
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "input/predicate.h"
#include "plan/family.h"
#include "plan/partgroup.h"
#include "util/str.h"
#include "verdict/reads.h"
#include "util/buf.h"
#include "util/mem.h"

struct scan_ctx {
	struct pp_case_result *r;
	bool allow_seq, allow_n_plus_one;
};

static bool
is_seq_scan(const struct pp_plan_node *n)
{
	return strcmp(n->node_type, "Seq Scan") == 0; /* Parallel Seq Scan: parallel_aware */
}

/* The relation name without its schema. */
static const char *
bare(const char *relation)
{
	const char *dot = strrchr(relation, '.');

	return dot ? dot + 1 : relation;
}

/* REL as written in a case (qualified or not) names the node's relation. */
static bool
names(const char *want, const struct pp_plan_node *n)
{
	if (n->relation == NULL)
		return false;
	if (strchr(want, '.') != NULL)
		return strcmp(want, n->relation) == 0;
	return strcmp(want, bare(n->relation)) == 0;
}

/* The alias or bare name a node's columns are qualified with in its conditions. */
static const char *
qualifier_of(const struct pp_plan_node *n)
{
	return n->alias != NULL ? n->alias : bare(n->relation);
}

/* The node reads a partition or inheritance child of the relation want names. */
static bool
names_child(const struct pp_family *family, const char *want, const struct pp_plan_node *n)
{
	const char *p = n != NULL ? n->relation : NULL;

	if (family == NULL || p == NULL)
		return false;
	/* Bounded: a partition tree is a few levels deep, and a cycle must not hang. */
	for (int depth = 0; depth < 64 && (p = pp_family_parent(family, p)) != NULL; depth++) {
		struct pp_plan_node probe = { .relation = (char *)p };

		if (names(want, &probe))
			return true;
	}
	return false;
}

/* " (a partition of public.payment)" when relation has a parent, else "". */
static void
put_parent(struct pp_buf *b, const struct pp_family *family, const char *relation)
{
	const char *p = pp_family_parent(family, relation);

	if (p != NULL)
		pp_buf_printf(b, " (a partition or child of %s)", p);
}

/*
 * For a node of a statement run below the case's (a nested plan, path "nK/..."): " (run
 * inside a function or trigger, N times: QUERY)", else nothing.
 */
static void
put_nested(struct pp_buf *b, const struct pp_case_result *r, const struct pp_plan_node *n)
{
	unsigned long k;
	const struct pp_nested_stmt *st;
	struct pp_buf one;

	if (n->path == NULL || n->path[0] != 'n')
		return;
	k = strtoul(n->path + 1, NULL, 10);
	if (k < 1 || k > r->nested.n)
		return;
	st = &r->nested.stmts[k - 1];
	pp_buf_init(&one);
	pp_buf_puts_visible(&one, st->query);
	pp_buf_printf(b, " (run inside a function or trigger, %ld time%s: %.*s%s)",
		      st->executions, st->executions == 1 ? "" : "s", 120, one.data,
		      one.len > 120 ? "..." : "");
	pp_buf_reset(&one);
}

/* Walks the plan, then each statement run below it (see run/nested.h). */
static void
walk_all(const struct pp_case_result *r,
	 void (*fn)(const struct pp_plan_node *n, int depth, void *ctx), void *ctx)
{
	pp_explain_walk(r->plan, fn, ctx);
	for (size_t i = 0; i < r->nested.n; i++)
		pp_explain_walk(r->nested.stmts[i].plan, fn, ctx);
}

static void
severity_raise(struct pp_case_result *r, enum pp_severity sev)
{
	if (sev == PP_SEVERITY_FAIL)
		r->status = pp_outcome_worse(r->status, PP_STATUS_FAIL);
	else if (sev == PP_SEVERITY_WARN)
		r->status = pp_outcome_worse(r->status, PP_STATUS_WARN);
}

/* The closest relation at or above n (for "outer relation" in messages). */
static const char *
outer_relation(const struct pp_plan_node *n)
{
	for (const struct pp_plan_node *p = n->parent; p != NULL; p = p->parent) {
		if (p->relation != NULL)
			return p->relation;
		/* A scan beside the sub-plan: the outer side of the node that runs it. */
		for (size_t i = 0; i < p->n_children; i++) {
			const struct pp_plan_node *c = p->children[i];

			if (c != n && c->relation != NULL && c->parent_rel != NULL &&
			    strcmp(c->parent_rel, "Outer") == 0)
				return c->relation;
		}
	}
	return NULL;
}

/* The first relation in the subtree under n. */
static const char *
first_relation(const struct pp_plan_node *n)
{
	if (n->relation != NULL)
		return n->relation;
	for (size_t i = 0; i < n->n_children; i++) {
		const char *r = first_relation(n->children[i]);

		if (r != NULL)
			return r;
	}
	return NULL;
}

/*
 * A node whose execution stops early by design returns fewer rows than estimated without
 * anything being wrong: below a Limit, the inner side of a semi- or anti-join, a Merge Join's
 * input, or an EXISTS-style InitPlan.
 */
static bool
cut_short(const struct pp_plan_node *n)
{
	for (const struct pp_plan_node *a = n; a->parent != NULL; a = a->parent) {
		const struct pp_plan_node *p = a->parent;

		if (strcmp(p->node_type, "Limit") == 0 || strcmp(p->node_type, "Merge Join") == 0)
			return true;
		if (a->parent_rel != NULL && strcmp(a->parent_rel, "Inner") == 0 &&
		    p->join_type != NULL &&
		    (strcmp(p->join_type, "Semi") == 0 || strcmp(p->join_type, "Anti") == 0))
			return true;
		if (a->parent_rel != NULL && strcmp(a->parent_rel, "InitPlan") == 0)
			return true;
	}
	return false;
}

/*
 * A sequential scan worth a finding is one an index could have avoided: it read at least
 * seq_scan_min_rows rows and either runs once per outer row (more loops than the processes that
 * ran it: pp_explain_repeats) or its filter discarded seq_scan_discard (90 %) of what it read:
 * an index pays off when it picks out a few rows, not a third of the table. A scan that returns
 * every row it reads (an aggregate over the whole table, a hash join's build side) is the right
 * plan, however large the table.
 */
static bool
avoidable_shape(const struct pp_plan_node *n, const void *vcase)
{
	const struct pp_case *c = vcase;
	double read = n->removed_by_filter + n->actual_rows;

	return is_seq_scan(n) && n->loops > 0 &&
	       (pp_explain_repeats(n) > 1 ||
		(n->filter != NULL && read > 0 &&
		 n->removed_by_filter >= c->seq_scan_discard * read));
}

/*
 * Whether n is such a scan, said once for the partitions of one table scanned side by side
 * (partgroup.h): *g is the group n heads, and the rows read are the group's.
 */
static bool
avoidable_seq_scan(const struct pp_plan_node *n, const struct pp_case_result *r,
		   struct pp_partgroup *g)
{
	return avoidable_shape(n, r->c) &&
	       pp_partgroup_of(n, r->family, avoidable_shape, r->c, g) &&
	       g->rows_read >= r->c->seq_scan_min_rows;
}

/* What a finding on the scan n (heading g) calls it: the scan, or the group of partitions. */
static void
describe_scan(const struct pp_plan_node *n, const struct pp_partgroup *g,
	      const struct pp_family *family, struct pp_buf *b)
{
	pp_buf_clear(b);
	if (g->parent != NULL) {
		pp_partgroup_describe(g, n->parallel_aware ? "Parallel Seq Scan" : n->node_type, b);
	} else {
		pp_explain_describe(n, b);
		if (n->relation != NULL)
			put_parent(b, family, n->relation);
	}
}

/* A scan of rows the planner cannot estimate: a function's, a VALUES list's. */
static bool
is_function_scan(const struct pp_plan_node *n)
{
	return strcmp(n->node_type, "Function Scan") == 0 ||
	       strcmp(n->node_type, "Table Function Scan") == 0 ||
	       strcmp(n->node_type, "Values Scan") == 0;
}

/* Whether n's estimate derives from such a scan below it (its own estimate inherits the guess). */
static bool
above_unknowable(const struct pp_plan_node *n)
{
	for (size_t i = 0; i < n->n_children; i++)
		if (is_function_scan(n->children[i]) || above_unknowable(n->children[i]))
			return true;
	return false;
}

static void
seq_scan_finding(struct pp_case_result *r, const struct pp_plan_node *n,
		 const struct pp_partgroup *g)
{
	struct pp_buf what;

	pp_buf_init(&what);
	describe_scan(n, g, r->family, &what);
	if (pp_explain_repeats(n) > 1)
		pp_result_add_finding(r, "seq_scan", PP_SEVERITY_WARN, n->relation, n->node_type,
				      "%s read %.0f rows (%.0f per loop x %.0f loops)", what.data,
				      g->rows_read, g->rows_read / n->loops, n->loops);
	else
		pp_result_add_finding(r, "seq_scan", PP_SEVERITY_WARN, n->relation, n->node_type,
				      "%s read %.0f rows to return %.0f (the filter discarded "
				      "%.0f%%)",
				      what.data, g->rows_read, g->rows_returned,
				      100.0 * g->removed / fmax(g->removed + g->rows_returned, 1));
	pp_result_finding_at(r, g->append != NULL ? g->append->path : n->path);
	pp_buf_reset(&what);
}

/*
 * Whether n passes its one input's rows through with that input's estimate (a WindowAgg, a
 * Sort, a Materialize above a misestimated scan): a misestimate there is the input's, said on
 * the input with the advice that fits it, not again on each node above it. InitPlans and
 * SubPlans beside the input do not count as inputs.
 */
static bool
inherits_estimate(const struct pp_plan_node *n)
{
	const struct pp_plan_node *in = NULL;

	for (size_t i = 0; i < n->n_children; i++) {
		const struct pp_plan_node *c = n->children[i];

		if (c->parent_rel != NULL &&
		    (strcmp(c->parent_rel, "InitPlan") == 0 || strcmp(c->parent_rel, "SubPlan") == 0))
			continue;
		if (in != NULL)
			return false;
		in = c;
	}
	return in != NULL && fabs(in->plan_rows - n->plan_rows) <= 0.01 * fmax(n->plan_rows, 1) &&
	       in->actual_rows * in->loops == n->actual_rows * n->loops;
}

/* Whether n, estimated over factor times off, is so in the direction more (else fewer). */
static bool
misestimated(const struct pp_plan_node *n, double factor, bool *more)
{
	double hi = fmax(n->actual_rows, n->plan_rows), lo = fmin(n->actual_rows, n->plan_rows);

	*more = n->actual_rows > n->plan_rows;
	return n->loops > 0 && (n->actual_rows >= 100 || n->plan_rows >= 100) &&
	       hi / fmax(lo, 1.0) >= factor;
}

/*
 * A Gather, Gather Merge, Append or Merge Append gathers its inputs' rows with their estimates:
 * when an input is misestimated the same way, the finding is the input's, not said again above.
 */
static bool
gathers_misestimate(const struct pp_plan_node *n, double factor)
{
	bool mine, theirs;

	if (strcmp(n->node_type, "Gather") != 0 && strcmp(n->node_type, "Gather Merge") != 0 &&
	    strcmp(n->node_type, "Append") != 0 && strcmp(n->node_type, "Merge Append") != 0)
		return false;
	(void)misestimated(n, factor, &mine);
	for (size_t i = 0; i < n->n_children; i++)
		if (misestimated(n->children[i], factor, &theirs) && theirs == mine)
			return true;
	return false;
}

/* Whether n's filter compares an expression over a column (upper(email) = $1). */
static bool
filters_on_expression(const struct pp_plan_node *n)
{
	struct pp_predicate p = { 0 };
	bool yes = n->filter != NULL && pp_predicate_read(n->filter, NULL, &p) &&
		   p.n_expressions > 0;

	pp_predicate_reset(&p);
	return yes;
}

/*
 * For a scan of a partition under an Append: how many of its sibling partitions of the same
 * table are misestimated the same way (*others, n left out), and whether n is the first of
 * them, which alone says so for all.
 */
static bool
first_of_partitions(const struct pp_case_result *r, const struct pp_plan_node *n, double factor,
		    size_t *others)
{
	const struct pp_plan_node *up = n->parent;
	const char *table = n->relation != NULL ? pp_family_index_table(r->family, n->relation)
						: NULL;
	bool first = true, mine, theirs;

	*others = 0;
	if (up == NULL || table == NULL || strcmp(table, n->relation) == 0 ||
	    (strcmp(up->node_type, "Append") != 0 && strcmp(up->node_type, "Merge Append") != 0))
		return true;
	(void)misestimated(n, factor, &mine);
	for (size_t i = 0; i < up->n_children; i++) {
		const struct pp_plan_node *s = up->children[i];

		if (s == n || s->relation == NULL ||
		    strcmp(pp_family_index_table(r->family, s->relation), table) != 0 ||
		    !misestimated(s, factor, &theirs) || theirs != mine)
			continue;
		(*others)++;
		for (size_t k = 0; k < up->n_children && up->children[k] != n; k++)
			first = first && up->children[k] != s; /* s comes before n */
	}
	return first;
}

/* The misestimate finding on n (described by what), with the advice that fits its kind. */
static void
say_misestimate(struct pp_case_result *r, const struct pp_plan_node *n, const char *what,
		double factor)
{
	if (is_function_scan(n)) {
		pp_result_add_finding(r, "misestimate", PP_SEVERITY_INFO, NULL, n->node_type,
				      "%s: estimated %.0f rows, got %.0f: the planner cannot know how "
				      "many rows a function returns (1000 unless told); declare ROWS "
				      "%.0f on the function (or give it a support function)",
				      what, n->plan_rows, n->actual_rows, n->actual_rows);
	} else if (above_unknowable(n)) {
		return;
	} else if (n->group_expr != NULL && n->actual_rows < n->plan_rows) {
		pp_result_add_finding(r, "misestimate", PP_SEVERITY_WARN, n->relation, n->node_type,
				      "%s: estimated %.0f groups, got %.0f (%.0fx fewer): the planner "
				      "has no statistics on the grouping expression %s; CREATE "
				      "STATISTICS on that expression (PostgreSQL 14 and later) and "
				      "ANALYZE give it the number of distinct values",
				      what, n->plan_rows, n->actual_rows, factor, n->group_expr);
	} else if (filters_on_expression(n)) {
		pp_result_add_finding(r, "misestimate", PP_SEVERITY_WARN, n->relation, n->node_type,
				      "%s: estimated %.0f rows, got %.0f (%.0fx %s): its filter %s "
				      "compares an expression, on which the planner has no statistics "
				      "and guesses; an index on the expression (ANALYZE then gathers "
				      "its statistics) or CREATE STATISTICS on it (PostgreSQL 14 and "
				      "later) gives it some",
				      what, n->plan_rows, n->actual_rows, factor,
				      n->actual_rows > n->plan_rows ? "more" : "fewer", n->filter);
	} else {
		pp_result_add_finding(r, "misestimate", PP_SEVERITY_WARN, n->relation, n->node_type,
				      "%s: estimated %.0f rows, got %.0f (%.0fx %s): stale statistics "
				      "or correlated columns",
				      what, n->plan_rows, n->actual_rows, factor,
				      n->actual_rows > n->plan_rows ? "more" : "fewer");
	}
	pp_result_finding_at(r, n->path);
}

/*
 * A misestimate on n, said once: not on nodes whose estimate is their input's, and for the
 * partitions of one table under an Append on the first, with how many more.
 */
static void
misestimate_finding(struct pp_case_result *r, const struct pp_plan_node *n, const char *what)
{
	const struct pp_case *c = r->c;
	double hi = fmax(n->actual_rows, n->plan_rows), lo = fmin(n->actual_rows, n->plan_rows);
	size_t others = 0;
	struct pp_buf more;
	bool more_rows;

	if (!misestimated(n, c->misestimate_factor, &more_rows) || cut_short(n) ||
	    inherits_estimate(n) || gathers_misestimate(n, c->misestimate_factor) ||
	    !first_of_partitions(r, n, c->misestimate_factor, &others))
		return;
	pp_buf_init(&more);
	pp_buf_puts(&more, what);
	if (others > 0)
		pp_buf_printf(&more, " (and %zu more partition%s of %s, the same)", others,
			      others == 1 ? "" : "s", pp_family_index_table(r->family, n->relation));
	say_misestimate(r, n, more.data, hi / fmax(lo, 1.0));
	pp_buf_reset(&more);
}

/*
 * The Hash Join n is an input of (directly, or through its Hash), with its other input; NULL
 * when n does not feed an inner or semi hash join (`IN (SELECT ...)` or `EXISTS` over a few
 * rows the planner cannot prove unique, a CTE's: the large side is read whole all the same).
 */
static const struct pp_plan_node *
hash_join_of(const struct pp_plan_node *n, const struct pp_plan_node **other)
{
	const struct pp_plan_node *p = n->parent, *side = n, *join;

	if (p != NULL && strcmp(p->node_type, "Hash") == 0) {
		side = p;
		p = p->parent;
	}
	if (p == NULL || strcmp(p->node_type, "Hash Join") != 0 || p->n_children != 2 ||
	    p->join_type == NULL ||
	    (strcmp(p->join_type, "Inner") != 0 && strcmp(p->join_type, "Semi") != 0))
		return NULL;
	join = p;
	*other = join->children[0] == side ? join->children[1] : join->children[0];
	if (strcmp((*other)->node_type, "Hash") == 0 && (*other)->n_children == 1)
		*other = (*other)->children[0];
	return join;
}

/* A scan join_keeps_few looks at: its join, the join's other input and rows, its columns. */
struct join_few {
	const struct pp_plan_node *join, *other;
	double read, kept, joined;
	struct pp_predicate on; /* the scan's columns in the join condition (equal) */
};

/*
 * A sequential scan read whole (seq_scan_min_rows or more) for a Hash Join that keeps few of
 * its rows (at most a tenth of 1 - seq_scan_discard: 1 %), joined to an input as small: an
 * index on the scan's join column would let a nested loop look up only those (a foreign key
 * with no index on its referencing side, typically); above 1 % a hash join over the whole
 * table is often what the planner picks even with the index. Two large inputs joined, a report's, are the hash
 * join's to do and no finding. Fills *j (reset it) when n is one.
 */
static bool
join_keeps_few_shape(const struct pp_case *c, const struct pp_plan_node *n, struct join_few *j)
{
	double few;

	memset(j, 0, sizeof *j);
	if (!is_seq_scan(n) || n->loops <= 0 || pp_explain_repeats(n) > 1 ||
	    (j->join = hash_join_of(n, &j->other)) == NULL || j->join->join_cond == NULL)
		return false;
	j->read = pp_explain_rows_read(n);
	j->kept = j->join->actual_rows * j->join->loops;
	/* the other input's rows once: each process of a parallel join builds its own hash */
	j->joined = j->other->actual_rows * pp_explain_repeats(j->other);
	few = (1 - c->seq_scan_discard) / 10 * j->read;
	return j->read >= c->seq_scan_min_rows && j->kept <= few && j->joined <= few &&
	       pp_predicate_read(j->join->join_cond, qualifier_of(n), &j->on) &&
	       j->on.n_equal > 0;
}

/* Whether an index on n's relation leads with column (read by the runner: r->indexed). */
static bool
indexed(const struct pp_case_result *r, const struct pp_plan_node *n, const char *column)
{
	char *key = pp_str_printf("%s.%s", n->relation != NULL ? n->relation : "", column);
	bool yes = pp_str_list_has(r->indexed, r->n_indexed, key);

	free(key);
	return yes;
}

/*
 * The join_keeps_few finding on n (described: its description, with its parent table), unless
 * an index on its join column exists: then the planner chose the hash join over it (its
 * estimates, not a missing index; a misestimate says why).
 */
static void
join_keeps_few(struct pp_case_result *r, const struct pp_plan_node *n, const char *described)
{
	struct join_few j;
	struct pp_buf what;
	bool has_index = false;

	if (!join_keeps_few_shape(r->c, n, &j)) {
		pp_predicate_reset(&j.on);
		return;
	}
	for (size_t i = 0; i < j.on.n_equal; i++)
		has_index = has_index || indexed(r, n, j.on.equal[i]);
	if (!has_index) {
		pp_buf_init(&what);
		pp_buf_puts(&what, described);
		pp_buf_printf(&what,
			      " read %.0f rows for a Hash %sJoin that kept %.0f, joined to %.0f rows: "
			      "an index on its join column%s ",
			      j.read, strcmp(j.join->join_type, "Semi") == 0 ? "Semi " : "", j.kept,
			      j.joined, j.on.n_equal > 1 ? "s" : "");
		for (size_t i = 0; i < j.on.n_equal; i++)
			pp_buf_printf(&what, "%s%s", i ? ", " : "", j.on.equal[i]);
		pp_buf_puts(&what, " lets a nested loop look up only those");
		pp_result_add_finding(r, "seq_scan", PP_SEVERITY_WARN, n->relation, n->node_type,
				      "%s", what.data);
		pp_result_finding_at(r, n->path);
		pp_buf_reset(&what);
	}
	pp_predicate_reset(&j.on);
}

struct join_columns {
	const struct pp_case *c;
	char **list;
	size_t n;
};

static void
collect_join_columns(const struct pp_plan_node *n, int depth, void *vctx)
{
	struct join_columns *jc = vctx;
	struct join_few j = { 0 };

	(void)depth;
	if (n->relation != NULL && join_keeps_few_shape(jc->c, n, &j))
		for (size_t i = 0; i < j.on.n_equal; i++) {
			char *key = pp_str_printf("%s.%s", n->relation, j.on.equal[i]);

			if (pp_str_list_has(jc->list, jc->n, key))
				free(key);
			else
				pp_str_list_push(&jc->list, &jc->n, key);
		}
	pp_predicate_reset(&j.on);
}

char **
pp_findings_join_columns(const struct pp_case_result *r, size_t *n)
{
	struct join_columns jc = { .c = r->c };

	pp_explain_walk(r->plan, collect_join_columns, &jc);
	*n = jc.n;
	return jc.list;
}

static void
default_findings(const struct pp_plan_node *n, int depth, void *vctx)
{
	struct scan_ctx *ctx = vctx;
	struct pp_case_result *r = ctx->r;
	const struct pp_case *c = r->c;
	struct pp_partgroup g;
	struct pp_buf what;

	(void)depth;
	pp_buf_init(&what);
	pp_explain_describe(n, &what);
	if (n->relation != NULL)
		put_parent(&what, r->family, n->relation);

	if (!ctx->allow_seq && avoidable_seq_scan(n, r, &g))
		seq_scan_finding(r, n, &g);
	else if (!ctx->allow_seq)
		join_keeps_few(r, n, what.data);

	if (n->parent_rel != NULL && strcmp(n->parent_rel, "SubPlan") == 0 &&
	    n->subplan_name != NULL && !n->hashed &&
	    n->loops >= c->n_plus_one_min_loops) {
		const char *outer = outer_relation(n);
		const char *inner = first_relation(n);
		enum pp_severity sev = ctx->allow_n_plus_one ? PP_SEVERITY_WARN : PP_SEVERITY_FAIL;
		struct pp_buf over;

		pp_buf_init(&over);
		if (inner != NULL && strcmp(pp_family_index_table(r->family, inner), inner) != 0)
			/* a sub-plan over a partitioned table reads its partitions, not the first */
			pp_buf_printf(&over, "the partitions of %s",
				      pp_family_index_table(r->family, inner));
		else if (inner != NULL)
			pp_buf_puts(&over, inner);
		else
			pp_buf_puts(&over, "its sub-query");
		if (inner != NULL && strcmp(pp_family_index_table(r->family, inner), inner) == 0)
			put_parent(&over, r->family, inner);
		pp_result_add_finding(r, "n_plus_one", sev, inner, n->node_type,
				      "%s runs once per row of %s: %.0f loops over %s (N+1: rewrite "
				      "it as a join)",
				      n->subplan_name, outer ? outer : "the outer query", n->loops,
				      over.data);
		pp_result_finding_at(r, n->path);
		pp_buf_reset(&over);
	}

	misestimate_finding(r, n, what.data);

	if (n->sort_space_type != NULL && strcmp(n->sort_space_type, "Disk") == 0) {
		pp_result_add_finding(r, "disk_sort", PP_SEVERITY_WARN, first_relation(n),
				      n->node_type,
				      "Sort spilled %.0f kB to disk (%s): raise work_mem for this "
				      "query or sort fewer rows",
				      n->sort_space_kb, n->sort_method ? n->sort_method : "external");
		pp_result_finding_at(r, n->path);
	}
	pp_buf_reset(&what);
}

struct match_ctx {
	const struct pp_assertion *a;
	const struct pp_family *family;
	const struct pp_plan_node *hit;     /* a node satisfying the assertion */
	const struct pp_plan_node *touched; /* some node on the relation */
	const struct pp_plan_node *child_miss; /* a partition or child scanned without the index */
	const char *schemas[2];             /* for ambiguity of an unqualified name */
};

/* A node that reads a relation's rows (not ModifyTable, not a Bitmap Index Scan). */
static bool
is_scan(const struct pp_plan_node *n)
{
	size_t len = strlen(n->node_type);

	return n->relation != NULL && len >= 4 && strcmp(n->node_type + len - 4, "Scan") == 0;
}

/*
 * Whether the index used (on relation) is the one wanted (NULL: any). A partition's index
 * attached to an index of its partitioned table is that index too: `using payment_amount_idx`
 * holds for a scan of payment_2026_01_amount_idx, which the plan names instead.
 */
static bool
index_named(const struct pp_family *f, const char *relation, const char *used, const char *wanted)
{
	char *name;
	bool hit = false;

	if (wanted == NULL)
		return true;
	if (used == NULL)
		return false;
	if (strcmp(used, wanted) == 0)
		return true;
	if (f == NULL || (name = pp_family_name_beside(relation, used)) == NULL)
		return false;
	for (const char *p = pp_family_parent(f, name); p != NULL && !hit;
	     p = pp_family_parent(f, p)) {
		const char *bare = strchr(p, '.');

		hit = strcmp(p, wanted) == 0 || (bare != NULL && strcmp(bare + 1, wanted) == 0);
	}
	free(name);
	return hit;
}

static bool
bitmap_uses(const struct pp_family *f, const char *relation, const struct pp_plan_node *n,
	    const char *index)
{
	if (strcmp(n->node_type, "Bitmap Index Scan") == 0)
		return index_named(f, relation, n->index, index);
	for (size_t i = 0; i < n->n_children; i++)
		if (bitmap_uses(f, relation, n->children[i], index))
			return true;
	return false;
}

/* Whether n satisfies the expectation a (its relation aside). */
static bool
satisfies(const struct pp_family *f, const struct pp_assertion *a, const struct pp_plan_node *n)
{
	bool only = a->kind == PP_ASSERT_EXPECT_INDEX_ONLY;

	if (strcmp(n->node_type, "Index Only Scan") == 0)
		return index_named(f, n->relation, n->index, a->index);
	if (!only && strcmp(n->node_type, "Index Scan") == 0)
		return index_named(f, n->relation, n->index, a->index);
	if (!only && strcmp(n->node_type, "Bitmap Heap Scan") == 0)
		return bitmap_uses(f, n->relation, n, a->index);
	return false;
}

/*
 * A node on the relation itself counts as before (any one satisfying it will do); a scan of one
 * of its partitions or children must satisfy it too, every one of them (expect holds when every
 * child actually scanned, after pruning, uses an index).
 */
static void
match_node(const struct pp_plan_node *n, int depth, void *vctx)
{
	struct match_ctx *m = vctx;
	const struct pp_assertion *a = m->a;
	bool ok;

	(void)depth;
	if (!names(a->relation, n)) {
		if (is_scan(n) && names_child(m->family, a->relation, n)) {
			if (m->touched == NULL)
				m->touched = n;
			if (!satisfies(m->family, a, n) && m->child_miss == NULL)
				m->child_miss = n;
			else if (satisfies(m->family, a, n) && m->hit == NULL)
				m->hit = n;
		}
		return;
	}
	if (m->touched == NULL)
		m->touched = n;
	if (m->schemas[0] == NULL)
		m->schemas[0] = n->relation;
	else if (strcmp(m->schemas[0], n->relation) != 0)
		m->schemas[1] = n->relation;
	ok = satisfies(m->family, a, n);
	if (ok && m->hit == NULL)
		m->hit = n;
}

/* The Index Cond an index-reading node searches with (a bitmap scan's, from its child). */
static const char *
index_cond_of(const struct pp_plan_node *n)
{
	if (n->index_cond != NULL)
		return n->index_cond;
	for (size_t i = 0; i < n->n_children; i++) {
		const char *c = index_cond_of(n->children[i]);

		if (c != NULL)
			return c;
	}
	return NULL;
}

/* Whether the index alt searches with has a condition on a column the scan filters on. */
static bool
serves_filter(const struct pp_plan_node *alt, const struct pp_predicate *filter)
{
	struct pp_predicate cond = { 0 };
	const char *ic = index_cond_of(alt);
	bool serves = false;

	if (ic == NULL || !pp_predicate_read(ic, qualifier_of(alt), &cond))
		return false;
	for (size_t i = 0; i < filter->n_equal && !serves; i++)
		serves = pp_str_list_has(cond.equal, cond.n_equal, filter->equal[i]) ||
			 pp_str_list_has(cond.range, cond.n_range, filter->equal[i]);
	for (size_t i = 0; i < filter->n_range && !serves; i++)
		serves = pp_str_list_has(cond.equal, cond.n_equal, filter->range[i]) ||
			 pp_str_list_has(cond.range, cond.n_range, filter->range[i]);
	pp_predicate_reset(&cond);
	return serves;
}

/*
 * Why an index scan was expected and a sequential scan came, from the plan made with sequential
 * scans off: an index that searches on the filtered columns was there but not chosen (a cost
 * question), or none searches on them (a missing index: which columns, and a CREATE INDEX).
 */
static void
diagnose(struct pp_buf *what, const struct pp_case_result *r, const struct pp_plan_node *scan,
	 const struct pp_plan_node *alt)
{
	struct pp_predicate filter = { 0 };
	bool read = scan->filter != NULL && pp_predicate_read(scan->filter, qualifier_of(scan),
							      &filter);
	/*
	 * The re-plan's index searches with a condition: on a filtered column; or on a filter
	 * pgperf cannot take apart (jsonb @> through a GIN index), or, with no filter, on a join
	 * condition (an anti-join's inner side looked up by a nested loop): the index serves.
	 */
	bool serves = alt != NULL && index_cond_of(alt) != NULL &&
		      (read && filter.n_equal + filter.n_range > 0 ? serves_filter(alt, &filter)
								   : true);

	if (serves) {
		struct pp_buf idx;

		pp_buf_init(&idx);
		pp_explain_describe(alt, &idx);
		pp_buf_printf(what,
			      "; %s could serve it but was not chosen: plan cost %.2f with it against "
			      "%.2f chosen, ",
			      idx.data, r->seqscan_off_plan->root->total_cost,
			      r->plan->root->total_cost);
		if (scan->loops > 0 && scan->shared_hit + scan->shared_read <= scan->loops)
			pp_buf_printf(what, "as %s is one page: reading it whole is cheaper than any "
					    "index, and with the rows of production the planner would "
					    "choose the index (seed it larger)",
				      scan->relation);
		else
			pp_buf_puts(what, "a cost or statistics question (ANALYZE, random_page_cost)");
		pp_buf_reset(&idx);
	} else if (scan->filter == NULL) {
		pp_buf_printf(what, "; the query has no condition on %s that an index could search "
				    "with: it reads every row",
			      scan->relation);
	} else if (filter.n_equal + filter.n_range > 0) {
		char *stmt = pp_predicate_index(pp_family_index_table(r->family, scan->relation),
						&filter);

		pp_buf_printf(what, "; no index on %s searches on the filtered column%s ",
			      scan->relation, filter.n_equal + filter.n_range > 1 ? "s" : "");
		for (size_t i = 0; i < filter.n_equal + filter.n_range; i++)
			pp_buf_printf(what, "%s%s", i ? ", " : "",
				      i < filter.n_equal ? filter.equal[i]
							 : filter.range[i - filter.n_equal]);
		pp_buf_printf(what, ": a missing index, e.g. %s", stmt);
		free(stmt);
	} else {
		pp_buf_printf(what, "; no index on %s can serve its filter %s: a missing index (on "
				    "the expression, or the columns it compares)",
			      scan->relation, scan->filter);
	}
	pp_predicate_reset(&filter);
}

/* For a sequential scan where a (the expectation) wanted an index: would one serve? */
static void
replan_diagnosis(struct pp_buf *what, const struct pp_case_result *r,
		 const struct pp_assertion *a, const struct pp_plan_node *scan)
{
	struct match_ctx alt = { .a = a, .family = r->family };

	if (r->seqscan_off_plan == NULL || !is_seq_scan(scan) || scan->path[0] == 'n')
		return;
	pp_explain_walk(r->seqscan_off_plan, match_node, &alt);
	/* A partition or child still read whole with sequential scans off has no index for it:
	 * that is the missing one, whatever another partition's index could do. */
	if (alt.child_miss != NULL && is_seq_scan(alt.child_miss))
		diagnose(what, r, alt.child_miss, NULL);
	else
		diagnose(what, r, scan, alt.hit);
}

/*
 * An index expectation met by an index scan with no Index Cond that reads rows_read_ratio times
 * what it returns: the index is walked (for its order) while a filter on another column picks
 * the rows, which meets the letter of the expectation and not its purpose.
 */
static void
walked(struct pp_case_result *r, const struct pp_assertion *a, const struct pp_plan_node *hit)
{
	struct pp_buf what;

	double read = pp_explain_rows_read(hit), returned = hit->actual_rows * hit->loops;

	/* Walking an index for its order to return what it reads (a top-N) is what it is for. */
	if (hit->index_cond != NULL || strcmp(hit->node_type, "Bitmap Heap Scan") == 0 ||
	    hit->loops <= 0 || read < r->c->seq_scan_min_rows ||
	    read < r->c->rows_read_ratio * fmax(returned, 1))
		return;
	pp_buf_init(&what);
	pp_explain_describe(hit, &what);
	pp_result_add_finding(r, "index_walked", PP_SEVERITY_WARN, hit->relation, hit->node_type,
			      "expect: %s: met by %s with no Index Cond: the index is walked (%.0f "
			      "rows read to return %.0f), not searched",
			      a->text, what.data, read, returned);
	pp_result_finding_at(r, hit->path);
	pp_buf_reset(&what);
}

static void
check_expect(struct pp_case_result *r, const struct pp_assertion *a, bool *fact_set)
{
	struct match_ctx m = { .a = a, .family = r->family };
	struct pp_buf what;

	walk_all(r, match_node, &m);
	if (m.child_miss != NULL) {
		pp_buf_init(&what);
		pp_explain_describe(m.child_miss, &what);
		put_parent(&what, r->family, m.child_miss->relation);
		put_nested(&what, r, m.child_miss);
		replan_diagnosis(&what, r, a, m.child_miss);
		pp_result_add_finding(r, "expect_unmet", PP_SEVERITY_FAIL, m.child_miss->relation,
				      m.child_miss->node_type, "expect: %s: got %s", a->text,
				      what.data);
		pp_result_finding_at(r, m.child_miss->path);
		pp_buf_reset(&what);
		return;
	}
	if (m.schemas[1] != NULL) {
		pp_result_add_finding(r, "expect_unmet", PP_SEVERITY_FAIL, NULL, NULL,
				      "expect: %s: \"%s\" is ambiguous here (%s and %s); qualify it",
				      a->text, a->relation, m.schemas[0], m.schemas[1]);
		return;
	}
	if (m.hit != NULL) {
		walked(r, a, m.hit);
		if (!*fact_set) {
			pp_buf_init(&what);
			pp_explain_describe_all(m.hit, &what);
			free(r->plan_fact);
			r->plan_fact = pp_buf_steal(&what);
			*fact_set = true;
		}
		return;
	}
	if (m.touched == NULL) {
		pp_result_add_finding(r, "expect_unmet", PP_SEVERITY_FAIL, a->relation, NULL,
				      "expect: %s: the plan never touches %s", a->text, a->relation);
		return;
	}
	pp_buf_init(&what);
	pp_explain_describe(m.touched, &what);
	put_nested(&what, r, m.touched);
	if (!is_seq_scan(m.touched)) {
		if (a->kind == PP_ASSERT_EXPECT_INDEX_ONLY)
			pp_buf_puts(&what, "; an index-only scan needs every column the query reads "
					   "in the index and pages marked all-visible (VACUUM)");
	} else {
		replan_diagnosis(&what, r, a, m.touched);
	}
	pp_result_add_finding(r, "expect_unmet", PP_SEVERITY_FAIL, m.touched->relation,
			      m.touched->node_type, "expect: %s: got %s", a->text, what.data);
	pp_result_finding_at(r, m.touched->path);
	pp_buf_reset(&what);
}

struct forbid_ctx {
	struct pp_case_result *r;
	const struct pp_assertion *a;
};

/*
 * An inheritance parent's own scan beside its children's under one Append, reading nothing:
 * with inheritance routed by a trigger the parent keeps no rows, and the planner reads an empty
 * table sequentially whatever its indexes, so forbidding that scan would fail every such plan
 * (expect passes over it the same way: the children's index scans satisfy it).
 */
static bool
empty_parent_scan(const struct pp_family *family, const struct pp_plan_node *n)
{
	const struct pp_plan_node *up = n->parent;

	if (family == NULL || up == NULL || pp_explain_rows_read(n) > 0 ||
	    (strcmp(up->node_type, "Append") != 0 && strcmp(up->node_type, "Merge Append") != 0))
		return false;
	for (size_t i = 0; i < up->n_children; i++)
		if (up->children[i] != n && names_child(family, n->relation, up->children[i]))
			return true;
	return false;
}

/* Whether the seq scan n is one the assertion (forbid_ctx) forbids. */
static bool
forbidden(const struct pp_plan_node *n, const void *vctx)
{
	const struct forbid_ctx *f = vctx;

	return is_seq_scan(n) &&
	       (f->a->relation == NULL || names(f->a->relation, n) ||
		names_child(f->r->family, f->a->relation, n)) &&
	       !empty_parent_scan(f->r->family, n);
}

static void
check_forbid_node(const struct pp_plan_node *n, int depth, void *vctx)
{
	struct forbid_ctx *f = vctx;
	struct pp_partgroup g;
	struct pp_buf what;

	(void)depth;
	if (!forbidden(n, f) || !pp_partgroup_of(n, f->r->family, forbidden, f, &g))
		return;
	pp_buf_init(&what);
	describe_scan(n, &g, f->r->family, &what);
	put_nested(&what, f->r, n);
	pp_result_add_finding(f->r, "forbidden", PP_SEVERITY_FAIL, n->relation, n->node_type,
			      "forbid: %s: the plan has %s (%.0f rows read)", f->a->text, what.data,
			      g.rows_read);
	pp_result_finding_at(f->r, g.append != NULL ? g.append->path : n->path);
	pp_buf_reset(&what);
}

/* expect_plan / forbid_plan: a PCRE2 pattern against the plan rendered one node per line. */
static void
check_pattern(struct pp_case_result *r, const struct pp_assertion *a)
{
	bool expect = a->kind == PP_ASSERT_EXPECT_PLAN;
	pcre2_code *re;
	pcre2_match_data *md;
	struct pp_buf text;
	int errcode, rc;
	PCRE2_SIZE erroff;

	re = pcre2_compile((PCRE2_SPTR)a->text, PCRE2_ZERO_TERMINATED, PCRE2_MULTILINE, &errcode,
			   &erroff, NULL);
	if (re == NULL)
		return; /* checked when the case was read */
	md = pcre2_match_data_create_from_pattern(re, NULL);
	pp_buf_init(&text);
	pp_explain_render(r->plan, &text, NULL, NULL);
	rc = pcre2_match(re, (PCRE2_SPTR)text.data, text.len, 0, 0, md, NULL);
	if (expect && rc < 0) {
		pp_result_add_finding(r, "expect_unmet", PP_SEVERITY_FAIL, NULL, NULL,
				      "expect_plan: /%s/ matches no line of the plan", a->text);
	} else if (!expect && rc >= 0) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
		const char *start = text.data + ov[0], *end = text.data + ov[0];

		/* quote the whole plan line the match starts on */
		while (start > text.data && start[-1] != '\n')
			start--;
		while (*end != '\0' && *end != '\n')
			end++;
		while (*start == ' ')
			start++;
		pp_result_add_finding(r, "forbidden", PP_SEVERITY_FAIL, NULL, NULL,
				      "forbid_plan: /%s/ matches \"%.*s\"", a->text,
				      (int)(end - start), start);
	}
	pp_buf_reset(&text);
	pcre2_match_data_free(md);
	pcre2_code_free(re);
}

void
pp_findings_evaluate(struct pp_case_result *r)
{
	const struct pp_case *c = r->c;
	struct scan_ctx ctx = { .r = r };
	bool fact_set = false;
	size_t first = r->n_findings;

	if (r->plan == NULL)
		return;
	for (size_t i = 0; i < c->n_assertions; i++) {
		if (c->assertions[i].kind == PP_ASSERT_ALLOW_SEQ)
			ctx.allow_seq = true;
		if (c->assertions[i].kind == PP_ASSERT_ALLOW_N_PLUS_ONE)
			ctx.allow_n_plus_one = true;
	}
	for (size_t i = 0; i < c->n_assertions; i++) {
		const struct pp_assertion *a = &c->assertions[i];

		if (a->kind == PP_ASSERT_EXPECT_INDEX || a->kind == PP_ASSERT_EXPECT_INDEX_ONLY) {
			check_expect(r, a, &fact_set);
		} else if (a->kind == PP_ASSERT_FORBID_SEQ) {
			struct forbid_ctx f = { .r = r, .a = a };

			walk_all(r, check_forbid_node, &f);
		} else if (a->kind == PP_ASSERT_EXPECT_PLAN || a->kind == PP_ASSERT_FORBID_PLAN) {
			check_pattern(r, a);
		}
	}
	pp_explain_walk(r->plan, default_findings, &ctx);
	pp_reads_evaluate(r, ctx.allow_seq, ctx.allow_n_plus_one);
	if (r->nested.dropped > 0)
		pp_result_add_finding(r, "nested_unseen", PP_SEVERITY_WARN, NULL, NULL,
				      "expect/forbid did not judge %ld executions of statements its "
				      "functions and triggers ran: past the first %d distinct statements "
				      "(or %d plans in all), pgperf counts them without reading them",
				      r->nested.dropped, PP_NESTED_MAX, PP_NESTED_NOTICES);
	if (r->nested.why_not != NULL && pp_case_judges_scans(c))
		pp_result_add_finding(r, "nested_unseen", PP_SEVERITY_INFO, NULL, NULL,
				      "expect/forbid judged the statement's own plan only: the "
				      "statements its functions and triggers run were not seen, as %s "
				      "(a superuser's connection loads it)",
				      r->nested.why_not);
	if (r->plan->jit)
		pp_result_add_finding(r, "jit", PP_SEVERITY_INFO, NULL, NULL,
				      "JIT compiled %d functions in %.1f ms, which the timings of "
				      "short queries include; set jit = off to time without it",
				      r->plan->jit_functions, r->plan->jit_ms);

	for (size_t i = first; i < r->n_findings; i++) {
		severity_raise(r, r->findings[i].severity);
		/* Without a met expectation, the worst plan finding is the fact to show. */
		if (!fact_set && r->findings[i].severity != PP_SEVERITY_INFO &&
		    (r->plan_fact == NULL || r->findings[i].severity == PP_SEVERITY_FAIL)) {
			free(r->plan_fact);
			r->plan_fact = pp_mem_strdup(r->findings[i].message);
			if (r->findings[i].severity == PP_SEVERITY_FAIL)
				fact_set = true;
		}
	}
}
