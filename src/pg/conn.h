/*
 * conn.h: pgperf's use of libpq. No PGconn or PGresult leaves src/pg/; callers get plain structs.
 *
 * A struct pp_conn is a heap object (pp_conn_open / pp_conn_free). For many connections driven
 * from one thread without blocking, see pg/aconn.h. A struct pp_db_error and a
 * struct pp_server_info are caller-owned storage released with their _reset functions.
 */
#ifndef PP_CONN_H
#define PP_CONN_H

#include <stdbool.h>
#include <stddef.h>

struct pp_conn;

/* What went wrong with a statement, as the server said it. */
struct pp_db_error {
	char sqlstate[6];     /* "57014"; "" when the failure was not the server's */
	char *message;        /* primary message, owned */
	char *detail;         /* NULL when none */
	char *hint;           /* NULL when none */
	char *context;        /* where, e.g. "COPY orders, line 69"; NULL when none */
	int position;         /* 1-based character position in the statement, 0 when none */
	bool connection_lost; /* the connection is gone: nothing more can run on it */
};

struct pp_setting {
	char *name;
	char *value; /* with its unit, as SHOW prints it */
};

struct pp_server_info {
	char *version;   /* server_version, e.g. "15.20 (Debian 15.20-0+deb12u1)" */
	int version_num; /* e.g. 150020 */
	struct pp_setting *settings; /* the settings that move timings */
	size_t n_settings;
};

/*
 * Connects with a conninfo string or postgresql:// URI. On failure logs the reason (never the
 * password) and returns NULL.
 */
struct pp_conn *pp_conn_open(const char *conninfo);
void pp_conn_free(struct pp_conn *c);

/*
 * The server's notices (NOTICE, INFO, WARNING sent to the client) go to fn with their primary
 * message while a query runs on c; fn NULL drops them again (the default).
 */
typedef void (*pp_conn_notice_fn)(void *ctx, const char *message);
void pp_conn_on_notice(struct pp_conn *c, pp_conn_notice_fn fn, void *ctx);

/*
 * The conninfo with any password replaced by "********", in key=value form; for messages and
 * reports. Returns NULL (and logs) when conninfo does not parse. Caller frees.
 */
char *pp_conn_redact(const char *conninfo);

/* Runs one or more ;-separated commands, discarding results. false fills *err. */
bool pp_conn_exec(struct pp_conn *c, const char *sql, struct pp_db_error *err);
/*
 * Runs one or more ;-separated commands as one simple query and copies the first value (first
 * row, first column) of the last result into *value (NULL for SQL NULL, no row, or a command
 * that returns no rows). The server does nothing between the commands of one message that it
 * does between messages, such as flushing its statistics. false fills *err (the first failure).
 */
bool pp_conn_exec_value(struct pp_conn *c, const char *sql, char **value, struct pp_db_error *err);
/* Runs a query returning one value (first row, first column), copied into *value (NULL for SQL
 * NULL, or no row). */
bool pp_conn_query_value(struct pp_conn *c, const char *sql, int nparams, const char *const *params,
			 char **value, struct pp_db_error *err);
/* Prepares sql under name with nparams untyped parameters. */
bool pp_conn_prepare(struct pp_conn *c, const char *name, const char *sql, int nparams,
		     struct pp_db_error *err);
/* Executes a prepared statement in text format; *rows gets the row count returned or affected. */
bool pp_conn_exec_prepared(struct pp_conn *c, const char *name, int nparams,
			   const char *const *values, long *rows, struct pp_db_error *err);

/* The first column of every row (NULLs as NULL pointers) into *values (caller frees each and
 * the array). */
bool pp_conn_query_column(struct pp_conn *c, const char *sql, int nparams,
			  const char *const *params, char ***values, size_t *n,
			  struct pp_db_error *err);

/* A query's rows as text: cells[row * n_cols + col], NULL for SQL NULL. Caller-owned storage
 * (pp_conn_query_rows / pp_rows_reset) that owns its strings. */
struct pp_rows {
	char **cells;
	size_t n_rows, n_cols;
};

/* Every row of a query into *out. */
bool pp_conn_query_rows(struct pp_conn *c, const char *sql, int nparams, const char *const *params,
			struct pp_rows *out, struct pp_db_error *err);
void pp_rows_reset(struct pp_rows *r);

/* COPY ... FROM STDIN: start it, send data (any chunking), finish it (false: the server's
 * error, e.g. a constraint, with its context in err->detail). */
bool pp_conn_copy_begin(struct pp_conn *c, const char *sql, struct pp_db_error *err);
bool pp_conn_copy_put(struct pp_conn *c, const char *data, size_t len, struct pp_db_error *err);
bool pp_conn_copy_end(struct pp_conn *c, struct pp_db_error *err);

/* An identifier quoted for SQL ("app"."sessions" style for each part of a dotted name). */
char *pp_conn_quote_ident(struct pp_conn *c, const char *name);

/* value as a quoted SQL literal (NULL gives "NULL"), for building SQL text. Caller frees. */
char *pp_conn_quote_literal(struct pp_conn *c, const char *value);

bool pp_conn_server_info(struct pp_conn *c, struct pp_server_info *info);
void pp_server_info_reset(struct pp_server_info *info);
void pp_db_error_reset(struct pp_db_error *err);

/* True once the connection is broken. */
bool pp_conn_lost(struct pp_conn *c);
/* True while a transaction block is open on the connection, failed ones included. */
bool pp_conn_in_transaction(struct pp_conn *c);
/* The server's version as a number (150004 for 15.4), 0 when unknown. */
int pp_conn_server_version(struct pp_conn *c);

/*
 * Cancels the statement running on every open connection: pp_conn_open registers each connection
 * in the cancel registry (pg/cancel.h) and pp_conn_free removes it. Async-signal-safe, meant for
 * the interrupt hook; the same as pg/cancel.h's pp_cancel_hook, under the name existing callers
 * use.
 */
void pp_conn_cancel_armed(void *unused);

#endif
