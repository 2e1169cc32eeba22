/* The remote-protocol engine against a fake two-thread target: one reply
 * per packet, acks and retransmission, no-ack mode, registers, memory with
 * bounded lengths, points, resumption (c, s, vCont with per-thread actions),
 * stop replies, threads, target.xml in chunks, kill, detach, exit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "gdb/server.h"

#define MEM_BASE 0x1000u
#define MEM_SIZE 0x10000u

static struct fake {
	uint8_t regs[3][GR_ID_COUNT][GDB_REG_MAX_BYTES];
	uint8_t mem[MEM_SIZE];
	uint8_t actions[GDB_MAX_THREADS];
	unsigned nactions, resumes, interrupts, kills, detaches;
	int point_rc;
	unsigned point_type;
	uint64_t point_addr, point_kind;
	int unavailable; /* this register id reads as unavailable */
} f;

static unsigned nthreads(void *ctx) { (void)ctx; return 2; }

static int get_reg(void *ctx, unsigned tid, unsigned id, uint8_t *val, unsigned bytes)
{
	(void)ctx;
	if ((int)id == f.unavailable)
		return -1;
	memcpy(val, f.regs[tid][id], bytes);
	return 0;
}

static int set_reg(void *ctx, unsigned tid, unsigned id, const uint8_t *val, unsigned bytes)
{
	(void)ctx;
	memcpy(f.regs[tid][id], val, bytes);
	return 0;
}

static size_t read_mem(void *ctx, unsigned tid, uint64_t addr, uint8_t *buf, size_t len)
{
	(void)ctx;
	(void)tid;
	if (addr < MEM_BASE || addr >= MEM_BASE + MEM_SIZE)
		return 0;
	if (len > MEM_BASE + MEM_SIZE - addr)
		len = MEM_BASE + MEM_SIZE - addr; /* a partial read at the end */
	memcpy(buf, f.mem + (addr - MEM_BASE), len);
	return len;
}

static int write_mem(void *ctx, unsigned tid, uint64_t addr, const uint8_t *buf, size_t len)
{
	(void)ctx;
	(void)tid;
	if (addr < MEM_BASE || len > MEM_SIZE || addr - MEM_BASE > MEM_SIZE - len)
		return -1;
	memcpy(f.mem + (addr - MEM_BASE), buf, len);
	return 0;
}

static int point(void *ctx, unsigned type, uint64_t addr, uint64_t kind)
{
	(void)ctx;
	f.point_type = type;
	f.point_addr = addr;
	f.point_kind = kind;
	return f.point_rc;
}

static void resume(void *ctx, const uint8_t *actions, unsigned n)
{
	(void)ctx;
	memcpy(f.actions, actions, n);
	f.nactions = n;
	f.resumes++;
}

static void interrupt(void *ctx) { (void)ctx; f.interrupts++; }
static void kill_t(void *ctx) { (void)ctx; f.kills++; }
static void detach(void *ctx) { (void)ctx; f.detaches++; }

static size_t describe(void *ctx, unsigned tid, char *buf, size_t size)
{
	(void)ctx;
	return (size_t)snprintf(buf, size, "vcpu %u", tid - 1);
}

static const struct gdb_target_ops ops = {
	nthreads, get_reg, set_reg, read_mem, write_mem, point, point,
	resume, interrupt, kill_t, detach, describe,
};

static const char tdesc[] = "<target>0123456789</target>";
static struct gdb_server *srv;
static char reply[2 * GDB_PACKET_MAX + 16];
static char acks[16];

/* Feeds bytes; everything queued goes to out (acks separated from the
 * first packet's payload). Returns the number of replies. */
static int feed_raw(const char *bytes, size_t n)
{
	size_t off = 0;
	int replies = 0;

	reply[0] = acks[0] = 0;
	while (off < n) {
		size_t a = 0;

		off += gdb_server_input(srv, (const uint8_t *)bytes + off, n - off);
		for (size_t i = 0; i < srv->out_len; i++) {
			if (srv->out[i] == '$') {
				const uint8_t *end = memchr(srv->out + i, '#', srv->out_len - i);
				unsigned sum = 0;

				assert_non_null(end);
				memcpy(reply, srv->out + i + 1, (size_t)(end - srv->out - i - 1));
				reply[end - srv->out - i - 1] = 0;
				for (const uint8_t *p = srv->out + i + 1; p < end; p++)
					sum += *p;
				assert_int_equal(strtoul((char[]){ (char)end[1], (char)end[2], 0 }, NULL, 16),
						 sum & 0xff);
				replies++;
				break;
			}
			if (a + 1 < sizeof(acks))
				acks[a++] = (char)srv->out[i], acks[a] = 0;
		}
		srv->out_len = 0;
	}
	return replies;
}

