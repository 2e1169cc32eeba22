/* The target gdb/server.c talks to: registers from the state each parked
 * vCPU saved, memory through the guest's page tables (machine/gva.h) with
 * planted int3s hidden, and break/watchpoints as int3s, debug registers or,
 * where KVM has no data breakpoints, single steps that compare memory. */
#include "debug/stub_internal.h"

#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

#include "machine/gva.h"

#define DR7_FIXED 0x600ull /* GE and the reserved bit 10 */

static struct stub_vcpu *vc_of(struct gdbstub *g, unsigned tid)
{
	return tid >= 1 && tid <= g->nvcpus ? &g->vc[tid - 1] : NULL;
}

static struct gva_ctx gva_of(const struct stub_vcpu *sv)
{
	const struct kvm_sregs *s = &sv->sregs;

	return (struct gva_ctx){ gva_mode_of(s->cr0, s->cr4, s->efer), s->cr3, (s->cr4 >> 4) & 1 };
}

/* The thread whose address space gdb means: its current one, else the stop's. */
static struct stub_vcpu *current_vc(struct gdbstub *g)
{
	struct stub_vcpu *sv = vc_of(g, g->srv.g_tid);

	return sv ? sv : vc_of(g, g->srv.stop.tid) ? vc_of(g, g->srv.stop.tid) : &g->vc[0];
}

static unsigned nthreads(void *ctx)
{
	return ((struct gdbstub *)ctx)->nvcpus;
}

/* Where each register lives in the saved state. */
static __u64 *gpr(struct kvm_regs *r, unsigned id)
{
	__u64 *const map[] = {
		[GR_RAX] = &r->rax, [GR_RBX] = &r->rbx, [GR_RCX] = &r->rcx, [GR_RDX] = &r->rdx,
		[GR_RSI] = &r->rsi, [GR_RDI] = &r->rdi, [GR_RBP] = &r->rbp, [GR_RSP] = &r->rsp,
		[GR_R8] = &r->r8, [GR_R9] = &r->r9, [GR_R10] = &r->r10, [GR_R11] = &r->r11,
		[GR_R12] = &r->r12, [GR_R13] = &r->r13, [GR_R14] = &r->r14, [GR_R15] = &r->r15,
		[GR_RIP] = &r->rip, [GR_EFLAGS] = &r->rflags,
	};
	return id <= GR_EFLAGS ? map[id] : NULL;
}

static struct kvm_segment *seg(struct kvm_sregs *s, unsigned id)
{
	struct kvm_segment *const map[] = { &s->cs, &s->ss, &s->ds, &s->es, &s->fs, &s->gs };

	return id >= GR_CS && id <= GR_GS ? map[id - GR_CS] : NULL;
}

static __u64 *sysreg(struct kvm_sregs *s, unsigned id)
{
	switch (id) {
	case GR_FS_BASE: return &s->fs.base;
	case GR_GS_BASE: return &s->gs.base;
	case GR_CR0: return &s->cr0;
	case GR_CR2: return &s->cr2;
	case GR_CR3: return &s->cr3;
	case GR_CR4: return &s->cr4;
	case GR_CR8: return &s->cr8;
	case GR_EFER: return &s->efer;
	default: return NULL;
	}
}

/* The x87 tag word gdb wants (2 bits a register) from FXSAVE's abridged one
 * (1 bit: empty or not); a non-empty register is shown as valid. */
static uint16_t full_tag(uint8_t abridged)
{
	uint16_t t = 0;

	for (unsigned i = 0; i < 8; i++)
		if (!(abridged & (1u << i)))
			t |= (uint16_t)(3u << (2 * i));
	return t;
}

static uint8_t abridged_tag(uint16_t full)
{
	uint8_t t = 0;

	for (unsigned i = 0; i < 8; i++)
		if (((full >> (2 * i)) & 3) != 3)
			t |= (uint8_t)(1u << i);
	return t;
}

/* The register's bytes in the saved state (x87 control words and
 * selectors copied through *v) and how many there are. NULL if unknown. */
