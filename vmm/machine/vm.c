#include "machine/vm.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/kvm_para.h>

#include "devices/debug_exit.h"
#include "util/errmsg.h"
#include "uvmm/abi.h"

/* Where KVM may put the real-mode TSS and identity map on Intel: the top of
 * the 32-bit space, away from RAM and the MMIO test device. */
#define VM_TSS_ADDR 0xfffbd000ull

/* Second KVM slot of guest RAM: the part above 4 GiB (slots 1..15 are the
 * guest's, machine/memslots.h). */
#define VM_HIGH_RAM_SLOT MEMSLOTS_MAX

/* pc-testdev's lines, as QEMU's ISA bus drives them into KVM's irqchip. */
static int testdev_irq_line(void *ctx, unsigned line, int level)
{
	struct vm *vm = ctx;
	struct kvm_irq_level l = { .irq = line, .level = (uint32_t)level };

	return vm->irqchip ? ioctl(vm->fd, KVM_IRQ_LINE, &l) : -1;
}

static int testdev_flush_page(void *ctx, uint64_t gpa)
{
	struct vm *vm = ctx;

	return guest_mem_flush_page(&vm->mem, gpa);
}

static int register_kut_devices(struct vm *vm, const struct vm_config *cfg)
{
	const struct pc_testdev_ops ops = { testdev_irq_line, testdev_flush_page, vm };
	uint64_t total = guest_mem_total(&vm->mem);

	vm->fw_cfg = (struct dev_fw_cfg){
		.ram_size = total, .nb_cpus = (uint16_t)cfg->nvcpus, .max_cpus = (uint16_t)cfg->nvcpus,
		.max_ram = vm->mem.high_size ? GUEST_MEM_HIGH_BASE + vm->mem.high_size : total,
	};
	return dev_fw_cfg_register(&vm->fw_cfg, &vm->pio, FW_CFG_PORT) ||
	       dev_pc_testdev_register(&vm->pc_testdev, &vm->pio, &vm->mmio, &ops) ||
	       dev_acpi_pm_register(&vm->acpi_pm, &vm->pio) ||
	       dev_rtc_register(&vm->rtc, &vm->pio) ? -1 : 0;
}

static int register_devices(struct vm *vm, const struct vm_config *cfg)
{
	return dev_serial_register(&vm->serial, &vm->pio, UVMM_COM1_PORT, &vm->console) ||
	       dev_debug_exit_register(&vm->pio, UVMM_DEBUG_EXIT_PORT) ||
	       dev_testdev_register(&vm->testdev, &vm->mmio, UVMM_TESTDEV_BASE) ||
	       (cfg->kut && register_kut_devices(vm, cfg)) ? -1 : 0;
}

/* The first feature cfg->cpu sets that KVM cannot offer, or NULL. */
static const struct cpu_feature *unoffered_feature(struct vm *vm, const struct cpu_edits *e,
						   int *err)
{
	struct kvm_cpuid2 *c;
	const struct cpu_feature *bad = NULL;
	int cap = kvm_cap(&vm->kvm, KVM_CAP_TSC_DEADLINE_TIMER) > 0;

	*err = kvm_get_supported_cpuid(&vm->kvm, &c);
	if (*err < 0)
		return NULL;
	for (unsigned i = 0; i < e->n && !bad; i++)
		if (e->e[i].set && !cpu_feature_offered(e->e[i].f, c->entries, c->nent, cap))
			bad = e->e[i].f;
	free(c);
	return bad;
}

#define CPUID1_ECX_TSC_DEADLINE (1u << 24)
#define CPUID1_ECX_HYPERVISOR (1u << 31)

/* What a VMM adds to KVM_GET_SUPPORTED_CPUID, as QEMU and kvmtool do: the
 * hypervisor bit (KVM leaves it to user space) and TSC-deadline when KVM
 * emulates it (it is announced by a capability, not in the CPUID KVM reports),
 * plus uvmm's own leaf so a test can see that KVM_SET_CPUID2 values reach the
 * guest. */
/* What one vCPU's CPUID table is made from. */
struct cpuid_ctx {
	const struct vm_config *cfg;
	uint32_t apic_id;         /* the vCPU's id, which is its in-kernel LAPIC's id */
};

