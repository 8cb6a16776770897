/*
 * report_load.c: pgperf load's reports (see report_load.h).
 */
#include "report/report_load.h"

#include <cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"
#include "report/report_common.h"
#include "util/log.h"
#include "util/utf8.h"

#define SVG_W 720.0
#define SVG_H 220.0

/* Milliseconds rounded to 0.1 us. */
static double
ms(double ns)
{
	return round(ns / 100.0) / 1e4;
}

static double
round3(double v)
{
	return round(v * 1000.0) / 1000.0;
}

static double
level_tps(const struct pp_load_level *lv)
{
	return lv->seconds > 0 ? (double)(lv->ok + lv->errors) / lv->seconds : 0;
}

static double
case_tps(const struct pp_load_level *lv, size_t k)
{
	return lv->seconds > 0 ? (double)(lv->cases[k].ok + lv->cases[k].errors) / lv->seconds : 0;
}

const char *
pp_report_load_status(const struct pp_load_report *rep)
{
	if (rep->result->interrupted)
		return "interrupted";
	return rep->gates->ok ? "pass" : "fail";
}

/* ---- JSON ----------------------------------------------------------------------------------- */

static void
json_string(cJSON *o, const char *key, const char *value)
{
	struct pp_buf v;

	if (value == NULL) {
		cJSON_AddNullToObject(o, key);
		return;
	}
	pp_buf_init(&v);
	pp_utf8_sanitize(&v, value, strlen(value));
	cJSON_AddStringToObject(o, key, v.data ? v.data : "");
	pp_buf_reset(&v);
}

/* The latency keys of a histogram: p50_ms ... max_ms. */
static void
json_latency(cJSON *o, const struct pp_hist *h)
{
	cJSON_AddNumberToObject(o, "p50_ms", ms(pp_hist_percentile(h, 0.50)));
	cJSON_AddNumberToObject(o, "p95_ms", ms(pp_hist_percentile(h, 0.95)));
	cJSON_AddNumberToObject(o, "p99_ms", ms(pp_hist_percentile(h, 0.99)));
	cJSON_AddNumberToObject(o, "max_ms", ms((double)pp_hist_max(h)));
	cJSON_AddNumberToObject(o, "mean_ms", ms(pp_hist_mean(h)));
}

static cJSON *
json_errors(const struct pp_load_errors *e, size_t n)
{
	cJSON *arr = cJSON_CreateArray();

	for (size_t i = 0; i < n; i++) {
		cJSON *x = cJSON_CreateObject();

		json_string(x, "sqlstate", e[i].sqlstate);
		cJSON_AddNumberToObject(x, "count", (double)e[i].n);
		json_string(x, "example", e[i].example);
		cJSON_AddItemToArray(arr, x);
	}
	return arr;
}

static cJSON *
json_cases(const struct pp_load_result *r, const struct pp_load_level *lv)
{
	cJSON *arr = cJSON_CreateArray();

	for (size_t k = 0; k < r->n_cases; k++) {
		const struct pp_load_case_stats *s = &lv->cases[k];
		cJSON *c = cJSON_CreateObject();

		json_string(c, "name", pp_case_label(r->cases[k].c));
		cJSON_AddNumberToObject(c, "weight", r->cases[k].weight);
		cJSON_AddNumberToObject(c, "tps", round3(case_tps(lv, k)));
		json_latency(c, s->hist);
		cJSON_AddNumberToObject(c, "executions", (double)(s->ok + s->errors));
		cJSON_AddNumberToObject(c, "errors", (double)s->errors);
		cJSON_AddNumberToObject(c, "error_rate", pp_load_error_rate(s->ok, s->errors));
		cJSON_AddItemToObject(c, "errors_by_sqlstate", json_errors(s->by_state, s->n_states));
		cJSON_AddItemToArray(arr, c);
	}
	return arr;
}

