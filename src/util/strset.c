/*
 * strset.c: the string set (see strset.h).
 */
#include "util/strset.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

static uint64_t
hash(const char *key)
{
	uint64_t h = 1469598103934665603ULL;

	for (const unsigned char *p = (const unsigned char *)key; *p; p++) {
		h ^= *p;
		h *= 1099511628211ULL;
	}
	return h;
}

void
pp_strset_init(struct pp_strset *s)
{
	memset(s, 0, sizeof *s);
}

void
pp_strset_reset(struct pp_strset *s)
{
	free(s->slots);
	memset(s, 0, sizeof *s);
}

static struct pp_strset_slot *
probe(const struct pp_strset_slot *slots, size_t cap, const char *key)
{
	size_t i = (size_t)hash(key) & (cap - 1);

	while (slots[i].key != NULL && strcmp(slots[i].key, key) != 0)
		i = (i + 1) & (cap - 1);
	return (struct pp_strset_slot *)&slots[i];
}

static void
grow(struct pp_strset *s)
{
	size_t cap = s->cap ? s->cap * 2 : 64;
	struct pp_strset_slot *slots = pp_mem_calloc(cap, sizeof *slots);

	for (size_t i = 0; i < s->cap; i++)
		if (s->slots[i].key != NULL)
			*probe(slots, cap, s->slots[i].key) = s->slots[i];
	free(s->slots);
	s->slots = slots;
	s->cap = cap;
}

struct pp_strset_slot *
pp_strset_add(struct pp_strset *s, const char *key, size_t value, bool *added)
{
	struct pp_strset_slot *slot;

	if ((s->len + 1) * 2 > s->cap)
		grow(s);
	slot = probe(s->slots, s->cap, key);
	if (added != NULL)
		*added = slot->key == NULL;
	if (slot->key == NULL) {
		slot->key = key;
		slot->value = value;
		s->len++;
	}
	return slot;
}

struct pp_strset_slot *
pp_strset_find(const struct pp_strset *s, const char *key)
{
	struct pp_strset_slot *slot;

	if (s->cap == 0)
		return NULL;
	slot = probe(s->slots, s->cap, key);
	return slot->key != NULL ? slot : NULL;
}
