/* Packet grammar, one small parser per packet letter. Every number is
 * bounded (16 hex digits), every data field must have exactly the length
 * its header announces, and nothing is read past the packet's end. */
#include "gdb/command.h"

#include <string.h>

#include "gdb/hex.h"
#include "gdb/packet.h"

struct cur {
	const char *p, *end;
	char *pkt; /* the same bytes, writable: data is decoded in place */
};

static char *here(const struct cur *c)
{
	return c->pkt + (c->p - c->pkt);
}

static int at_end(const struct cur *c)
{
	return c->p == c->end;
}

static int eat(struct cur *c, char ch)
{
	if (c->p < c->end && *c->p == ch) {
		c->p++;
		return 1;
	}
	return 0;
}

static int hex(struct cur *c, uint64_t *v)
{
	return gdb_parse_hex(&c->p, c->end, v);
}

static int prefix(const char *pkt, size_t len, const char *word)
{
	size_t n = strlen(word);

	return len >= n && memcmp(pkt, word, n) == 0;
}

/* A thread id: "-1", hex, or multiprocess "p<pid>[.<tid>]". */
static int tid(struct cur *c, int64_t *out)
{
	uint64_t v;

	if (eat(c, 'p')) {
		if (eat(c, '-')) {
			if (!eat(c, '1'))
				return -1;
		} else if (hex(c, &v) < 0) {
			return -1;
		}
		if (!eat(c, '.')) {
			*out = GDB_TID_ALL;
			return 0;
		}
	}
	if (eat(c, '-')) {
		if (!eat(c, '1'))
			return -1;
		*out = GDB_TID_ALL;
		return 0;
	}
	if (hex(c, &v) < 0 || v > INT32_MAX)
		return -1;
	*out = (int64_t)v;
	return 0;
}

/* "ADDR,LEN" */
static int addr_len(struct cur *c, struct gdb_cmd *cmd)
{
	return hex(c, &cmd->addr) < 0 || !eat(c, ',') || hex(c, &cmd->len) < 0 ? -1 : 0;
}

/* Hex data of exactly want bytes (want < 0: any even length), decoded in place. */
static int hex_data(struct cur *c, struct gdb_cmd *cmd, long long want)
{
	size_t digits = (size_t)(c->end - c->p);
	uint8_t *dst = (uint8_t *)here(c);

	if (digits % 2 || (want >= 0 && digits != 2 * (size_t)want))
		return -1;
	if (gdb_hex_decode(dst, c->p, digits / 2) < 0)
		return -1;
	cmd->data = dst;
	cmd->data_len = digits / 2;
	c->p = c->end;
	return 0;
}

static enum gdb_cmd_kind parse_mem(struct cur *c, struct gdb_cmd *cmd, char letter)
{
	long n;

	if (addr_len(c, cmd) < 0)
		return GDB_CMD_MALFORMED;
	if (letter == 'm')
		return at_end(c) ? GDB_CMD_READ_MEM : GDB_CMD_MALFORMED;
	if (!eat(c, ':') || cmd->len > GDB_PACKET_MAX)
		return GDB_CMD_MALFORMED;
	if (letter == 'M')
		return hex_data(c, cmd, (long long)cmd->len) < 0 ? GDB_CMD_MALFORMED : GDB_CMD_WRITE_MEM;
	n = gdb_unescape((uint8_t *)here(c), (size_t)(c->end - c->p));
	if (n < 0 || (uint64_t)n != cmd->len)
		return GDB_CMD_MALFORMED;
	cmd->data = (const uint8_t *)c->p;
	cmd->data_len = (size_t)n;
	return GDB_CMD_WRITE_MEM;
}

static enum gdb_cmd_kind parse_point(struct cur *c, struct gdb_cmd *cmd, char letter)
{
	uint64_t type;

