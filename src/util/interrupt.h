/*
 * interrupt.h: SIGINT, SIGTERM and SIGHUP become a flag the pipeline checks between steps, and a
 * descriptor that waiting code polls so that no signal is missed.
 *
 * The handler records the signal, writes one byte to a self-pipe and calls one hook, which must
 * be async-signal-safe (pp_cancel_hook in pg/cancel.h: a cancel request for every open
 * connection). pgperf then finishes the current step, cleans up (stops the throwaway server,
 * removes its folder) and exits with PP_EXIT_INTERRUPTED (130).
 *
 * SA_RESTART is not set: a system call blocked when a signal arrives fails with EINTR, and its
 * caller checks pp_interrupt_pending. A signal that arrives between that check and the next
 * blocking call is not lost when the call waits with poll on pp_interrupt_fd as well: the pipe
 * stays readable from the first signal until pp_interrupt_clear, so every waiter in every thread
 * wakes, however late it started waiting.
 */
#ifndef PP_INTERRUPT_H
#define PP_INTERRUPT_H

#include <stdbool.h>

/* Installs the handler for SIGINT, SIGTERM and SIGHUP and ignores SIGPIPE. Idempotent. */
void pp_interrupt_install(void);
bool pp_interrupt_pending(void);
/* The signal received, 0 if none. */
int pp_interrupt_signal(void);
/* The hook the handler calls on every signal (NULL: none). */
void pp_interrupt_set_hook(void (*hook)(void *), void *ctx);
/* A descriptor that is readable once a signal is pending (poll it for POLLIN; never read it).
 * -1 before pp_interrupt_install. */
int pp_interrupt_fd(void);
/* Forgets the signal and empties the pipe, for a caller that has handled the interrupt and goes
 * on (tests). Call it when no further signal is expected. */
void pp_interrupt_clear(void);

#endif
