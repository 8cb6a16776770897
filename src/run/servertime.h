/*
 * servertime.h: the server's own time for one execution of a prepared statement, as EXPLAIN
 * (ANALYZE, TIMING OFF, SUMMARY ON) reports it: planning (the plan cache's work) plus
 * execution, without the round trip. The time gates (docs/ci.md) compare these: a short
 * statement's round trip on a busy machine is mostly the scheduler waking the backend and the
 * client, which slows one statement and not the one beside it and says nothing about the
 * query. TIMING OFF keeps the per-node clock reads out; the rows are still counted.
 *
 * The execution is a real one: a caller timing a statement that writes rolls it back.
 */
#ifndef PP_SERVERTIME_H
#define PP_SERVERTIME_H

#include <stdbool.h>
#include <stdint.h>

#include "pg/conn.h"

/*
 * Runs statement (a prepared statement's name) with args (its EXECUTE argument list,
 * "(...)", or "" for none) once and sets *ns to the server's planning plus execution time.
 */
bool pp_servertime_execute(struct pp_conn *conn, const char *statement, const char *args,
			   int64_t *ns, struct pp_db_error *err);

#endif
