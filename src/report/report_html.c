/*
 * report_html.c: the HTML report (--html): one self-contained file (inline CSS and SVG, no
 * scripts, no network fetches) with, per case, a latency histogram drawn by pgperf with the
 * p50/p95/p99 and threshold lines, the plan tree with flagged nodes highlighted, the findings and
 * the baseline comparison.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report_common.h"
#include "util/buf.h"

#define W 640.0
#define H 160.0
#define BINS 40

struct vline {
	const char *label;
	double v;
	const char *color;
};

/* Spreads the timed iterations over BINS bins from lo: the samples, else the histogram. */
static void
bin_counts(const struct pp_case_result *r, double lo, double span, int *counts)
{
	struct pp_hist_iter it;
	struct pp_hist_bucket bucket;

	for (size_t i = 0; r->samples != NULL && i < r->stats.n; i++) {
		int k = (int)(((double)r->samples[i] - lo) / span * BINS);

		counts[k < 0 ? 0 : k >= BINS ? BINS - 1 : k]++;
	}
	if (r->samples != NULL)
		return;
	pp_hist_iter_init(&it, r->hist);
	while (pp_hist_iter_next(&it, &bucket)) {
		int k = (int)(((double)(bucket.lo + bucket.hi) / 2 - lo) / span * BINS);

		counts[k < 0 ? 0 : k >= BINS ? BINS - 1 : k] += (int)bucket.count;
	}
}

/* A histogram of the timed iterations with vertical lines for percentiles and time limits. */
static void
histogram(struct pp_buf *b, const struct pp_case_result *r)
{
	const struct pp_stats *s = &r->stats;
	double lo = s->min, hi = s->max, span;
	int counts[BINS] = { 0 }, top = 1;
	struct vline lines[3 + 8];
	int n_lines = 0;

	for (size_t i = 0; i < r->n_thresholds && n_lines < 11; i++)
		if (pp_stats_metric_is_time(r->thresholds[i].metric) &&
		    (double)r->thresholds[i].limit > hi && (double)r->thresholds[i].limit < hi * 20)
			hi = (double)r->thresholds[i].limit * 1.05;
	span = hi > lo ? hi - lo : 1;
	bin_counts(r, lo, span, counts);
	for (int k = 0; k < BINS; k++)
		if (counts[k] > top)
			top = counts[k];
	lines[n_lines++] = (struct vline){ "p50", s->p50, "#2563eb" };
	lines[n_lines++] = (struct vline){ "p95", s->p95, "#9333ea" };
	lines[n_lines++] = (struct vline){ "p99", s->p99, "#db2777" };
	for (size_t i = 0; i < r->n_thresholds && n_lines < 11; i++)
		if (pp_stats_metric_is_time(r->thresholds[i].metric))
			lines[n_lines++] = (struct vline){
				pp_stats_metric_name(r->thresholds[i].metric),
				(double)r->thresholds[i].limit,
				r->thresholds[i].status == PP_STATUS_PASS ? "#16a34a" : "#dc2626"
			};
	pp_buf_printf(b, "<svg class=\"hist\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
			 "aria-label=\"latency histogram\">",
		      W, H + 30);
	for (int k = 0; k < BINS; k++) {
		double h = counts[k] / (double)top * (H - 20);

		if (counts[k] == 0)
			continue;
		pp_buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
				 "fill=\"#94a3b8\"><title>%d iterations</title></rect>",
			      k * W / BINS + 1, H - h, W / BINS - 2, h, counts[k]);
	}
	for (int i = 0; i < n_lines; i++) {
		double x = (lines[i].v - lo) / span * W;
		bool limit = i >= 3;

		if (x < 0 || x > W)
			continue;
		pp_buf_printf(b, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%.0f\" stroke=\"%s\" "
				 "stroke-width=\"2\"%s/>",
			      x, x, limit ? 0 : 12, H, lines[i].color,
			      limit ? " stroke-dasharray=\"6 3\"" : "");
		pp_buf_printf(b, "<text x=\"%.1f\" y=\"%d\" fill=\"%s\" font-size=\"11\">%s%s ",
			      x + 3 > W - 90 ? x - 90 : x + 3, limit ? 10 + 12 * (i - 3) : 22 + 12 * i,
			      lines[i].color, limit ? "limit " : "", lines[i].label);
		pp_report_duration(b, lines[i].v);
		pp_buf_puts(b, "</text>");
	}
	pp_buf_printf(b, "<text x=\"0\" y=\"%.0f\" font-size=\"11\" fill=\"#475569\">", H + 16);
	pp_report_duration(b, lo);
	pp_buf_printf(b, "</text><text x=\"%.0f\" y=\"%.0f\" font-size=\"11\" fill=\"#475569\" "
			 "text-anchor=\"end\">",
		      W, H + 16);
	pp_report_duration(b, hi);
	pp_buf_puts(b, "</text></svg>\n");
}

