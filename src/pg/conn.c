/*
 * conn.c: everything pgperf does through libpq (see conn.h). PGconn and PGresult stay here.
 */
#include "pg/conn.h"

#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>

#include "pg/cancel.h"
#include "pg/pqerr.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/mem.h"

struct pp_conn {
	PGconn *pg;
	PGcancel *cancel;
	int cancel_slot; /* in the cancel registry (pg/cancel.h), -1 when not registered */
	pp_conn_notice_fn on_notice; /* NULL: notices are dropped */
	void *notice_ctx;
};

/* The settings that move timings, reported with every run. */
static const char *const timing_settings[] = {
	"jit", "shared_buffers", "work_mem", "random_page_cost", "effective_cache_size",
	"max_parallel_workers_per_gather",
};

/* Notices go to the connection's on_notice when one is set, else nowhere. */
static void
notice_dispatch(void *arg, const PGresult *res)
{
	struct pp_conn *c = arg;
	const char *msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);

	if (c != NULL && c->on_notice != NULL && msg != NULL)
		c->on_notice(c->notice_ctx, msg);
}

/*
 * Logs why a conninfo does not parse. libpq's message quotes the offending part of the string,
 * which may hold a password, so only an unknown keyword (a name, never a value) is repeated.
 */
static void
log_bad_conninfo(const char *errmsg)
{
	static const char unknown[] = "invalid connection option \"";
	const char *end;

	if (errmsg == NULL) {
		pp_log_error("invalid connection string: out of memory");
	} else if (strncmp(errmsg, unknown, sizeof unknown - 1) == 0 &&
		   (end = strchr(errmsg + sizeof unknown - 1, '"')) != NULL &&
		   end - errmsg < 100) {
		pp_log_error("invalid connection string: unknown keyword \"%.*s\"",
			     (int)(end - errmsg - (int)(sizeof unknown - 1)),
			     errmsg + sizeof unknown - 1);
		pp_log_hint("keywords are libpq's: host, port, dbname, user, password, sslmode, ...");
	} else {
		pp_log_error("invalid connection string: expected key=value pairs or a "
			     "postgresql:// URI");
	}
}

char *
pp_conn_redact(const char *conninfo)
{
	char *errmsg = NULL;
	PQconninfoOption *opts = PQconninfoParse(conninfo, &errmsg);
	struct pp_buf b;

	if (opts == NULL) {
		log_bad_conninfo(errmsg);
		PQfreemem(errmsg);
		return NULL;
	}
	pp_buf_init(&b);
	for (PQconninfoOption *o = opts; o->keyword != NULL; o++) {
		if (o->val == NULL || o->val[0] == '\0')
			continue;
		if (b.len > 0)
			pp_buf_putc(&b, ' ');
		if (strcmp(o->keyword, "password") == 0) {
			pp_buf_puts(&b, "password=********");
			continue;
		}
		pp_buf_printf(&b, "%s=", o->keyword);
		if (strpbrk(o->val, " '\\") != NULL || o->val[0] == '\0') {
			pp_buf_putc(&b, '\'');
			for (const char *p = o->val; *p; p++) {
				if (*p == '\'' || *p == '\\')
					pp_buf_putc(&b, '\\');
				pp_buf_putc(&b, *p);
			}
			pp_buf_putc(&b, '\'');
		} else {
			pp_buf_puts(&b, o->val);
		}
	}
	PQconninfoFree(opts);
	return pp_buf_steal(&b);
}

struct pp_conn *
pp_conn_open(const char *conninfo)
{
	struct pp_conn *c;
	char *where;
	PGconn *pg;

	where = pp_conn_redact(conninfo);
	if (where == NULL)
		return NULL;
	{
		/* expand_dbname: conninfo may be a whole connection string or URI. */
		const char *const keys[] = { "dbname", "fallback_application_name", NULL };
		const char *const vals[] = { conninfo, "pgperf", NULL };

		pg = PQconnectdbParams(keys, vals, 1);
	}
	if (pg == NULL || PQstatus(pg) != CONNECTION_OK) {
		struct pp_buf msg;

		pp_buf_init(&msg);
		pp_pqerr_chomp(&msg, pg ? PQerrorMessage(pg) : "out of memory");
		pp_log_error("cannot connect to %s", where);
		pp_log_detail("%s", msg.data);
		pp_buf_reset(&msg);
		PQfinish(pg);
		free(where);
		return NULL;
	}
	free(where);
	c = pp_mem_calloc(1, sizeof *c);
	PQsetNoticeReceiver(pg, notice_dispatch, c);
	c->pg = pg;
	c->cancel = PQgetCancel(pg);
	c->cancel_slot = pp_cancel_register(c->cancel);
	return c;
}

void
pp_conn_on_notice(struct pp_conn *c, pp_conn_notice_fn fn, void *ctx)
{
	c->on_notice = fn;
	c->notice_ctx = ctx;
}

void
pp_conn_free(struct pp_conn *c)
{
	if (c == NULL)
		return;
	pp_cancel_unregister(c->cancel_slot);
	PQfreeCancel(c->cancel);
	PQfinish(c->pg);
	free(c);
}

