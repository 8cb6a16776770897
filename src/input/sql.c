/*
 * sql.c: PostgreSQL's own parser (libpg_query) answering what pgperf needs to know about SQL
 * (see sql.h). The parse tree arrives as JSON; it is walked with cJSON and never leaves here.
 */
#include "input/sql.h"

#include <cJSON.h>
#include <ctype.h>
#include <pg_query.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/mem.h"
#include "util/str.h"

/* pg_query_exit() crashes when the parser never ran, so remember whether it did. */
static bool parser_used;

/* The parser's cursorpos counts characters from 1 (0 when unknown); offsets here are bytes. */
static void
set_error(struct pp_sql_error *err, const PgQueryError *e, const char *sql)
{
	err->message = pp_mem_strdup(e->message ? e->message : "syntax error");
	err->offset = e->cursorpos > 0 ? pp_sql_char_offset(sql, e->cursorpos) : -1;
}

/*
 * Whether the parse tree (libpg_query's JSON) nests no deeper than cJSON reads; else fills err.
 * Each operator of an expression takes two levels of the tree, so a chain "a + b + ..." of
 * about 490 terms is the most pgperf reads. Counted over the text, brackets inside strings
 * aside, before anything recurses over it.
 */
static bool
tree_depth_ok(const char *json, struct pp_sql_error *err)
{
	int depth = 0, max = 0;
	bool in_string = false;

	for (const char *p = json; *p != '\0'; p++) {
		if (in_string) {
			if (*p == '\\' && p[1] != '\0')
				p++;
			else if (*p == '"')
				in_string = false;
		} else if (*p == '"') {
			in_string = true;
		} else if (*p == '{' || *p == '[') {
			if (++depth > max)
				max = depth;
		} else if (*p == '}' || *p == ']') {
			depth--;
		}
	}
	if (max < PP_SQL_MAX_TREE_DEPTH)
		return true;
	err->message = pp_str_printf("the statement nests expressions too deeply: its parse tree is "
				     "%d levels deep, pgperf reads at most %d (a chain of about 490 "
				     "operators); move the expression into a function or an array",
				     max, PP_SQL_MAX_TREE_DEPTH - 1);
	return false;
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
	if (!tree_depth_ok(res.parse_tree, err))
		goto cleanup;
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
	if (info->max_param > PP_SQL_MAX_PARAMS) {
		err->message = pp_str_printf("$%d: a statement takes at most %d parameters (the "
					     "limit of PostgreSQL's protocol)",
					     info->max_param, PP_SQL_MAX_PARAMS);
		goto cleanup;
	}
	/*
	 * Anything but a plain query changes the database too: SELECT INTO, CREATE TABLE AS,
	 * TRUNCATE, COPY, CALL, DDL. (A function called from a query may write unseen.)
	 */
	if (first != NULL && info->first_kind != NULL) {
		const cJSON *stmt = cJSON_GetObjectItemCaseSensitive(first, "stmt");
		const cJSON *query = cJSON_GetObjectItemCaseSensitive(stmt, "SelectStmt");

		info->select_into = query != NULL &&
				    cJSON_GetObjectItemCaseSensitive(query, "intoClause") != NULL;
		if (query == NULL || info->select_into)
			info->modifies = true;
	}
	ok = true;

cleanup:
	if (!ok) {
		free(info->first_kind); /* nothing of a failed analysis is handed out */
		info->first_kind = NULL;
	}
	cJSON_Delete(tree);
	pg_query_free_parse_result(res);
	return ok;
}

