/*
 * check_aconn.c: non-blocking connections against a real server: 50 connections open at once and
 * run their statements at the same time, an error stays with its statement, a terminated
 * connection is reported lost and reconnects, prepared statements, COPY, failed connects.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pg/aconn.h"
#include "pg/conn.h"
#include "util/clock.h"
#include "clients.h"
#include "suites.h"

#define N_FIFTY 50
#define MS (1000 * 1000LL)

static struct pp_conn *
observer(void)
{
	struct pp_conn *c = pp_conn_open(test_server_conninfo());

	ck_assert_ptr_nonnull(c);
	return c;
}

static long
count_value(struct pp_conn *c, const char *sql, const char *param)
{
	struct pp_db_error err = { 0 };
	const char *params[1] = { param };
	char *v = NULL;
	long n;

	ck_assert_msg(pp_conn_query_value(c, sql, param ? 1 : 0, params, &v, &err), "%s: %s", sql,
		      err.message);
	n = v ? atol(v) : -1;
	free(v);
	return n;
}

/* Sends sql on every client and runs the loop until all have their result. */
static void
run_all(struct test_clients *set, struct test_client *t, size_t n, const char *sql)
{
	for (size_t i = 0; i < n; i++) {
		ck_assert_int_eq(pp_aconn_state(t[i].conn), PP_ACONN_IDLE);
		ck_assert(pp_aconn_send_query(t[i].conn, sql));
		test_client_started(&t[i]);
	}
	test_clients_run(set, 60);
	ck_assert(!set->timed_out);
	ck_assert_int_eq(set->waiting, 0);
}

static void
connect_all(struct test_clients *set, struct test_client *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		ck_assert(test_client_connect(set, &t[i], test_server_conninfo()));
	test_clients_run(set, 60);
	ck_assert(!set->timed_out);
	for (size_t i = 0; i < n; i++)
		ck_assert_int_eq(pp_aconn_state(t[i].conn), PP_ACONN_IDLE);
}

/* ---- fifty at once ------------------------------------------------------------------------ */

struct barrier {
	struct pp_conn *obs;
	long max_active;
	bool released;
	int64_t released_at;
};

/*
 * Every 10 ms: how many of the fifty are running (all wait on the observer's advisory lock, so
 * they are all in flight together only if the client sent them all without waiting); once all
 * fifty are, release the lock and let their pg_sleep(0.2) run.
 */
static void
watch_barrier(struct pp_loop *l, void *ctx)
{
	struct barrier *b = ctx;
	long n = count_value(b->obs,
			     "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND "
			     "query LIKE '%aconn-fifty%' AND pid <> pg_backend_pid()",
			     NULL);

	if (n > b->max_active)
		b->max_active = n;
	if (n == N_FIFTY) {
		struct pp_db_error err = { 0 };

		b->released_at = pp_clock_now_ns();
		b->released = pp_conn_exec(b->obs, "SELECT pg_advisory_unlock(4242)", &err);
		pp_db_error_reset(&err);
		return;
	}
	pp_loop_timer_add(l, pp_clock_now_ns() + 10 * MS, watch_barrier, b);
}

START_TEST(test_fifty_connections_at_once)
{
	struct test_clients set;
	struct test_client t[N_FIFTY];
	struct barrier b = { .obs = observer() };
	struct pp_db_error err = { 0 };
	int64_t done_at;

	ck_assert(pp_conn_exec(b.obs, "SELECT pg_advisory_lock(4242)", &err));
	test_clients_init(&set);
	for (size_t i = 0; i < N_FIFTY; i++)
		ck_assert(test_client_connect(&set, &t[i], test_server_conninfo()));
	/* Starting never waits for the server: all fifty are still connecting. */
	for (size_t i = 0; i < N_FIFTY; i++)
		ck_assert_int_eq(pp_aconn_state(t[i].conn), PP_ACONN_CONNECTING);
	ck_assert_int_eq(set.waiting, N_FIFTY);
	test_clients_run(&set, 60);
	ck_assert(!set.timed_out);

	pp_loop_timer_add(set.loop, pp_clock_now_ns(), watch_barrier, &b);
	run_all(&set, t, N_FIFTY,
		"SELECT /* aconn-fifty */ pg_advisory_xact_lock_shared(4242), pg_sleep(0.2)");
	done_at = pp_clock_now_ns();
	ck_assert_int_eq(b.max_active, N_FIFTY);
	ck_assert(b.released);
	for (size_t i = 0; i < N_FIFTY; i++) {
		ck_assert_msg(t[i].have_result && t[i].res.ok, "client %zu: %s", i,
			      t[i].res.error.message);
		ck_assert_int_eq(t[i].res.rows, 1);
	}
	/* One after the other they would need 50 x 0.2 s. */
	ck_assert_msg(done_at - b.released_at < N_FIFTY * 200 * MS, "took %.1f s",
		      (double)(done_at - b.released_at) / 1e9);
	for (size_t i = 0; i < N_FIFTY; i++)
		test_client_reset(&t[i]);
	test_clients_reset(&set);
	pp_conn_free(b.obs);
}
END_TEST

