/*
 * whatif.c: plans before and after hypothetical index changes (see whatif.h).
 */
#include "run/whatif.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "input/sql.h"
#include "plan/diff.h"
#include "run/runner.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/mem.h"
#include "util/str.h"
#include "verdict/findings.h"

/* Around everything a case's what-if does: the extension is created in it. */
#define OUTER_SAVEPOINT "pgperf_whatif"
/* Around the changes, rolled back before the hypothetical indexes are reset. */
#define WORK_SAVEPOINT "pgperf_whatif_work"

void
pp_whatif_init(struct pp_whatif *w)
{
	memset(w, 0, sizeof *w);
	w->min_saving_ratio = 0.5;
	w->min_saving_cost = 100;
}

static void
case_reset(struct pp_whatif_case *wc)
{
	free(wc->reason);
	pp_explain_free(wc->before);
	pp_explain_free(wc->after);
	free(wc->finding_before);
	free(wc->finding_after);
	pp_str_list_free(wc->uses, wc->n_uses);
	free(wc->costs);
}

void
pp_whatif_reset(struct pp_whatif *w)
{
	for (size_t i = 0; i < w->n_cases; i++)
		case_reset(&w->cases[i]);
	free(w->cases);
	for (size_t i = 0; i < w->n_suggestions; i++) {
		struct pp_whatif_suggestion *s = &w->suggestions[i];

		free(s->statement);
		pp_str_list_free(s->helps, s->n_helps);
		pp_str_list_free(s->worsens, s->n_worsens);
		pp_str_list_free(s->foreign_keys, s->n_foreign_keys);
	}
	free(w->suggestions);
	pp_str_list_free(w->candidates, w->n_candidates);
	free(w->candidate_sizes);
	pp_str_list_free(w->hidden_oids, w->n_hidden_oids);
	pp_whatif_init(w);
}

/* --- what the server offers ------------------------------------------------------------- */

/* The first value of sql (one parameter at most), or NULL with *err set or for SQL NULL. */
static char *
value(struct pp_conn *conn, const char *sql, const char *param, struct pp_db_error *err)
{
	const char *params[1] = { param };
	char *v = NULL;

	pp_db_error_reset(err);
	if (!pp_conn_query_value(conn, sql, param != NULL ? 1 : 0, params, &v, err))
		return NULL;
	return v;
}

static bool
is_true(char *v)
{
	bool yes = v != NULL && strcmp(v, "t") == 0;

	free(v);
	return yes;
}

/* HypoPG installed or installable; else logs what to install. */
static enum pp_step
check_available(struct pp_conn *conn, struct pp_db_error *err)
{
	char *major = value(conn, "SELECT current_setting('server_version_num')::int / 10000", NULL,
			    err);
	char *there = value(conn,
			    "SELECT EXISTS (SELECT FROM pg_catalog.pg_available_extensions "
			    "WHERE name = 'hypopg')",
			    NULL, err);
	enum pp_step st = PP_STEP_OK;

	if (there == NULL) {
		pp_log_error("cannot look for the HypoPG extension: %s", err->message);
		st = pp_conn_lost(conn) ? PP_STEP_LOST : PP_STEP_UNSUPPORTED;
	} else if (strcmp(there, "t") != 0) {
		pp_log_error("the server has no HypoPG extension, which pgperf whatif plans with");
		pp_log_hint("install it on the database server (Debian and Ubuntu: the package "
			    "postgresql-%s-hypopg); pgperf then runs CREATE EXTENSION hypopg in each "
			    "case's transaction and rolls it back",
			    major != NULL ? major : "NN");
		st = PP_STEP_UNSUPPORTED;
	}
	free(major);
	free(there);
	return st;
}