static const void *reg_place(struct stub_vcpu *sv, unsigned id, uint64_t *v, unsigned *size)
{
	struct kvm_fpu *f = &sv->fpu;
	struct kvm_segment *sg;
	__u64 *p;

	*size = 8;
	if ((p = gpr(&sv->regs, id)) || (p = sysreg(&sv->sregs, id)))
		return p;
	if ((sg = seg(&sv->sregs, id))) {
		*v = sg->selector;
		return v;
	}
	if (id >= GR_ST0 && id <= GR_ST7) {
		*size = 10;
		return f->fpr[id - GR_ST0];
	}
	if (id >= GR_XMM0 && id <= GR_XMM15) {
		*size = 16;
		return f->xmm[id - GR_XMM0];
	}
	switch (id) {
	case GR_FCTRL: *v = f->fcw; return v;
	case GR_FSTAT: *v = f->fsw; return v;
	case GR_FTAG: *v = full_tag(f->ftwx); return v;
	case GR_FISEG: *v = 0; return v;
	case GR_FIOFF: *v = (uint32_t)f->last_ip; return v;
	case GR_FOSEG: *v = 0; return v;
	case GR_FOOFF: *v = (uint32_t)f->last_dp; return v;
	case GR_FOP: *v = f->last_opcode; return v;
	case GR_MXCSR: *v = f->mxcsr; return v;
	default: return NULL;
	}
}

static int get_reg(void *ctx, unsigned tid, unsigned id, uint8_t *val, unsigned bytes)
{
	struct stub_vcpu *sv = vc_of(ctx, tid);
	uint64_t v = 0;
	unsigned size;
	const void *p;

	if (!sv || !sv->have_state || !(p = reg_place(sv, id, &v, &size)))
		return -1;
	memset(val, 0, bytes);
	memcpy(val, p, bytes < size ? bytes : size);
	return 0;
}

static int set_reg(void *ctx, unsigned tid, unsigned id, const uint8_t *val, unsigned bytes)
{
	struct stub_vcpu *sv = vc_of(ctx, tid);
	struct kvm_segment *sg;
	uint64_t v = 0;
	__u64 *p;

	if (!sv || !sv->have_state || sv->done || bytes > GDB_REG_MAX_BYTES)
		return -1;
	if (bytes <= 8)
		memcpy(&v, val, bytes);
	if ((p = gpr(&sv->regs, id))) {
		/* A 32-bit layout writes the low half; the upper half stays. */
		*p = bytes >= 8 ? v : (*p & ~((1ull << (8 * bytes)) - 1)) | v;
		sv->regs_dirty = 1;
	} else if ((sg = seg(&sv->sregs, id))) {
		sg->selector = (uint16_t)v;
		sv->sregs_dirty = 1;
	} else if ((p = sysreg(&sv->sregs, id))) {
		*p = bytes >= 8 ? v : (*p & ~((1ull << (8 * bytes)) - 1)) | v;
		sv->sregs_dirty = 1;
	} else if (id >= GR_ST0 && id <= GR_ST7) {
		memcpy(sv->fpu.fpr[id - GR_ST0], val, bytes > 10 ? 10 : bytes);
		sv->fpu_dirty = 1;
	} else if (id >= GR_XMM0 && id <= GR_XMM15) {
		memcpy(sv->fpu.xmm[id - GR_XMM0], val, bytes);
		sv->fpu_dirty = 1;
	} else {
		switch (id) {
		case GR_FCTRL: sv->fpu.fcw = (uint16_t)v; break;
		case GR_FSTAT: sv->fpu.fsw = (uint16_t)v; break;
		case GR_FTAG: sv->fpu.ftwx = abridged_tag((uint16_t)v); break;
		case GR_FIOFF: sv->fpu.last_ip = (uint32_t)v; break;
		case GR_FOOFF: sv->fpu.last_dp = (uint32_t)v; break;
		case GR_FOP: sv->fpu.last_opcode = (uint16_t)v; break;
		case GR_MXCSR: sv->fpu.mxcsr = (uint32_t)v; break;
		case GR_FISEG:
		case GR_FOSEG: return 0; /* kept as 0: no x87 segment state in KVM */
		default: return -1;
		}
		sv->fpu_dirty = 1;
	}
	return 0;
}

const struct stub_sw_bp *stub_sw_at(const struct gdbstub *g, uint64_t addr)
{
	for (unsigned i = 0; i < STUB_MAX_SW; i++)
		if (g->sw[i].used && g->sw[i].addr == addr)
			return &g->sw[i];
	return NULL;
}

static size_t read_mem(void *ctx, unsigned tid, uint64_t addr, uint8_t *buf, size_t len)
{
	struct gdbstub *g = ctx;
	struct stub_vcpu *sv = vc_of(g, tid);
	struct gva_ctx c;
	size_t got;

	if (!sv || !sv->have_state)
		return 0;
	c = gva_of(sv);
	got = gva_read(&g->vm->mem, &c, addr, buf, len);
	/* gdb sees the code it wrote, not the int3s standing in for it. */
	for (unsigned i = 0; i < STUB_MAX_SW; i++)
		if (g->sw[i].used && g->sw[i].slot < 0 && g->sw[i].addr - addr < got)
			buf[g->sw[i].addr - addr] = g->sw[i].orig;
	return got;
}

