/* GDB remote protocol framing: "$payload#cs" packets with a modulo-256
 * checksum, '+'/'-' acknowledgements and the out-of-band interrupt byte
 * (Ctrl-C, 0x03). Pure: bytes in, events and bytes out, bounded buffers. */
#ifndef UVMM_GDB_PACKET_H
#define UVMM_GDB_PACKET_H

#include <stddef.h>
#include <stdint.h>

/* Longest payload accepted and sent (advertised as PacketSize). */
#define GDB_PACKET_MAX 16384
/* Worst case of one framed reply: every byte escaped, plus "$", "#cs". */
#define GDB_FRAME_MAX (2 * GDB_PACKET_MAX + 4)

enum gdb_rx_event {
	GDB_RX_NONE,      /* byte consumed, nothing complete */
	GDB_RX_PACKET,    /* a packet with a good checksum: rx->buf[0..rx->len) */
	GDB_RX_BAD,       /* wrong checksum, bad digits or too long: answer '-' */
	GDB_RX_INTERRUPT, /* 0x03 outside a packet */
	GDB_RX_ACK,       /* '+' */
	GDB_RX_NACK,      /* '-': the last reply must be sent again */
};

struct gdb_rx {
	int state;
	uint8_t sum;      /* running checksum of the raw payload */
	uint8_t cs;       /* checksum digits received */
	int overflow;
	size_t len;
	char buf[GDB_PACKET_MAX + 1]; /* raw payload (escapes left in), NUL-terminated */
};

void gdb_rx_init(struct gdb_rx *rx);

/* Consumes one byte. Bytes outside a packet other than '$', '+', '-' and
 * 0x03 are ignored; a '$' inside a packet starts a new one. */
enum gdb_rx_event gdb_rx_byte(struct gdb_rx *rx, uint8_t c);

/* Frames payload[0..len) into out[0..size): "$", the payload with '#', '$',
 * '}' and '*' escaped ("}" then the byte ^ 0x20), "#", two checksum digits.
 * Returns the length written, or 0 when it does not fit. */
size_t gdb_frame(uint8_t *out, size_t size, const uint8_t *payload, size_t len);

/* Undoes the '}' escapes of binary data (the X packet) in place over
 * buf[0..len). Returns the unescaped length, or -1 for a trailing '}'. */
long gdb_unescape(uint8_t *buf, size_t len);

#endif
