/* One reply per packet, built in s->reply and framed into s->out. The
 * engine trusts nothing from the client: thread ids are checked against the
 * target's count, lengths are bounded by the packet size before the target
 * is asked, and a reply that would not fit is cut to what fits. */
#include "gdb/server.h"

#include <stdio.h>
#include <string.h>

#include "gdb/hex.h"

#define SUPPORTED_REPLY "PacketSize=%x;qXfer:features:read+;swbreak+;hwbreak+;" \
	"vContSupported+;QStartNoAckMode+"
/* Bytes of memory a single 'm' reply carries at most (two digits each). */
#define MEM_CHUNK ((GDB_PACKET_MAX - 1) / 2)

void gdb_server_init(struct gdb_server *s, const struct gdb_target_ops *ops, void *ctx,
		     const struct gdb_regset *regs, const char *tdesc, size_t tdesc_len,
		     const struct gdb_stop *stop)
{
	memset(s, 0, sizeof(*s));
	s->ops = ops;
	s->ctx = ctx;
	s->regs = regs;
	s->tdesc = tdesc;
	s->tdesc_len = tdesc_len;
	s->stop = *stop;
	gdb_rx_init(&s->rx);
}

static void out_bytes(struct gdb_server *s, const void *p, size_t n)
{
	if (n > sizeof(s->out) - s->out_len)
		return; /* the caller flushes after every reply; cannot happen */
	memcpy(s->out + s->out_len, p, n);
	s->out_len += n;
}

static void send_reply(struct gdb_server *s, const char *payload, size_t len)
{
	s->last_len = gdb_frame(s->last, sizeof(s->last), (const uint8_t *)payload, len);
	out_bytes(s, s->last, s->last_len);
}

static void send_str(struct gdb_server *s, const char *str)
{
	send_reply(s, str, strlen(str));
}

static unsigned nthreads(struct gdb_server *s)
{
	unsigned n = s->ops->nthreads(s->ctx);

	return n > GDB_MAX_THREADS ? GDB_MAX_THREADS : n;
}

static int tid_ok(struct gdb_server *s, int64_t tid)
{
	return tid >= 1 && tid <= (int64_t)nthreads(s);
}

static unsigned current(struct gdb_server *s, unsigned chosen)
{
	if (chosen && chosen <= nthreads(s))
		return chosen;
	return tid_ok(s, s->stop.tid) ? s->stop.tid : 1;
}

static size_t put_reg(struct gdb_server *s, unsigned tid, unsigned i, char *out)
{
	const struct gdb_reg *r = &s->regs->regs[i];
	unsigned bytes = r->bits / 8;
	uint8_t val[GDB_REG_MAX_BYTES];

	memset(val, 0, sizeof(val));
	if (s->ops->get_reg(s->ctx, tid, r->id, val, bytes) < 0) {
		memset(out, 'x', 2 * bytes);
		return 2 * bytes;
	}
	return gdb_hex_encode(out, val, bytes);
}

size_t gdb_stop_reply(struct gdb_server *s, const struct gdb_stop *stop, char *buf, size_t size)
{
	static const char *const why[] = { "", "swbreak:;", "hwbreak:;", "watch:", "rwatch:",
					   "awatch:" };
	const unsigned expedite[] = { s->regs->pc, s->regs->sp, s->regs->fp };
	size_t n;
	int w;

	w = snprintf(buf, size, "T%02xthread:%x;%s", stop->signal & 0xff, stop->tid,
		     stop->why >= 0 && stop->why <= GDB_WHY_AWATCH ? why[stop->why] : "");
	if (w < 0 || (size_t)w >= size)
		return 0;
	n = (size_t)w;
	if (stop->why >= GDB_WHY_WATCH && stop->why <= GDB_WHY_AWATCH) {
		w = snprintf(buf + n, size - n, "%llx;", (unsigned long long)stop->addr);
		if (w < 0 || (size_t)w >= size - n)
			return 0;
		n += (size_t)w;
	}
	/* The pc, sp and fp ride along, so stepping needs no 'g' per stop. */
	for (unsigned i = 0; i < 3; i++) {
		if (n + 4 + 2 * 8 + 1 >= size)
			return 0;
		n += (size_t)snprintf(buf + n, size - n, "%02x:", expedite[i]);
		n += put_reg(s, stop->tid, expedite[i], buf + n);
		buf[n++] = ';';
	}
	buf[n] = 0;
	return n;
}