/* Creates the extension in the open transaction; logs why it cannot be. */
static enum pp_step
create_extension(struct pp_conn *conn, struct pp_db_error *err)
{
	pp_db_error_reset(err);
	if (pp_conn_exec(conn, "CREATE EXTENSION IF NOT EXISTS hypopg", err))
		return PP_STEP_OK;
	pp_log_error("cannot create the HypoPG extension: %s", err->message);
	pp_log_hint("a role that may create it runs CREATE EXTENSION hypopg in this database once, "
		    "or pgperf whatif runs on the throwaway server (no --dsn)");
	return pp_conn_lost(conn) ? PP_STEP_LOST : PP_STEP_UNSUPPORTED;
}

/* Each --index: one CREATE INDEX statement that HypoPG accepts. */
static enum pp_step
check_indexes(struct pp_conn *conn, const struct pp_whatif *w, struct pp_db_error *err)
{
	for (size_t i = 0; i < w->n_indexes; i++) {
		struct pp_sql_info info;
		struct pp_sql_error perr;
		bool one_index;
		char *name;

		if (!pp_sql_analyze(w->indexes[i], &info, &perr)) {
			pp_log_error("--index \"%s\": %s", w->indexes[i], perr.message);
			pp_sql_error_reset(&perr);
			return PP_STEP_BAD_INPUT;
		}
		one_index = info.n_statements == 1 && info.first_kind != NULL &&
			    strcmp(info.first_kind, "IndexStmt") == 0;
		pp_sql_info_reset(&info);
		if (!one_index) {
			pp_log_error("--index \"%s\": expected one CREATE INDEX statement",
				     w->indexes[i]);
			return PP_STEP_BAD_INPUT;
		}
		name = value(conn, "SELECT indexname FROM hypopg_create_index($1)", w->indexes[i],
			     err);
		if (name == NULL) {
			pp_log_error("--index \"%s\": %s", w->indexes[i],
				     err->message ? err->message : "HypoPG made no index of it");
			return pp_conn_lost(conn) ? PP_STEP_LOST : PP_STEP_BAD_INPUT;
		}
		free(name);
	}
	return PP_STEP_OK;
}

/* Each --hide-index: an existing index, by qualified name or by a name only one schema has. */
static enum pp_step
check_hidden(struct pp_conn *conn, struct pp_whatif *w, struct pp_db_error *err)
{
	static const char find[] =
		"SELECT CASE WHEN count(*) = 1 THEN min(c.oid)::text ELSE count(*)::text || ' ' || "
		"string_agg(n.nspname || '.' || c.relname, ', ') END "
		"FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
		"WHERE c.relkind IN ('i', 'I') AND (c.oid = to_regclass($1) OR "
		"(strpos($1, '.') = 0 AND c.relname = $1))";

	if (w->n_hidden > 0 && !w->has_hide_function && !w->superuser) {
		pp_log_error("--hide-index needs HypoPG 1.4 or later (hypopg_hide_index), or a "
			     "superuser to mark the index invalid for planning in the case's "
			     "transaction; this server has neither");
		pp_log_hint("upgrade HypoPG, or run pgperf whatif on the throwaway server (no --dsn)");
		return PP_STEP_UNSUPPORTED;
	}
	for (size_t i = 0; i < w->n_hidden; i++) {
		char *found = value(conn, find, w->hidden[i], err);

		if (found == NULL && err->message != NULL) {
			pp_log_error("--hide-index %s: %s", w->hidden[i], err->message);
			return pp_conn_lost(conn) ? PP_STEP_LOST : PP_STEP_BAD_INPUT;
		}
		if (found == NULL || strcmp(found, "0") == 0 || strchr(found, ' ') != NULL) {
			if (found == NULL || strcmp(found, "0") == 0)
				pp_log_error("--hide-index %s: no such index", w->hidden[i]);
			else
				pp_log_error("--hide-index %s: several indexes have that name (%s): "
					     "qualify it",
					     w->hidden[i], strchr(found, ' ') + 1);
			free(found);
			return PP_STEP_BAD_INPUT;
		}
		pp_str_list_push(&w->hidden_oids, &w->n_hidden_oids, found);
	}
	return PP_STEP_OK;
}

