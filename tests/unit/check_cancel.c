/*
 * check_cancel.c: the cancel registry against a real server: connections register while open, a
 * signal cancels the statement on every one of them (non-blocking and blocking, the oldest
 * included), and a full registry refuses cleanly.
 */
#include <check.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "pg/aconn.h"
#include "pg/cancel.h"
#include "pg/conn.h"
#include "util/clock.h"
#include "util/interrupt.h"
#include "clients.h"
#include "suites.h"

#define N_SLEEPERS 10
#define MS (1000 * 1000LL)

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

START_TEST(test_connections_register_while_open)
{
	size_t before = pp_cancel_count();
	struct pp_conn *a = pp_conn_open(test_server_conninfo());
	struct pp_conn *b = pp_conn_open(test_server_conninfo());
	struct test_clients set;
	struct test_client t;

	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	ck_assert_uint_eq(pp_cancel_count(), before + 2);
	test_clients_init(&set);
	ck_assert(test_client_connect(&set, &t, test_server_conninfo()));
	ck_assert_uint_eq(pp_cancel_count(), before + 2); /* not before it is connected */
	test_clients_run(&set, 60);
	ck_assert_int_eq(pp_aconn_state(t.conn), PP_ACONN_IDLE);
	ck_assert_uint_eq(pp_cancel_count(), before + 3);
	ck_assert(pp_aconn_reset(t.conn));
	ck_assert_uint_eq(pp_cancel_count(), before + 2); /* the old backend's key is gone */
	test_client_started(&t);
	test_clients_run(&set, 60);
	ck_assert_uint_eq(pp_cancel_count(), before + 3);
	test_client_reset(&t);
	test_clients_reset(&set);
	pp_conn_free(a);
	ck_assert_uint_eq(pp_cancel_count(), before + 1);
	pp_conn_free(b);
	ck_assert_uint_eq(pp_cancel_count(), before);
}
END_TEST

START_TEST(test_full_registry_refuses)
{
	static int slots[PP_CANCEL_SLOTS];
	size_t before = pp_cancel_count(), taken = 0;
	int dummy;

	/* Stand-ins, never cancelled: pp_cancel_all is not called while they are in. */
	test_log_mute(true);
	for (; taken < PP_CANCEL_SLOTS; taken++) {
		slots[taken] = pp_cancel_register((struct pg_cancel *)&dummy);
		if (slots[taken] < 0)
			break;
	}
	test_log_mute(false);
	ck_assert_uint_eq(taken, PP_CANCEL_SLOTS - before);
	ck_assert_uint_eq(pp_cancel_count(), PP_CANCEL_SLOTS);
	ck_assert_int_eq(pp_cancel_register(NULL), -1);
	for (size_t i = 0; i < taken; i++)
		pp_cancel_unregister(slots[i]);
	pp_cancel_unregister(-1);
	ck_assert_uint_eq(pp_cancel_count(), before);
}
END_TEST

/* ---- SIGINT cancels every statement in flight ------------------------------------------------ */

struct trigger {
	struct pp_conn *obs;
	int64_t raised_at;
};

/* Raises SIGINT once all the sleepers run (the handler cancels them before raise returns). */
static void
interrupt_when_all_run(struct pp_loop *l, void *ctx)
{
	struct trigger *tr = ctx;

	if (count_value(tr->obs,
			"SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND "
			"query LIKE '%cancel-all%' AND pid <> pg_backend_pid()",
			NULL) == N_SLEEPERS) {
		tr->raised_at = pp_clock_now_ns();
		raise(SIGINT);
		return;
	}
	pp_loop_timer_add(l, pp_clock_now_ns() + 10 * MS, interrupt_when_all_run, tr);
}

