/*
 * check_findings.c: EXPLAIN JSON captured from PostgreSQL 15 (tests/data/plans/NAME.json, with
 * the SQL and settings that produced it in NAME.sql) parsed into plan trees and judged: every
 * default finding, every assertion, and the plans that must stay quiet.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "plan/explain.h"
#include "util/file.h"
#include "verdict/findings.h"
#include "suites.h"

static struct pp_plan *
load_plan(const char *name)
{
	struct pp_buf path;
	const char *why = NULL;
	struct pp_plan *plan;
	char *json;

	pp_buf_init(&path);
	pp_buf_printf(&path, "%s/plans/%s.json", TEST_DATA_DIR, name);
	json = pp_file_read(path.data, "plan", NULL);
	ck_assert_msg(json != NULL, "%s", path.data);
	plan = pp_explain_parse(json, &why);
	ck_assert_msg(plan != NULL, "%s: %s", name, why);
	free(json);
	pp_buf_reset(&path);
	return plan;
}

/*
 * Judges plan NAME for a case whose header lines are given (e.g. "expect: index scan on
 * app.sessions"), and returns the findings as "kind/severity: message" lines.
 */
static char *
judge(const char *name, const char *const *header, enum pp_status *status)
{
	struct pp_case *c = pp_case_new_defaults();
	struct pp_case_result r = { .c = c, .status = PP_STATUS_PASS };
	struct pp_buf out;

	c->name = strdup(name);
	for (size_t i = 0; header != NULL && header[i] != NULL; i++) {
		const char *colon = strchr(header[i], ':');
		char key[64];

		memcpy(key, header[i], (size_t)(colon - header[i]));
		key[colon - header[i]] = '\0';
		ck_assert_msg(pp_case_apply_key(c, key, colon + 1, "test", 1), "%s", header[i]);
	}
	r.plan = load_plan(name);
	pp_findings_evaluate(&r);
	pp_buf_init(&out);
	for (size_t i = 0; i < r.n_findings; i++)
		pp_buf_printf(&out, "%s/%s: %s\n", r.findings[i].kind,
			      pp_result_severity_name(r.findings[i].severity), r.findings[i].message);
	if (r.plan_fact != NULL)
		pp_buf_printf(&out, "fact: %s\n", r.plan_fact);
	*status = r.status;
	pp_result_reset(&r);
	pp_case_free(c);
	return pp_buf_steal(&out);
}

#define HEADER(...) ((const char *const[]){ __VA_ARGS__, NULL })

