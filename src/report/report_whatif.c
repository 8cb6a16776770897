/*
 * report_whatif.c: pgperf whatif's results as text, JSON and Markdown (see report_whatif.h).
 */
#include "report/report_whatif.h"

#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"
#include "report/report_common.h"
#include "util/buf.h"
#include "util/mem.h"
#include "util/utf8.h"

/* What happened to a case, one word: improves, worsens, same, error, skip. */
static const char *
change_word(const struct pp_whatif_case *wc)
{
	double before, after;

	if (!wc->planned)
		return wc->status == PP_STATUS_SKIP ? "skip" : "error";
	if (wc->verdict_after > wc->verdict_before)
		return "worsens";
	if (wc->verdict_after < wc->verdict_before)
		return "improves";
	before = wc->before->root->total_cost;
	after = wc->after->root->total_cost;
	return after < before * 0.99 ? "improves" : after > before * 1.01 ? "worsens" : "same";
}

static double
percent(double before, double after)
{
	return before > 0 ? (after - before) / before * 100.0 : 0.0;
}

static void
text_case(struct pp_buf *b, const struct pp_whatif_case *wc, int width)
{
	const char *word = change_word(wc);

	pp_buf_printf(b, "%-8s ", word);
	pp_report_escape(b, PP_REPORT_TEXT, pp_case_label(wc->c));
	for (int pad = width - (int)strlen(pp_case_label(wc->c)); pad > 0; pad--)
		pp_buf_putc(b, ' ');
	if (!wc->planned) {
		pp_buf_puts(b, "  ");
		pp_report_escape(b, PP_REPORT_TEXT, wc->reason != NULL ? wc->reason : "");
		pp_buf_putc(b, '\n');
		return;
	}
	pp_buf_printf(b, "  cost %.2f -> %.2f (%+.0f%%)  %s -> %s%s",
		      wc->before->root->total_cost, wc->after->root->total_cost,
		      percent(wc->before->root->total_cost, wc->after->root->total_cost),
		      pp_outcome_status_name(wc->verdict_before),
		      pp_outcome_status_name(wc->verdict_after),
		      wc->plan_changed ? "  plan changed" : "");
	for (size_t i = 0; i < wc->n_uses; i++) {
		pp_buf_puts(b, i == 0 ? "\n         uses " : "; ");
		pp_report_escape(b, PP_REPORT_TEXT, wc->uses[i]);
	}
	if (wc->verdict_after > wc->verdict_before && wc->finding_after != NULL) {
		pp_buf_puts(b, "\n         ");
		pp_report_escape(b, PP_REPORT_TEXT, wc->finding_after);
	}
	if (wc->n_nested > 0)
		pp_buf_printf(b, "\n         %zu statement%s its functions or triggers run judged on "
				 "their plans as they are: a plan without execution cannot re-plan "
				 "them",
			      wc->n_nested, wc->n_nested == 1 ? "" : "s");
	pp_buf_putc(b, '\n');
}

static void
text_suggestions(struct pp_buf *b, const struct pp_whatif *w)
{
	if (!w->suggest)
		return;
	if (w->n_suggestions == 0) {
		pp_buf_printf(b, "\nno index saves at least %.0f%% and %.0f of a case's cost (%zu "
				 "candidates tried)\n",
			      w->min_saving_ratio * 100, w->min_saving_cost, w->n_candidates);
		return;
	}
	pp_buf_printf(b, "\nsuggested indexes (%zu of %zu candidates), by total saving:\n",
		      w->n_suggestions, w->n_candidates);
	for (size_t i = 0; i < w->n_suggestions; i++) {
		const struct pp_whatif_suggestion *s = &w->suggestions[i];

		pp_report_escape(b, PP_REPORT_TEXT, s->statement);
		pp_buf_printf(b, ";\n    saves %.2f cost, about %.0f kB; helps ", s->saving,
			      s->size_bytes / 1024);
		for (size_t k = 0; k < s->n_helps; k++) {
			pp_buf_puts(b, k ? ", " : "");
			pp_report_escape(b, PP_REPORT_TEXT, s->helps[k]);
		}
		for (size_t k = 0; k < s->n_worsens; k++) {
			pp_buf_puts(b, k ? ", " : "; makes worse: ");
			pp_report_escape(b, PP_REPORT_TEXT, s->worsens[k]);
		}
		pp_buf_putc(b, '\n');
		for (size_t k = 0; k < s->n_foreign_keys; k++) {
			pp_buf_puts(b, "    also serves the foreign key ");
			pp_report_escape(b, PP_REPORT_TEXT, s->foreign_keys[k]);
			pp_buf_puts(b, ": its checks on DELETE and UPDATE of the referenced table find "
				       "the referencing rows through it\n");
		}
	}
}

