/*
 * report_common.c: escaping per format and the pieces every report format shows (see
 * report_common.h).
 */
#include "report/report_common.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "util/mem.h"
#include "util/units.h"
#include "util/utf8.h"
#include "verdict/threshold.h"

/* --- escaping ------------------------------------------------------------------------------- */

/*
 * Characters shown as an escape sequence in every format: C0 controls but tab and newline, DEL,
 * C1 controls (terminal escape sequences, carriage returns that overwrite a line), the
 * bidirectional embeddings, overrides and isolates (text that reads other than it is), and the
 * two noncharacters XML forbids.
 */
static bool
is_hidden(uint32_t cp)
{
	return (cp < 0x20 && cp != '\t' && cp != '\n') || (cp >= 0x7F && cp <= 0x9F) ||
	       (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFFFE ||
	       cp == 0xFFFF;
}

/* An ASCII character and what a syntax writes instead; tables end with { 0, NULL }. */
struct replacement {
	char c;
	const char *with;
};

static const struct replacement xml_table[] = {
	{ '&', "&amp;" }, { '<', "&lt;" }, { '>', "&gt;" }, { '"', "&quot;" }, { '\'', "&#39;" },
	{ 0, NULL },
};

static const struct replacement xml_attr_table[] = {
	{ '&', "&amp;" }, { '<', "&lt;" },  { '>', "&gt;" }, { '"', "&quot;" },
	{ '\'', "&#39;" }, { '\n', "&#10;" }, { '\t', "&#9;" }, { 0, NULL },
};

static const struct replacement markdown_table[] = {
	{ '&', "&amp;" }, { '<', "&lt;" }, { '>', "&gt;" }, { '\\', "\\\\" }, { '`', "\\`" },
	{ '*', "\\*" },   { '_', "\\_" },  { '[', "\\[" },  { ']', "\\]" },     { '|', "\\|" },
	{ '~', "\\~" },   { '$', "\\$" },  { '\n', "<br>" }, { 0, NULL },
};

/* s sanitized, hidden characters made visible, ASCII characters replaced as table says. */
static void
escape(struct pp_buf *b, const char *s, const struct replacement *table)
{
	size_t n = s != NULL ? strlen(s) : 0, len;

	for (size_t off = 0; off < n; off += len) {
		uint32_t cp = pp_utf8_decode(s + off, n - off, &len);
		const struct replacement *r = table;

		while (r != NULL && r->with != NULL && (uint32_t)(unsigned char)r->c != cp)
			r++;
		if (r != NULL && r->with != NULL)
			pp_buf_puts(b, r->with);
		else if (is_hidden(cp))
			pp_buf_printf(b, cp < 0x100 ? "\\x%02x" : "\\u%04x", (unsigned)cp);
		else
			pp_utf8_put(b, cp);
	}
}

void
pp_report_escape(struct pp_buf *b, enum pp_report_syntax syntax, const char *s)
{
	static const struct replacement *const tables[] = {
		[PP_REPORT_TEXT] = NULL,
		[PP_REPORT_XML] = xml_table,
		[PP_REPORT_XML_ATTR] = xml_attr_table,
		[PP_REPORT_MARKDOWN] = markdown_table,
	};

	escape(b, s, tables[syntax]);
}

void
pp_report_enclose(struct pp_buf *b, const char *before, enum pp_report_syntax syntax,
		  const char *s, const char *after)
{
	pp_buf_puts(b, before);
	pp_report_escape(b, syntax, s);
	pp_buf_puts(b, after);
}

void
pp_report_markdown_code(struct pp_buf *b, const char *s)
{
	if (s == NULL || *s == '\0' || strpbrk(s, "`<>&|\n") != NULL) {
		pp_report_escape(b, PP_REPORT_MARKDOWN, s);
		return;
	}
	pp_buf_putc(b, '`');
	escape(b, s, NULL);
	pp_buf_putc(b, '`');
}

static void
fence(struct pp_buf *b, const char *indent, size_t n)
{
	pp_buf_printf(b, "\n%s", indent);
	for (size_t i = 0; i < n; i++)
		pp_buf_putc(b, '`');
}

void
pp_report_markdown_block(struct pp_buf *b, const char *s, const char *indent)
{
	size_t run = 0, longest = 0;

	if (s == NULL || strpbrk(s, "<>&") != NULL) {
		pp_report_escape(b, PP_REPORT_MARKDOWN, s);
		return;
	}
	for (const char *p = s; *p; p++) {
		run = *p == '`' ? run + 1 : 0;
		longest = run > longest ? run : longest;
	}
	longest = longest < 3 ? 3 : longest + 1;
	pp_buf_putc(b, '\n');
	fence(b, indent, longest);
	for (const char *p = s;;) {
		const char *nl = strchr(p, '\n');
		char *line = pp_mem_strndup(p, nl != NULL ? (size_t)(nl - p) : strlen(p));

		pp_buf_printf(b, "\n%s", indent);
		escape(b, line, NULL);
		free(line);
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	fence(b, indent, longest);
}

/* --- the shared pieces --------------------------------------------------------------------- */

const struct pp_report_markup pp_report_plain = { .syntax = PP_REPORT_TEXT, .item = "",
						  .item_end = "\n" };

/* s through fn, or escaped as the markup's running text when fn is NULL. */
static void
put(struct pp_buf *b, const struct pp_report_markup *m, pp_report_write_fn fn, const char *s)
{
	if (fn != NULL)
		fn(b, s);
	else
		pp_report_escape(b, m->syntax, s);
}

void
pp_report_duration(struct pp_buf *b, double ns)
{
	char s[32];

	pp_units_format_duration((int64_t)ns, s, sizeof s);
	pp_buf_puts(b, s);
}

void
pp_report_row_init(struct pp_report_row *row, const struct pp_case_result *r)
{
	memset(row, 0, sizeof *row);
	row->name = pp_case_label(r->c);
	row->status = pp_outcome_status_name(r->status);
	row->has_stats = r->has_stats;
	if (r->has_stats) {
		pp_units_format_duration((int64_t)r->stats.p50, row->p50, sizeof row->p50);
		pp_units_format_duration((int64_t)r->stats.p95, row->p95, sizeof row->p95);
		pp_units_format_duration((int64_t)r->stats.p99, row->p99, sizeof row->p99);
		pp_units_format_duration((int64_t)r->stats.max, row->max, sizeof row->max);
	}
	row->fact = r->plan_fact != NULL ? r->plan_fact : r->reason;
}

/* The threshold to show: the worst miss, else the tightest pass. */
static const struct pp_threshold_result *
headline_threshold(const struct pp_case_result *r)
{
	const struct pp_threshold_result *best = NULL;

	for (size_t i = 0; i < r->n_thresholds; i++) {
		const struct pp_threshold_result *t = &r->thresholds[i];

		if (best == NULL || t->status > best->status ||
		    (t->status == best->status &&
		     t->value / (double)t->limit > best->value / (double)best->limit))
			best = t;
	}
	return best;
}

void
pp_report_verdict(struct pp_buf *b, const struct pp_case_result *r)
{
	const struct pp_threshold_result *t = headline_threshold(r);
	char value[32], limit[32];

	if (t == NULL) {
		if (r->has_stats)
			pp_buf_puts(b, "(no threshold)");
		return;
	}
	pp_threshold_format(t->metric, t->value, value, sizeof value);
	pp_threshold_format(t->metric, (double)t->limit, limit, sizeof limit);
	if (t->status == PP_STATUS_PASS)
		pp_buf_printf(b, "%s %s < %s", pp_stats_metric_name(t->metric), value, limit);
	else
		pp_buf_printf(b, "%s %s >= %s (%+.0f%%)", pp_stats_metric_name(t->metric), value,
			      limit, (t->value / (double)t->limit - 1.0) * 100.0);
}

void
pp_report_limits(struct pp_buf *b, const struct pp_case_result *r)
{
	char limit[32];

	for (size_t k = 0; k < r->n_thresholds; k++) {
		pp_threshold_format(r->thresholds[k].metric, (double)r->thresholds[k].limit, limit,
				    sizeof limit);
		pp_buf_printf(b, "%s%s < %s", k ? ", " : "",
			      pp_stats_metric_name(r->thresholds[k].metric), limit);
	}
}

void
pp_report_counts(struct pp_buf *b, const struct pp_run *run)
{
	pp_buf_printf(b, "%zu pass, %zu warn, %zu fail, %zu skip, %zu error",
		      run->counts[PP_STATUS_PASS], run->counts[PP_STATUS_WARN],
		      run->counts[PP_STATUS_FAIL], run->counts[PP_STATUS_SKIP],
		      run->counts[PP_STATUS_ERROR]);
}

const char *
pp_report_stop_note(const struct pp_run *run)
{
	return run->interrupted ? " (interrupted)" : run->connection_lost ? " (connection lost)" : "";
}

bool
pp_report_is_baseline_finding(const struct pp_finding *f)
{
	return strcmp(f->kind, "regression") == 0 || strcmp(f->kind, "plan_changed") == 0 ||
	       strcmp(f->kind, "new_case") == 0 || strcmp(f->kind, "time") == 0 ||
	       strcmp(f->kind, "buffers") == 0 || strcmp(f->kind, "temp_blocks") == 0;
}

void
pp_report_finding(struct pp_buf *b, const struct pp_report_markup *m, const char *case_name,
		  const struct pp_finding *f)
{
	pp_buf_puts(b, m->item);
	if (m->severity != NULL)
		m->severity(b, pp_result_severity_name(f->severity));
	else
		pp_buf_puts(b, pp_result_severity_name(f->severity));
	if (case_name != NULL) {
		pp_buf_putc(b, ' ');
		put(b, m, m->code, case_name);
	}
	pp_buf_printf(b, " %s: ", f->kind);
	put(b, m, m->message, f->message);
	pp_buf_puts(b, m->item_end);
}

/* One "label: text" entry, the text through the markup's message writer; nothing for NULL. */
static void
labelled(struct pp_buf *b, const struct pp_report_markup *m, const char *label, const char *text)
{
	if (text == NULL)
		return;
	pp_buf_printf(b, "%s%s: ", m->item, label);
	put(b, m, m->message, text);
	pp_buf_puts(b, m->item_end);
}

void
pp_report_error_info(struct pp_buf *b, const struct pp_report_markup *m,
		     const struct pp_case_result *r)
{
	labelled(b, m, "detail", r->detail);
	labelled(b, m, "hint", r->hint);
	labelled(b, m, "context", r->context);
}

bool
pp_report_has_leftovers(const struct pp_case_result *r)
{
	return r->n_sequences_left > 0 || r->n_dead_tuples > 0;
}

void
pp_report_leftovers(struct pp_buf *b, const struct pp_report_markup *m,
		    const struct pp_case_result *r)
{
	for (size_t i = 0; i < r->n_sequences_left; i++) {
		const struct pp_sequence_left *s = &r->sequences_left[i];

		pp_buf_printf(b, "%ssequence ", m->item);
		put(b, m, m->code, s->sequence);
		if (s->value != NULL)
			pp_report_enclose(b, " left at ", m->syntax, s->value, ": ");
		else
			pp_buf_puts(b, " left moved: ");
		put(b, m, m->message, s->reason);
		pp_buf_puts(b, m->item_end);
	}
	if (r->n_dead_tuples == 0)
		return;
	pp_buf_printf(b, "%sdead tuples left:", m->item);
	for (size_t i = 0; i < r->n_dead_tuples; i++) {
		pp_buf_puts(b, i > 0 ? ", " : " ");
		put(b, m, m->code, r->dead_tuples[i].relation);
		pp_buf_printf(b, " %lld", (long long)r->dead_tuples[i].n);
	}
	pp_buf_printf(b, "%s%s", r->vacuumed ? "; vacuumed" : "", m->item_end);
}

/* This machine: "Linux 6.1.0 x86_64; CPU Intel(R) Xeon(R) x 8". */
static void
host(struct pp_buf *b, const struct pp_report_markup *m)
{
	struct pp_buf what;
	struct utsname u;
	char line[512], cpu[256] = "unknown";
	FILE *f = fopen("/proc/cpuinfo", "r");

	while (f != NULL && fgets(line, sizeof line, f) != NULL) {
		if (strncmp(line, "model name", 10) == 0 && strchr(line, ':') != NULL) {
			snprintf(cpu, sizeof cpu, "%s", strchr(line, ':') + 2);
			cpu[strcspn(cpu, "\n")] = '\0';
			break;
		}
	}
	if (f != NULL)
		fclose(f);
	if (uname(&u) != 0)
		memset(&u, 0, sizeof u);
	pp_buf_init(&what);
	pp_buf_printf(&what, "%s %s %s; CPU %s x %ld", u.sysname, u.release, u.machine, cpu,
		      sysconf(_SC_NPROCESSORS_ONLN));
	pp_report_escape(b, m->syntax, what.data);
	pp_buf_reset(&what);
}

void
pp_report_environment(struct pp_buf *b, const struct pp_report_markup *m,
		      const struct pp_run *run)
{
	struct pp_buf setting;

	pp_buf_printf(b, "%spgperf: %s%s", m->item, PACKAGE_VERSION, m->item_end);
	pp_buf_printf(b, "%starget: ", m->item);
	pp_report_escape(b, m->syntax, run->target != NULL ? run->target : "?");
	pp_buf_printf(b, "%s%sserver: PostgreSQL ", m->item_end, m->item);
	pp_report_escape(b, m->syntax, run->server.version != NULL ? run->server.version : "?");
	pp_buf_printf(b, "%s%ssettings:", m->item_end, m->item);
	pp_buf_init(&setting);
	for (size_t i = 0; i < run->server.n_settings; i++) {
		pp_buf_clear(&setting);
		pp_buf_printf(&setting, "%s = %s", run->server.settings[i].name,
			      run->server.settings[i].value);
		pp_buf_puts(b, i > 0 ? ", " : " ");
		put(b, m, m->code, setting.data);
	}
	pp_buf_reset(&setting);
	pp_buf_printf(b, "%s%sseed: %llu%s%shost: ", m->item_end, m->item,
		      (unsigned long long)run->seed, m->item_end, m->item);
	host(b, m);
	pp_buf_puts(b, m->item_end);
}

/* --- the plan tree ------------------------------------------------------------------------- */

struct plan_ctx {
	struct pp_buf *out;
	const struct pp_case_result *r;
	pp_report_plan_line_fn line;
	size_t start; /* where the node's line begins in the rendered text */
	struct pp_buf marks;
};

/* By the node's path where the finding has one; else by node type and relation. */
static bool
finding_on_node(const struct pp_finding *f, const struct pp_plan_node *n)
{
	if (f->node_path != NULL)
		return strcmp(f->node_path, n->path) == 0;
	return f->node != NULL && strcmp(f->node, n->node_type) == 0 &&
	       (f->relation == NULL || n->relation == NULL || strcmp(f->relation, n->relation) == 0);
}

static void
plan_node(const struct pp_plan_node *n, struct pp_buf *text, void *vctx)
{
	struct plan_ctx *ctx = vctx;

	pp_buf_clear(&ctx->marks);
	for (size_t i = 0; i < ctx->r->n_findings; i++) {
		const struct pp_finding *f = &ctx->r->findings[i];

		if (finding_on_node(f, n))
			pp_buf_printf(&ctx->marks, "%s%s %s", ctx->marks.len > 0 ? ", " : "",
				      pp_result_severity_name(f->severity), f->kind);
	}
	ctx->line(ctx->out, text->data + ctx->start, ctx->marks.data);
	ctx->start = text->len + 1; /* the renderer ends the line with a newline next */
}

void
pp_report_plan_of(struct pp_buf *b, const struct pp_case_result *r, const struct pp_plan *plan,
		  pp_report_plan_line_fn line)
{
	struct plan_ctx ctx = { .out = b, .r = r, .line = line, .start = 0 };
	struct pp_buf text;

	pp_buf_init(&text);
	pp_buf_init(&ctx.marks);
	pp_explain_render(plan, &text, plan_node, &ctx);
	pp_buf_reset(&ctx.marks);
	pp_buf_reset(&text);
}

void
pp_report_plan(struct pp_buf *b, const struct pp_case_result *r, pp_report_plan_line_fn line)
{
	pp_report_plan_of(b, r, r->plan, line);
}