START_TEST(test_sigint_cancels_every_statement)
{
	struct test_clients set;
	struct test_client t[N_SLEEPERS];
	struct trigger tr = { .obs = pp_conn_open(test_server_conninfo()) };
	int64_t done_at;

	ck_assert_ptr_nonnull(tr.obs);
	pp_interrupt_install();
	pp_interrupt_set_hook(pp_cancel_hook, NULL);
	test_clients_init(&set);
	for (size_t i = 0; i < N_SLEEPERS; i++)
		ck_assert(test_client_connect(&set, &t[i], test_server_conninfo()));
	test_clients_run(&set, 60);
	for (size_t i = 0; i < N_SLEEPERS; i++) {
		ck_assert(pp_aconn_send_query(t[i].conn, "SELECT /* cancel-all */ pg_sleep(30)"));
		test_client_started(&t[i]);
	}
	pp_loop_timer_add(set.loop, pp_clock_now_ns(), interrupt_when_all_run, &tr);
	ck_assert_int_eq(test_clients_run(&set, 60), PP_LOOP_INTERRUPTED);
	ck_assert_int_gt(tr.raised_at, 0);
	/* Collect what the interrupt cancelled, with the signal still pending. */
	pp_loop_set_interruptible(set.loop, false);
	test_clients_run(&set, 20);
	done_at = pp_clock_now_ns();
	ck_assert(!set.timed_out);
	for (size_t i = 0; i < N_SLEEPERS; i++) {
		ck_assert(t[i].have_result);
		ck_assert(!t[i].res.ok);
		ck_assert_str_eq(t[i].res.error.sqlstate, "57014"); /* query_canceled */
		ck_assert(!t[i].res.error.connection_lost);
		ck_assert_int_eq(pp_aconn_state(t[i].conn), PP_ACONN_IDLE);
	}
	ck_assert_msg(done_at - tr.raised_at < 20000 * MS, "took %.1f s",
		      (double)(done_at - tr.raised_at) / 1e9);
	pp_interrupt_set_hook(NULL, NULL);
	pp_interrupt_clear();
	for (size_t i = 0; i < N_SLEEPERS; i++)
		test_client_reset(&t[i]);
	test_clients_reset(&set);
	pp_conn_free(tr.obs);
}
END_TEST

/* ---- blocking connections: the oldest is cancelled too ------------------------------------- */

struct watcher {
	char pid[16];
	bool signalled;
};

/* On its own connection, waits until the target backend runs its statement, then signals the
 * process (which delivers it to whichever thread). */
static void *
signal_when_active(void *arg)
{
	struct watcher *w = arg;
	struct pp_conn *c = pp_conn_open(test_server_conninfo());
	struct timespec ts = { 0, 10 * MS };

	for (int i = 0; c != NULL && i < 3000; i++) {
		if (count_value(c,
				"SELECT count(*) FROM pg_stat_activity WHERE pid = $1::int AND "
				"state = 'active'",
				w->pid) == 1) {
			w->signalled = kill(getpid(), SIGTERM) == 0;
			break;
		}
		nanosleep(&ts, NULL);
	}
	pp_conn_free(c);
	return NULL;
}

START_TEST(test_sigterm_cancels_the_older_blocking_connection)
{
	struct pp_conn *older = pp_conn_open(test_server_conninfo());
	struct pp_conn *newer = pp_conn_open(test_server_conninfo());
	struct pp_db_error err = { 0 };
	struct watcher w = { .signalled = false };
	char *pid = NULL;
	pthread_t th;

	ck_assert_ptr_nonnull(older);
	ck_assert_ptr_nonnull(newer);
	ck_assert(pp_conn_query_value(older, "SELECT pg_backend_pid()", 0, NULL, &pid, &err));
	snprintf(w.pid, sizeof w.pid, "%s", pid);
	free(pid);
	pp_interrupt_install();
	pp_interrupt_set_hook(pp_conn_cancel_armed, NULL); /* what app.c installs */
	ck_assert_int_eq(pthread_create(&th, NULL, signal_when_active, &w), 0);
	ck_assert(!pp_conn_exec(older, "SELECT pg_sleep(30)", &err));
	ck_assert_int_eq(pthread_join(th, NULL), 0);
	ck_assert(w.signalled);
	ck_assert_str_eq(err.sqlstate, "57014");
	ck_assert(pp_interrupt_pending());
	pp_interrupt_set_hook(NULL, NULL);
	pp_interrupt_clear();
	pp_db_error_reset(&err);
	pp_conn_free(newer);
	pp_conn_free(older);
}
END_TEST

Suite *
suite_cancel(void)
{
	Suite *s = suite_create("cancel");
	TCase *tc = tcase_create("registry");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_connections_register_while_open);
	tcase_add_test(tc, test_full_registry_refuses);
	suite_add_tcase(s, tc);
	tc = tcase_create("signals");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_sigint_cancels_every_statement);
	tcase_add_test(tc, test_sigterm_cancels_the_older_blocking_connection);
	suite_add_tcase(s, tc);
	return s;
}