static const struct {
	const char *plan;
	const char *const *header;
	enum pp_status status;
	const char *want;   /* a line (or part) of the findings; NULL: no findings at all */
	const char *absent; /* must not appear */
} cases[] = {
	/* default findings */
	{ "seq_scan_filter", NULL, PP_STATUS_WARN,
	  "seq_scan/warn: Seq Scan on app.documents read 40000 rows to return 1 (the filter "
	  "discarded 100%)", NULL },
	{ "seq_scan_filter", HEADER("allow: seq scan"), PP_STATUS_PASS, NULL, NULL },
	{ "seq_scan_filter", HEADER("seq_scan_min_rows: 50000"), PP_STATUS_PASS, NULL, NULL },
	/* the filter keeps a fifth of the rows (discards 80 %): an index would not do better */
	{ "seq_scan_fifth", NULL, PP_STATUS_PASS, NULL, "seq_scan" },
	{ "seq_scan_fifth", HEADER("seq_scan_discard: 0.75"), PP_STATUS_WARN,
	  "seq_scan/warn: Seq Scan on app.documents read 40000 rows to return 7895 (the filter "
	  "discarded 80%)", NULL },
	/* a whole-table aggregate reads every row it must: no finding however large the table */
	{ "seq_scan", NULL, PP_STATUS_PASS, NULL, "seq_scan" },
	/* loops=3 under a Gather of two workers: once in each process, not once per outer row;
	 * the filter keeps most rows: no finding */
	{ "parallel_seq_scan", NULL, PP_STATUS_PASS, NULL, "seq_scan" },
	{ "n_plus_one", NULL, PP_STATUS_FAIL,
	  "n_plus_one/fail: SubPlan 1 runs once per row of app.sessions: 50 loops over "
	  "app.research_records", NULL },
	{ "n_plus_one", HEADER("allow: n+1"), PP_STATUS_WARN, "n_plus_one/warn:", NULL },
	{ "n_plus_one", HEADER("n_plus_one_min_loops: 51"), PP_STATUS_PASS, NULL, NULL },
	{ "hashed_subplan", HEADER("allow: seq scan"), PP_STATUS_PASS, NULL, "n_plus_one" },
	{ "initplan", NULL, PP_STATUS_PASS, NULL, "n_plus_one" },
	{ "disk_sort", HEADER("allow: seq scan"), PP_STATUS_WARN,
	  "disk_sort/warn: Sort spilled", NULL },
	{ "misestimate", HEADER("allow: seq scan"), PP_STATUS_WARN,
	  "misestimate/warn: Seq Scan on app.correlated: estimated 10 rows, got 1000 (100x more)",
	  NULL },
	{ "misestimate", HEADER("allow: seq scan", "misestimate_factor: 101"), PP_STATUS_PASS, NULL,
	  NULL },
	{ "limit", NULL, PP_STATUS_PASS, NULL, "misestimate" }, /* cut short by LIMIT: quiet */
	{ "semi_join", NULL, PP_STATUS_PASS, NULL, "misestimate" },
	{ "jit", HEADER("allow: seq scan"), PP_STATUS_PASS, "jit/info: JIT compiled", NULL },
	{ "nested_loop_seq", HEADER("allow: n+1"), PP_STATUS_WARN,
	  "Seq Scan on shared.design_jobs j read 150080 rows (3752 per loop x 40 loops)", NULL },
	/* a sequential scan per outer row of a nested loop is N+1 in one plan */
	{ "nested_loop_seq", NULL, PP_STATUS_FAIL,
	  "n_plus_one/fail: Seq Scan on shared.design_jobs j runs once per outer row of a nested "
	  "loop: 40 loops, each reading 3752 rows", NULL },
	/* each loop reads less than seq_scan_min_rows: a small table read per row is no N+1 */
	{ "nested_loop_seq", HEADER("seq_scan_min_rows: 5000"), PP_STATUS_WARN, "seq_scan/warn",
	  "n_plus_one" },

	/* expect and forbid */
	{ "cross_schema",
	  HEADER("expect: index scan on app.sessions using sessions_pkey",
		 "expect: index scan on shared.design_jobs using design_jobs_pkey"),
	  PP_STATUS_PASS, "fact: Index Scan using sessions_pkey on app.sessions s", NULL },
	{ "cross_schema", HEADER("expect: index scan on design_jobs"), PP_STATUS_PASS,
	  "fact: Index Scan using design_jobs_pkey on shared.design_jobs j", NULL },
	{ "backward", HEADER("expect: index only scan on app.sessions using sessions_pkey"),
	  PP_STATUS_PASS, "fact: Index Only Scan Backward using sessions_pkey", NULL },
	{ "cross_schema", HEADER("expect: index only scan on app.sessions"), PP_STATUS_FAIL,
	  "expect_unmet/fail: expect: index only scan on app.sessions: got Index Scan using "
	  "sessions_pkey on app.sessions s", NULL },
	{ "cross_schema", HEADER("expect: index scan on app.sessions using other_idx"),
	  PP_STATUS_FAIL, "expect_unmet/fail", NULL },
	{ "cross_schema", HEADER("expect: index scan on app.documents"), PP_STATUS_FAIL,
	  "the plan never touches app.documents", NULL },
	{ "bitmap", HEADER("expect: index scan on app.sessions using sessions_user_created_idx"),
	  PP_STATUS_PASS, "fact: Bitmap Heap Scan using sessions_user_created_idx on app.sessions",
	  NULL },
	{ "bitmap", HEADER("expect: index only scan on app.sessions"), PP_STATUS_FAIL,
	  "expect_unmet/fail", NULL },
	{ "backward", HEADER("expect: index scan on sessions"), PP_STATUS_PASS,
	  "fact: Index Only Scan Backward using sessions_pkey on app.sessions", NULL },
	{ "seq_scan", HEADER("expect: index scan on app.documents"), PP_STATUS_FAIL,
	  "expect: index scan on app.documents: got Seq Scan on app.documents", NULL },
	{ "seq_scan", HEADER("forbid: seq scan"), PP_STATUS_FAIL,
	  "forbidden/fail: forbid: seq scan: the plan has Seq Scan on app.documents", NULL },
	{ "seq_scan_filter", HEADER("forbid: seq scan on app.sessions"), PP_STATUS_WARN, NULL,
	  "forbidden" },
	{ "cross_schema", HEADER("forbid: seq scan"), PP_STATUS_PASS, NULL, "forbidden" },
};

