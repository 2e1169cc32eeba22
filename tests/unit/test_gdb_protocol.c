/* The pure half of the gdb stub: packet framing (checksums, escapes, acks,
 * interrupts, overflow), the packet parser (every packet kind, and what it
 * must refuse), hex helpers and the target descriptions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "gdb/command.h"
#include "gdb/hex.h"
#include "gdb/packet.h"
#include "gdb/regs.h"
#include "gdb/tdesc.h"

static struct gdb_rx rx;

/* Feeds s; returns the last event other than NONE (NONE if there was none). */
static enum gdb_rx_event feed(const char *s, size_t n)
{
	enum gdb_rx_event last = GDB_RX_NONE, e;

	for (size_t i = 0; i < n; i++)
		if ((e = gdb_rx_byte(&rx, (uint8_t)s[i])) != GDB_RX_NONE)
			last = e;
	return last;
}

static enum gdb_rx_event feeds(const char *s)
{
	return feed(s, strlen(s));
}

static void test_rx_good_and_bad(void **state)
{
	(void)state;
	gdb_rx_init(&rx);
	assert_int_equal(feeds("$g#67"), GDB_RX_PACKET);
	assert_string_equal(rx.buf, "g");
	assert_int_equal(feeds("$g#68"), GDB_RX_BAD);          /* checksum off by one */
	assert_int_equal(feeds("$g#6z"), GDB_RX_BAD);          /* not a digit */
	assert_int_equal(feeds("$qSupported#37"), GDB_RX_PACKET);
	assert_string_equal(rx.buf, "qSupported");
	assert_int_equal(feeds("+"), GDB_RX_ACK);
	assert_int_equal(feeds("-"), GDB_RX_NACK);
	assert_int_equal(feeds("\x03"), GDB_RX_INTERRUPT);
	/* Noise between packets is ignored; a '$' inside one starts over. */
	assert_int_equal(feeds("xyz$garbage$g#67"), GDB_RX_PACKET);
	assert_string_equal(rx.buf, "g");
	/* 0x03 inside a packet is data, not an interrupt. */
	assert_int_equal(feeds("$\x03#03"), GDB_RX_PACKET);
	assert_int_equal(rx.len, 1);
	/* An empty packet. */
	assert_int_equal(feeds("$#00"), GDB_RX_PACKET);
	assert_int_equal(rx.len, 0);
}

static void test_rx_overflow(void **state)
{
	static char big[GDB_PACKET_MAX + 100];
	char tail[8];
	unsigned sum = 0;

	(void)state;
	gdb_rx_init(&rx);
	memset(big, 'a', sizeof(big));
	big[0] = '$';
	for (size_t i = 1; i < sizeof(big); i++)
		sum += 'a';
	assert_int_equal(feed(big, sizeof(big)), GDB_RX_NONE);
	snprintf(tail, sizeof(tail), "#%02x", sum & 0xff);
	/* Even with a right checksum, a packet that did not fit is refused. */
	assert_int_equal(feeds(tail), GDB_RX_BAD);
	assert_int_equal(feeds("$g#67"), GDB_RX_PACKET);
	/* The largest packet that fits is accepted. */
	memset(big, 'b', GDB_PACKET_MAX + 1);
	big[0] = '$';
	assert_int_equal(feed(big, GDB_PACKET_MAX + 1), GDB_RX_NONE);
	snprintf(tail, sizeof(tail), "#%02x", (unsigned)(GDB_PACKET_MAX * 'b') & 0xff);
	assert_int_equal(feeds(tail), GDB_RX_PACKET);
	assert_int_equal(rx.len, GDB_PACKET_MAX);
}