static int ask(const char *payload)
{
	char buf[GDB_PACKET_MAX + 8];
	unsigned sum = 0;
	size_t n = strlen(payload);

	for (size_t i = 0; i < n; i++)
		sum += (uint8_t)payload[i];
	snprintf(buf, sizeof(buf), "$%s#%02x", payload, sum & 0xff);
	return feed_raw(buf, strlen(buf));
}

static int setup(void **state)
{
	struct gdb_stop first = { 1, GDB_SIGTRAP, GDB_WHY_NONE, 0 };

	(void)state;
	memset(&f, 0, sizeof(f));
	f.unavailable = -1;
	srv = malloc(sizeof(*srv));
	if (!srv)
		return -1;
	for (unsigned t = 1; t <= 2; t++)
		for (unsigned id = 0; id < GR_ID_COUNT; id++)
			memset(f.regs[t][id], (int)(t * 16 + (id & 15)), GDB_REG_MAX_BYTES);
	for (unsigned i = 0; i < MEM_SIZE; i++)
		f.mem[i] = (uint8_t)i;
	gdb_server_init(srv, &ops, NULL, gdb_regset(GDB_LAYOUT_AMD64), tdesc, strlen(tdesc), &first);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(srv);
	return 0;
}

static void test_handshake(void **state)
{
	(void)state;
	assert_int_equal(ask("qSupported:multiprocess+;swbreak+"), 1);
	assert_string_equal(acks, "+");
	assert_non_null(strstr(reply, "PacketSize=4000"));
	assert_non_null(strstr(reply, "qXfer:features:read+"));
	assert_non_null(strstr(reply, "swbreak+;hwbreak+"));
	assert_non_null(strstr(reply, "vContSupported+"));
	assert_int_equal(ask("qAttached"), 1);
	assert_string_equal(reply, "1");
	assert_int_equal(ask("?"), 1);
	assert_true(!strncmp(reply, "T05thread:1;10:", 15));
	/* The pc, sp and fp ride along: 16 (rip), 07 (rsp), 06 (rbp). */
	assert_non_null(strstr(reply, "10:1010101010101010;07:1717171717171717;06:1616161616161616;"));
	/* Unknown: empty. */
	assert_int_equal(ask("qTStatus"), 1);
	assert_string_equal(reply, "");
	assert_int_equal(ask("vMustReplyEmpty"), 1);
	assert_string_equal(reply, "");
}

static void test_acks(void **state)
{
	char first[64];

	(void)state;
	assert_int_equal(feed_raw("$qC#b4", 6), 1);
	assert_string_equal(acks, "+");
	strcpy(first, reply);
	assert_int_equal(feed_raw("-", 1), 1); /* retransmission */
	assert_string_equal(reply, first);
	assert_int_equal(feed_raw("$qC#00", 6), 0);
	assert_string_equal(acks, "-");
	/* One reply per call: two packets in one read need two calls. */
	assert_int_equal(feed_raw("$qC#b4$qC#b4", 12), 2);
	assert_int_equal(ask("QStartNoAckMode"), 1);
	assert_string_equal(reply, "OK");
	assert_int_equal(ask("qC"), 1);
	assert_string_equal(acks, "");
	assert_int_equal(feed_raw("$qC#00", 6), 0);
	assert_string_equal(acks, "");
}

