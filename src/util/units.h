/*
 * units.h: durations as written in case files and on the command line.
 *
 * A duration is a non-negative decimal number (digits with an optional fraction; no sign,
 * exponent or hex) followed by a unit, us, ms or s, with optional blanks between ("250us",
 * "1.5 ms", "2s"). Internally durations are int64 nanoseconds.
 */
#ifndef PP_UNITS_H
#define PP_UNITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Parses text (surrounding blanks allowed) into *ns. On failure returns false and sets *why to a
 * static phrase saying what was expected, for the caller to put after its file:line.
 */
bool pp_units_parse_duration(const char *text, int64_t *ns, const char **why);

/*
 * Writes a duration the way a person reads it: "850us", "1.23ms", "12.4ms", "2.00s"; a negative
 * one (a difference) gets a "-".
 */
void pp_units_format_duration(int64_t ns, char *out, size_t size);

/*
 * Parses a whole decimal number in [min, max]; *why as above (out of range, it names the bounds
 * in a static buffer that the next call may overwrite).
 */
bool pp_units_parse_int(const char *text, long long min, long long max, long long *out,
			const char **why);

static inline double
pp_units_ns_to_ms(int64_t ns)
{
	return (double)ns / 1e6;
}

#endif
