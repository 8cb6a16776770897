/*
 * aconn.c: non-blocking connections on libpq's asynchronous calls (see aconn.h). PGconn and
 * PGresult stay here.
 */
#include "pg/aconn.h"

#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>

#include "pg/cancel.h"
#include "pg/pqerr.h"
#include "util/log.h"
#include "util/mem.h"

struct pp_aconn {
	PGconn *pg;
	enum pp_aconn_state state;
	PostgresPollingStatusType polling; /* CONNECTING: what the last connect poll asked for */
	bool resetting;                    /* CONNECTING through PQresetPoll */
	bool flushing;                     /* BUSY: output still queued, wait for write too */
	bool copy_out;                     /* BUSY: a COPY TO STDOUT is being drained */
	PGcancel *cancel;
	int cancel_slot;                   /* in the cancel registry, -1 when not registered */
	struct pp_aconn_result res;        /* BUSY: being collected; RESULT: ready to take */
};

static const char *const state_names[] = { "connecting", "idle", "busy", "result", "lost" };

static void
notice_quiet(void *arg, const PGresult *res)
{
	(void)arg;
	(void)res;
}

/* Ends whatever was under way with the connection's own error (RESULT). */
static void
fail(struct pp_aconn *c)
{
	/* A server error already collected (e.g. "terminating connection") says it best. */
	if (c->res.error.message == NULL)
		pp_pqerr_fill(c->pg, NULL, &c->res.error);
	c->res.ok = false;
	c->res.error.connection_lost = PQstatus(c->pg) == CONNECTION_BAD;
	c->flushing = false;
	c->copy_out = false;
	c->state = PP_ACONN_RESULT;
}

static void
drop_cancel(struct pp_aconn *c)
{
	pp_cancel_unregister(c->cancel_slot);
	c->cancel_slot = -1;
	PQfreeCancel(c->cancel);
	c->cancel = NULL;
}

struct pp_aconn *
pp_aconn_start(const char *conninfo)
{
	/* expand_dbname: conninfo may be a whole connection string or URI. */
	const char *const keys[] = { "dbname", "fallback_application_name", NULL };
	const char *const vals[] = { conninfo, "pgperf", NULL };
	char *where = pp_conn_redact(conninfo); /* checks that it parses, without echoing it */
	struct pp_aconn *c;
	PGconn *pg;

	if (where == NULL)
		return NULL;
	free(where);
	pg = PQconnectStartParams(keys, vals, 1);
	if (pg == NULL) {
		pp_log_error("out of memory starting a connection");
		return NULL;
	}
	PQsetNoticeReceiver(pg, notice_quiet, NULL);
	c = pp_mem_calloc(1, sizeof *c);
	c->pg = pg;
	c->cancel_slot = -1;
	c->state = PP_ACONN_CONNECTING;
	c->polling = PGRES_POLLING_WRITING; /* libpq: before the first poll, wait for write */
	if (PQstatus(pg) == CONNECTION_BAD)
		fail(c);
	return c;
}

void
pp_aconn_free(struct pp_aconn *c)
{
	if (c == NULL)
		return;
	drop_cancel(c);
	pp_aconn_result_reset(&c->res);
	PQfinish(c->pg);
	free(c);
}

enum pp_aconn_state
pp_aconn_state(const struct pp_aconn *c)
{
	return c->state;
}

int
pp_aconn_socket(const struct pp_aconn *c)
{
	return PQsocket(c->pg);
}

unsigned
pp_aconn_events(const struct pp_aconn *c)
{
	if (c->state == PP_ACONN_CONNECTING)
		return c->polling == PGRES_POLLING_READING ? PP_ACONN_WAIT_READ
							   : PP_ACONN_WAIT_WRITE;
	if (c->state == PP_ACONN_BUSY)
		return PP_ACONN_WAIT_READ | (c->flushing ? PP_ACONN_WAIT_WRITE : 0);
	return 0;
}

int
pp_aconn_backend_pid(const struct pp_aconn *c)
{
	return c->state == PP_ACONN_CONNECTING ? 0 : PQbackendPID(c->pg);
}

static void
connect_step(struct pp_aconn *c)
{
	c->polling = c->resetting ? PQresetPoll(c->pg) : PQconnectPoll(c->pg);
	if (c->polling == PGRES_POLLING_FAILED) {
		fail(c);
		return;
	}
	if (c->polling != PGRES_POLLING_OK)
		return;
	c->resetting = false;
	if (PQsetnonblocking(c->pg, 1) != 0) {
		fail(c);
		return;
	}
	c->cancel = PQgetCancel(c->pg);
	c->cancel_slot = pp_cancel_register(c->cancel);
	c->state = PP_ACONN_IDLE;
}

