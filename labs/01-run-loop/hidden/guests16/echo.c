/* Hidden: a pseudo-random mix of OUT widths, ports and values (a fixed LFSR
 * seed, so the answer key is fixed too), with the IN values echoed back. A
 * VMM that special-cases the visible guests' ports fails here. */
#include <uvmm/guest.h>

static uint32_t lfsr = 0xace1u;

static uint32_t next(void)
{
	for (int i = 0; i < 16; i++)
		lfsr = (lfsr >> 1) ^ (-(lfsr & 1u) & 0xd0000001u);
	return lfsr;
}

void guest_main(void)
{
	for (int i = 0; i < 24; i++) {
		uint32_t r = next();
		uint16_t port = (uint16_t)(0x100 + (r & 0x3f) * 4);

		switch ((r >> 8) % 4) {
		case 0: outb(port, (uint8_t)(r >> 12)); break;
		case 1: outw(port, (uint16_t)(r >> 12)); break;
		case 2: outl(port, r ^ 0x5a5a5a5au); break;
		default: outw(0x81, inw(port)); break;
		}
	}
}
