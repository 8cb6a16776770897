/*
 * strset.h: a set of strings with a value each (open addressing, FNV-1a), for finding repeated
 * names among many in linear time. A struct pp_strset is caller-owned storage
 * (pp_strset_init / pp_strset_reset); it borrows its keys, which must outlive it.
 */
#ifndef PP_STRSET_H
#define PP_STRSET_H

#include <stdbool.h>
#include <stddef.h>

struct pp_strset_slot {
	const char *key; /* NULL: empty */
	size_t value;
};

struct pp_strset {
	struct pp_strset_slot *slots;
	size_t cap;  /* a power of two */
	size_t len;
};

void pp_strset_init(struct pp_strset *s);
void pp_strset_reset(struct pp_strset *s);

/*
 * Adds key with value unless it is there; returns the slot of key, whose value is the first
 * one added (*added tells which happened; may be NULL).
 */
struct pp_strset_slot *pp_strset_add(struct pp_strset *s, const char *key, size_t value,
				     bool *added);
/* The slot of key, or NULL. */
struct pp_strset_slot *pp_strset_find(const struct pp_strset *s, const char *key);

#endif
