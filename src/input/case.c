/*
 * case.c: case files: the header keys, the SQL body, and every check that can be made before a
 * database is reached (see case.h and docs/case-format.md).
 */
#include "input/case.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <pcre2.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "input/format.h"
#include "input/named.h"
#include "input/sql.h"
#include "input/sqluse.h"
#include "util/buf.h"
#include "util/file.h"
#include "util/log.h"
#include "util/mem.h"
#include "util/spell.h"
#include "util/str.h"
#include "util/strset.h"
#include "util/units.h"

/* Bits of pp_case.inherited: list keys still holding what the suite's defaults gave them. */
enum {
	INH_THRESHOLD = 1,
	INH_PARAMS = 2,
	INH_TAGS = 4,
	INH_REQUIRES = 8,
	INH_SET = 16,
	INH_ALL = 31
};

struct pp_case *
pp_case_new_defaults(void)
{
	struct pp_case *c = pp_mem_calloc(1, sizeof *c);

	c->iterations = 100;
	c->warmup = 5;
	c->timeout_ns = 30LL * 1000000000;
	c->warn_margin = 0.2;
	c->seq_scan_min_rows = 1000;
	c->seq_scan_discard = 0.9;
	c->n_plus_one_min_loops = 10;
	c->misestimate_factor = 100;
	c->rows_read_ratio = 100;
	c->rows_read_min = 1000;
	c->offset_min_rows = 1000;
	c->trigger_share = 0.5;
	c->regression_tolerance = 0.10;
	c->regression_min_ms = 0.05;
	c->weight = 1;
	c->think_ns = -1;
	return c;
}

static char *
dup_or_null(const char *s)
{
	return s ? pp_mem_strdup(s) : NULL;
}

static void
free_settings(struct pp_case *c)
{
	for (size_t i = 0; i < c->n_settings; i++) {
		free(c->settings[i].name);
		free(c->settings[i].value);
	}
	free(c->settings);
	c->settings = NULL;
	c->n_settings = 0;
}

struct pp_case *
pp_case_clone(const struct pp_case *src)
{
	struct pp_case *c = pp_mem_alloc(sizeof *c);

	*c = *src;
	c->name = dup_or_null(src->name);
	c->file = dup_or_null(src->file);
	c->label = dup_or_null(src->label);
	c->kind = dup_or_null(src->kind);
	c->problem = dup_or_null(src->problem);
	c->params_from = dup_or_null(src->params_from);
	c->param_names = NULL;
	if (src->param_names != NULL && src->max_param > 0) {
		c->param_names = pp_mem_calloc((size_t)src->max_param, sizeof *c->param_names);
		for (int i = 0; i < src->max_param; i++) {
			c->param_names[i] = src->param_names[i];
			c->param_names[i].name = dup_or_null(src->param_names[i].name);
		}
	}
	c->description = dup_or_null(src->description);
	c->sql = dup_or_null(src->sql);
	c->thresholds = NULL;
	if (src->n_thresholds) {
		c->thresholds = pp_mem_calloc(src->n_thresholds, sizeof *c->thresholds);
		memcpy(c->thresholds, src->thresholds, src->n_thresholds * sizeof *c->thresholds);
	}
	pp_params_copy(&c->params, &src->params);
	pp_params_copy(&c->values, &src->values);
	c->value_names = pp_str_list_dup(src->value_names, src->values.len);
	pp_sqluse_copy(&c->uses, &src->uses);
	c->tags = pp_str_list_dup(src->tags, src->n_tags);
	c->requires = pp_str_list_dup(src->requires, src->n_requires);
	c->settings = NULL;
	if (src->n_settings) {
		c->settings = pp_mem_calloc(src->n_settings, sizeof *c->settings);
		for (size_t i = 0; i < src->n_settings; i++) {
			c->settings[i].name = pp_mem_strdup(src->settings[i].name);
			c->settings[i].value = pp_mem_strdup(src->settings[i].value);
		}
	}
	c->assertions = NULL;
	if (src->n_assertions) {
		c->assertions = pp_mem_calloc(src->n_assertions, sizeof *c->assertions);
		for (size_t i = 0; i < src->n_assertions; i++) {
			c->assertions[i] = src->assertions[i];
			c->assertions[i].relation = dup_or_null(src->assertions[i].relation);
			c->assertions[i].index = dup_or_null(src->assertions[i].index);
			c->assertions[i].text = dup_or_null(src->assertions[i].text);
		}
	}
	return c;
}

void
pp_case_free(struct pp_case *c)
{
	if (c == NULL)
		return;
	free(c->name);
	free(c->file);
	free(c->label);
	free(c->kind);
	free(c->problem);
	free(c->params_from);
	for (int i = 0; c->param_names != NULL && i < c->max_param; i++)
		free(c->param_names[i].name);
	free(c->param_names);
	free(c->description);
	free(c->sql);
	free(c->thresholds);
	pp_params_reset(&c->params);
	pp_str_list_free(c->value_names, c->values.len);
	pp_params_reset(&c->values);
	pp_sqluse_reset(&c->uses);
	pp_str_list_free(c->tags, c->n_tags);
	pp_str_list_free(c->requires, c->n_requires);
	for (size_t i = 0; i < c->n_assertions; i++) {
		free(c->assertions[i].relation);
		free(c->assertions[i].index);
		free(c->assertions[i].text);
	}
	free(c->assertions);
	free_settings(c);
	free(c);
}

const char *
pp_case_label(const struct pp_case *c)
{
	return c->label != NULL ? c->label : c->name;
}

bool
pp_case_has_tag(const struct pp_case *c, const char *tag)
{
	return pp_str_list_has(c->tags, c->n_tags, tag);
}

bool
pp_case_judges_scans(const struct pp_case *c)
{
	for (size_t i = 0; i < c->n_assertions; i++)
		if (c->assertions[i].kind == PP_ASSERT_EXPECT_INDEX ||
		    c->assertions[i].kind == PP_ASSERT_EXPECT_INDEX_ONLY ||
		    c->assertions[i].kind == PP_ASSERT_FORBID_SEQ)
			return true;
	return false;
}

/* ---- splitting and small syntax -------------------------------------------------------- */

/* Splits value at commas into trimmed items (caller frees the array and *copy). */
static char **
split_commas(const char *value, size_t *n, char **copy)
{
	char **items = NULL;
	char *p;

	*copy = pp_mem_strdup(value);
	*n = 0;
	p = *copy;
	for (;;) {
		char *comma = strchr(p, ',');

		if (comma != NULL)
			*comma = '\0';
		items = pp_mem_realloc(items, (*n + 1) * sizeof *items);
		items[(*n)++] = pp_str_trim(p);
		if (comma == NULL)
			break;
		p = comma + 1;
	}
	return items;
}

