/* libFuzzer target: the gdb remote-protocol engine (framing, parser,
 * dispatcher) as a hostile client drives it, against a target whose memory
 * is a 2 MiB guest RAM read through the guest's page tables (machine/gva.c).
 * The first 16 input bytes choose the paging mode, CR3 and when the target
 * reports stops; the next 8 KiB become guest RAM (page tables and all); the
 * rest is what the client sends, in chunks. Every reply is a well-formed
 * packet with a right checksum, no reply outgrows the engine's buffer, and
 * nothing outside guest RAM is touched (canaries). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gdb/server.h"
#include "machine/gva.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define RAM_BYTES 8192

static struct guest_mem ram;
static struct gdb_server srv;
static struct gva_ctx gva;
static uint8_t regs[3][GR_ID_COUNT][GDB_REG_MAX_BYTES];
static int running;

static unsigned nthreads(void *ctx) { (void)ctx; return 2; }

static int get_reg(void *ctx, unsigned tid, unsigned id, uint8_t *val, unsigned bytes)
{
	(void)ctx;
	if (tid < 1 || tid > 2 || id >= GR_ID_COUNT || bytes > GDB_REG_MAX_BYTES)
		abort(); /* the engine must only ask for what exists */
	memcpy(val, regs[tid][id], bytes);
	return id == GR_CR8 ? -1 : 0;
}

static int set_reg(void *ctx, unsigned tid, unsigned id, const uint8_t *val, unsigned bytes)
{
	(void)ctx;
	if (tid < 1 || tid > 2 || id >= GR_ID_COUNT || bytes > GDB_REG_MAX_BYTES)
		abort();
	memcpy(regs[tid][id], val, bytes);
	return 0;
}

static size_t read_mem(void *ctx, unsigned tid, uint64_t addr, uint8_t *buf, size_t len)
{
	(void)ctx;
	(void)tid;
	if (len > GDB_PACKET_MAX)
		abort(); /* bounded before it reaches the target */
	return gva_read(&ram, &gva, addr, buf, len);
}

static int write_mem(void *ctx, unsigned tid, uint64_t addr, const uint8_t *buf, size_t len)
{
	(void)ctx;
	(void)tid;
	return gva_write(&ram, &gva, addr, buf, len) == len ? 0 : -1;
}

static int point(void *ctx, unsigned type, uint64_t addr, uint64_t kind)
{
	struct gva_map map;
	char err[128];

	(void)ctx;
	(void)kind;
	if (type >= GDB_PT_COUNT)
		abort();
	return type == GDB_PT_SW && gva_translate(&ram, &gva, addr, &map, err, sizeof(err)) < 0 ? -1 : 0;
}

static void resume(void *ctx, const uint8_t *actions, unsigned n)
{
	(void)ctx;
	if (n != 2)
		abort();
	for (unsigned i = 0; i < n; i++)
		if (actions[i] > GDB_ACT_STOP)
			abort();
	running = 1;
}

static void nop(void *ctx) { (void)ctx; }

static size_t describe(void *ctx, unsigned tid, char *buf, size_t size)
{
	(void)ctx;
	(void)tid;
	memset(buf, 'v', size); /* an overlong description: the engine must bound it */
	return size + 10;
}

static const struct gdb_target_ops ops = {
	nthreads, get_reg, set_reg, read_mem, write_mem, point, point,
	resume, nop, nop, nop, describe,
};

/* Every packet the engine wrote: "$...#xx" with the right sum, or acks. */
static void check_output(void)
{
	size_t i = 0;

	if (srv.out_len > sizeof(srv.out))
		abort();
	while (i < srv.out_len) {
		unsigned sum = 0;
		uint8_t c = srv.out[i++];

		if (c == '+' || c == '-')
			continue;
		if (c != '$')
			abort();
		while (i < srv.out_len && srv.out[i] != '#')
			sum += srv.out[i++];
		if (i + 3 > srv.out_len)
			abort();
		if ((int)(sum & 0xff) != (int)strtoul((char[]){ (char)srv.out[i + 1], (char)srv.out[i + 2], 0 }, NULL, 16))
			abort();
		i += 3;
	}
	srv.out_len = 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char tdesc[] = "<target><architecture>i386:x86-64</architecture></target>";
	struct gdb_stop stop = { 1, GDB_SIGTRAP, GDB_WHY_NONE, 0 };
	size_t off = 16 + RAM_BYTES, ram_len;
	uint8_t stop_every;

	if (!ram.host && guest_mem_init(&ram, GUEST_MEM_MIN) < 0)
		abort();
	if (size < 16)
		return 0;
	gva.mode = (enum gva_mode)(data[0] % GVA_MODE_COUNT);
	memcpy(&gva.cr3, data + 1, 8);
	gva.cr3 %= ram.size;
	gva.pse = data[9] & 1;
	stop_every = data[10] | 1;
	memset(ram.host, 0, RAM_BYTES);
	ram_len = size - 16 < RAM_BYTES ? size - 16 : RAM_BYTES;
	memcpy(ram.host, data + 16, ram_len);
	memset(regs, 0x5a, sizeof(regs));
	running = 0;
	gdb_server_init(&srv, &ops, NULL, gdb_regset(data[11] & 1 ? GDB_LAYOUT_I386 : GDB_LAYOUT_AMD64),
			tdesc, sizeof(tdesc) - 1, &stop);
	for (unsigned round = 0; off < size; round++) {
		size_t chunk = 1 + data[(off + round) % size] % 64, used;

		if (chunk > size - off)
			chunk = size - off;
		used = gdb_server_input(&srv, data + off, chunk);
		if (!used || used > chunk)
			abort();
		off += used;
		check_output();
		if (running && round % stop_every == 0) {
			struct gdb_stop s = { 1 + (round & 1), GDB_SIGTRAP, (int)(round % 6), round };

			running = 0;
			gdb_server_stopped(&srv, &s);
			check_output();
		}
	}
	gdb_server_exited(&srv, 0);
	check_output();
	if (!guest_mem_canary_ok(&ram))
		abort();
	return 0;
}
