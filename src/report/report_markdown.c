/*
 * report_markdown.c: the Markdown report (--markdown), ready for a CI job summary: a summary
 * line, a table of cases, the findings, the baseline comparison, and in appendices the
 * environment (versions, timing settings, OS, CPU) and the raw numbers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/mem.h"
#include "report/report.h"
#include "verdict/threshold.h"
#include "util/units.h"

struct markdown_reporter {
	struct pp_reporter base;
	char *path;
};

/* Table cell text: pipes and line breaks would end the cell. */
static void
cell(struct pp_buf *b, const char *s)
{
	for (; s != NULL && *s; s++) {
		if (*s == '|')
			pp_buf_puts(b, "\\|");
		else if (*s == '\n')
			pp_buf_puts(b, "<br>");
		else
			pp_buf_putc(b, *s);
	}
}

static void
dur(struct pp_buf *b, double ns)
{
	char s[32];

	pp_units_format_duration((int64_t)ns, s, sizeof s);
	pp_buf_puts(b, s);
}

static bool
is_baseline_kind(const char *kind)
{
	return strcmp(kind, "regression") == 0 || strcmp(kind, "plan_changed") == 0 ||
	       strcmp(kind, "new_case") == 0;
}

static void
cpu_model(char *out, size_t size)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[512];

	snprintf(out, size, "unknown");
	if (f == NULL)
		return;
	while (fgets(line, sizeof line, f) != NULL) {
		if (strncmp(line, "model name", 10) == 0 && strchr(line, ':')) {
			snprintf(out, size, "%s", strchr(line, ':') + 2);
			out[strcspn(out, "\n")] = '\0';
			break;
		}
	}
	fclose(f);
}