void
pp_conn_cancel_armed(void *unused)
{
	pp_cancel_hook(unused);
}

bool
pp_conn_lost(struct pp_conn *c)
{
	return PQstatus(c->pg) == CONNECTION_BAD;
}

bool
pp_conn_in_transaction(struct pp_conn *c)
{
	PGTransactionStatusType st = PQtransactionStatus(c->pg);

	return st == PQTRANS_INTRANS || st == PQTRANS_INERROR || st == PQTRANS_ACTIVE;
}

int
pp_conn_server_version(struct pp_conn *c)
{
	return PQserverVersion(c->pg);
}

void
pp_db_error_reset(struct pp_db_error *err)
{
	free(err->message);
	free(err->detail);
	free(err->hint);
	free(err->context);
	memset(err, 0, sizeof *err);
}

/* Fills *err from a failed result (or the connection when res is NULL). */
static void
fill_error(struct pp_conn *c, const PGresult *res, struct pp_db_error *err)
{
	pp_pqerr_fill(c->pg, res, err);
}

/* Consumes res: true when it is a success status; otherwise fills *err. */
static bool
check_result(struct pp_conn *c, PGresult *res, struct pp_db_error *err)
{
	ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
	bool ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY;

	if (!ok && err != NULL)
		fill_error(c, res, err);
	PQclear(res);
	return ok;
}

/*
 * Sends sql as one simple query and reads every result, so that a failure in any is seen; with
 * value, copies the first value of the last result into *value (NULL when none).
 */
static bool
exec_simple(struct pp_conn *c, const char *sql, char **value, struct pp_db_error *err)
{
	PGresult *res;
	bool ok = true;

	if (value != NULL)
		*value = NULL;
	if (!PQsendQuery(c->pg, sql)) {
		fill_error(c, NULL, err);
		return false;
	}
	while ((res = PQgetResult(c->pg)) != NULL) {
		ExecStatusType st = PQresultStatus(res);

		if (ok && st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_EMPTY_QUERY) {
			ok = false;
			fill_error(c, res, err);
		}
		if (ok && value != NULL) {
			free(*value);
			*value = st == PGRES_TUPLES_OK && PQntuples(res) > 0 && PQnfields(res) > 0 &&
						 !PQgetisnull(res, 0, 0)
					 ? pp_mem_strdup(PQgetvalue(res, 0, 0))
					 : NULL;
		}
		PQclear(res);
	}
	if (ok && PQstatus(c->pg) == CONNECTION_BAD) {
		fill_error(c, NULL, err);
		ok = false;
	}
	if (!ok && value != NULL) {
		free(*value);
		*value = NULL;
	}
	return ok;
}

bool
pp_conn_exec(struct pp_conn *c, const char *sql, struct pp_db_error *err)
{
	return exec_simple(c, sql, NULL, err);
}

bool
pp_conn_exec_value(struct pp_conn *c, const char *sql, char **value, struct pp_db_error *err)
{
	return exec_simple(c, sql, value, err);
}

bool
pp_conn_query_value(struct pp_conn *c, const char *sql, int nparams, const char *const *params,
		    char **value, struct pp_db_error *err)
{
	PGresult *res = PQexecParams(c->pg, sql, nparams, NULL, params, NULL, NULL, 0);

	*value = NULL;
	if (res != NULL && PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) > 0 &&
	    PQnfields(res) > 0 && !PQgetisnull(res, 0, 0))
		*value = pp_mem_strdup(PQgetvalue(res, 0, 0));
	return check_result(c, res, err);
}

bool
pp_conn_prepare(struct pp_conn *c, const char *name, const char *sql, int nparams,
		struct pp_db_error *err)
{
	return check_result(c, PQprepare(c->pg, name, sql, nparams, NULL), err);
}

bool
pp_conn_exec_prepared(struct pp_conn *c, const char *name, int nparams,
		      const char *const *values, long *rows, struct pp_db_error *err)
{
	PGresult *res = PQexecPrepared(c->pg, name, nparams, values, NULL, NULL, 0);

	if (res != NULL && PQresultStatus(res) == PGRES_TUPLES_OK)
		*rows = PQntuples(res);
	else if (res != NULL && PQresultStatus(res) == PGRES_COMMAND_OK)
		*rows = atol(PQcmdTuples(res));
	return check_result(c, res, err);
}

bool
pp_conn_query_column(struct pp_conn *c, const char *sql, int nparams, const char *const *params,
		     char ***values, size_t *n, struct pp_db_error *err)
{
	PGresult *res = PQexecParams(c->pg, sql, nparams, NULL, params, NULL, NULL, 0);

	*values = NULL;
	*n = 0;
	if (res != NULL && PQresultStatus(res) == PGRES_TUPLES_OK && PQnfields(res) > 0) {
		*n = (size_t)PQntuples(res);
		*values = pp_mem_calloc(*n + 1, sizeof **values);
		for (size_t i = 0; i < *n; i++)
			(*values)[i] = PQgetisnull(res, (int)i, 0)
					       ? NULL
					       : pp_mem_strdup(PQgetvalue(res, (int)i, 0));
	}
	return check_result(c, res, err);
}

