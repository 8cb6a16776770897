/*
 * probe.c: the calibration probe (see probe.h).
 */
#include "run/probe.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "run/servertime.h"

#define PROBE_STATEMENT "pgperf_probe"
#define SIZING_LOOPS    20000

bool
pp_probe_once(struct pp_conn *conn, long i, long loops, int64_t *ns, struct pp_db_error *err)
{
	char args[64];

	snprintf(args, sizeof args, "('%ld', '%ld')", 1 + (i * 7919) % PP_PROBE_ROWS, loops);
	return pp_servertime_execute(conn, PROBE_STATEMENT, args, ns, err);
}

/* The fastest of a few probes of SIZING_LOOPS turns less the fastest of 10 turns, per turn. */
static bool
measure(struct pp_conn *conn, double *ns_per_loop, struct pp_db_error *err)
{
	int64_t small = INT64_MAX, large = INT64_MAX, ns;

	for (int k = 0; k < 5; k++) {
		if (!pp_probe_once(conn, k, 10, &ns, err))
			return false;
		small = ns < small ? ns : small;
		if (!pp_probe_once(conn, k, SIZING_LOOPS, &ns, err))
			return false;
		large = ns < large ? ns : large;
	}
	*ns_per_loop = large > small ? (double)(large - small) / (SIZING_LOOPS - 10) : 50.0;
	return true;
}

bool
pp_probe_setup(struct pp_conn *conn, double *ns_per_loop, struct pp_db_error *err)
{
	char sql[1024], *prepared = NULL;

	snprintf(sql, sizeof sql,
	         "CREATE TEMP TABLE IF NOT EXISTS pgperf_probe (id int PRIMARY KEY, v text); "
	         "TRUNCATE pg_temp.pgperf_probe; "
	         "INSERT INTO pg_temp.pgperf_probe SELECT i, md5(i::text) "
	         "FROM generate_series(1, %d) AS i; "
	         "ANALYZE pg_temp.pgperf_probe; "
	         "CREATE OR REPLACE FUNCTION pg_temp.pgperf_probe_cpu(n int) RETURNS bigint "
	         "LANGUAGE sql SET jit = off "
	         "AS 'SELECT sum(x * x) FROM (SELECT generate_series(1, n)::bigint AS x) AS s'",
	         PP_PROBE_ROWS);
	if (!pp_conn_exec(conn, sql, err))
		return false;
	if (!pp_conn_query_value(conn,
	                         "SELECT name FROM pg_catalog.pg_prepared_statements WHERE name = "
	                         "'" PROBE_STATEMENT "'",
	                         0, NULL, &prepared, err))
		return false;
	if (prepared == NULL &&
	    !pp_conn_prepare(conn, PROBE_STATEMENT,
	                     "SELECT pg_temp.pgperf_probe_cpu($2::int) + "
	                     "(SELECT length(v) FROM pg_temp.pgperf_probe WHERE id = $1::int)",
	                     2, err))
		return false;
	free(prepared);
	return measure(conn, ns_per_loop, err);
}

long
pp_probe_loops_for(int64_t ns, double ns_per_loop)
{
	double loops = ns_per_loop > 0 ? (double)ns / ns_per_loop : PP_PROBE_MIN_LOOPS;

	if (loops < PP_PROBE_MIN_LOOPS)
		return PP_PROBE_MIN_LOOPS;
	if (loops > PP_PROBE_MAX_LOOPS)
		return PP_PROBE_MAX_LOOPS;
	return (long)loops;
}
