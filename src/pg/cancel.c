/*
 * cancel.c: the cancel registry (see cancel.h for the concurrency rules).
 */
#include "pg/cancel.h"

#include <libpq-fe.h>
#include <sched.h>
#include <stdatomic.h>

#include "util/log.h"

/* A signal handler may touch these only if they are lock-free. */
_Static_assert(ATOMIC_POINTER_LOCK_FREE == 2, "the cancel registry needs lock-free pointers");
_Static_assert(ATOMIC_INT_LOCK_FREE == 2, "the cancel registry needs lock-free ints");

static _Atomic(PGcancel *) slots[PP_CANCEL_SLOTS];
/* How many handlers are using each slot's handle right now. */
static atomic_int users[PP_CANCEL_SLOTS];

int
pp_cancel_register(struct pg_cancel *cancel)
{
	if (cancel == NULL)
		return -1;
	for (int i = 0; i < PP_CANCEL_SLOTS; i++) {
		PGcancel *empty = NULL;

		if (atomic_compare_exchange_strong(&slots[i], &empty, cancel))
			return i;
	}
	pp_log_warning("more than %d open connections: an interrupt will not cancel the newest",
		       PP_CANCEL_SLOTS);
	return -1;
}

void
pp_cancel_unregister(int slot)
{
	if (slot < 0 || slot >= PP_CANCEL_SLOTS)
		return;
	atomic_store(&slots[slot], NULL);
	/*
	 * A handler that read the handle before the store above counted itself in users first
	 * (both sequentially consistent), so it is seen here; wait until it is done. A handler
	 * running on this thread has already returned when this code runs again.
	 */
	while (atomic_load(&users[slot]) > 0)
		sched_yield();
}

int
pp_cancel_all(void)
{
	int sent = 0;

	for (int i = 0; i < PP_CANCEL_SLOTS; i++) {
		PGcancel *c;
		char errbuf[256];

		atomic_fetch_add(&users[i], 1);
		c = atomic_load(&slots[i]);
		if (c != NULL && PQcancel(c, errbuf, (int)sizeof errbuf))
			sent++;
		atomic_fetch_sub(&users[i], 1);
	}
	return sent;
}

void
pp_cancel_hook(void *unused)
{
	(void)unused;
	(void)pp_cancel_all();
}

size_t
pp_cancel_count(void)
{
	size_t n = 0;

	for (int i = 0; i < PP_CANCEL_SLOTS; i++)
		if (atomic_load(&slots[i]) != NULL)
			n++;
	return n;
}
