/*
 * probe.h: the calibration probe, a fixed reference workload timed between a case's
 * iterations so that case times can be compared across runs relative to the machine's speed
 * at that moment: a CPU-bound SQL function and a primary-key lookup on a table pgperf makes.
 * Both are temporary objects of the session (pg_temp): nothing is left in the database.
 *
 * The probe is prepared once per connection by pp_probe_setup, outside any case's
 * transaction, and timed by pp_probe_once inside one (it reads only).
 */
#ifndef PP_PROBE_H
#define PP_PROBE_H

#include <stdbool.h>
#include <stdint.h>

#include "pg/conn.h"

/* The rows of the probe's table and the loop of its function (docs/ci.md). */
#define PP_PROBE_ROWS  10000
#define PP_PROBE_LOOPS 2000

/* Creates the probe's temporary table and function and prepares its statement. */
bool pp_probe_setup(struct pp_conn *conn, struct pp_db_error *err);
/* Runs the probe once (key chosen from i) and sets *ns to its time. */
bool pp_probe_once(struct pp_conn *conn, long i, int64_t *ns, struct pp_db_error *err);

#endif
