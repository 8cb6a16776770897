/*
 * ddl.h: what the statements of a schema script do, read from PostgreSQL's parse tree (never
 * from the SQL text): which statements only set ownership or privileges and the roles they name
 * (skipped when applying if a role is missing, as pg_restore --no-owner --no-acl would), and how to undo what each statement creates (for
 * `pgperf seed --clear`). See docs/seed-format.md, "Re-seeding" and "pg_dump schemas".
 *
 * A struct pp_ddl is caller-owned storage (pp_ddl_reset releases what it holds).
 */
#ifndef PP_DDL_H
#define PP_DDL_H

#include <stdbool.h>
#include <stddef.h>

#include "input/sql.h"

struct pp_ddl_stmt {
	int offset, length; /* the statement's bytes in the text, as pp_sql_split gives them */
	bool ownership;     /* OWNER TO, GRANT, REVOKE, ALTER DEFAULT PRIVILEGES */
	char **roles;       /* the roles an ownership statement names (a string list, owned) */
	size_t n_roles;
	char *undo;         /* SQL dropping what the statement creates, or NULL (creates nothing,
			       or nothing a second run would collide with: IF NOT EXISTS, OR
			       REPLACE, an index without a name) */
	int rank;           /* of undo: 0 drops a schema, 1 a table, type, sequence or view, 2 an
			       index or a constraint of a table */
	char *schema;       /* the schema undo drops or drops in (as written; NULL: unqualified) */
	char *table;        /* schema.table a rank 1 undo drops, or whose index or constraint a
			       rank 2 undo drops (NULL: unqualified, or not a table) */
};

struct pp_ddl {
	struct pp_ddl_stmt *stmts;
	int n;
};

/*
 * Reads the statements of sql. The undo statements drop with IF EXISTS and CASCADE: schemas,
 * tables (partitions included), types, domains, sequences, views, materialized views, named
 * indexes and named constraints added by ALTER TABLE. On a syntax error fills *err (release with
 * pp_sql_error_reset) and returns false.
 */
bool pp_ddl_read(const char *sql, struct pp_ddl *out, struct pp_sql_error *err);
void pp_ddl_reset(struct pp_ddl *d);

/*
 * The values a CHECK constraint allows column, when it is "column IN (...)" or
 * "column = ANY (ARRAY[...])" (as pg_get_constraintdef writes it, casts included): the
 * constants as text into *values (a string list the caller frees). check is the constraint's
 * definition, with or without its leading CHECK. False when it is no such list.
 */
bool pp_ddl_check_values(const char *check, const char *column, char ***values, size_t *n);

#endif
