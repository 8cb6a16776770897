/*
 * whatif_suggest.c: pgperf whatif --suggest: candidate indexes from the plans before, and the
 * ranking of those that save enough (see whatif.h), and the run's summary.
 */
#include <stdlib.h>
#include <string.h>

#include "input/predicate.h"
#include "pg/conn.h"
#include "run/whatif.h"
#include "util/buf.h"
#include "util/mem.h"
#include "util/str.h"

#define MAX_CANDIDATES 20

/* The condition a scan's rows are chosen by: its Filter, else the join condition above it. */
static const char *
condition_of(const struct pp_plan_node *n)
{
	if (n->filter != NULL)
		return n->filter;
	for (const struct pp_plan_node *p = n->parent; p != NULL; p = p->parent) {
		if (p->join_cond != NULL)
			return p->join_cond;
		if (strcmp(p->node_type, "Hash") != 0)
			break;
	}
	return NULL;
}

static void
from_node(struct pp_whatif *w, const struct pp_plan_node *n)
{
	const char *cond = condition_of(n);

	if (strcmp(n->node_type, "Seq Scan") == 0 && n->relation != NULL && cond != NULL &&
	    w->n_candidates < MAX_CANDIDATES) {
		struct pp_predicate p = { 0 };
		const char *qualifier = n->alias != NULL ? n->alias : strrchr(n->relation, '.') + 1;

		if (pp_predicate_read(cond, qualifier, &p) && p.n_equal + p.n_range > 0) {
			char *stmt = pp_predicate_index(pp_family_index_table(w->family, n->relation), &p);

			if (pp_str_list_has(w->candidates, w->n_candidates, stmt))
				free(stmt);
			else
				pp_str_list_push(&w->candidates, &w->n_candidates, stmt);
		}
		pp_predicate_reset(&p);
	}
	for (size_t i = 0; i < n->n_children; i++)
		from_node(w, n->children[i]);
}

size_t
pp_whatif_candidates(struct pp_whatif *w)
{
	for (size_t i = 0; i < w->n_cases; i++)
		if (w->cases[i].planned)
			from_node(w, w->cases[i].before->root);
	free(w->candidate_sizes);
	w->candidate_sizes = pp_mem_calloc(w->n_candidates + 1, sizeof *w->candidate_sizes);
	return w->n_candidates;
}

/* What candidate k saves on case i when it saves enough, else 0. */
static double
saving(const struct pp_whatif *w, size_t i, size_t k)
{
	const struct pp_whatif_case *wc = &w->cases[i];
	double before, now;

	if (!wc->planned || wc->costs == NULL)
		return 0;
	before = wc->cost_none;
	now = wc->costs[k];
	if (before - now >= w->min_saving_cost && before - now >= w->min_saving_ratio * before)
		return before - now;
	return 0;
}

/* The suggestion of candidate k over the cases not yet served (served marks them). */
static struct pp_whatif_suggestion
weigh(const struct pp_whatif *w, size_t k, const bool *served)
{
	struct pp_whatif_suggestion s = { .size_bytes = w->candidate_sizes[k] };

	for (size_t i = 0; i < w->n_cases; i++) {
		const struct pp_whatif_case *wc = &w->cases[i];
		double save = saving(w, i, k);

		if (save > 0 && !served[i]) {
			s.saving += save;
			pp_str_list_push(&s.helps, &s.n_helps, pp_mem_strdup(pp_case_label(wc->c)));
		} else if (wc->planned && wc->costs != NULL &&
			   wc->costs[k] > wc->cost_none * 1.01 + 1) {
			pp_str_list_push(&s.worsens, &s.n_worsens,
					 pp_mem_strdup(pp_case_label(wc->c)));
		}
	}
	return s;
}

static void
suggestion_reset(struct pp_whatif_suggestion *s)
{
	pp_str_list_free(s->helps, s->n_helps);
	pp_str_list_free(s->worsens, s->n_worsens);
	pp_str_list_free(s->foreign_keys, s->n_foreign_keys);
	free(s->statement);
	memset(s, 0, sizeof *s);
}

/*
 * Greedy: the candidate saving most over the cases no kept one serves yet, again and again, so
 * one multi-column index serving several cases is preferred to several serving one each.
 */