static bool
markdown_finish(struct pp_reporter *rep, const struct pp_run *run)
{
	struct markdown_reporter *mr = (struct markdown_reporter *)rep;
	struct pp_buf b;
	struct utsname u;
	char cpu[256];
	bool any = false, ok;

	pp_buf_init(&b);
	pp_buf_printf(&b, "## pgperf: %zu pass, %zu warn, %zu fail, %zu skip, %zu error\n\n",
		      run->counts[PP_STATUS_PASS], run->counts[PP_STATUS_WARN],
		      run->counts[PP_STATUS_FAIL], run->counts[PP_STATUS_SKIP],
		      run->counts[PP_STATUS_ERROR]);
	pp_buf_printf(&b, "%zu cases in %.1f s on PostgreSQL %s%s.\n\n", run->n_results,
		      run->duration_ms / 1e3, run->server.version ? run->server.version : "?",
		      run->connection_lost ? " (connection lost)"
		      : run->interrupted   ? " (interrupted)"
					   : "");
	pp_buf_puts(&b, "| case | status | p50 | p95 | p99 | max | limit | plan |\n"
			"|---|---|---:|---:|---:|---:|---|---|\n");
	for (size_t i = 0; i < run->n_results; i++) {
		const struct pp_case_result *r = &run->results[i];
		const char *st = pp_outcome_status_name(r->status);

		pp_buf_puts(&b, "| `");
		cell(&b, r->c->name);
		pp_buf_printf(&b, "` | %s%s%s | ",
			      r->status >= PP_STATUS_FAIL && r->status != PP_STATUS_SKIP ? "**" : "",
			      st, r->status >= PP_STATUS_FAIL && r->status != PP_STATUS_SKIP ? "**" : "");
		if (r->has_stats) {
			dur(&b, r->stats.p50);
			pp_buf_puts(&b, " | ");
			dur(&b, r->stats.p95);
			pp_buf_puts(&b, " | ");
			dur(&b, r->stats.p99);
			pp_buf_puts(&b, " | ");
			dur(&b, r->stats.max);
		} else {
			pp_buf_puts(&b, " | | | ");
		}
		pp_buf_puts(&b, " | ");
		for (size_t k = 0; k < r->n_thresholds; k++) {
			char lim[32];

			pp_threshold_format(r->thresholds[k].metric, (double)r->thresholds[k].limit, lim,
					    sizeof lim);
			pp_buf_printf(&b, "%s%s < %s", k ? ", " : "",
				      pp_stats_metric_name(r->thresholds[k].metric), lim);
		}
		pp_buf_puts(&b, " | ");
		cell(&b, r->plan_fact ? r->plan_fact : r->reason);
		pp_buf_puts(&b, " |\n");
	}

	for (int pass = 0; pass < 2; pass++) {
		bool header = false;

		for (size_t i = 0; i < run->n_results; i++) {
			const struct pp_case_result *r = &run->results[i];

			for (size_t k = 0; k < r->n_findings; k++) {
				const struct pp_finding *f = &r->findings[k];

				if (is_baseline_kind(f->kind) != (pass == 1))
					continue;
				if (!header) {
					pp_buf_puts(&b, pass ? "\n### Against the baseline\n\n"
							     : "\n### Findings\n\n");
					header = true;
				}
				pp_buf_printf(&b, "- **%s** `%s` %s: ",
					      pp_result_severity_name(f->severity), r->c->name,
					      f->kind);
				if (strchr(f->message, '\n') != NULL) {
					pp_buf_puts(&b, "\n\n  ```\n  ");
					for (const char *p = f->message; *p; p++) {
						pp_buf_putc(&b, *p);
						if (*p == '\n')
							pp_buf_puts(&b, "  ");
					}
					pp_buf_puts(&b, "\n  ```\n");
				} else {
					pp_buf_puts(&b, f->message);
					pp_buf_putc(&b, '\n');
				}
				any = true;
			}
		}
	}
	if (!any)
		pp_buf_puts(&b, "\nNo findings.\n");

	cpu_model(cpu, sizeof cpu);
	if (uname(&u) != 0)
		memset(&u, 0, sizeof u);
	pp_buf_printf(&b, "\n<details><summary>Environment</summary>\n\n"
			  "- pgperf %s, target %s, seed %llu\n"
			  "- PostgreSQL %s\n- settings:",
		      PACKAGE_VERSION, run->target ? run->target : "?",
		      (unsigned long long)run->seed, run->server.version ? run->server.version : "?");
	for (size_t i = 0; i < run->server.n_settings; i++)
		pp_buf_printf(&b, "%s `%s = %s`", i ? "," : "", run->server.settings[i].name,
			      run->server.settings[i].value);
	pp_buf_printf(&b, "\n- %s %s %s; CPU %s x %ld\n\n</details>\n", u.sysname, u.release,
		      u.machine, cpu, sysconf(_SC_NPROCESSORS_ONLN));

	pp_buf_puts(&b, "\n<details><summary>Raw numbers (ms)</summary>\n\n"
			"| case | iterations | min | mean | p50 | p90 | p95 | p99 | max | stddev |\n"
			"|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
	for (size_t i = 0; i < run->n_results; i++) {
		const struct pp_case_result *r = &run->results[i];
		const struct pp_stats *s = &r->stats;

		if (!r->has_stats)
			continue;
		pp_buf_puts(&b, "| `");
		cell(&b, r->c->name);
		pp_buf_printf(&b, "` | %zu | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f |\n",
			      s->n, s->min / 1e6, s->mean / 1e6, s->p50 / 1e6, s->p90 / 1e6,
			      s->p95 / 1e6, s->p99 / 1e6, s->max / 1e6, s->stddev / 1e6);
	}
	pp_buf_puts(&b, "\n</details>\n");
	ok = pp_report_write_file(mr->path, b.data, b.len);
	pp_buf_reset(&b);
	return ok;
}

static void
markdown_destroy(struct pp_reporter *rep)
{
	struct markdown_reporter *mr = (struct markdown_reporter *)rep;

	free(mr->path);
	free(mr);
}

struct pp_reporter *
pp_report_markdown_new(const char *path)
{
	struct markdown_reporter *mr = pp_mem_calloc(1, sizeof *mr);

	mr->base.finish = markdown_finish;
	mr->base.destroy = markdown_destroy;
	mr->path = pp_mem_strdup(path);
	return &mr->base;
}
