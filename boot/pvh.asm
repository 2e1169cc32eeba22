; Boot stub of 64-bit images. Two entries reach the same 64-bit path:
;  - pvh_entry32 (Xen PVH note): 32-bit flat mode, paging off, EBX = start_info;
;  - _start64 (e_entry): already in long mode on VMM-built identity tables,
;    RSP undefined, interrupts off.
; Both switch to the image's own identity map of 0..4 GiB with 2 MiB pages,
; load their own GDT, zero the C bss, set a stack in bss and call uvmm_c_entry.
; The map is prebuilt data, not built at run time, and bss is zeroed only in
; long mode: on kvm_pvm (shadow paging) every instruction before paging is on
; is emulated, and building the map and zeroing bss there took ~9 ms of the
; ~28 ms to the first exit (docs/bench.md).
%include "common.inc"

extern uvmm_c_entry
extern __bss_start, __bss_end
global pvh_entry32, _start64

%define CODE64_SEL 0x08
%define DATA_SEL 0x10
%define STACK_SIZE 0x10000
%define PG_P_W 0x03
%define PG_LARGE 0x80
%define PG_UNCACHED 0x18        ; PCD | PWT: the top GiB is MMIO (test device, LAPIC...)

PVH_NOTE pvh_entry32
BOOT_INFO_VARS

; Zeroes the C part of bss, in long mode where it runs natively. Not the
; stack (this stub's bss, which comes first): every page touched costs a
; shadow-paging fault on kvm_pvm (~0.6 ms each), and zeroing 64 KiB of stack
; doubled the time to the first exit; guest RAM starts zeroed anyway.
%macro ZERO_BSS 0
	mov rdi, boot_stack_top
	mov rcx, __bss_end
	sub rcx, rdi
	shr rcx, 2
	xor eax, eax
	rep stosd
%endmacro

section .text
bits 32
pvh_entry32:
	cli
	cld
	mov [uvmm_boot_start_info], ebx
	mov dword [uvmm_boot_entry], ENTRY_PVH
	lgdt [gdt_desc]
	mov eax, cr4
	or eax, 1 << 5                  ; PAE
	mov cr4, eax
	mov eax, boot_pml4
	mov cr3, eax
	mov ecx, 0xc0000080             ; EFER
	rdmsr
	or eax, 1 << 8                  ; LME
	wrmsr
	mov eax, cr0
	or eax, (1 << 31) | 1           ; PG | PE
	mov cr0, eax
	jmp CODE64_SEL:long_common

bits 64
_start64:
	cli
	cld
	mov dword [rel uvmm_boot_entry], ENTRY_LONG
	mov rax, boot_pml4
	mov cr3, rax
	lgdt [rel gdt_desc]
	; RSP is undefined at this entry: set it before the far return's pushes.
	mov rsp, boot_stack_top
	; Reload CS from our GDT with a far return.
	push CODE64_SEL
	lea rax, [rel long_common]
	push rax
	o64 retf

long_common:
	mov ax, DATA_SEL
	mov ds, ax
	mov es, ax
	mov ss, ax
	xor eax, eax
	mov fs, ax
	mov gs, ax
	ZERO_BSS
	mov rsp, boot_stack_top
	xor ebp, ebp
	call uvmm_c_entry
.hang:                                  ; uvmm_c_entry never returns
	cli
	hlt
	jmp .hang

section .rodata
align 16
gdt:
	dq 0
	dq 0x00af9a000000ffff           ; 0x08: 64-bit code
	dq 0x00cf92000000ffff           ; 0x10: flat data
	dq 0x00cf9a000000ffff           ; 0x18: 32-bit flat code
gdt_end:
gdt_desc:
	dw gdt_end - gdt - 1
	dq gdt

; PML4[0] -> PDPT; PDPT[0..3] -> 4 PDs; 2048 PDEs of 2 MiB cover 0..4 GiB.
section .data.boot_map progbits alloc noexec write align=4096
boot_pml4:
	dq boot_pdpt + PG_P_W
	times 511 dq 0
boot_pdpt:
	dq boot_pd + PG_P_W, boot_pd + 0x1000 + PG_P_W, boot_pd + 0x2000 + PG_P_W
	dq boot_pd + 0x3000 + PG_P_W
	times 508 dq 0
boot_pd:
%assign pde 0
%rep 2048
%if pde >= 1536
	dq (pde << 21) | PG_P_W | PG_LARGE | PG_UNCACHED
%else
	dq (pde << 21) | PG_P_W | PG_LARGE
%endif
%assign pde pde + 1
%endrep

section .bss nobits alloc noexec write align=4096
boot_stack: resb STACK_SIZE
boot_stack_top:
