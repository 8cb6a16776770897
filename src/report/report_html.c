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

#include "util/buf.h"
#include "util/mem.h"
#include "report/report.h"
#include "verdict/threshold.h"
#include "util/units.h"

struct html_reporter {
	struct pp_reporter base;
	char *path;
};

static void
esc(struct pp_buf *b, const char *s)
{
	for (; s != NULL && *s; s++) {
		switch (*s) {
		case '&':
			pp_buf_puts(b, "&amp;");
			break;
		case '<':
			pp_buf_puts(b, "&lt;");
			break;
		case '>':
			pp_buf_puts(b, "&gt;");
			break;
		case '"':
			pp_buf_puts(b, "&quot;");
			break;
		default:
			pp_buf_putc(b, *s);
		}
	}
}

static void
dur(struct pp_buf *b, double ns)
{
	char s[32];

	pp_units_format_duration((int64_t)ns, s, sizeof s);
	pp_buf_puts(b, s);
}

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
		dur(b, lines[i].v);
		pp_buf_puts(b, "</text>");
	}
	pp_buf_printf(b, "<text x=\"0\" y=\"%.0f\" font-size=\"11\" fill=\"#475569\">", H + 16);
	dur(b, lo);
	pp_buf_printf(b, "</text><text x=\"%.0f\" y=\"%.0f\" font-size=\"11\" fill=\"#475569\" "
			 "text-anchor=\"end\">",
		      W, H + 16);
	dur(b, hi);
	pp_buf_puts(b, "</text></svg>\n");
}

static void
flag(const struct pp_plan_node *n, struct pp_buf *line, void *ctx)
{
	const struct pp_case_result *r = ctx;

	for (size_t i = 0; i < r->n_findings; i++) {
		const struct pp_finding *f = &r->findings[i];

		if (f->node != NULL && strcmp(f->node, n->node_type) == 0 &&
		    (f->relation == NULL || n->relation == NULL ||
		     strcmp(f->relation, n->relation) == 0))
			pp_buf_printf(line, "\x01%s %s", pp_result_severity_name(f->severity), f->kind);
	}
}

/* The plan, one node per line; lines with findings highlighted and labelled. */
static void
plan_tree(struct pp_buf *b, const struct pp_case_result *r)
{
	struct pp_buf text;
	char *line, *save = NULL;

	pp_buf_init(&text);
	pp_explain_render(r->plan, &text, flag, (void *)r);
	pp_buf_puts(b, "<pre class=\"plan\">");
	for (line = strtok_r(text.data, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		char *mark = strchr(line, '\x01');

		if (mark != NULL) {
			*mark = '\0';
			pp_buf_puts(b, "<mark>");
			esc(b, line);
			pp_buf_puts(b, "</mark> <span class=\"flag\">");
			for (char *p = mark + 1; *p; p++)
				if (*p == '\x01')
					*p = ',';
			esc(b, mark + 1);
			pp_buf_puts(b, "</span>\n");
		} else {
			esc(b, line);
			pp_buf_putc(b, '\n');
		}
	}
	pp_buf_puts(b, "</pre>\n");
	pp_buf_reset(&text);
}

static void
case_section(struct pp_buf *b, const struct pp_case_result *r)
{
	const char *st = pp_outcome_status_name(r->status);

	pp_buf_printf(b, "<section class=\"case %s\" id=\"case-", st);
	esc(b, r->c->name);
	pp_buf_printf(b, "\"><h2><span class=\"badge %s\">%s</span> ", st, st);
	esc(b, r->c->name);
	pp_buf_puts(b, " <small>");
	esc(b, r->c->file);
	pp_buf_printf(b, ":%d</small></h2>\n", r->c->line);
	if (r->c->description != NULL) {
		pp_buf_puts(b, "<p>");
		esc(b, r->c->description);
		pp_buf_puts(b, "</p>\n");
	}
	if (r->reason != NULL) {
		pp_buf_puts(b, "<p class=\"reason\">");
		esc(b, r->reason);
		pp_buf_puts(b, "</p>\n");
	}
	if (r->has_stats) {
		pp_buf_puts(b, "<table class=\"stats\"><tr><th>iterations</th><th>min</th><th>mean</th>"
			       "<th>p50</th><th>p95</th><th>p99</th><th>max</th></tr><tr>");
		pp_buf_printf(b, "<td>%zu</td>", r->stats.n);
		const double v[] = { r->stats.min, r->stats.mean, r->stats.p50, r->stats.p95,
				     r->stats.p99, r->stats.max };
		for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
			pp_buf_puts(b, "<td>");
			dur(b, v[i]);
			pp_buf_puts(b, "</td>");
		}
		pp_buf_puts(b, "</tr></table>\n");
		if ((r->samples != NULL || r->hist != NULL) && r->stats.n > 0)
			histogram(b, r);
	}
	if (r->n_findings > 0) {
		pp_buf_puts(b, "<ul class=\"findings\">\n");
		for (size_t i = 0; i < r->n_findings; i++) {
			const struct pp_finding *f = &r->findings[i];

			pp_buf_printf(b, "<li class=\"%s\"><b>%s %s</b> <pre>",
				      pp_result_severity_name(f->severity),
				      pp_result_severity_name(f->severity), f->kind);
			esc(b, f->message);
			pp_buf_puts(b, "</pre></li>\n");
		}
		pp_buf_puts(b, "</ul>\n");
	}
	if (r->plan != NULL)
		plan_tree(b, r);
	pp_buf_puts(b, "<details><summary>SQL</summary><pre>");
	esc(b, r->c->sql);
	pp_buf_puts(b, "</pre></details>\n</section>\n");
}

