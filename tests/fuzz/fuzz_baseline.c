/*
 * fuzz_baseline.c: a baseline file or --json report as --baseline and diff read it. Property:
 * a baseline compared with itself shows no regression.
 */
#include "fuzz.h"

#include <stdio.h>
#include <unistd.h>

#include "verdict/baseline.h"

int
FUZZ_ENTRY(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/pgperf-fuzz-baseline-XXXXXX";
	int fd = mkstemp(path);
	struct pp_baseline *a, *b;
	FILE *sink;

	fuzz_quiet();
	if (fd < 0)
		abort();
	if (write(fd, data, size) != (ssize_t)size)
		abort();
	close(fd);
	a = pp_baseline_load(path);
	b = a ? pp_baseline_load(path) : NULL;
	if (a != NULL) {
		sink = fopen("/dev/null", "w");
		FUZZ_ASSERT(b != NULL && sink != NULL);
		FUZZ_ASSERT(pp_baseline_diff(a, b, sink));
		fclose(sink);
	}
	pp_baseline_free(a);
	pp_baseline_free(b);
	unlink(path);
	return 0;
}