static int write_mem(void *ctx, unsigned tid, uint64_t addr, const uint8_t *buf, size_t len)
{
	struct gdbstub *g = ctx;
	struct stub_vcpu *sv = vc_of(g, tid);
	struct gva_ctx c;
	const uint8_t cc = 0xcc;
	size_t put;

	if (!sv || !sv->have_state)
		return -1;
	c = gva_of(sv);
	put = gva_write(&g->vm->mem, &c, addr, buf, len);
	/* A write over a planted int3 changes what it stands in for. */
	for (unsigned i = 0; i < STUB_MAX_SW; i++) {
		struct stub_sw_bp *b = &g->sw[i];

		if (b->used && b->slot < 0 && b->addr - addr < put) {
			b->orig = buf[b->addr - addr];
			guest_write(&g->vm->mem, b->gpa, &cc, 1);
		}
	}
	return put == len ? 0 : -1;
}

/* A free debug register for an instruction breakpoint standing in for an
 * int3, or -1. */
static int sw_slot(struct gdbstub *g, uint64_t addr)
{
	for (unsigned i = 0; i < STUB_HW_SLOTS; i++)
		if (!g->hw[i].used) {
			g->hw[i] = (struct stub_hw_slot){ 1, GDB_PT_HW, addr, 1, addr, 1, 1 };
			return (int)i;
		}
	return -1;
}

static int insert_sw(struct gdbstub *g, uint64_t addr)
{
	struct stub_vcpu *sv = current_vc(g);
	struct gva_ctx c = gva_of(sv);
	struct stub_sw_bp *free_bp = NULL;
	struct gva_map map;
	const uint8_t cc = 0xcc;
	char err[128];

	if (stub_sw_at(g, addr))
		return 0;
	for (unsigned i = 0; i < STUB_MAX_SW && !free_bp; i++)
		if (!g->sw[i].used)
			free_bp = &g->sw[i];
	if (!free_bp)
		return -1;
	/* Real mode: a debug register while one is free (it keeps working when
	 * the guest leaves real mode: linear addresses, segment bases 0). */
	if (!(sv->sregs.cr0 & 1) && (free_bp->slot = sw_slot(g, addr)) >= 0) {
		free_bp->used = 1;
		free_bp->addr = free_bp->gpa = addr;
		return 0;
	}
	free_bp->slot = -1;
	if (gva_translate(&g->vm->mem, &c, addr, &map, err, sizeof(err)) < 0 ||
	    guest_read(&g->vm->mem, map.gpa, &free_bp->orig, 1) < 0 ||
	    guest_write(&g->vm->mem, map.gpa, &cc, 1) < 0)
		return -1;
	free_bp->used = 1;
	free_bp->addr = addr;
	free_bp->gpa = map.gpa;
	return 0;
}

static void unplant(struct gdbstub *g, struct stub_sw_bp *b)
{
	uint8_t now;

	b->used = 0;
	if (b->slot >= 0) {
		g->hw[b->slot].used = 0;
		return;
	}
	/* Only an int3 still there is ours to take back. */
	if (guest_read(&g->vm->mem, b->gpa, &now, 1) == 0 && now == 0xcc)
		guest_write(&g->vm->mem, b->gpa, &b->orig, 1);
}

static int remove_sw(struct gdbstub *g, uint64_t addr)
{
	struct stub_sw_bp *b = (struct stub_sw_bp *)stub_sw_at(g, addr);

	if (!b)
		return -1;
	unplant(g, b);
	return 0;
}

/* The debug registers a range needs: aligned pieces of 8, 4, 2, 1 bytes. */
static unsigned split(uint64_t addr, uint64_t len, uint64_t *pa, unsigned *pl, unsigned max)
{
	unsigned n = 0;

	while (len && n < max) {
		unsigned size = 8;

		while (size > 1 && ((addr & (size - 1)) || size > len))
			size /= 2;
		pa[n] = addr;
		pl[n++] = size;
		addr += size;
		len -= size;
	}
	return len ? max + 1 : n;
}

