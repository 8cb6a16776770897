/*
 * check_runner.c: the timing loop against a real server: a case that fails at any step, its
 * transaction's BEGIN included, leaves the connection outside any transaction, so the next case
 * on it passes. A case that no case file can express (a timeout beyond what the parser accepts)
 * is built here directly; t_safety.sh runs the ones case files can.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input/case.h"
#include "pg/conn.h"
#include "run/result.h"
#include "run/runner.h"
#include "util/rng.h"
#include "suites.h"

static struct pp_conn *conn;
static struct pp_case_list cases;

static const char case_text[] =
	"-- name: ok\n"
	"-- iterations: 3\n"
	"-- warmup: 0\n"
	"SELECT 1;\n"
	"-- name: write\n"
	"-- iterations: 3\n"
	"-- warmup: 0\n"
	"INSERT INTO runner_rows (v) VALUES (1);\n"
	"-- name: write_fails\n"
	"-- iterations: 3\n"
	"-- warmup: 0\n"
	"WITH w AS (INSERT INTO runner_rows (v) VALUES (1) RETURNING v) SELECT v / 0 FROM w;\n";

static void
exec_ok(const char *sql)
{
	struct pp_db_error err = { 0 };

	ck_assert_msg(pp_conn_exec(conn, sql, &err), "%s: %s", sql, err.message);
	pp_db_error_reset(&err);
}

static void
setup(void)
{
	struct pp_case *defaults = pp_case_new_defaults();

	conn = pp_conn_open(test_server_conninfo());
	ck_assert_ptr_nonnull(conn);
	exec_ok("DROP TABLE IF EXISTS runner_rows; CREATE TABLE runner_rows (v integer)");
	pp_case_list_init(&cases);
	ck_assert(pp_case_parse_text("runner.sql", case_text, defaults, &cases));
	pp_case_free(defaults);
}

static void
teardown(void)
{
	exec_ok("DROP TABLE runner_rows");
	pp_case_list_reset(&cases);
	pp_conn_free(conn);
}

static const struct pp_case *
case_named(const char *name)
{
	for (size_t i = 0; i < cases.len; i++)
		if (strcmp(cases.items[i]->name, name) == 0)
			return cases.items[i];
	ck_abort_msg("no case %s", name);
	return NULL;
}

/* Runs c on the connection; returns its status, the reason copied into why when not NULL. */
static enum pp_status
run(const struct pp_case *c, char *why, size_t size)
{
	struct pp_runner_options opts = { 0 };
	struct pp_run r;
	struct pp_rng rng;
	struct pp_case_result *res;
	enum pp_status st;

	pp_rng_init(&rng, 1);
	pp_run_init(&r);
	res = pp_run_add(&r, c);
	test_log_mute(true);
	ck_assert_msg(pp_runner_run_case(conn, &opts, &rng, res), "%s: the connection survives",
		      c->name);
	test_log_mute(false);
	st = res->status;
	if (why != NULL)
		snprintf(why, size, "%s", res->reason != NULL ? res->reason : "");
	pp_run_reset(&r);
	ck_assert_msg(!pp_conn_in_transaction(conn), "%s: no transaction is left open", c->name);
	return st;
}

START_TEST(test_failing_begin_does_not_poison)
{
	struct pp_case *forever = pp_case_clone(case_named("ok"));
	char why[512];

	/* One millisecond past PostgreSQL's largest statement_timeout: SET LOCAL fails right
	 * after BEGIN, in the same message. */
	forever->timeout_ns = (PP_CASE_MAX_TIMEOUT_MS + 1) * 1000000;
	ck_assert_int_eq(run(forever, why, sizeof why), PP_STATUS_ERROR);
	ck_assert_msg(strstr(why, "statement_timeout") != NULL, "the reason names it: %s", why);
	ck_assert_int_eq(run(case_named("ok"), NULL, 0), PP_STATUS_PASS);
	pp_case_free(forever);
}
END_TEST

START_TEST(test_failing_write_does_not_poison)
{
	char why[512];

	ck_assert_int_eq(run(case_named("write_fails"), why, sizeof why), PP_STATUS_ERROR);
	ck_assert_msg(strstr(why, "division by zero") != NULL, "%s", why);
	ck_assert_int_eq(run(case_named("write"), NULL, 0), PP_STATUS_PASS);
	ck_assert_int_eq(run(case_named("ok"), NULL, 0), PP_STATUS_PASS);
}
END_TEST

Suite *
suite_runner(void)
{
	Suite *s = suite_create("runner");
	TCase *tc = tcase_create("transactions");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_failing_begin_does_not_poison);
	tcase_add_test(tc, test_failing_write_does_not_poison);
	suite_add_tcase(s, tc);
	return s;
}
