/*
 * format.c: the name lines of pgperf's own format, sqlc, aiosql/yesql and HugSQL (see
 * format.h). Each format is a function that reads the text after "--"; the table tries them
 * in order and the first that recognizes the line wins.
 */
#include "input/format.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"
#include "util/str.h"

/* The text of a whole-line comment after "--" and blanks, or NULL when line is no comment. */
static const char *
comment_text(const char *line, size_t n, size_t *len)
{
	size_t i = 0;

	while (i < n && (line[i] == ' ' || line[i] == '\t'))
		i++;
	if (i + 1 >= n || line[i] != '-' || line[i + 1] != '-')
		return NULL;
	i += 2;
	while (i < n && (line[i] == ' ' || line[i] == '\t'))
		i++;
	*len = n - i;
	return line + i;
}

static bool
is_name_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '.' || c == '-';
}

/* A copy of text[0..len) without leading and trailing white space. */
static char *
dup_trimmed(const char *text, size_t len)
{
	while (len > 0 && isspace((unsigned char)*text)) {
		text++;
		len--;
	}
	while (len > 0 && isspace((unsigned char)text[len - 1]))
		len--;
	return pp_mem_strndup(text, len);
}

/* "name:" at text (blanks allowed before the colon): the value after it, trimmed. */
static char *
name_key_value(const char *text, size_t len)
{
	size_t i = 4;

	if (len < 5 || strncmp(text, "name", 4) != 0)
		return NULL;
	while (i < len && (text[i] == ' ' || text[i] == '\t'))
		i++;
	if (i >= len || text[i] != ':')
		return NULL;
	return dup_trimmed(text + i + 1, len - i - 1);
}

static void
set_name(struct pp_name_line *out, const char *format, const char *name, size_t len)
{
	out->format = format;
	out->name = pp_mem_strndup(name, len);
}

/* sqlc: NAME :KIND. */
static const char *const sqlc_kinds[] = { ":one", ":many", ":exec", ":execrows", ":execresult",
					  ":execlastid", ":copyfrom", ":batchexec", ":batchmany",
					  ":batchone" };

static bool
read_sqlc(const char *value, size_t name_len, struct pp_name_line *out)
{
	const char *kind = pp_str_skip_blanks(value + name_len);

	if (name_len == 0 || kind == value + name_len || *kind != ':')
		return false;
	set_name(out, "sqlc", value, name_len);
	out->kind = pp_mem_strdup(kind);
	for (size_t i = 0; i < sizeof sqlc_kinds / sizeof sqlc_kinds[0]; i++)
		if (strcmp(kind, sqlc_kinds[i]) == 0)
			return true;
	out->error = pp_str_printf("unknown sqlc query kind \"%s\": expected one of :one, :many, "
				   ":exec, :execrows, :execresult, :execlastid, :copyfrom, "
				   ":batchexec, :batchmany, :batchone",
				   kind);
	return true;
}

/* aiosql (and yesql's <! and !): NAME immediately followed by its suffix. */
static bool
read_aiosql(const char *value, size_t name_len, struct pp_name_line *out)
{
	static const char *const suffixes[] = { "<!", "*!", "!", "^", "$", "#" };
	const char *suffix = value + name_len;

	if (name_len == 0)
		return false;
	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		if (strcmp(suffix, suffixes[i]) == 0) {
			set_name(out, "aiosql", value, name_len);
			out->kind = pp_mem_strdup(suffix);
			return true;
		}
	}
	return false;
}

/* `-- name: VALUE`: pgperf's NAME, sqlc's NAME :KIND or aiosql's NAME<suffix>. */
static bool
read_name_key(const char *text, size_t len, struct pp_name_line *out)
{
	char *value = name_key_value(text, len);
	size_t name_len = 0;

	if (value == NULL)
		return false;
	while (is_name_char(value[name_len]))
		name_len++;
	if (!read_sqlc(value, name_len, out) && !read_aiosql(value, name_len, out)) {
		/* Anything else is pgperf's NAME; the parser checks its characters. */
		out->format = "pgperf";
		out->name = pp_mem_strdup(value);
	}
	free(value);
	return true;
}

/* HugSQL: `:name NAME [:command] [:result]`, and `:snip NAME`, a fragment. */
static bool
read_hugsql(const char *text, size_t len, struct pp_name_line *out)
{
	bool snip = len > 6 && strncmp(text, ":snip", 5) == 0 && isspace((unsigned char)text[5]);
	size_t i = 5, name0, name_len;

	if (!snip && !(len > 6 && strncmp(text, ":name", 5) == 0 && isspace((unsigned char)text[5])))
		return false;
	while (i < len && isspace((unsigned char)text[i]))
		i++;
	name0 = i;
	while (i < len && !isspace((unsigned char)text[i]))
		i++;
	name_len = i - name0;
	set_name(out, "hugsql", text + name0, name_len);
	while (i < len && isspace((unsigned char)text[i]))
		i++;
	if (i < len)
		out->kind = dup_trimmed(text + i, len - i);
	if (snip)
		out->problem = pp_mem_strdup("a HugSQL snippet (:snip) is a fragment of a statement, "
					     "not a statement: time the query that uses it");
	return true;
}

static bool (*const formats[])(const char *text, size_t len, struct pp_name_line *out) = {
	read_name_key,
	read_hugsql,
};

bool
pp_format_name_line(const char *line, size_t n, struct pp_name_line *out)
{
	size_t len;
	const char *text = comment_text(line, n, &len);

	memset(out, 0, sizeof *out);
	if (text == NULL)
		return false;
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
		if (formats[i](text, len, out))
			return true;
	return false;
}

bool
pp_format_doc_line(const char *line, size_t n, const char **text, size_t *len)
{
	size_t tlen, i = 1;
	const char *t = comment_text(line, n, &tlen);

	if (t == NULL || tlen < 2 || t[0] != ':' || !isalpha((unsigned char)t[1]))
		return false;
	while (i < tlen && !isspace((unsigned char)t[i]))
		i++;
	*text = t + i;
	*len = 0;
	if (i == 4 && strncmp(t, ":doc", 4) == 0) {
		while (i < tlen && isspace((unsigned char)t[i]))
			i++;
		*text = t + i;
		*len = tlen - i;
	}
	return true;
}

void
pp_format_reset(struct pp_name_line *l)
{
	free(l->name);
	free(l->kind);
	free(l->error);
	free(l->problem);
	memset(l, 0, sizeof *l);
}