void
pp_whatif_rank(struct pp_whatif *w)
{
	bool *served = pp_mem_calloc(w->n_cases + 1, sizeof *served);
	bool *used = pp_mem_calloc(w->n_candidates + 1, sizeof *used);

	for (;;) {
		struct pp_whatif_suggestion best = { 0 };
		size_t best_k = 0;

		for (size_t k = 0; k < w->n_candidates; k++) {
			struct pp_whatif_suggestion s;

			if (used[k])
				continue;
			s = weigh(w, k, served);
			if (s.saving > best.saving) {
				suggestion_reset(&best);
				best = s;
				best_k = k;
			} else {
				suggestion_reset(&s);
			}
		}
		if (best.saving <= 0)
			break;
		used[best_k] = true;
		best.statement = pp_mem_strdup(w->candidates[best_k]);
		for (size_t i = 0; i < w->n_cases; i++)
			served[i] = served[i] || saving(w, i, best_k) > 0;
		w->suggestions = pp_mem_realloc(w->suggestions,
						(w->n_suggestions + 1) * sizeof *w->suggestions);
		w->suggestions[w->n_suggestions++] = best;
	}
	free(served);
	free(used);
}

/*
 * Each foreign key as "CREATE INDEX ON schema.table (a, b<TAB>name (schema.table → schema.ref)",
 * names quoted as pp_predicate_index quotes them (quote_ident), one a line; a partition's copy of
 * its table's key is left out.
 */
static const char foreign_keys_sql[] =
	"SELECT coalesce(string_agg(format('CREATE INDEX ON %s.%s (%s', quote_ident(n.nspname), "
	"quote_ident(r.relname), (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY k.i) "
	"FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, i) JOIN pg_catalog.pg_attribute a "
	"ON a.attrelid = c.conrelid AND a.attnum = k.attnum)) || E'\\t' || "
	"format('%s (%s.%s → %s)', c.conname, n.nspname, r.relname, c.confrelid::regclass), "
	"E'\\n'), '') FROM pg_catalog.pg_constraint c "
	"JOIN pg_catalog.pg_class r ON r.oid = c.conrelid "
	"JOIN pg_catalog.pg_namespace n ON n.oid = r.relnamespace "
	"WHERE c.contype = 'f' AND c.conparentid = 0";

/* Whether statement is prefix's index or one that leads with its columns. */
static bool
leads_with(const char *statement, const char *prefix, size_t len)
{
	return strncmp(statement, prefix, len) == 0 &&
	       (statement[len] == ')' || statement[len] == ',');
}

bool
pp_whatif_foreign_keys(struct pp_conn *conn, struct pp_whatif *w, struct pp_db_error *err)
{
	char *text = NULL;

	if (w->n_suggestions == 0)
		return true;
	if (!pp_conn_query_value(conn, foreign_keys_sql, 0, NULL, &text, err))
		return false;
	for (char *line = text, *next; line != NULL && *line != '\0'; line = next) {
		char *end = strchr(line, '\n'), *tab;

		next = end != NULL ? end + 1 : NULL;
		if (end != NULL)
			*end = '\0';
		if ((tab = strchr(line, '\t')) == NULL)
			continue;
		for (size_t i = 0; i < w->n_suggestions; i++) {
			struct pp_whatif_suggestion *s = &w->suggestions[i];

			if (leads_with(s->statement, line, (size_t)(tab - line)))
				pp_str_list_push(&s->foreign_keys, &s->n_foreign_keys,
						 pp_mem_strdup(tab + 1));
		}
	}
	free(text);
	return true;
}

void
pp_whatif_summarize(const struct pp_whatif *w, struct pp_whatif_summary *s)
{
	memset(s, 0, sizeof *s);
	for (size_t i = 0; i < w->n_cases; i++) {
		const struct pp_whatif_case *wc = &w->cases[i];
		double before, after;

		if (!wc->planned) {
			s->errors += wc->status == PP_STATUS_ERROR;
			continue;
		}
		s->planned++;
		before = wc->before->root->total_cost;
		after = wc->after->root->total_cost;
		s->improved += after < before * 0.99;
		s->worsened += after > before * 1.01;
		s->changed += wc->plan_changed;
		s->better += wc->verdict_after < wc->verdict_before;
		s->worse += wc->verdict_after > wc->verdict_before;
	}
}
