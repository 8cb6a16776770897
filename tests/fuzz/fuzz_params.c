/*
 * fuzz_params.c: the params: header value. Property: a list that parses, written back the way a
 * case file spells it, parses to the same list.
 */
#include "fuzz.h"

#include "input/params.h"

int
FUZZ_ENTRY(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size);
	struct pp_param_list list = { 0 }, again = { 0 };
	char why[256];

	if (pp_params_parse(text, &list, why, sizeof why)) {
		char *spelled = pp_params_describe(&list);
		char *respelled;
		const char **values = calloc(list.len + 1, sizeof *values);
		char *scratch = malloc((list.len + 1) * 24);
		struct pp_rng rng;

		FUZZ_ASSERT(pp_params_parse(spelled, &again, why, sizeof why));
		respelled = pp_params_describe(&again);
		FUZZ_ASSERT(strcmp(spelled, respelled) == 0 && again.len == list.len);
		pp_rng_init(&rng, 1);
		pp_params_draw(&list, &rng, values, scratch);
		free(values);
		free(scratch);
		free(spelled);
		free(respelled);
	}
	pp_params_reset(&list);
	pp_params_reset(&again);
	free(text);
	return 0;
}
