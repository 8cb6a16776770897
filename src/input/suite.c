/*
 * suite.c: loads every PATH of `pgperf verify PATH...`: finds the case files, their suites'
 * pgperf.json, and checks case names are unique across everything (see suite.h).
 */
#include "input/suite.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>

#include "util/file.h"
#include "util/interrupt.h"
#include "util/log.h"
#include "util/mem.h"
#include "util/str.h"
#include "util/strset.h"

/* Paths found or seen; owns its strings. */
struct file_list {
	char **items;
	size_t len;
};

static void
files_push(struct file_list *l, char *path)
{
	pp_str_list_push(&l->items, &l->len, path);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/*
 * The folders walk() has read, by device and inode, so that each is read once however many
 * symbolic links lead to it: a link back up the tree cannot loop, and links fanning out to the
 * same folders cannot multiply the walk.
 */
struct walk_ctx {
	struct pp_strset seen; /* "dev:ino" of each folder read; keys owned by keys */
	char **keys;
	size_t n_keys;
	size_t skipped;     /* folders reached again, not read */
	char *first_skipped; /* the first such path */
	struct file_list *out;
};

/* Marks the folder st as read; false when it was read before. */
static bool
first_visit(struct walk_ctx *w, const struct stat *st, const char *path)
{
	char *key = pp_str_printf("%ju:%ju", (uintmax_t)st->st_dev, (uintmax_t)st->st_ino);
	bool added;

	pp_strset_add(&w->seen, key, 0, &added);
	if (added) {
		pp_str_list_push(&w->keys, &w->n_keys, key);
		return true;
	}
	free(key);
	if (w->skipped++ == 0)
		w->first_skipped = pp_mem_strdup(path);
	return false;
}

/* Collects *.sql below dir (hidden entries skipped). */
static bool
walk(const char *dir, struct walk_ctx *w)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	bool ok = true;

	if (d == NULL) {
		pp_log_error("cannot read folder %s: %s", dir, strerror(errno));
		return false;
	}
	while ((e = readdir(d)) != NULL && !pp_interrupt_pending()) {
		struct stat st;
		char *path;

		if (e->d_name[0] == '.')
			continue;
		path = pp_file_join(dir, e->d_name);
		if (stat(path, &st) != 0) {
			pp_log_error("cannot read %s: %s", path, strerror(errno));
			free(path);
			ok = false;
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			if (first_visit(w, &st, path))
				ok = walk(path, w) && ok;
			free(path);
		} else if (S_ISREG(st.st_mode) && ends_with(e->d_name, ".sql")) {
			files_push(w->out, path);
		} else {
			free(path);
		}
	}
	closedir(d);
	return ok;
}

/* Reads the folder at path (st: its stat) into out, each folder once. */
static bool
walk_suite(const char *path, const struct stat *st, struct file_list *out)
{
	struct walk_ctx w = { .out = out };
	bool ok;

	pp_strset_init(&w.seen);
	first_visit(&w, st, path);
	ok = walk(path, &w);
	if (w.skipped > 0)
		pp_log_warning("%s: %zu folders reached again through symbolic links were read once "
			       "(the first: %s)", path, w.skipped, w.first_skipped);
	pp_strset_reset(&w.seen);
	pp_str_list_free(w.keys, w.n_keys);
	free(w.first_skipped);
	return ok;
}

void
pp_suite_init(struct pp_suite *s)
{
	memset(s, 0, sizeof *s);
	pp_case_list_init(&s->cases);
}

/* pattern matches rel (a path relative to the suite folder) or one of the folders on it. */
static bool
excluded(const char *pattern, const char *rel)
{
	char *p = pp_mem_strdup(rel);
	bool match = fnmatch(pattern, p, 0) == 0;

	for (char *slash = strrchr(p, '/'); !match && slash != NULL; slash = strrchr(p, '/')) {
		*slash = '\0';
		match = fnmatch(pattern, p, 0) == 0;
	}
	free(p);
	return match;
}

/*
 * A suite's schema files are not cases, even though they end in .sql, and neither are the files
 * its "exclude" patterns match (path relative to the folder walked, top).
 */
