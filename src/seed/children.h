/*
 * children.h: where a seeded table's rows went when it is an inheritance parent. Inheritance as
 * it was done before declarative partitioning routes each row with a BEFORE INSERT trigger on
 * the parent to a child and keeps none itself: the children hold the seed's rows though the
 * spec never names them, so they are analyzed and vacuumed as the seeded tables are (else the
 * planner sees never-analyzed tables) and the summary says where the rows are.
 *
 * A struct pp_children is caller-owned storage (pp_children_analyze / pp_children_reset) that
 * owns its strings.
 */
#ifndef PP_CHILDREN_H
#define PP_CHILDREN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pg/conn.h"

struct pp_children {
	char **names;   /* the inheritance children at every level, as regclass text; not the
			 * partitions of a partitioned table (its own ANALYZE and VACUUM cover
			 * them) */
	int64_t *rows;  /* rows ANALYZE counted in each (the child alone, not its own children) */
	size_t n;
	int64_t parent_rows; /* rows ANALYZE counted in the parent alone */
};

/* Finds table's children, ANALYZEs each and reads the rows counted. False fills err. */
bool pp_children_analyze(struct pp_conn *conn, const char *table, struct pp_children *out,
			 struct pp_db_error *err);
void pp_children_reset(struct pp_children *c);

#endif
