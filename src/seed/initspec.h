/*
 * initspec.h: `pgperf seed --init-spec`: a starting seed spec written from a live database's
 * catalog (docs/seed-format.md, "A spec from a live schema"): its tables in foreign-key order
 * with their row counts, a generator per column from its type, its keys and constraints and,
 * where statistics exist, pg_stats (most common values and their frequencies, histogram
 * bounds, null fraction, average width). No row of the database is read.
 */
#ifndef PP_INITSPEC_H
#define PP_INITSPEC_H

#include <stdio.h>

#include "pg/conn.h"

/* Writes the spec as JSON to out; false fills err (a failed catalog query). */
bool pp_initspec_write(struct pp_conn *conn, FILE *out, struct pp_db_error *err);

#endif