/* Statements pgperf cannot time, by parse-node name, with what to do instead. */
static const struct {
	const char *node;
	const char *why;
} unrunnable[] = {
	{ "TransactionStmt", "a transaction command (BEGIN, COMMIT, ROLLBACK, SAVEPOINT) cannot be "
			     "timed: every case already runs in its own transaction; drop it" },
	{ "VariableSetStmt", "SET cannot be timed: give the setting with a \"-- set:\" header "
			     "line instead" },
	{ "VariableShowStmt", "SHOW cannot be timed: it reads a setting, not data" },
	{ "TruncateStmt", "TRUNCATE cannot be timed: it cannot be prepared or explained; time a "
			  "DELETE instead, or move it to the suite's schema file" },
	{ "VacuumStmt", "VACUUM and ANALYZE cannot be timed: they cannot run in a transaction; "
			"put them in the suite's schema file" },
	{ "CopyStmt", "COPY cannot be timed: it cannot be prepared or explained; use pgperf seed "
		      "for loading data" },
	{ "CallStmt", "CALL cannot be timed: a procedure cannot be prepared or explained; time "
		      "the statements it runs" },
	{ "DoStmt", "DO cannot be timed: it cannot be prepared or explained; time the statements "
		    "it runs" },
	{ "ExplainStmt", "EXPLAIN cannot be timed: pgperf explains every case itself; drop the "
			 "EXPLAIN" },
};

const char *
pp_sql_unrunnable(const struct pp_sql_info *info)
{
	const char *k = info->first_kind;

	if (k == NULL)
		return NULL;
	if (strcmp(k, "SelectStmt") == 0)
		return info->select_into ? "SELECT INTO creates a table and cannot be timed: write it "
					   "as a plain SELECT"
					 : NULL;
	if (strcmp(k, "InsertStmt") == 0 || strcmp(k, "UpdateStmt") == 0 ||
	    strcmp(k, "DeleteStmt") == 0 || strcmp(k, "MergeStmt") == 0)
		return NULL;
	for (size_t i = 0; i < sizeof unrunnable / sizeof unrunnable[0]; i++)
		if (strcmp(k, unrunnable[i].node) == 0)
			return unrunnable[i].why;
	return "it is not a query pgperf can time (DDL or another utility statement): only SELECT, "
	       "INSERT, UPDATE, DELETE and MERGE are prepared and explained; move it to the suite's "
	       "schema file";
}

/* ---- the scanner: its protobuf output decoded by hand (ScanResult in pg_query.proto) ----- */

/* Reads a varint at *p (before end); false when it runs past end or past 64 bits. */
static bool
read_varint(const unsigned char **p, const unsigned char *end, uint64_t *v)
{
	*v = 0;
	for (int shift = 0; shift < 64; shift += 7) {
		if (*p >= end)
			return false;
		*v |= (uint64_t)(**p & 0x7F) << shift;
		if ((*(*p)++ & 0x80) == 0)
			return true;
	}
	return false;
}

/* Skips a field of the given wire type; false on a malformed message. */
static bool
skip_field(const unsigned char **p, const unsigned char *end, unsigned wire)
{
	uint64_t v;

	switch (wire) {
	case 0:
		return read_varint(p, end, &v);
	case 1:
		if (end - *p < 8)
			return false;
		*p += 8;
		return true;
	case 2:
		if (!read_varint(p, end, &v) || v > (uint64_t)(end - *p))
			return false;
		*p += v;
		return true;
	case 5:
		if (end - *p < 4)
			return false;
		*p += 4;
		return true;
	default:
		return false;
	}
}

static enum pp_sql_token_kind
token_kind(uint64_t token, uint64_t keyword)
{
	if (keyword != 0 || token == 258 || token == 259) /* IDENT, UIDENT */
		return PP_SQL_TOKEN_NAME;
	if (token > 0 && token < 256)
		return PP_SQL_TOKEN_CHAR;
	switch (token) {
	case 267:
		return PP_SQL_TOKEN_PARAM;
	case 265:
		return PP_SQL_TOKEN_OP;
	case 261: /* SCONST, USCONST, BCONST, XCONST */
	case 262:
	case 263:
	case 264:
		return PP_SQL_TOKEN_STRING;
	case 260: /* FCONST, ICONST */
	case 266:
		return PP_SQL_TOKEN_NUMBER;
	case 275: /* SQL_COMMENT, C_COMMENT */
	case 276:
		return PP_SQL_TOKEN_COMMENT;
	default:
		return PP_SQL_TOKEN_OTHER;
	}
}

/* One ScanToken message into *t; false when malformed or out of the text's range. */
static bool
decode_token(const unsigned char *p, const unsigned char *end, int text_len,
	     struct pp_sql_token *t)
{
	uint64_t key, v, fields[6] = { 0 };

