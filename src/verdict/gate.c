/*
 * gate.c: the deterministic and statistical regression gates (see gate.h).
 */
#include "verdict/gate.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plan/diff.h"
#include "util/buf.h"
#include "util/mem.h"

#define PROBE_WINDOW 4 /* probes each side of an iteration: a median of up to 9 */

void
pp_gate_defaults(struct pp_gate_options *o)
{
	o->buffers_tolerance = PP_GATE_BUFFERS_TOLERANCE;
	o->buffers_min = PP_GATE_BUFFERS_MIN;
	o->time_ratio = PP_GATE_TIME_RATIO;
	o->time_min_ms = PP_GATE_TIME_MIN_MS;
	o->alpha = PP_GATE_ALPHA;
	o->fragile_within = PP_GATE_FRAGILE_WITHIN;
}

static bool
analyzed(const struct pp_plan *p)
{
	return p != NULL && p->root != NULL && p->root->loops > 0;
}

static double
buffers(const struct pp_plan_node *n)
{
	return n != NULL ? n->shared_hit + n->shared_read : 0;
}

/* The buffers a node read itself: its total less its children's. */
static double
own_buffers(const struct pp_plan_node *n)
{
	double own = buffers(n);

	for (size_t i = 0; n != NULL && i < n->n_children; i++)
		own -= buffers(n->children[i]);
	return own > 0 ? own : 0;
}

static bool
plan_has_index(const struct pp_plan_node *n, const char *index)
{
	if (n->index != NULL && strcmp(n->index, index) == 0)
		return true;
	for (size_t i = 0; i < n->n_children; i++)
		if (plan_has_index(n->children[i], index))
			return true;
	return false;
}

static bool
plan_has_seq_scan(const struct pp_plan_node *n, const char *relation)
{
	if (strcmp(n->node_type, "Seq Scan") == 0 && n->relation != NULL &&
	    strcmp(n->relation, relation) == 0)
		return true;
	for (size_t i = 0; i < n->n_children; i++)
		if (plan_has_seq_scan(n->children[i], relation))
			return true;
	return false;
}

/* The relation a node reads: its own, or for a bitmap index scan its heap scan's. */
static const char *
relation_of(const struct pp_plan_node *n)
{
	for (; n != NULL; n = n->parent)
		if (n->relation != NULL)
			return n->relation;
	return NULL;
}

/* "index X left the plan[: REL is now a sequential scan]" for every index before used that now
 * does not (each node naming an index itself, so every index of a BitmapOr counts); whether
 * there was one. */
static bool
lost_indexes(const struct pp_plan_node *n, const struct pp_plan *now, struct pp_buf *why)
{
	const char *rel = relation_of(n);
	bool lost = false;

	if (n->index != NULL && !plan_has_index(now->root, n->index)) {
		pp_buf_printf(why, ": index %s left the plan", n->index);
		if (rel != NULL && plan_has_seq_scan(now->root, rel))
			pp_buf_printf(why, ": %s is now a sequential scan", rel);
		lost = true;
	}
	for (size_t i = 0; i < n->n_children; i++)
		lost = lost_indexes(n->children[i], now, why) || lost;
	return lost;
}

static void
plan_changes(const struct pp_plan *before, const struct pp_plan *now, const char *against,
             struct pp_case_result *r)
{
	struct pp_plan_diff d;
	struct pp_buf msg;
	bool fail;

	pp_plan_diff(before, now, &d);
	if (!d.changed) {
		pp_plan_diff_reset(&d);
		return;
	}
	pp_buf_init(&msg);
	pp_buf_puts(&msg, "the plan changed");
	fail = lost_indexes(before->root, now, &msg);
	for (size_t i = 0; i < d.n; i++) {
		const struct pp_plan_change *c = &d.changes[i];

		fail = fail || c->kind == PP_PLAN_SCAN_DEGRADED;
		pp_buf_printf(&msg, "\n  %s at %s: %s \u2192 %s", pp_plan_diff_kind_name(c->kind),
		              c->path_after ? c->path_after : c->path_before,
		              c->before ? c->before : "(none)", c->after ? c->after : "(none)");
	}
	pp_buf_printf(&msg, "\n  %s \u2192 now:\n", against);
	pp_plan_diff_render(before, now, &msg);
	while (msg.len > 0 && msg.data[msg.len - 1] == '\n')
		msg.data[--msg.len] = '\0';
	pp_result_add_finding(r, "plan_changed", fail ? PP_SEVERITY_FAIL : PP_SEVERITY_WARN, NULL,
	                      NULL, "%s", msg.data);
	r->status = pp_outcome_worse(r->status, fail ? PP_STATUS_FAIL : PP_STATUS_WARN);
	pp_buf_reset(&msg);
	pp_plan_diff_reset(&d);
}

