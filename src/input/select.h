/*
 * select.h: the cases a command runs, picked from a loaded suite by --filter, --tag and --case.
 * A struct pp_selection is caller-owned storage (pp_select_cases / pp_select_reset) whose array
 * borrows the suite's cases: the suite must outlive it.
 */
#ifndef PP_SELECT_H
#define PP_SELECT_H

#include <stdbool.h>
#include <stddef.h>

#include "input/suite.h"

struct pp_select_options {
	const char *filter;           /* PCRE2 pattern the name or label must match, or NULL */
	const char *const *tags;      /* any of them; none: every case */
	size_t n_tags;
	const char *const *names;     /* each NAME, FILE:NAME (its label) or PATH:NAME; none: */
	size_t n_names;               /* every case. Each must match a case. */
};

struct pp_selection {
	const struct pp_case **cases; /* in load order */
	size_t n;
	int name_width;               /* the longest selected name, for aligned columns */
};

/* Fills *sel; an empty selection is logged ("no case matches ...") and returns false. */
bool pp_select_cases(const struct pp_suite *suite, const struct pp_select_options *o,
		     struct pp_selection *sel);
void pp_select_reset(struct pp_selection *sel);

#endif
