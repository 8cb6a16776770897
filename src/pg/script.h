/*
 * script.h: SQL files (schema files, a seed spec's "schema" and "after") applied statement by
 * statement, split by PostgreSQL's own parser, so VACUUM and CREATE INDEX CONCURRENTLY work and
 * a failure names its file:line:column. Statements that only set an owner or privileges (OWNER
 * TO, GRANT, REVOKE, ALTER DEFAULT PRIVILEGES) are skipped, as pg_restore --no-owner --no-acl
 * does, so a pg_dump schema applies whatever the server's roles are called.
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

/*
 * The statements that drop what files create (input/ddl.h) into *undo (a string list the
 * caller frees): schemas first, then tables, types, sequences and views, then indexes and
 * constraints, each group last file and last statement first, leaving out what goes with a
 * schema or a table dropped before it. BAD_INPUT (logged) for a file that cannot be read or
 * does not parse.
 */
enum pp_step pp_script_undo(const char *const *files, size_t n, char ***undo, size_t *n_undo);

#endif