bool
pp_report_whatif_text(const struct pp_whatif *w, FILE *out)
{
	struct pp_whatif_summary s;
	struct pp_buf b;
	int width = 0;
	bool ok;

	for (size_t i = 0; i < w->n_cases; i++)
		if ((int)strlen(pp_case_label(w->cases[i].c)) > width)
			width = (int)strlen(pp_case_label(w->cases[i].c));
	pp_buf_init(&b);
	for (size_t i = 0; i < w->n_cases; i++)
		text_case(&b, &w->cases[i], width);
	text_suggestions(&b, w);
	pp_whatif_summarize(w, &s);
	pp_buf_printf(&b,
		      "\n%zu cases planned: %zu cost less, %zu cost more, %zu plans changed; "
		      "verdict better in %zu, worse in %zu",
		      s.planned, s.improved, s.worsened, s.changed, s.better, s.worse);
	if (s.errors > 0)
		pp_buf_printf(&b, "; %zu could not be planned", s.errors);
	pp_buf_putc(&b, '\n');
	ok = fwrite(b.data, 1, b.len, out) == b.len && fflush(out) == 0;
	pp_buf_reset(&b);
	return ok;
}

/* --- JSON ----------------------------------------------------------------------------------- */

/* A string as valid UTF-8 whatever bytes it holds. */
static void
add_string(cJSON *obj, const char *key, const char *s)
{
	struct pp_buf b;

	pp_buf_init(&b);
	pp_utf8_sanitize(&b, s, strlen(s));
	cJSON_AddStringToObject(obj, key, b.data != NULL ? b.data : "");
	pp_buf_reset(&b);
}

static cJSON *
string_array(char *const *items, size_t n)
{
	cJSON *a = cJSON_CreateArray();

	for (size_t i = 0; i < n; i++) {
		cJSON *holder = cJSON_CreateObject();

		add_string(holder, "s", items[i]);
		cJSON_AddItemToArray(a, cJSON_DetachItemFromObject(holder, "s"));
		cJSON_Delete(holder);
	}
	return a;
}

static cJSON *
side(const struct pp_plan *plan, enum pp_status verdict, const char *finding)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "cost", plan->root->total_cost);
	cJSON_AddStringToObject(o, "status", pp_outcome_status_name(verdict));
	if (finding != NULL)
		add_string(o, "finding", finding);
	return o;
}

static cJSON *
json_case(const struct pp_whatif_case *wc)
{
	cJSON *c = cJSON_CreateObject(), *after;

	add_string(c, "name", pp_case_label(wc->c));
	cJSON_AddStringToObject(c, "change", change_word(wc));
	if (!wc->planned) {
		cJSON_AddStringToObject(c, "status", pp_outcome_status_name(wc->status));
		add_string(c, "reason", wc->reason != NULL ? wc->reason : "");
		return c;
	}
	cJSON_AddItemToObject(c, "before", side(wc->before, wc->verdict_before, wc->finding_before));
	after = side(wc->after, wc->verdict_after, wc->finding_after);
	cJSON_AddItemToObject(after, "uses", string_array(wc->uses, wc->n_uses));
	cJSON_AddItemToObject(c, "after", after);
	cJSON_AddBoolToObject(c, "plan_changed", wc->plan_changed);
	cJSON_AddNumberToObject(c, "nested_not_replanned", (double)wc->n_nested);
	return c;
}

static cJSON *
json_suggestion(const struct pp_whatif_suggestion *s)
{
	cJSON *o = cJSON_CreateObject();

	add_string(o, "statement", s->statement);
	cJSON_AddNumberToObject(o, "saving", s->saving);
	cJSON_AddNumberToObject(o, "size_bytes", s->size_bytes);
	cJSON_AddItemToObject(o, "cases", string_array(s->helps, s->n_helps));
	cJSON_AddItemToObject(o, "worsens", string_array(s->worsens, s->n_worsens));
	cJSON_AddItemToObject(o, "foreign_keys", string_array(s->foreign_keys, s->n_foreign_keys));
	return o;
}