/* A flagged node is highlighted and labelled with its findings. */
static void
plan_line(struct pp_buf *b, const char *text, const char *marks)
{
	if (*marks == '\0') {
		pp_report_enclose(b, "", PP_REPORT_XML, text, "\n");
		return;
	}
	pp_report_enclose(b, "<mark>", PP_REPORT_XML, text, "</mark> <span class=\"flag\">");
	pp_report_enclose(b, "", PP_REPORT_XML, marks, "</span>\n");
}

static void
code(struct pp_buf *b, const char *s)
{
	pp_report_enclose(b, "<code>", PP_REPORT_XML, s, "</code>");
}

static void
pre(struct pp_buf *b, const char *s)
{
	pp_report_enclose(b, "<pre>", PP_REPORT_XML, s, "</pre>");
}

static void
severity(struct pp_buf *b, const char *s)
{
	pp_buf_printf(b, "<b class=\"%s\">%s</b>", s, s);
}

static const struct pp_report_markup markup = {
	.syntax = PP_REPORT_XML,
	.code = code,
	.message = pre,
	.severity = severity,
	.item = "<li>",
	.item_end = "</li>\n",
};

static void
stats_table(struct pp_buf *b, const struct pp_case_result *r)
{
	const double v[] = { r->stats.min, r->stats.mean, r->stats.p50, r->stats.p95,
			     r->stats.p99, r->stats.max };

	pp_buf_puts(b, "<table class=\"stats\"><tr><th>iterations</th><th>min</th><th>mean</th>"
		       "<th>p50</th><th>p95</th><th>p99</th><th>max</th></tr><tr>");
	pp_buf_printf(b, "<td>%zu</td>", r->stats.n);
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		pp_buf_puts(b, "<td>");
		pp_report_duration(b, v[i]);
		pp_buf_puts(b, "</td>");
	}
	pp_buf_puts(b, "</tr></table>\n");
}

/* A paragraph of escaped text with a class, when text is not NULL. */
static void
para(struct pp_buf *b, const char *cls, const char *text)
{
	if (text == NULL)
		return;
	pp_buf_printf(b, "<p class=\"%s\">", cls);
	pp_report_enclose(b, "", PP_REPORT_XML, text, "</p>\n");
}

/* A list with a class of the entries piece writes for r, when it writes any. */
static void
list(struct pp_buf *b, const char *cls, const struct pp_case_result *r,
     void (*piece)(struct pp_buf *, const struct pp_report_markup *,
		   const struct pp_case_result *))
{
	struct pp_buf items;

	pp_buf_init(&items);
	piece(&items, &markup, r);
	if (items.len > 0)
		pp_buf_printf(b, "<ul class=\"%s\">\n%s</ul>\n", cls, items.data);
	pp_buf_reset(&items);
}

static void
case_section(struct pp_buf *b, const struct pp_case_result *r)
{
	const char *st = pp_outcome_status_name(r->status);

	pp_buf_printf(b, "<section class=\"case %s\" id=\"case-", st);
	pp_report_escape(b, PP_REPORT_XML_ATTR, pp_case_label(r->c));
	pp_buf_printf(b, "\"><h2><span class=\"badge %s\">%s</span> ", st, st);
	pp_report_enclose(b, "", PP_REPORT_XML, pp_case_label(r->c), " <small>");
	pp_report_escape(b, PP_REPORT_XML, r->c->file);
	pp_buf_printf(b, ":%d</small></h2>\n", r->c->line);
	para(b, "description", r->c->description);
	para(b, "reason", r->reason);
	list(b, "error-info", r, pp_report_error_info);
	list(b, "leftovers", r, pp_report_leftovers);
	if (r->has_stats) {
		stats_table(b, r);
		if ((r->samples != NULL || r->hist != NULL) && r->stats.n > 0)
			histogram(b, r);
	}
	if (r->n_findings > 0) {
		pp_buf_puts(b, "<ul class=\"findings\">\n");
		for (size_t i = 0; i < r->n_findings; i++)
			pp_report_finding(b, &markup, NULL, &r->findings[i]);
		pp_buf_puts(b, "</ul>\n");
	}
	if (r->plan != NULL) {
		pp_buf_puts(b, "<pre class=\"plan\">");
		pp_report_plan(b, r, plan_line);
		pp_buf_puts(b, "</pre>\n");
	}
	pp_report_enclose(b, "<details><summary>SQL</summary><pre>", PP_REPORT_XML, r->c->sql,
			  "</pre></details>\n</section>\n");
}