static bool
is_name(const char *s, const char *extra)
{
	if (*s == '\0')
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && strchr(extra, *s) == NULL)
			return false;
	return true;
}

/* schema or schema.relation, plain identifiers. */
static bool
is_relation_name(const char *s, bool allow_schema_only)
{
	const char *dot = strchr(s, '.');
	char part[128];

	if (dot == NULL)
		return allow_schema_only && is_name(s, "_$") && !isdigit((unsigned char)s[0]);
	if (strchr(dot + 1, '.') != NULL || (size_t)(dot - s) >= sizeof part)
		return false;
	memcpy(part, s, (size_t)(dot - s));
	part[dot - s] = '\0';
	return is_name(part, "_$") && !isdigit((unsigned char)part[0]) && is_name(dot + 1, "_$") &&
	       !isdigit((unsigned char)dot[1]);
}

/* "schema.relation", "schema NAME", "extension NAME", or a bare schema name. */
static bool
is_requirement(const char *s)
{
	if (strncmp(s, "schema ", 7) == 0)
		return is_name(s + 7, "_$");
	if (strncmp(s, "extension ", 10) == 0)
		return is_name(s + 10, "_-");
	return is_relation_name(s, true);
}

/* ---- header keys --------------------------------------------------------------------- */

struct header_key;

/* Where a header value is applied: its key, the location for messages, the file line. */
struct at {
	const struct header_key *key;
	const char *where;
	int line;
};

typedef bool (*apply_fn)(struct pp_case *c, const char *value, const struct at *at);

/* A header key; number keys also name their field in struct pp_case and its allowed range. */
struct header_key {
	const char *key;
	apply_fn apply;
	size_t field;        /* offsetof(struct pp_case, ...) for apply_count and apply_number */
	double min, max;     /* the documented range (docs/case-format.md) */
	const char *meaning; /* for apply_number's message: "a number", "a fraction such as ..." */
};

static bool
apply_description(struct pp_case *c, const char *value, const struct at *at)
{
	char *joined;

	(void)at;
	if (c->description == NULL) {
		c->description = pp_mem_strdup(value);
		return true;
	}
	/* A description wrapped onto more comment lines goes on. */
	joined = pp_str_printf("%s %s", c->description, value);
	free(c->description);
	c->description = joined;
	return true;
}

/* A whole number into a long field (iterations, warmup). */
static bool
apply_count(struct pp_case *c, const char *value, const struct at *at)
{
	const struct header_key *k = at->key;
	long long n;
	const char *why;

	if (!pp_units_parse_int(value, (long long)k->min, (long long)k->max, &n, &why)) {
		pp_log_error("%s: invalid %s \"%s\": expected a whole number from %.0f to %.0f",
			     at->where, k->key, value, k->min, k->max);
		return false;
	}
	*(long *)((char *)c + k->field) = (long)n;
	return true;
}

/* A finite number within the key's range into a double field. */
static bool
apply_number(struct pp_case *c, const char *value, const struct at *at)
{
	const struct header_key *k = at->key;
	char *end;
	double v;

	errno = 0;
	v = strtod(value, &end);
	/* Written so that NaN fails too; strtod also reads "inf", refused as out of range. */
	if (end == value || *pp_str_trim(end) != '\0' || errno != 0 || !isfinite(v) ||
	    !(v >= k->min && v <= k->max)) {
		pp_log_error("%s: invalid %s \"%s\": expected %s from %.16g to %.16g", at->where,
			     k->key, value, k->meaning, k->min, k->max);
		return false;
	}
	*(double *)((char *)c + k->field) = v;
	return true;
}

static bool
apply_timeout(struct pp_case *c, const char *value, const struct at *at)
{
	const char *why;
	int64_t ns;

	if (!pp_units_parse_duration(value, &ns, &why)) {
		pp_log_error("%s: invalid timeout \"%s\": %s", at->where, value, why);
		return false;
	}
	/* statement_timeout is an int of milliseconds; the runner rounds up to the next one. */
	if (ns < 1000000 || (ns - 1) / 1000000 >= PP_CASE_MAX_TIMEOUT_MS) {
		pp_log_error("%s: invalid timeout \"%s\": expected from 1ms to %lldms (about "
			     "24.8 days, PostgreSQL's largest statement_timeout)",
			     at->where, value, (long long)PP_CASE_MAX_TIMEOUT_MS);
		return false;
	}
	c->timeout_ns = ns;
	return true;
}

/* "METRIC@N": the level of clients a pgperf load threshold is judged at, cut off item. */
static bool
parse_level(char *item, const struct at *at, struct pp_threshold *t)
{
	char *atsign = strchr(item, '@');
	const char *why;
	long long n;

	t->clients = 0;
	if (atsign == NULL)
		return true;
	*atsign = '\0';
	if (!pp_units_parse_int(atsign + 1, 1, 100000, &n, &why)) {
		pp_log_error("%s: invalid threshold level \"@%s\": expected a number of clients "
			     "from 1 to 100000 (e.g. p95@50 < 20ms)",
			     at->where, pp_str_trim(atsign + 1));
		return false;
	}
	t->clients = (int)n;
	return true;
}

/* think: a pause after the case under pgperf load, 0 to 1 hour. */
static bool
apply_think(struct pp_case *c, const char *value, const struct at *at)
{
	const char *why;
	int64_t ns;

	if (!pp_units_parse_duration(value, &ns, &why) && strcmp(value, "0") != 0) {
		pp_log_error("%s: invalid think \"%s\": %s", at->where, value, why);
		return false;
	}
	if (strcmp(value, "0") == 0)
		ns = 0;
	if (ns > 3600LL * 1000000000) {
		pp_log_error("%s: invalid think \"%s\": expected at most 1 hour", at->where, value);
		return false;
	}
	c->think_ns = ns;
	return true;
}

