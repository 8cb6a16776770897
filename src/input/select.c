/*
 * select.c: picking the cases a command runs (see select.h).
 */
#include "input/select.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "util/log.h"
#include "util/mem.h"

static bool
tagged(const struct pp_case *c, const struct pp_select_options *o)
{
	if (o->n_tags == 0)
		return true;
	for (size_t t = 0; t < o->n_tags; t++)
		if (pp_case_has_tag(c, o->tags[t]))
			return true;
	return false;
}

/*
 * --case NAME, or FILE:NAME where FILE is the case's path as loaded or its end (whole folder
 * names): "authors/query.sql:GetAuthor" as reports show a repeated name, for any case.
 */
static bool
named(const struct pp_case *c, const char *want)
{
	size_t n = strlen(want), m = strlen(c->name), f = strlen(c->file), k;

	if (strcmp(want, c->name) == 0 || strcmp(want, pp_case_label(c)) == 0)
		return true;
	if (n < m + 2 || strcmp(want + n - m, c->name) != 0 || want[n - m - 1] != ':')
		return false;
	k = n - m - 1; /* the length of FILE */
	return k <= f && strncmp(c->file + f - k, want, k) == 0 &&
	       (k == f || c->file[f - k - 1] == '/');
}

static bool
matches(pcre2_code *re, pcre2_match_data *md, const char *s)
{
	return pcre2_match(re, (PCRE2_SPTR)s, PCRE2_ZERO_TERMINATED, 0, 0, md, NULL) >= 0;
}

/* Whether c is one of the --case names (any, when none is given); marks the names it is. */
static bool
named_any(const struct pp_case *c, const struct pp_select_options *o, bool *hit)
{
	bool any = o->n_names == 0;

	for (size_t k = 0; k < o->n_names; k++)
		if (named(c, o->names[k]))
			any = hit[k] = true;
	return any;
}

static void
log_empty(const struct pp_suite *suite, const struct pp_select_options *o)
{
	pp_log_error("no case matches%s%s%s%s%s among the %zu loaded",
		     o->filter ? " --filter " : "", o->filter ? o->filter : "",
		     o->n_names == 1 ? " --case " : o->n_names > 1 ? " the --case names" : "",
		     o->n_names == 1 ? o->names[0] : "", o->n_tags ? " the --tag selection" : "",
		     suite->cases.len);
}

/* A --case name no case answers to is a typo, not a smaller run: false, logged. */
static bool
every_name_found(const struct pp_select_options *o, const bool *hit)
{
	bool ok = true;

	for (size_t k = 0; k < o->n_names; k++)
		if (!hit[k]) {
			pp_log_error("--case %s: no case of that name is selected", o->names[k]);
			ok = false;
		}
	return ok;
}

bool
pp_select_cases(const struct pp_suite *suite, const struct pp_select_options *o,
		struct pp_selection *sel)
{
	pcre2_code *re = NULL;
	pcre2_match_data *md = NULL;
	bool *hit, ok;
	int errcode;
	PCRE2_SIZE erroff;

	memset(sel, 0, sizeof *sel);
	if (o->filter != NULL) {
		/* The command line checked the pattern; a failure here is only memory. */
		re = pcre2_compile((PCRE2_SPTR)o->filter, PCRE2_ZERO_TERMINATED, 0, &errcode,
				   &erroff, NULL);
		if (re == NULL) {
			pp_log_error("invalid --filter regular expression at offset %zu",
				     (size_t)erroff);
			return false;
		}
		md = pcre2_match_data_create_from_pattern(re, NULL);
	}
	sel->cases = pp_mem_calloc(suite->cases.len + 1, sizeof *sel->cases);
	hit = pp_mem_calloc(o->n_names + 1, sizeof *hit);
	for (size_t i = 0; i < suite->cases.len; i++) {
		const struct pp_case *c = suite->cases.items[i];

		if (re != NULL && !matches(re, md, c->name) && !matches(re, md, pp_case_label(c)))
			continue;
		if (!tagged(c, o) || !named_any(c, o, hit))
			continue;
		sel->cases[sel->n++] = c;
		if ((int)strlen(pp_case_label(c)) > sel->name_width)
			sel->name_width = (int)strlen(pp_case_label(c));
	}
	pcre2_match_data_free(md);
	pcre2_code_free(re);
	if (sel->n == 0) {
		log_empty(suite, o);
		free(hit);
		return false;
	}
	ok = every_name_found(o, hit);
	free(hit);
	return ok;
}

void
pp_select_reset(struct pp_selection *sel)
{
	free(sel->cases);
	memset(sel, 0, sizeof *sel);
}
