/*
 * pqerr.h: libpq's failures as a struct pp_db_error, shared by the blocking (conn.c) and the
 * non-blocking (aconn.c) connections. Private to src/pg/: it names libpq's types.
 */
#ifndef PP_PQERR_H
#define PP_PQERR_H

#include <libpq-fe.h>

#include "pg/conn.h"
#include "util/buf.h"

/* Appends libpq's message as one line: its line breaks and tabs become single spaces. */
void pp_pqerr_chomp(struct pp_buf *b, const char *msg);
/* Fills *err (reset first) from a failed result, or from the connection when res is NULL. */
void pp_pqerr_fill(PGconn *pg, const PGresult *res, struct pp_db_error *err);

#endif