/* One "METRIC[@N] < LIMIT" item of a threshold into *t; logs what is wrong and returns false. */
static bool
parse_threshold(char *item, const struct at *at, struct pp_threshold *t)
{
	char *lt = strchr(item, '<');
	const char *why;
	long long count;

	if (lt == NULL || lt == item) {
		pp_log_error("%s: invalid threshold \"%s\": expected METRIC < DURATION, "
			     "e.g. p95 < 5ms",
			     at->where, item);
		return false;
	}
	*lt = '\0';
	if (!parse_level(item, at, t))
		return false;
	if (!pp_stats_metric_parse(pp_str_trim(item), &t->metric)) {
		pp_log_error("%s: unknown threshold metric \"%s\": expected one of min, mean, "
			     "p50, median, p90, p95, p99, max, buffers, rows",
			     at->where, pp_str_trim(item));
		return false;
	}
	if (lt[1] == '=') {
		pp_log_error("%s: invalid threshold: use \"<\", not \"<=\"", at->where);
		return false;
	}
	if (pp_stats_metric_is_time(t->metric)) {
		if (pp_units_parse_duration(lt + 1, &t->limit, &why))
			return true;
		pp_log_error("%s: invalid threshold limit \"%s\": %s", at->where,
			     pp_str_trim(lt + 1), why);
		return false;
	}
	if (!pp_units_parse_int(lt + 1, 1, 1000000000000LL, &count, &why)) {
		pp_log_error("%s: invalid threshold limit \"%s\" for %s: %s (a count, no unit)",
			     at->where, pp_str_trim(lt + 1), pp_stats_metric_name(t->metric), why);
		return false;
	}
	t->limit = count;
	return true;
}

static bool
apply_threshold(struct pp_case *c, const char *value, const struct at *at)
{
	char *copy;
	size_t n;
	char **items = split_commas(value, &n, &copy);
	bool ok = true;

	if (c->inherited & INH_THRESHOLD) {
		free(c->thresholds);
		c->thresholds = NULL;
		c->n_thresholds = 0;
		c->inherited &= ~(unsigned)INH_THRESHOLD;
	}
	for (size_t i = 0; i < n && ok; i++) {
		struct pp_threshold t;

		ok = parse_threshold(items[i], at, &t);
		for (size_t k = 0; k < c->n_thresholds && ok; k++) {
			if (c->thresholds[k].metric == t.metric &&
			    c->thresholds[k].clients == t.clients) {
				pp_log_error("%s: threshold for %s given twice", at->where,
					     pp_stats_metric_name(t.metric));
				ok = false;
			}
		}
		if (!ok)
			break;
		c->thresholds = pp_mem_realloc(c->thresholds,
					       (c->n_thresholds + 1) * sizeof *c->thresholds);
		c->thresholds[c->n_thresholds++] = t;
	}
	free(items);
	free(copy);
	return ok;
}

static bool
apply_params(struct pp_case *c, const char *value, const struct at *at)
{
	struct pp_param_list more;
	char why[256];

	if (!pp_params_parse(value, &more, why, sizeof why)) {
		pp_log_error("%s: invalid params: %s", at->where, why);
		return false;
	}
	if (c->inherited & INH_PARAMS) {
		pp_params_reset(&c->params);
		c->inherited &= ~(unsigned)INH_PARAMS;
	}
	c->params.items = pp_mem_realloc(c->params.items,
					 (c->params.len + more.len) * sizeof *c->params.items);
	memcpy(c->params.items + c->params.len, more.items, more.len * sizeof *more.items);
	c->params.len += more.len;
	free(more.items);
	return true;
}

/* params_from: a query, checked here by PostgreSQL's parser: one runnable statement. */
static bool
apply_params_from(struct pp_case *c, const char *value, const struct at *at)
{
	struct pp_sql_info info;
	struct pp_sql_error err;
	const char *why = NULL;
	bool ok;

	if (!pp_sql_analyze(value, &info, &err)) {
		pp_log_error("%s: invalid params_from: %s", at->where, err.message);
		pp_sql_error_reset(&err);
		return false;
	}
	if (info.n_statements != 1 || info.modifies || info.max_param > 0)
		why = "expected one SELECT without parameters, whose rows give each iteration's "
		      "values in order ($1 from its first column)";
	else
		why = pp_sql_unrunnable(&info);
	ok = why == NULL;
	if (!ok)
		pp_log_error("%s: invalid params_from: %s", at->where, why);
	pp_sql_info_reset(&info);
	if (ok) {
		free(c->params_from);
		c->params_from = pp_mem_strdup(value);
	}
	return ok;
}

static bool
apply_names(char ***list, size_t *n, unsigned bit, struct pp_case *c, const char *value,
	    const struct at *at, bool relations)
{
	char *copy;
	size_t count;
	char **items = split_commas(value, &count, &copy);
	bool ok = true;

	if (c->inherited & bit) {
		pp_str_list_free(*list, *n);
		*list = NULL;
		*n = 0;
		c->inherited &= ~bit;
	}
	for (size_t i = 0; i < count; i++) {
		bool valid = relations ? is_requirement(items[i]) : is_name(items[i], "_.-");

		if (!valid) {
			pp_log_error("%s: invalid %s \"%s\": expected %s", at->where, at->key->key, items[i],
				     relations ? "schema.relation, schema NAME or extension NAME, "
						 "comma-separated"
					       : "names of letters, digits, _ . -, comma-separated");
			ok = false;
			break;
		}
		pp_str_list_push(list, n, pp_mem_strdup(items[i]));
	}
	free(items);
	free(copy);
	return ok;
}

static bool
apply_tags(struct pp_case *c, const char *value, const struct at *at)
{
	return apply_names(&c->tags, &c->n_tags, INH_TAGS, c, value, at, false);
}

static bool
apply_requires(struct pp_case *c, const char *value, const struct at *at)
{
	return apply_names(&c->requires, &c->n_requires, INH_REQUIRES, c, value, at, true);
}

/* Splits value into lowercase-compared words; returns the count (at most max). */
static size_t
words(char *value, char **w, size_t max)
{
	size_t n = 0;
	char *save = NULL;

	for (char *t = strtok_r(value, " \t", &save); t != NULL && n < max;
	     t = strtok_r(NULL, " \t", &save))
		w[n++] = t;
	return n;
}

static bool
add_assertion(struct pp_case *c, enum pp_assert_kind kind, const char *rel, const char *idx,
	      const char *text, int line)
{
	struct pp_assertion *a;

	c->assertions = pp_mem_realloc(c->assertions, (c->n_assertions + 1) * sizeof *a);
	a = &c->assertions[c->n_assertions++];
	a->kind = kind;
	a->relation = dup_or_null(rel);
	a->index = dup_or_null(idx);
	a->text = pp_mem_strdup(text);
	a->line = line;
	return true;
}

