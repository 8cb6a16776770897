/*
 * cancel.h: the registry of every open connection's cancel handle, so that an interrupt cancels
 * the statement running on each connection, blocking (pg/conn.h) or not (pg/aconn.h).
 *
 * conn.c and aconn.c register a connection's libpq cancel handle once it is connected and
 * unregister it before freeing it; the handle stays owned by them. The interrupt handler calls
 * pp_cancel_hook (util/interrupt.h), which sends a cancel request for every registered handle
 * (libpq's PQcancel is async-signal-safe).
 *
 * Concurrency: the handler may run at any moment, on any thread, while another thread registers
 * or unregisters. The registry is a fixed array of atomic pointers (no lock, no allocation) with
 * a per-slot count of handlers using the slot; unregistering clears the slot and then waits until
 * no handler still uses the handle it held, so the caller may free the handle on return.
 */
#ifndef PP_CANCEL_H
#define PP_CANCEL_H

#include <stddef.h>

/* libpq's PGcancel (typedef struct pg_cancel PGcancel), named here without libpq's header. */
struct pg_cancel;

/* Connections that can be registered at once; more are not cancelled on an interrupt. */
#define PP_CANCEL_SLOTS 512

/*
 * Registers a cancel handle; returns its slot for pp_cancel_unregister, or -1 when cancel is
 * NULL or every slot is taken (logged as a warning: that connection is not cancelled on an
 * interrupt).
 */
int pp_cancel_register(struct pg_cancel *cancel);
/* Removes the handle in slot; on return no signal handler uses it. -1 does nothing. */
void pp_cancel_unregister(int slot);
/* Sends a cancel request on every registered connection; returns how many were sent.
 * Async-signal-safe. */
int pp_cancel_all(void);
/* pp_cancel_all as the interrupt hook: pp_interrupt_set_hook(pp_cancel_hook, NULL). */
void pp_cancel_hook(void *unused);
/* How many handles are registered now. */
size_t pp_cancel_count(void);

#endif
