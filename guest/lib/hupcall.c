/* Hyperupcall registration: the ELF reader that finds a program in an
 * embedded eBPF object, and one wrapper per operation of hypercall 13. */
#include <uvmm/hupcall.h>
#include <uvmm/hypercall.h>
#include <uvmm/string.h>

#define EM_BPF 247
#define SHT_REL 9

struct elf64_ehdr {
	uint8_t ident[16];
	uint16_t type, machine;
	uint32_t version;
	uint64_t entry, phoff, shoff;
	uint32_t flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf64_shdr {
	uint32_t name, type;
	uint64_t flags, addr, offset, size;
	uint32_t link, info;
	uint64_t addralign, entsize;
};

static const struct elf64_shdr *section(const struct hupcall_object *o, unsigned i)
{
	const struct elf64_ehdr *h = (const void *)o->start;

	return (const void *)(o->start + h->shoff + (uint64_t)i * sizeof(struct elf64_shdr));
}

/* The section's name, or NULL when it does not lie in the object. */
static const char *name_of(const struct hupcall_object *o, const struct elf64_shdr *s)
{
	const struct elf64_ehdr *h = (const void *)o->start;
	const struct elf64_shdr *names = section(o, h->shstrndx);
	uint64_t size = (uint64_t)(o->end - o->start);

	if (names->offset > size || s->name >= names->size || names->size > size - names->offset)
		return NULL;
	return (const char *)o->start + names->offset + s->name;
}

static int is_bpf_object(const struct hupcall_object *o)
{
	const struct elf64_ehdr *h = (const void *)o->start;
	uint64_t size = (uint64_t)(o->end - o->start);

	return size >= sizeof(*h) && !memcmp(h->ident, "\177ELF\2\1", 6) && h->machine == EM_BPF &&
	       h->shentsize == sizeof(struct elf64_shdr) && h->shoff <= size &&
	       (uint64_t)h->shnum * sizeof(struct elf64_shdr) <= size - h->shoff && h->shstrndx < h->shnum;
}

int hupcall_find(const struct hupcall_object *o, const char *want, struct hupcall_prog *p)
{
	const struct elf64_ehdr *h = (const void *)o->start;
	uint64_t size = (uint64_t)(o->end - o->start);
	int found = -1;

	if (!is_bpf_object(o))
		return -1;
	for (unsigned i = 0; i < h->shnum; i++) {
		const struct elf64_shdr *s = section(o, i);
		const char *name = name_of(o, s);

		if (!name)
			return -1;
		/* ".rel" + the program's name: it needs relocating, which
		 * nothing here does (the program uses global data). */
		if (s->type == SHT_REL && !strncmp(name, ".rel", 4) && !strcmp(name + 4, want))
			return -1;
		if (strcmp(name, want) || s->offset > size || s->size > size - s->offset ||
		    s->size % 8 || !s->size)
			continue;
		p->insns = o->start + s->offset;
		p->nslots = s->size / 8;
		found = 0;
	}
	return found;
}

static long call(struct uvmm_hc_hupcall *b, struct uvmm_hupcall_out *out)
{
	long st = uvmm_hypercall_checked(UVMM_HC_HUPCALL, b);

	if (out)
		*out = b->out;
	return st;
}

long hupcall_register(unsigned event, const struct hupcall_prog *p, const void *region,
		      uint64_t len, uint64_t flags, uint64_t param, struct uvmm_hupcall_out *out)
{
	struct uvmm_hc_hupcall b = {
		.op = UVMM_HUPCALL_REGISTER, .event = event, .prog = uvmm_gpa(p->insns),
		.prog_len = p->nslots, .region = uvmm_gpa(region), .region_len = len,
		.flags = flags, .param = param,
	};

	return call(&b, out);
}

long hupcall_attach(const struct hupcall_object *obj, const char *section_name, unsigned event,
		    const void *region, uint64_t len, uint64_t flags, uint64_t param,
		    struct uvmm_hupcall_out *out)
{
	struct hupcall_prog p;
	static const char missing[] = "hupcall_attach: no such program section (or it needs relocations)";

	if (hupcall_find(obj, section_name, &p) < 0) {
		if (out) {
			memset(out, 0, sizeof(*out));
			out->status = UVMM_HC_EINVAL;
			out->pc = -1;
			memcpy(out->msg, missing, sizeof(missing));
		}
		return UVMM_HC_EINVAL;
	}
	return hupcall_register(event, &p, region, len, flags, param, out);
}

long hupcall_register_upcall(unsigned event, unsigned vector, uint64_t param,
			     struct uvmm_hupcall_out *out)
{
	struct uvmm_hc_hupcall b = {
		.op = UVMM_HUPCALL_REGISTER, .event = event,
		.flags = UVMM_HUPCALL_UPCALL | UVMM_HUPCALL_VECTOR(vector), .param = param,
	};

	return call(&b, out);
}

static long simple(unsigned op, unsigned event, struct uvmm_hupcall_out *out)
{
	struct uvmm_hc_hupcall b = { .op = op, .event = event };

	return call(&b, out);
}

long hupcall_unregister(unsigned event)
{
	return simple(UVMM_HUPCALL_UNREGISTER, event, NULL);
}

long hupcall_trigger(unsigned event, struct uvmm_hupcall_out *out)
{
	return simple(UVMM_HUPCALL_TRIGGER, event, out);
}

long hupcall_status(unsigned event, struct uvmm_hupcall_out *out)
{
	return simple(UVMM_HUPCALL_STATUS, event, out);
}

long hupcall_answer(uint64_t value)
{
	struct uvmm_hc_hupcall b = { .op = UVMM_HUPCALL_ANSWER, .param = value };

	return call(&b, NULL);
}

long hupcall_balloon(const uint64_t *pfns, uint64_t n, struct uvmm_hupcall_out *out)
{
	struct uvmm_hc_hupcall b = { .op = UVMM_HUPCALL_BALLOON, .region = uvmm_gpa(pfns),
				     .region_len = n * 8 };

	return call(&b, out);
}

uint64_t hupcall_hash(const void *buf, uint64_t len)
{
	return uvmm_hupcall_hash(buf, len);
}