static bool
valid_rel(const char *rel, const struct at *at, const char *value)
{
	if (is_relation_name(rel, false) || is_name(rel, "_$"))
		return true;
	pp_log_error("%s: invalid %s \"%s\": \"%s\" is not a relation name (table or "
		     "schema.table)",
		     at->where, at->key->key, value, rel);
	return false;
}

static bool
apply_expect(struct pp_case *c, const char *value, const struct at *at)
{
	char *copy = pp_mem_strdup(value);
	char *w[8];
	size_t n = words(copy, w, 8);
	bool ok = false;
	size_t pos = 0;
	enum pp_assert_kind kind = PP_ASSERT_EXPECT_INDEX;

	/* index scan on REL [using IDX] | index only scan on REL [using IDX] */
	if (n >= 4 && strcasecmp(w[0], "index") == 0 && strcasecmp(w[1], "scan") == 0) {
		pos = 2;
	} else if (n >= 5 && strcasecmp(w[0], "index") == 0 && strcasecmp(w[1], "only") == 0 &&
		   strcasecmp(w[2], "scan") == 0) {
		kind = PP_ASSERT_EXPECT_INDEX_ONLY;
		pos = 3;
	}
	if (pos > 0 && strcasecmp(w[pos], "on") == 0 && pos + 1 < n &&
	    (n == pos + 2 || (n == pos + 4 && strcasecmp(w[pos + 2], "using") == 0))) {
		if (valid_rel(w[pos + 1], at, value))
			ok = add_assertion(c, kind, w[pos + 1], n == pos + 4 ? w[pos + 3] : NULL, value,
					   at->line);
		free(copy);
		return ok;
	}
	pp_log_error("%s: invalid expect \"%s\": expected \"index scan on REL [using INDEX]\" or "
		     "\"index only scan on REL [using INDEX]\"",
		     at->where, value);
	free(copy);
	return false;
}

static bool
apply_forbid(struct pp_case *c, const char *value, const struct at *at)
{
	char *copy = pp_mem_strdup(value);
	char *w[6];
	size_t n = words(copy, w, 6);
	bool ok = false;

	if ((n == 2 || (n == 4 && strcasecmp(w[2], "on") == 0)) && strcasecmp(w[0], "seq") == 0 &&
	    strcasecmp(w[1], "scan") == 0) {
		if (n == 2 || valid_rel(w[3], at, value))
			ok = add_assertion(c, PP_ASSERT_FORBID_SEQ, n == 4 ? w[3] : NULL, NULL, value,
					   at->line);
		free(copy);
		return ok;
	}
	pp_log_error("%s: invalid forbid \"%s\": expected \"seq scan\" or \"seq scan on REL\"", at->where,
		     value);
	free(copy);
	return false;
}

static bool
apply_allow(struct pp_case *c, const char *value, const struct at *at)
{
	char *copy = pp_mem_strdup(value);
	char *w[4];
	size_t n = words(copy, w, 4);
	bool ok = false;

	if (n == 2 && strcasecmp(w[0], "seq") == 0 && strcasecmp(w[1], "scan") == 0)
		ok = add_assertion(c, PP_ASSERT_ALLOW_SEQ, NULL, NULL, value, at->line);
	else if (n == 1 && strcasecmp(w[0], "n+1") == 0)
		ok = add_assertion(c, PP_ASSERT_ALLOW_N_PLUS_ONE, NULL, NULL, value, at->line);
	else
		pp_log_error("%s: invalid allow \"%s\": expected \"seq scan\" or \"n+1\"", at->where,
			     value);
	free(copy);
	return ok;
}

/* expect_plan: /PCRE/ and forbid_plan: /PCRE/, compiled once here to report a bad pattern. */
static bool
apply_plan_pattern(struct pp_case *c, enum pp_assert_kind kind, const char *value,
		   const struct at *at)
{
	size_t n = strlen(value);
	char *pattern;
	pcre2_code *re;
	int errcode;
	PCRE2_SIZE erroff;

	if (n < 3 || value[0] != '/' || value[n - 1] != '/') {
		pp_log_error("%s: invalid %s \"%s\": expected a PCRE pattern between slashes, "
			     "e.g. /Index Scan using \\w+_pkey/",
			     at->where, at->key->key, value);
		return false;
	}
	pattern = pp_mem_strndup(value + 1, n - 2);
	re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, 0, &errcode, &erroff, NULL);
	if (re == NULL) {
		PCRE2_UCHAR msg[256];

		pcre2_get_error_message(errcode, msg, sizeof msg);
		pp_log_error("%s: invalid %s pattern at offset %zu: %s", at->where, at->key->key, (size_t)erroff,
			     (const char *)msg);
		free(pattern);
		return false;
	}
	pcre2_code_free(re);
	add_assertion(c, kind, NULL, NULL, pattern, at->line);
	free(pattern);
	return true;
}

static bool
apply_expect_plan(struct pp_case *c, const char *value, const struct at *at)
{
	return apply_plan_pattern(c, PP_ASSERT_EXPECT_PLAN, value, at);
}

static bool
apply_forbid_plan(struct pp_case *c, const char *value, const struct at *at)
{
	return apply_plan_pattern(c, PP_ASSERT_FORBID_PLAN, value, at);
}

/* set: name = value, ... (a value may be quoted: work_mem = '64MB'). */
static bool
apply_set(struct pp_case *c, const char *value, const struct at *at)
{
	const char *p = value;

	if (c->inherited & INH_SET) {
		free_settings(c);
		c->inherited &= ~(unsigned)INH_SET;
	}
	while (*p != '\0') {
		const char *name = p, *name_end, *val;
		struct pp_buf v;

		while (isalnum((unsigned char)*p) || *p == '_' || *p == '.')
			p++;
		name_end = p;
		p = pp_str_skip_blanks(p);
		if (name_end == name || (*p != '=' && strncasecmp(p, "to ", 3) != 0)) {
			pp_log_error("%s: invalid set \"%s\": expected name = value, ... (e.g. "
				     "work_mem = '64MB', jit = off)",
				     at->where, value);
			return false;
		}
		p += *p == '=' ? 1 : 3;
		p = pp_str_skip_blanks(p);
		pp_buf_init(&v);
		if (*p == '\'') {
			for (p++; *p != '\0' && !(*p == '\'' && p[1] != '\''); p++) {
				if (*p == '\'')
					p++;
				pp_buf_putc(&v, *p);
			}
			if (*p != '\'') {
				pp_log_error("%s: invalid set \"%s\": unterminated quote", at->where, value);
				pp_buf_reset(&v);
				return false;
			}
			p++;
		} else {
			val = p;
			p += strcspn(p, ",");
			pp_buf_append(&v, val, pp_str_rtrim_len(val, (size_t)(p - val)));
		}
		p = pp_str_skip_blanks(p);
		if (v.len == 0 || (*p != '\0' && *p != ',')) {
			pp_log_error("%s: invalid set \"%s\": expected name = value, ... (e.g. "
				     "work_mem = '64MB', jit = off)",
				     at->where, value);
			pp_buf_reset(&v);
			return false;
		}
		if (*p == ',')
			p++;
		p = pp_str_skip_blanks(p);
		c->settings = pp_mem_realloc(c->settings, (c->n_settings + 1) * sizeof *c->settings);
		c->settings[c->n_settings].name = pp_mem_strndup(name, (size_t)(name_end - name));
		c->settings[c->n_settings].value = pp_buf_steal(&v);
		c->n_settings++;
	}
	return true;
}