	if (hex(c, &type) < 0 || !eat(c, ','))
		return GDB_CMD_MALFORMED;
	if (type >= GDB_PT_COUNT)
		return GDB_CMD_UNKNOWN;
	cmd->point = (unsigned)type;
	if (addr_len(c, cmd) < 0 || (!at_end(c) && *c->p != ';'))
		return GDB_CMD_MALFORMED;
	/* Conditions and commands after ';' are not offered in qSupported. */
	return letter == 'Z' ? GDB_CMD_INSERT_POINT : GDB_CMD_REMOVE_POINT;
}

/* c [addr] | s [addr] | C sig [;addr] | S sig [;addr] */
static enum gdb_cmd_kind parse_resume(struct cur *c, struct gdb_cmd *cmd, char letter)
{
	uint64_t sig;
	int with_sig = letter == 'C' || letter == 'S';

	if (with_sig && (hex(c, &sig) < 0 || sig > 0xff))
		return GDB_CMD_MALFORMED;
	if (with_sig && !at_end(c) && !eat(c, ';'))
		return GDB_CMD_MALFORMED;
	if (!at_end(c)) {
		if (hex(c, &cmd->addr) < 0 || !at_end(c))
			return GDB_CMD_MALFORMED;
		cmd->has_addr = 1;
	}
	return letter == 'c' || letter == 'C' ? GDB_CMD_CONTINUE : GDB_CMD_STEP;
}

static enum gdb_cmd_kind parse_vcont(struct cur *c, struct gdb_cmd *cmd)
{
	uint64_t sig;

	if (eat(c, '?'))
		return at_end(c) ? GDB_CMD_VCONT_QUERY : GDB_CMD_MALFORMED;
	if (at_end(c))
		return GDB_CMD_MALFORMED;
	while (eat(c, ';')) {
		struct gdb_vcont_action a = { GDB_ACT_NONE, GDB_TID_ALL };
		char letter = at_end(c) ? 0 : *c->p++;

		switch (letter) {
		case 'c': a.action = GDB_ACT_CONTINUE; break;
		case 's': a.action = GDB_ACT_STEP; break;
		case 't': a.action = GDB_ACT_STOP; break;
		case 'C':
		case 'S':
			if (hex(c, &sig) < 0 || sig > 0xff)
				return GDB_CMD_MALFORMED;
			a.action = letter == 'C' ? GDB_ACT_CONTINUE : GDB_ACT_STEP;
			break;
		default:
			return GDB_CMD_MALFORMED; /* 'r' (range stepping) is not offered */
		}
		if (eat(c, ':') && tid(c, &a.tid) < 0)
			return GDB_CMD_MALFORMED;
		if (cmd->nactions == GDB_VCONT_MAX)
			return GDB_CMD_MALFORMED;
		cmd->actions[cmd->nactions++] = a;
	}
	return at_end(c) && cmd->nactions ? GDB_CMD_VCONT : GDB_CMD_MALFORMED;
}

static enum gdb_cmd_kind parse_xfer(struct cur *c, struct gdb_cmd *cmd)
{
	char *annex = here(c);
	char *colon = memchr(annex, ':', (size_t)(c->end - c->p));

	if (!colon)
		return GDB_CMD_MALFORMED;
	*colon = 0;
	cmd->annex = annex;
	c->p = colon + 1;
	return addr_len(c, cmd) < 0 || !at_end(c) ? GDB_CMD_MALFORMED : GDB_CMD_XFER_FEATURES;
}

/* Packets named by a word: exact words and "word:..." / "word,..." forms. */
static enum gdb_cmd_kind parse_word(char *pkt, size_t len, struct cur *c, struct gdb_cmd *cmd)
{
	static const struct {
		const char *word;
		enum gdb_cmd_kind kind;
	} exact[] = {
		{ "qAttached", GDB_CMD_ATTACHED },       { "qfThreadInfo", GDB_CMD_THREAD_FIRST },
		{ "qsThreadInfo", GDB_CMD_THREAD_NEXT }, { "qC", GDB_CMD_CURRENT_THREAD },
		{ "QStartNoAckMode", GDB_CMD_NO_ACK },   { "qSupported", GDB_CMD_SUPPORTED },
	};

