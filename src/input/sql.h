/*
 * sql.h: what pgperf needs to know about a piece of SQL, answered by PostgreSQL's own parser
 * (libpg_query). No libpg_query type leaves sql.c.
 */
#ifndef PP_SQL_H
#define PP_SQL_H

#include <stdbool.h>

struct pp_sql_info {
	int n_statements;   /* statements in the text (empty ones not counted) */
	bool modifies;      /* INSERT/UPDATE/DELETE/MERGE anywhere, data-modifying CTEs included,
			     * or a first statement that is not a plain query (SELECT INTO,
			     * CREATE TABLE AS, TRUNCATE, COPY, CALL, DDL) */
	int max_param;      /* highest $N placeholder used, 0 if none */
	char *first_kind;   /* parse-node name of the first statement, e.g. "SelectStmt"; owned */
	int second_offset;  /* 0-based byte offset of the second statement when n_statements > 1 */
	int first_end;      /* byte offset just past the first statement, before its `;` */
};

struct pp_sql_error {
	char *message;      /* the parser's message, e.g. syntax error at or near "FORM"; owned */
	int offset;         /* 0-based byte offset into the text, -1 when unknown */
};

/*
 * Parses sql. On success fills *info (release with pp_sql_info_reset) and returns true. On a
 * syntax error fills *err (release with pp_sql_error_reset) and returns false.
 */
bool pp_sql_analyze(const char *sql, struct pp_sql_info *info, struct pp_sql_error *err);
void pp_sql_info_reset(struct pp_sql_info *info);
void pp_sql_error_reset(struct pp_sql_error *err);

/*
 * Splits a script (a schema file) into statements. On success sets *offsets and *lengths to arrays
 * of *n byte ranges (caller frees both); a range starts right after the previous `;`, so it may
 * begin with blanks and comments, and stops before its own `;`. On a syntax error fills *err and
 * returns false.
 */
bool pp_sql_split(const char *sql, int **offsets, int **lengths, int *n, struct pp_sql_error *err);

/* Line (from 1) and column (in characters, from 1) of the byte at offset in text. */
void pp_sql_locate(const char *text, int offset, int *line, int *col);
/* Byte offset in text of the 1-based character position a server error reports. */
int pp_sql_char_offset(const char *text, int position);

/* Releases the parser's memory at exit (keeps valgrind quiet). */
void pp_sql_shutdown(void);

#endif
