/*
 * aconn.h: non-blocking connections, for driving many clients from one thread (pgbench's model):
 * the caller waits on every connection's socket at once (run/loop.h) and calls pp_aconn_advance
 * when one is ready. libpq stays in src/pg/: callers see a state, a socket and plain results.
 *
 * A struct pp_aconn is a heap object (pp_aconn_start / pp_aconn_free). A struct pp_aconn_result
 * is caller-owned storage filled by pp_aconn_take_result and released with
 * pp_aconn_result_reset. Strings passed in are copied or used only during the call.
 *
 * The cycle: pp_aconn_start (CONNECTING) -> IDLE -> pp_aconn_send_* (BUSY) -> RESULT ->
 * pp_aconn_take_result -> IDLE, or LOST when the connection broke; pp_aconn_reset reconnects
 * (CONNECTING again). Every failure, a failed connect included, ends in RESULT with the error in
 * the result, so a client handles one path. While CONNECTING or BUSY, wait until
 * pp_aconn_socket is ready for pp_aconn_events, then call pp_aconn_advance; calling it when the
 * socket is not ready is harmless.
 *
 * The socket can change or close inside pp_aconn_start, _advance, _send_* and _reset (libpq
 * reconnects, or drops a broken connection): after each of these calls, read pp_aconn_socket
 * and pp_aconn_events again and update the loop's registration before anything else opens a
 * descriptor, which may reuse the old number.
 *
 * Connected, each connection's cancel handle is in the cancel registry (pg/cancel.h), so an
 * interrupt cancels its statement. connect_timeout is not applied: the caller's loop decides how
 * long to wait. One thread uses a connection at a time.
 */
#ifndef PP_ACONN_H
#define PP_ACONN_H

#include <stdbool.h>

#include "pg/conn.h"

struct pp_aconn;

enum pp_aconn_state {
	PP_ACONN_CONNECTING, /* connecting or reconnecting */
	PP_ACONN_IDLE,       /* connected, ready for a statement */
	PP_ACONN_BUSY,       /* a statement is in flight */
	PP_ACONN_RESULT,     /* a statement or a connect ended: pp_aconn_take_result */
	PP_ACONN_LOST        /* broken, result taken: pp_aconn_reset or pp_aconn_free */
};

/* What to wait for on the socket (pp_aconn_events); the same bits as run/loop.h's. */
#define PP_ACONN_WAIT_READ  1u
#define PP_ACONN_WAIT_WRITE 2u

/* How a statement (or a failed connect) ended. */
struct pp_aconn_result {
	bool ok;
	long rows;                /* rows returned or affected by the last statement of the text */
	struct pp_db_error error; /* when !ok; error.connection_lost: nothing more runs on it */
};

/*
 * Starts connecting with a conninfo string or postgresql:// URI, without waiting. Returns NULL
 * (logged) only when conninfo does not parse or memory runs out; a server that cannot be reached
 * gives a connection in RESULT whose error says why (never the password).
 */
struct pp_aconn *pp_aconn_start(const char *conninfo);
/* Closes the connection (a statement in flight is abandoned). NULL does nothing. */
void pp_aconn_free(struct pp_aconn *c);

enum pp_aconn_state pp_aconn_state(const struct pp_aconn *c);
/* The connection's socket, -1 when it has none (closed, or not yet opened). */
int pp_aconn_socket(const struct pp_aconn *c);
/* PP_ACONN_WAIT_* bits for the socket; 0 when there is nothing to wait for. */
unsigned pp_aconn_events(const struct pp_aconn *c);
/* Moves a connect or a statement on as far as it goes without blocking: reads what arrived,
 * sends what is queued, collects complete results. Returns the new state. */
enum pp_aconn_state pp_aconn_advance(struct pp_aconn *c);

/*
 * Sends without waiting; only in IDLE. true: BUSY. false: the statement could not be sent and
 * its error is the result (RESULT), or the connection was not IDLE (logged, state unchanged).
 */
/* One or more ;-separated statements as a simple query. */
bool pp_aconn_send_query(struct pp_aconn *c, const char *sql);
/* Prepares sql under name with nparams untyped parameters (rows is 0). */
bool pp_aconn_send_prepare(struct pp_aconn *c, const char *name, const char *sql, int nparams);
/* Executes a prepared statement with text parameters (NULL for SQL NULL). */
bool pp_aconn_send_prepared(struct pp_aconn *c, const char *name, int nparams,
			    const char *const *values);

/*
 * In RESULT: moves the result into *out and goes to IDLE, or LOST when the connection broke.
 * Elsewhere returns false and leaves *out empty. *out is reset first: zero-initialise it once.
 */
bool pp_aconn_take_result(struct pp_aconn *c, struct pp_aconn_result *out);
void pp_aconn_result_reset(struct pp_aconn_result *r);

/*
 * Reconnects with the same parameters, without waiting (CONNECTING), from any state; a statement
 * in flight and an untaken result are dropped, and prepared statements are gone. false: the
 * reconnect could not start, its error is the result (RESULT).
 */
bool pp_aconn_reset(struct pp_aconn *c);

/* The server process serving the connection (pg_stat_activity.pid), 0 when not connected. */
int pp_aconn_backend_pid(const struct pp_aconn *c);

#endif
