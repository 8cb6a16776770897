/*
 * baseline.c: saving and comparing against baselines (see baseline.h).
 */
#include "verdict/baseline.h"

#include <cJSON.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plan/diff.h"
#include "run/probe.h"
#include "util/buf.h"
#include "util/file.h"
#include "util/json.h"
#include "util/log.h"
#include "util/mem.h"
#include "util/str.h"
#include "util/strset.h"
#include "report/report.h"
#include "verdict/timecmp.h"

struct shape_ctx {
	char **lines;
	size_t n;
};

static void
shape_node(const struct pp_plan_node *n, int depth, void *vctx)
{
	struct shape_ctx *s = vctx;
	struct pp_buf line;

	pp_buf_init(&line);
	for (int i = 0; i < depth; i++)
		pp_buf_puts(&line, "  ");
	if (n->parallel_aware)
		pp_buf_puts(&line, "Parallel ");
	pp_buf_puts(&line, n->node_type);
	if (n->scan_direction != NULL && strcmp(n->scan_direction, "Backward") == 0)
		pp_buf_puts(&line, " Backward");
	if (n->index != NULL)
		pp_buf_printf(&line, " using %s", n->index);
	if (n->relation != NULL)
		pp_buf_printf(&line, " on %s", n->relation);
	pp_str_list_push(&s->lines, &s->n, pp_buf_steal(&line));
}

char **
pp_baseline_shape(const struct pp_case_result *r, size_t *n)
{
	struct shape_ctx s = { 0 };

	pp_explain_walk(r->plan, shape_node, &s);
	*n = s.n;
	return s.lines;
}

static double
ms(double ns)
{
	return round(ns / 100.0) / 1e4;
}

/* The plan nodes and the counters the deterministic gates compare, for readers of the file. */
static void
save_node(const struct pp_plan_node *n, int depth, void *ctx)
{
	cJSON *nodes = ctx, *o = cJSON_CreateObject();
	struct pp_buf d;

	(void)depth;
	pp_buf_init(&d);
	pp_explain_describe(n, &d);
	cJSON_AddStringToObject(o, "path", n->path);
	cJSON_AddStringToObject(o, "node", d.data);
	cJSON_AddNumberToObject(o, "buffers", n->shared_hit + n->shared_read);
	cJSON_AddNumberToObject(o, "rows", n->actual_rows);
	cJSON_AddNumberToObject(o, "loops", n->loops);
	cJSON_AddNumberToObject(o, "removed_by_filter", n->removed_by_filter);
	cJSON_AddNumberToObject(o, "temp_written", n->temp_written);
	cJSON_AddItemToArray(nodes, o);
	pp_buf_reset(&d);
}

static void
save_time(cJSON *c, const struct pp_case_result *r)
{
	size_t n = 0, k;
	double *rel = pp_gate_relative_times(r, &n), q[PP_BASELINE_MAX_TIMES];
	cJSON *t, *arr;

	if (rel == NULL)
		return;
	t = cJSON_AddObjectToObject(c, "time");
	cJSON_AddNumberToObject(t, "probe_p50_ms", round(pp_gate_probe_ms(r) * 1e4) / 1e4);
	cJSON_AddNumberToObject(t, "probe_loops", (double)r->probe_loops);
	cJSON_AddNumberToObject(t, "n", (double)n);
	arr = cJSON_AddArrayToObject(t, "relative");
	k = pp_timecmp_quantiles(rel, n, q, PP_BASELINE_MAX_TIMES);
	for (size_t i = 0; i < k; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateNumber(round(q[i] * 1e4) / 1e4));
	free(rel);
}

static cJSON *
save_case(const struct pp_case_result *r)
{
	cJSON *c = cJSON_CreateObject(), *shape, *nodes, *plan;
	char **lines;
	size_t n;

	cJSON_AddStringToObject(c, "name", pp_case_label(r->c));
	cJSON_AddNumberToObject(c, "p50_ms", ms(r->stats.p50));
	cJSON_AddNumberToObject(c, "p95_ms", ms(r->stats.p95));
	cJSON_AddNumberToObject(c, "p99_ms", ms(r->stats.p99));
	cJSON_AddNumberToObject(c, "mean_ms", ms(r->stats.mean));
	save_time(c, r);
	shape = cJSON_AddArrayToObject(c, "plan_shape");
	lines = pp_baseline_shape(r, &n);
	for (size_t k = 0; k < n; k++)
		cJSON_AddItemToArray(shape, cJSON_CreateString(lines[k]));
	pp_str_list_free(lines, n);
	nodes = cJSON_AddArrayToObject(c, "nodes");
	pp_explain_walk(r->plan, save_node, nodes);
	plan = r->plan && r->plan->json ? cJSON_Parse(r->plan->json) : NULL;
	if (plan != NULL)
		cJSON_AddItemToObject(c, "plan", plan);
	return c;
}

