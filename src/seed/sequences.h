/*
 * sequences.h: after a seed, the sequences behind its generated columns moved past the largest
 * seeded value, so an application's first INSERT after the seed does not collide with a seeded
 * key (docs/seed-format.md, "Sequences").
 */
#ifndef PP_SEQUENCES_H
#define PP_SEQUENCES_H

#include <stdbool.h>

#include "pg/conn.h"

/*
 * For column of table (an integer column filled by the seed): every sequence behind it (a
 * serial's or an identity's, owned by the column, or one its default calls with nextval(),
 * owned by anyone) is set with setval to the largest seeded value (the smallest for a
 * descending sequence), never moved back. A seeded value outside the sequence's bounds is a
 * warning. *moved counts the sequences set. False fills err.
 */
bool pp_sequences_advance(struct pp_conn *conn, const char *table, const char *column,
			  int *moved, struct pp_db_error *err);

#endif