static int insert_hw(struct gdbstub *g, unsigned type, uint64_t addr, uint64_t len)
{
	uint64_t pa[STUB_HW_SLOTS];
	unsigned pl[STUB_HW_SLOTS], n, freeslots = 0;

	if (type == GDB_PT_HW)
		len = 1; /* an instruction breakpoint has length 1 (LEN = 00) */
	if (!len || len > 8 * STUB_HW_SLOTS)
		return -1;
	n = split(addr, len, pa, pl, STUB_HW_SLOTS);
	for (unsigned i = 0; i < STUB_HW_SLOTS; i++)
		freeslots += !g->hw[i].used;
	if (n > freeslots)
		return -1;
	for (unsigned i = 0, k = 0; i < STUB_HW_SLOTS && k < n; i++)
		if (!g->hw[i].used)
			g->hw[i] = (struct stub_hw_slot){ 1, type, pa[k], pl[k], addr, len, 0 }, k++;
	return 0;
}

static int remove_hw(struct gdbstub *g, unsigned type, uint64_t addr, uint64_t len)
{
	int found = 0;

	if (type == GDB_PT_HW)
		len = 1;
	for (unsigned i = 0; i < STUB_HW_SLOTS; i++) {
		struct stub_hw_slot *h = &g->hw[i];

		if (h->used && !h->for_sw && h->type == type && h->user_addr == addr &&
		    h->user_len == len) {
			h->used = 0;
			found = 1;
		}
	}
	return found ? 0 : -1;
}

int stub_emu_watching(const struct gdbstub *g)
{
	for (unsigned i = 0; i < STUB_MAX_EMU_WATCH; i++)
		if (g->ew[i].used)
			return 1;
	return 0;
}

int stub_emu_watch_hit(struct gdbstub *g, struct stub_vcpu *sv, uint64_t *addr)
{
	struct kvm_sregs s;
	struct stub_vcpu tmp;
	struct gva_ctx c;
	int hit = 0;

	/* The stepping vCPU's page tables decide what the address means. */
	if (ioctl(sv->v->h.fd, KVM_GET_SREGS, &s) < 0)
		return 0;
	tmp.sregs = s;
	c = gva_of(&tmp);
	for (unsigned i = 0; i < STUB_MAX_EMU_WATCH; i++) {
		struct stub_emu_watch *w = &g->ew[i];
		uint8_t now[8];

		if (!w->used || gva_read(&g->vm->mem, &c, w->addr, now, w->len) != w->len)
			continue;
		if (memcmp(now, w->value, w->len) && !hit) {
			*addr = w->addr;
			hit = 1;
		}
		memcpy(w->value, now, w->len);
	}
	return hit;
}

static int insert_emu_watch(struct gdbstub *g, uint64_t addr, uint64_t len)
{
	struct stub_vcpu *sv = current_vc(g);
	struct gva_ctx c = gva_of(sv);

	if (!len || len > 8)
		return -1;
	for (unsigned i = 0; i < STUB_MAX_EMU_WATCH; i++) {
		struct stub_emu_watch *w = &g->ew[i];

		if (w->used)
			continue;
		if (gva_read(&g->vm->mem, &c, addr, w->value, (size_t)len) != len)
			return -1;
		w->used = 1;
		w->addr = addr;
		w->len = (unsigned)len;
		return 0;
	}
	return -1;
}

static int remove_emu_watch(struct gdbstub *g, uint64_t addr, uint64_t len)
{
	for (unsigned i = 0; i < STUB_MAX_EMU_WATCH; i++)
		if (g->ew[i].used && g->ew[i].addr == addr && g->ew[i].len == len) {
			g->ew[i].used = 0;
			return 0;
		}
	return -1;
}

static int insert_point(void *ctx, unsigned type, uint64_t addr, uint64_t kind)
{
	struct gdbstub *g = ctx;

	if (type == GDB_PT_SW)
		return insert_sw(g, addr);
	if (type == GDB_PT_HW || g->hw_data)
		return insert_hw(g, type, addr, kind);
	/* No data breakpoints in this KVM: writes can be caught by stepping,
	 * reads cannot. */
	return type == GDB_PT_WRITE ? insert_emu_watch(g, addr, kind) : -1;
}

static int remove_point(void *ctx, unsigned type, uint64_t addr, uint64_t kind)
{
	struct gdbstub *g = ctx;

	if (type == GDB_PT_SW)
		return remove_sw(g, addr);
	if (type == GDB_PT_HW || g->hw_data)
		return remove_hw(g, type, addr, kind);
	return type == GDB_PT_WRITE ? remove_emu_watch(g, addr, kind) : -1;
}