static cJSON *
json_series(const struct pp_load_level *lv)
{
	cJSON *arr = cJSON_CreateArray();

	for (size_t i = 0; i < lv->n_series; i++) {
		const struct pp_load_second *s = &lv->series[i];
		cJSON *x = cJSON_CreateObject();

		cJSON_AddNumberToObject(x, "t", round3(s->t));
		cJSON_AddNumberToObject(x, "tps", (double)(s->ok + s->errors));
		cJSON_AddNumberToObject(x, "errors", (double)s->errors);
		cJSON_AddNumberToObject(x, "p50_ms", round3(s->p50_ms));
		cJSON_AddNumberToObject(x, "p95_ms", round3(s->p95_ms));
		cJSON_AddNumberToObject(x, "p99_ms", round3(s->p99_ms));
		cJSON_AddNumberToObject(x, "clients", s->clients);
		cJSON_AddItemToArray(arr, x);
	}
	return arr;
}

static cJSON *
json_waits(const struct pp_load_level *lv)
{
	cJSON *arr = cJSON_CreateArray();

	for (size_t i = 0; i < lv->n_waits; i++) {
		cJSON *x = cJSON_CreateObject();

		json_string(x, "event", lv->waits[i].event);
		cJSON_AddNumberToObject(x, "samples", (double)lv->waits[i].samples);
		cJSON_AddNumberToObject(x, "per_sample",
					round3((double)lv->waits[i].samples /
					       (double)(lv->wait_samples ? lv->wait_samples : 1)));
		cJSON_AddItemToArray(arr, x);
	}
	return arr;
}

static cJSON *
json_level(const struct pp_load_result *r, const struct pp_load_level *lv)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "clients", lv->clients);
	cJSON_AddNumberToObject(o, "tps", round3(level_tps(lv)));
	json_latency(o, lv->hist);
	cJSON_AddNumberToObject(o, "executions", (double)(lv->ok + lv->errors));
	cJSON_AddNumberToObject(o, "errors", (double)lv->errors);
	cJSON_AddNumberToObject(o, "error_rate", pp_load_error_rate(lv->ok, lv->errors));
	cJSON_AddNumberToObject(o, "seconds", round3(lv->seconds));
	cJSON_AddBoolToObject(o, "complete", lv->complete);
	cJSON_AddBoolToObject(o, "saturated", lv->saturated);
	cJSON_AddNumberToObject(o, "reconnects", (double)lv->reconnects);
	cJSON_AddNumberToObject(o, "connect_failures", (double)lv->connect_failures);
	json_string(o, "connect_error", lv->connect_error);
	if (lv->spike) {
		if (lv->spike_recovery_s >= 0)
			cJSON_AddNumberToObject(o, "recovery_s", round3(lv->spike_recovery_s));
		else
			cJSON_AddNullToObject(o, "recovery_s");
	}
	cJSON_AddItemToObject(o, "errors_by_sqlstate", json_errors(lv->by_state, lv->n_states));
	cJSON_AddItemToObject(o, "waits", json_waits(lv));
	cJSON_AddItemToObject(o, "cases", json_cases(r, lv));
	cJSON_AddItemToObject(o, "series", json_series(lv));
	return o;
}

static cJSON *
json_gates(const struct pp_load_gates *g)
{
	cJSON *arr = cJSON_CreateArray();

	for (size_t i = 0; i < g->n; i++) {
		cJSON *x = cJSON_CreateObject();

		json_string(x, "name", g->items[i].name);
		cJSON_AddBoolToObject(x, "ok", g->items[i].ok);
		cJSON_AddNumberToObject(x, "value", round(g->items[i].value * 1e6) / 1e6);
		cJSON_AddNumberToObject(x, "limit", g->items[i].limit);
		json_string(x, "unit", g->items[i].unit);
		json_string(x, "message", g->items[i].message);
		cJSON_AddItemToArray(arr, x);
	}
	return arr;
}

