/*
 * script.c: SQL files applied one statement at a time (see script.h).
 */
#include "pg/script.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/clock.h"
#include "util/file.h"
#include "util/interrupt.h"
#include "util/log.h"
#include "util/mem.h"
#include "util/str.h"
#include "input/ddl.h"
#include "input/sql.h"


/* Logs a failed schema statement with file:line:column. */
static void
schema_error(const char *file, const char *text, int stmt_offset, const struct pp_db_error *err)
{
	int line, col, at = stmt_offset;

	if (err->position > 0) {
		at += pp_sql_char_offset(text + stmt_offset, err->position);
	} else {
		/* No position: point at the statement's first token. */
		while (text[at] == ' ' || text[at] == '\n' || text[at] == '\t' || text[at] == '\r')
			at++;
	}
	pp_sql_locate(text, at, &line, &col);
	pp_log_error("%s:%d:%d: %s (SQLSTATE %s)", file, line, col, err->message, err->sqlstate);
	if (err->detail)
		pp_log_detail("%s", err->detail);
	if (err->hint)
		pp_log_hint("%s", err->hint);
}

/* Reads and parses one file; BAD_INPUT (logged) when it cannot be read or does not parse. */
static enum pp_step
read_script(const char *file, char **text, struct pp_ddl *ddl)
{
	struct pp_sql_error perr;

	*text = pp_file_read(file, "schema file", NULL);
	if (*text == NULL)
		return PP_STEP_BAD_INPUT;
	if (!pp_ddl_read(*text, ddl, &perr)) {
		int line, col;

		pp_sql_locate(*text, perr.offset < 0 ? 0 : perr.offset, &line, &col);
		pp_log_error("%s:%d:%d: %s", file, line, col, perr.message);
		pp_sql_error_reset(&perr);
		free(*text);
		*text = NULL;
		return PP_STEP_BAD_INPUT;
	}
	return PP_STEP_OK;
}

/*
 * Whether every role an ownership or privilege statement names exists on the server. A pg_dump
 * schema from another cluster names roles this one lacks (OWNER TO postgres on a server whose
 * superuser is pgperf); such statements are skipped, as pg_restore --no-owner --no-acl would.
 * Asked before the statement runs: a failing statement would abort an open transaction, and a
 * savepoint around it would stop COPY FREEZE of the tables created before it.
 */
static bool
roles_exist(struct pp_conn *conn, const struct pp_ddl_stmt *d, struct pp_db_error *err,
	    bool *exist)
{
	*exist = true;
	for (size_t i = 0; i < d->n_roles && *exist; i++) {
		const char *params[1] = { d->roles[i] };
		char *value = NULL;

		if (!pp_conn_query_value(conn, "SELECT count(*) FROM pg_roles WHERE rolname = $1", 1,
					 params, &value, err))
			return false;
		*exist = value != NULL && strcmp(value, "0") != 0;
		free(value);
	}
	return true;
}

/* Runs one statement of file; logs a failure. *skipped counts ownership statements skipped. */
static enum pp_step
run_statement(struct pp_conn *conn, const char *file, const char *text,
	      const struct pp_ddl_stmt *d, int *skipped)
{
	struct pp_db_error err = { 0 };
	char *stmt = pp_mem_strndup(text + d->offset, (size_t)d->length);
	enum pp_step status = PP_STEP_OK;
	bool exist = true;

	if (pp_interrupt_pending()) {
		status = PP_STEP_INTERRUPTED;
	} else if ((!d->ownership || roles_exist(conn, d, &err, &exist)) && !exist) {
		(*skipped)++;
	} else if (err.message == NULL && pp_conn_exec(conn, stmt, &err)) {
		status = PP_STEP_OK;
	} else if (err.connection_lost) {
		pp_log_error("connection lost while applying %s: %s", file, err.message);
		status = PP_STEP_LOST;
	} else {
		schema_error(file, text, d->offset, &err);
		status = PP_STEP_BAD_INPUT;
	}
	pp_db_error_reset(&err);
	free(stmt);
	return status;
}

