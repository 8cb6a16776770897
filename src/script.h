/*
 * script.h: SQL files (schema files, a seed spec's "schema" and "after") applied statement by
 * statement, split by PostgreSQL's own parser, so VACUUM and CREATE INDEX CONCURRENTLY work and
 * a failure names its file:line:column.
 */
#ifndef PP_SCRIPT_H
#define PP_SCRIPT_H

#include <stddef.h>

#include "conn.h"

enum pp_script_status {
	PP_SCRIPT_OK,
	PP_SCRIPT_FAILED,      /* a file is unreadable or a statement failed (logged) */
	PP_SCRIPT_LOST,        /* the connection is gone (logged) */
	PP_SCRIPT_INTERRUPTED  /* SIGINT or SIGTERM arrived */
};

/* Applies files in order; stops at the first failure. */
enum pp_script_status pp_script_apply(struct pp_conn *conn, const char *const *files, size_t n);

#endif
