/*
 * interrupt.h: SIGINT and SIGTERM become a flag the pipeline checks between steps.
 *
 * The handler records the signal and calls one hook, which must be async-signal-safe (the
 * connection's cancel request). pgperf then finishes the current step, cleans up (stops the
 * throwaway server, removes its folder) and exits with PP_EXIT_INTERRUPTED.
 */
#ifndef PP_INTERRUPT_H
#define PP_INTERRUPT_H

#include <stdbool.h>

void pp_interrupt_install(void);
bool pp_interrupt_pending(void);
/* The signal received, 0 if none. */
int pp_interrupt_signal(void);
void pp_interrupt_set_hook(void (*hook)(void *), void *ctx);

#endif