static void reply_stop(struct gdb_server *s)
{
	size_t n = gdb_stop_reply(s, &s->stop, s->reply, sizeof(s->reply));

	send_reply(s, s->reply, n);
}

static void read_regs(struct gdb_server *s)
{
	unsigned tid = current(s, s->g_tid);
	size_t n = 0;

	for (unsigned i = 0; i < s->regs->n; i++)
		n += put_reg(s, tid, i, s->reply + n);
	send_reply(s, s->reply, n);
}

static void write_regs(struct gdb_server *s, const struct gdb_cmd *c)
{
	unsigned tid = current(s, s->g_tid);
	size_t at = 0;
	int bad = 0;

	if (c->data_len != gdb_regset_bytes(s->regs)) {
		send_str(s, "E01");
		return;
	}
	for (unsigned i = 0; i < s->regs->n; i++) {
		const struct gdb_reg *r = &s->regs->regs[i];

		if (s->ops->set_reg(s->ctx, tid, r->id, c->data + at, r->bits / 8) < 0)
			bad = 1;
		at += r->bits / 8;
	}
	send_str(s, bad ? "E01" : "OK");
}

static void read_reg(struct gdb_server *s, const struct gdb_cmd *c)
{
	if (c->reg >= s->regs->n) {
		send_str(s, "E01");
		return;
	}
	send_reply(s, s->reply, put_reg(s, current(s, s->g_tid), c->reg, s->reply));
}

static void write_reg(struct gdb_server *s, const struct gdb_cmd *c)
{
	const struct gdb_reg *r = c->reg < s->regs->n ? &s->regs->regs[c->reg] : NULL;

	if (!r || c->data_len != r->bits / 8u ||
	    s->ops->set_reg(s->ctx, current(s, s->g_tid), r->id, c->data, r->bits / 8) < 0)
		send_str(s, "E01");
	else
		send_str(s, "OK");
}

static void read_mem(struct gdb_server *s, const struct gdb_cmd *c)
{
	size_t want = c->len > MEM_CHUNK ? MEM_CHUNK : (size_t)c->len, got;

	if (!want) {
		send_str(s, "E01");
		return;
	}
	got = s->ops->read_mem(s->ctx, current(s, s->g_tid), c->addr, s->scratch, want);
	if (!got || got > want) {
		send_str(s, "E14");
		return;
	}
	send_reply(s, s->reply, gdb_hex_encode(s->reply, s->scratch, got));
}

static void write_mem(struct gdb_server *s, const struct gdb_cmd *c)
{
	if (c->data_len &&
	    s->ops->write_mem(s->ctx, current(s, s->g_tid), c->addr, c->data, c->data_len) < 0)
		send_str(s, "E14");
	else
		send_str(s, "OK");
}

static void point(struct gdb_server *s, const struct gdb_cmd *c)
{
	int r = c->kind == GDB_CMD_INSERT_POINT
			? s->ops->insert_point(s->ctx, c->point, c->addr, c->len)
			: s->ops->remove_point(s->ctx, c->point, c->addr, c->len);

	send_str(s, r == GDB_UNSUPPORTED ? "" : r < 0 ? "E01" : "OK");
}

static void xfer(struct gdb_server *s, const struct gdb_cmd *c)
{
	size_t n;

	if (strcmp(c->annex, "target.xml") != 0) {
		send_str(s, "E00");
		return;
	}
	if (c->addr >= s->tdesc_len) {
		send_str(s, "l");
		return;
	}
	n = s->tdesc_len - (size_t)c->addr;
	if (n > c->len)
		n = (size_t)c->len;
	if (n > GDB_PACKET_MAX - 1)
		n = GDB_PACKET_MAX - 1;
	s->reply[0] = (size_t)c->addr + n < s->tdesc_len ? 'm' : 'l';
	memcpy(s->reply + 1, s->tdesc + c->addr, n);
	send_reply(s, s->reply, n + 1);
}