/* The vCPU's own APIC id where CPUID reports it (KVM leaves that to user
 * space, as QEMU does it): leaf 1 EBX[31:24], the x2APIC id of leaves 0xb
 * and 0x1f, and AMD's extended APIC id in leaf 0x8000001e. */
static void set_apic_id(struct kvm_cpuid_entry2 *e, uint32_t id)
{
	if (e->function == 1)
		e->ebx = (e->ebx & 0x00ffffffu) | id << 24;
	else if (e->function == 0xb || e->function == 0x1f)
		e->edx = id;
	else if (e->function == 0x8000001e)
		e->eax = id;
}

static void edit_cpuid(struct kvm_cpuid2 *c, void *arg)
{
	const struct cpuid_ctx *x = arg;
	const struct vm_config *cfg = x->cfg;

	for (unsigned i = 0; i < c->nent; i++) {
		set_apic_id(&c->entries[i], x->apic_id);
		if (c->entries[i].function != 1)
			continue;
		c->entries[i].ecx |= CPUID1_ECX_HYPERVISOR;
		if (cfg->tsc_deadline)
			c->entries[i].ecx |= CPUID1_ECX_TSC_DEADLINE;
	}

	c->entries[c->nent++] = (struct kvm_cpuid_entry2){
		.function = UVMM_CPUID_LEAF,
		.eax = UVMM_CPUID_MAGIC,
		.ebx = (uint32_t)(cfg->mem_size >> 20),
		.ecx = cfg->nvcpus,
		.edx = UVMM_CPUID_ABI,
	};
	if (cfg->cpu)
		cpu_edits_apply(cfg->cpu, c);
}

static int install_msr_filter(struct vm *vm)
{
	uint8_t deny = 0; /* bit clear: the access is denied in KVM, exits to us */
	struct kvm_msr_filter f = {
		.flags = KVM_MSR_FILTER_DEFAULT_ALLOW,
		.ranges[0] = { .flags = KVM_MSR_FILTER_READ | KVM_MSR_FILTER_WRITE,
			       .nmsrs = 1, .base = UVMM_MSR_FILTERED, .bitmap = &deny },
	};

	if (!vm->user_msr || ioctl(vm->fd, KVM_X86_SET_MSR_FILTER, &f) < 0)
		return -1;
	vm->msr.filtered = 1;
	vm->msr.filtered_value = UVMM_MSR_FILTERED_INIT;
	return 0;
}

static int enable_exit_hypercall(struct vm *vm)
{
	struct kvm_enable_cap cap = {
		.cap = KVM_CAP_EXIT_HYPERCALL,
		.args[0] = 1ull << KVM_HC_MAP_GPA_RANGE,
	};

	if (!(kvm_cap(&vm->kvm, KVM_CAP_EXIT_HYPERCALL) & (1 << KVM_HC_MAP_GPA_RANGE)))
		return -1;
	return ioctl(vm->fd, KVM_ENABLE_CAP, &cap);
}

static int enable_user_msr(struct vm *vm)
{
	struct kvm_enable_cap cap = {
		.cap = KVM_CAP_X86_USER_SPACE_MSR,
		.args[0] = KVM_MSR_EXIT_REASON_UNKNOWN | KVM_MSR_EXIT_REASON_FILTER,
	};

	if (kvm_cap(&vm->kvm, KVM_CAP_X86_USER_SPACE_MSR) <= 0)
		return 0;
	if (ioctl(vm->fd, KVM_ENABLE_CAP, &cap) < 0)
		return -1;
	vm->user_msr = 1;
	return 0;
}

uint64_t vm_host_ram(void)
{
	long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);

	return pages > 0 && size > 0 ? (uint64_t)pages * (uint64_t)size : UINT64_MAX;
}

