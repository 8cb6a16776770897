/*
 * check_gate.c: the regression gates. Plan pairs as data (tests/data/diffs/NAME.before.json and
 * NAME.after.json, with ANALYZE figures) judged by the deterministic gates, and the statistics
 * of the time gate (timecmp.h) on samples made here: known Mann-Whitney values, intervals,
 * quantiles, and the verdicts at the defaults.
 */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plan/explain.h"
#include "util/buf.h"
#include "util/file.h"
#include "util/mem.h"
#include "verdict/gate.h"
#include "verdict/timecmp.h"
#include "suites.h"

static struct pp_plan *
load(const char *name, const char *side)
{
	struct pp_buf path;
	const char *why = NULL;
	struct pp_plan *p;
	char *json;

	pp_buf_init(&path);
	pp_buf_printf(&path, "%s/diffs/%s.%s.json", TEST_DATA_DIR, name, side);
	json = pp_file_read(path.data, "plan", NULL);
	ck_assert_msg(json != NULL, "%s", path.data);
	p = pp_explain_parse(json, &why);
	ck_assert_msg(p != NULL, "%s: %s", path.data, why);
	free(json);
	pp_buf_reset(&path);
	return p;
}

static const struct {
	const char *pair;
	enum pp_status status;
	const char *want;   /* part of a "kind/severity: message" line; NULL: no findings */
	const char *absent; /* must not appear */
} cases[] = {
    {"unchanged", PP_STATUS_PASS, NULL, NULL},
    {"grown", PP_STATUS_FAIL,
     "buffers/fail: shared buffers 247 \u2192 741 pages (+200%; tolerance 10% and 8 pages) "
     "against the baseline; most at Seq Scan on app.events (node 0.0): 247 \u2192 741",
     "plan_changed"},
    {"within", PP_STATUS_PASS, NULL, NULL},
    {"spills", PP_STATUS_FAIL,
     "temp_blocks/fail: Sort (node 0) wrote 120 temp blocks; the baseline wrote none", "buffers"},
    {"dropped_index", PP_STATUS_FAIL,
     "plan_changed/fail: the plan changed: index orders_customer_idx left the plan: app.orders "
     "is now a sequential scan",
     NULL},
    {"dropped_index", PP_STATUS_FAIL, "buffers/fail: shared buffers 4 \u2192 120 pages", NULL},
    {"index_changed", PP_STATUS_FAIL, "index orders_customer_idx left the plan", NULL},
    {"index_added", PP_STATUS_WARN,
     "plan_changed/warn: the plan changed\n  scan_improved at 0: Seq Scan on app.orders \u2192 "
     "Index Only Scan using orders_pkey on app.orders",
     NULL},
    {"gather_added", PP_STATUS_WARN, "node_added at 0.0: (none) \u2192 Gather", NULL},
};

START_TEST(gate_plans)
{
	struct pp_plan *b = load(cases[_i].pair, "before"), *a = load(cases[_i].pair, "after");
	struct pp_case_result r = {.status = PP_STATUS_PASS};
	struct pp_gate_options o;
	struct pp_buf out;

	pp_gate_defaults(&o);
	pp_gate_plans(b, a, "the baseline", &o, &r);
	pp_buf_init(&out);
	for (size_t i = 0; i < r.n_findings; i++)
		pp_buf_printf(&out, "%s/%s: %s\n", r.findings[i].kind,
		              pp_result_severity_name(r.findings[i].severity),
		              r.findings[i].message);
	ck_assert_msg(r.status == cases[_i].status, "%s: status %d\n%s", cases[_i].pair, r.status,
	              out.data);
	if (cases[_i].want == NULL)
		ck_assert_msg(r.n_findings == 0, "%s: %s", cases[_i].pair, out.data);
	else
		ck_assert_msg(strstr(out.data, cases[_i].want) != NULL, "%s: want\n%s\ngot\n%s",
		              cases[_i].pair, cases[_i].want, out.data);
	if (cases[_i].absent != NULL)
		ck_assert_msg(strstr(out.data, cases[_i].absent) == NULL, "%s: %s", cases[_i].pair,
		              out.data);
	pp_buf_reset(&out);
	pp_result_reset(&r);
	pp_explain_free(b);
	pp_explain_free(a);
}
END_TEST

