/*
 * nested.h: the statements a case's statement runs below it, which its EXPLAIN does not show:
 * the queries of a PL/pgSQL function or of a SQL function that is not inlined, a trigger's, a
 * foreign key's check. During one more execution after the case's EXPLAIN ANALYZE run (the
 * runner's, with the same values), auto_explain (PostgreSQL's contrib module) sends the plan
 * of every statement executed below it to pgperf as a notice
 * (log_nested_statements, log_level notice); the statements are kept once each with the plan of
 * their first execution and how many times they ran. `forbid:` and `expect:` then judge those
 * plans too: `SELECT f($1)` passed `forbid: seq scan on t` while f read t whole.
 *
 * Loading auto_explain and its settings need a superuser (the throwaway server's user is one);
 * elsewhere nothing is captured and the case says so in an info finding. Nothing persists: the
 * settings are SET LOCAL in the case's transaction (LOAD only maps the module into the session).
 *
 * A struct pp_nested is caller-owned storage (pp_nested_begin / pp_nested_reset) that owns its
 * statements and their plans.
 */
#ifndef PP_NESTED_H
#define PP_NESTED_H

#include <stdbool.h>
#include <stddef.h>

#include "pg/conn.h"
#include "plan/explain.h"

#define PP_NESTED_MAX 256       /* distinct statements kept; more are counted in dropped */
#define PP_NESTED_NOTICES 100000 /* notices read; more are counted in dropped, unread */

struct pp_nested_stmt {
	char *query;          /* its text as the function, trigger or check has it */
	struct pp_plan *plan; /* its first execution's plan; node paths "nK/0.1" for the Kth */
	long executions;      /* times it ran in the one execution of the case */
};

struct pp_nested {
	bool captured;        /* auto_explain ran for the EXPLAIN run */
	char *why_not;        /* when not captured and it was tried: why (caller shows it) */
	struct pp_nested_stmt *stmts;
	size_t n;
	long dropped;         /* executions beyond PP_NESTED_MAX statements or PP_NESTED_NOTICES */
	long notices;
	char *pending;        /* the last notice: the case's own statement comes last, so each
				 is kept only once another follows */
	const char *own_sql;  /* the case's statement (borrowed), never kept as nested */
};

/*
 * Starts capturing on conn, inside the case's open transaction (a savepoint keeps it intact
 * when auto_explain cannot be loaded or set: n->why_not then says why). False only when the
 * connection was lost (err).
 */
bool pp_nested_begin(struct pp_conn *conn, struct pp_nested *n, const char *own_sql,
		     struct pp_db_error *err);
/* Stops capturing and drops the last plan (the case's own statement). */
void pp_nested_end(struct pp_conn *conn, struct pp_nested *n);
void pp_nested_reset(struct pp_nested *n);

#endif