enum pp_step
pp_script_apply(struct pp_conn *conn, const char *const *files, size_t n)
{
	enum pp_step status = PP_STEP_OK;

	for (size_t i = 0; i < n && status == PP_STEP_OK; i++) {
		int64_t t0 = pp_clock_now_ns();
		struct pp_ddl ddl;
		char *text;
		int skipped = 0;

		status = read_script(files[i], &text, &ddl);
		if (status != PP_STEP_OK)
			break;
		for (int k = 0; k < ddl.n && status == PP_STEP_OK; k++) {
			status = run_statement(conn, files[i], text, &ddl.stmts[k], &skipped);
		}
		if (skipped > 0)
			pp_log_debug("%s: skipped %d ownership and privilege statements naming roles this "
				     "server lacks, as pg_restore --no-owner --no-acl would",
				     files[i], skipped);
		if (status == PP_STEP_OK)
			pp_log_debug("applied %s (%d statements) in %.2fs", files[i], ddl.n - skipped,
				     (double)(pp_clock_now_ns() - t0) / 1e9);
		pp_ddl_reset(&ddl);
		free(text);
	}
	return status;
}

/* An undo statement whose object goes anyway: its schema, or for an index, its table. */
static bool
goes_anyway(const struct pp_ddl_stmt *d, char **schemas, size_t n_schemas, char **tables,
	    size_t n_tables)
{
	return (d->rank > 0 && d->schema != NULL && pp_str_list_has(schemas, n_schemas, d->schema)) ||
	       (d->rank > 1 && d->table != NULL && pp_str_list_has(tables, n_tables, d->table));
}

/*
 * Schemas first, then tables, types, sequences and views, then indexes and constraints, each
 * rank last statement first; leaving out what dropping a schema or a table (CASCADE) removes.
 */
static void
order_undo(struct pp_ddl *ddl, size_t n_files, char ***undo, size_t *n_undo)
{
	char **schemas = NULL, **tables = NULL;
	size_t n_schemas = 0, n_tables = 0;

	for (size_t f = 0; f < n_files; f++)
		for (int k = 0; k < ddl[f].n; k++) {
			const struct pp_ddl_stmt *d = &ddl[f].stmts[k];

			if (d->undo != NULL && d->rank == 0)
				pp_str_list_push(&schemas, &n_schemas, pp_mem_strdup(d->schema));
			if (d->undo != NULL && d->rank == 1 && d->table != NULL)
				pp_str_list_push(&tables, &n_tables, pp_mem_strdup(d->table));
		}
	for (int rank = 0; rank <= 2; rank++)
		for (size_t f = n_files; f-- > 0;)
			for (int k = ddl[f].n; k-- > 0;) {
				const struct pp_ddl_stmt *d = &ddl[f].stmts[k];

				if (d->undo != NULL && d->rank == rank &&
				    !goes_anyway(d, schemas, n_schemas, tables, n_tables))
					pp_str_list_push(undo, n_undo, pp_mem_strdup(d->undo));
			}
	pp_str_list_free(schemas, n_schemas);
	pp_str_list_free(tables, n_tables);
}

enum pp_step
pp_script_undo(const char *const *files, size_t n, char ***undo, size_t *n_undo)
{
	struct pp_ddl *ddl = pp_mem_calloc(n + 1, sizeof *ddl);
	enum pp_step status = PP_STEP_OK;

	*undo = NULL;
	*n_undo = 0;
	for (size_t i = 0; i < n && status == PP_STEP_OK; i++) {
		char *text = NULL;

		status = read_script(files[i], &text, &ddl[i]);
		free(text);
	}
	if (status == PP_STEP_OK)
		order_undo(ddl, n, undo, n_undo);
	for (size_t i = 0; i < n; i++)
		pp_ddl_reset(&ddl[i]);
	free(ddl);
	return status;
}
