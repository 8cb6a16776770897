/*
 * fuzz.h: what pgperf's fuzz targets share. Each target defines FUZZ_ENTRY, which is
 * LLVMFuzzerTestOneInput when built for libFuzzer (make fuzz) and a named function when built
 * into the replay program that runs every saved input in make check (tests/fuzz/replay.c).
 */
#ifndef PP_FUZZ_H
#define PP_FUZZ_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/log.h"

#ifndef FUZZ_ENTRY
#define FUZZ_ENTRY LLVMFuzzerTestOneInput
#endif

int FUZZ_ENTRY(const uint8_t *data, size_t size);

static inline void
fuzz_drop_log(enum pp_log_level level, enum pp_log_kind kind, const char *line, void *ctx)
{
	(void)level;
	(void)kind;
	(void)line;
	(void)ctx;
}

/* Messages are formatted (so their code runs) and dropped. */
static inline void
fuzz_quiet(void)
{
	pp_log_set_level(PP_LOG_DEBUG);
	pp_log_set_sink(fuzz_drop_log, NULL);
}

/* The input as a NUL-terminated string (an embedded NUL ends it, as in a C string reader). */
static inline char *
fuzz_text(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);

	if (text == NULL)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';
	fuzz_quiet();
	return text;
}

/* A property that must hold: a failure is a crash the fuzzer reports. */
#define FUZZ_ASSERT(cond)                                                                          \
	do {                                                                                       \
		if (!(cond))                                                                       \
			abort();                                                                   \
	} while (0)

#endif
