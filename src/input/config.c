/*
 * config.c: a suite's pgperf.json (see config.h): schema files and defaults for its cases.
 */
#include "input/config.h"

#include <cJSON.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/file.h"
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
log_json_error(const char *path, const char *text, const char *at)
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

/* A key given twice in one object would silently lose one of its values. */
static bool
unique_keys(const char *path, const char *prefix, const cJSON *object)
{
	bool ok = true;

	for (const cJSON *a = object->child; a != NULL; a = a->next)
		for (const cJSON *b = object->child; b != a; b = b->next)
			if (strcmp(a->string, b->string) == 0) {
				pp_log_error("%s: %s%s: given twice: expected each key once", path,
					     prefix, a->string);
				ok = false;
				break;
			}
	return ok;
}

static bool
apply_default(struct pp_config *cfg, const cJSON *item)
{
	char where[1024];
	const char *key = item->string;

	if (strcmp(key, "name") == 0 || strcmp(key, "description") == 0) {
		pp_log_error("%s: defaults.%s: not a default: every case sets its own %s", cfg->path,
			     key, key);
		return false;
	}
	snprintf(where, sizeof where, "%s: defaults.%s", cfg->path, key);
	if (cJSON_IsString(item))
		return pp_case_apply_key(cfg->defaults, key, item->valuestring, where, 0);
	if (cJSON_IsNumber(item)) {
		char num[64];
		double v = item->valuedouble;

		/* Whole numbers as integers (50, not 50.000000000000000), the rest as written. */
		if (v > -1e15 && v < 1e15 && v == (double)(long long)v)
			snprintf(num, sizeof num, "%lld", (long long)v);
		else
			snprintf(num, sizeof num, "%.17g", v);
		return pp_case_apply_key(cfg->defaults, key, num, where, 0);
	}
	if (cJSON_IsArray(item)) {
		const cJSON *el;
		int i = 0;

		cJSON_ArrayForEach(el, item)
		{
			snprintf(where, sizeof where, "%s: defaults.%s[%d]", cfg->path, key, i++);
			if (!cJSON_IsString(el)) {
				pp_log_error("%s: expected a string", where);
				return false;
			}
			if (!pp_case_apply_key(cfg->defaults, key, el->valuestring, where, 0))
				return false;
		}
		return true;
	}
	pp_log_error("%s: expected a string, a number or an array of strings", where);
	return false;
}

struct pp_config *
pp_config_parse(const char *path, const char *dir, const char *text)
{
	struct pp_config *cfg = pp_mem_calloc(1, sizeof *cfg);
	/* The whole text: "{...} garbage" is an error too. */
	cJSON *root = cJSON_ParseWithOpts(text, NULL, true);
	const cJSON *item;
	bool ok = true;

	cfg->path = pp_mem_strdup(path);
	cfg->dir = pp_mem_strdup(dir);
	cfg->defaults = pp_case_new_defaults();
	if (root == NULL) {
		const char *at = cJSON_GetErrorPtr();

		if (at != NULL && at >= text && at <= text + strlen(text))
			log_json_error(path, text, at);
		else
			pp_log_error("%s: invalid JSON", path);
		ok = false;
		goto done;
	}
	if (!cJSON_IsObject(root)) {
		pp_log_error("%s: expected a JSON object at the top level", path);
		ok = false;
		goto done;
	}
	if (!unique_keys(path, "", root))
		ok = false;
	cJSON_ArrayForEach(item, root)
	{
		if (strcmp(item->string, "schema") == 0) {
			const cJSON *el;
			int i = 0;

			if (!cJSON_IsArray(item)) {
				pp_log_error("%s: schema: expected an array of SQL file paths", path);
				ok = false;
				continue;
			}
			cJSON_ArrayForEach(el, item)
			{
				struct stat st;
				char *file;

				if (!cJSON_IsString(el) || el->valuestring[0] == '\0') {
					pp_log_error("%s: schema[%d]: expected a file path", path, i);
					ok = false;
					i++;
					continue;
				}
				file = pp_file_join(dir, el->valuestring);
				errno = 0;
				if (stat(file, &st) != 0 || !S_ISREG(st.st_mode)) {
					pp_log_error("%s: schema[%d]: cannot read %s: %s", path, i, file,
						     errno ? strerror(errno) : "not a file");
					free(file);
					ok = false;
					i++;
					continue;
				}
				cfg->schema = pp_mem_realloc(cfg->schema,
							     (cfg->n_schema + 1) * sizeof *cfg->schema);
				cfg->schema[cfg->n_schema++] = file;
				i++;
			}
		} else if (strcmp(item->string, "seed") == 0) {
			struct stat st;

			if (!cJSON_IsString(item) || item->valuestring[0] == '\0') {
				pp_log_error("%s: seed: expected the path of a seed spec", path);
				ok = false;
				continue;
			}
			free(cfg->seed);
			cfg->seed = pp_file_join(dir, item->valuestring);
			errno = 0;
			if (stat(cfg->seed, &st) != 0 || !S_ISREG(st.st_mode)) {
				pp_log_error("%s: seed: cannot read %s: %s", path, cfg->seed,
					     errno ? strerror(errno) : "not a file");
				ok = false;
			}
		} else if (strcmp(item->string, "warn_margin") == 0) {
			char where[1024], num[64];

			snprintf(where, sizeof where, "%s: warn_margin", path);
			if (!cJSON_IsNumber(item)) {
				pp_log_error("%s: expected a number such as 0.2", where);
				ok = false;
				continue;
			}
			snprintf(num, sizeof num, "%.17g", item->valuedouble);
			ok = pp_case_apply_key(cfg->defaults, "warn_margin", num, where, 0) && ok;
		} else if (strcmp(item->string, "defaults") == 0) {
			const cJSON *d;

			if (!cJSON_IsObject(item)) {
				pp_log_error("%s: defaults: expected an object of case header keys",
					     path);
				ok = false;
				continue;
			}
			if (!unique_keys(path, "defaults.", item)) {
				ok = false;
				continue;
			}
			cJSON_ArrayForEach(d, item) ok = apply_default(cfg, d) && ok;
		} else {
			pp_log_error("%s: %s: unknown key: expected schema, seed, warn_margin or defaults",
				     path, item->string);
			ok = false;
		}
	}

done:
	cJSON_Delete(root);
	if (!ok) {
		pp_config_free(cfg);
		return NULL;
	}
	return cfg;
}

struct pp_config *
pp_config_load(const char *dir)
{
	char *path = pp_file_join(dir, "pgperf.json");
	struct pp_config *cfg;
	char *text;

	if (access(path, F_OK) != 0 && errno == ENOENT) {
		free(path);
		cfg = pp_mem_calloc(1, sizeof *cfg);
		cfg->dir = pp_mem_strdup(dir);
		cfg->defaults = pp_case_new_defaults();
		return cfg;
	}
	text = pp_file_read(path, "", NULL);
	cfg = text ? pp_config_parse(path, dir, text) : NULL;
	free(text);
	free(path);
	return cfg;
}

void
pp_config_free(struct pp_config *cfg)
{
	if (cfg == NULL)
		return;
	for (size_t i = 0; i < cfg->n_schema; i++)
		free(cfg->schema[i]);
	free(cfg->schema);
	pp_case_free(cfg->defaults);
	free(cfg->seed);
	free(cfg->path);
	free(cfg->dir);
	free(cfg);
}