enum pp_step
pp_whatif_check(struct pp_conn *conn, struct pp_whatif *w)
{
	struct pp_db_error err = { 0 };
	enum pp_step st = check_available(conn, &err);

	if (st == PP_STEP_OK && !pp_conn_exec(conn, "BEGIN", &err)) {
		pp_log_error("%s", err.message);
		st = PP_STEP_LOST;
	}
	if (st == PP_STEP_OK)
		st = create_extension(conn, &err);
	if (st == PP_STEP_OK) {
		w->has_hide_function = is_true(
			value(conn, "SELECT to_regproc('hypopg_hide_index') IS NOT NULL", NULL, &err));
		w->superuser = is_true(
			value(conn, "SELECT current_setting('is_superuser') = 'on'", NULL, &err));
		st = check_indexes(conn, w, &err);
	}
	if (st == PP_STEP_OK)
		st = check_hidden(conn, w, &err);
	pp_db_error_reset(&err);
	if (!pp_conn_lost(conn) && pp_conn_in_transaction(conn)) {
		/* hypopg_reset() first: hypothetical indexes live in the backend, not the catalog. */
		(void)pp_conn_exec(conn, "ROLLBACK", &err);
		pp_db_error_reset(&err);
		if (pp_conn_exec(conn, "BEGIN; CREATE EXTENSION IF NOT EXISTS hypopg; "
				       "SELECT hypopg_reset(); ROLLBACK",
				 &err) == false)
			(void)pp_conn_exec(conn, "ROLLBACK", &err);
	}
	pp_db_error_reset(&err);
	return st;
}

/* --- one case ----------------------------------------------------------------------------- */

/* Prepares the case's statement as name, plans it with values (EXPLAIN, VERBOSE, JSON). */
static struct pp_plan *
explain_fresh(struct pp_conn *conn, const struct pp_case *c, const char *name,
	      const char *const *values, struct pp_db_error *err)
{
	struct pp_buf sql;
	struct pp_plan *plan = NULL;
	char *json = NULL;
	const char *why;

	if (!pp_conn_prepare(conn, name, c->sql, c->max_param, err))
		return NULL;
	pp_buf_init(&sql);
	pp_buf_printf(&sql, "EXPLAIN (FORMAT JSON, VERBOSE) EXECUTE %s", name);
	pp_runner_execute_args(conn, c, values, &sql);
	if (pp_conn_query_value(conn, sql.data, 0, NULL, &json, err)) {
		plan = json != NULL ? pp_explain_parse(json, &why) : NULL;
		if (plan == NULL)
			err->message = pp_mem_strdup(json != NULL ? why : "EXPLAIN returned no plan");
	}
	free(json);
	pp_buf_clear(&sql);
	pp_buf_printf(&sql, "DEALLOCATE %s", name);
	if (err->message == NULL) { /* else undo() forgets it, once the savepoint is gone */
		struct pp_db_error more = { 0 };

		(void)pp_conn_exec(conn, sql.data, &more);
		pp_db_error_reset(&more);
	}
	pp_buf_reset(&sql);
	return plan;
}

/* The plan verdict of r's case on plan: the worst of its assertions and plan findings. */
static enum pp_status
judge(const struct pp_case_result *r, struct pp_plan *plan, char **finding)
{
	struct pp_case_result tmp = { .c = r->c, .status = PP_STATUS_PASS, .plan = plan,
				      .family = r->family, .nested = r->nested };
	enum pp_status st;

	pp_findings_evaluate(&tmp);
	memset(&tmp.nested, 0, sizeof tmp.nested); /* r's */
	st = tmp.status;
	for (size_t i = 0; i < tmp.n_findings && *finding == NULL; i++)
		if (tmp.findings[i].severity == PP_SEVERITY_FAIL ||
		    (st == PP_STATUS_WARN && tmp.findings[i].severity == PP_SEVERITY_WARN))
			*finding = pp_mem_strdup(tmp.findings[i].message);
	tmp.plan = NULL;
	pp_result_reset(&tmp);
	return st;
}

