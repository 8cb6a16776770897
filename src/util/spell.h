/*
 * spell.h: "did you mean" for names a user typed (options, commands, header keys): the edit
 * distance between short words and the nearest of a list.
 */
#ifndef PP_SPELL_H
#define PP_SPELL_H

#include <stddef.h>

/*
 * Insertions, deletions, substitutions and swaps of neighbours that turn a into b; SIZE_MAX
 * when either is longer than 32 bytes.
 */
size_t pp_spell_distance(const char *a, const char *b);

/*
 * The word of words[0..n) nearest to typed, or NULL when none is close: two edits at most, and
 * fewer than a third of the word's length. words may hold NULLs, which are skipped.
 */
const char *pp_spell_nearest(const char *typed, const char *const *words, size_t n);

#endif