static void test_frame_escapes(void **state)
{
	uint8_t out[64];
	const uint8_t in[] = { 'a', '#', '$', '}', '*', 'z' };
	size_t n;

	(void)state;
	n = gdb_frame(out, sizeof(out), (const uint8_t *)"OK", 2);
	assert_int_equal(n, 6);
	assert_memory_equal(out, "$OK#9a", 6);
	n = gdb_frame(out, sizeof(out), in, sizeof(in));
	assert_int_equal(n, 1 + 10 + 3);
	assert_memory_equal(out, "$a}\x03}\x04}]}\x0az#", 12);
	/* The receiver checks the escaped bytes' sum; the frame must agree. */
	gdb_rx_init(&rx);
	assert_int_equal(feed((const char *)out, n), GDB_RX_PACKET);
	/* Too small: nothing half-written is claimed. */
	assert_int_equal(gdb_frame(out, 5, (const uint8_t *)"OK", 2), 0);
	assert_int_equal(gdb_frame(out, 13, in, sizeof(in)), 0);
}

static void test_unescape(void **state)
{
	uint8_t b[] = { 'x', '}', 0x03, '}', 0x5d, 'y' };
	uint8_t t[] = { 'x', '}' };

	(void)state;
	assert_int_equal(gdb_unescape(b, sizeof(b)), 4);
	assert_memory_equal(b, "x#}y", 4);
	assert_int_equal(gdb_unescape(t, sizeof(t)), -1);
}

static void test_hex(void **state)
{
	const char *s = "1fz", *e;
	uint64_t v;
	uint8_t out[4];
	char h[8];

	(void)state;
	e = s + 3;
	assert_int_equal(gdb_parse_hex(&s, e, &v), 0);
	assert_int_equal(v, 0x1f);
	assert_int_equal(*s, 'z');
	s = "ffffffffffffffff";
	assert_int_equal(gdb_parse_hex(&s, s + 16, &v), 0);
	assert_true(v == UINT64_MAX);
	s = "10000000000000000";
	assert_int_equal(gdb_parse_hex(&s, s + 17, &v), -1); /* 17 digits */
	s = "";
	assert_int_equal(gdb_parse_hex(&s, s, &v), -1);
	assert_int_equal(gdb_hex_decode(out, "dEaDbeef", 4), 0);
	assert_memory_equal(out, "\xde\xad\xbe\xef", 4);
	assert_int_equal(gdb_hex_decode(out, "0g", 1), -1);
	assert_int_equal(gdb_hex_encode(h, out, 2), 4);
	assert_memory_equal(h, "dead", 4);
}

static struct gdb_cmd cmd;
static char pkt[GDB_PACKET_MAX + 1];

static enum gdb_cmd_kind parse(const char *s)
{
	size_t n = strlen(s);

	memcpy(pkt, s, n + 1);
	gdb_parse(pkt, n, &cmd);
	return cmd.kind;
}

static void test_parse_queries(void **state)
{
	(void)state;
	assert_int_equal(parse("qSupported:multiprocess+;xmlRegisters=i386"), GDB_CMD_SUPPORTED);
	assert_int_equal(parse("qSupported"), GDB_CMD_SUPPORTED);
	assert_int_equal(parse("QStartNoAckMode"), GDB_CMD_NO_ACK);
	assert_int_equal(parse("qAttached"), GDB_CMD_ATTACHED);
	assert_int_equal(parse("qAttached:1"), GDB_CMD_ATTACHED);
	assert_int_equal(parse("?"), GDB_CMD_STOP_REASON);
	assert_int_equal(parse("qfThreadInfo"), GDB_CMD_THREAD_FIRST);
	assert_int_equal(parse("qsThreadInfo"), GDB_CMD_THREAD_NEXT);
	assert_int_equal(parse("qC"), GDB_CMD_CURRENT_THREAD);
	assert_int_equal(parse("qThreadExtraInfo,2"), GDB_CMD_THREAD_EXTRA);
	assert_int_equal(cmd.tid, 2);
	assert_int_equal(parse("qXfer:features:read:target.xml:0,ffb"), GDB_CMD_XFER_FEATURES);
	assert_string_equal(cmd.annex, "target.xml");
	assert_int_equal(cmd.addr, 0);
	assert_int_equal(cmd.len, 0xffb);
	assert_int_equal(parse("qXfer:features:read:target.xml"), GDB_CMD_MALFORMED);
	assert_int_equal(parse("qXfer:features:read:target.xml:1,"), GDB_CMD_MALFORMED);
	/* Not ours: the empty reply. */
	assert_int_equal(parse("qTStatus"), GDB_CMD_UNKNOWN);
	assert_int_equal(parse("vMustReplyEmpty"), GDB_CMD_UNKNOWN);
	assert_int_equal(parse("qXfer:threads:read::0,100"), GDB_CMD_UNKNOWN);
	assert_int_equal(parse(""), GDB_CMD_UNKNOWN);
	assert_int_equal(parse("gg"), GDB_CMD_UNKNOWN);
}

