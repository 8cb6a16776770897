/*
 * fuzz_seedspec.c: a seed spec. A spec that parses is planned (its load order) and the first
 * rows of each table are generated, so every generator the spec names runs.
 */
#include "fuzz.h"

#include <stdio.h>

#include "seed/seed.h"
#include "seed/seedspec.h"
#include "util/buf.h"

#define ROWS 3

static void
generate(const struct pp_seed_table *t)
{
	struct pp_buf scratch, out;

	pp_buf_init(&scratch);
	pp_buf_init(&out);
	for (size_t k = 0; k < t->n_columns; k++) {
		const struct pp_gen *g = &t->columns[k].gen;
		struct pp_gen_state st;

		if (g->kind == PP_GEN_REF)
			continue; /* needs the parent's keys from the database */
		pp_gen_state_init(&st, 1, t->name, t->columns[k].name);
		for (int64_t row = 0; row < ROWS && row < t->rows; row++) {
			pp_buf_clear(&out);
			pp_gen_emit(g, &st, row, t->rows, &scratch, &out);
		}
	}
	pp_buf_reset(&scratch);
	pp_buf_reset(&out);
}

int
FUZZ_ENTRY(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size);
	struct pp_seed_spec *spec = pp_seedspec_parse("fuzz/spec.json", "fuzz", text);

	if (spec != NULL) {
		struct pp_seed_options opts = { .scale = 1, .seed = 1, .out = NULL };

		(void)pp_seed_plan(spec, &opts);
		for (size_t i = 0; i < spec->n_tables; i++)
			generate(&spec->tables[i]);
	}
	pp_seedspec_free(spec);
	free(text);
	return 0;
}
