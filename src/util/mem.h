/*
 * mem.h: allocation helpers that never return NULL.
 *
 * Running out of memory is not a condition pgperf can report usefully case by case, so these
 * print one line and abort. Everything they return is owned by the caller and released with
 * free().
 */
#ifndef PP_MEM_H
#define PP_MEM_H

#include <stddef.h>

void *pp_mem_alloc(size_t size);
void *pp_mem_calloc(size_t n, size_t size);
void *pp_mem_realloc(void *ptr, size_t size);
char *pp_mem_strdup(const char *s);
char *pp_mem_strndup(const char *s, size_t n);

/* Grows *items (element size elem) so that it holds at least need elements; *cap is updated. */
void pp_mem_grow(void **items, size_t *cap, size_t need, size_t elem);

/*
 * Appends one zeroed element (size elem) to the array items of *len elements and capacity *cap,
 * growing it as pp_mem_grow does; updates *len and *cap and returns the array, which may have
 * moved: `l->items = pp_mem_push(l->items, &l->len, &l->cap, sizeof *l->items);`.
 */
void *pp_mem_push(void *items, size_t *len, size_t *cap, size_t elem);

#endif
