/*
 * footprint.h: what a case leaves on the database besides its rows, which the rollback undoes,
 * and putting back what can be put back safely.
 *
 * Sequences ignore rollback. Before the case pgperf notes where every sequence it can read
 * stands; inside the case's transaction it counts its own draws, through its session's pending
 * buffer statistics for each sequence (PostgreSQL flushes them only between transactions, so
 * the counters are read in the same message as BEGIN and as ROLLBACK). Afterwards a moved
 * sequence is put back only when it moved by exactly this case's draws, so no other session
 * took a value meanwhile, and only with the tables that draw from it locked against writes and
 * its position checked again under that lock. Every other sequence the case moved is left where
 * it is and reported on the case result, with the reason.
 *
 * A write case also leaves dead tuples and cleared visibility-map bits in the tables it wrote
 * to (its own statistics counters name them): their n_dead_tup growth is read after the case
 * and, on the throwaway server, the tables are vacuumed so that later cases start from clean
 * tables.
 *
 * A struct pp_footprint is caller-owned storage (pp_footprint_init / pp_footprint_reset) for one
 * case; what it finds goes into the case result.
 */
#ifndef PP_FOOTPRINT_H
#define PP_FOOTPRINT_H

#include <stdbool.h>

#include "pg/conn.h"
#include "run/result.h"

struct pp_footprint {
	bool writes;     /* a write case: dead tuples are measured */
	char *positions; /* before: {sequence oid: last_value} of every readable sequence */
	char *tables;    /* before, write cases: {table oid: n_dead_tup} */
	char *counters;  /* in the transaction: this session's draws per sequence and writes per
			    table so far */
	char *drawn;     /* after: "oid:draws,..." of the sequences the case drew from */
	char *touched;   /* after, write cases: "{oid,...}" of the tables it wrote to */
};

void pp_footprint_init(struct pp_footprint *fp, bool writes);
void pp_footprint_reset(struct pp_footprint *fp);

/* Before the case, outside a transaction: forgets the session's sequence state (DISCARD
 * SEQUENCES) and notes sequence positions (and, for a write case, dead tuples). */
bool pp_footprint_mark(struct pp_conn *conn, struct pp_footprint *fp, struct pp_db_error *err);

/* Opens the case's transaction: BEGIN, the commands in setup (";"-separated; may be ""), and
 * the counters, in one message. On failure the transaction may be open (and failed). */
bool pp_footprint_begin(struct pp_conn *conn, struct pp_footprint *fp, const char *setup,
			struct pp_db_error *err);

/* Ends the transaction: ROLLBACK and the counters again, in one message. */
bool pp_footprint_rollback(struct pp_conn *conn, struct pp_footprint *fp,
			   struct pp_db_error *err);

/*
 * After the rollback: puts back the sequences it safely can and notes the others on r, reads the
 * dead tuples of a write case onto r and, with vacuum, vacuums the tables it wrote to. A failure
 * of one of these steps is noted on r (or logged) and the rest goes on; false when the
 * connection is lost, or still inside a transaction (then nothing is done).
 */
bool pp_footprint_settle(struct pp_conn *conn, struct pp_footprint *fp, bool vacuum,
			 struct pp_case_result *r);

/*
 * After a load run (many sessions, pp_footprint_mark before it): every sequence moved since the
 * mark is put back as above when put_back (the throwaway server, where no other session draws),
 * else noted on r. false when the connection is lost.
 */
bool pp_footprint_settle_all(struct pp_conn *conn, struct pp_footprint *fp, bool put_back,
			     struct pp_case_result *r);

#endif
