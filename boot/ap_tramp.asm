; Application-processor trampoline: real mode -> protected mode -> long mode.
; It is data to the image: smp.c copies it to SMP_TRAMP_ADDR (a page below
; 1 MiB that a SIPI vector can name) and fills the parameter block at its end,
; so every address here is computed for that copy, not for the link address.
bits 16
default abs

%define TRAMP_ADDR 0xa000               ; must match SMP_TRAMP_ADDR in uvmm/smp.h
%define AT(label) (TRAMP_ADDR + (label) - ap_tramp_start)
%define CODE64_SEL 0x08
%define DATA_SEL 0x10
%define CODE32_SEL 0x18

global ap_tramp_start, ap_tramp_end, ap_tramp_params

section .rodata
align 16
ap_tramp_start:
	cli
	cld
	xor ax, ax
	mov ds, ax
	o32 lgdt [AT(tr_gdt_desc)]
	mov eax, cr0
	or eax, 1                       ; PE
	mov cr0, eax
	jmp dword CODE32_SEL:AT(tr_prot32)

bits 32
tr_prot32:
	mov ax, DATA_SEL
	mov ds, ax
	mov es, ax
	mov ss, ax
	mov eax, cr4
	or eax, 1 << 5                  ; PAE
	mov cr4, eax
	mov eax, [AT(ap_tramp_params)]  ; CR3: the BSP's page tables, below 4 GiB
	mov cr3, eax
	mov ecx, 0xc0000080             ; EFER
	rdmsr
	or eax, 1 << 8                  ; LME
	wrmsr
	mov eax, cr0
	or eax, (1 << 31) | 1           ; PG | PE
	mov cr0, eax
	jmp CODE64_SEL:AT(tr_long64)

bits 64
tr_long64:
	mov ax, DATA_SEL
	mov ds, ax
	mov es, ax
	mov ss, ax
	xor eax, eax
	mov fs, ax
	mov gs, ax
	mov rsp, [AT(ap_tramp_params) + 8]
	mov rax, [AT(ap_tramp_params) + 16]
	xor ebp, ebp
	call rax                        ; smp_ap_entry never returns
.hang:
	cli
	hlt
	jmp .hang

align 16
tr_gdt:
	dq 0
	dq 0x00af9a000000ffff           ; 0x08: 64-bit code
	dq 0x00cf92000000ffff           ; 0x10: flat data
	dq 0x00cf9a000000ffff           ; 0x18: 32-bit flat code
tr_gdt_end:
tr_gdt_desc:
	dw tr_gdt_end - tr_gdt - 1
	dd AT(tr_gdt)

; Filled by smp.c in the copy (struct smp_tramp_params): cr3, stack top, entry.
align 8
ap_tramp_params:
	dq 0, 0, 0
ap_tramp_end:
