/* The framing state machine. Everything is bounded by GDB_PACKET_MAX; a
 * packet that does not fit is read to its end and refused as a whole. */
#include "gdb/packet.h"

#include "gdb/hex.h"

enum { RX_IDLE, RX_DATA, RX_CS1, RX_CS2 };

void gdb_rx_init(struct gdb_rx *rx)
{
	rx->state = RX_IDLE;
	rx->sum = rx->cs = 0;
	rx->overflow = 0;
	rx->len = 0;
	rx->buf[0] = 0;
}

static void start(struct gdb_rx *rx)
{
	rx->state = RX_DATA;
	rx->sum = 0;
	rx->overflow = 0;
	rx->len = 0;
}

enum gdb_rx_event gdb_rx_byte(struct gdb_rx *rx, uint8_t c)
{
	int d;

	switch (rx->state) {
	case RX_IDLE:
		if (c == '$')
			start(rx);
		else if (c == 0x03)
			return GDB_RX_INTERRUPT;
		else if (c == '+')
			return GDB_RX_ACK;
		else if (c == '-')
			return GDB_RX_NACK;
		return GDB_RX_NONE;
	case RX_DATA:
		if (c == '$') {
			/* The client gave up on the packet and starts over. */
			start(rx);
		} else if (c == '#') {
			rx->state = RX_CS1;
		} else {
			rx->sum = (uint8_t)(rx->sum + c);
			if (rx->len < GDB_PACKET_MAX)
				rx->buf[rx->len++] = (char)c;
			else
				rx->overflow = 1;
		}
		return GDB_RX_NONE;
	case RX_CS1:
		d = gdb_hex_digit(c);
		rx->cs = (uint8_t)((d < 0 ? 0 : d) << 4);
		rx->state = d < 0 ? RX_IDLE : RX_CS2;
		return d < 0 ? GDB_RX_BAD : GDB_RX_NONE;
	default:
		d = gdb_hex_digit(c);
		rx->state = RX_IDLE;
		rx->buf[rx->len] = 0;
		if (d < 0 || rx->overflow || (uint8_t)(rx->cs | d) != rx->sum)
			return GDB_RX_BAD;
		return GDB_RX_PACKET;
	}
}

static int needs_escape(uint8_t c)
{
	return c == '#' || c == '$' || c == '}' || c == '*';
}

size_t gdb_frame(uint8_t *out, size_t size, const uint8_t *payload, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	size_t n = 0;
	uint8_t sum = 0;

	if (size < 4)
		return 0;
	out[n++] = '$';
	for (size_t i = 0; i < len; i++) {
		uint8_t c = payload[i];

		if (needs_escape(c)) {
			if (n + 2 > size - 3)
				return 0;
			out[n++] = '}';
			sum = (uint8_t)(sum + '}');
			c ^= 0x20;
		} else if (n + 1 > size - 3) {
			return 0;
		}
		out[n++] = c;
		sum = (uint8_t)(sum + c);
	}
	out[n++] = '#';
	out[n++] = (uint8_t)digits[sum >> 4];
	out[n++] = (uint8_t)digits[sum & 15];
	return n;
}

long gdb_unescape(uint8_t *buf, size_t len)
{
	size_t o = 0;

	for (size_t i = 0; i < len; i++) {
		if (buf[i] == '}') {
			if (++i == len)
				return -1;
			buf[o++] = buf[i] ^ 0x20;
		} else {
			buf[o++] = buf[i];
		}
	}
	return (long)o;
}
