/*
 * servertime.c: the server's own time for one execution (see servertime.h).
 */
#include "run/servertime.h"

#include <stdlib.h>

#include "plan/explain.h"
#include "util/buf.h"
#include "util/mem.h"

bool
pp_servertime_execute(struct pp_conn *conn, const char *statement, const char *args,
		      int64_t *ns, struct pp_db_error *err)
{
	struct pp_buf sql;
	struct pp_plan *plan = NULL;
	char *json = NULL;
	const char *why = "EXPLAIN returned no plan";
	bool ok;

	pp_buf_init(&sql);
	pp_buf_printf(&sql, "EXPLAIN (ANALYZE, TIMING OFF, BUFFERS OFF, SUMMARY ON, FORMAT JSON) "
			    "EXECUTE %s%s",
		      statement, args);
	ok = pp_conn_query_value(conn, sql.data, 0, NULL, &json, err);
	pp_buf_reset(&sql);
	if (ok) {
		plan = json != NULL ? pp_explain_parse(json, &why) : NULL;
		if (plan == NULL) {
			pp_db_error_reset(err);
			err->message = pp_mem_strdup(why);
			ok = false;
		} else {
			*ns = (int64_t)((plan->planning_ms + plan->execution_ms) * 1e6);
		}
	}
	pp_explain_free(plan);
	free(json);
	return ok;
}