#define TEXT(key, apply) { key, apply, 0, 0, 0, NULL }
#define COUNT(field, min, max)                                                                     \
	{ #field, apply_count, offsetof(struct pp_case, field), min, max, NULL }
#define NUMBER(field, min, max, meaning)                                                           \
	{ #field, apply_number, offsetof(struct pp_case, field), min, max, meaning }
#define MAX_COUNT 1e15 /* rows, loops and ratios: beyond any plan PostgreSQL makes */

static const struct header_key keys[] = {
	/* In the order of docs/case-format.md, which is the order the hint lists them in. */
	TEXT("description", apply_description),
	COUNT(iterations, 1, PP_CASE_MAX_ITERATIONS),
	COUNT(warmup, 0, PP_CASE_MAX_ITERATIONS),
	TEXT("threshold", apply_threshold),
	TEXT("params", apply_params),
	TEXT("params_from", apply_params_from),
	TEXT("timeout", apply_timeout),
	TEXT("tags", apply_tags),
	TEXT("requires", apply_requires),
	TEXT("expect", apply_expect),
	TEXT("forbid", apply_forbid),
	TEXT("allow", apply_allow),
	TEXT("expect_plan", apply_expect_plan),
	TEXT("forbid_plan", apply_forbid_plan),
	TEXT("set", apply_set),
	NUMBER(weight, 0.000001, 1000000, "a positive number (how often pgperf load picks it)"),
	TEXT("think", apply_think),
	NUMBER(warn_margin, 0, 100, "a fraction such as 0.2 (20% above a limit still warns),"),
	NUMBER(seq_scan_min_rows, 0, MAX_COUNT, "a number"),
	NUMBER(seq_scan_discard, 0.5, 1, "a fraction such as 0.9 (of the rows a scan read),"),
	NUMBER(n_plus_one_min_loops, 1, MAX_COUNT, "a number"),
	NUMBER(misestimate_factor, 2, MAX_COUNT, "a number"),
	NUMBER(rows_read_ratio, 1, MAX_COUNT, "a number"),
	NUMBER(rows_read_min, 0, MAX_COUNT, "a number"),
	NUMBER(offset_min_rows, 0, MAX_COUNT, "a number"),
	NUMBER(trigger_share, 0, 1, "a fraction such as 0.5 (half of a write's time),"),
	NUMBER(regression_tolerance, 0, 100, "a fraction such as 0.1 (10% slower fails),"),
	NUMBER(regression_min_ms, 0, 3600000, "a number"),
};

static bool
is_known_key(const char *key)
{
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (strcmp(keys[i].key, key) == 0)
			return true;
	return false;
}

/* Names the unknown key, the known key it most likely meant, and lists them all. */
static void
log_unknown_key(const char *key, const char *where)
{
	const char *names[sizeof keys / sizeof keys[0]];
	const char *guess;
	struct pp_buf list;

	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		names[i] = keys[i].key;
	guess = pp_spell_nearest(key, names, sizeof keys / sizeof keys[0]);
	if (guess != NULL)
		pp_log_error("%s: unknown key \"%s\" (did you mean \"%s\"?)", where, key, guess);
	else
		pp_log_error("%s: unknown key \"%s\"", where, key);
	pp_buf_init(&list);
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		pp_buf_printf(&list, "%s%s", i ? ", " : "", keys[i].key);
	pp_log_hint("keys: name, %s", list.data);
	pp_buf_reset(&list);
}

bool
pp_case_apply_key(struct pp_case *c, const char *key, const char *value, const char *where,
		  int line)
{
	char *v, *t;
	bool ok;

	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		if (strcmp(keys[i].key, key) != 0)
			continue;
		v = pp_mem_strdup(value);
		t = pp_str_trim(v);
		if (*t == '\0') {
			pp_log_error("%s: %s: needs a value", where, key);
			free(v);
			return false;
		}
		ok = keys[i].apply(c, t, &(struct at){ &keys[i], where, line });
		free(v);
		return ok;
	}
	log_unknown_key(key, where);
	return false;
}

/* ---- the file -------------------------------------------------------------------------- */

struct body_line {
	const char *text;
	size_t len;
	int number;
};

/* A name line of the file, kept to report a name used twice even by a broken case. */
struct seen_name {
	char *name;
	int line;
};

struct parser {
	const char *path;
	const struct pp_case *defaults;
	struct pp_case_list *out;
	size_t first_of_file; /* out->items index where this file's cases start */
	struct pp_case *cur;
	bool in_header;
	int header_end;       /* line that ended the current case's header */
	bool seen_sql;        /* the current case's body has a line that is not blank or comment */
	char *late_key;       /* a `-- KEY:` line of a known key after the SQL, kept until more
			       * SQL shows it was inside the statement; NULL when none */
	int late_line;
	bool reported_stray;
	struct body_line *body;
	size_t n_body, cap_body;
	struct seen_name *names;
	size_t n_names, cap_names;
	struct pp_strset name_lines; /* each name (borrowed from names) and its index there */
	bool ok;
};

static bool
is_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isspace((unsigned char)s[i]))
			return false;
	return true;
}

static bool
is_comment(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && isspace((unsigned char)s[i]))
		i++;
	return i + 1 < n && s[i] == '-' && s[i + 1] == '-';
}

/*
 * Matches "-- KEY: VALUE" (KEY letters, digits and _, starting with a letter), a line of any
 * length: sets *key and *value to copies (caller frees both) and returns true.
 */
