/*
 * report_json.c: the machine-readable report (--json), schema in docs/report-format.md.
 */
#include <cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/log.h"
#include "util/mem.h"
#include "report/report.h"

struct json_reporter {
	struct pp_reporter base;
	char *path;
};

/* Milliseconds rounded to 0.1 microsecond, so reports do not carry clock noise digits. */
static double
ms(double ns)
{
	return round(ns / 100.0) / 1e4;
}

static void
add_string_or_null(cJSON *obj, const char *key, const char *value)
{
	if (value != NULL)
		cJSON_AddStringToObject(obj, key, value);
	else
		cJSON_AddNullToObject(obj, key);
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

static cJSON *
case_json(const struct pp_case_result *r)
{
	const struct pp_case *c = r->c;
	cJSON *o = cJSON_CreateObject();
	cJSON *arr;

	cJSON_AddStringToObject(o, "name", c->name);
	cJSON_AddStringToObject(o, "file", c->file);
	cJSON_AddNumberToObject(o, "line", c->line);
	cJSON_AddStringToObject(o, "status", pp_outcome_status_name(r->status));
	add_string_or_null(o, "reason", r->reason);
	add_string_or_null(o, "sqlstate", r->sqlstate[0] ? r->sqlstate : NULL);
	cJSON_AddStringToObject(o, "sql", c->sql);
	if (r->has_stats)
		cJSON_AddItemToObject(o, "stats", stats_json(&r->stats, r->wall_ns));
	else
		cJSON_AddNullToObject(o, "stats");
	arr = cJSON_AddObjectToObject(o, "settings");
	for (size_t i = 0; i < c->n_settings; i++)
		cJSON_AddStringToObject(arr, c->settings[i].name, c->settings[i].value);
	add_string_or_null(o, "plan_fact", r->plan_fact);
	if (r->plan != NULL) {
		cJSON *plan = cJSON_Parse(r->plan->json);

		cJSON_AddNumberToObject(o, "planning_ms", r->plan->planning_ms);
		cJSON_AddNumberToObject(o, "execution_ms", r->plan->execution_ms);
		if (plan != NULL)
			cJSON_AddItemToObject(o, "plan", plan);
		else
			cJSON_AddNullToObject(o, "plan");
	} else {
		cJSON_AddNullToObject(o, "planning_ms");
		cJSON_AddNullToObject(o, "execution_ms");
		cJSON_AddNullToObject(o, "plan");
	}

	arr = cJSON_AddArrayToObject(o, "thresholds");
	for (size_t i = 0; i < c->n_thresholds; i++) {
		cJSON *t = cJSON_CreateObject();

		enum pp_metric m = c->thresholds[i].metric;
		bool time = pp_stats_metric_is_time(m);

		/* Time limits in milliseconds (limit_ms, value_ms); buffers and rows as counts. */
		cJSON_AddStringToObject(t, "metric", pp_stats_metric_name(m));
		cJSON_AddNumberToObject(t, time ? "limit_ms" : "limit",
					time ? ms((double)c->thresholds[i].limit)
					     : (double)c->thresholds[i].limit);
		if (i < r->n_thresholds) {
			cJSON_AddNumberToObject(t, time ? "value_ms" : "value",
						time ? ms(r->thresholds[i].value)
						     : r->thresholds[i].value);
			cJSON_AddStringToObject(t, "status",
						pp_outcome_status_name(r->thresholds[i].status));
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

		cJSON_AddStringToObject(j, "kind", f->kind);
		cJSON_AddStringToObject(j, "severity", pp_result_severity_name(f->severity));
		add_string_or_null(j, "relation", f->relation);
		add_string_or_null(j, "node", f->node);
		cJSON_AddStringToObject(j, "message", f->message);
		cJSON_AddItemToArray(arr, j);
	}
	return o;
}

static char *
render(const struct pp_run *run)
{
	cJSON *root = cJSON_CreateObject();
	cJSON *settings, *cases, *summary;
	char seed[32];
	char *text;

	cJSON_AddStringToObject(root, "pgperf_version", PACKAGE_VERSION);
	add_string_or_null(root, "server_version", run->server.version);
	add_string_or_null(root, "target", run->target);
	/* A string: a 64-bit seed does not survive a JSON number's double precision. */
	snprintf(seed, sizeof seed, "%llu", (unsigned long long)run->seed);
	cJSON_AddStringToObject(root, "seed", seed);
	settings = cJSON_AddObjectToObject(root, "settings");
	for (size_t i = 0; i < run->server.n_settings; i++)
		cJSON_AddStringToObject(settings, run->server.settings[i].name,
					run->server.settings[i].value);
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
	return text;
}

static bool
json_finish(struct pp_reporter *rep, const struct pp_run *run)
{
	struct json_reporter *jr = (struct json_reporter *)rep;
	char *text = render(run);
	size_t len;
	char *withnl;
	bool ok;

	if (text == NULL) {
		pp_log_error("cannot render the JSON report: out of memory");
		return false;
	}
	len = strlen(text);
	withnl = pp_mem_alloc(len + 2);
	memcpy(withnl, text, len);
	withnl[len] = '\n';
	withnl[len + 1] = '\0';
	cJSON_free(text);
	ok = pp_report_write_file(jr->path, withnl, len + 1);
	free(withnl);
	return ok;
}

static void
json_destroy(struct pp_reporter *rep)
{
	struct json_reporter *jr = (struct json_reporter *)rep;

	free(jr->path);
	free(jr);
}

struct pp_reporter *
pp_report_json_new(const char *path)
{
	struct json_reporter *jr = pp_mem_calloc(1, sizeof *jr);

	jr->base.finish = json_finish;
	jr->base.destroy = json_destroy;
	jr->path = pp_mem_strdup(path);
	return &jr->base;
}
