/*
 * probe.c: the calibration probe (see probe.h).
 */
#include "run/probe.h"

#include <stdio.h>
#include <stdlib.h>

#include "util/clock.h"

#define PROBE_STATEMENT "pgperf_probe"

bool
pp_probe_setup(struct pp_conn *conn, struct pp_db_error *err)
{
	char sql[1024], *prepared = NULL;

	snprintf(sql, sizeof sql,
	         "CREATE TEMP TABLE IF NOT EXISTS pgperf_probe (id int PRIMARY KEY, v text); "
	         "TRUNCATE pg_temp.pgperf_probe; "
	         "INSERT INTO pg_temp.pgperf_probe SELECT i, md5(i::text) "
	         "FROM generate_series(1, %d) AS i; "
	         "ANALYZE pg_temp.pgperf_probe; "
	         "CREATE OR REPLACE FUNCTION pg_temp.pgperf_probe_cpu(n int) RETURNS bigint "
	         "LANGUAGE sql AS 'SELECT sum(i::bigint * i) FROM generate_series(1, n) AS i'",
	         PP_PROBE_ROWS);
	if (!pp_conn_exec(conn, sql, err))
		return false;
	if (!pp_conn_query_value(conn,
	                         "SELECT name FROM pg_catalog.pg_prepared_statements WHERE name = "
	                         "'" PROBE_STATEMENT "'",
	                         0, NULL, &prepared, err))
		return false;
	if (prepared != NULL) {
		free(prepared);
		return true;
	}
	snprintf(sql, sizeof sql,
	         "SELECT pg_temp.pgperf_probe_cpu(%d) + "
	         "(SELECT length(v) FROM pg_temp.pgperf_probe WHERE id = $1)",
	         PP_PROBE_LOOPS);
	return pp_conn_prepare(conn, PROBE_STATEMENT, sql, 1, err);
}

bool
pp_probe_once(struct pp_conn *conn, long i, int64_t *ns, struct pp_db_error *err)
{
	char key[24];
	const char *values[1] = {key};
	long rows = 0;
	int64_t t0;
	bool ok;

	snprintf(key, sizeof key, "%ld", 1 + (i * 7919) % PP_PROBE_ROWS);
	t0 = pp_clock_now_ns();
	ok = pp_conn_exec_prepared(conn, PROBE_STATEMENT, 1, values, &rows, err);
	*ns = pp_clock_now_ns() - t0;
	return ok;
}