bool
pp_baseline_save(const char *path, const struct pp_run *run)
{
	cJSON *root = cJSON_CreateObject(), *cases;
	char *text;
	bool ok;

	cJSON_AddStringToObject(root, "pgperf_baseline", PACKAGE_VERSION);
	cJSON_AddNumberToObject(root, "format", PP_BASELINE_FORMAT);
	if (run->server.version)
		cJSON_AddStringToObject(root, "server_version", run->server.version);
	cases = cJSON_AddArrayToObject(root, "cases");
	for (size_t i = 0; i < run->n_results; i++)
		if (run->results[i].has_stats)
			cJSON_AddItemToArray(cases, save_case(&run->results[i]));
	text = cJSON_Print(root);
	cJSON_Delete(root);
	ok = text != NULL && pp_report_write_file(path, text, strlen(text));
	cJSON_free(text);
	return ok;
}

/* Whether every case of b has its own name; else logs the first repeated one. */
static bool
names_unique(const struct pp_baseline *b)
{
	struct pp_strset seen;
	bool ok = true;

	pp_strset_init(&seen);
	for (size_t i = 0; i < b->n_cases && ok; i++) {
		bool added;

		pp_strset_add(&seen, b->cases[i].name, i, &added);
		if (!added) {
			pp_log_error("%s: case \"%s\" appears twice: a baseline holds each case once",
				     b->path, b->cases[i].name);
			ok = false;
		}
	}
	pp_strset_reset(&seen);
	return ok;
}

/* The plan a case entry holds (format 2 and --json reports embed EXPLAIN's output). */
static struct pp_plan *
load_plan(const cJSON *c)
{
	const cJSON *plan = cJSON_GetObjectItemCaseSensitive(c, "plan");
	char *ptext = cJSON_IsArray(plan) ? cJSON_PrintUnformatted(plan) : NULL;
	const char *why;
	struct pp_plan *p = ptext ? pp_explain_parse(ptext, &why) : NULL;

	cJSON_free(ptext);
	return p;
}

static void
load_time(const cJSON *c, struct pp_baseline_case *bc)
{
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(c, "time");
	const cJSON *rel = cJSON_IsObject(t) ? cJSON_GetObjectItemCaseSensitive(t, "relative")
					     : NULL, *v;

	if (!cJSON_IsArray(rel) || cJSON_GetArraySize(rel) == 0)
		return;
	bc->probe_ms = pp_json_number(t, "probe_p50_ms", 0);
	bc->probe_loops = pp_json_long(t, "probe_loops", 0, 0, PP_PROBE_MAX_LOOPS);
	bc->relative = pp_mem_calloc((size_t)cJSON_GetArraySize(rel), sizeof *bc->relative);
	cJSON_ArrayForEach(v, rel) if (cJSON_IsNumber(v))
		bc->relative[bc->n_relative++] = v->valuedouble;
	if (bc->n_relative == 0 || bc->probe_ms <= 0) {
		free(bc->relative);
		bc->relative = NULL;
		bc->n_relative = 0;
	}
}

/* A case entry; old_times: its times were measured by the round trip (format 2). */
static void
load_case(const cJSON *c, const cJSON *src, bool old_times, struct pp_baseline_case *bc)
{
	const cJSON *shape = cJSON_GetObjectItemCaseSensitive(c, "plan_shape"), *line;

	bc->name = pp_mem_strdup(cJSON_GetObjectItemCaseSensitive(c, "name")->valuestring);
	bc->p50_ms = pp_json_number(src, "p50_ms", 0);
	bc->p95_ms = pp_json_number(src, "p95_ms", 0);
	bc->p99_ms = pp_json_number(src, "p99_ms", 0);
	bc->mean_ms = pp_json_number(src, "mean_ms", 0);
	bc->plan = load_plan(c);
	bc->old_times = old_times;
	load_time(c, bc);
	if (cJSON_IsArray(shape)) {
		bc->shape = pp_mem_calloc((size_t)cJSON_GetArraySize(shape) + 1, sizeof *bc->shape);
		cJSON_ArrayForEach(line, shape) if (cJSON_IsString(line))
			bc->shape[bc->n_shape++] = pp_mem_strdup(line->valuestring);
	} else if (bc->plan != NULL) {
		struct pp_case_result tmp = { .plan = bc->plan };

		bc->shape = pp_baseline_shape(&tmp, &bc->n_shape);
	}
}