static bool
html_finish(struct pp_reporter *rep, const struct pp_run *run)
{
	struct html_reporter *hr = (struct html_reporter *)rep;
	struct pp_buf b;
	bool ok;

	pp_buf_init(&b);
	pp_buf_puts(&b,
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
		    ".hist{width:100%;max-width:640px;display:block;margin:.6em 0}\n"
		    "pre{background:#f8fafc;padding:.5em;overflow-x:auto;margin:.3em 0;"
		    "white-space:pre-wrap}\n"
		    "mark{background:#fee2e2}.flag{color:#b91c1c;font-weight:bold}\n"
		    ".findings{padding-left:1.2em}.findings li.fail b{color:#dc2626}"
		    ".findings li.warn b{color:#d97706}.findings li pre{display:inline-block;"
		    "vertical-align:top;background:none;padding:0}\n"
		    ".summary span{margin-right:1.2em}\n</style></head><body>\n");
	pp_buf_printf(&b,
		      "<h1>pgperf report</h1>\n<p class=\"summary\"><span>%zu cases</span>"
		      "<span>%zu pass</span><span>%zu warn</span><span>%zu fail</span>"
		      "<span>%zu skip</span><span>%zu error</span><span>%.1f s</span></p>\n",
		      run->n_results, run->counts[PP_STATUS_PASS], run->counts[PP_STATUS_WARN],
		      run->counts[PP_STATUS_FAIL], run->counts[PP_STATUS_SKIP],
		      run->counts[PP_STATUS_ERROR], run->duration_ms / 1e3);
	pp_buf_printf(&b, "<p>pgperf %s on PostgreSQL ", PACKAGE_VERSION);
	esc(&b, run->server.version);
	pp_buf_puts(&b, " (");
	esc(&b, run->target);
	pp_buf_puts(&b, "): ");
	for (size_t i = 0; i < run->server.n_settings; i++) {
		pp_buf_printf(&b, "%s<code>", i ? ", " : "");
		esc(&b, run->server.settings[i].name);
		pp_buf_puts(&b, " = ");
		esc(&b, run->server.settings[i].value);
		pp_buf_puts(&b, "</code>");
	}
	pp_buf_puts(&b, "</p>\n");
	for (size_t i = 0; i < run->n_results; i++)
		case_section(&b, &run->results[i]);
	pp_buf_puts(&b, "</body></html>\n");
	ok = pp_report_write_file(hr->path, b.data, b.len);
	pp_buf_reset(&b);
	return ok;
}

static void
html_destroy(struct pp_reporter *rep)
{
	struct html_reporter *hr = (struct html_reporter *)rep;

	free(hr->path);
	free(hr);
}

struct pp_reporter *
pp_report_html_new(const char *path)
{
	struct html_reporter *hr = pp_mem_calloc(1, sizeof *hr);

	hr->base.finish = html_finish;
	hr->base.destroy = html_destroy;
	hr->path = pp_mem_strdup(path);
	return &hr->base;
}
