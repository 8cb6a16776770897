/*
 * units.c: durations and whole numbers as written in case files and options (see units.h).
 */
#include "util/units.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/str.h"

/*
 * Length of the plain decimal number at s: digits with an optional fraction ("5", "1.5", ".5",
 * "5."), no sign, exponent or hex (which strtod alone would take); 0 when there is none.
 */
static size_t
decimal_length(const char *s)
{
	size_t n = strspn(s, "0123456789"), frac = 0;

	if (s[n] == '.')
		frac = strspn(s + n + 1, "0123456789");
	if (n == 0 && frac == 0)
		return 0;
	return s[n] == '.' ? n + 1 + frac : n;
}

bool
pp_units_parse_duration(const char *text, int64_t *ns, const char **why)
{
	static const struct {
		const char *unit;
		double scale;
	} units[] = { { "us", 1e3 }, { "ms", 1e6 }, { "s", 1e9 } };
	const char *p = pp_str_skip_blanks(text);
	size_t len = decimal_length(p);
	double v;

	*why = "expected a duration: a number with a unit us, ms or s (e.g. 250us, 5ms, 1.5s)";
	if (len == 0)
		return false;
	/* strtod may read further ("5e3"), but then no unit follows the span and it is refused. */
	v = strtod(p, NULL);
	p = pp_str_skip_blanks(p + len);
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
		size_t n = strlen(units[i].unit);

		if (strncmp(p, units[i].unit, n) == 0 && *pp_str_skip_blanks(p + n) == '\0') {
			double total = v * units[i].scale;

			if (!isfinite(total) || total > 9.0e18) {
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
	const char *sign = ns < 0 ? "-" : "";
	double v = ns < 0 ? -(double)ns : (double)ns;

	/* The unit is chosen after rounding, so 999.9us reads 1.00ms and not 1000us. */
	if (v < 999500)
		snprintf(out, size, "%s%.0fus", sign, v / 1e3);
	else if (v < 9995000)
		snprintf(out, size, "%s%.2fms", sign, v / 1e6);
	else if (v < 999950000)
		snprintf(out, size, "%s%.1fms", sign, v / 1e6);
	else
		snprintf(out, size, "%s%.2fs", sign, v / 1e9);
}

bool
pp_units_parse_int(const char *text, long long min, long long max, long long *out,
		   const char **why)
{
	static char range[96];
	const char *p = pp_str_skip_blanks(text);
	char *end;
	long long v;

	*why = "expected a whole number";
	if (!isdigit((unsigned char)*p) && !(*p == '-' && isdigit((unsigned char)p[1])))
		return false;
	errno = 0;
	v = strtoll(p, &end, 10);
	if (*pp_str_skip_blanks(end) != '\0')
		return false;
	if (errno == 0 && v >= min && v <= max) {
		*out = v;
		return true;
	}
	if (errno == 0 && v < min && min == 0)
		*why = "expected a whole number, 0 or more";
	else if (errno == 0 && v < min && min == 1)
		*why = "expected a whole number, 1 or more";
	else {
		snprintf(range, sizeof range, "expected a whole number from %lld to %lld", min,
			 max);
		*why = range;
	}
	return false;
}
