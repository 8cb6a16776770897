/*
 * clients.h: test helpers driving non-blocking connections (pg/aconn.h) through the event loop
 * (run/loop.h) the way a load run does: each client keeps its socket registered with what its
 * connection waits for, and records the result of what it started.
 *
 * A struct test_client is caller-owned storage (test_client_init / test_client_reset); the
 * struct test_clients that counts them too.
 */
#ifndef PP_TEST_CLIENTS_H
#define PP_TEST_CLIENTS_H

#include <stdbool.h>

#include "pg/aconn.h"
#include "run/loop.h"

struct test_clients {
	struct pp_loop *loop;
	int waiting;    /* clients whose connect or statement has not ended */
	bool timed_out; /* test_clients_run gave up */
};

struct test_client {
	struct test_clients *set;
	struct pp_aconn *conn;
	int fd;                     /* the descriptor registered in the loop, -1 none */
	bool waiting;
	struct pp_aconn_result res; /* the last result taken */
	bool have_result;
};

void test_clients_init(struct test_clients *set);
void test_clients_reset(struct test_clients *set);
/* Runs the loop until no client waits (true) or seconds pass (false); returns how it ended. */
enum pp_loop_end test_clients_run(struct test_clients *set, double seconds);

/* Starts connecting; false when pp_aconn_start returned NULL. */
bool test_client_connect(struct test_clients *set, struct test_client *t, const char *conninfo);
/* Call after pp_aconn_send_* or pp_aconn_reset: the client waits for its end. */
void test_client_started(struct test_client *t);
void test_client_reset(struct test_client *t);

#endif
