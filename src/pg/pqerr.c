/*
 * pqerr.c: libpq's failures as plain data (see pqerr.h).
 */
#include "pg/pqerr.h"

#include <stdio.h>
#include <stdlib.h>

#include "util/mem.h"

void
pp_pqerr_chomp(struct pp_buf *b, const char *msg)
{
	bool space = false;

	for (const char *p = msg; *p; p++) {
		if (*p == '\n' || *p == '\t' || *p == ' ') {
			space = true;
			continue;
		}
		if (space && b->len > 0)
			pp_buf_putc(b, ' ');
		space = false;
		pp_buf_putc(b, *p);
	}
}

static char *
dup_field(const PGresult *res, int field)
{
	const char *v = PQresultErrorField(res, field);

	return v ? pp_mem_strdup(v) : NULL;
}

void
pp_pqerr_fill(PGconn *pg, const PGresult *res, struct pp_db_error *err)
{
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *pos = res ? PQresultErrorField(res, PG_DIAG_STATEMENT_POSITION) : NULL;
	struct pp_buf b;

	pp_db_error_reset(err);
	if (state != NULL)
		snprintf(err->sqlstate, sizeof err->sqlstate, "%s", state);
	err->message = res ? dup_field(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	if (err->message == NULL) {
		pp_buf_init(&b);
		pp_pqerr_chomp(&b, PQerrorMessage(pg));
		if (b.len == 0)
			pp_buf_puts(&b, "unknown error");
		err->message = pp_buf_steal(&b);
	}
	if (res != NULL) {
		err->detail = dup_field(res, PG_DIAG_MESSAGE_DETAIL);
		err->hint = dup_field(res, PG_DIAG_MESSAGE_HINT);
		err->context = dup_field(res, PG_DIAG_CONTEXT);
	}
	err->position = pos ? atoi(pos) : 0;
	err->connection_lost = PQstatus(pg) == CONNECTION_BAD;
}
