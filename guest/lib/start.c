/* The C entry every boot stub calls once the CPU is in the image's mode with
 * a stack and a zeroed bss: set up the runtime, run the test, exit 0. */
#include <uvmm/boot.h>
#include <uvmm/expect.h>
#include <uvmm/test.h>
#ifdef __x86_64__
#include <uvmm/idt.h>
#endif

/* The implied end of every test that returns from guest_main; a test's own
 * EXPECT_END, linked before this, overrides it. */
EXPECT_END("pio.out 0xf4:4 = 0x0");

void uvmm_c_entry(void)
{
#ifdef __x86_64__
	idt_init();
#endif
	guest_main();
	guest_exit(0);
}