/* Makes the changes: the --index statements (their HypoPG names into names) and the hidden. */
static bool
apply_changes(struct pp_conn *conn, const struct pp_whatif *w, char **names,
	      struct pp_db_error *err)
{
	for (size_t i = 0; i < w->n_indexes; i++) {
		names[i] = value(conn, "SELECT indexname FROM hypopg_create_index($1)",
				 w->indexes[i], err);
		if (names[i] == NULL)
			return false;
	}
	for (size_t i = 0; i < w->n_hidden_oids; i++) {
		const char *sql = w->has_hide_function
					  ? "SELECT hypopg_hide_index($1::oid)::text"
					  : "UPDATE pg_catalog.pg_index SET indisvalid = false "
					    "WHERE indexrelid = $1::oid RETURNING 'hidden'";
		char *done = value(conn, sql, w->hidden_oids[i], err);

		if (done == NULL && err->message != NULL)
			return false;
		free(done);
	}
	return true;
}

/* The hypothetical indexes (names) the plan uses, as the statements that made them. */
static void
record_uses(const struct pp_plan_node *n, const struct pp_whatif *w, char *const *names,
	    struct pp_whatif_case *wc)
{
	const char *idx = n->index;

	for (size_t i = 0; idx != NULL && i < w->n_indexes; i++)
		if (names[i] != NULL && strcmp(names[i], idx) == 0 &&
		    !pp_str_list_has(wc->uses, wc->n_uses, w->indexes[i]))
			pp_str_list_push(&wc->uses, &wc->n_uses, pp_mem_strdup(w->indexes[i]));
	for (size_t i = 0; i < n->n_children; i++)
		record_uses(n->children[i], w, names, wc);
}

/* Before and after, inside the work savepoint (the caller rolls it back). */
static bool
plan_both(struct pp_conn *conn, struct pp_whatif *w, const struct pp_case *c,
	  const char *const *values, struct pp_whatif_case *wc, struct pp_db_error *err)
{
	char **names = pp_mem_calloc(w->n_indexes + 1, sizeof *names);
	bool ok;

	wc->before = explain_fresh(conn, c, "pgperf_whatif_before", values, err);
	ok = wc->before != NULL && apply_changes(conn, w, names, err);
	if (ok)
		wc->after = explain_fresh(conn, c, "pgperf_whatif_after", values, err);
	ok = ok && wc->after != NULL;
	if (ok)
		record_uses(wc->after->root, w, names, wc);
	pp_str_list_free(names, w->n_indexes);
	return ok;
}

/* --suggest's second pass: the case's cost with each candidate alone. */
static bool
plan_candidates(struct pp_conn *conn, struct pp_whatif *w, const struct pp_case *c,
		const char *const *values, struct pp_whatif_case *wc, struct pp_db_error *err)
{
	struct pp_plan *none = explain_fresh(conn, c, "pgperf_whatif_candidate", values, err);

	if (none == NULL)
		return false;
	wc->cost_none = none->root->total_cost;
	pp_explain_free(none);
	wc->costs = pp_mem_calloc(w->n_candidates + 1, sizeof *wc->costs);
	for (size_t k = 0; k < w->n_candidates; k++) {
		char *size = value(conn,
				   "SELECT hypopg_relation_size(indexrelid)::text "
				   "FROM hypopg_create_index($1)",
				   w->candidates[k], err);
		struct pp_plan *plan;

		if (size == NULL)
			return false;
		w->candidate_sizes[k] = strtod(size, NULL);
		free(size);
		plan = explain_fresh(conn, c, "pgperf_whatif_candidate", values, err);
		if (plan == NULL)
			return false;
		wc->costs[k] = plan->root->total_cost;
		pp_explain_free(plan);
		if (!pp_conn_exec(conn, "SELECT hypopg_reset()", err))
			return false;
	}
	return true;
}

static struct pp_whatif_case *
case_of(struct pp_whatif *w, const struct pp_case *c)
{
	for (size_t i = 0; i < w->n_cases; i++)
		if (w->cases[i].c == c)
			return &w->cases[i];
	w->cases = pp_mem_realloc(w->cases, (w->n_cases + 1) * sizeof *w->cases);
	memset(&w->cases[w->n_cases], 0, sizeof *w->cases);
	w->cases[w->n_cases].c = c;
	return &w->cases[w->n_cases++];
}