static void resume(struct gdb_server *s, const uint8_t *actions)
{
	s->running = 1;
	s->ops->resume(s->ctx, actions, nthreads(s));
}

/* c and s: continue everything, or step the Hc thread alone. */
static void resume_simple(struct gdb_server *s, const struct gdb_cmd *c)
{
	uint8_t actions[GDB_MAX_THREADS];
	unsigned n = nthreads(s), tid = current(s, s->c_tid);

	if (c->has_addr) {
		uint8_t pc[8];

		for (unsigned i = 0; i < 8; i++)
			pc[i] = (uint8_t)(c->addr >> (8 * i));
		if (s->ops->set_reg(s->ctx, tid, GR_RIP, pc, s->regs->regs[s->regs->pc].bits / 8) < 0) {
			send_str(s, "E01");
			return;
		}
	}
	for (unsigned i = 0; i < n; i++)
		actions[i] = c->kind == GDB_CMD_CONTINUE ? GDB_ACT_CONTINUE
			     : i + 1 == tid ? GDB_ACT_STEP : GDB_ACT_NONE;
	resume(s, actions);
}

/* The leftmost action naming a thread (or all threads) applies to it. */
static void vcont(struct gdb_server *s, const struct gdb_cmd *c)
{
	uint8_t actions[GDB_MAX_THREADS];
	unsigned n = nthreads(s), runs = 0;

	for (unsigned i = 0; i < c->nactions; i++)
		if (c->actions[i].tid != GDB_TID_ALL && c->actions[i].tid != GDB_TID_ANY &&
		    !tid_ok(s, c->actions[i].tid)) {
			send_str(s, "E01");
			return;
		}
	for (unsigned t = 1; t <= n; t++) {
		actions[t - 1] = GDB_ACT_NONE;
		for (unsigned i = 0; i < c->nactions; i++) {
			int64_t a = c->actions[i].tid;

			if (a == GDB_TID_ALL || a == GDB_TID_ANY || a == (int64_t)t) {
				actions[t - 1] = c->actions[i].action;
				break;
			}
		}
		if (actions[t - 1] == GDB_ACT_STOP)
			actions[t - 1] = GDB_ACT_NONE; /* all-stop: it stays stopped */
		runs += actions[t - 1] != GDB_ACT_NONE;
	}
	if (!runs) {
		send_str(s, "E01");
		return;
	}
	resume(s, actions);
}

static void thread_list(struct gdb_server *s)
{
	unsigned n = nthreads(s);
	size_t at = 0;

	s->reply[at++] = 'm';
	for (unsigned t = 1; t <= n; t++)
		at += (size_t)snprintf(s->reply + at, sizeof(s->reply) - at, t > 1 ? ",%x" : "%x", t);
	send_reply(s, s->reply, at);
}

static void thread_extra(struct gdb_server *s, const struct gdb_cmd *c)
{
	char text[256];
	size_t n;

	if (!tid_ok(s, c->tid)) {
		send_str(s, "E01");
		return;
	}
	n = s->ops->describe_thread(s->ctx, (unsigned)c->tid, text, sizeof(text));
	if (n >= sizeof(text))
		n = sizeof(text) - 1;
	send_reply(s, s->reply, gdb_hex_encode(s->reply, (const uint8_t *)text, n));
}

static void set_thread(struct gdb_server *s, const struct gdb_cmd *c)
{
	unsigned t;

	if (c->tid == GDB_TID_ALL || c->tid == GDB_TID_ANY) {
		if (c->op == 'g' && c->tid == GDB_TID_ALL) {
			send_str(s, "E01");
			return;
		}
		t = 0;
	} else if (tid_ok(s, c->tid)) {
		t = (unsigned)c->tid;
	} else {
		send_str(s, "E01");
		return;
	}
	if (c->op == 'g')
		s->g_tid = t;
	else
		s->c_tid = t;
	send_str(s, "OK");
}

