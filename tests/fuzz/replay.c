/*
 * replay.c: runs saved inputs through the fuzz targets without libFuzzer, so every corpus and
 * every input that once crashed pgperf is replayed by make check (under the sanitizers in CI).
 * Usage: replay TARGET FILE...; prints TAP, one line per file.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/file.h"

int fuzz_case_one(const uint8_t *data, size_t size);
int fuzz_config_one(const uint8_t *data, size_t size);
int fuzz_seedspec_one(const uint8_t *data, size_t size);
int fuzz_explain_one(const uint8_t *data, size_t size);
int fuzz_baseline_one(const uint8_t *data, size_t size);
int fuzz_params_one(const uint8_t *data, size_t size);

static const struct {
	const char *name;
	int (*fn)(const uint8_t *data, size_t size);
} targets[] = {
	{ "case", fuzz_case_one },	   { "config", fuzz_config_one },
	{ "seedspec", fuzz_seedspec_one }, { "explain", fuzz_explain_one },
	{ "baseline", fuzz_baseline_one }, { "params", fuzz_params_one },
};

int
main(int argc, char **argv)
{
	int (*fn)(const uint8_t *, size_t) = NULL;

	for (size_t i = 0; argc > 1 && i < sizeof targets / sizeof targets[0]; i++)
		if (strcmp(argv[1], targets[i].name) == 0)
			fn = targets[i].fn;
	if (fn == NULL) {
		fprintf(stderr, "usage: replay case|config|seedspec|explain|baseline|params FILE...\n");
		return 2;
	}
	printf("1..%d\n", argc - 2);
	for (int i = 2; i < argc; i++) {
		size_t len = 0;
		char *data = pp_file_read(argv[i], "input", &len);

		if (data == NULL) {
			printf("not ok %d - %s: unreadable\n", i - 1, argv[i]);
			continue;
		}
		fn((const uint8_t *)data, len);
		printf("ok %d - %s %s\n", i - 1, argv[1], argv[i]);
		free(data);
	}
	return 0;
}