/* Whether the runner's statement got a generic plan during the warmup, as verify's would. */
static bool
generic_plan(struct pp_conn *conn, const char *statement, struct pp_db_error *err)
{
	return is_true(value(conn,
			     "SELECT generic_plans > 0 FROM pg_catalog.pg_prepared_statements "
			     "WHERE name = $1",
			     statement, err));
}

/* Deallocates the statements explain_fresh left prepared when a statement failed. */
static bool
forget_statements(struct pp_conn *conn, struct pp_db_error *err)
{
	char *left = value(conn,
			   "SELECT string_agg('DEALLOCATE ' || name, '; ') "
			   "FROM pg_catalog.pg_prepared_statements WHERE name IN "
			   "('pgperf_whatif_before', 'pgperf_whatif_after', 'pgperf_whatif_candidate')",
			   NULL, err);
	bool ok = err->message == NULL && (left == NULL || pp_conn_exec(conn, left, err));

	free(left);
	return ok;
}

/* Undoes a case's what-if on every path: nothing of it outlives the case's transaction. */
static bool
undo(struct pp_conn *conn)
{
	struct pp_db_error err = { 0 };
	bool ok = pp_conn_exec(conn, "ROLLBACK TO SAVEPOINT " WORK_SAVEPOINT, &err) &&
		  forget_statements(conn, &err) &&
		  pp_conn_exec(conn, "SELECT hypopg_reset()", &err) &&
		  pp_conn_exec(conn, "ROLLBACK TO SAVEPOINT " OUTER_SAVEPOINT "; RELEASE SAVEPOINT "
				     OUTER_SAVEPOINT,
			       &err);

	pp_db_error_reset(&err);
	return ok;
}

bool
pp_whatif_plan(struct pp_conn *conn, const char *statement, const char *const *values,
	       struct pp_case_result *r, struct pp_db_error *err, void *ctx)
{
	struct pp_whatif *w = ctx;
	struct pp_whatif_case *wc = case_of(w, r->c);
	bool generic = generic_plan(conn, statement, err);
	char setup[256];
	bool ok;

	if (err->message != NULL)
		return false;
	snprintf(setup, sizeof setup,
		 "SAVEPOINT " OUTER_SAVEPOINT "; CREATE EXTENSION IF NOT EXISTS hypopg; "
		 "SAVEPOINT " WORK_SAVEPOINT "; SET LOCAL plan_cache_mode = %s",
		 generic ? "force_generic_plan" : "force_custom_plan");
	if (!pp_conn_exec(conn, setup, err))
		return false;
	ok = w->pass == 0 ? plan_both(conn, w, r->c, values, wc, err)
			  : plan_candidates(conn, w, r->c, values, wc, err);
	if (!undo(conn) && ok) {
		err->message = pp_mem_strdup("cannot undo the hypothetical changes");
		ok = false;
	}
	if (!ok || w->pass != 0)
		return ok;
	wc->planned = true;
	wc->n_nested = r->nested.n;
	wc->verdict_before = judge(r, wc->before, &wc->finding_before);
	wc->verdict_after = judge(r, wc->after, &wc->finding_after);
	{
		struct pp_plan_diff d;

		pp_plan_diff(wc->before, wc->after, &d);
		wc->plan_changed = d.changed;
		pp_plan_diff_reset(&d);
	}
	return true;
}

void
pp_whatif_record_failure(struct pp_whatif *w, const struct pp_case_result *r)
{
	struct pp_whatif_case *wc = case_of(w, r->c);

	if (wc->planned && w->pass != 0)
		return; /* planned in the first pass: the candidates alone failed */
	case_reset(wc);
	memset(wc, 0, sizeof *wc);
	wc->c = r->c;
	wc->status = r->status;
	wc->reason = pp_mem_strdup(r->reason != NULL ? r->reason : "not planned");
}
