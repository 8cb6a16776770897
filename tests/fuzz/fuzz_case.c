/*
 * fuzz_case.c: a case file. Properties: every case parsed has a name and one statement, its
 * iterations within the documented bound, and as many params: values as its SQL has $N
 * placeholders when it gives any.
 */
#include "fuzz.h"

#include "input/case.h"

int
FUZZ_ENTRY(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size);
	struct pp_case *defaults = pp_case_new_defaults();
	struct pp_case_list list;

	pp_case_list_init(&list);
	if (pp_case_parse_text("fuzz.sql", text, defaults, &list)) {
		for (size_t i = 0; i < list.len; i++) {
			const struct pp_case *c = list.items[i];

			FUZZ_ASSERT(c->name != NULL && c->name[0] != '\0');
			FUZZ_ASSERT(c->sql != NULL && c->sql[0] != '\0');
			FUZZ_ASSERT(c->iterations >= 1 && c->iterations <= PP_CASE_MAX_ITERATIONS);
			FUZZ_ASSERT(c->params.len == 0 || (int)c->params.len == c->max_param);
		}
	}
	pp_case_list_reset(&list);
	pp_case_free(defaults);
	free(text);
	return 0;
}
