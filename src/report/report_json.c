/*
 * report_json.c: the machine-readable report (--json), schema in docs/report-format.md. cJSON
 * escapes strings for JSON; every string is made valid UTF-8 before it reaches cJSON.
 */
#include <cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report_common.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/utf8.h"

/* Milliseconds rounded to 0.1 microsecond, so reports do not carry clock noise digits. */
static double
ms(double ns)
{
	return round(ns / 100.0) / 1e4;
}

/* key: value as a JSON string (null for NULL), both made valid UTF-8 first. */
static void
add_string(cJSON *obj, const char *key, const char *value)
{
	struct pp_buf k, v;

	pp_buf_init(&k);
	pp_utf8_sanitize(&k, key, strlen(key));
	if (value != NULL) {
		pp_buf_init(&v);
		pp_utf8_sanitize(&v, value, strlen(value));
		cJSON_AddStringToObject(obj, k.data, v.data);
		pp_buf_reset(&v);
	} else {
		cJSON_AddNullToObject(obj, k.data);
	}
	pp_buf_reset(&k);
}

/* The plan as PostgreSQL returned it, parsed so that it nests; null when it does not parse. */
static cJSON *
plan_json(const char *text)
{
	struct pp_buf clean;
	cJSON *plan;

	pp_buf_init(&clean);
	pp_utf8_sanitize(&clean, text, strlen(text));
	plan = cJSON_Parse(clean.data);
	pp_buf_reset(&clean);
	return plan != NULL ? plan : cJSON_CreateNull();
}

static cJSON *
stats_json(const struct pp_stats *s, int64_t wall_ns)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "iterations", (double)s->n);
	cJSON_AddNumberToObject(o, "min_ms", ms(s->min));
	cJSON_AddNumberToObject(o, "mean_ms", ms(s->mean));
	cJSON_AddNumberToObject(o, "p50_ms", ms(s->p50));
	cJSON_AddNumberToObject(o, "p90_ms", ms(s->p90));
	cJSON_AddNumberToObject(o, "p95_ms", ms(s->p95));
	cJSON_AddNumberToObject(o, "p99_ms", ms(s->p99));
	cJSON_AddNumberToObject(o, "max_ms", ms(s->max));
	cJSON_AddNumberToObject(o, "stddev_ms", ms(s->stddev));
	cJSON_AddNumberToObject(o, "total_ms", ms(s->total));
	cJSON_AddNumberToObject(o, "wall_ms", ms((double)wall_ns));
	cJSON_AddBoolToObject(o, "exact", s->exact);
	return o;
}

/* A case's stats with the fewest and most rows its iterations returned. */
static cJSON *
case_stats_json(const struct pp_case_result *r)
{
	cJSON *stats = stats_json(&r->stats, r->wall_ns);

	if (r->stats.n > 0) {
		cJSON_AddNumberToObject(stats, "rows_min", (double)r->rows_min);
		cJSON_AddNumberToObject(stats, "rows_max", (double)r->rows_max);
	}
	return stats;
}

/*
 * nested: the statements run inside functions and triggers (run/nested.h), each with its text,
 * executions and plan; nested_dropped: executions not kept. Only when they were captured.
 */
static void
add_nested(cJSON *o, const struct pp_case_result *r)
{
	cJSON *arr;

	if (!r->nested.captured)
		return;
	arr = cJSON_AddArrayToObject(o, "nested");
	for (size_t i = 0; i < r->nested.n; i++) {
		const struct pp_nested_stmt *st = &r->nested.stmts[i];
		cJSON *item = cJSON_CreateObject();

		add_string(item, "query", st->query);
		cJSON_AddNumberToObject(item, "executions", (double)st->executions);
		cJSON_AddItemToObject(item, "plan", plan_json(st->plan->json));
		cJSON_AddItemToArray(arr, item);
	}
	cJSON_AddNumberToObject(o, "nested_dropped", (double)r->nested.dropped);
}

/* sequences_left, dead_tuples (null unless measured) and vacuumed: what the case left behind. */
static void
add_leftovers(cJSON *o, const struct pp_case_result *r)
{
	cJSON *arr = cJSON_AddArrayToObject(o, "sequences_left");

	for (size_t i = 0; i < r->n_sequences_left; i++) {
		cJSON *j = cJSON_CreateObject();

		add_string(j, "sequence", r->sequences_left[i].sequence);
		add_string(j, "value", r->sequences_left[i].value);
		add_string(j, "reason", r->sequences_left[i].reason);
		cJSON_AddItemToArray(arr, j);
	}
	if (r->dead_measured) {
		cJSON *dead = cJSON_AddObjectToObject(o, "dead_tuples");

		for (size_t i = 0; i < r->n_dead_tuples; i++) {
			struct pp_buf k;

			pp_buf_init(&k);
			pp_utf8_sanitize(&k, r->dead_tuples[i].relation,
					 strlen(r->dead_tuples[i].relation));
			cJSON_AddNumberToObject(dead, k.data, (double)r->dead_tuples[i].n);
			pp_buf_reset(&k);
		}
	} else {
		cJSON_AddNullToObject(o, "dead_tuples");
	}
	cJSON_AddBoolToObject(o, "vacuumed", r->vacuumed);
}