/* Takes one result of the statement in flight (and clears it). */
static void
absorb(struct pp_aconn *c, PGresult *res)
{
	switch (PQresultStatus(res)) {
	case PGRES_TUPLES_OK:
		c->res.rows = PQntuples(res);
		break;
	case PGRES_COMMAND_OK:
		c->res.rows = atol(PQcmdTuples(res));
		break;
	case PGRES_EMPTY_QUERY:
		c->res.rows = 0;
		break;
	case PGRES_COPY_IN:
		/* Nothing to send: end it, which the server reports as the statement's error. */
		if (PQputCopyEnd(c->pg, "COPY FROM STDIN is not supported on this connection") != 1)
			fail(c);
		c->flushing = true;
		break;
	case PGRES_COPY_OUT:
		c->copy_out = true;
		break;
	default:
		if (c->res.ok) {
			c->res.ok = false;
			pp_pqerr_fill(c->pg, res, &c->res.error);
		}
		break;
	}
	PQclear(res);
}

/* Discards COPY TO STDOUT data; false while more is to come. */
static bool
drain_copy_out(struct pp_aconn *c)
{
	for (;;) {
		char *buf = NULL;
		int n = PQgetCopyData(c->pg, &buf, 1);

		if (n == 0)
			return false;
		PQfreemem(buf);
		if (n < 0) {
			c->copy_out = false; /* done (-1) or failed (-2): PQgetResult says which */
			return true;
		}
	}
}

static void
busy_step(struct pp_aconn *c)
{
	bool alive = PQconsumeInput(c->pg) == 1;

	if (alive && c->flushing) {
		int r = PQflush(c->pg);

		c->flushing = r == 1;
		alive = r >= 0;
	}
	while (c->state == PP_ACONN_BUSY) {
		PGresult *res;

		if (c->copy_out && !drain_copy_out(c))
			return;
		if (PQisBusy(c->pg))
			break;
		res = PQgetResult(c->pg);
		if (res == NULL) {
			c->state = PP_ACONN_RESULT;
			if (PQstatus(c->pg) == CONNECTION_BAD)
				fail(c);
			return;
		}
		absorb(c, res);
	}
	/* libpq still waits for the rest, but the connection broke under it. */
	if (!alive && c->state == PP_ACONN_BUSY)
		fail(c);
}

enum pp_aconn_state
pp_aconn_advance(struct pp_aconn *c)
{
	if (c->state == PP_ACONN_CONNECTING)
		connect_step(c);
	else if (c->state == PP_ACONN_BUSY)
		busy_step(c);
	return c->state;
}

static bool
can_send(const struct pp_aconn *c)
{
	if (c->state == PP_ACONN_IDLE)
		return true;
	pp_log_error("cannot send a statement on a connection that is %s", state_names[c->state]);
	return false;
}

/* After a PQsend* call that returned ok: BUSY with the output flushed as far as it goes. */
static bool
after_send(struct pp_aconn *c, int ok)
{
	int r;

	pp_aconn_result_reset(&c->res);
	c->res.ok = true;
	if (!ok) {
		fail(c);
		return false;
	}
	c->state = PP_ACONN_BUSY;
	r = PQflush(c->pg);
	if (r < 0) {
		fail(c);
		return false;
	}
	c->flushing = r == 1;
	return true;
}

bool
pp_aconn_send_query(struct pp_aconn *c, const char *sql)
{
	return can_send(c) && after_send(c, PQsendQuery(c->pg, sql));
}

bool
pp_aconn_send_prepare(struct pp_aconn *c, const char *name, const char *sql, int nparams)
{
	return can_send(c) && after_send(c, PQsendPrepare(c->pg, name, sql, nparams, NULL));
}

bool
pp_aconn_send_prepared(struct pp_aconn *c, const char *name, int nparams,
		       const char *const *values)
{
	return can_send(c) &&
	       after_send(c, PQsendQueryPrepared(c->pg, name, nparams, values, NULL, NULL, 0));
}

bool
pp_aconn_take_result(struct pp_aconn *c, struct pp_aconn_result *out)
{
	pp_aconn_result_reset(out);
	if (c->state != PP_ACONN_RESULT)
		return false;
	*out = c->res;
	memset(&c->res, 0, sizeof c->res);
	c->state = PQstatus(c->pg) == CONNECTION_OK ? PP_ACONN_IDLE : PP_ACONN_LOST;
	return true;
}

void
pp_aconn_result_reset(struct pp_aconn_result *r)
{
	pp_db_error_reset(&r->error);
	memset(r, 0, sizeof *r);
}

bool
pp_aconn_reset(struct pp_aconn *c)
{
	drop_cancel(c);
	pp_aconn_result_reset(&c->res);
	c->flushing = false;
	c->copy_out = false;
	if (!PQresetStart(c->pg)) {
		fail(c);
		return false;
	}
	c->state = PP_ACONN_CONNECTING;
	c->resetting = true;
	c->polling = PGRES_POLLING_WRITING;
	return true;
}