bool
pp_conn_query_rows(struct pp_conn *c, const char *sql, int nparams, const char *const *params,
		   struct pp_rows *out, struct pp_db_error *err)
{
	PGresult *res = PQexecParams(c->pg, sql, nparams, NULL, params, NULL, NULL, 0);

	memset(out, 0, sizeof *out);
	if (res != NULL && PQresultStatus(res) == PGRES_TUPLES_OK) {
		out->n_rows = (size_t)PQntuples(res);
		out->n_cols = (size_t)PQnfields(res);
		out->cells = pp_mem_calloc(out->n_rows * out->n_cols + 1, sizeof *out->cells);
		for (size_t r = 0; r < out->n_rows; r++)
			for (size_t k = 0; k < out->n_cols; k++)
				if (!PQgetisnull(res, (int)r, (int)k))
					out->cells[r * out->n_cols + k] =
						pp_mem_strdup(PQgetvalue(res, (int)r, (int)k));
	}
	return check_result(c, res, err);
}

void
pp_rows_reset(struct pp_rows *r)
{
	for (size_t i = 0; r->cells != NULL && i < r->n_rows * r->n_cols; i++)
		free(r->cells[i]);
	free(r->cells);
	memset(r, 0, sizeof *r);
}

bool
pp_conn_copy_begin(struct pp_conn *c, const char *sql, struct pp_db_error *err)
{
	PGresult *res = PQexec(c->pg, sql);

	if (res != NULL && PQresultStatus(res) == PGRES_COPY_IN) {
		PQclear(res);
		return true;
	}
	return check_result(c, res, err) && false;
}

bool
pp_conn_copy_put(struct pp_conn *c, const char *data, size_t len, struct pp_db_error *err)
{
	if (PQputCopyData(c->pg, data, (int)len) == 1)
		return true;
	fill_error(c, NULL, err);
	return false;
}

bool
pp_conn_copy_end(struct pp_conn *c, struct pp_db_error *err)
{
	PGresult *res, *last = NULL;
	bool ok = true;

	if (PQputCopyEnd(c->pg, NULL) != 1) {
		fill_error(c, NULL, err);
		return false;
	}
	while ((res = PQgetResult(c->pg)) != NULL) {
		if (ok && PQresultStatus(res) != PGRES_COMMAND_OK) {
			ok = false;
			fill_error(c, res, err);
		}
		PQclear(last);
		last = res;
	}
	PQclear(last);
	return ok;
}

char *
pp_conn_quote_ident(struct pp_conn *c, const char *name)
{
	struct pp_buf b;
	const char *p = name;

	pp_buf_init(&b);
	for (;;) {
		const char *dot = strchr(p, '.');
		size_t n = dot ? (size_t)(dot - p) : strlen(p);
		char *part = pp_mem_strndup(p, n);
		char *q = PQescapeIdentifier(c->pg, part, n);

		if (q == NULL) {
			pp_log_error("out of memory quoting an identifier");
			abort();
		}
		pp_buf_puts(&b, q);
		PQfreemem(q);
		free(part);
		if (dot == NULL)
			break;
		pp_buf_putc(&b, '.');
		p = dot + 1;
	}
	return pp_buf_steal(&b);
}

char *
pp_conn_quote_literal(struct pp_conn *c, const char *value)
{
	char *q, *copy;

	if (value == NULL)
		return pp_mem_strdup("NULL");
	q = PQescapeLiteral(c->pg, value, strlen(value));
	if (q == NULL) {
		pp_log_error("out of memory quoting a literal");
		abort();
	}
	copy = pp_mem_strdup(q);
	PQfreemem(q);
	return copy;
}

bool
pp_conn_server_info(struct pp_conn *c, struct pp_server_info *info)
{
	size_t n = sizeof timing_settings / sizeof timing_settings[0];
	struct pp_db_error err = { 0 };
	const char *v = PQparameterStatus(c->pg, "server_version");

	memset(info, 0, sizeof *info);
	info->version = pp_mem_strdup(v ? v : "unknown");
	info->version_num = PQserverVersion(c->pg);

	info->settings = pp_mem_calloc(n, sizeof *info->settings);
	for (size_t i = 0; i < n; i++) {
		const char *params[1] = { timing_settings[i] };
		char *value = NULL;

		if (!pp_conn_query_value(c, "SELECT current_setting($1, true)", 1, params, &value,
					 &err)) {
			pp_log_error("cannot read server setting %s: %s", timing_settings[i],
				     err.message);
			pp_db_error_reset(&err);
			pp_server_info_reset(info);
			return false;
		}
		info->settings[info->n_settings].name = pp_mem_strdup(timing_settings[i]);
		info->settings[info->n_settings].value = value ? value : pp_mem_strdup("");
		info->n_settings++;
	}
	return true;
}

void
pp_server_info_reset(struct pp_server_info *info)
{
	for (size_t i = 0; i < info->n_settings; i++) {
		free(info->settings[i].name);
		free(info->settings[i].value);
	}
	free(info->settings);
	free(info->version);
	memset(info, 0, sizeof *info);
}