int vm_config_check(const struct vm_config *cfg, char *err, size_t errlen)
{
	if (cfg->nvcpus < 1 || cfg->nvcpus > VM_MAX_VCPUS)
		return errmsg(err, errlen, "vCPU count %u is outside 1..%d", cfg->nvcpus, VM_MAX_VCPUS);
	if (cfg->kut && !cfg->irqchip)
		return errmsg(err, errlen, "kut=1 needs the in-kernel irqchip (irqchip=1): "
			      "kvm-unit-tests programs the LAPIC and IOAPIC");
	/* Without the in-kernel LAPIC an AP would start at the reset vector
	 * instead of waiting for INIT/SIPI. */
	if (cfg->nvcpus > 1 && !cfg->irqchip)
		return errmsg(err, errlen, "%u vCPUs need the in-kernel irqchip (irqchip=1): "
			      "APs wait for INIT/SIPI in the in-kernel LAPIC", cfg->nvcpus);
	return 0;
}

int vm_create(struct vm *vm, const struct vm_config *cfg, FILE *console_out,
	      char *err, size_t errlen)
{
	struct vm_config cpuid_cfg;
	int r;

	memset(vm, 0, sizeof(*vm));
	vm->fd = -1;
	if (vm_config_check(cfg, err, errlen) < 0)
		return -1;
	if (kvm_open(&vm->kvm, cfg->kvm_path ? cfg->kvm_path : "/dev/kvm", err, errlen) < 0)
		return -1;
	pthread_mutex_init(&vm->io_lock, NULL);
	bus_init(&vm->pio);
	bus_init(&vm->mmio);
	console_init(&vm->console, console_out, CONSOLE_DEFAULT_LIMIT);
	vm->fd = kvm_create_vm(&vm->kvm, err, errlen);
	vm->slots = (struct memslots){ .vm_fd = vm->fd, .ram = &vm->mem };
	if (vm->fd < 0)
		goto fail;
	if (ioctl(vm->fd, KVM_SET_TSS_ADDR, VM_TSS_ADDR) < 0) {
		errmsg(err, errlen, "KVM_SET_TSS_ADDR: %s", strerror(errno));
		goto fail;
	}
	if (cfg->irqchip) {
		if (kvm_cap(&vm->kvm, KVM_CAP_IRQCHIP) <= 0 ||
		    ioctl(vm->fd, KVM_CREATE_IRQCHIP, 0) < 0) {
			errmsg(err, errlen, "KVM_CREATE_IRQCHIP: %s", strerror(errno));
			goto fail;
		}
		vm->irqchip = 1;
	}
	if (cfg->mem_size > vm_host_ram()) {
		errmsg(err, errlen, "guest RAM of %llu MiB is more than this host's %llu MiB",
		       (unsigned long long)(cfg->mem_size >> 20),
		       (unsigned long long)(vm_host_ram() >> 20));
		goto fail;
	}
	r = guest_mem_init(&vm->mem, cfg->mem_size);
	if (r < 0) {
		errmsg(err, errlen, "guest RAM of %llu bytes: %s", (unsigned long long)cfg->mem_size,
		       strerror(-r));
		goto fail;
	}
	r = kvm_set_memslot(vm->fd, 0, 0, 0, vm->mem.size, vm->mem.host);
	if (r == 0 && vm->mem.high_size)
		r = kvm_set_memslot(vm->fd, VM_HIGH_RAM_SLOT, 0, GUEST_MEM_HIGH_BASE,
				    vm->mem.high_size, vm->mem.host + vm->mem.size);
	if (r < 0) {
		errmsg(err, errlen, "KVM_SET_USER_MEMORY_REGION: %s", strerror(-r));
		goto fail;
	}
	if (enable_user_msr(vm) < 0) {
		errmsg(err, errlen, "enabling user-space MSR exits: %s", strerror(errno));
		goto fail;
	}
	if (cfg->msr_filter && install_msr_filter(vm) < 0) {
		errmsg(err, errlen, "KVM_X86_SET_MSR_FILTER: %s", vm->user_msr ? strerror(errno) :
		       "user-space MSR exits are not available");
		goto fail;
	}
	if (cfg->exit_hypercall && enable_exit_hypercall(vm) < 0) {
		errmsg(err, errlen, "KVM_CAP_EXIT_HYPERCALL for KVM_HC_MAP_GPA_RANGE is not available");
		goto fail;
	}
	if (register_devices(vm, cfg) < 0) {
		errmsg(err, errlen, "device registration failed");
		goto fail;
	}
	if (cfg->cpu) {
		const struct cpu_feature *bad = unoffered_feature(vm, cfg->cpu, &r);

		if (r < 0) {
			errmsg(err, errlen, "KVM_GET_SUPPORTED_CPUID: %s", strerror(-r));
			goto fail;
		}
		if (bad) {
			if (bad->offer == OFFER_CAP)
				errmsg(err, errlen, "this KVM cannot offer the CPU feature %s (no "
				       "KVM_CAP_%s)", bad->name, bad->cap);
			else
				errmsg(err, errlen, "this KVM cannot offer the CPU feature %s (not in "
				       "KVM_GET_SUPPORTED_CPUID)", bad->name);
			vm_destroy(vm);
			return -2;
		}
	}
	cpuid_cfg = *cfg;
	cpuid_cfg.tsc_deadline = kvm_cap(&vm->kvm, KVM_CAP_TSC_DEADLINE_TIMER) > 0;
	for (unsigned i = 0; i < cfg->nvcpus; i++) {
		struct vcpu *v = &vm->vcpus[i];

		v->vm = vm;
		v->pending_irq = -1;
		v->stats_fd = -1;
		if (kvm_create_vcpu(&vm->kvm, vm->fd, (int)i, &v->h, err, errlen) < 0)
			goto fail;
		vm->nvcpus++;
		vcpu_stats_open(v);
		r = kvm_set_cpuid_supported(&vm->kvm, v->h.fd, edit_cpuid,
					    &(struct cpuid_ctx){ &cpuid_cfg, i });
		if (r < 0) {
			errmsg(err, errlen, "KVM_SET_CPUID2: %s", strerror(-r));
			goto fail;
		}
		if (kvm_cap(&vm->kvm, KVM_CAP_SYNC_REGS) & KVM_SYNC_X86_REGS) {
			v->sync_regs = 1;
			v->h.run->kvm_valid_regs = KVM_SYNC_X86_REGS;
		}
		v->sync_sregs = (kvm_cap(&vm->kvm, KVM_CAP_SYNC_REGS) & KVM_SYNC_X86_SREGS) != 0;
	}
	return 0;
fail:
	vm_destroy(vm);
	return -1;
}