static bool
match_header(const char *s, size_t n, char **key, char **value)
{
	size_t i = 0, k0, k1, v0;

	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i + 1 >= n || s[i] != '-' || s[i + 1] != '-')
		return false;
	i += 2;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	k0 = i;
	while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '_'))
		i++;
	k1 = i;
	if (k1 == k0 || !isalpha((unsigned char)s[k0]))
		return false;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i >= n || s[i] != ':')
		return false;
	v0 = i + 1;
	while (v0 < n && (s[v0] == ' ' || s[v0] == '\t'))
		v0++;
	*key = pp_mem_strndup(s + k0, k1 - k0);
	*value = pp_mem_strndup(s + v0, n - v0);
	return true;
}

static void
offset_to_position(const struct pp_case *c, int offset, int *line, int *col)
{
	pp_sql_locate(c->sql, offset, line, col);
	*line += c->sql_line - 1;
}

static bool
is_blank_or_comment(const struct body_line *l)
{
	return is_blank(l->text, l->len) || is_comment(l->text, l->len);
}

/*
 * Joins the body lines from the first to the last that is neither blank nor a comment into the
 * case's SQL, its final `;` removed. False (logged) when there is no such line.
 */
static bool
join_body(struct parser *ps)
{
	struct pp_case *c = ps->cur;
	size_t first = 0, last = ps->n_body, len;
	struct pp_buf b;

	while (first < last && is_blank_or_comment(&ps->body[first]))
		first++;
	while (last > first && is_blank_or_comment(&ps->body[last - 1]))
		last--;
	if (first == last) {
		pp_log_error("%s:%d: case %s has no SQL: expected one statement after its header",
			     ps->path, c->line, c->name);
		return false;
	}
	pp_buf_init(&b);
	for (size_t i = first; i < last; i++) {
		if (i > first)
			pp_buf_putc(&b, '\n');
		pp_buf_append(&b, ps->body[i].text, ps->body[i].len);
	}
	len = pp_str_rtrim_len(b.data, b.len);
	if (len > 0 && b.data[len - 1] == ';')
		len--;
	b.data[pp_str_rtrim_len(b.data, len)] = '\0';
	c->sql = pp_buf_steal(&b);
	c->sql_line = ps->body[first].number;
	return true;
}

/* Notes why the case cannot be verified as it is (the first reason found is kept). */
static void
set_problem(struct parser *ps, int line, const char *why)
{
	struct pp_case *c = ps->cur;

	if (c->problem == NULL)
		c->problem = pp_str_printf("%s:%d: case %s cannot be verified as it is: %s",
					   ps->path, line, c->name, why);
}

/* A syntax error of the SQL, logged with its line and column in the file. */
static void
log_sql_error(struct parser *ps, struct pp_sql_error *err)
{
	struct pp_case *c = ps->cur;
	int line, col;

	offset_to_position(c, err->offset < 0 ? 0 : err->offset, &line, &col);
	pp_log_error("%s:%d:%d: %s (case %s)", ps->path, line, col, err->message, c->name);
	pp_sql_error_reset(err);
}

/*
 * Turns the format's named parameters (:name, @name, sqlc.arg(name) ...) into $N with
 * PostgreSQL's scanner, keeping each $N's name.
 */
static bool
rewrite_named(struct parser *ps)
{
	struct pp_case *c = ps->cur;
	struct pp_named named;
	struct pp_sql_error err;
	int line, col;

	if (!pp_named_rewrite(c->sql, &named, &err)) {
		log_sql_error(ps, &err);
		return false;
	}
	if (named.problem != NULL) {
		offset_to_position(c, named.problem_offset, &line, &col);
		set_problem(ps, line, named.problem);
	}
	free(c->sql);
	c->sql = named.sql;
	c->param_names = named.params;
	c->max_param = named.n_params;
	named.sql = NULL;
	named.params = NULL;
	named.n_params = 0;
	pp_named_reset(&named);
	return true;
}

/* Checks the SQL is exactly one statement with PostgreSQL's parser; notes what it writes. */
static bool
check_statement(struct parser *ps)
{
	struct pp_case *c = ps->cur;
	struct pp_sql_info info;
	struct pp_sql_error err;
	int line, col;
	bool ok = false;

	if (!rewrite_named(ps))
		return false;
	if (!pp_sql_analyze(c->sql, &info, &err)) {
		/* SQL text a HugSQL :i: or :sql: stands for cannot parse: its problem says why. */
		if (c->problem != NULL) {
			pp_sql_error_reset(&err);
			return true;
		}
		log_sql_error(ps, &err);
		return false;
	}
	if (info.n_statements == 0) {
		pp_log_error("%s:%d: case %s has no SQL: expected one statement after its header",
			     ps->path, c->line, c->name);
	} else if (info.n_statements > 1) {
		offset_to_position(c, info.second_offset, &line, &col);
		pp_log_error("%s:%d: case %s holds %d statements: a case is exactly one statement "
			     "(start another case with -- name:)",
			     ps->path, line, c->name, info.n_statements);
	} else {
		/* Whatever follows the statement (`; -- the end`) is dropped, so it can be wrapped. */
		if (info.first_end > 0 && (size_t)info.first_end < strlen(c->sql))
			c->sql[pp_str_rtrim_len(c->sql, (size_t)info.first_end)] = '\0';
		c->modifies = info.modifies;
		if (info.max_param > c->max_param) {
			c->param_names = pp_mem_realloc(c->param_names, (size_t)info.max_param *
									 sizeof *c->param_names);
			memset(c->param_names + c->max_param, 0,
			       (size_t)(info.max_param - c->max_param) * sizeof *c->param_names);
			c->max_param = info.max_param;
		}
		if (pp_sql_unrunnable(&info) != NULL)
			set_problem(ps, c->sql_line, pp_sql_unrunnable(&info));
		ok = true;
	}
	pp_sql_info_reset(&info);
	return ok;
}

/* Given params: values and the SQL's $1..$N match one to one; none means drawn from the data. */
static bool
check_params(struct parser *ps)
{
	const struct pp_case *c = ps->cur;

	if (c->params.len == 0)
		return true;
	if (c->params_from != NULL) {
		pp_log_error("%s:%d: case %s has both params: and params_from: (give one)", ps->path,
			     c->line, c->name);
		return false;
	}
	if ((size_t)c->max_param > c->params.len) {
		pp_log_error("%s:%d: case %s uses $%d but params: gives %zu value%s", ps->path,
			     c->line, c->name, c->max_param, c->params.len,
			     c->params.len == 1 ? "" : "s");
		return false;
	}
	if (c->params.len == (size_t)c->max_param)
		return true;
	if (c->max_param == 0)
		pp_log_error("%s:%d: case %s has params: but its SQL uses no $1", ps->path, c->line,
			     c->name);
	else if (c->max_param == 1)
		pp_log_error("%s:%d: case %s has %zu params: values but its SQL uses only $1",
			     ps->path, c->line, c->name, c->params.len);
	else
		pp_log_error("%s:%d: case %s has %zu params: values but its SQL uses only $1 to $%d",
			     ps->path, c->line, c->name, c->params.len, c->max_param);
	return false;
}