static void test_registers(void **state)
{
	const struct gdb_regset *rs = gdb_regset(GDB_LAYOUT_AMD64);
	unsigned bytes = gdb_regset_bytes(rs);
	char *g = malloc(2 * bytes + 2);

	(void)state;
	assert_int_equal(ask("g"), 1);
	assert_int_equal(strlen(reply), 2 * bytes);
	assert_true(!strncmp(reply, "1010101010101010", 16)); /* rax of thread 1 */
	f.unavailable = GR_RAX;
	assert_int_equal(ask("g"), 1);
	assert_true(!strncmp(reply, "xxxxxxxxxxxxxxxx11", 18));
	f.unavailable = -1;
	assert_int_equal(ask("Hg2"), 1);
	assert_string_equal(reply, "OK");
	assert_int_equal(ask("p0"), 1);
	assert_string_equal(reply, "2020202020202020");
	assert_int_equal(ask("p11"), 1);                         /* eflags: 32 bits */
	assert_string_equal(reply, "21212121");
	assert_int_equal(ask("p99"), 1);
	assert_string_equal(reply, "E01");
	assert_int_equal(ask("P0=0102030405060708"), 1);
	assert_string_equal(reply, "OK");
	assert_memory_equal(f.regs[2][GR_RAX], "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
	assert_int_equal(ask("P0=0102"), 1);                     /* wrong width */
	assert_string_equal(reply, "E01");
	memset(g, 'a', 2 * bytes);
	g[0] = 'G';
	g[1 + 2 * bytes - 2] = 0;                                /* one byte short */
	assert_int_equal(ask(g), 1);
	assert_string_equal(reply, "E01");
	memset(g + 1, 'a', 2 * bytes);
	g[1 + 2 * bytes] = 0;
	assert_int_equal(ask(g), 1);
	assert_string_equal(reply, "OK");
	assert_memory_equal(f.regs[2][GR_R15], "\xaa\xaa\xaa\xaa\xaa\xaa\xaa\xaa", 8);
	assert_int_equal(ask("Hg3"), 1);
	assert_string_equal(reply, "E01");
	assert_int_equal(ask("Hg-1"), 1);
	assert_string_equal(reply, "E01");
	assert_int_equal(ask("Hg0"), 1);
	assert_int_equal(ask("p0"), 1);
	assert_string_equal(reply, "1010101010101010");          /* back to the stop thread */
	free(g);
}

static void test_memory(void **state)
{
	(void)state;
	assert_int_equal(ask("m1000,4"), 1);
	assert_string_equal(reply, "00010203");
	/* A huge length is cut to what one reply carries. */
	assert_int_equal(ask("m1000,ffffffffffffffff"), 1);
	assert_int_equal(strlen(reply), 2 * ((GDB_PACKET_MAX - 1) / 2));
	/* The end of readable memory: the bytes that are there. */
	assert_int_equal(ask("m10ffe,10"), 1);
	assert_string_equal(reply, "feff");
	assert_int_equal(ask("m20000,10"), 1);
	assert_string_equal(reply, "E14");
	assert_int_equal(ask("m1000,0"), 1);
	assert_string_equal(reply, "E01");
	assert_int_equal(ask("M1000,2:cafe"), 1);
	assert_string_equal(reply, "OK");
	assert_memory_equal(f.mem, "\xca\xfe", 2);
	assert_int_equal(ask("M20000,1:00"), 1);
	assert_string_equal(reply, "E14");
	assert_int_equal(ask("X1002,2:}\x03}\x04"), 1);
	assert_string_equal(reply, "OK");
	assert_memory_equal(f.mem + 2, "#$", 2);
	assert_int_equal(ask("X1000,0:"), 1);
	assert_string_equal(reply, "OK");
}

static void test_points(void **state)
{
	(void)state;
	f.point_rc = 0;
	assert_int_equal(ask("Z0,1000d0,1"), 1);
	assert_string_equal(reply, "OK");
	assert_int_equal(f.point_type, GDB_PT_SW);
	assert_int_equal(f.point_addr, 0x1000d0);
	f.point_rc = -1;
	assert_int_equal(ask("Z3,2000,8"), 1);
	assert_string_equal(reply, "E01");
	assert_int_equal(f.point_kind, 8);
	f.point_rc = GDB_UNSUPPORTED;
	assert_int_equal(ask("z4,2000,8"), 1);
	assert_string_equal(reply, "");
}

static void test_resume_and_stop(void **state)
{
	struct gdb_stop hit = { 2, GDB_SIGTRAP, GDB_WHY_SWBREAK, 0 };
	struct gdb_stop w = { 1, GDB_SIGTRAP, GDB_WHY_WATCH, 0x11b000 };

	(void)state;
	assert_int_equal(ask("vCont?"), 1);
	assert_string_equal(reply, "vCont;c;C;s;S;t");
	assert_int_equal(ask("vCont;s:2;c"), 0);                 /* the reply is the stop */
	assert_int_equal(f.resumes, 1);
	assert_int_equal(f.actions[0], GDB_ACT_CONTINUE);
	assert_int_equal(f.actions[1], GDB_ACT_STEP);
	/* While running only Ctrl-C counts; packets get no reply. */
	assert_int_equal(ask("g"), 0);
	assert_int_equal(feed_raw("\x03", 1), 0);
	assert_int_equal(f.interrupts, 1);
	gdb_server_stopped(srv, &hit);
	assert_int_equal(feed_raw("", 0), 0);
	assert_true(srv->out_len > 0);
	srv->out[srv->out_len] = 0;
	assert_non_null(strstr((char *)srv->out, "$T05thread:2;swbreak:;10:"));
	srv->out_len = 0;
	assert_int_equal(ask("qC"), 1);
	assert_string_equal(reply, "QC2");
	/* Ctrl-C when stopped does nothing. */
	assert_int_equal(feed_raw("\x03", 1), 0);
	assert_int_equal(f.interrupts, 1);
	/* c ADDR sets the pc of the Hc thread first. */
	assert_int_equal(ask("Hc1"), 1);
	assert_int_equal(ask("c1000d0"), 0);
	assert_memory_equal(f.regs[1][GR_RIP], "\xd0\x00\x10\x00\x00\x00\x00\x00", 8);
	assert_int_equal(f.actions[0], GDB_ACT_CONTINUE);
	assert_int_equal(f.actions[1], GDB_ACT_CONTINUE);
	gdb_server_stopped(srv, &w);
	srv->out[srv->out_len] = 0;
	assert_non_null(strstr((char *)srv->out, "$T05thread:1;watch:11b000;10:"));
	srv->out_len = 0;
	/* s steps the Hc thread alone. */
	assert_int_equal(ask("s"), 0);
	assert_int_equal(f.actions[0], GDB_ACT_STEP);
	assert_int_equal(f.actions[1], GDB_ACT_NONE);
	gdb_server_stopped(srv, &w);
	srv->out_len = 0;
	/* The leftmost action for a thread wins; a stop-only vCont is refused. */
	assert_int_equal(ask("vCont;c:1;s:1;s"), 0);
	assert_int_equal(f.actions[0], GDB_ACT_CONTINUE);
	assert_int_equal(f.actions[1], GDB_ACT_STEP);
	gdb_server_stopped(srv, &w);
	srv->out_len = 0;
	assert_int_equal(ask("vCont;t"), 1);
	assert_string_equal(reply, "E01");
	assert_int_equal(ask("vCont;s:3"), 1);
	assert_string_equal(reply, "E01");
	assert_int_equal(f.resumes, 4);
}

static void test_threads_and_xfer(void **state)
{
	(void)state;
	assert_int_equal(ask("qfThreadInfo"), 1);
	assert_string_equal(reply, "m1,2");
	assert_int_equal(ask("qsThreadInfo"), 1);
	assert_string_equal(reply, "l");
	assert_int_equal(ask("T2"), 1);
	assert_string_equal(reply, "OK");
	assert_int_equal(ask("T3"), 1);
	assert_string_equal(reply, "E01");
	assert_int_equal(ask("qThreadExtraInfo,2"), 1);
	assert_string_equal(reply, "766370752031"); /* "vcpu 1" in hex */
}

static void test_xfer(void **state)
{
	(void)state;
	assert_int_equal(ask("qXfer:features:read:target.xml:0,8"), 1);
	assert_string_equal(reply, "m<target>");
	assert_int_equal(ask("qXfer:features:read:target.xml:8,100"), 1);
	assert_string_equal(reply, "l0123456789</target>");
	assert_int_equal(ask("qXfer:features:read:target.xml:1b,100"), 1);
	assert_string_equal(reply, "l");
	assert_int_equal(ask("qXfer:features:read:i386.xml:0,100"), 1);
	assert_string_equal(reply, "E00");
}

static void test_end(void **state)
{
	(void)state;
	assert_int_equal(ask("D"), 1);
	assert_string_equal(reply, "OK");
	assert_int_equal(f.detaches, 1);
	assert_true(srv->closing);
	assert_int_equal(ask("g"), 0); /* nothing after a detach */
	teardown(NULL);
	setup(NULL);
	assert_int_equal(ask("k"), 0);  /* k has no reply */
	assert_int_equal(f.kills, 1);
	teardown(NULL);
	setup(NULL);
	assert_int_equal(ask("vKill;1"), 1);
	assert_string_equal(reply, "OK");
	teardown(NULL);
	setup(NULL);
	assert_int_equal(ask("c"), 0);
	gdb_server_exited(srv, 2);
	srv->out[srv->out_len] = 0;
	assert_non_null(strstr((char *)srv->out, "$W02#"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_handshake, setup, teardown),
		cmocka_unit_test_setup_teardown(test_acks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_registers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_memory, setup, teardown),
		cmocka_unit_test_setup_teardown(test_points, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resume_and_stop, setup, teardown),
		cmocka_unit_test_setup_teardown(test_threads_and_xfer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_xfer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_end, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
