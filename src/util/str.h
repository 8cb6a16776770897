/*
 * str.h: small string helpers shared by the parsers: trimming in place and lists of strings.
 *
 * A string list is a plain (char **items, size_t n) pair whose strings it owns: pp_str_list_push
 * takes ownership of the string it is given, pp_str_list_free releases the strings and the array,
 * pp_str_list_dup returns a deep copy (NULL for an empty list).
 */
#ifndef PP_STR_H
#define PP_STR_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "util/log.h"

/* s with leading and trailing white space (isspace) skipped; the trailing run is cut off. */
char *pp_str_trim(char *s);
/* s past its leading blanks (spaces and tabs). */
const char *pp_str_skip_blanks(const char *s);
/* Length of s[0..n) without its trailing white space. */
size_t pp_str_rtrim_len(const char *s, size_t n);

void pp_str_list_push(char ***items, size_t *n, char *s);
char **pp_str_list_dup(char *const *items, size_t n);
void pp_str_list_free(char **items, size_t n);
/* A new string formatted as printf formats (the caller frees it). */
char *pp_str_printf(const char *fmt, ...) PP_PRINTF(1, 2);
char *pp_str_vprintf(const char *fmt, va_list ap) PP_PRINTF(1, 0);

/* True when the list holds s. */
bool pp_str_list_has(char *const *items, size_t n, const char *s);

#endif