static bool
is_not_case(const struct pp_config *cfg, const char *top, const char *path)
{
	char a[PATH_MAX], b[PATH_MAX];
	size_t n = strlen(top);
	const char *rel = strncmp(path, top, n) == 0 && path[n] == '/' ? path + n + 1 : path;

	for (size_t i = 0; i < cfg->n_exclude; i++)
		if (excluded(cfg->exclude[i], rel))
			return true;
	if (realpath(path, a) == NULL)
		return false;
	for (size_t i = 0; i < cfg->n_schema; i++)
		if (realpath(cfg->schema[i], b) != NULL && strcmp(a, b) == 0)
			return true;
	return false;
}

/*
 * Parses one case file unless it was loaded already (the same file reached through two PATHs
 * runs once); seen holds the real paths loaded so far.
 */
static bool
load_file(struct pp_suite *s, const struct pp_config *cfg, const char *path,
	  struct file_list *seen)
{
	char *real = realpath(path, NULL);

	if (real != NULL) {
		for (size_t i = 0; i < seen->len; i++) {
			if (strcmp(seen->items[i], real) == 0) {
				free(real);
				return true;
			}
		}
		files_push(seen, real);
	}
	return pp_case_parse_file(path, cfg->defaults, &s->cases);
}

/* path without the folder dir it was found under (walk() joined them with a slash). */
static const char *
relative_to(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	if (strncmp(path, dir, n) == 0 && path[n] == '/')
		return path + n + 1;
	return path;
}

static const char *
base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static bool
load_path(struct pp_suite *s, const char *path, struct file_list *seen)
{
	struct file_list files = { 0 };
	struct pp_config *cfg;
	struct stat st;
	char *dir;
	bool ok = true;

	if (stat(path, &st) != 0) {
		pp_log_error("cannot read %s: %s", path, strerror(errno));
		return false;
	}
	if (S_ISDIR(st.st_mode)) {
		dir = pp_mem_strdup(path);
	} else if (S_ISREG(st.st_mode) && ends_with(path, ".sql")) {
		dir = pp_file_dir(path);
	} else {
		pp_log_error("%s: expected a .sql case file or a folder of them", path);
		return false;
	}
	cfg = pp_config_load(dir);
	free(dir);
	if (cfg == NULL)
		return false;
	s->configs = pp_mem_realloc(s->configs, (s->n_configs + 1) * sizeof *s->configs);
	s->configs[s->n_configs++] = cfg;

	if (S_ISDIR(st.st_mode)) {
		ok = walk_suite(path, &st, &files);
		if (files.len > 1)
			qsort(files.items, files.len, sizeof *files.items, cmp_str);
		if (ok && files.len == 0) {
			pp_log_error("%s: no .sql case files in this folder", path);
			ok = false;
		}
	} else {
		files_push(&files, pp_mem_strdup(path));
	}
	for (size_t i = 0; i < files.len; i++) {
		size_t first = s->cases.len;
		const char *rel = S_ISDIR(st.st_mode) ? relative_to(files.items[i], path)
						      : base_name(files.items[i]);

		if (S_ISDIR(st.st_mode) && is_not_case(cfg, path, files.items[i]))
			continue;
		ok = load_file(s, cfg, files.items[i], seen) && ok;
		/* The file as the label names it; pp_suite_load keeps it only where needed. */
		for (size_t k = first; k < s->cases.len; k++)
			s->cases.items[k]->label = pp_mem_strdup(rel);
	}
	pp_str_list_free(files.items, files.len);
	return ok;
}

/* uses[k] counts how many of keys[0..n) are the same as keys[k]'s first occurrence. */
static void
count_uses(const char *const *keys, size_t n, struct pp_strset *set, size_t *uses)
{
	for (size_t i = 0; i < n; i++)
		if (keys[i] != NULL)
			uses[pp_strset_add(set, keys[i], i, NULL)->value]++;
}

/* How many of the keys are the same as key (it must be among them). */
static size_t
uses_of(const struct pp_strset *set, const size_t *uses, const char *key)
{
	return uses[pp_strset_find(set, key)->value];
}

