/*
 * json.h: reading JSON with cJSON the same way everywhere pgperf reads a JSON file: the whole
 * text parsed strictly with the error's line and column, keys given twice found, values read by
 * key with a default, and numbers written back as text.
 *
 * These helpers read a cJSON tree their caller parsed and owns; they return plain C values
 * (strings are the caller's to free) so no cJSON leaves the module that parsed it.
 */
#ifndef PP_JSON_H
#define PP_JSON_H

#include <cJSON.h>
#include <stddef.h>

/*
 * Parses the whole of text (text after the value is an error too). On failure logs
 * "path:LINE:COL: invalid JSON at or near ..." and returns NULL; free the tree with cJSON_Delete.
 */
cJSON *pp_json_parse(const char *path, const char *text);

/* The first key of object given a second time, or NULL when every key is given once. */
const char *pp_json_repeated_key(const cJSON *object);

/* obj's member key as a number, or dflt when it is missing or not a number. */
double pp_json_number(const cJSON *obj, const char *key, double dflt);
/* A whole number of obj's key within [min, max]; dflt when absent, not a number, or outside. */
long pp_json_long(const cJSON *obj, const char *key, long dflt, long min, long max);
/* obj's member key as a copy of its string, or NULL when it is missing or not a string. */
char *pp_json_string(const cJSON *obj, const char *key);

/* A whole number as an integer ("50", not "50.000000"), any other as "%.17g". */
void pp_json_format_number(double v, char *out, size_t size);

#endif
