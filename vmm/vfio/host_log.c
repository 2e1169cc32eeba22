/* Message formats: Linux drivers/iommu/intel/dmar.c dmar_fault_do_one() (since
 * 5.15), drivers/iommu/amd/iommu.c amd_iommu_report_page_fault() and
 * iommu_print_event(), arch/x86/kernel/irq.c (unhandled vectors) and
 * arch/x86/kernel/apic/apic.c (spurious): "__common_interrupt: 0.223 No irq
 * handler for vector" until 6.x, "No irq handler for 0.223" in 6.12. */
#include "vfio/host_log.h"

#include <stdlib.h>
#include <string.h>

/* The sum of the numbers in line from column start on, stopping at the
 * first word that is not a number (the description). */
static uint64_t sum_numbers(const char *p, unsigned max_cols)
{
	uint64_t sum = 0;
	char *end;

	for (unsigned n = 0; n < max_cols; n++) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p < '0' || *p > '9')
			break;
		sum += strtoull(p, &end, 10);
		p = end;
	}
	return sum;
}

int host_log_interrupts(const char *text, const char *bdf, struct host_irq_counts *out)
{
	char needle[40];
	unsigned cpus = 0;
	const char *line = text, *nl;

	memset(out, 0, sizeof(*out));
	nl = strchr(line, '\n');
	for (const char *p = line; *p && p != nl; p++)
		if (!strncmp(p, "CPU", 3) && (p == line || p[-1] == ' '))
			cpus++;
	if (!cpus)
		return -1;
	strcpy(needle, "(");
	strncat(needle, bdf, sizeof(needle) - 3);
	strcat(needle, ")");
	for (line = nl ? nl + 1 : ""; *line; line = nl ? nl + 1 : "") {
		const char *colon;
		char row[400];
		size_t len;

		nl = strchr(line, '\n');
		len = nl ? (size_t)(nl - line) : strlen(line);
		if (len >= sizeof(row))
			len = sizeof(row) - 1;
		memcpy(row, line, len);
		row[len] = 0;
		if (!(colon = strchr(row, ':')))
			continue;
		const char *name = row;
		while (*name == ' ')
			name++;
		if (!strncmp(name, "SPU:", 4))
			out->spurious += sum_numbers(colon + 1, cpus);
		else if (!strncmp(name, "ERR:", 4))
			out->errors += sum_numbers(colon + 1, 1);
		else if (strstr(row, needle))
			out->dev += sum_numbers(colon + 1, cpus);
		if (!nl)
			break;
	}
	return 0;
}

/* The hex number after key in msg, or 0. */
static uint64_t hex_after(const char *msg, const char *key)
{
	const char *p = strstr(msg, key);

	return p ? strtoull(p + strlen(key), NULL, 16) : 0;
}

void host_log_message(const char *msg, const char *bdf, struct host_log_counts *c)
{
	/* "0000:00:01.0" -> "00:01.0", the form both drivers print. */
	const char *dev = strlen(bdf) > 5 && bdf[4] == ':' ? bdf + 5 : bdf;

	if ((strstr(msg, "DMAR: [DMA ") || strstr(msg, "IO_PAGE_FAULT")) && strstr(msg, dev)) {
		/* "DMAR: [DMA Write NO_PASID] Request device [00:01.0] fault addr 0x... [fault reason 0x05] ..."
		 * "AMD-Vi: Event logged [IO_PAGE_FAULT device=0000:00:01.0 domain=... address=0x... flags=...]" */
		c->dma_faults++;
		c->last_reason = hex_after(msg, "fault reason 0x");
		c->last_addr = strstr(msg, "fault addr 0x") ? hex_after(msg, "fault addr 0x")
							     : hex_after(msg, "address=0x");
	} else if (strstr(msg, "[INTR-REMAP]") || strstr(msg, "INVALID_DEVICE_REQUEST")) {
		/* "DMAR: [INTR-REMAP] Request device [ff:1f.7] fault index 0x... [fault reason 0x22] ..." */
		c->ir_faults++;
		c->last_reason = hex_after(msg, "fault reason 0x");
		c->last_addr = hex_after(msg, "fault index 0x");
	} else if (strstr(msg, "No irq handler for ") || strstr(msg, "spurious APIC interrupt") ||
		   strstr(msg, "Spurious interrupt")) {
		c->unhandled++;
	}
}