void stub_remove_all_points(struct gdbstub *g)
{
	for (unsigned i = 0; i < STUB_MAX_SW; i++)
		if (g->sw[i].used)
			unplant(g, &g->sw[i]);
	memset(g->hw, 0, sizeof(g->hw));
	memset(g->ew, 0, sizeof(g->ew));
}

static uint64_t dr7_bits(const struct stub_hw_slot *h, unsigned i)
{
	static const uint64_t rw[GDB_PT_COUNT] = { 0, 0, 1, 3, 3 };
	uint64_t len = h->len == 8 ? 2 : h->len == 4 ? 3 : h->len == 2 ? 1 : 0;

	if (h->type == GDB_PT_HW)
		len = 0;
	return (2ull << (2 * i)) | rw[h->type] << (16 + 4 * i) | len << (18 + 4 * i);
}

void stub_apply_debug(struct gdbstub *g, struct stub_vcpu *sv)
{
	struct kvm_guest_debug d;
	int sw = 0, hw = 0, step;

	memset(&d, 0, sizeof(d));
	for (unsigned i = 0; i < STUB_MAX_SW && !sw; i++)
		sw = g->sw[i].used && g->sw[i].slot < 0;
	for (unsigned i = 0; i < STUB_HW_SLOTS; i++)
		if (g->hw[i].used) {
			hw = 1;
			d.arch.debugreg[i] = g->hw[i].addr;
			d.arch.debugreg[7] |= dr7_bits(&g->hw[i], i);
		}
	step = sv->action == GDB_ACT_STEP || (sv->action == GDB_ACT_CONTINUE && stub_emu_watching(g));
	if (sw)
		d.control |= KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_USE_SW_BP;
	if (hw) {
		d.control |= KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_USE_HW_BP;
		d.arch.debugreg[7] |= DR7_FIXED;
	}
	if (step) {
		d.control |= KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_SINGLESTEP;
		/* Like QEMU's default: no interrupt handler under a gdb step. A
		 * continue that steps only to watch memory lets interrupts in. */
		if (sv->action == GDB_ACT_STEP && (g->debug_caps & KVM_GUESTDBG_BLOCKIRQ))
			d.control |= KVM_GUESTDBG_BLOCKIRQ;
	}
	if (sv->applied_valid && !memcmp(&d, &sv->applied, sizeof(d)))
		return;
	if (ioctl(sv->v->h.fd, KVM_SET_GUEST_DEBUG, &d) == 0) {
		sv->applied = d;
		sv->applied_valid = 1;
	}
}

static void resume(void *ctx, const uint8_t *actions, unsigned n)
{
	stub_resume(ctx, actions, n);
}

static void interrupt(void *ctx)
{
	stub_request_stop(ctx);
}

static void kill_run(void *ctx)
{
	struct gdbstub *g = ctx;

	stub_remove_all_points(g);
	if (g->cfg.kill)
		g->cfg.kill(g->cfg.ctx);
	g->released = 1;
	g->pm_over = 1;
	pthread_cond_broadcast(&g->cond);
}

static void detach(void *ctx)
{
	stub_let_go(ctx);
}

size_t stub_describe(const struct gdbstub *g, unsigned tid, char *buf, size_t size)
{
	const struct stub_vcpu *sv = tid >= 1 && tid <= g->nvcpus ? &g->vc[tid - 1] : NULL;
	const struct kvm_sregs *s;
	const char *mode;
	int n;

	if (!sv || !sv->have_state)
		return (size_t)snprintf(buf, size, "vcpu %u", tid - 1);
	s = &sv->sregs;
	mode = !(s->cr0 & 1) ? "real mode" : (s->efer & (1u << 10)) && s->cs.l ? "64-bit"
		: s->cs.db ? "32-bit" : "16-bit protected";
	n = snprintf(buf, size, "vcpu %u, %s, %s%s", tid - 1, mode,
		     gva_mode_name(gva_mode_of(s->cr0, s->cr4, s->efer)), sv->done ? ", stopped for good" : "");
	return n < 0 ? 0 : (size_t)n;
}

static size_t describe_thread(void *ctx, unsigned tid, char *buf, size_t size)
{
	return stub_describe(ctx, tid, buf, size);
}

const struct gdb_target_ops stub_target_ops = {
	.nthreads = nthreads,
	.get_reg = get_reg,
	.set_reg = set_reg,
	.read_mem = read_mem,
	.write_mem = write_mem,
	.insert_point = insert_point,
	.remove_point = remove_point,
	.resume = resume,
	.interrupt = interrupt,
	.kill = kill_run,
	.detach = detach,
	.describe_thread = describe_thread,
};