/* Every case as a row: name, status, p50, p95, p99, max, limits and the decisive fact. */
static void
overview(struct pp_buf *b, const struct pp_run *run)
{
	pp_buf_puts(b, "<table class=\"cases\"><tr><th>case</th><th>status</th><th>p50</th>"
		       "<th>p95</th><th>p99</th><th>max</th><th>limit</th><th>plan</th></tr>\n");
	for (size_t i = 0; i < run->n_results; i++) {
		struct pp_report_row row;
		struct pp_buf limits;

		pp_report_row_init(&row, &run->results[i]);
		pp_buf_init(&limits);
		pp_report_limits(&limits, &run->results[i]);
		pp_report_enclose(b, "<tr><td>", PP_REPORT_XML, row.name, "</td>");
		pp_buf_printf(b, "<td><span class=\"badge %s\">%s</span></td>"
				 "<td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>",
			      row.status, row.status, row.p50, row.p95, row.p99, row.max);
		pp_report_enclose(b, "", PP_REPORT_XML, limits.data, "</td><td>");
		pp_report_enclose(b, "", PP_REPORT_XML, row.fact, "</td></tr>\n");
		pp_buf_reset(&limits);
	}
	pp_buf_puts(b, "</table>\n");
}

static const char head[] =
	"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	"<title>pgperf report</title>\n<style>\n"
	"body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:980px;"
	"color:#0f172a;padding:0 1em}\n"
	"h1{font-size:1.5em}h2{font-size:1.15em;margin:.2em 0}small{color:#64748b;"
	"font-weight:normal}\n"
	".case{border:1px solid #e2e8f0;border-left:6px solid #16a34a;border-radius:6px;"
	"padding:.8em 1em;margin:1em 0}\n"
	".case.warn{border-left-color:#d97706}.case.fail{border-left-color:#dc2626}"
	".case.error{border-left-color:#7c3aed}.case.skip{border-left-color:#94a3b8}\n"
	".badge{display:inline-block;min-width:3.5em;text-align:center;border-radius:4px;"
	"color:#fff;background:#16a34a;font-size:.8em;padding:.1em .4em;"
	"text-transform:uppercase}\n"
	".badge.warn{background:#d97706}.badge.fail{background:#dc2626}"
	".badge.error{background:#7c3aed}.badge.skip{background:#94a3b8}\n"
	"table{border-collapse:collapse}td,th{padding:.2em .7em;text-align:right;"
	"border-bottom:1px solid #e2e8f0}\n"
	".cases td:first-child,.cases td:last-child,.cases td:nth-last-child(2){text-align:left}\n"
	".hist{width:100%;max-width:640px;display:block;margin:.6em 0}\n"
	"pre{background:#f8fafc;padding:.5em;overflow-x:auto;margin:.3em 0;"
	"white-space:pre-wrap}\n"
	"mark{background:#fee2e2}.flag{color:#b91c1c;font-weight:bold}\n"
	".findings{padding-left:1.2em}.findings b.fail{color:#dc2626}"
	".findings b.warn{color:#d97706}.findings li pre,.error-info li pre,.leftovers li pre"
	"{display:inline-block;vertical-align:top;background:none;padding:0}\n"
	".error-info,.leftovers{padding-left:1.2em;color:#475569}\n"
	".env{padding-left:1.2em;color:#475569}\n</style></head><body>\n";

bool
pp_report_html_render(struct pp_buf *b, const struct pp_run *run)
{
	pp_buf_puts(b, head);
	pp_buf_printf(b, "<h1>pgperf report</h1>\n<p class=\"summary\">%zu cases: ",
		      run->n_results);
	pp_report_counts(b, run);
	pp_buf_printf(b, " in %.1f s%s</p>\n<ul class=\"env\">\n", run->duration_ms / 1e3,
		      pp_report_stop_note(run));
	pp_report_environment(b, &markup, run);
	pp_buf_puts(b, "</ul>\n");
	overview(b, run);
	for (size_t i = 0; i < run->n_results; i++)
		case_section(b, &run->results[i]);
	pp_buf_puts(b, "</body></html>\n");
	return true;
}