/*
 * Case names are scoped by file: a name that more than one file uses is shown as FILE:NAME
 * (FILE as found under its PATH), or with the path as given when even that repeats. Each case's
 * label holds its FILE on entry. Linear in the number of cases (sets of names, then of labels).
 */
static void
set_labels(struct pp_case_list *l)
{
	const char **keys = pp_mem_calloc(l->len + 1, sizeof *keys);
	size_t *uses = pp_mem_calloc(l->len + 1, sizeof *uses);
	struct pp_strset set;

	pp_strset_init(&set);
	for (size_t i = 0; i < l->len; i++)
		keys[i] = l->items[i]->name;
	count_uses(keys, l->len, &set, uses);
	for (size_t i = 0; i < l->len; i++) {
		struct pp_case *c = l->items[i];
		char *label = NULL;

		if (uses_of(&set, uses, c->name) > 1)
			label = pp_str_printf("%s:%s", c->label, c->name);
		free(c->label);
		c->label = label;
		keys[i] = label;
	}
	pp_strset_reset(&set);
	memset(uses, 0, (l->len + 1) * sizeof *uses);
	count_uses(keys, l->len, &set, uses);
	for (size_t i = 0; i < l->len; i++)
		keys[i] = keys[i] != NULL && uses_of(&set, uses, keys[i]) > 1 ? keys[i] : NULL;
	for (size_t i = 0; i < l->len; i++) {
		struct pp_case *c = l->items[i];

		if (keys[i] == NULL)
			continue;
		c->label = pp_str_printf("%s:%s", c->file, c->name);
	}
	/* The old labels were the set's keys: freed only now. */
	for (size_t i = 0; i < l->len; i++)
		free((char *)keys[i]);
	pp_strset_reset(&set);
	free(uses);
	free(keys);
}

bool
pp_suite_load(struct pp_suite *s, char *const *paths, size_t n_paths)
{
	struct file_list seen = { 0 };
	bool ok = true;

	for (size_t i = 0; i < n_paths; i++)
		ok = load_path(s, paths[i], &seen) && ok;
	pp_str_list_free(seen.items, seen.len);
	set_labels(&s->cases);
	return ok;
}

/*
 * Appends f to files unless a file there is the same one (by real path: a suite reached through
 * two PATHs, or a spec named from two pgperf.json). real runs beside files; NULL when f has no
 * real path (it is then kept, and its reader says why it cannot be read).
 */
static void
add_distinct(const char ***files, char ***real, size_t *n, const char *f)
{
	char *r = realpath(f, NULL);

	for (size_t j = 0; j < *n && r != NULL; j++) {
		if ((*real)[j] != NULL && strcmp((*real)[j], r) == 0) {
			free(r);
			return;
		}
	}
	*files = pp_mem_realloc(*files, (*n + 1) * sizeof **files);
	*real = pp_mem_realloc(*real, (*n + 1) * sizeof **real);
	(*files)[*n] = f;
	(*real)[*n] = r;
	(*n)++;
}

static void
free_real(char **real, size_t n)
{
	for (size_t j = 0; j < n; j++)
		free(real[j]);
	free(real);
}

const char **
pp_suite_schema_files(const struct pp_suite *s, size_t *n)
{
	const char **files = NULL;
	char **real = NULL;

	*n = 0;
	for (size_t i = 0; i < s->n_configs; i++)
		for (size_t k = 0; k < s->configs[i]->n_schema; k++)
			add_distinct(&files, &real, n, s->configs[i]->schema[k]);
	free_real(real, *n);
	return files;
}

const char **
pp_suite_seed_files(const struct pp_suite *s, size_t *n)
{
	const char **files = NULL;
	char **real = NULL;

	*n = 0;
	for (size_t i = 0; i < s->n_configs; i++)
		if (s->configs[i]->seed != NULL)
			add_distinct(&files, &real, n, s->configs[i]->seed);
	free_real(real, *n);
	return files;
}

void
pp_suite_reset(struct pp_suite *s)
{
	for (size_t i = 0; i < s->n_configs; i++)
		pp_config_free(s->configs[i]);
	free(s->configs);
	pp_case_list_reset(&s->cases);
	memset(s, 0, sizeof *s);
}