/* ---- errors -------------------------------------------------------------------------------- */

START_TEST(test_error_stays_with_its_statement)
{
	static const char *const sql[5] = {
		"SELECT 1",
		"SELECT 1/0",
		"DO $$ BEGIN RAISE EXCEPTION 'boom' USING DETAIL = 'd', HINT = 'h'; END $$",
		"SELECT 1",
		"SELECT 1",
	};
	struct test_clients set;
	struct test_client t[5];

	test_clients_init(&set);
	connect_all(&set, t, 5);
	for (size_t i = 0; i < 5; i++) {
		ck_assert(pp_aconn_send_query(t[i].conn, sql[i]));
		test_client_started(&t[i]);
	}
	test_clients_run(&set, 60);
	ck_assert(!set.timed_out);
	for (size_t i = 0; i < 5; i++) {
		ck_assert(t[i].have_result);
		ck_assert_int_eq(pp_aconn_state(t[i].conn), PP_ACONN_IDLE);
		ck_assert(!t[i].res.error.connection_lost);
		if (i == 1 || i == 2)
			continue;
		ck_assert(t[i].res.ok);
		ck_assert_int_eq(t[i].res.rows, 1);
	}
	ck_assert(!t[1].res.ok);
	ck_assert_str_eq(t[1].res.error.sqlstate, "22012");
	ck_assert_str_eq(t[1].res.error.message, "division by zero");
	ck_assert(!t[2].res.ok);
	ck_assert_str_eq(t[2].res.error.sqlstate, "P0001");
	ck_assert_str_eq(t[2].res.error.message, "boom");
	ck_assert_str_eq(t[2].res.error.detail, "d");
	ck_assert_str_eq(t[2].res.error.hint, "h");
	ck_assert_ptr_nonnull(strstr(t[2].res.error.context, "PL/pgSQL"));
	/* The connection that failed goes on. */
	run_all(&set, t + 1, 1, "SELECT 1");
	ck_assert(t[1].res.ok);
	for (size_t i = 0; i < 5; i++)
		test_client_reset(&t[i]);
	test_clients_reset(&set);
}
END_TEST

START_TEST(test_send_when_busy_is_refused)
{
	struct test_clients set;
	struct test_client t;

	test_clients_init(&set);
	connect_all(&set, &t, 1);
	ck_assert(pp_aconn_send_query(t.conn, "SELECT pg_sleep(0.05)"));
	test_client_started(&t);
	test_log_mute(true);
	ck_assert(!pp_aconn_send_query(t.conn, "SELECT 2"));
	test_log_mute(false);
	ck_assert_int_eq(pp_aconn_state(t.conn), PP_ACONN_BUSY);
	test_clients_run(&set, 60);
	ck_assert(t.have_result && t.res.ok);
	test_client_reset(&t);
	test_clients_reset(&set);
}
END_TEST

/* ---- a lost connection --------------------------------------------------------------------- */

struct killer {
	struct pp_conn *obs;
	char pid[16];
	bool done;
};

/* Terminates the backend once its statement runs. */
static void
terminate_when_active(struct pp_loop *l, void *ctx)
{
	struct killer *k = ctx;

	if (count_value(k->obs,
			"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
			"WHERE pid = $1::int AND state = 'active'",
			k->pid) == 1) {
		k->done = true;
		return;
	}
	pp_loop_timer_add(l, pp_clock_now_ns() + 10 * MS, terminate_when_active, k);
}

START_TEST(test_terminated_connection_reconnects)
{
	struct test_clients set;
	struct test_client t[2];
	struct killer k = { .obs = observer() };
	int old_pid;

	test_clients_init(&set);
	connect_all(&set, t, 2);
	old_pid = pp_aconn_backend_pid(t[0].conn);
	ck_assert_int_gt(old_pid, 0);
	snprintf(k.pid, sizeof k.pid, "%d", old_pid);
	ck_assert(pp_aconn_send_query(t[0].conn, "SELECT pg_sleep(30)"));
	test_client_started(&t[0]);
	ck_assert(pp_aconn_send_query(t[1].conn, "SELECT pg_sleep(0.1)"));
	test_client_started(&t[1]);
	pp_loop_timer_add(set.loop, pp_clock_now_ns(), terminate_when_active, &k);
	test_clients_run(&set, 20);
	ck_assert(!set.timed_out);
	ck_assert(k.done);

	ck_assert(!t[0].res.ok);
	ck_assert(t[0].res.error.connection_lost);
	ck_assert_str_eq(t[0].res.error.sqlstate, "57P01"); /* admin_shutdown */
	ck_assert_int_eq(pp_aconn_state(t[0].conn), PP_ACONN_LOST);
	ck_assert(t[1].res.ok); /* the other connection did not notice */

	ck_assert(pp_aconn_reset(t[0].conn));
	test_client_started(&t[0]);
	test_clients_run(&set, 60);
	ck_assert_int_eq(pp_aconn_state(t[0].conn), PP_ACONN_IDLE);
	ck_assert_int_ne(pp_aconn_backend_pid(t[0].conn), old_pid);
	run_all(&set, t, 1, "SELECT 1");
	ck_assert(t[0].res.ok);
	for (size_t i = 0; i < 2; i++)
		test_client_reset(&t[i]);
	test_clients_reset(&set);
	pp_conn_free(k.obs);
}
END_TEST