static void
buffers_gate(const struct pp_plan *before, const struct pp_plan *now, const char *against,
             const struct pp_gate_options *o, struct pp_case_result *r)
{
	double b0 = buffers(before->root), b1 = buffers(now->root), worst = 0;
	const struct pp_plan_pair *at = NULL;
	struct pp_plan_pair *rows = NULL;
	size_t n;

	if (!(b1 > b0 * (1 + o->buffers_tolerance) && b1 - b0 >= o->buffers_min))
		return;
	n = pp_plan_align(before, now, &rows);
	for (size_t i = 0; i < n; i++) {
		double g = own_buffers(rows[i].after) - own_buffers(rows[i].before);

		if (rows[i].after != NULL && g > worst) {
			worst = g;
			at = &rows[i];
		}
	}
	if (at != NULL) {
		struct pp_buf node;

		pp_buf_init(&node);
		pp_explain_describe(at->after, &node);
		pp_result_add_finding(
		    r, "buffers", PP_SEVERITY_FAIL, at->after->relation, at->after->node_type,
		    "shared buffers %.0f \u2192 %.0f pages (%+.0f%%; tolerance %.0f%% and %.0f pages) "
		    "against %s; most at %s (node %s): %.0f \u2192 %.0f",
		    b0, b1, b0 > 0 ? (b1 / b0 - 1) * 100 : 100.0, o->buffers_tolerance * 100,
		    o->buffers_min, against, node.data, at->after->path, own_buffers(at->before),
		    own_buffers(at->after));
		pp_buf_reset(&node);
	} else {
		pp_result_add_finding(r, "buffers", PP_SEVERITY_FAIL, NULL, NULL,
		                      "shared buffers %.0f \u2192 %.0f pages against %s", b0, b1,
		                      against);
	}
	r->status = pp_outcome_worse(r->status, PP_STATUS_FAIL);
	free(rows);
}

static void
temp_gate(const struct pp_plan *before, const struct pp_plan *now, const char *against,
          struct pp_case_result *r)
{
	struct pp_plan_pair *rows = NULL;
	size_t n = pp_plan_align(before, now, &rows);

	for (size_t i = 0; i < n; i++) {
		const struct pp_plan_node *a = rows[i].after, *b = rows[i].before;
		struct pp_buf node;

		if (a == NULL || a->temp_written <= 0 || (b != NULL && b->temp_written > 0))
			continue;
		pp_buf_init(&node);
		pp_explain_describe(a, &node);
		pp_result_add_finding(r, "temp_blocks", PP_SEVERITY_FAIL, a->relation, a->node_type,
		                      "%s (node %s) wrote %.0f temp blocks; %s wrote none",
		                      node.data, a->path, a->temp_written, against);
		r->status = pp_outcome_worse(r->status, PP_STATUS_FAIL);
		pp_buf_reset(&node);
	}
	free(rows);
}

void
pp_gate_plans(const struct pp_plan *before, const struct pp_plan *now, const char *against,
              const struct pp_gate_options *o, struct pp_case_result *r)
{
	if (before == NULL || now == NULL || before->root == NULL || now->root == NULL)
		return;
	plan_changes(before, now, against, r);
	if (analyzed(before) && analyzed(now)) {
		buffers_gate(before, now, against, o, r);
		temp_gate(before, now, against, r);
	}
}

enum pp_gate_time
pp_gate_time_judge(const double *before, size_t nb, const double *now, size_t nn, double unit_ms,
                   const struct pp_gate_options *o, struct pp_timecmp *cmp)
{
	double apart;

	pp_timecmp_compute(before, nb, now, nn, cmp);
	apart = (cmp->now_median - cmp->before_median) * unit_ms;
	if (cmp->lo >= o->time_ratio && cmp->p_slower < o->alpha && apart >= o->time_min_ms)
		return PP_GATE_TIME_SLOWER;
	if (cmp->hi * o->time_ratio <= 1 && cmp->p_faster < o->alpha && -apart >= o->time_min_ms)
		return PP_GATE_TIME_FASTER;
	return PP_GATE_TIME_SAME;
}

