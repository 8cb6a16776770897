/*
 * sql.c: PostgreSQL's own parser (libpg_query) answering what pgperf needs to know about SQL
 * (see sql.h). The parse tree arrives as JSON; it is walked with cJSON and never leaves here.
 */
#include "input/sql.h"

#include <cJSON.h>
#include <pg_query.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

/* pg_query_exit() crashes when the parser never ran, so remember whether it did. */
static bool parser_used;

/* The parser's cursorpos counts characters from 1 (0 when unknown); offsets here are bytes. */
static void
set_error(struct pp_sql_error *err, const PgQueryError *e, const char *sql)
{
	err->message = pp_mem_strdup(e->message ? e->message : "syntax error");
	err->offset = e->cursorpos > 0 ? pp_sql_char_offset(sql, e->cursorpos) : -1;
}

static bool
is_write(const char *key)
{
	return strcmp(key, "InsertStmt") == 0 || strcmp(key, "UpdateStmt") == 0 ||
	       strcmp(key, "DeleteStmt") == 0 || strcmp(key, "MergeStmt") == 0;
}

/* Walks the whole tree: writes anywhere (data-modifying CTEs too) and the highest $N. */
static void
walk(const cJSON *node, struct pp_sql_info *info)
{
	const cJSON *child;

	cJSON_ArrayForEach(child, node)
	{
		if (child->string != NULL) {
			if (is_write(child->string))
				info->modifies = true;
			if (strcmp(child->string, "ParamRef") == 0) {
				const cJSON *num = cJSON_GetObjectItemCaseSensitive(child, "number");

				if (cJSON_IsNumber(num) && num->valueint > info->max_param)
					info->max_param = num->valueint;
			}
		}
		if (cJSON_IsObject(child) || cJSON_IsArray(child))
			walk(child, info);
	}
}

/* stmt_location starts right after the previous `;`: move to the statement's first token. */
static int
skip_space_and_comments(const char *sql, int i)
{
	for (;;) {
		if (sql[i] == ' ' || sql[i] == '\n' || sql[i] == '\t' || sql[i] == '\r') {
			i++;
		} else if (sql[i] == '-' && sql[i + 1] == '-') {
			while (sql[i] != '\0' && sql[i] != '\n')
				i++;
		} else if (sql[i] == '/' && sql[i + 1] == '*') {
			const char *end = strstr(sql + i + 2, "*/");

			if (end == NULL)
				return i;
			i = (int)(end - sql) + 2;
		} else {
			return i;
		}
	}
}

bool
pp_sql_analyze(const char *sql, struct pp_sql_info *info, struct pp_sql_error *err)
{
	PgQueryParseResult res;
	cJSON *tree = NULL, *stmts, *first, *second;
	bool ok = false;

	memset(info, 0, sizeof *info);
	memset(err, 0, sizeof *err);
	err->offset = -1;
	parser_used = true;
	res = pg_query_parse(sql);
	if (res.error != NULL) {
		set_error(err, res.error, sql);
		goto cleanup;
	}
	tree = cJSON_Parse(res.parse_tree);
	stmts = tree ? cJSON_GetObjectItemCaseSensitive(tree, "stmts") : NULL;
	if (tree == NULL) {
		err->message = pp_mem_strdup("cannot read the parser's output");
		goto cleanup;
	}
	info->n_statements = cJSON_GetArraySize(stmts);
	first = cJSON_GetArrayItem(stmts, 0);
	if (first != NULL) {
		const cJSON *stmt = cJSON_GetObjectItemCaseSensitive(first, "stmt");
		const cJSON *loc = cJSON_GetObjectItemCaseSensitive(first, "stmt_location");
		const cJSON *len = cJSON_GetObjectItemCaseSensitive(first, "stmt_len");

		if (stmt != NULL && stmt->child != NULL && stmt->child->string != NULL)
			info->first_kind = pp_mem_strdup(stmt->child->string);
		/* A zero (so omitted) stmt_len means the statement runs to the end of the text. */
		info->first_end = (int)strlen(sql);
		if (cJSON_IsNumber(len) && len->valueint > 0)
			info->first_end = (cJSON_IsNumber(loc) ? loc->valueint : 0) + len->valueint;
	}
	second = cJSON_GetArrayItem(stmts, 1);
	if (second != NULL) {
		const cJSON *loc = cJSON_GetObjectItemCaseSensitive(second, "stmt_location");

		info->second_offset = skip_space_and_comments(sql, cJSON_IsNumber(loc) ? loc->valueint
										      : 0);
	}
	walk(stmts, info);
	/*
	 * Anything but a plain query changes the database too: SELECT INTO, CREATE TABLE AS,
	 * TRUNCATE, COPY, CALL, DDL. (A function called from a query may write unseen.)
	 */
	if (first != NULL && info->first_kind != NULL) {
		const cJSON *stmt = cJSON_GetObjectItemCaseSensitive(first, "stmt");
		const cJSON *query = cJSON_GetObjectItemCaseSensitive(stmt, "SelectStmt");

		if (query == NULL || cJSON_GetObjectItemCaseSensitive(query, "intoClause") != NULL)
			info->modifies = true;
	}
	ok = true;

cleanup:
	cJSON_Delete(tree);
	pg_query_free_parse_result(res);
	return ok;
}

void
pp_sql_info_reset(struct pp_sql_info *info)
{
	free(info->first_kind);
	memset(info, 0, sizeof *info);
}

void
pp_sql_error_reset(struct pp_sql_error *err)
{
	free(err->message);
	memset(err, 0, sizeof *err);
	err->offset = -1;
}

bool
pp_sql_split(const char *sql, int **offsets, int **lengths, int *n, struct pp_sql_error *err)
{
	PgQuerySplitResult res;

	memset(err, 0, sizeof *err);
	err->offset = -1;
	*offsets = *lengths = NULL;
	*n = 0;
	parser_used = true;
	res = pg_query_split_with_parser(sql);
	if (res.error != NULL) {
		set_error(err, res.error, sql);
		pg_query_free_split_result(res);
		return false;
	}
	*offsets = pp_mem_calloc((size_t)res.n_stmts, sizeof **offsets);
	*lengths = pp_mem_calloc((size_t)res.n_stmts, sizeof **lengths);
	for (int i = 0; i < res.n_stmts; i++) {
		(*offsets)[i] = res.stmts[i]->stmt_location;
		(*lengths)[i] = res.stmts[i]->stmt_len;
	}
	*n = res.n_stmts;
	pg_query_free_split_result(res);
	return true;
}

void
pp_sql_locate(const char *text, int offset, int *line, int *col)
{
	*line = 1;
	*col = 1;
	for (int i = 0; i < offset && text[i] != '\0'; i++) {
		if (((unsigned char)text[i] & 0xC0) == 0x80)
			continue; /* a UTF-8 continuation byte: same character */
		if (text[i] == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

int
pp_sql_char_offset(const char *text, int position)
{
	int i = 0, chars = 0;

	for (; text[i] != '\0'; i++) {
		if (((unsigned char)text[i] & 0xC0) == 0x80)
			continue;
		if (++chars == position)
			break;
	}
	return i;
}

void
pp_sql_shutdown(void)
{
	if (parser_used)
		pg_query_exit();
	parser_used = false;
}
