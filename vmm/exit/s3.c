/* The sleep is a wait in the vCPU's own thread, in short slices so that the
 * watchdog's end of the run is seen promptly; nothing of the VM runs. */
#include "exit/s3.h"

#include <time.h>

#include "machine/sleep.h"
#include "util/clock.h"

#define SLICE_NS 10000000ull

static int run_over(struct session *s)
{
	return __atomic_load_n(&s->end, __ATOMIC_ACQUIRE) != END_NONE;
}

int vcpu_s3_sleep(struct vcpu *v, struct session *s)
{
	uint64_t wake = vm_s3_wake_time(v->vm, wall_ns()), now;
	char err[192];

	if (wake)
		fprintf(s->log, "uvmm: guest entered ACPI S3; the RTC alarm wakes it in %.3f s\n",
			(double)(wake - wall_ns()) / 1e9);
	else
		fprintf(s->log, "uvmm: guest entered ACPI S3 with no wake event armed "
			"(PM1_EN.RTC_EN and RTC AIE): it sleeps until the time limit\n");
	while (!run_over(s) && (!wake || (now = wall_ns()) < wake)) {
		uint64_t left = wake ? wake - now : SLICE_NS;
		struct timespec ts = { 0, (long)(left < SLICE_NS ? left : SLICE_NS) };

		nanosleep(&ts, NULL);
	}
	if (run_over(s))
		return 1;
	if (vm_s3_resume(v, err, sizeof(err)) < 0) {
		fprintf(s->log, "uvmm: %s\n", err);
		session_end(s, END_HOST_ERROR);
		return 1;
	}
	return 0;
}