START_TEST(test_plans)
{
	enum pp_status status;
	char *got = judge(cases[_i].plan, cases[_i].header, &status);

	ck_assert_msg(status == cases[_i].status, "%s: status %s, want %s; findings:\n%s",
		      cases[_i].plan, pp_outcome_status_name(status),
		      pp_outcome_status_name(cases[_i].status), got);
	if (cases[_i].want != NULL)
		ck_assert_msg(strstr(got, cases[_i].want) != NULL, "%s: want \"%s\" in:\n%s",
			      cases[_i].plan, cases[_i].want, got);
	else if (cases[_i].absent == NULL)
		ck_assert_msg(strstr(got, "/") == NULL || strncmp(got, "fact:", 5) == 0,
			      "%s: want no findings, got:\n%s", cases[_i].plan, got);
	if (cases[_i].absent != NULL)
		ck_assert_msg(strstr(got, cases[_i].absent) == NULL, "%s: unexpected \"%s\" in:\n%s",
			      cases[_i].plan, cases[_i].absent, got);
	free(got);
}
END_TEST

START_TEST(test_tree)
{
	struct pp_plan *plan = load_plan("parallel_seq_scan");
	const struct pp_plan_node *scan;
	struct pp_buf text;

	ck_assert_str_eq(plan->root->node_type, "Aggregate");
	ck_assert_double_gt(plan->execution_ms, 0);
	scan = plan->root->children[0]->children[0]->children[0];
	ck_assert_str_eq(scan->node_type, "Seq Scan");
	ck_assert(scan->parallel_aware);
	ck_assert_str_eq(scan->relation, "app.conversations");
	ck_assert_double_eq(scan->loops, 3);
	ck_assert_int_eq(plan->root->children[0]->workers_launched, 2);
	/* rows read count every process: (rows + removed by filter) x loops */
	ck_assert_double_eq_tol(pp_explain_rows_read(scan), 200001, 0.5);
	pp_buf_init(&text);
	pp_explain_render(plan, &text, NULL, NULL);
	ck_assert_ptr_nonnull(strstr(text.data, "      -> Parallel Seq Scan on app.conversations"));
	pp_buf_reset(&text);
	pp_explain_free(plan);

	plan = load_plan("hashed_subplan");
	ck_assert(plan->root->children[0]->hashed);
	pp_explain_free(plan);
	plan = load_plan("n_plus_one");
	ck_assert(!plan->root->children[0]->hashed);
	pp_explain_free(plan);
}
END_TEST

START_TEST(test_not_json)
{
	const char *why = NULL;

	ck_assert_ptr_null(pp_explain_parse("QUERY PLAN", &why));
	ck_assert_str_eq(why, "EXPLAIN did not return JSON");
	ck_assert_ptr_null(pp_explain_parse("[{\"Planning Time\": 1}]", &why));
}
END_TEST

Suite *
suite_findings(void)
{
	Suite *s = suite_create("findings");
	TCase *tc = tcase_create("plans");

	tcase_add_loop_test(tc, test_plans, 0, (int)(sizeof cases / sizeof cases[0]));
	tcase_add_test(tc, test_tree);
	tcase_add_test(tc, test_not_json);
	suite_add_tcase(s, tc);
	return s;
}