bool
pp_gate_time_suspect(const struct pp_timecmp *cmp, double unit_ms, const struct pp_gate_options *o)
{
	return cmp->ratio >= o->time_ratio &&
	       (cmp->now_median - cmp->before_median) * unit_ms >= o->time_min_ms;
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

double *
pp_gate_relative_times(const struct pp_case_result *r, size_t *n)
{
	double *out;

	*n = 0;
	if (r->probe_ns == NULL || r->n_probe == 0)
		return NULL;
	out = pp_mem_alloc(r->n_probe * sizeof *out);
	for (size_t i = 0; i < r->n_probe; i++) {
		size_t lo = i > PROBE_WINDOW ? i - PROBE_WINDOW : 0;
		size_t hi = i + PROBE_WINDOW < r->n_probe ? i + PROBE_WINDOW + 1 : r->n_probe;
		int64_t win[2 * PROBE_WINDOW + 1];
		size_t k = hi - lo;
		double m;

		memcpy(win, r->probe_ns + lo, k * sizeof *win);
		qsort(win, k, sizeof *win, cmp_i64);
		m = k % 2 ? (double)win[k / 2] : ((double)win[k / 2 - 1] + (double)win[k / 2]) / 2;
		out[i] = m > 0 ? (double)r->server_ns[i] / m : 0;
	}
	*n = r->n_probe;
	return out;
}

double
pp_gate_probe_ms(const struct pp_case_result *r)
{
	double *v, m;

	if (r->probe_ns == NULL || r->n_probe == 0)
		return 0;
	v = pp_mem_alloc(r->n_probe * sizeof *v);
	for (size_t i = 0; i < r->n_probe; i++)
		v[i] = (double)r->probe_ns[i] / 1e6;
	m = pp_timecmp_median(v, r->n_probe);
	free(v);
	return m;
}

void
pp_gate_fragility(const struct pp_gate_options *o, struct pp_case_result *r)
{
	double cost, alt;
	struct pp_plan_diff d;

	if (r->plan == NULL || r->noindex_plan == NULL || r->plan->root == NULL ||
	    r->noindex_plan->root == NULL)
		return;
	cost = r->plan->root->total_cost;
	alt = r->noindex_plan->root->total_cost;
	if (cost <= 0 || alt > cost * (1 + o->fragile_within))
		return;
	pp_plan_diff(r->plan, r->noindex_plan, &d);
	pp_result_add_finding(r, "plan_fragile", PP_SEVERITY_INFO, NULL, NULL,
	                      "the plan's cost %.2f is within %.0f%% of the plan without its index "
	                      "(%.2f%s%s): a small change in data or statistics may flip it",
	                      cost, o->fragile_within * 100, alt, d.n > 0 ? ", " : "",
	                      d.n > 0 && d.changes[0].after ? d.changes[0].after : "");
	pp_plan_diff_reset(&d);
}

/* r's raw samples as doubles (ns); a new array, *n of them. */
static double *
raw_times(const struct pp_case_result *r, size_t *n)
{
	double *v;

	*n = r->samples ? r->stats.n : 0;
	v = pp_mem_alloc((*n + 1) * sizeof *v);
	for (size_t i = 0; i < *n; i++)
		v[i] = (double)r->samples[i];
	return v;
}

/*
 * Judged on times relative to each side's own calibration probe when both have one: the two
 * backends may run on CPUs of different speeds (another process sharing one core, a
 * hypervisor's steal), which raw times would call a difference between the databases. The
 * raw ratio is reported beside it.
 */
void
pp_gate_ab_time(const struct pp_gate_options *o, const struct pp_case_result *rb,
                struct pp_case_result *r)
{
	size_t nb, nn, nrb, nrn;
	double *b = raw_times(rb, &nb), *a = raw_times(r, &nn);
	double *relb = pp_gate_relative_times(rb, &nrb), *reln = pp_gate_relative_times(r, &nrn);
	double unit_ms = pp_gate_probe_ms(rb);
	bool relative = relb != NULL && reln != NULL && nrb > 0 && nrn > 0 && unit_ms > 0;
	struct pp_timecmp cmp, raw;
	enum pp_gate_time v;
	struct pp_buf msg;

	if (nb > 0 && nn > 0) {
		v = relative ? pp_gate_time_judge(relb, nrb, reln, nrn, unit_ms, o, &cmp)
			     : pp_gate_time_judge(b, nb, a, nn, 1e-6, o, &cmp);
		if (!relative)
			unit_ms = 1e-6;
		pp_buf_init(&msg);
		pp_buf_printf(&msg, "%.2fx the base database, timed alternately%s (95%% interval "
			      "%.2f-%.2fx, Mann-Whitney p=%.2g; %smedian %.3f ms against %.3f ms",
			      cmp.ratio, relative ? " relative to each side's calibration probe" : "",
			      cmp.lo, cmp.hi,
			      v == PP_GATE_TIME_FASTER ? cmp.p_faster : cmp.p_slower,
			      relative ? "server time " : "", cmp.now_median * unit_ms,
			      cmp.before_median * unit_ms);
		if (relative) {
			pp_timecmp_compute(b, nb, a, nn, &raw);
			pp_buf_printf(&msg, " at the base side's speed; raw %.2fx", raw.ratio);
		}
		pp_buf_printf(&msg, "): %s (slower needs the whole interval >= %.2fx, p < %.2g and "
			      "%.2f ms)",
			      v == PP_GATE_TIME_SLOWER   ? "slower"
			      : v == PP_GATE_TIME_FASTER ? "faster"
							 : "within the gate",
			      o->time_ratio, o->alpha, o->time_min_ms);
		pp_result_add_finding(r, "time",
				      v == PP_GATE_TIME_SLOWER ? PP_SEVERITY_FAIL : PP_SEVERITY_INFO,
				      NULL, NULL, "%s", msg.data);
		pp_buf_reset(&msg);
		if (v == PP_GATE_TIME_SLOWER)
			r->status = pp_outcome_worse(r->status, PP_STATUS_FAIL);
	}
	free(relb);
	free(reln);
	free(b);
	free(a);
}