static bool
render_json(struct pp_buf *b, const struct pp_load_report *rep)
{
	const struct pp_load_result *r = rep->result;
	cJSON *root = cJSON_CreateObject(), *levels;
	char *text;

	json_string(root, "status", pp_report_load_status(rep));
	json_string(root, "target", rep->target);
	json_string(root, "server_version", rep->server_version);
	cJSON_AddNumberToObject(root, "duration_s", (double)rep->duration_ns / 1e9);
	cJSON_AddNumberToObject(root, "warmup_s", (double)rep->warmup_ns / 1e9);
	cJSON_AddNumberToObject(root, "think_ms", (double)rep->think_ns / 1e6);
	if (rep->rate > 0)
		cJSON_AddNumberToObject(root, "rate", rep->rate);
	else
		cJSON_AddNullToObject(root, "rate");
	cJSON_AddNumberToObject(root, "threads", r->threads);
	cJSON_AddBoolToObject(root, "interrupted", r->interrupted);
	levels = cJSON_AddArrayToObject(root, "levels");
	cJSON_AddNullToObject(root, "spike");
	for (size_t i = 0; i < r->n_levels; i++) {
		if (r->levels[i].spike)
			cJSON_ReplaceItemInObject(root, "spike", json_level(r, &r->levels[i]));
		else
			cJSON_AddItemToArray(levels, json_level(r, &r->levels[i]));
	}
	cJSON_AddItemToObject(root, "gates", json_gates(rep->gates));
	text = cJSON_Print(root);
	cJSON_Delete(root);
	if (text == NULL) {
		pp_log_error("out of memory writing the JSON report");
		return false;
	}
	pp_buf_puts(b, text);
	pp_buf_putc(b, '\n');
	free(text);
	return true;
}

/* ---- text and Markdown ---------------------------------------------------------------------- */

/* A level's row: clients, tps, percentiles, errors, error rate, note. */
static void
level_row(struct pp_buf *b, const struct pp_load_level *lv, bool md)
{
	const struct pp_hist *h = lv->hist;
	char label[32];

	snprintf(label, sizeof label, "%s%d", lv->spike ? "spike " : "", lv->clients);
	pp_buf_printf(b, md ? "| %s | %.1f | %.2f | %.2f | %.2f | %.2f | %llu | %.2f%% | %s%s |\n"
			    : "  %-9s %10.1f %9.2f %9.2f %9.2f %9.2f %8llu %7.2f%%%s%s\n",
		      label, level_tps(lv),
		      pp_hist_percentile(h, 0.5) / 1e6, pp_hist_percentile(h, 0.95) / 1e6,
		      pp_hist_percentile(h, 0.99) / 1e6, (double)pp_hist_max(h) / 1e6,
		      (unsigned long long)lv->errors, pp_load_error_rate(lv->ok, lv->errors) * 100,
		      md ? "" : lv->saturated || !lv->complete ? "  " : "",
		      lv->saturated ? "saturated" : !lv->complete ? "partial" : "");
}

static void
case_rows(struct pp_buf *b, const struct pp_load_result *r, const struct pp_load_level *lv,
	  bool md)
{
	for (size_t k = 0; k < r->n_cases; k++) {
		const struct pp_load_case_stats *s = &lv->cases[k];

		if (md) {
			pp_buf_printf(b, "| %s%d | ", lv->spike ? "spike " : "", lv->clients);
			pp_report_escape(b, PP_REPORT_MARKDOWN, pp_case_label(r->cases[k].c));
			pp_buf_puts(b, " |");
		} else {
			pp_buf_printf(b, "    %s%-6d ", lv->spike ? "spike " : "", lv->clients);
			pp_report_escape(b, PP_REPORT_TEXT, pp_case_label(r->cases[k].c));
		}
		pp_buf_printf(b, md ? " %.1f | %.2f | %.2f | %.2f | %llu |"
				    : "  tps %.1f  p50 %.2fms  p95 %.2fms  p99 %.2fms  errors %llu",
			      case_tps(lv, k), pp_hist_percentile(s->hist, 0.5) / 1e6,
			      pp_hist_percentile(s->hist, 0.95) / 1e6,
			      pp_hist_percentile(s->hist, 0.99) / 1e6, (unsigned long long)s->errors);
		for (size_t e = 0; e < s->n_states; e++)
			pp_buf_printf(b, "%s%s x%llu", e ? "," : " (", s->by_state[e].sqlstate,
				      (unsigned long long)s->by_state[e].n);
		pp_buf_puts(b, s->n_states ? ")" : "");
		pp_buf_puts(b, md ? "\n" : "\n");
	}
}