bool
pp_report_whatif_json(const struct pp_whatif *w, const char *path)
{
	cJSON *root = cJSON_CreateObject(), *cases = cJSON_AddArrayToObject(root, "cases");
	cJSON *sugg = cJSON_AddArrayToObject(root, "suggestions"), *sum;
	struct pp_whatif_summary s;
	char *text;
	bool ok;

	for (size_t i = 0; i < w->n_cases; i++)
		cJSON_AddItemToArray(cases, json_case(&w->cases[i]));
	for (size_t i = 0; i < w->n_suggestions; i++)
		cJSON_AddItemToArray(sugg, json_suggestion(&w->suggestions[i]));
	pp_whatif_summarize(w, &s);
	sum = cJSON_AddObjectToObject(root, "summary");
	cJSON_AddNumberToObject(sum, "planned", (double)s.planned);
	cJSON_AddNumberToObject(sum, "cost_less", (double)s.improved);
	cJSON_AddNumberToObject(sum, "cost_more", (double)s.worsened);
	cJSON_AddNumberToObject(sum, "plans_changed", (double)s.changed);
	cJSON_AddNumberToObject(sum, "verdict_better", (double)s.better);
	cJSON_AddNumberToObject(sum, "verdict_worse", (double)s.worse);
	cJSON_AddNumberToObject(sum, "errors", (double)s.errors);
	text = cJSON_Print(root);
	ok = text != NULL && pp_report_write_file(path, text, strlen(text)) &&
	     (strcmp(path, "-") != 0 || fputc('\n', stdout) != EOF);
	cJSON_free(text);
	cJSON_Delete(root);
	return ok;
}

/* --- Markdown ------------------------------------------------------------------------------- */

static void
md_case(struct pp_buf *b, const struct pp_whatif_case *wc)
{
	pp_buf_puts(b, "| ");
	pp_report_markdown_code(b, pp_case_label(wc->c));
	pp_buf_printf(b, " | %s | ", change_word(wc));
	if (!wc->planned) {
		pp_report_escape(b, PP_REPORT_MARKDOWN, wc->reason != NULL ? wc->reason : "");
		pp_buf_puts(b, " | | | |\n");
		return;
	}
	pp_buf_printf(b, "%.2f → %.2f (%+.0f%%) | %s → %s | %s | ", wc->before->root->total_cost,
		      wc->after->root->total_cost,
		      percent(wc->before->root->total_cost, wc->after->root->total_cost),
		      pp_outcome_status_name(wc->verdict_before),
		      pp_outcome_status_name(wc->verdict_after), wc->plan_changed ? "yes" : "no");
	for (size_t i = 0; i < wc->n_uses; i++) {
		pp_buf_puts(b, i ? "<br>" : "");
		pp_report_markdown_code(b, wc->uses[i]);
	}
	pp_buf_puts(b, " |\n");
}

bool
pp_report_whatif_markdown(const struct pp_whatif *w, const char *path)
{
	struct pp_whatif_summary s;
	struct pp_buf b;
	bool ok;

	pp_whatif_summarize(w, &s);
	pp_buf_init(&b);
	pp_buf_printf(&b, "## pgperf whatif\n\n%zu cases planned: %zu cost less, %zu cost more, "
			  "%zu plans changed; verdict better in %zu, worse in %zu.\n\n",
		      s.planned, s.improved, s.worsened, s.changed, s.better, s.worse);
	pp_buf_puts(&b, "| case | change | cost before → after | verdict | plan changed | uses |\n"
			"|---|---|---:|---|---|---|\n");
	for (size_t i = 0; i < w->n_cases; i++)
		md_case(&b, &w->cases[i]);
	for (size_t i = 0; i < w->n_suggestions; i++) {
		const struct pp_whatif_suggestion *sg = &w->suggestions[i];

		if (i == 0)
			pp_buf_puts(&b, "\n### Suggested indexes\n\n");
		pp_buf_printf(&b, "- saves %.2f cost (", sg->saving);
		for (size_t k = 0; k < sg->n_helps; k++) {
			pp_buf_puts(&b, k ? ", " : "");
			pp_report_markdown_code(&b, sg->helps[k]);
		}
		for (size_t k = 0; k < sg->n_foreign_keys; k++) {
			pp_buf_puts(&b, k ? ", " : "; also the foreign key ");
			pp_report_markdown_code(&b, sg->foreign_keys[k]);
		}
		pp_buf_puts(&b, "):\n\n  ```sql\n  ");
		pp_report_escape(&b, PP_REPORT_TEXT, sg->statement);
		pp_buf_puts(&b, ";\n  ```\n");
	}
	ok = pp_report_write_file(path, b.data, b.len);
	pp_buf_reset(&b);
	return ok;
}
