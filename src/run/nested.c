/*
 * nested.c: the plans of the statements run below a case's statement, from auto_explain's
 * notices (see nested.h).
 */
#include "run/nested.h"

#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/mem.h"
#include "util/str.h"

#define NESTED_SAVEPOINT "pgperf_nested"

/* auto_explain's settings for the EXPLAIN run: every statement below it, with actual rows. */
static const char begin_sql[] =
	"SAVEPOINT " NESTED_SAVEPOINT "; "
	"LOAD 'auto_explain'; "
	"SET LOCAL auto_explain.log_min_duration = 0; "
	"SET LOCAL auto_explain.log_nested_statements = on; "
	"SET LOCAL auto_explain.log_analyze = on; "
	"SET LOCAL auto_explain.log_buffers = on; "
	"SET LOCAL auto_explain.log_verbose = on; "
	"SET LOCAL auto_explain.log_timing = off; "
	"SET LOCAL auto_explain.log_triggers = off; "
	"SET LOCAL auto_explain.log_format = json; "
	"SET LOCAL auto_explain.log_level = notice; "
	"SET LOCAL client_min_messages = notice; "
	"RELEASE SAVEPOINT " NESTED_SAVEPOINT;

/* Prefixes every node's path with "nK/" (K from 1), so findings on it are told apart. */
static void
prefix_paths(struct pp_plan_node *node, size_t k)
{
	char *p = pp_str_printf("n%zu/%s", k, node->path);

	free(node->path);
	node->path = p;
	for (size_t i = 0; i < node->n_children; i++)
		prefix_paths(node->children[i], k);
}

/* Counts a notice's statement in, or keeps it with its plan when it is new. */
static void
keep(struct pp_nested *n, const char *json)
{
	cJSON *root = cJSON_Parse(json);
	const cJSON *q = cJSON_GetObjectItemCaseSensitive(root, "Query Text");
	struct pp_nested_stmt *s;
	const char *why;
	char *array;

	char *text, *query;

	if (!cJSON_IsString(q) || (n->own_sql != NULL && strcmp(q->valuestring, n->own_sql) == 0)) {
		cJSON_Delete(root);
		return;
	}
	/* Kept trimmed (a SQL function's body starts with a newline), so compared trimmed. */
	text = pp_mem_strdup(q->valuestring);
	query = pp_str_trim(text);
	cJSON_Delete(root);
	for (size_t i = 0; i < n->n; i++) {
		if (strcmp(n->stmts[i].query, query) == 0) {
			n->stmts[i].executions++;
			free(text);
			return;
		}
	}
	if (n->n >= PP_NESTED_MAX) {
		n->dropped++;
		free(text);
		return;
	}
	array = pp_str_printf("[%s]", json);
	n->stmts = pp_mem_realloc(n->stmts, (n->n + 1) * sizeof *n->stmts);
	s = &n->stmts[n->n];
	s->plan = pp_explain_parse(array, &why);
	free(array);
	if (s->plan == NULL) {
		free(text);
		return;
	}
	s->query = pp_mem_strdup(query);
	free(text);
	s->executions = 1;
	n->n++;
	prefix_paths(s->plan->root, n->n);
}

/* auto_explain's notice: "duration: 0.786 ms  plan:\n{...}". Other notices are not its. */
static void
on_notice(void *ctx, const char *message)
{
	struct pp_nested *n = ctx;
	const char *json = strstr(message, "plan:\n");

	if (strncmp(message, "duration: ", 10) != 0 || json == NULL)
		return;
	if (++n->notices > PP_NESTED_NOTICES) {
		n->dropped++;
		return;
	}
	if (n->pending != NULL)
		keep(n, n->pending);
	free(n->pending);
	n->pending = pp_mem_strdup(json + 6);
}

bool
pp_nested_begin(struct pp_conn *conn, struct pp_nested *n, const char *own_sql,
		struct pp_db_error *err)
{
	memset(n, 0, sizeof *n);
	n->own_sql = own_sql;
	if (!pp_conn_exec(conn, begin_sql, err)) {
		if (pp_conn_lost(conn))
			return false;
		n->why_not = pp_str_printf("auto_explain could not be loaded (%s)", err->message);
		pp_db_error_reset(err);
		if (!pp_conn_exec(conn,
				  "ROLLBACK TO SAVEPOINT " NESTED_SAVEPOINT "; "
				  "RELEASE SAVEPOINT " NESTED_SAVEPOINT,
				  err))
			return false;
		return true;
	}
	n->captured = true;
	pp_conn_on_notice(conn, on_notice, n);
	return true;
}

void
pp_nested_end(struct pp_conn *conn, struct pp_nested *n)
{
	struct pp_db_error err = { 0 };

	if (!n->captured)
		return;
	pp_conn_on_notice(conn, NULL, NULL);
	/* Off for the rest of the case (a failed statement's transaction refuses it: no matter). */
	(void)pp_conn_exec(conn, "SET LOCAL auto_explain.log_min_duration = -1", &err);
	pp_db_error_reset(&err);
	free(n->pending);
	n->pending = NULL;
	n->own_sql = NULL;
}

void
pp_nested_reset(struct pp_nested *n)
{
	for (size_t i = 0; i < n->n; i++) {
		free(n->stmts[i].query);
		pp_explain_free(n->stmts[i].plan);
	}
	free(n->stmts);
	free(n->why_not);
	free(n->pending);
	memset(n, 0, sizeof *n);
}
