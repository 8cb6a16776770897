/*
 * fuzz_config.c: a suite's pgperf.json. Property: a config that parses has defaults whose
 * iterations stay within the documented bound.
 */
#include "fuzz.h"

#include "input/config.h"

int
FUZZ_ENTRY(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size);
	struct pp_config *cfg = pp_config_parse("fuzz/pgperf.json", "fuzz", text);

	if (cfg != NULL)
		FUZZ_ASSERT(cfg->defaults != NULL && cfg->defaults->iterations >= 1 &&
			    cfg->defaults->iterations <= PP_CASE_MAX_ITERATIONS);
	pp_config_free(cfg);
	free(text);
	return 0;
}