static void test_parse_regs_mem(void **state)
{
	(void)state;
	assert_int_equal(parse("g"), GDB_CMD_READ_REGS);
	assert_int_equal(parse("G0011"), GDB_CMD_WRITE_REGS);
	assert_int_equal(cmd.data_len, 2);
	assert_memory_equal(cmd.data, "\x00\x11", 2);
	assert_int_equal(parse("G001"), GDB_CMD_MALFORMED);    /* odd digits */
	assert_int_equal(parse("p10"), GDB_CMD_READ_REG);
	assert_int_equal(cmd.reg, 16);
	assert_int_equal(parse("p10000"), GDB_CMD_MALFORMED);
	assert_int_equal(parse("p"), GDB_CMD_MALFORMED);
	assert_int_equal(parse("P10=d000100000000000"), GDB_CMD_WRITE_REG);
	assert_int_equal(cmd.reg, 16);
	assert_int_equal(cmd.data_len, 8);
	assert_int_equal(parse("P10"), GDB_CMD_MALFORMED);
	assert_int_equal(parse("m100000,40"), GDB_CMD_READ_MEM);
	assert_int_equal(cmd.addr, 0x100000);
	assert_int_equal(cmd.len, 0x40);
	assert_int_equal(parse("m100000"), GDB_CMD_MALFORMED);
	assert_int_equal(parse("m100000,40x"), GDB_CMD_MALFORMED);
	assert_int_equal(parse("mffffffffffffffff,ffffffffffffffff"), GDB_CMD_READ_MEM);
	assert_int_equal(parse("M10,2:abcd"), GDB_CMD_WRITE_MEM);
	assert_int_equal(cmd.data_len, 2);
	assert_memory_equal(cmd.data, "\xab\xcd", 2);
	assert_int_equal(parse("M10,3:abcd"), GDB_CMD_MALFORMED);   /* length lies */
	assert_int_equal(parse("M10,2:abzz"), GDB_CMD_MALFORMED);
	assert_int_equal(parse("M10,ffffffff:ab"), GDB_CMD_MALFORMED);
	assert_int_equal(parse("X10,3:a}\x03" "b"), GDB_CMD_WRITE_MEM);
	assert_int_equal(cmd.data_len, 3);
	assert_memory_equal(cmd.data, "a#b", 3);
	assert_int_equal(parse("X10,0:"), GDB_CMD_WRITE_MEM);       /* gdb's probe */
	assert_int_equal(cmd.data_len, 0);
	assert_int_equal(parse("X10,4:abc"), GDB_CMD_MALFORMED);
	assert_int_equal(parse("X10,1:}"), GDB_CMD_MALFORMED);
}