	while (p < end) {
		if (!read_varint(&p, end, &key))
			return false;
		if ((key & 7) == 0 && (key >> 3) >= 1 && (key >> 3) <= 5) {
			if (!read_varint(&p, end, &v))
				return false;
			fields[key >> 3] = v;
		} else if (!skip_field(&p, end, (unsigned)(key & 7))) {
			return false;
		}
	}
	if (fields[1] > fields[2] || fields[2] > (uint64_t)text_len)
		return false;
	t->start = (int)fields[1];
	t->end = (int)fields[2];
	t->kind = token_kind(fields[4], fields[5]);
	t->ch = t->kind == PP_SQL_TOKEN_CHAR ? (char)fields[4] : '\0';
	t->keyword = fields[5] <= 4 ? (int)fields[5] : 4;
	return true;
}

/* The tokens of a ScanResult message; false when malformed. */
static bool
decode_scan(const unsigned char *p, const unsigned char *end, int text_len,
	    struct pp_sql_token **tokens, size_t *n)
{
	size_t cap = 0;
	uint64_t key, len;

	while (p < end) {
		if (!read_varint(&p, end, &key))
			return false;
		if (key != ((2 << 3) | 2)) {
			if (!skip_field(&p, end, (unsigned)(key & 7)))
				return false;
			continue;
		}
		if (!read_varint(&p, end, &len) || len > (uint64_t)(end - p))
			return false;
		*tokens = pp_mem_push(*tokens, n, &cap, sizeof **tokens);
		if (!decode_token(p, p + len, text_len, &(*tokens)[*n - 1]))
			return false;
		p += len;
	}
	return true;
}

bool
pp_sql_scan(const char *sql, struct pp_sql_token **tokens, size_t *n, struct pp_sql_error *err)
{
	PgQueryScanResult res;
	const unsigned char *data;
	bool ok;

	memset(err, 0, sizeof *err);
	err->offset = -1;
	*tokens = NULL;
	*n = 0;
	parser_used = true;
	res = pg_query_scan(sql);
	if (res.error != NULL) {
		set_error(err, res.error, sql);
		pg_query_free_scan_result(res);
		return false;
	}
	data = (const unsigned char *)res.pbuf.data;
	ok = decode_scan(data, data + res.pbuf.len, (int)strlen(sql), tokens, n);
	pg_query_free_scan_result(res);
	if (!ok) {
		free(*tokens);
		*tokens = NULL;
		*n = 0;
		err->message = pp_mem_strdup("cannot read the scanner's output");
	}
	return ok;
}

bool
pp_sql_plain_ident(const char *name)
{
	struct pp_sql_token *t = NULL;
	struct pp_sql_error err = { .offset = -1 };
	size_t n = 0;
	bool plain = name[0] != '\0' && (islower((unsigned char)name[0]) || name[0] == '_');

	for (const char *p = name; plain && *p; p++)
		plain = islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_';
	if (plain)
		plain = pp_sql_scan(name, &t, &n, &err) && n == 1 &&
			t[0].kind == PP_SQL_TOKEN_NAME && t[0].keyword <= 1;
	free(t);
	pp_sql_error_reset(&err);
	return plain;
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

char *
pp_sql_tree(const char *sql, struct pp_sql_error *err)
{
	PgQueryParseResult res;
	char *tree = NULL;

	memset(err, 0, sizeof *err);
	err->offset = -1;
	parser_used = true;
	res = pg_query_parse(sql);
	if (res.error != NULL)
		set_error(err, res.error, sql);
	else if (tree_depth_ok(res.parse_tree, err))
		tree = pp_mem_strdup(res.parse_tree);
	pg_query_free_parse_result(res);
	return tree;
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

void
pp_sql_put_ident(struct pp_buf *b, const char *name)
{
	if (pp_sql_plain_ident(name)) {
		pp_buf_puts(b, name);
		return;
	}
	pp_buf_putc(b, '"');
	for (const char *p = name; *p; p++) {
		if (*p == '"')
			pp_buf_putc(b, '"');
		pp_buf_putc(b, *p);
	}
	pp_buf_putc(b, '"');
}