START_TEST(mann_whitney_known_value)
{
	const double b[] = {1, 2, 3, 4, 5}, a[] = {6, 7, 8, 9, 10};
	struct pp_timecmp c;

	/* U = 25, mean 12.5, variance 25 * 11 / 12: z = 12 / 4.787 = 2.507, p = 0.0061. */
	pp_timecmp_compute(b, 5, a, 5, &c);
	ck_assert_double_eq_tol(c.p_slower, 0.0061, 0.0003);
	ck_assert(c.p_faster > 0.99);
	ck_assert_double_eq_tol(c.ratio, 8.0 / 3.0, 1e-9);
	ck_assert(c.lo <= c.ratio && c.ratio <= c.hi);
}
END_TEST

/* n values around center, skewed the way latencies are (a long right tail), deterministic. */
static void
latencies(double *v, size_t n, double center)
{
	for (size_t i = 0; i < n; i++) {
		double u = (double)((i * 7919) % n) / (double)n;

		v[i] = center * (0.9 + 0.2 * u + (u > 0.95 ? 2 * u : 0));
	}
}

START_TEST(time_verdicts)
{
	double before[100], same[100], slower[100], faster[100], near[100];
	struct pp_gate_options o;
	struct pp_timecmp c;

	pp_gate_defaults(&o);
	latencies(before, 100, 1.0);
	latencies(same, 100, 1.02);
	latencies(slower, 100, 3.0);
	latencies(faster, 100, 0.3);
	latencies(near, 100, 1.3);
	ck_assert_int_eq(pp_gate_time_judge(before, 100, same, 100, 2.0, &o, &c),
	                 PP_GATE_TIME_SAME);
	ck_assert(c.lo <= 1.02 + 0.05 && c.hi >= 1.0);
	ck_assert_int_eq(pp_gate_time_judge(before, 100, slower, 100, 2.0, &o, &c),
	                 PP_GATE_TIME_SLOWER);
	ck_assert_double_eq_tol(c.ratio, 3.0, 0.01);
	ck_assert(c.p_slower < 1e-6);
	/* significant but under the minimum ratio */
	ck_assert_int_eq(pp_gate_time_judge(before, 100, near, 100, 2.0, &o, &c),
	                 PP_GATE_TIME_SAME);
	ck_assert(c.p_slower < 0.01);
	ck_assert(pp_gate_time_suspect(&c, 2.0, &o) == false);
	/* 3x but the medians only 0.02 ms apart */
	ck_assert_int_eq(pp_gate_time_judge(before, 100, slower, 100, 0.01, &o, &c),
	                 PP_GATE_TIME_SAME);
	ck_assert(pp_gate_time_suspect(&c, 2.0, &o));
	ck_assert_int_eq(pp_gate_time_judge(before, 100, faster, 100, 2.0, &o, &c),
	                 PP_GATE_TIME_FASTER);
}
END_TEST

START_TEST(quantiles_and_relative_times)
{
	double v[1000], q[16];
	int64_t order[20], probe[20];
	struct pp_case_result r = {.server_ns = order, .probe_ns = probe, .n_probe = 20};
	double *rel;
	size_t n;

	for (size_t i = 0; i < 1000; i++)
		v[i] = (double)(999 - i);
	ck_assert_uint_eq(pp_timecmp_quantiles(v, 10, q, 16), 10);
	ck_assert_double_eq(q[0], 990);
	ck_assert_uint_eq(pp_timecmp_quantiles(v, 1000, q, 16), 16);
	ck_assert_double_eq(q[0], 0);
	ck_assert_double_eq(q[15], 999);
	ck_assert_double_eq(pp_timecmp_median(v, 4), 997.5);
	for (size_t i = 0; i < 20; i++) {
		order[i] = 500;
		probe[i] =
		    i == 7 ? 100000 : 1000; /* one probe disturbed: the window's median holds */
	}
	rel = pp_gate_relative_times(&r, &n);
	ck_assert_uint_eq(n, 20);
	for (size_t i = 0; i < n; i++)
		ck_assert_double_eq_tol(rel[i], 0.5, 1e-9);
	ck_assert_double_eq_tol(pp_gate_probe_ms(&r), 0.001, 1e-12);
	free(rel);
}
END_TEST