static void test_parse_points(void **state)
{
	(void)state;
	assert_int_equal(parse("Z0,1000d0,1"), GDB_CMD_INSERT_POINT);
	assert_int_equal(cmd.point, GDB_PT_SW);
	assert_int_equal(cmd.addr, 0x1000d0);
	assert_int_equal(parse("z2,11b000,8"), GDB_CMD_REMOVE_POINT);
	assert_int_equal(cmd.point, GDB_PT_WRITE);
	assert_int_equal(cmd.len, 8);
	assert_int_equal(parse("Z4,10,4;X1,0"), GDB_CMD_INSERT_POINT);
	assert_int_equal(parse("Z5,10,4"), GDB_CMD_UNKNOWN);        /* not a type we know */
	assert_int_equal(parse("Z0,10"), GDB_CMD_MALFORMED);
	assert_int_equal(parse("Z0,,1"), GDB_CMD_MALFORMED);
	assert_int_equal(parse("Z0,10,1x"), GDB_CMD_MALFORMED);
}

static void test_parse_resume(void **state)
{
	(void)state;
	assert_int_equal(parse("c"), GDB_CMD_CONTINUE);
	assert_false(cmd.has_addr);
	assert_int_equal(parse("c100000"), GDB_CMD_CONTINUE);
	assert_true(cmd.has_addr);
	assert_int_equal(cmd.addr, 0x100000);
	assert_int_equal(parse("s"), GDB_CMD_STEP);
	assert_int_equal(parse("C05"), GDB_CMD_CONTINUE);
	assert_int_equal(parse("S05;1000"), GDB_CMD_STEP);
	assert_int_equal(cmd.addr, 0x1000);
	assert_int_equal(parse("C100"), GDB_CMD_MALFORMED);
	assert_int_equal(parse("cq"), GDB_CMD_MALFORMED);
	assert_int_equal(parse("vCont?"), GDB_CMD_VCONT_QUERY);
	assert_int_equal(parse("vCont;s:2;c"), GDB_CMD_VCONT);
	assert_int_equal(cmd.nactions, 2);
	assert_int_equal(cmd.actions[0].action, GDB_ACT_STEP);
	assert_int_equal(cmd.actions[0].tid, 2);
	assert_int_equal(cmd.actions[1].action, GDB_ACT_CONTINUE);
	assert_int_equal(cmd.actions[1].tid, GDB_TID_ALL);
	assert_int_equal(parse("vCont;C05:p1.1;t:-1"), GDB_CMD_VCONT);
	assert_int_equal(cmd.actions[0].tid, 1);
	assert_int_equal(cmd.actions[1].action, GDB_ACT_STOP);
	assert_int_equal(cmd.actions[1].tid, GDB_TID_ALL);
	assert_int_equal(parse("vCont"), GDB_CMD_MALFORMED);
	assert_int_equal(parse("vCont;"), GDB_CMD_MALFORMED);
	assert_int_equal(parse("vCont;r1000,2000"), GDB_CMD_MALFORMED); /* not offered */
	assert_int_equal(parse("vCont;s:zz"), GDB_CMD_MALFORMED);
	assert_int_equal(parse("vCont;c;c;c;c;c;c;c;c;c;c;c;c;c;c;c;c;c"), GDB_CMD_MALFORMED);
	assert_int_equal(parse("k"), GDB_CMD_KILL);
	assert_int_equal(parse("vKill;1"), GDB_CMD_KILL);
	assert_int_equal(cmd.op, 'v');
	assert_int_equal(parse("D"), GDB_CMD_DETACH);
	assert_int_equal(parse("D;1"), GDB_CMD_DETACH);
}

static void test_parse_threads(void **state)
{
	(void)state;
	assert_int_equal(parse("Hg0"), GDB_CMD_SET_THREAD);
	assert_int_equal(cmd.op, 'g');
	assert_int_equal(cmd.tid, GDB_TID_ANY);
	assert_int_equal(parse("Hc-1"), GDB_CMD_SET_THREAD);
	assert_int_equal(cmd.op, 'c');
	assert_int_equal(cmd.tid, GDB_TID_ALL);
	assert_int_equal(parse("Hgp1.2"), GDB_CMD_SET_THREAD);
	assert_int_equal(cmd.tid, 2);
	assert_int_equal(parse("Hx1"), GDB_CMD_UNKNOWN);
	assert_int_equal(parse("Hg-2"), GDB_CMD_MALFORMED);
	assert_int_equal(parse("Hg1ffffffff"), GDB_CMD_MALFORMED);
	assert_int_equal(parse("T2"), GDB_CMD_THREAD_ALIVE);
	assert_int_equal(cmd.tid, 2);
	assert_int_equal(parse("T"), GDB_CMD_MALFORMED);
}