/* A baseline this pgperf cannot compare with: false, with the command that regenerates it. */
static bool
format_usable(const cJSON *root, const char *path, int *format)
{
	const cJSON *tag = cJSON_GetObjectItemCaseSensitive(root, "pgperf_baseline");

	*format = 0;
	if (tag == NULL)
		return true; /* a --json report */
	*format = (int)pp_json_long(root, "format", 1, INT_MIN, INT_MAX);
	if (*format >= PP_BASELINE_OLDEST_FORMAT && *format <= PP_BASELINE_FORMAT)
		return true;
	if (*format < PP_BASELINE_FORMAT) {
		pp_log_error("%s: a baseline of format %d, which holds neither per-node counters "
			     "nor times relative to the calibration probe",
			     path, *format);
		pp_log_hint("regenerate it from the commit it stands for: pgperf verify "
			    "--save-baseline %s PATH...",
			    path);
		return false;
	}
	else
		pp_log_error("%s: a baseline of format %d, written by a newer pgperf (this one "
			     "reads format %d)",
			     path, *format, PP_BASELINE_FORMAT);
	return false;
}

struct pp_baseline *
pp_baseline_load(const char *path)
{
	char *text = pp_file_read(path, "baseline", NULL);
	cJSON *root = text ? pp_json_parse(path, text) : NULL;
	const cJSON *cases = root ? cJSON_GetObjectItemCaseSensitive(root, "cases") : NULL, *c;
	struct pp_baseline *b = NULL;
	int format;

	if (root == NULL)
		goto done;
	if (!cJSON_IsArray(cases)) {
		pp_log_error("%s: expected a pgperf baseline or --json report with \"cases\"", path);
		goto done;
	}
	if (!format_usable(root, path, &format))
		goto done;
	b = pp_mem_calloc(1, sizeof *b);
	b->path = pp_mem_strdup(path);
	b->format = format;
	pp_gate_defaults(&b->gate);
	b->cases = pp_mem_calloc((size_t)cJSON_GetArraySize(cases) + 1, sizeof *b->cases);
	cJSON_ArrayForEach(c, cases)
	{
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(c, "name");
		const cJSON *stats = cJSON_GetObjectItemCaseSensitive(c, "stats");
		const cJSON *src = cJSON_IsObject(stats) ? stats : c; /* a report nests them */

		if (!cJSON_IsString(name) || !cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(src, "p50_ms")))
			continue; /* a case that did not run */
		load_case(c, src, format == 2, &b->cases[b->n_cases++]);
	}
	if (!names_unique(b)) {
		pp_baseline_free(b);
		b = NULL;
	}

done:
	cJSON_Delete(root);
	free(text);
	return b;
}

void
pp_baseline_free(struct pp_baseline *b)
{
	if (b == NULL)
		return;
	for (size_t i = 0; i < b->n_cases; i++) {
		free(b->cases[i].name);
		pp_str_list_free(b->cases[i].shape, b->cases[i].n_shape);
		pp_explain_free(b->cases[i].plan);
		free(b->cases[i].relative);
	}
	free(b->cases);
	free(b->path);
	free(b);
}

static struct pp_baseline_case *
find(struct pp_baseline *b, const char *name)
{
	for (size_t i = 0; i < b->n_cases; i++)
		if (strcmp(b->cases[i].name, name) == 0)
			return &b->cases[i];
	return NULL;
}

long
pp_baseline_probe_loops(const struct pp_baseline *b, const char *name)
{
	for (size_t i = 0; b != NULL && i < b->n_cases; i++)
		if (strcmp(b->cases[i].name, name) == 0)
			return b->cases[i].old_times ? 0 : b->cases[i].probe_loops;
	return 0;
}

