/*
 * baseline.c: saving and comparing against baselines (see baseline.h).
 */
#include "verdict/baseline.h"

#include <cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/file.h"
#include "util/json.h"
#include "util/log.h"
#include "util/mem.h"
#include "util/str.h"
#include "util/strset.h"
#include "report/report.h"

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

bool
pp_baseline_save(const char *path, const struct pp_run *run)
{
	cJSON *root = cJSON_CreateObject(), *cases;
	char *text;
	bool ok;

	cJSON_AddStringToObject(root, "pgperf_baseline", PACKAGE_VERSION);
	if (run->server.version)
		cJSON_AddStringToObject(root, "server_version", run->server.version);
	cases = cJSON_AddArrayToObject(root, "cases");
	for (size_t i = 0; i < run->n_results; i++) {
		const struct pp_case_result *r = &run->results[i];
		cJSON *c, *shape;
		char **lines;
		size_t n;

		if (!r->has_stats)
			continue;
		c = cJSON_CreateObject();
		cJSON_AddStringToObject(c, "name", pp_case_label(r->c));
		cJSON_AddNumberToObject(c, "p50_ms", ms(r->stats.p50));
		cJSON_AddNumberToObject(c, "p95_ms", ms(r->stats.p95));
		cJSON_AddNumberToObject(c, "p99_ms", ms(r->stats.p99));
		cJSON_AddNumberToObject(c, "mean_ms", ms(r->stats.mean));
		shape = cJSON_AddArrayToObject(c, "plan_shape");
		lines = pp_baseline_shape(r, &n);
		for (size_t k = 0; k < n; k++)
			cJSON_AddItemToArray(shape, cJSON_CreateString(lines[k]));
		pp_str_list_free(lines, n);
		cJSON_AddItemToArray(cases, c);
	}
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

struct pp_baseline *
pp_baseline_load(const char *path)
{
	char *text = pp_file_read(path, "baseline", NULL);
	cJSON *root = text ? pp_json_parse(path, text) : NULL;
	const cJSON *cases = root ? cJSON_GetObjectItemCaseSensitive(root, "cases") : NULL, *c;
	struct pp_baseline *b = NULL;

	if (root == NULL)
		goto done;
	if (!cJSON_IsArray(cases)) {
		pp_log_error("%s: expected a pgperf baseline or --json report with \"cases\"", path);
		goto done;
	}
	b = pp_mem_calloc(1, sizeof *b);
	b->path = pp_mem_strdup(path);
	b->cases = pp_mem_calloc((size_t)cJSON_GetArraySize(cases) + 1, sizeof *b->cases);
	cJSON_ArrayForEach(c, cases)
	{
		const cJSON *name = cJSON_GetObjectItemCaseSensitive(c, "name");
		const cJSON *stats = cJSON_GetObjectItemCaseSensitive(c, "stats");
		const cJSON *src = cJSON_IsObject(stats) ? stats : c; /* a report nests them */
		const cJSON *p50 = cJSON_GetObjectItemCaseSensitive(src, "p50_ms");
		const cJSON *shape = cJSON_GetObjectItemCaseSensitive(c, "plan_shape"), *line;
		struct pp_baseline_case *bc;

		if (!cJSON_IsString(name) || !cJSON_IsNumber(p50))
			continue; /* a case that did not run */
		bc = &b->cases[b->n_cases++];
		bc->name = pp_mem_strdup(name->valuestring);
		bc->p50_ms = p50->valuedouble;
		bc->p95_ms = pp_json_number(src, "p95_ms", 0);
		bc->p99_ms = pp_json_number(src, "p99_ms", 0);
		bc->mean_ms = pp_json_number(src, "mean_ms", 0);
		if (cJSON_IsArray(shape)) {
			bc->shape = pp_mem_calloc((size_t)cJSON_GetArraySize(shape) + 1,
						  sizeof *bc->shape);
			cJSON_ArrayForEach(line, shape) if (cJSON_IsString(line))
				bc->shape[bc->n_shape++] = pp_mem_strdup(line->valuestring);
		} else {
			/* A --json report: the shape comes from the EXPLAIN output it embeds. */
			const cJSON *plan = cJSON_GetObjectItemCaseSensitive(c, "plan");
			char *ptext = cJSON_IsArray(plan) ? cJSON_PrintUnformatted(plan) : NULL;
			const char *why;
			struct pp_case_result tmp = { 0 };

			tmp.plan = ptext ? pp_explain_parse(ptext, &why) : NULL;
			if (tmp.plan != NULL)
				bc->shape = pp_baseline_shape(&tmp, &bc->n_shape);
			pp_explain_free(tmp.plan);
			cJSON_free(ptext);
		}
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
	}
	free(b->cases);
	free(b->path);
	free(b);
}

/* "Index Scan using x on app.t" -> "x"; NULL when the line names no index. */
static const char *
line_index(const char *line, size_t *len)
{
	const char *u = strstr(line, " using ");
	const char *end;

	if (u == NULL)
		return NULL;
	u += 7;
	end = strstr(u, " on ");
	*len = end ? (size_t)(end - u) : strlen(u);
	return u;
}

static bool
any_line_has(char *const *lines, size_t n, const char *needle, size_t len)
{
	for (size_t i = 0; i < n; i++) {
		size_t l;
		const char *idx = line_index(lines[i], &l);

		if (idx != NULL && l == len && strncmp(idx, needle, len) == 0)
			return true;
	}
	return false;
}

/* Why a shape change is a failure, or NULL: an index left, or an index scan became a seq scan. */
static char *
shape_failure(char *const *old, size_t n_old, char *const *now, size_t n_now)
{
	struct pp_buf why;

	pp_buf_init(&why);
	for (size_t i = 0; i < n_old; i++) {
		size_t len;
		const char *idx = line_index(old[i], &len);
		const char *on = strstr(old[i], " on ");

		if (idx != NULL && !any_line_has(now, n_now, idx, len)) {
			pp_buf_printf(&why, "index %.*s left the plan", (int)len, idx);
			if (on != NULL)
				for (size_t k = 0; k < n_now; k++)
					if (strstr(now[k], "Seq Scan") && strstr(now[k], on) &&
					    strcmp(strstr(now[k], on), on) == 0)
						pp_buf_printf(&why, ": %s is now a sequential scan",
							      on + 4);
			return pp_buf_steal(&why);
		}
	}
	pp_buf_reset(&why);
	return NULL;
}

static struct pp_baseline_case *
find(struct pp_baseline *b, const char *name)
{
	for (size_t i = 0; i < b->n_cases; i++)
		if (strcmp(b->cases[i].name, name) == 0)
			return &b->cases[i];
	return NULL;
}

/* The regression and plan_changed findings of now (p50 and shape) against bc, added to r. */
static void
compare(const struct pp_baseline_case *bc, double now, char **shape, size_t n_shape,
	struct pp_case_result *r)
{
	const struct pp_case *c = r->c;
	double was = bc->p50_ms, tol = c->regression_tolerance;

	if (now > was * (1 + tol) && now - was > c->regression_min_ms) {
		pp_result_add_finding(r, "regression", PP_SEVERITY_FAIL, NULL, NULL,
				      "p50 %.3f ms against %.3f ms in the baseline (%+.0f%%, tolerance "
				      "%.0f%%)",
				      now, was, (now / was - 1) * 100, tol * 100);
		r->status = pp_outcome_worse(r->status, PP_STATUS_FAIL);
	} else if (now > was * (1 + tol / 2) && now - was > c->regression_min_ms) {
		pp_result_add_finding(r, "regression", PP_SEVERITY_WARN, NULL, NULL,
				      "p50 %.3f ms against %.3f ms in the baseline (%+.0f%%, within "
				      "the %.0f%% tolerance)",
				      now, was, (now / was - 1) * 100, tol * 100);
		r->status = pp_outcome_worse(r->status, PP_STATUS_WARN);
	} else if (now < was * (1 - tol) && was - now > c->regression_min_ms) {
		pp_result_add_finding(r, "regression", PP_SEVERITY_INFO, NULL, NULL,
				      "improved: p50 %.3f ms against %.3f ms in the baseline (%+.0f%%)",
				      now, was, (now / was - 1) * 100);
	}

	if (bc->shape != NULL && shape != NULL) {
		bool same = n_shape == bc->n_shape;

		for (size_t i = 0; same && i < n_shape; i++)
			same = strcmp(shape[i], bc->shape[i]) == 0;
		if (!same) {
			char *fail = shape_failure(bc->shape, bc->n_shape, shape, n_shape);
			struct pp_buf both;
			size_t rows = n_shape > bc->n_shape ? n_shape : bc->n_shape;

			pp_buf_init(&both);
			pp_buf_puts(&both, "the plan changed");
			if (fail != NULL)
				pp_buf_printf(&both, ": %s", fail);
			pp_buf_puts(&both, "\n  baseline | now");
			for (size_t i = 0; i < rows; i++)
				pp_buf_printf(&both, "\n  %-48s | %s", i < bc->n_shape ? bc->shape[i] : "",
					      i < n_shape ? shape[i] : "");
			pp_result_add_finding(r, "plan_changed",
					      fail ? PP_SEVERITY_FAIL : PP_SEVERITY_WARN, NULL, NULL,
					      "%s", both.data);
			r->status = pp_outcome_worse(r->status,
						    fail ? PP_STATUS_FAIL : PP_STATUS_WARN);
			pp_buf_reset(&both);
			free(fail);
		}
	}
}

void
pp_baseline_compare(struct pp_baseline *b, struct pp_case_result *r)
{
	struct pp_baseline_case *bc;
	char **shape;
	size_t n_shape;

	if (b == NULL || !r->has_stats)
		return;
	bc = find(b, pp_case_label(r->c));
	if (bc == NULL) {
		pp_result_add_finding(r, "new_case", PP_SEVERITY_INFO, NULL, NULL,
				      "not in the baseline %s", b->path);
		return;
	}
	bc->seen = true;
	shape = r->plan ? pp_baseline_shape(r, &n_shape) : NULL;
	if (shape == NULL)
		n_shape = 0;
	compare(bc, r->stats.p50 / 1e6, shape, n_shape, r);
	pp_str_list_free(shape, n_shape);
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
		compare(oc, nc->p50_ms, nc->shape, nc->n_shape, &r);
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