/* Every register of a layout is in its description, numbered in order,
 * and the document is well formed enough for gdb (checked for real by
 * tests/integration/test_gdb.sh). */
static void test_tdesc(void **state)
{
	static char xml[GDB_TDESC_MAX];
	char want[128];

	(void)state;
	for (int l = 0; l < GDB_LAYOUT_COUNT; l++) {
		const struct gdb_regset *rs = gdb_regset(l);
		size_t n = gdb_tdesc_build(l, l ? "i386" : "i386:x86-64", xml, sizeof(xml));

		assert_true(n > 0 && n < sizeof(xml));
		assert_int_equal(strlen(xml), n);
		for (unsigned i = 0; i < rs->n; i++) {
			snprintf(want, sizeof(want), "<reg name=\"%s\" bitsize=\"%u\" type=\"%s\" regnum=\"%u\"",
				 rs->regs[i].name, rs->regs[i].bits, rs->regs[i].type, i);
			assert_non_null(strstr(xml, want));
		}
		assert_non_null(strstr(xml, "<feature name=\"org.gnu.gdb.i386.core\">"));
		assert_non_null(strstr(xml, "<osabi>none</osabi>"));
		assert_non_null(strstr(xml, "</target>\n"));
		/* Too small a buffer: 0, not a truncated document. */
		assert_int_equal(gdb_tdesc_build(l, l ? "i386" : "i386:x86-64", xml, n), 0);
	}
	assert_string_equal(gdb_regset(GDB_LAYOUT_AMD64)->regs[16].name, "rip");
	assert_string_equal(gdb_regset(GDB_LAYOUT_I386)->regs[8].name, "eip");
	assert_int_equal(gdb_regset(GDB_LAYOUT_AMD64)->pc, 16);
	assert_int_equal(gdb_regset(GDB_LAYOUT_I386)->sp, 4);
	/* gdb 13 asserts on org.gnu.gdb.i386.segments in a bare i386 description. */
	gdb_tdesc_build(GDB_LAYOUT_I386, "i8086", xml, sizeof(xml));
	assert_null(strstr(xml, "org.gnu.gdb.i386.segments"));
	assert_non_null(strstr(xml, "<architecture>i8086</architecture>"));
	gdb_tdesc_build(GDB_LAYOUT_AMD64, "i386:x86-64", xml, sizeof(xml));
	assert_non_null(strstr(xml, "org.gnu.gdb.i386.segments"));
	/* 8 + 24 + 80 + 32 + 16 * 16 + 4 + 16 + 48 bytes of amd64 registers. */
	assert_int_equal(gdb_regset_bytes(gdb_regset(GDB_LAYOUT_AMD64)),
			 17 * 8 + 4 + 6 * 4 + 8 * 10 + 8 * 4 + 16 * 16 + 4 + 2 * 8 + 6 * 8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rx_good_and_bad),
		cmocka_unit_test(test_rx_overflow),
		cmocka_unit_test(test_frame_escapes),
		cmocka_unit_test(test_unescape),
		cmocka_unit_test(test_hex),
		cmocka_unit_test(test_parse_queries),
		cmocka_unit_test(test_parse_regs_mem),
		cmocka_unit_test(test_parse_points),
		cmocka_unit_test(test_parse_resume),
		cmocka_unit_test(test_parse_threads),
		cmocka_unit_test(test_tdesc),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