void vm_destroy(struct vm *vm)
{
	memslots_release(&vm->slots);
	for (unsigned i = 0; i < vm->nvcpus; i++) {
		vcpu_stats_close(&vm->vcpus[i]);
		kvm_destroy_vcpu(&vm->vcpus[i].h);
	}
	vm->nvcpus = 0;
	guest_mem_free(&vm->mem);
	if (vm->fd >= 0)
		close(vm->fd);
	vm->fd = -1;
	if (vm->kvm.fd >= 0) {
		kvm_close(&vm->kvm);
		pthread_mutex_destroy(&vm->io_lock);
	}
}

void vcpu_dump_regs(const struct vcpu *v, FILE *out)
{
	struct kvm_regs r;
	struct kvm_sregs s;

	if (ioctl(v->h.fd, KVM_GET_REGS, &r) < 0 || ioctl(v->h.fd, KVM_GET_SREGS, &s) < 0) {
		fprintf(out, "  (registers unavailable: %s)\n", strerror(errno));
		return;
	}
	fprintf(out,
		"  vcpu %d: rip %016llx rflags %08llx cs %04x (base %llx, l %d, db %d)\n"
		"  rax %016llx rbx %016llx rcx %016llx rdx %016llx\n"
		"  rsi %016llx rdi %016llx rbp %016llx rsp %016llx\n"
		"  r8  %016llx r9  %016llx r10 %016llx r11 %016llx\n"
		"  r12 %016llx r13 %016llx r14 %016llx r15 %016llx\n"
		"  cr0 %016llx cr2 %016llx cr3 %016llx cr4 %016llx efer %llx\n",
		v->h.id, r.rip, r.rflags, s.cs.selector, s.cs.base, s.cs.l, s.cs.db, r.rax, r.rbx,
		r.rcx, r.rdx, r.rsi, r.rdi, r.rbp, r.rsp, r.r8, r.r9, r.r10, r.r11, r.r12, r.r13,
		r.r14, r.r15, s.cr0, s.cr2, s.cr3, s.cr4, s.efer);
}