static cJSON *
case_json(const struct pp_case_result *r)
{
	const struct pp_case *c = r->c;
	cJSON *o = cJSON_CreateObject();
	cJSON *arr;

	add_string(o, "name", pp_case_label(c));
	add_string(o, "file", c->file);
	cJSON_AddNumberToObject(o, "line", c->line);
	add_string(o, "status", pp_outcome_status_name(r->status));
	add_string(o, "reason", r->reason);
	add_string(o, "sqlstate", r->sqlstate[0] ? r->sqlstate : NULL);
	add_string(o, "detail", r->detail);
	add_string(o, "hint", r->hint);
	add_string(o, "context", r->context);
	add_string(o, "sql", c->sql);
	if (r->has_stats)
		cJSON_AddItemToObject(o, "stats", case_stats_json(r));
	else
		cJSON_AddNullToObject(o, "stats");
	arr = cJSON_AddObjectToObject(o, "settings");
	for (size_t i = 0; i < c->n_settings; i++)
		add_string(arr, c->settings[i].name, c->settings[i].value);
	add_string(o, "plan_fact", r->plan_fact);
	if (r->plan != NULL) {
		cJSON_AddNumberToObject(o, "planning_ms", r->plan->planning_ms);
		cJSON_AddNumberToObject(o, "execution_ms", r->plan->execution_ms);
		cJSON_AddItemToObject(o, "plan", plan_json(r->plan->json));
		add_nested(o, r);
	} else {
		cJSON_AddNullToObject(o, "planning_ms");
		cJSON_AddNullToObject(o, "execution_ms");
		cJSON_AddNullToObject(o, "plan");
	}

	arr = cJSON_AddArrayToObject(o, "thresholds");
	for (size_t i = 0, j = 0; i < c->n_thresholds; i++) {
		cJSON *t;
		enum pp_metric m = c->thresholds[i].metric;
		bool time = pp_stats_metric_is_time(m);

		if (c->thresholds[i].clients > 0)
			continue; /* pgperf load's (p95@50) */
		t = cJSON_CreateObject();

		/* Time limits in milliseconds (limit_ms, value_ms); buffers and rows as counts. */
		add_string(t, "metric", pp_stats_metric_name(m));
		cJSON_AddNumberToObject(t, time ? "limit_ms" : "limit",
					time ? ms((double)c->thresholds[i].limit)
					     : (double)c->thresholds[i].limit);
		if (j < r->n_thresholds) {
			cJSON_AddNumberToObject(t, time ? "value_ms" : "value",
						time ? ms(r->thresholds[j].value)
						     : r->thresholds[j].value);
			add_string(t, "status", pp_outcome_status_name(r->thresholds[j].status));
			j++;
		} else {
			cJSON_AddNullToObject(t, time ? "value_ms" : "value");
			cJSON_AddNullToObject(t, "status");
		}
		cJSON_AddItemToArray(arr, t);
	}

	arr = cJSON_AddArrayToObject(o, "findings");
	for (size_t i = 0; i < r->n_findings; i++) {
		const struct pp_finding *f = &r->findings[i];
		cJSON *j = cJSON_CreateObject();

		add_string(j, "kind", f->kind);
		add_string(j, "severity", pp_result_severity_name(f->severity));
		add_string(j, "relation", f->relation);
		add_string(j, "node", f->node);
		add_string(j, "node_path", f->node_path);
		add_string(j, "message", f->message);
		cJSON_AddItemToArray(arr, j);
	}
	add_leftovers(o, r);
	return o;
}

bool
pp_report_json_render(struct pp_buf *b, const struct pp_run *run)
{
	cJSON *root = cJSON_CreateObject();
	cJSON *settings, *cases, *summary;
	char seed[32];
	char *text;

	add_string(root, "pgperf_version", PACKAGE_VERSION);
	add_string(root, "server_version", run->server.version);
	add_string(root, "target", run->target);
	/* A string: a 64-bit seed does not survive a JSON number's double precision. */
	snprintf(seed, sizeof seed, "%llu", (unsigned long long)run->seed);
	add_string(root, "seed", seed);
	settings = cJSON_AddObjectToObject(root, "settings");
	for (size_t i = 0; i < run->server.n_settings; i++)
		add_string(settings, run->server.settings[i].name, run->server.settings[i].value);
	cases = cJSON_AddArrayToObject(root, "cases");
	for (size_t i = 0; i < run->n_results; i++)
		cJSON_AddItemToArray(cases, case_json(&run->results[i]));
	summary = cJSON_AddObjectToObject(root, "summary");
	for (int s = 0; s < PP_STATUS_COUNT; s++)
		cJSON_AddNumberToObject(summary, pp_outcome_status_name((enum pp_status)s),
					(double)run->counts[s]);
	cJSON_AddNumberToObject(summary, "duration_ms", round(run->duration_ms * 10.0) / 10.0);
	cJSON_AddBoolToObject(summary, "connection_lost", run->connection_lost);
	cJSON_AddBoolToObject(summary, "interrupted", run->interrupted);

	text = cJSON_Print(root);
	cJSON_Delete(root);
	if (text == NULL) {
		pp_log_error("cannot render the JSON report: out of memory");
		return false;
	}
	pp_buf_puts(b, text);
	pp_buf_putc(b, '\n');
	cJSON_free(text);
	return true;
}