static void
wait_lines(struct pp_buf *b, const struct pp_load_level *lv, bool md)
{
	if (lv->n_waits == 0)
		return;
	pp_buf_printf(b, md ? "- %s%d clients:" : "    %s%d clients:", lv->spike ? "spike to " : "",
		      lv->clients);
	for (size_t i = 0; i < lv->n_waits && i < 5; i++) {
		pp_buf_puts(b, i ? ", " : " ");
		pp_report_escape(b, md ? PP_REPORT_MARKDOWN : PP_REPORT_TEXT, lv->waits[i].event);
		pp_buf_printf(b, " %.1f", (double)lv->waits[i].samples /
						  (double)(lv->wait_samples ? lv->wait_samples : 1));
	}
	pp_buf_puts(b, "\n");
}

static void
gate_lines(struct pp_buf *b, const struct pp_load_gates *g, bool md)
{
	for (size_t i = 0; i < g->n; i++) {
		pp_buf_puts(b, md ? "- " : "  ");
		pp_buf_puts(b, g->items[i].ok ? "pass  " : "FAIL  ");
		pp_report_escape(b, md ? PP_REPORT_MARKDOWN : PP_REPORT_TEXT, g->items[i].message);
		pp_buf_putc(b, '\n');
	}
}

static void
leftover_lines(struct pp_buf *b, const struct pp_case_result *r, bool md)
{
	for (size_t i = 0; r != NULL && i < r->n_sequences_left; i++) {
		pp_buf_puts(b, md ? "- sequence " : "  sequence ");
		pp_report_escape(b, md ? PP_REPORT_MARKDOWN : PP_REPORT_TEXT,
				 r->sequences_left[i].sequence);
		pp_buf_puts(b, " left moved: ");
		pp_report_escape(b, md ? PP_REPORT_MARKDOWN : PP_REPORT_TEXT,
				 r->sequences_left[i].reason);
		pp_buf_putc(b, '\n');
	}
}

static bool
render_text(struct pp_buf *b, const struct pp_load_report *rep, bool md)
{
	const struct pp_load_result *r = rep->result;

	pp_buf_puts(b, md ? "## pgperf load\n\n" : "pgperf load on ");
	if (md)
		pp_buf_puts(b, "Target: ");
	pp_report_escape(b, md ? PP_REPORT_MARKDOWN : PP_REPORT_TEXT, rep->target);
	pp_buf_printf(b, ", %d thread%s%s\n\n", r->threads, r->threads == 1 ? "" : "s",
		      r->interrupted ? " (interrupted)" : "");
	pp_buf_puts(b, md ? "| clients | tps | p50 ms | p95 ms | p99 ms | max ms | errors | error "
			    "rate | note |\n|---:|---:|---:|---:|---:|---:|---:|---:|---|\n"
			  : "  clients          tps    p50 ms    p95 ms    p99 ms    max ms   errors  "
			    "err rate\n");
	for (size_t i = 0; i < r->n_levels; i++)
		level_row(b, &r->levels[i], md);
	for (size_t i = 0; i < r->n_levels; i++) {
		if (r->levels[i].connect_failures == 0)
			continue;
		pp_buf_printf(b, "%s%llu connects failed at %d clients (retried): ", md ? "\n" : "  ",
			      (unsigned long long)r->levels[i].connect_failures, r->levels[i].clients);
		pp_report_escape(b, md ? PP_REPORT_MARKDOWN : PP_REPORT_TEXT,
				 r->levels[i].connect_error);
		pp_buf_putc(b, '\n');
	}
	pp_buf_puts(b, md ? "\n### Cases\n\n| clients | case | tps | p50 ms | p95 ms | p99 ms | "
			    "errors |\n|---:|---|---:|---:|---:|---:|---:|\n"
			  : "\n  per case:\n");
	for (size_t i = 0; i < r->n_levels; i++)
		case_rows(b, r, &r->levels[i], md);
	pp_buf_puts(b, md ? "\n### Top wait events (active connections per sample)\n\n"
			  : "\n  top wait events (active connections per sample):\n");
	for (size_t i = 0; i < r->n_levels; i++)
		wait_lines(b, &r->levels[i], md);
	pp_buf_puts(b, md ? "\n### Gates\n\n" : "\n  gates:\n");
	gate_lines(b, rep->gates, md);
	leftover_lines(b, rep->leftovers, md);
	pp_buf_printf(b, md ? "\n**%s**\n" : "\n%s\n", pp_report_load_status(rep));
	return true;
}

