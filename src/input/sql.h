/*
 * sql.h: what pgperf needs to know about a piece of SQL, answered by PostgreSQL's own parser
 * (libpg_query). No libpg_query type leaves sql.c.
 */
#ifndef PP_SQL_H
#define PP_SQL_H

#include <stdbool.h>
#include <stddef.h>

struct pp_sql_info {
	int n_statements;   /* statements in the text (empty ones not counted) */
	bool modifies;      /* INSERT/UPDATE/DELETE/MERGE anywhere, data-modifying CTEs included,
			     * or a first statement that is not a plain query (SELECT INTO,
			     * CREATE TABLE AS, TRUNCATE, COPY, CALL, DDL) */
	int max_param;      /* highest $N placeholder used, 0 if none */
	char *first_kind;   /* parse-node name of the first statement, e.g. "SelectStmt"; owned */
	int second_offset;  /* 0-based byte offset of the second statement when n_statements > 1 */
	int first_end;      /* byte offset just past the first statement, before its `;` */
	bool select_into;   /* the first statement is SELECT ... INTO (it creates a table) */
};

/* A token of PostgreSQL's scanner, sorted into what pgperf tells apart. */
enum pp_sql_token_kind {
	PP_SQL_TOKEN_NAME,    /* an identifier or a keyword */
	PP_SQL_TOKEN_PARAM,   /* $N */
	PP_SQL_TOKEN_OP,      /* an operator made of operator characters (@, ||, <@, =@ ...) */
	PP_SQL_TOKEN_CHAR,    /* a one-character token: ( ) , . : ; [ ] * = < > ... (in ch) */
	PP_SQL_TOKEN_STRING,  /* a string or bit-string constant, quotes included */
	PP_SQL_TOKEN_NUMBER,
	PP_SQL_TOKEN_COMMENT, /* -- or slash-star comment */
	PP_SQL_TOKEN_OTHER    /* ::, :=, =>, <=, >=, <>, .. */
};

struct pp_sql_token {
	int start, end;       /* byte offsets: text[start..end) */
	enum pp_sql_token_kind kind;
	char ch;              /* the character of a PP_SQL_TOKEN_CHAR, else 0 */
	int keyword;          /* a NAME's keyword category: 0 none, 1 unreserved, 2 column name,
				 3 type or function name, 4 reserved */
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
 * Runs PostgreSQL's scanner over sql (comments are tokens too). On success sets *tokens to an
 * array of *n tokens (caller frees) and returns true; on a scanner error (an unterminated
 * string or comment) fills *err and returns false.
 */
bool pp_sql_scan(const char *sql, struct pp_sql_token **tokens, size_t *n,
		 struct pp_sql_error *err);

/*
 * Whether name can be written as an SQL identifier without quotes, as quote_ident() decides:
 * lower-case letters, digits and _ (not first a digit), and not a keyword other than an
 * unreserved one ("user", "order" and "select" need quotes; "name" does not).
 */
bool pp_sql_plain_ident(const char *name);
/* Appends name to b as an SQL identifier: bare when pp_sql_plain_ident, else in double quotes. */
struct pp_buf;
void pp_sql_put_ident(struct pp_buf *b, const char *name);

/*
 * Why the first statement of info cannot be timed, or NULL when it can: pgperf prepares and
 * explains SELECT (without INTO), INSERT, UPDATE, DELETE and MERGE only. The text names the
 * statement and what to do instead (a static string).
 */
const char *pp_sql_unrunnable(const struct pp_sql_info *info);

/*
 * Splits a script (a schema file) into statements. On success sets *offsets and *lengths to arrays
 * of *n byte ranges (caller frees both); a range starts right after the previous `;`, so it may
 * begin with blanks and comments, and stops before its own `;`. On a syntax error fills *err and
 * returns false.
 */
bool pp_sql_split(const char *sql, int **offsets, int **lengths, int *n, struct pp_sql_error *err);

/* The most parameters a statement takes ($1 to $65535): the protocol counts them in 16 bits. */
#define PP_SQL_MAX_PARAMS 65535

/* The deepest parse tree pgperf reads (cJSON's nesting limit), exclusive; deeper is an error. */
#define PP_SQL_MAX_TREE_DEPTH 1000

/*
 * The parse tree of sql as libpg_query's JSON text (statements under "stmts", each with its
 * "stmt_location" and "stmt_len" as pp_sql_split gives them), for a module that walks it
 * (input/ddl.c). NULL on a syntax error or a tree nested deeper than PP_SQL_MAX_TREE_DEPTH
 * (*err filled). Caller frees.
 */
char *pp_sql_tree(const char *sql, struct pp_sql_error *err);

/* Line (from 1) and column (in characters, from 1) of the byte at offset in text. */
void pp_sql_locate(const char *text, int offset, int *line, int *col);
/* Byte offset in text of the 1-based character position a server error reports. */
int pp_sql_char_offset(const char *text, int position);

/* Releases the parser's memory at exit (keeps valgrind quiet). */
void pp_sql_shutdown(void);

#endif