/* Raw p50s, for a side without probe-relative times (a --json report). */
static void
compare_raw(const struct pp_baseline_case *bc, double now, struct pp_case_result *r)
{
	const struct pp_case *c = r->c;
	double was = bc->p50_ms, tol = c->regression_tolerance;

	if (now > was * (1 + tol) && now - was > c->regression_min_ms) {
		pp_result_add_finding(r, "regression", PP_SEVERITY_FAIL, NULL, NULL,
				      "p50 %.3f ms against %.3f ms in the baseline (%+.0f%%, tolerance "
				      "%.0f%%; raw times: no calibration probe on one side)",
				      now, was, (now / was - 1) * 100, tol * 100);
		r->status = pp_outcome_worse(r->status, PP_STATUS_FAIL);
	} else if (now < was * (1 - tol) && was - now > c->regression_min_ms) {
		pp_result_add_finding(r, "regression", PP_SEVERITY_INFO, NULL, NULL,
				      "improved: p50 %.3f ms against %.3f ms in the baseline (%+.0f%%)",
				      now, was, (now / was - 1) * 100);
	}
}

/*
 * The statistical time gate on probe-relative times; the `time` finding, of severity slower
 * when slower (pgperf diff, which cannot time a case again, only warns: two runs of another
 * day's machine are what it compares).
 */
static void
compare_time(const struct pp_gate_options *o, const struct pp_baseline_case *bc,
	     const double *rel, size_t n, enum pp_severity slower, struct pp_case_result *r)
{
	struct pp_timecmp cmp;
	enum pp_gate_time v = pp_gate_time_judge(bc->relative, bc->n_relative, rel, n,
						 bc->probe_ms, o, &cmp);
	struct pp_buf msg;

	pp_buf_init(&msg);
	pp_buf_printf(&msg, "%.2fx the baseline relative to the calibration probe (95%% interval "
			    "%.2f-%.2fx, Mann-Whitney p=%.2g; server time median %.3f ms against %.3f ms at "
			    "the baseline's speed)",
		      cmp.ratio, cmp.lo, cmp.hi, v == PP_GATE_TIME_FASTER ? cmp.p_faster : cmp.p_slower,
		      cmp.now_median * bc->probe_ms, cmp.before_median * bc->probe_ms);
	if (r->remeasured)
		pp_buf_printf(&msg, ", re-measured after a first %.2fx (in %.0f ms)", r->first_ratio,
			      (double)r->remeasure_ns / 1e6);
	pp_buf_printf(&msg, ": %s",
		      v == PP_GATE_TIME_SLOWER	 ? "slower"
		      : v == PP_GATE_TIME_FASTER ? "faster"
						 : "within the gate");
	pp_buf_printf(&msg, " (slower needs the whole interval >= %.2fx, p < %.2g and %.2f ms)",
		      o->time_ratio, o->alpha, o->time_min_ms);
	if (v == PP_GATE_TIME_SLOWER && slower == PP_SEVERITY_WARN)
		pp_buf_puts(&msg, "; offline, not timed again: a warning");
	pp_result_add_finding(r, "time", v == PP_GATE_TIME_SLOWER ? slower : PP_SEVERITY_INFO,
			      NULL, NULL, "%s", msg.data);
	if (v == PP_GATE_TIME_SLOWER)
		r->status = pp_outcome_worse(r->status, slower == PP_SEVERITY_FAIL ? PP_STATUS_FAIL
										   : PP_STATUS_WARN);
	pp_buf_reset(&msg);
}

/* The time gate skipped: a format 2 baseline's times are relative to another measure. */
static void
old_times_note(const char *path, struct pp_case_result *r)
{
	pp_result_add_finding(r, "time", PP_SEVERITY_INFO, NULL, NULL,
			      "not compared: %s is a baseline of format 2, whose times were taken "
			      "by the round trip, not by the server's clock; the plan and counter "
			      "gates hold; to gate on time again regenerate it from the commit it "
			      "stands for (pgperf verify --save-baseline FILE PATH...)",
			      path);
}

void
pp_baseline_compare(struct pp_baseline *b, struct pp_case_result *r)
{
	struct pp_baseline_case *bc;
	double *rel;
	size_t n;

	if (b == NULL || !r->has_stats)
		return;
	bc = find(b, pp_case_label(r->c));
	if (bc == NULL) {
		pp_result_add_finding(r, "new_case", PP_SEVERITY_INFO, NULL, NULL,
				      "not in the baseline %s", b->path);
		return;
	}
	bc->seen = true;
	pp_gate_plans(bc->plan, r->plan, "the baseline", &b->gate, r);
	rel = pp_gate_relative_times(r, &n);
	if (rel != NULL && bc->relative != NULL && bc->old_times)
		old_times_note(b->path, r);
	else if (rel != NULL && bc->relative != NULL)
		compare_time(&b->gate, bc, rel, n, PP_SEVERITY_FAIL, r);
	else
		compare_raw(bc, r->stats.p50 / 1e6, r);
	free(rel);
}