/* A side of an A/B run: n iterations around case_ms, each followed by a probe around probe_ms. */
static void
ab_side(struct pp_case_result *r, size_t n, double case_ms, double probe_ms)
{
	double c[100], p[100];

	latencies(c, n, case_ms);
	latencies(p, n, probe_ms);
	r->samples = pp_mem_calloc(n, sizeof *r->samples);
	r->server_ns = pp_mem_calloc(n, sizeof *r->server_ns);
	r->probe_ns = pp_mem_calloc(n, sizeof *r->probe_ns);
	for (size_t i = 0; i < n; i++) {
		r->samples[i] = r->server_ns[i] = (int64_t)(c[i] * 1e6);
		r->probe_ns[(i + 3) % n] = (int64_t)(p[i] * 1e6);
	}
	r->n_probe = n;
	r->stats.n = n;
	r->status = PP_STATUS_PASS;
}

/*
 * A/B times are judged relative to each side's probe: a head whose backend runs at half speed
 * (its probe twice as long too) is not slower; one twice as slow beside the same probe is.
 */
START_TEST(ab_time_relative_to_each_probe)
{
	static const struct {
		double head_ms, head_probe_ms;
		enum pp_status status;
		const char *want;
	} rows[] = {
	    {2.0, 2.0, PP_STATUS_PASS, "within the gate"},
	    {2.0, 1.0, PP_STATUS_FAIL, "): slower"},
	    {1.0, 1.0, PP_STATUS_PASS, "raw 1.00x"},
	};
	struct pp_gate_options o;

	pp_gate_defaults(&o);
	for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) {
		struct pp_case_result base = { 0 }, head = { 0 };

		ab_side(&base, 100, 1.0, 1.0);
		ab_side(&head, 100, rows[k].head_ms, rows[k].head_probe_ms);
		pp_gate_ab_time(&o, &base, &head);
		ck_assert_uint_eq(head.n_findings, 1);
		ck_assert_msg(strstr(head.findings[0].message, rows[k].want) != NULL, "%zu: %s", k,
			      head.findings[0].message);
		ck_assert_msg(strstr(head.findings[0].message,
				     "relative to each side's calibration probe") != NULL,
			      "%s", head.findings[0].message);
		ck_assert_int_eq(head.status, rows[k].status);
		pp_result_reset(&base);
		pp_result_reset(&head);
	}
}
END_TEST

START_TEST(cost_tie_fragility)
{
	struct pp_case_result r = { .status = PP_STATUS_PASS };
	struct pp_gate_options o;

	pp_gate_defaults(&o);
	r.plan = load("dropped_index", "before"); /* Index Scan, cost 10 */
	r.noindex_plan = load("dropped_index", "after"); /* Seq Scan, cost 10 */
	pp_gate_fragility(&o, &r);
	ck_assert_uint_eq(r.n_findings, 1);
	ck_assert_str_eq(r.findings[0].kind, "plan_fragile");
	ck_assert_int_eq(r.findings[0].severity, PP_SEVERITY_INFO);
	ck_assert_str_eq(r.findings[0].message,
			 "the plan's cost 10.00 is within 5% of the plan without its index (10.00, "
			 "Seq Scan on app.orders): a small change in data or statistics may flip it");
	ck_assert_int_eq(r.status, PP_STATUS_PASS);
	pp_result_reset(&r);

	r.plan = load("dropped_index", "before");
	r.noindex_plan = load("dropped_index", "after");
	r.noindex_plan->root->total_cost = 10.6; /* 6 % dearer: a clear choice */
	pp_gate_fragility(&o, &r);
	ck_assert_uint_eq(r.n_findings, 0);
	pp_result_reset(&r);
}
END_TEST

Suite *
suite_gate(void)
{
	Suite *s = suite_create("gate");
	TCase *tc = tcase_create("gate");

	tcase_add_loop_test(tc, gate_plans, 0, (int)(sizeof cases / sizeof cases[0]));
	tcase_add_test(tc, mann_whitney_known_value);
	tcase_add_test(tc, time_verdicts);
	tcase_add_test(tc, quantiles_and_relative_times);
	tcase_add_test(tc, ab_time_relative_to_each_probe);
	tcase_add_test(tc, cost_tie_fragility);
	suite_add_tcase(s, tc);
	return s;
}