/* ---- HTML ----------------------------------------------------------------------------------- */

/* One polyline of a series metric over the whole run (levels one after another). */
static void
svg_line(struct pp_buf *b, const struct pp_load_result *r, int which, double t_total,
	 double top, const char *color)
{
	double t0 = 0;

	pp_buf_printf(b, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"", color);
	for (size_t i = 0; i < r->n_levels; i++) {
		const struct pp_load_level *lv = &r->levels[i];

		for (size_t s = 0; s < lv->n_series; s++) {
			const struct pp_load_second *x = &lv->series[s];
			double v = which == 0 ? x->p50_ms : which == 1 ? x->p95_ms : x->p99_ms;

			pp_buf_printf(b, "%.1f,%.1f ", 40 + (t0 + x->t) / t_total * (SVG_W - 50),
				      SVG_H - 20 - v / top * (SVG_H - 30));
		}
		t0 += lv->n_series > 0 ? lv->series[lv->n_series - 1].t : 0;
	}
	pp_buf_puts(b, "\"/>\n");
}

/* A dashed line and a label where each level starts. */
static void
level_marks(struct pp_buf *b, const struct pp_load_result *r, double t_total)
{
	double t0 = 0;

	for (size_t i = 0; i < r->n_levels; i++) {
		const struct pp_load_level *lv = &r->levels[i];
		double x = 40 + t0 / t_total * (SVG_W - 50);

		pp_buf_printf(b, "<line x1=\"%.1f\" y1=\"16\" x2=\"%.1f\" y2=\"%.0f\" stroke=\"#bbb\" "
				 "stroke-dasharray=\"3,3\"/><text x=\"%.1f\" y=\"26\" font-size=\"10\">"
				 "%s%d</text>\n",
			      x, x, SVG_H - 20, x + 3, lv->spike ? "spike " : "", lv->clients);
		t0 += lv->n_series > 0 ? lv->series[lv->n_series - 1].t : 0;
	}
}

static void
svg_over_time(struct pp_buf *b, const struct pp_load_result *r)
{
	double t_total = 0, top = 0.001;

	for (size_t i = 0; i < r->n_levels; i++) {
		const struct pp_load_level *lv = &r->levels[i];

		for (size_t s = 0; s < lv->n_series; s++)
			top = lv->series[s].p99_ms > top ? lv->series[s].p99_ms : top;
		t_total += lv->n_series > 0 ? lv->series[lv->n_series - 1].t : 0;
	}
	t_total = t_total > 0 ? t_total : 1;
	top *= 1.1;
	pp_buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
			 "role=\"img\"><title>latency over time</title>\n"
			 "<text x=\"2\" y=\"12\" font-size=\"10\">%.2f ms</text>"
			 "<line x1=\"40\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" stroke=\"#999\"/>\n",
		      SVG_W, SVG_H, top, SVG_H - 20, SVG_W - 10, SVG_H - 20);
	level_marks(b, r, t_total);
	svg_line(b, r, 0, t_total, top, "#16a34a");
	svg_line(b, r, 1, t_total, top, "#d97706");
	svg_line(b, r, 2, t_total, top, "#dc2626");
	pp_buf_printf(b, "<text x=\"40\" y=\"%.0f\" font-size=\"10\">p50 (green), p95 (amber), p99 "
			 "(red) per second; levels one after another, %.0f s</text></svg>\n",
		      SVG_H - 4, t_total);
}

