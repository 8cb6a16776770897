/*
 * units.c: durations and whole numbers as written in case files and options (see units.h).
 */
#include "units.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *
skip_blanks(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

bool
pp_units_parse_duration(const char *text, int64_t *ns, const char **why)
{
	static const struct {
		const char *unit;
		double scale;
	} units[] = { { "us", 1e3 }, { "ms", 1e6 }, { "s", 1e9 } };
	const char *p = skip_blanks(text);
	char *end;
	double v;

	*why = "expected a duration: a number with a unit us, ms or s (e.g. 250us, 5ms, 1.5s)";
	if (!isdigit((unsigned char)*p) && *p != '.')
		return false;
	errno = 0;
	v = strtod(p, &end);
	if (end == p || errno != 0 || !isfinite(v) || v < 0)
		return false;
	p = skip_blanks(end);
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
		size_t n = strlen(units[i].unit);

		if (strncmp(p, units[i].unit, n) == 0 && *skip_blanks(p + n) == '\0') {
			double total = v * units[i].scale;

			if (total > 9.0e18) {
				*why = "duration is too long";
				return false;
			}
			*ns = (int64_t)llround(total);
			return true;
		}
	}
	if (*p == '\0')
		*why = "expected a unit after the number: us, ms or s (e.g. 5ms)";
	else
		*why = "expected the unit us, ms or s after the number (e.g. 5ms)";
	return false;
}

void
pp_units_format_duration(int64_t ns, char *out, size_t size)
{
	double v = (double)ns;

	if (v < 1e6)
		snprintf(out, size, "%.0fus", v / 1e3);
	else if (v < 1e7)
		snprintf(out, size, "%.2fms", v / 1e6);
	else if (v < 1e9)
		snprintf(out, size, "%.1fms", v / 1e6);
	else
		snprintf(out, size, "%.2fs", v / 1e9);
}

bool
pp_units_parse_int(const char *text, long long min, long long max, long long *out,
		   const char **why)
{
	const char *p = skip_blanks(text);
	char *end;
	long long v;

	*why = "expected a whole number";
	if (!isdigit((unsigned char)*p) && !(*p == '-' && isdigit((unsigned char)p[1])))
		return false;
	errno = 0;
	v = strtoll(p, &end, 10);
	if (errno != 0 || *skip_blanks(end) != '\0')
		return false;
	if (v < min || v > max) {
		*why = min == 0 ? "expected a whole number, 0 or more"
				: min == 1 ? "expected a whole number, 1 or more"
					   : "the number is out of range";
		return false;
	}
	*out = v;
	return true;
}
