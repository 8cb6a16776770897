/*
 * config.c: a suite's pgperf.json (see config.h): schema files and defaults for its cases.
 */
#include "input/config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/file.h"
#include "util/json.h"
#include "util/log.h"
#include "util/mem.h"
#include "util/str.h"
#include "util/units.h"

/* A key given twice in one object would silently lose one of its values. */
static bool
unique_keys(const char *path, const char *prefix, const cJSON *object)
{
	const char *twice = pp_json_repeated_key(object);

	if (twice == NULL)
		return true;
	pp_log_error("%s: %s%s: given twice: expected each key once", path, prefix, twice);
	return false;
}

/*
 * A JSON number as a case key's text. Numbers too large for a double (1e400) arrive as
 * infinity: refused here, naming the path, before the key checks its own range.
 */
static bool
number_text(double v, const char *where, char *out, size_t size)
{
	if (!isfinite(v)) {
		pp_log_error("%s: the number is out of range: expected a finite number", where);
		return false;
	}
	pp_json_format_number(v, out, size);
	return true;
}

static bool
apply_default_array(struct pp_config *cfg, const char *key, const cJSON *item)
{
	char where[1024];
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

static bool
apply_default(struct pp_config *cfg, const cJSON *item)
{
	char where[1024], num[64];
	const char *key = item->string;

	if (strcmp(key, "name") == 0 || strcmp(key, "description") == 0) {
		pp_log_error("%s: defaults.%s: not a default: every case sets its own %s", cfg->path,
			     key, key);
		return false;
	}
	snprintf(where, sizeof where, "%s: defaults.%s", cfg->path, key);
	if (cJSON_IsString(item))
		return pp_case_apply_key(cfg->defaults, key, item->valuestring, where, 0);
	if (cJSON_IsNumber(item))
		return number_text(item->valuedouble, where, num, sizeof num) &&
		       pp_case_apply_key(cfg->defaults, key, num, where, 0);
	if (cJSON_IsArray(item))
		return apply_default_array(cfg, key, item);
	pp_log_error("%s: expected a string, a number or an array of strings", where);
	return false;
}

/* ---- the top-level keys ------------------------------------------------------------------ */

static bool
parse_schema(struct pp_config *cfg, const cJSON *item)
{
	const cJSON *el;
	bool ok = true;
	int i = 0;

	if (!cJSON_IsArray(item)) {
		pp_log_error("%s: schema: expected an array of SQL file paths", cfg->path);
		return false;
	}
	cJSON_ArrayForEach(el, item)
	{
		const char *why;
		char *file;

		if (!cJSON_IsString(el) || el->valuestring[0] == '\0') {
			pp_log_error("%s: schema[%d]: expected a file path", cfg->path, i++);
			ok = false;
			continue;
		}
		if (pp_file_find(cfg->dir, el->valuestring, &file, &why)) {
			pp_str_list_push(&cfg->schema, &cfg->n_schema, file);
		} else {
			pp_log_error("%s: schema[%d]: cannot read %s: %s", cfg->path, i, file, why);
			free(file);
			ok = false;
		}
		i++;
	}
	return ok;
}

static bool
parse_seed(struct pp_config *cfg, const cJSON *item)
{
	const char *why;

	if (!cJSON_IsString(item) || item->valuestring[0] == '\0') {
		pp_log_error("%s: seed: expected the path of a seed spec", cfg->path);
		return false;
	}
	free(cfg->seed);
	if (pp_file_find(cfg->dir, item->valuestring, &cfg->seed, &why))
		return true;
	pp_log_error("%s: seed: cannot read %s: %s", cfg->path, cfg->seed, why);
	return false;
}

static bool
parse_warn_margin(struct pp_config *cfg, const cJSON *item)
{
	char where[1024], num[64];

	snprintf(where, sizeof where, "%s: warn_margin", cfg->path);
	if (!cJSON_IsNumber(item)) {
		pp_log_error("%s: expected a number such as 0.2", where);
		return false;
	}
	return number_text(item->valuedouble, where, num, sizeof num) &&
	       pp_case_apply_key(cfg->defaults, "warn_margin", num, where, 0);
}

static bool
parse_defaults(struct pp_config *cfg, const cJSON *item)
{
	const cJSON *d;
	bool ok = true;

	if (!cJSON_IsObject(item)) {
		pp_log_error("%s: defaults: expected an object of case header keys", cfg->path);
		return false;
	}
	if (!unique_keys(cfg->path, "defaults.", item))
		return false;
	cJSON_ArrayForEach(d, item) ok = apply_default(cfg, d) && ok;
	return ok;
}

/* "params": { "NAME": "VALUE", ... }: a params: value for every parameter called NAME. */
static bool
parse_params(struct pp_config *cfg, const cJSON *item)
{
	const cJSON *p;
	bool ok = true;

	if (!cJSON_IsObject(item)) {
		pp_log_error("%s: params: expected an object of parameter names and values, e.g. "
			     "{\"author_id\": \"sample(authors.id)\"}",
			     cfg->path);
		return false;
	}
	if (!unique_keys(cfg->path, "params.", item))
		return false;
	cJSON_ArrayForEach(p, item)
	{
		char *where = pp_str_printf("%s: params.%s", cfg->path, p->string);

		if (!cJSON_IsString(p)) {
			pp_log_error("%s: expected a params: value as a string, e.g. \"42\" or "
				     "\"sample(authors.id)\"",
				     where);
			ok = false;
		} else {
			ok = pp_case_add_named_value(cfg->defaults, p->string, p->valuestring,
						     where) && ok;
		}
		free(where);
	}
	return ok;
}

/* "exclude": glob patterns of .sql files under the suite folder that are not cases. */
static bool
parse_exclude(struct pp_config *cfg, const cJSON *item)
{
	const cJSON *el;
	int i = 0;

	if (!cJSON_IsArray(item)) {
		pp_log_error("%s: exclude: expected an array of glob patterns such as \"helpers\"",
			     cfg->path);
		return false;
	}
	cJSON_ArrayForEach(el, item)
	{
		if (!cJSON_IsString(el) || el->valuestring[0] == '\0') {
			pp_log_error("%s: exclude[%d]: expected a glob pattern such as \"helpers\"",
				     cfg->path, i);
			return false;
		}
		pp_str_list_push(&cfg->exclude, &cfg->n_exclude, pp_mem_strdup(el->valuestring));
		i++;
	}
	return true;
}

/* "load": {"weights": {...}, gate settings}. */
static bool
parse_load_weights(struct pp_config *cfg, const cJSON *item)
{
	const cJSON *w;

	if (!cJSON_IsObject(item)) {
		pp_log_error("%s: load.weights: expected an object of case names and weights, e.g. "
			     "{\"get_user\": 5}", cfg->path);
		return false;
	}
	cJSON_ArrayForEach(w, item)
	{
		if (!cJSON_IsNumber(w) || !(w->valuedouble > 0) || w->valuedouble > 1e6) {
			pp_log_error("%s: load.weights.%s: expected a positive number up to 1000000",
				     cfg->path, w->string);
			return false;
		}
		cfg->weights = pp_mem_realloc(cfg->weights, (cfg->n_weights + 1) * sizeof *cfg->weights);
		cfg->weights[cfg->n_weights] = w->valuedouble;
		pp_str_list_push(&cfg->weight_names, &cfg->n_weights, pp_mem_strdup(w->string));
	}
	return true;
}

static bool
load_number(struct pp_config *cfg, const cJSON *it, double max, double *out)
{
	if (!cJSON_IsNumber(it) || !(it->valuedouble > 0) || it->valuedouble > max) {
		pp_log_error("%s: load.%s: expected a positive number up to %g", cfg->path,
			     it->string, max);
		return false;
	}
	*out = it->valuedouble;
	return true;
}

static bool
parse_load(struct pp_config *cfg, const cJSON *item)
{
	const cJSON *it, *none = NULL;
	bool ok = cJSON_IsObject(item) && unique_keys(cfg->path, "load.", item);

	cJSON_ArrayForEach(it, (ok ? item : none))
	{
		const char *why;
		int64_t ns;

		if (strcmp(it->string, "weights") == 0)
			ok = parse_load_weights(cfg, it) && ok;
		else if (strcmp(it->string, "p95_growth_5x") == 0)
			ok = load_number(cfg, it, 1000, &cfg->growth_5x) && ok;
		else if (strcmp(it->string, "p95_growth_10x") == 0)
			ok = load_number(cfg, it, 1000, &cfg->growth_10x) && ok;
		else if (strcmp(it->string, "max_error_rate") == 0)
			ok = load_number(cfg, it, 1, &cfg->max_error_rate) && ok;
		else if (strcmp(it->string, "spike_recovery") == 0 && cJSON_IsString(it) &&
			 pp_units_parse_duration(it->valuestring, &ns, &why) && ns > 0)
			cfg->spike_recovery_s = (double)ns / 1e9;
		else {
			pp_log_error("%s: load.%s: unknown key or bad value: expected weights, "
				     "p95_growth_5x, p95_growth_10x, max_error_rate (numbers) or "
				     "spike_recovery (a duration such as \"30s\")",
				     cfg->path, it->string);
			ok = false;
		}
	}
	if (!cJSON_IsObject(item))
		pp_log_error("%s: load: expected an object (weights and gates)", cfg->path);
	return ok;
}

static const struct {
	const char *key;
	bool (*parse)(struct pp_config *cfg, const cJSON *item);
} top_keys[] = {
	{ "schema", parse_schema },
	{ "exclude", parse_exclude },
	{ "seed", parse_seed },
	{ "warn_margin", parse_warn_margin },
	{ "defaults", parse_defaults },
	{ "params", parse_params },
	{ "load", parse_load },
};

static bool
parse_top_key(struct pp_config *cfg, const cJSON *item)
{
	for (size_t i = 0; i < sizeof top_keys / sizeof top_keys[0]; i++)
		if (strcmp(top_keys[i].key, item->string) == 0)
			return top_keys[i].parse(cfg, item);
	pp_log_error("%s: %s: unknown key: expected schema, exclude, seed, warn_margin, defaults, params or load", cfg->path,
		     item->string);
	return false;
}

struct pp_config *
pp_config_parse(const char *path, const char *dir, const char *text)
{
	struct pp_config *cfg = pp_mem_calloc(1, sizeof *cfg);
	/* The whole text: "{...} garbage" is an error too. */
	cJSON *root = pp_json_parse(path, text);
	const cJSON *item;
	bool ok = root != NULL;

	cfg->path = pp_mem_strdup(path);
	cfg->dir = pp_mem_strdup(dir);
	cfg->defaults = pp_case_new_defaults();
	if (ok && !cJSON_IsObject(root)) {
		pp_log_error("%s: expected a JSON object at the top level", path);
		ok = false;
	}
	if (ok) {
		ok = unique_keys(path, "", root);
		cJSON_ArrayForEach(item, root) ok = parse_top_key(cfg, item) && ok;
	}
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
	pp_str_list_free(cfg->schema, cfg->n_schema);
	pp_str_list_free(cfg->exclude, cfg->n_exclude);
	pp_case_free(cfg->defaults);
	pp_str_list_free(cfg->weight_names, cfg->n_weights);
	free(cfg->weights);
	free(cfg->seed);
	free(cfg->path);
	free(cfg->dir);
	free(cfg);
}