const char *
pp_case_param_name(const struct pp_case *c, int i)
{
	if (i < 0 || i >= c->max_param)
		return NULL;
	if (c->param_names != NULL && c->param_names[i].name != NULL)
		return c->param_names[i].name;
	if (i < c->uses.n)
		return c->uses.items[i].column;
	return NULL;
}

/*
 * Where each parameter's values come from when params: gives none: pgperf.json's value for its
 * name, else the data (the column the statement uses it with). A parameter used with no column
 * makes the case one that cannot be verified as it is.
 */
static void
fill_sources(struct parser *ps)
{
	struct pp_case *c = ps->cur;

	(void)pp_sqluse_analyze(c->sql, c->max_param, &c->uses);
	c->params_given = c->params.len > 0;
	if (c->params_given || c->params_from != NULL || c->max_param == 0)
		return;
	c->params.items = pp_mem_calloc((size_t)c->max_param, sizeof *c->params.items);
	c->params.len = (size_t)c->max_param;
	for (int i = 0; i < c->max_param; i++) {
		const char *name = pp_case_param_name(c, i);
		struct pp_param *p = &c->params.items[i];
		char *why;

		p->kind = PP_PARAM_INFER;
		for (size_t k = 0; name != NULL && k < c->values.len; k++) {
			if (strcmp(c->value_names[k], name) == 0) {
				struct pp_param_list one = { &c->values.items[k], 1 }, copy;

				pp_params_copy(&copy, &one);
				*p = copy.items[0];
				free(copy.items);
				break;
			}
		}
		/* A case whose SQL only a HugSQL :i: or :sql: kept from parsing has its problem. */
		if (p->kind != PP_PARAM_INFER || i >= c->uses.n ||
		    c->uses.items[i].role != PP_USE_UNKNOWN)
			continue;
		why = pp_str_printf("pgperf cannot tell which values $%d%s%s%s takes: it is not "
				    "compared with, inserted into or assigned to a column, nor a "
				    "LIMIT or OFFSET; give them with \"-- params:\" or \"-- "
				    "params_from:\", or by name in pgperf.json's \"params\"",
				    i + 1, name ? " (" : "", name ? name : "", name ? ")" : "");
		set_problem(ps, c->sql_line, why);
		free(why);
	}
}

/* Builds the case's SQL from its body lines and checks it. */
static bool
finish_sql(struct parser *ps)
{
	if (!join_body(ps) || !check_statement(ps) || !check_params(ps))
		return false;
	fill_sources(ps);
	return true;
}

bool
pp_case_add_named_value(struct pp_case *c, const char *name, const char *value,
			const char *where)
{
	struct pp_param_list one;
	char why[256];

	if (!pp_params_parse(value, &one, why, sizeof why)) {
		pp_log_error("%s: invalid value \"%s\": %s", where, value, why);
		return false;
	}
	if (one.len != 1) {
		pp_log_error("%s: invalid value \"%s\": expected one value", where, value);
		pp_params_reset(&one);
		return false;
	}
	c->values.items = pp_mem_realloc(c->values.items,
					 (c->values.len + 1) * sizeof *c->values.items);
	c->values.items[c->values.len] = one.items[0];
	free(one.items);
	pp_str_list_push(&c->value_names, &c->values.len, pp_mem_strdup(name));
	return true;
}

/* A header line of a known key after the header ended is an error, never a silent comment. */
static void
log_late_key(struct parser *ps, const char *key, int line, bool after_sql)
{
	if (after_sql)
		pp_log_error("%s:%d: \"-- %s:\" comes after the SQL of case %s, where it is not read",
			     ps->path, line, key, ps->cur->name);
	else
		pp_log_error("%s:%d: \"-- %s:\" comes after the header of case %s ended at line %d, "
			     "where it is not read",
			     ps->path, line, key, ps->cur->name, ps->header_end);
	pp_log_hint("header lines follow the case's name line and each other, with no blank "
		    "line or SQL between them");
	ps->ok = false;
}

static void
finish_case(struct parser *ps)
{
	if (ps->cur == NULL)
		return;
	if (ps->late_key != NULL)
		log_late_key(ps, ps->late_key, ps->late_line, true);
	free(ps->late_key);
	ps->late_key = NULL;
	if (finish_sql(ps))
		pp_case_list_push(ps->out, ps->cur);
	else {
		ps->ok = false;
		pp_case_free(ps->cur);
	}
	ps->cur = NULL;
	ps->n_body = 0;
}

/* Records a name line; a name the file used before is an error naming both lines. */
static void
remember_name(struct parser *ps, const char *name, int line)
{
	struct pp_strset_slot *first;
	struct seen_name *seen;
	bool added;

	ps->names = pp_mem_push(ps->names, &ps->n_names, &ps->cap_names, sizeof *ps->names);
	seen = &ps->names[ps->n_names - 1];
	seen->name = pp_mem_strdup(name);
	seen->line = line;
	first = pp_strset_add(&ps->name_lines, seen->name, ps->n_names - 1, &added);
	if (!added) {
		pp_log_error("%s:%d: duplicate case name \"%s\": also at %s:%d", ps->path, line,
			     name, ps->path, ps->names[first->value].line);
		ps->ok = false;
	}
}

static void
start_case(struct parser *ps, const struct pp_name_line *nl, int line)
{
	finish_case(ps);
	if (nl->error != NULL) {
		pp_log_error("%s:%d: %s", ps->path, line, nl->error);
		ps->ok = false;
	} else if (!is_name(nl->name, "_.-")) {
		pp_log_error("%s:%d: invalid case name \"%s\": expected letters, digits, _ . - only",
			     ps->path, line, nl->name);
		ps->ok = false;
	}
	remember_name(ps, nl->name, line);
	ps->cur = pp_case_clone(ps->defaults);
	ps->cur->inherited = INH_ALL;
	free(ps->cur->name);
	free(ps->cur->file);
	ps->cur->name = pp_mem_strdup(nl->name);
	ps->cur->file = pp_mem_strdup(ps->path);
	ps->cur->line = line;
	ps->cur->format = nl->format;
	ps->cur->kind = dup_or_null(nl->kind);
	ps->in_header = true;
	ps->seen_sql = false;
	if (nl->problem != NULL)
		set_problem(ps, line, nl->problem);
}