/* Bars of p50/p95/p99 per level. */
static void
svg_levels(struct pp_buf *b, const struct pp_load_result *r)
{
	static const double qs[3] = { 0.5, 0.95, 0.99 };
	static const char *const colors[3] = { "#16a34a", "#d97706", "#dc2626" };
	double top = 0.001, slot = (SVG_W - 50) / (double)(r->n_levels ? r->n_levels : 1);

	for (size_t i = 0; i < r->n_levels; i++)
		top = fmax(top, pp_hist_percentile(r->levels[i].hist, 0.99) / 1e6);
	top *= 1.1;
	pp_buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
			 "role=\"img\"><title>percentiles per level</title>\n",
		      SVG_W, SVG_H);
	for (size_t i = 0; i < r->n_levels; i++) {
		const struct pp_load_level *lv = &r->levels[i];

		for (int q = 0; q < 3; q++) {
			double v = pp_hist_percentile(lv->hist, qs[q]) / 1e6;
			double h = v / top * (SVG_H - 40);

			pp_buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
					 "fill=\"%s\"><title>%.2f ms</title></rect>\n",
				      40 + (double)i * slot + q * slot / 4, SVG_H - 20 - h, slot / 4 - 2,
				      h, colors[q], v);
		}
		pp_buf_printf(b, "<text x=\"%.1f\" y=\"%.0f\" font-size=\"10\">%s%d clients</text>\n",
			      40 + (double)i * slot, SVG_H - 6, lv->spike ? "spike " : "",
			      lv->clients);
	}
	pp_buf_printf(b, "<text x=\"2\" y=\"12\" font-size=\"10\">%.2f ms</text></svg>\n", top);
}

/* The levels as an HTML table. */
static void
html_levels(struct pp_buf *b, const struct pp_load_result *r)
{
	pp_buf_puts(b, "<table><tr><th>clients</th><th>tps</th><th>p50 ms</th><th>p95 ms</th>"
		       "<th>p99 ms</th><th>max ms</th><th>errors</th><th>error rate</th>"
		       "<th>top wait events (active per sample)</th><th>note</th></tr>\n");
	for (size_t i = 0; i < r->n_levels; i++) {
		const struct pp_load_level *lv = &r->levels[i];
		const struct pp_hist *h = lv->hist;

		pp_buf_printf(b, "<tr><td>%s%d</td><td>%.1f</td><td>%.2f</td><td>%.2f</td><td>%.2f</td>"
				 "<td>%.2f</td><td>%llu</td><td>%.2f%%</td><td>",
			      lv->spike ? "spike " : "", lv->clients, level_tps(lv),
			      pp_hist_percentile(h, 0.5) / 1e6, pp_hist_percentile(h, 0.95) / 1e6,
			      pp_hist_percentile(h, 0.99) / 1e6, (double)pp_hist_max(h) / 1e6,
			      (unsigned long long)lv->errors,
			      pp_load_error_rate(lv->ok, lv->errors) * 100);
		for (size_t k = 0; k < lv->n_waits && k < 5; k++) {
			pp_buf_puts(b, k ? ", " : "");
			pp_report_escape(b, PP_REPORT_XML, lv->waits[k].event);
			pp_buf_printf(b, " %.1f", (double)lv->waits[k].samples /
							  (double)(lv->wait_samples ? lv->wait_samples : 1));
		}
		pp_buf_printf(b, "</td><td>%s</td></tr>\n",
			      lv->saturated ? "saturated" : !lv->complete ? "partial" : "");
	}
	pp_buf_puts(b, "</table>\n");
}