START_TEST(test_failed_connect_is_a_result)
{
	struct test_clients set;
	struct test_client t;

	test_clients_init(&set);
	test_log_mute(true);
	ck_assert(!test_client_connect(&set, &t, "host='unterminated password=hunter2"));
	test_log_mute(false);
	ck_assert(test_client_connect(&set, &t,
				      "host=/nonexistent/pgperf port=1 user=u password=topsecret"));
	test_clients_run(&set, 60);
	ck_assert(!set.timed_out);
	ck_assert(t.have_result);
	ck_assert(!t.res.ok);
	ck_assert(t.res.error.connection_lost);
	ck_assert_ptr_nonnull(t.res.error.message);
	ck_assert_msg(strstr(t.res.error.message, "topsecret") == NULL, "%s", t.res.error.message);
	ck_assert_int_eq(pp_aconn_state(t.conn), PP_ACONN_LOST);
	test_client_reset(&t);
	test_clients_reset(&set);
}
END_TEST

/* ---- prepared statements and COPY ---------------------------------------------------------- */

/* Sends with send() on one client and runs until its result. */
static const struct pp_aconn_result *
one(struct test_clients *set, struct test_client *t, bool sent)
{
	ck_assert(sent || pp_aconn_state(t->conn) == PP_ACONN_RESULT);
	test_client_started(t);
	test_clients_run(set, 60);
	ck_assert(t->have_result);
	return &t->res;
}

START_TEST(test_prepared_statements)
{
	const char *const seven[1] = { "7" }, *const bad[1] = { "x" };
	struct test_clients set;
	struct test_client t;
	const struct pp_aconn_result *r;

	test_clients_init(&set);
	connect_all(&set, &t, 1);
	r = one(&set, &t, pp_aconn_send_query(t.conn, "CREATE TEMP TABLE t (x int)"));
	ck_assert(r->ok);
	r = one(&set, &t,
		pp_aconn_send_prepare(t.conn, "ins", "INSERT INTO t SELECT generate_series(1, $1)",
				      1));
	ck_assert_msg(r->ok, "%s", r->error.message);
	r = one(&set, &t, pp_aconn_send_prepared(t.conn, "ins", 1, seven));
	ck_assert(r->ok);
	ck_assert_int_eq(r->rows, 7); /* rows affected */
	r = one(&set, &t, pp_aconn_send_prepared(t.conn, "ins", 1, bad));
	ck_assert(!r->ok);
	ck_assert_str_eq(r->error.sqlstate, "22P02");
	r = one(&set, &t, pp_aconn_send_prepared(t.conn, "missing", 0, NULL));
	ck_assert(!r->ok);
	ck_assert_str_eq(r->error.sqlstate, "26000");
	r = one(&set, &t, pp_aconn_send_query(t.conn, "SELECT 1; SELECT x FROM t"));
	ck_assert(r->ok);
	ck_assert_int_eq(r->rows, 7); /* rows returned by the last statement */
	test_client_reset(&t);
	test_clients_reset(&set);
}
END_TEST

START_TEST(test_copy)
{
	struct test_clients set;
	struct test_client t;
	const struct pp_aconn_result *r;

	test_clients_init(&set);
	connect_all(&set, &t, 1);
	r = one(&set, &t,
		pp_aconn_send_query(t.conn, "COPY (SELECT generate_series(1, 5000)) TO STDOUT"));
	ck_assert_msg(r->ok, "%s", r->error.message);
	ck_assert_int_eq(r->rows, 5000);
	r = one(&set, &t,
		pp_aconn_send_query(t.conn, "CREATE TEMP TABLE c (x int); COPY c FROM STDIN"));
	ck_assert(!r->ok);
	ck_assert_ptr_nonnull(strstr(r->error.message, "not supported"));
	ck_assert_int_eq(pp_aconn_state(t.conn), PP_ACONN_IDLE);
	r = one(&set, &t, pp_aconn_send_query(t.conn, "SELECT 1"));
	ck_assert(r->ok);
	test_client_reset(&t);
	test_clients_reset(&set);
}
END_TEST

Suite *
suite_aconn(void)
{
	Suite *s = suite_create("aconn");
	TCase *tc = tcase_create("concurrency");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_fifty_connections_at_once);
	suite_add_tcase(s, tc);
	tc = tcase_create("failures");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_error_stays_with_its_statement);
	tcase_add_test(tc, test_send_when_busy_is_refused);
	tcase_add_test(tc, test_terminated_connection_reconnects);
	tcase_add_test(tc, test_failed_connect_is_a_result);
	suite_add_tcase(s, tc);
	tc = tcase_create("statements");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_prepared_statements);
	tcase_add_test(tc, test_copy);
	suite_add_tcase(s, tc);
	return s;
}
