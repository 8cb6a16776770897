/*
 * script.h: SQL files (schema files, a seed spec's "schema" and "after") applied statement by
 * statement, split by PostgreSQL's own parser, so VACUUM and CREATE INDEX CONCURRENTLY work and
 * a failure names its file:line:column.
 */
#ifndef PP_SCRIPT_H
#define PP_SCRIPT_H

#include <stddef.h>

#include "pg/conn.h"
#include "util/outcome.h"

/*
 * Applies files in order; stops at the first failure: BAD_INPUT for an unreadable file or a
 * failing statement (logged), LOST, INTERRUPTED.
 */
enum pp_step pp_script_apply(struct pp_conn *conn, const char *const *files, size_t n);

#endif
