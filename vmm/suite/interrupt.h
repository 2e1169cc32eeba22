/* The signals that end a suite run early (SIGINT, SIGTERM, SIGHUP, SIGPIPE):
 * the handler only records the first one and wakes the runner's poll; the
 * runner stops its children and the reports say the run was interrupted. */
#ifndef UVMM_SUITE_INTERRUPT_H
#define UVMM_SUITE_INTERRUPT_H

/* Installs the handlers (a signal ignored when uvmm started, e.g. SIGHUP
 * under nohup, stays ignored). Returns 0, or -1 with errno. */
int suite_interrupt_install(void);

/* The first signal received since install, or 0. */
int suite_interrupt_signal(void);

/* Becomes readable once a signal is received (-1 before install): for poll. */
int suite_interrupt_fd(void);

/* In a forked test child: default dispositions, the wake-up pipe closed. */
void suite_interrupt_child(void);

/* When a signal was received: restores its default action and raises it, so
 * the caller's shell sees how uvmm ended. Returns only when none was. */
void suite_interrupt_exit(void);

#endif
