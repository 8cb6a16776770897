/*
 * spell.c: edit distance and nearest word (see spell.h).
 */
#include "util/spell.h"

#include <stdint.h>
#include <string.h>

#define MAX_WORD 32

size_t
pp_spell_distance(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	size_t d[MAX_WORD + 1][MAX_WORD + 1];

	if (na > MAX_WORD || nb > MAX_WORD)
		return SIZE_MAX;
	for (size_t i = 0; i <= na; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= nb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= na; i++) {
		for (size_t j = 1; j <= nb; j++) {
			size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);

			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	}
	return d[na][nb];
}

const char *
pp_spell_nearest(const char *typed, const char *const *words, size_t n)
{
	const char *guess = NULL;
	size_t best = 3;

	for (size_t i = 0; i < n; i++) {
		size_t d;

		if (words[i] == NULL)
			continue;
		d = pp_spell_distance(typed, words[i]);
		if (d < best && d * 3 < strlen(words[i])) {
			best = d;
			guess = words[i];
		}
	}
	return guess;
}
