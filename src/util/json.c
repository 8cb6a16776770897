/*
 * json.c: strict parsing, lookups and number text for cJSON trees (see json.h).
 */
#include "util/json.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "util/log.h"
#include "util/mem.h"

/* Line and column of the byte at offset in text. */
static void
line_col(const char *text, size_t offset, int *line, int *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < offset && text[i]; i++) {
		if (text[i] == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

/* "path:LINE:COL: invalid JSON at or near ..." for the place cJSON stopped at. */
static void
log_error_at(const char *path, const char *text, const char *at)
{
	const char *from = at;
	int line, col;
	size_t n = strcspn(at, "\r\n");

	line_col(text, (size_t)(at - text), &line, &col);
	if (n == 0) {
		/* cJSON stopped at the end of a line: quote what came before it on the line. */
		while (from > text && from[-1] != '\n' && at - from < 20)
			from--;
		n = (size_t)(at - from);
	}
	if (*at == '\0' && n == 0)
		pp_log_error("%s:%d:%d: invalid JSON: expected more before the end of the file",
			     path, line, col);
	else
		pp_log_error("%s:%d:%d: invalid JSON at or near \"%.*s\"", path, line, col,
			     (int)(n > 20 ? 20 : n), from);
}

cJSON *
pp_json_parse(const char *path, const char *text)
{
	cJSON *root = cJSON_ParseWithOpts(text, NULL, true);
	const char *at;

	if (root != NULL)
		return root;
	at = cJSON_GetErrorPtr();
	if (at != NULL && at >= text && at <= text + strlen(text))
		log_error_at(path, text, at);
	else
		pp_log_error("%s: invalid JSON", path);
	return NULL;
}

const char *
pp_json_repeated_key(const cJSON *object)
{
	for (const cJSON *a = object->child; a != NULL; a = a->next)
		for (const cJSON *b = object->child; b != a; b = b->next)
			if (a->string != NULL && b->string != NULL &&
			    strcmp(a->string, b->string) == 0)
				return a->string;
	return NULL;
}

double
pp_json_number(const cJSON *obj, const char *key, double dflt)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	return cJSON_IsNumber(v) ? v->valuedouble : dflt;
}

long
pp_json_long(const cJSON *obj, const char *key, long dflt, long min, long max)
{
	double v = pp_json_number(obj, key, NAN);

	return v >= (double)min && v <= (double)max ? (long)v : dflt; /* NaN compares false */
}

char *
pp_json_string(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	return cJSON_IsString(v) ? pp_mem_strdup(v->valuestring) : NULL;
}

void
pp_json_format_number(double v, char *out, size_t size)
{
	if (v > -1e15 && v < 1e15 && v == floor(v))
		snprintf(out, size, "%.0f", v == 0 ? 0.0 : v); /* never "-0" */
	else
		snprintf(out, size, "%.17g", v);
}