static void dispatch(struct gdb_server *s, struct gdb_cmd *c)
{
	char buf[160];

	switch (c->kind) {
	case GDB_CMD_SUPPORTED:
		snprintf(buf, sizeof(buf), SUPPORTED_REPLY, GDB_PACKET_MAX);
		send_str(s, buf);
		break;
	case GDB_CMD_NO_ACK:
		send_str(s, "OK");
		s->no_ack = 1;
		break;
	case GDB_CMD_XFER_FEATURES: xfer(s, c); break;
	case GDB_CMD_ATTACHED: send_str(s, "1"); break;
	case GDB_CMD_STOP_REASON: reply_stop(s); break;
	case GDB_CMD_READ_REGS: read_regs(s); break;
	case GDB_CMD_WRITE_REGS: write_regs(s, c); break;
	case GDB_CMD_READ_REG: read_reg(s, c); break;
	case GDB_CMD_WRITE_REG: write_reg(s, c); break;
	case GDB_CMD_READ_MEM: read_mem(s, c); break;
	case GDB_CMD_WRITE_MEM: write_mem(s, c); break;
	case GDB_CMD_INSERT_POINT:
	case GDB_CMD_REMOVE_POINT: point(s, c); break;
	case GDB_CMD_CONTINUE:
	case GDB_CMD_STEP: resume_simple(s, c); break;
	case GDB_CMD_VCONT_QUERY: send_str(s, "vCont;c;C;s;S;t"); break;
	case GDB_CMD_VCONT: vcont(s, c); break;
	case GDB_CMD_KILL:
		/* 'k' has no reply; vKill wants "OK". */
		if (c->op == 'v')
			send_str(s, "OK");
		s->closing = 1;
		s->ops->kill(s->ctx);
		break;
	case GDB_CMD_DETACH:
		send_str(s, "OK");
		s->closing = 1;
		s->ops->detach(s->ctx);
		break;
	case GDB_CMD_SET_THREAD: set_thread(s, c); break;
	case GDB_CMD_THREAD_ALIVE: send_str(s, tid_ok(s, c->tid) ? "OK" : "E01"); break;
	case GDB_CMD_THREAD_FIRST: thread_list(s); break;
	case GDB_CMD_THREAD_NEXT: send_str(s, "l"); break;
	case GDB_CMD_CURRENT_THREAD:
		snprintf(buf, sizeof(buf), "QC%x", current(s, 0));
		send_str(s, buf);
		break;
	case GDB_CMD_THREAD_EXTRA: thread_extra(s, c); break;
	case GDB_CMD_MALFORMED: send_str(s, "E01"); break;
	case GDB_CMD_UNKNOWN:
	default:
		send_str(s, "");
		break;
	}
}

static void on_packet(struct gdb_server *s)
{
	struct gdb_cmd cmd;

	if (!s->no_ack)
		out_bytes(s, "+", 1);
	/* While the target runs, all-stop gdb sends nothing but Ctrl-C;
	 * anything else cannot be answered before the stop and is dropped. */
	if (s->running || s->closing)
		return;
	gdb_parse(s->rx.buf, s->rx.len, &cmd);
	dispatch(s, &cmd);
}

size_t gdb_server_input(struct gdb_server *s, const uint8_t *buf, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t before = s->out_len;

		switch (gdb_rx_byte(&s->rx, buf[i++])) {
		case GDB_RX_PACKET:
			on_packet(s);
			break;
		case GDB_RX_BAD:
			if (!s->no_ack)
				out_bytes(s, "-", 1);
			break;
		case GDB_RX_NACK:
			if (!s->no_ack && s->last_len)
				out_bytes(s, s->last, s->last_len);
			break;
		case GDB_RX_INTERRUPT:
			if (s->running && !s->closing)
				s->ops->interrupt(s->ctx);
			break;
		default:
			break;
		}
		if (s->out_len > before)
			break;
	}
	return i;
}

void gdb_server_stopped(struct gdb_server *s, const struct gdb_stop *stop)
{
	s->stop = *stop;
	if (!s->running || s->closing)
		return;
	s->running = 0;
	reply_stop(s);
}

void gdb_server_exited(struct gdb_server *s, int code)
{
	char buf[8];

	if (s->closing)
		return;
	snprintf(buf, sizeof(buf), "W%02x", code & 0xff);
	send_str(s, buf);
	s->running = 0;
	s->closing = 1;
}
