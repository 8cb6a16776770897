/*
 * result.c: the run and case results every reporter reads (see result.h).
 */
#include "run/result.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/mem.h"
#include "util/str.h"

void
pp_run_init(struct pp_run *run)
{
	memset(run, 0, sizeof *run);
}

void
pp_run_reset(struct pp_run *run)
{
	for (size_t i = 0; i < run->n_results; i++)
		pp_result_reset(&run->results[i]);
	free(run->results);
	free(run->target);
	pp_server_info_reset(&run->server);
	memset(run, 0, sizeof *run);
}

struct pp_case_result *
pp_run_add(struct pp_run *run, const struct pp_case *c)
{
	struct pp_case_result *r;

	run->results = pp_mem_push(run->results, &run->n_results, &run->cap_results,
				   sizeof *run->results);
	r = &run->results[run->n_results - 1];
	r->c = c;
	r->status = PP_STATUS_PASS;
	return r;
}

void
pp_run_count(struct pp_run *run)
{
	memset(run->counts, 0, sizeof run->counts);
	for (size_t i = 0; i < run->n_results; i++)
		run->counts[run->results[i].status]++;
}

void
pp_result_add_finding(struct pp_case_result *r, const char *kind, enum pp_severity sev,
		      const char *relation, const char *node, const char *fmt, ...)
{
	struct pp_finding *f;
	va_list ap;

	r->findings = pp_mem_realloc(r->findings, (r->n_findings + 1) * sizeof *r->findings);
	f = &r->findings[r->n_findings++];
	f->kind = pp_mem_strdup(kind);
	f->severity = sev;
	f->relation = relation ? pp_mem_strdup(relation) : NULL;
	f->node = node ? pp_mem_strdup(node) : NULL;
	f->node_path = NULL;
	va_start(ap, fmt);
	f->message = pp_str_vprintf(fmt, ap);
	va_end(ap);
}

void
pp_result_finding_at(struct pp_case_result *r, const char *path)
{
	struct pp_finding *f = r->n_findings > 0 ? &r->findings[r->n_findings - 1] : NULL;

	if (f != NULL && path != NULL) {
		free(f->node_path);
		f->node_path = pp_mem_strdup(path);
	}
}

void
pp_result_set_reason(struct pp_case_result *r, const char *fmt, ...)
{
	va_list ap;

	free(r->reason);
	va_start(ap, fmt);
	r->reason = pp_str_vprintf(fmt, ap);
	va_end(ap);
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? pp_mem_strdup(s) : NULL;
}

void
pp_result_set_error_info(struct pp_case_result *r, const char *detail, const char *hint,
			 const char *context)
{
	free(r->detail);
	free(r->hint);
	free(r->context);
	r->detail = dup_or_null(detail);
	r->hint = dup_or_null(hint);
	r->context = dup_or_null(context);
}

void
pp_result_add_sequence_left(struct pp_case_result *r, const char *sequence, const char *value,
			    const char *fmt, ...)
{
	struct pp_sequence_left *s;
	size_t cap = r->n_sequences_left;
	va_list ap;

	r->sequences_left = pp_mem_push(r->sequences_left, &r->n_sequences_left, &cap,
					sizeof *r->sequences_left);
	s = &r->sequences_left[r->n_sequences_left - 1];
	s->sequence = pp_mem_strdup(sequence);
	s->value = dup_or_null(value);
	va_start(ap, fmt);
	s->reason = pp_str_vprintf(fmt, ap);
	va_end(ap);
}

void
pp_result_add_dead_tuples(struct pp_case_result *r, const char *relation, int64_t n)
{
	size_t cap = r->n_dead_tuples;

	r->dead_tuples = pp_mem_push(r->dead_tuples, &r->n_dead_tuples, &cap,
				     sizeof *r->dead_tuples);
	r->dead_tuples[r->n_dead_tuples - 1].relation = pp_mem_strdup(relation);
	r->dead_tuples[r->n_dead_tuples - 1].n = n;
}

void
pp_result_reset(struct pp_case_result *r)
{
	for (size_t i = 0; i < r->n_sequences_left; i++) {
		free(r->sequences_left[i].sequence);
		free(r->sequences_left[i].value);
		free(r->sequences_left[i].reason);
	}
	free(r->sequences_left);
	for (size_t i = 0; i < r->n_dead_tuples; i++)
		free(r->dead_tuples[i].relation);
	free(r->dead_tuples);
	free(r->detail);
	free(r->hint);
	free(r->context);
	for (size_t i = 0; i < r->n_findings; i++) {
		free(r->findings[i].kind);
		free(r->findings[i].relation);
		free(r->findings[i].node);
		free(r->findings[i].node_path);
		free(r->findings[i].message);
	}
	free(r->findings);
	free(r->server_ns);
	free(r->probe_ns);
	pp_explain_free(r->noindex_plan);
	free(r->thresholds);
	free(r->samples);
	pp_hist_free(r->hist);
	free(r->reason);
	free(r->plan_fact);
	pp_explain_free(r->plan);
	pp_explain_free(r->seqscan_off_plan);
	pp_nested_reset(&r->nested);
	pp_str_list_free(r->indexed, r->n_indexed);
	pp_str_list_free(r->index_leads, r->n_index_leads);
	memset(r, 0, sizeof *r);
}

const char *
pp_result_severity_name(enum pp_severity s)
{
	switch (s) {
	case PP_SEVERITY_INFO:
		return "info";
	case PP_SEVERITY_WARN:
		return "warn";
	case PP_SEVERITY_FAIL:
		break;
	}
	return "fail";
}
