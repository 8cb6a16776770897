/*
 * ddl.c: a schema script's statements classified from libpg_query's JSON parse tree (see
 * ddl.h). The tree is walked with cJSON and never leaves here.
 */
#include "input/ddl.h"

#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/json.h"
#include "util/mem.h"
#include "util/str.h"

static const cJSON *
get(const cJSON *obj, const char *key)
{
	return cJSON_GetObjectItemCaseSensitive(obj, key);
}

static const char *
get_str(const cJSON *obj, const char *key)
{
	const cJSON *v = get(obj, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* An identifier in double quotes, inner quotes doubled. */
static void
put_ident(struct pp_buf *b, const char *name)
{
	pp_buf_putc(b, '"');
	for (const char *p = name; *p != '\0'; p++) {
		if (*p == '"')
			pp_buf_putc(b, '"');
		pp_buf_putc(b, *p);
	}
	pp_buf_putc(b, '"');
}

/* A RangeVar's [schema.]name; false when it has none. */
static bool
put_rangevar(struct pp_buf *b, const cJSON *rv)
{
	const char *schema = get_str(rv, "schemaname"), *rel = get_str(rv, "relname");

	if (rel == NULL)
		return false;
	if (schema != NULL) {
		put_ident(b, schema);
		pp_buf_putc(b, '.');
	}
	put_ident(b, rel);
	return true;
}

/* A list of String nodes (a qualified type name) as dotted identifiers. */
static bool
put_name_list(struct pp_buf *b, const cJSON *list)
{
	const cJSON *item;
	size_t start = b->len;

	cJSON_ArrayForEach(item, list)
	{
		const char *s = get_str(get(item, "String"), "sval");

		if (s == NULL)
			return false;
		if (b->len > start)
			pp_buf_putc(b, '.');
		put_ident(b, s);
	}
	return b->len > start;
}

static bool
is_true(const cJSON *obj, const char *key)
{
	return cJSON_IsTrue(get(obj, key));
}

/* d's rank, schema and table (schema.rel when rel is given and schema is known). */
static void
note(struct pp_ddl_stmt *d, int rank, const char *schema, const char *rel)
{
	d->rank = rank;
	d->schema = schema != NULL ? pp_mem_strdup(schema) : NULL;
	if (schema != NULL && rel != NULL) {
		struct pp_buf b;

		pp_buf_init(&b);
		pp_buf_printf(&b, "%s.%s", schema, rel);
		d->table = pp_buf_steal(&b);
	}
}

/* The schema a qualified name list starts with (two or more String nodes), or NULL. */
static const char *
list_schema(const cJSON *list)
{
	if (cJSON_GetArraySize(list) < 2)
		return NULL;
	return get_str(get(cJSON_GetArrayItem(list, 0), "String"), "sval");
}

/*
 * "DROP <what> IF EXISTS <name from rv or list> CASCADE", or NULL; a rank 1 undo of d, whose
 * table is rv's when table is set.
 */
static char *
drop(struct pp_ddl_stmt *d, const char *what, const cJSON *rv, const cJSON *list, bool table)
{
	struct pp_buf b;

	pp_buf_init(&b);
	pp_buf_printf(&b, "DROP %s IF EXISTS ", what);
	if (rv != NULL ? !put_rangevar(&b, rv) : !put_name_list(&b, list)) {
		pp_buf_reset(&b);
		return NULL;
	}
	pp_buf_puts(&b, " CASCADE");
	if (rv != NULL)
		note(d, 1, get_str(rv, "schemaname"), table ? get_str(rv, "relname") : NULL);
	else
		note(d, 1, list_schema(list), NULL);
	return pp_buf_steal(&b);
}

/* ALTER TABLE ... ADD CONSTRAINT name: drops each named constraint it adds. */
static char *
undo_alter_table(struct pp_ddl_stmt *d, const cJSON *s)
{
	const cJSON *cmd;
	struct pp_buf b;
	bool any = false;

	pp_buf_init(&b);
	pp_buf_puts(&b, "ALTER TABLE IF EXISTS ");
	if (!put_rangevar(&b, get(s, "relation"))) {
		pp_buf_reset(&b);
		return NULL;
	}
	cJSON_ArrayForEach(cmd, get(s, "cmds"))
	{
		const cJSON *c = get(cmd, "AlterTableCmd");
		const char *sub = get_str(c, "subtype");
		const char *name = get_str(get(get(c, "def"), "Constraint"), "conname");

		if (sub == NULL || strcmp(sub, "AT_AddConstraint") != 0 || name == NULL)
			continue;
		pp_buf_puts(&b, any ? ", DROP CONSTRAINT IF EXISTS " : " DROP CONSTRAINT IF EXISTS ");
		put_ident(&b, name);
		pp_buf_puts(&b, " CASCADE");
		any = true;
	}
	if (!any) {
		pp_buf_reset(&b);
		return NULL;
	}
	note(d, 2, get_str(get(s, "relation"), "schemaname"), get_str(get(s, "relation"), "relname"));
	return pp_buf_steal(&b);
}

/* CREATE INDEX name ON [schema.]table: the index lives in its table's schema. */
static char *
undo_index(struct pp_ddl_stmt *d, const cJSON *s)
{
	const char *name = get_str(s, "idxname");
	const char *schema = get_str(get(s, "relation"), "schemaname");
	struct pp_buf b;

	if (name == NULL || is_true(s, "if_not_exists"))
		return NULL;
	pp_buf_init(&b);
	pp_buf_puts(&b, "DROP INDEX IF EXISTS ");
	if (schema != NULL) {
		put_ident(&b, schema);
		pp_buf_putc(&b, '.');
	}
	put_ident(&b, name);
	pp_buf_puts(&b, " CASCADE");
	note(d, 2, schema, get_str(get(s, "relation"), "relname"));
	return pp_buf_steal(&b);
}

/* CREATE TABLE AS and CREATE MATERIALIZED VIEW. */
static char *
undo_table_as(struct pp_ddl_stmt *d, const cJSON *s)
{
	const char *objtype = get_str(s, "objtype");
	bool matview = objtype != NULL && strcmp(objtype, "OBJECT_MATVIEW") == 0;

	if (is_true(s, "if_not_exists"))
		return NULL;
	return drop(d, matview ? "MATERIALIZED VIEW" : "TABLE", get(get(s, "into"), "rel"), NULL,
		    true);
}

/* How to undo one statement (kind: its parse node's name, s: the node), or NULL. */
static char *
undo_of(struct pp_ddl_stmt *d, const char *kind, const cJSON *s)
{
	if (strcmp(kind, "CreateSchemaStmt") == 0) {
		const char *name = get_str(s, "schemaname");
		struct pp_buf b;

		if (name == NULL || is_true(s, "if_not_exists"))
			return NULL;
		pp_buf_init(&b);
		pp_buf_puts(&b, "DROP SCHEMA IF EXISTS ");
		put_ident(&b, name);
		pp_buf_puts(&b, " CASCADE");
		note(d, 0, name, NULL);
		return pp_buf_steal(&b);
	}
	if (strcmp(kind, "CreateStmt") == 0) {
		const char *persistence = get_str(get(s, "relation"), "relpersistence");
		bool temp = persistence != NULL && strcmp(persistence, "t") == 0;

		return is_true(s, "if_not_exists") || temp
			       ? NULL
			       : drop(d, "TABLE", get(s, "relation"), NULL, true);
	}
	if (strcmp(kind, "CreateEnumStmt") == 0 || strcmp(kind, "CreateRangeStmt") == 0)
		return drop(d, "TYPE", NULL, get(s, "typeName"), false);
	if (strcmp(kind, "CompositeTypeStmt") == 0)
		return drop(d, "TYPE", get(s, "typevar"), NULL, false);
	if (strcmp(kind, "CreateDomainStmt") == 0)
		return drop(d, "DOMAIN", NULL, get(s, "domainname"), false);
	if (strcmp(kind, "CreateSeqStmt") == 0)
		return is_true(s, "if_not_exists")
			       ? NULL
			       : drop(d, "SEQUENCE", get(s, "sequence"), NULL, false);
	if (strcmp(kind, "ViewStmt") == 0)
		return is_true(s, "replace") ? NULL : drop(d, "VIEW", get(s, "view"), NULL, false);
	if (strcmp(kind, "CreateTableAsStmt") == 0)
		return undo_table_as(d, s);
	if (strcmp(kind, "IndexStmt") == 0)
		return undo_index(d, s);
	if (strcmp(kind, "AlterTableStmt") == 0)
		return undo_alter_table(d, s);
	return NULL;
}

/*
 * Statements that only give objects an owner or privileges: pg_dump writes them for roles the
 * target may not have (OWNER TO postgres), so they are skipped as pg_restore --no-owner
 * --no-acl skips them. An ALTER TABLE counts when each of its subcommands is OWNER TO.
 */
static bool
is_ownership(const char *kind, const cJSON *s)
{
	const cJSON *cmd;
	int n = 0;

	if (strcmp(kind, "AlterOwnerStmt") == 0 || strcmp(kind, "GrantStmt") == 0 ||
	    strcmp(kind, "GrantRoleStmt") == 0 || strcmp(kind, "AlterDefaultPrivilegesStmt") == 0)
		return true;
	if (strcmp(kind, "AlterTableStmt") != 0)
		return false;
	cJSON_ArrayForEach(cmd, get(s, "cmds"))
	{
		const char *sub = get_str(get(cmd, "AlterTableCmd"), "subtype");

		if (sub == NULL || strcmp(sub, "AT_ChangeOwner") != 0)
			return false;
		n++;
	}
	return n > 0;
}

/* The roles an ownership statement names by name (RoleSpec nodes, wrapped or not: they have a
 * roletype; PUBLIC and CURRENT_USER have no rolename), added to d->roles. */
static void
collect_roles(const cJSON *node, struct pp_ddl_stmt *d)
{
	const cJSON *child;

	if (node == NULL || d->n_roles >= 64)
		return;
	if (cJSON_IsObject(node) && get(node, "roletype") != NULL) {
		const char *name = get_str(node, "rolename");

		if (name != NULL && !pp_str_list_has(d->roles, d->n_roles, name))
			pp_str_list_push(&d->roles, &d->n_roles, pp_mem_strdup(name));
		return;
	}
	cJSON_ArrayForEach(child, node) collect_roles(child, d);
}

bool
pp_ddl_read(const char *sql, struct pp_ddl *out, struct pp_sql_error *err)
{
	char *text = pp_sql_tree(sql, err);
	cJSON *tree = text ? cJSON_Parse(text) : NULL;
	const cJSON *stmts = get(tree, "stmts"), *item;
	int total = (int)strlen(sql), i = 0;

	memset(out, 0, sizeof *out);
	free(text);
	if (tree == NULL) {
		if (err->message == NULL)
			err->message = pp_mem_strdup("cannot read the parser's output");
		return false;
	}
	out->stmts = pp_mem_calloc((size_t)cJSON_GetArraySize(stmts) + 1, sizeof *out->stmts);
	cJSON_ArrayForEach(item, stmts)
	{
		struct pp_ddl_stmt *d = &out->stmts[i++];
		const cJSON *node = get(item, "stmt");
		const cJSON *s = node != NULL ? node->child : NULL;
		const char *kind = s != NULL && s->string != NULL ? s->string : "";

		d->offset = (int)pp_json_number(item, "stmt_location", 0);
		/* A zero (so omitted) stmt_len means the statement runs to the end of the text. */
		d->length = (int)pp_json_number(item, "stmt_len", 0);
		if (d->length <= 0)
			d->length = total - d->offset;
		d->ownership = is_ownership(kind, s);
		if (d->ownership)
			collect_roles(s, d);
		d->undo = undo_of(d, kind, s);
	}
	out->n = i;
	cJSON_Delete(tree);
	return true;
}

void
pp_ddl_reset(struct pp_ddl *d)
{
	for (int i = 0; i < d->n; i++) {
		free(d->stmts[i].undo);
		free(d->stmts[i].schema);
		free(d->stmts[i].table);
		pp_str_list_free(d->stmts[i].roles, d->stmts[i].n_roles);
	}
	free(d->stmts);
	memset(d, 0, sizeof *d);
}

/* ---- CHECK (column IN (...)) ---------------------------------------------------------------- */

/* node without its casts. */
static const cJSON *
uncast(const cJSON *node)
{
	while (get(node, "TypeCast") != NULL)
		node = get(get(node, "TypeCast"), "arg");
	return node;
}

/* A constant's text: a string, an integer or a float; NULL otherwise. */
static char *
const_text(const cJSON *node)
{
	const cJSON *c = get(uncast(node), "A_Const");
	const char *s = get_str(get(c, "sval"), "sval");
	const cJSON *i = get(get(c, "ival"), "ival");

	if (s != NULL)
		return pp_mem_strdup(s);
	if (get_str(get(c, "fval"), "fval") != NULL)
		return pp_mem_strdup(get_str(get(c, "fval"), "fval"));
	if (c != NULL && get(c, "ival") != NULL)
		return pp_str_printf("%d", cJSON_IsNumber(i) ? i->valueint : 0); /* 0 is omitted */
	return NULL;
}

/* The A_Expr e: column = ANY (ARRAY[...]) or column IN (...), its constants into *values. */
static bool
in_list(const cJSON *e, const char *column, char ***values, size_t *n)
{
	const char *kind = get_str(e, "kind");
	const cJSON *fields = get(get(uncast(get(e, "lexpr")), "ColumnRef"), "fields");
	const cJSON *last = cJSON_GetArrayItem(fields, cJSON_GetArraySize(fields) - 1);
	const char *name = get_str(get(last, "String"), "sval");
	const cJSON *list = NULL, *item;

	if (kind == NULL || name == NULL || strcmp(name, column) != 0)
		return false;
	if (strcmp(kind, "AEXPR_IN") == 0)
		list = get(get(get(e, "rexpr"), "List"), "items");
	else if (strcmp(kind, "AEXPR_OP_ANY") == 0)
		list = get(get(uncast(get(e, "rexpr")), "A_ArrayExpr"), "elements");
	if (list == NULL)
		return false;
	cJSON_ArrayForEach(item, list)
	{
		char *v = const_text(item);

		if (v == NULL) {
			pp_str_list_free(*values, *n);
			*values = NULL;
			*n = 0;
			return false;
		}
		pp_str_list_push(values, n, v);
	}
	return *n > 0;
}

bool
pp_ddl_check_values(const char *check, const char *column, char ***values, size_t *n)
{
	struct pp_sql_error err;
	const char *expr = strncmp(check, "CHECK ", 6) == 0 ? check + 6 : check;
	char *sql = pp_str_printf("SELECT %s", expr);
	char *text = pp_sql_tree(sql, &err);
	cJSON *tree = text != NULL ? cJSON_Parse(text) : NULL;
	const cJSON *stmt = get(cJSON_GetArrayItem(get(tree, "stmts"), 0), "stmt");
	const cJSON *target = cJSON_GetArrayItem(get(get(stmt, "SelectStmt"), "targetList"), 0);
	bool ok;

	*values = NULL;
	*n = 0;
	ok = in_list(get(get(get(target, "ResTarget"), "val"), "A_Expr"), column, values, n);
	pp_sql_error_reset(&err);
	cJSON_Delete(tree);
	free(text);
	free(sql);
	return ok;
}