	for (size_t i = 0; i < sizeof(exact) / sizeof(exact[0]); i++) {
		size_t n = strlen(exact[i].word);

		if (len == n && !memcmp(pkt, exact[i].word, n))
			return exact[i].kind;
	}
	if (prefix(pkt, len, "qSupported:"))
		return GDB_CMD_SUPPORTED;
	if (prefix(pkt, len, "qAttached:"))
		return GDB_CMD_ATTACHED;
	if (prefix(pkt, len, "qXfer:features:read:")) {
		c->p = pkt + strlen("qXfer:features:read:");
		return parse_xfer(c, cmd);
	}
	if (prefix(pkt, len, "qThreadExtraInfo,")) {
		c->p = pkt + strlen("qThreadExtraInfo,");
		return tid(c, &cmd->tid) < 0 || !at_end(c) ? GDB_CMD_MALFORMED : GDB_CMD_THREAD_EXTRA;
	}
	if (prefix(pkt, len, "vCont")) {
		c->p = pkt + strlen("vCont");
		return parse_vcont(c, cmd);
	}
	if (prefix(pkt, len, "vKill")) {
		cmd->op = 'v';
		return GDB_CMD_KILL;
	}
	return GDB_CMD_UNKNOWN;
}

static enum gdb_cmd_kind parse(char *pkt, size_t len, struct gdb_cmd *cmd)
{
	struct cur c = { pkt + 1, pkt + len, pkt };
	uint64_t v;

	if (!len)
		return GDB_CMD_UNKNOWN;
	switch (pkt[0]) {
	case '?':
		return len == 1 ? GDB_CMD_STOP_REASON : GDB_CMD_UNKNOWN;
	case 'g':
		return len == 1 ? GDB_CMD_READ_REGS : GDB_CMD_UNKNOWN;
	case 'G':
		return hex_data(&c, cmd, -1) < 0 ? GDB_CMD_MALFORMED : GDB_CMD_WRITE_REGS;
	case 'p':
		if (hex(&c, &v) < 0 || v > 0xffff || !at_end(&c))
			return GDB_CMD_MALFORMED;
		cmd->reg = (unsigned)v;
		return GDB_CMD_READ_REG;
	case 'P':
		if (hex(&c, &v) < 0 || v > 0xffff || !eat(&c, '=') || hex_data(&c, cmd, -1) < 0)
			return GDB_CMD_MALFORMED;
		cmd->reg = (unsigned)v;
		return GDB_CMD_WRITE_REG;
	case 'm':
	case 'M':
	case 'X':
		return parse_mem(&c, cmd, pkt[0]);
	case 'Z':
	case 'z':
		return parse_point(&c, cmd, pkt[0]);
	case 'c':
	case 'C':
	case 's':
	case 'S':
		return parse_resume(&c, cmd, pkt[0]);
	case 'k':
		return len == 1 ? GDB_CMD_KILL : GDB_CMD_UNKNOWN;
	case 'D':
		return len == 1 || pkt[1] == ';' ? GDB_CMD_DETACH : GDB_CMD_UNKNOWN;
	case 'H':
		if (len < 2 || (pkt[1] != 'g' && pkt[1] != 'c'))
			return GDB_CMD_UNKNOWN;
		cmd->op = pkt[1];
		c.p++;
		return tid(&c, &cmd->tid) < 0 || !at_end(&c) ? GDB_CMD_MALFORMED : GDB_CMD_SET_THREAD;
	case 'T':
		return tid(&c, &cmd->tid) < 0 || !at_end(&c) ? GDB_CMD_MALFORMED : GDB_CMD_THREAD_ALIVE;
	default:
		return parse_word(pkt, len, &c, cmd);
	}
}

void gdb_parse(char *pkt, size_t len, struct gdb_cmd *cmd)
{
	memset(cmd, 0, sizeof(*cmd));
	cmd->kind = parse(pkt, len, cmd);
}