/* Whether a deterministic gate already fails r: a re-measure could not save it. */
static bool
fails_anyway(const struct pp_baseline *b, const struct pp_baseline_case *bc,
	     const struct pp_case_result *r)
{
	struct pp_case_result scratch = { .c = r->c, .status = PP_STATUS_PASS };
	bool fails;

	pp_gate_plans(bc->plan, r->plan, "the baseline", &b->gate, &scratch);
	fails = scratch.status == PP_STATUS_FAIL;
	pp_result_reset(&scratch);
	return fails;
}

bool
pp_baseline_time_suspect(struct pp_baseline *b, const struct pp_case_result *r, double *ratio)
{
	struct pp_baseline_case *bc = b && r->has_stats ? find(b, pp_case_label(r->c)) : NULL;
	struct pp_timecmp cmp;
	double *rel;
	size_t n;
	bool suspect = false;

	*ratio = 1;
	if (bc == NULL || bc->relative == NULL || bc->old_times || fails_anyway(b, bc, r) ||
	    (rel = pp_gate_relative_times(r, &n)) == NULL)
		return false;
	(void)pp_gate_time_judge(bc->relative, bc->n_relative, rel, n, bc->probe_ms, &b->gate,
				 &cmp);
	*ratio = cmp.ratio;
	suspect = pp_gate_time_suspect(&cmp, bc->probe_ms, &b->gate);
	free(rel);
	return suspect;
}

/* One case of pgperf diff, judged into r. */
static void
diff_case(struct pp_baseline *old, const struct pp_baseline_case *oc,
	  const struct pp_baseline_case *nc, struct pp_case_result *r)
{
	pp_gate_plans(oc->plan, nc->plan, "the old side", &old->gate, r);
	if (oc->relative != NULL && nc->relative != NULL && oc->old_times != nc->old_times)
		old_times_note(oc->old_times ? old->path : "the new side", r);
	else if (oc->relative != NULL && nc->relative != NULL)
		compare_time(&old->gate, oc, nc->relative, nc->n_relative, PP_SEVERITY_WARN, r);
	else
		compare_raw(oc, nc->p50_ms, r);
}

bool
pp_baseline_diff(struct pp_baseline *old, struct pp_baseline *now, FILE *out)
{
	struct pp_case *defaults = pp_case_new_defaults();
	bool failed = false;
	size_t counts[3] = { 0 };

	for (size_t i = 0; i < now->n_cases; i++) {
		struct pp_baseline_case *nc = &now->cases[i], *oc = find(old, nc->name);
		struct pp_case_result r = { .c = defaults, .status = PP_STATUS_PASS };

		if (oc == NULL) {
			fprintf(out, "NEW   %s\n", nc->name);
			continue;
		}
		oc->seen = true;
		diff_case(old, oc, nc, &r);
		fprintf(out, "%-5s %s  p50 %.3f ms -> %.3f ms\n",
			r.status == PP_STATUS_FAIL   ? "FAIL"
			: r.status == PP_STATUS_WARN ? "WARN"
						     : "SAME",
			nc->name, oc->p50_ms, nc->p50_ms);
		for (size_t k = 0; k < r.n_findings; k++)
			fprintf(out, "      %s %s: %s\n",
				pp_result_severity_name(r.findings[k].severity), r.findings[k].kind,
				r.findings[k].message);
		counts[r.status == PP_STATUS_FAIL ? 2 : r.status == PP_STATUS_WARN ? 1 : 0]++;
		failed = failed || r.status == PP_STATUS_FAIL;
		r.c = NULL;
		pp_result_reset(&r);
	}
	for (size_t i = 0; i < old->n_cases; i++)
		if (!old->cases[i].seen)
			fprintf(out, "GONE  %s\n", old->cases[i].name);
	fprintf(out, "\n%zu cases compared: %zu same, %zu warn, %zu fail\n",
		counts[0] + counts[1] + counts[2], counts[0], counts[1], counts[2]);
	pp_case_free(defaults);
	return !failed;
}
