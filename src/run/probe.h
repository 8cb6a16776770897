/*
 * probe.h: the calibration probe, a fixed reference workload timed between a case's
 * iterations so that case times can be compared across runs relative to the machine's speed
 * at that moment: a CPU-bound SQL function and a primary-key lookup on a table pgperf makes.
 * Both are temporary objects of the session (pg_temp): nothing is left in the database.
 *
 * The probe is prepared once per connection by pp_probe_setup, outside any case's
 * transaction, and timed by pp_probe_once inside one (it reads only), by the server's own
 * clock (servertime.h) as the case is. Its function streams its series (a set-returning
 * function in the select list: no tuplestore, so nothing spills to disk and work_mem, which a
 * case may set, does not matter) and its body is planned without JIT whatever the case sets
 * (the probe's own statement costs far below jit_above_cost unless a case lowers it).
 */
#ifndef PP_PROBE_H
#define PP_PROBE_H

#include <stdbool.h>
#include <stdint.h>

#include "pg/conn.h"

/*
 * The rows of the probe's table, and the bounds of its function's loop. The loop is sized per
 * case so that the probe lasts about as long as one iteration of the case (a CPU competing
 * for the machine then slows both alike: a short probe would often finish inside one time
 * slice while a long case is preempted), and kept fixed for that case in its baseline.
 */
#define PP_PROBE_ROWS      10000
#define PP_PROBE_MIN_LOOPS 100
#define PP_PROBE_MAX_LOOPS 2000000

/*
 * Creates the probe's temporary table and function, prepares its statement and measures
 * *ns_per_loop, what one turn of the function's loop takes here (for sizing).
 */
bool pp_probe_setup(struct pp_conn *conn, double *ns_per_loop, struct pp_db_error *err);
/* The loop that makes the probe last about ns on a machine where a turn takes ns_per_loop. */
long pp_probe_loops_for(int64_t ns, double ns_per_loop);
/* Runs the probe once with loops turns (key chosen from i) and sets *ns to its server time. */
bool pp_probe_once(struct pp_conn *conn, long i, long loops, int64_t *ns, struct pp_db_error *err);

#endif