/* A line after the header: kept for the SQL; a known header key there is an error. */
static void
add_body_line(struct parser *ps, const char *p, size_t n, int number)
{
	char *key, *value;
	struct body_line *l;

	if (ps->in_header)
		ps->header_end = number;
	ps->in_header = false;
	if (match_header(p, n, &key, &value)) {
		if (is_known_key(key) && !ps->seen_sql) {
			log_late_key(ps, key, number, false);
		} else if (is_known_key(key) && ps->late_key == NULL) {
			ps->late_key = pp_mem_strdup(key);
			ps->late_line = number;
		}
		free(key);
		free(value);
	}
	if (!is_blank(p, n) && !is_comment(p, n)) {
		ps->seen_sql = true;
		free(ps->late_key); /* the key-shaped line was a comment inside the statement */
		ps->late_key = NULL;
	}
	ps->body = pp_mem_push(ps->body, &ps->n_body, &ps->cap_body, sizeof *ps->body);
	l = &ps->body[ps->n_body - 1];
	l->text = p;
	l->len = n;
	l->number = number;
}

/* The text of a whole-line comment after its "--" (the line is known to be one). */
static const char *
comment_body(const char *p, size_t n, size_t *len)
{
	size_t i = 0;

	while (i < n && isspace((unsigned char)p[i]))
		i++;
	*len = n - i - 2;
	return p + i + 2;
}

/* Free text of a header comment line (a docstring, a wrapped description) adds to the
 * description. */
static void
add_description(struct parser *ps, const char *text, size_t len)
{
	char *t;

	while (len > 0 && isspace((unsigned char)*text)) {
		text++;
		len--;
	}
	len = pp_str_rtrim_len(text, len);
	if (len == 0)
		return;
	t = pp_mem_strndup(text, len);
	apply_description(ps->cur, t, NULL);
	free(t);
}

/*
 * A line while the header is open: a known key is applied (a key within a typo of a known one
 * is an error); a format's doc line, or any other comment, is description text; anything else
 * ends the header.
 */
static void
header_line(struct parser *ps, const char *p, size_t n, int number)
{
	const char *names[sizeof keys / sizeof keys[0]];
	char *key, *value, *where;
	const char *doc;
	size_t doc_len;

	if (match_header(p, n, &key, &value)) {
		for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
			names[i] = keys[i].key;
		if (strcmp(key, "record_class") == 0) {
			/* aiosql's own header line: the class its rows become, nothing to time. */
		} else if (is_known_key(key) ||
			   pp_spell_nearest(key, names, sizeof keys / sizeof keys[0])) {
			where = pp_str_printf("%s:%d", ps->path, number);
			if (!pp_case_apply_key(ps->cur, key, value, where, number))
				ps->ok = false;
			free(where);
		} else {
			doc = comment_body(p, n, &doc_len);
			add_description(ps, doc, doc_len);
		}
		free(key);
		free(value);
	} else if (pp_format_doc_line(p, n, &doc, &doc_len)) {
		add_description(ps, doc, doc_len);
	} else if (is_comment(p, n)) {
		doc = comment_body(p, n, &doc_len);
		add_description(ps, doc, doc_len);
	} else {
		add_body_line(ps, p, n, number);
	}
}

static void
read_line(struct parser *ps, const char *p, size_t n, int number)
{
	struct pp_name_line nl;

	if (pp_format_name_line(p, n, &nl)) {
		start_case(ps, &nl, number);
		pp_format_reset(&nl);
	} else if (ps->cur == NULL) {
		if (!is_blank(p, n) && !is_comment(p, n) && !ps->reported_stray) {
			pp_log_error("%s:%d: SQL before the first case: expected a "
				     "\"-- name: NAME\" line first",
				     ps->path, number);
			ps->ok = false;
			ps->reported_stray = true;
		}
	} else if (ps->in_header) {
		header_line(ps, p, n, number);
	} else {
		add_body_line(ps, p, n, number);
	}
}

bool
pp_case_parse_text(const char *path, const char *text, const struct pp_case *defaults,
		   struct pp_case_list *out)
{
	struct parser ps = { .path = path, .defaults = defaults, .out = out,
			     .first_of_file = out->len, .ok = true };
	const char *p = text;
	int number = 0;

	while (*p != '\0') {
		const char *eol = strchr(p, '\n');
		size_t n = eol ? (size_t)(eol - p) : strlen(p);

		number++;
		if (n > 0 && p[n - 1] == '\r')
			n--;
		read_line(&ps, p, n, number);
		p = eol ? eol + 1 : p + strlen(p);
	}
	finish_case(&ps);
	free(ps.body);
	for (size_t i = 0; i < ps.n_names; i++)
		free(ps.names[i].name);
	free(ps.names);
	pp_strset_reset(&ps.name_lines);
	if (ps.ok && out->len == ps.first_of_file) {
		pp_log_error("%s: no cases: expected a \"-- name: NAME\" line", path);
		ps.ok = false;
	}
	return ps.ok;
}

bool
pp_case_parse_file(const char *path, const struct pp_case *defaults, struct pp_case_list *out)
{
	size_t len;
	char *text = pp_file_read(path, "", &len);
	const char *nul;
	bool ok;

	if (text == NULL)
		return false;
	nul = memchr(text, '\0', len);
	if (nul != NULL) {
		int line = 1;

		for (const char *q = text; q < nul; q++)
			line += *q == '\n';
		pp_log_error("%s:%d: a NUL byte: a case file is text, and nothing after it could be "
			     "read",
			     path, line);
		free(text);
		return false;
	}
	ok = pp_case_parse_text(path, text, defaults, out);
	free(text);
	return ok;
}

void
pp_case_list_init(struct pp_case_list *l)
{
	memset(l, 0, sizeof *l);
}

void
pp_case_list_reset(struct pp_case_list *l)
{
	while (l->len > 0)
		pp_case_free(l->items[--l->len]);
	free(l->items);
	pp_case_list_init(l);
}

void
pp_case_list_push(struct pp_case_list *l, struct pp_case *c)
{
	l->items = pp_mem_push(l->items, &l->len, &l->cap, sizeof *l->items);
	l->items[l->len - 1] = c;
}
