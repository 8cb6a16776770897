/*
 * params.h: bind values for a case's $1, $2, ... placeholders.
 *
 * The `params:` header is a comma-separated list; each value is a SQL literal (42, -1.5, 'open'
 * with '' for a quote, NULL, true, false) or a generator drawn fresh every iteration:
 * random(LO, HI), a uniform integer in [LO, HI], or choice(V, V, ...), one of the literals;
 * or sample(table.column) (schema.table.column), an existing value of that column of the database
 * under test, drawn by run/draw.c like the values pgperf infers (PP_PARAM_INFER).
 * A struct pp_param_list owns everything it points to; pp_param_list_reset releases it.
 */
#ifndef PP_PARAMS_H
#define PP_PARAMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/rng.h"

enum pp_param_kind {
	PP_PARAM_LITERAL,
	PP_PARAM_NULL,
	PP_PARAM_RANDOM,
	PP_PARAM_CHOICE,
	PP_PARAM_SAMPLE, /* sample(REL.COLUMN): text holds "REL.COLUMN" as written */
	PP_PARAM_INFER   /* no value given: drawn from the column the statement uses it with */
};

struct pp_param {
	enum pp_param_kind kind;
	char *text;               /* LITERAL: the value as sent (quotes removed); SAMPLE: the
				   * column; else NULL */
	int64_t lo, hi;           /* RANDOM */
	struct pp_param *choices; /* CHOICE: literals (LITERAL or NULL kinds only) */
	size_t n_choices;
};

struct pp_param_list {
	struct pp_param *items;
	size_t len;
};

/*
 * Parses a params: value. On failure returns false and writes what was expected (e.g.
 * "random(LO, HI) needs LO <= HI") into why (size bytes); *list is left empty.
 */
bool pp_params_parse(const char *text, struct pp_param_list *list, char *why, size_t size);
void pp_params_copy(struct pp_param_list *dst, const struct pp_param_list *src);
void pp_params_reset(struct pp_param_list *list);

/*
 * Draws one set of values: values[i] points either into the list (literals), into scratch
 * (numbers drawn this time; scratch must hold list->len * 24 bytes) or is NULL for SQL NULL
 * (and for SAMPLE and INFER, which run/draw.c fills).
 */
void pp_params_draw(const struct pp_param_list *list, struct pp_rng *rng, const char **values,
		    char *scratch);

/* Writes the list back the way a case file spells it ("42, random(1, 9)"), for reports. */
char *pp_params_describe(const struct pp_param_list *list);

#endif