/* Every case at every level as an HTML table. */
static void
html_cases(struct pp_buf *b, const struct pp_load_result *r)
{
	pp_buf_puts(b, "<table><tr><th>clients</th><th>case</th><th>weight</th><th>tps</th>"
		       "<th>p50 ms</th><th>p95 ms</th><th>p99 ms</th><th>errors by SQLSTATE</th>"
		       "</tr>\n");
	for (size_t i = 0; i < r->n_levels; i++) {
		const struct pp_load_level *lv = &r->levels[i];

		for (size_t k = 0; k < r->n_cases; k++) {
			const struct pp_load_case_stats *cs = &lv->cases[k];

			pp_buf_printf(b, "<tr><td>%s%d</td><td>", lv->spike ? "spike " : "",
				      lv->clients);
			pp_report_escape(b, PP_REPORT_XML, pp_case_label(r->cases[k].c));
			pp_buf_printf(b, "</td><td>%g</td><td>%.1f</td><td>%.2f</td><td>%.2f</td>"
					 "<td>%.2f</td><td>",
				      r->cases[k].weight, case_tps(lv, k),
				      pp_hist_percentile(cs->hist, 0.5) / 1e6,
				      pp_hist_percentile(cs->hist, 0.95) / 1e6,
				      pp_hist_percentile(cs->hist, 0.99) / 1e6);
			for (size_t e = 0; e < cs->n_states; e++)
				pp_buf_printf(b, "%s%s x%llu", e ? ", " : "", cs->by_state[e].sqlstate,
					      (unsigned long long)cs->by_state[e].n);
			pp_buf_puts(b, "</td></tr>\n");
		}
	}
	pp_buf_puts(b, "</table>\n");
}

/* The gates as a list, failed ones first in red. */
static void
html_gates(struct pp_buf *b, const struct pp_load_gates *g)
{
	pp_buf_puts(b, "<ul>\n");
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < g->n; i++) {
			if (g->items[i].ok != (pass == 1))
				continue;
			pp_buf_puts(b, g->items[i].ok ? "<li>pass " : "<li class=\"fail\">FAIL ");
			pp_report_escape(b, PP_REPORT_XML, g->items[i].message);
			pp_buf_puts(b, "</li>\n");
		}
	}
	pp_buf_puts(b, "</ul>\n");
}

static bool
render_html(struct pp_buf *b, const struct pp_load_report *rep)
{
	struct pp_buf text;

	pp_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
		       "<title>pgperf load</title><style>body{font-family:sans-serif;margin:2em}"
		       "pre{background:#f6f6f6;padding:1em}table{border-collapse:collapse}"
		       "td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}"
		       ".fail{color:#dc2626;font-weight:bold}</style></head><body>\n"
		       "<h1>pgperf load: ");
	pp_buf_puts(b, pp_report_load_status(rep));
	pp_buf_puts(b, "</h1>\n<h2>Gates</h2>\n");
	html_gates(b, rep->gates);
	pp_buf_puts(b, "<h2>Latency over time</h2>\n");
	svg_over_time(b, rep->result);
	pp_buf_puts(b, "<h2>Percentiles per level</h2>\n");
	svg_levels(b, rep->result);
	html_levels(b, rep->result);
	pp_buf_puts(b, "<h2>Cases</h2>\n");
	html_cases(b, rep->result);
	pp_buf_puts(b, "<h2>Summary as text</h2>\n<pre>");
	pp_buf_init(&text);
	render_text(&text, rep, false);
	pp_report_escape(b, PP_REPORT_XML, text.data);
	pp_buf_reset(&text);
	pp_buf_puts(b, "</pre>\n</body></html>\n");
	return true;
}

bool
pp_report_load_render(const char *format, struct pp_buf *b, const struct pp_load_report *rep)
{
	if (strcmp(format, "json") == 0)
		return render_json(b, rep);
	if (strcmp(format, "markdown") == 0)
		return render_text(b, rep, true);
	if (strcmp(format, "html") == 0)
		return render_html(b, rep);
	if (strcmp(format, "text") == 0)
		return render_text(b, rep, false);
	pp_log_error("unknown load report format \"%s\"", format);
	return false;
}

bool
pp_report_load_write(const char *format, const char *path, const struct pp_load_report *rep)
{
	struct pp_buf b;
	bool ok;

	pp_buf_init(&b);
	ok = pp_report_load_render(format, &b, rep);
	ok = ok && pp_report_write_file(path, b.data ? b.data : "", b.len);
	pp_buf_reset(&b);
	return ok;
}
