#include "suite/interrupt.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

static const int handled[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };
static volatile sig_atomic_t received;
static int wake[2] = { -1, -1 };
static unsigned char installed[sizeof(handled) / sizeof(handled[0])];

static void on_signal(int signo)
{
	int saved = errno;
	char c = 1;
	ssize_t n;

	if (!received)
		received = signo;
	n = write(wake[1], &c, 1); /* a full pipe is awake already */
	(void)n;
	errno = saved;
}

int suite_interrupt_install(void)
{
	struct sigaction sa, old;

	if (wake[0] < 0 && pipe2(wake, O_CLOEXEC | O_NONBLOCK) < 0)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(handled) / sizeof(handled[0]); i++)
		sigaddset(&sa.sa_mask, handled[i]);
	for (size_t i = 0; i < sizeof(handled) / sizeof(handled[0]); i++) {
		if (sigaction(handled[i], NULL, &old) < 0)
			return -1;
		if (old.sa_handler == SIG_IGN)
			continue;
		if (sigaction(handled[i], &sa, NULL) < 0)
			return -1;
		installed[i] = 1;
	}
	return 0;
}

int suite_interrupt_signal(void)
{
	return received;
}

int suite_interrupt_fd(void)
{
	return wake[0];
}

void suite_interrupt_child(void)
{
	for (size_t i = 0; i < sizeof(handled) / sizeof(handled[0]); i++)
		if (installed[i])
			signal(handled[i], SIG_DFL);
	for (int i = 0; i < 2; i++)
		if (wake[i] >= 0)
			close(wake[i]);
	wake[0] = wake[1] = -1;
}

void suite_interrupt_exit(void)
{
	int signo = received;
	sigset_t set;

	if (!signo)
		return;
	signal(signo, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, signo);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(signo);
	_exit(128 + signo); /* SIGPIPE with nothing to write to, say: never reached */
}
