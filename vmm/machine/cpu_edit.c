/* Family and model are encoded as the SDM says (CPUID.1:EAX): family above 15
 * goes to the extended family field, a model above 15 to the extended model
 * field. The vendor string is set in leaf 0 and leaf 0x80000000 alike, as
 * QEMU does, because KVM reads the vendor from leaf 0 for its emulation. */
#include "machine/cpu_edit.h"

#include <stdio.h>
#include <string.h>

#include "util/errmsg.h"
#include "util/num.h"

void cpu_edits_init(struct cpu_edits *e)
{
	memset(e, 0, sizeof(*e));
	e->family = e->model = e->stepping = -1;
}

int cpu_edits_any(const struct cpu_edits *e)
{
	return e->n || e->vendor[0] || e->family >= 0 || e->model >= 0 || e->stepping >= 0;
}

static int set_number(const char *key, const char *value, uint64_t max, int *out, char *err,
		      size_t errlen)
{
	uint64_t v;

	if (num_u64(key, value, 0, max, &v, err, errlen) < 0)
		return -1;
	*out = (int)v;
	return 0;
}

static int parse_item(struct cpu_edits *e, char *item, char *err, size_t errlen)
{
	char *eq = strchr(item, '=');
	const struct cpu_feature *f;
	int set = 1;

	if (eq) {
		*eq++ = 0;
		if (!strcmp(item, "vendor")) {
			if (strlen(eq) != 12)
				return errmsg(err, errlen, "bad value '%.32s' for vendor: exactly 12 "
					      "characters (GenuineIntel, AuthenticAMD)", eq);
			memcpy(e->vendor, eq, 13);
			return 0;
		}
		if (!strcmp(item, "family"))
			return set_number("family", eq, 0xff + 15, &e->family, err, errlen);
		if (!strcmp(item, "model"))
			return set_number("model", eq, 0xff, &e->model, err, errlen);
		if (!strcmp(item, "stepping"))
			return set_number("stepping", eq, 15, &e->stepping, err, errlen);
		return errmsg(err, errlen, "unknown CPU property '%.32s' (vendor, family, model, "
			      "stepping)", item);
	}
	if (*item == '+' || *item == '-') {
		set = *item == '+';
		item++;
	}
	f = cpu_feature_find(item);
	if (!f)
		return errmsg(err, errlen, "unknown CPU feature '%.32s' (machine/cpu_features.c "
			      "lists the names)", item);
	if (e->n == CPU_EDIT_MAX)
		return errmsg(err, errlen, "more than %d CPU feature edits", CPU_EDIT_MAX);
	e->e[e->n++] = (struct cpu_edit){ f, set };
	return 0;
}

int cpu_edits_parse(struct cpu_edits *e, const char *text, char *err, size_t errlen)
{
	char item[64];

	while (*text) {
		size_t n = strcspn(text, ",");

		if (n == 0)
			return errmsg(err, errlen, "empty item in CPU edits '%.64s'", text);
		if (n >= sizeof(item))
			return errmsg(err, errlen, "CPU edit item of %zu bytes (at most %zu)", n,
				      sizeof(item) - 1);
		memcpy(item, text, n);
		item[n] = 0;
		if (parse_item(e, item, err, errlen) < 0)
			return -1;
		text += n;
		if (*text == ',' && !*++text)
			return errmsg(err, errlen, "CPU edits end with a comma");
	}
	return 0;
}

static struct kvm_cpuid_entry2 *entry(struct kvm_cpuid2 *c, uint32_t leaf, uint32_t sub)
{
	for (unsigned i = 0; i < c->nent; i++)
		if (c->entries[i].function == leaf &&
		    (c->entries[i].index == sub ||
		     !(c->entries[i].flags & KVM_CPUID_FLAG_SIGNIFCANT_INDEX)))
			return &c->entries[i];
	return NULL;
}

static uint32_t *reg_of(struct kvm_cpuid_entry2 *x, enum cpuid_reg r)
{
	uint32_t *regs[] = { &x->eax, &x->ebx, &x->ecx, &x->edx };

	return regs[r];
}

static void set_vendor(struct kvm_cpuid2 *c, const char *v, uint32_t leaf)
{
	struct kvm_cpuid_entry2 *x = entry(c, leaf, 0);

	if (!x)
		return;
	memcpy(&x->ebx, v, 4);
	memcpy(&x->edx, v + 4, 4);
	memcpy(&x->ecx, v + 8, 4);
}

static uint32_t version_eax(uint32_t eax, const struct cpu_edits *e)
{
	if (e->stepping >= 0)
		eax = (eax & ~0xfu) | (uint32_t)e->stepping;
	if (e->model >= 0)
		eax = (eax & ~0xf00f0u) | ((uint32_t)e->model & 0xf) << 4 |
		      ((uint32_t)e->model >> 4) << 16;
	if (e->family >= 0) {
		uint32_t fam = e->family > 15 ? 15 : (uint32_t)e->family;
		uint32_t ext = e->family > 15 ? (uint32_t)e->family - 15 : 0;

		eax = (eax & ~0xff00f00u) | fam << 8 | ext << 20;
	}
	return eax;
}

static int is_amd(struct kvm_cpuid2 *c)
{
	struct kvm_cpuid_entry2 *x = entry(c, 0, 0);
	char v[12];

	if (!x)
		return 0;
	memcpy(v, &x->ebx, 4);
	memcpy(v + 4, &x->edx, 4);
	memcpy(v + 8, &x->ecx, 4);
	return !memcmp(v, "AuthenticAMD", 12) || !memcmp(v, "HygonGenuine", 12);
}

void cpu_edits_apply(const struct cpu_edits *e, struct kvm_cpuid2 *c)
{
	struct kvm_cpuid_entry2 *x;

	for (unsigned i = 0; i < e->n; i++) {
		const struct cpu_feature *f = e->e[i].f;
		uint32_t *r;

		x = entry(c, f->leaf, f->subleaf);
		if (!x)
			continue; /* a leaf KVM lacks has every bit clear; +NAME was refused before */
		r = reg_of(x, f->reg);
		*r = e->e[i].set ? *r | 1u << f->bit : *r & ~(1u << f->bit);
	}
	if (e->vendor[0]) {
		set_vendor(c, e->vendor, 0);
		set_vendor(c, e->vendor, 0x80000000);
	}
	if (e->family >= 0 || e->model >= 0 || e->stepping >= 0) {
		if ((x = entry(c, 1, 0)))
			x->eax = version_eax(x->eax, e);
		/* AMD mirrors the version in 0x80000001 (QEMU does the same). */
		if (is_amd(c) && (x = entry(c, 0x80000001, 0)))
			x->eax = version_eax(x->eax, e);
	}
}

int cpu_feature_offered(const struct cpu_feature *f, const struct kvm_cpuid_entry2 *supported,
			unsigned n, int cap_offered)
{
	if (f->offer == OFFER_VMM)
		return 1;
	for (unsigned i = 0; i < n; i++) {
		const struct kvm_cpuid_entry2 *x = &supported[i];
		const uint32_t regs[] = { x->eax, x->ebx, x->ecx, x->edx };

		if (x->function != f->leaf ||
		    ((x->flags & KVM_CPUID_FLAG_SIGNIFCANT_INDEX) && x->index != f->subleaf))
			continue;
		if ((regs[f->reg] >> f->bit) & 1)
			return 1;
		break;
	}
	return f->offer == OFFER_CAP && cap_offered;
}
