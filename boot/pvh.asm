; Boot stub of 64-bit images. Two entries reach the same 64-bit path:
;  - pvh_entry32 (Xen PVH note): 32-bit flat mode, paging off, EBX = start_info;
;  - _start64 (e_entry): already in long mode on VMM-built identity tables,
;    RSP undefined, interrupts off.
; Both build their own identity map of 0..4 GiB with 2 MiB pages in bss, load
; their own GDT, set a stack in bss and call uvmm_c_entry.
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

; Zeroes bss (page tables and stack included). Uses only 32-bit registers so
; that it assembles for both entries; everything here lies below 4 GiB.
%macro ZERO_BSS 0
	mov edi, __bss_start
	mov ecx, __bss_end
	sub ecx, edi
	shr ecx, 2
	xor eax, eax
	rep stosd
%endmacro

; PML4[0] -> PDPT; PDPT[0..3] -> 4 PDs; 2048 PDEs of 2 MiB cover 0..4 GiB.
%macro BUILD_IDENTITY_MAP 0
	mov dword [boot_pml4], boot_pdpt + PG_P_W
	mov edi, boot_pdpt
	mov eax, boot_pd + PG_P_W
	mov ecx, 4
%%pdpt:
	mov [edi], eax
	add eax, 0x1000
	add edi, 8
	dec ecx
	jnz %%pdpt
	mov edi, boot_pd
	mov eax, PG_P_W | PG_LARGE
	mov ecx, 2048
%%pd:
	mov edx, eax
	cmp ecx, 512
	ja %%cached
	or edx, PG_UNCACHED
%%cached:
	mov [edi], edx
	add eax, 0x200000
	add edi, 8
	dec ecx
	jnz %%pd
%endmacro

section .text
bits 32
pvh_entry32:
	cli
	cld
	ZERO_BSS
	mov [uvmm_boot_start_info], ebx
	mov dword [uvmm_boot_entry], ENTRY_PVH
	BUILD_IDENTITY_MAP
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
	ZERO_BSS
	mov dword [rel uvmm_boot_entry], ENTRY_LONG
	BUILD_IDENTITY_MAP
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

section .bss nobits alloc noexec write align=4096
boot_pml4: resb 0x1000
boot_pdpt: resb 0x1000
boot_pd: resb 0x4000
boot_stack: resb STACK_SIZE
boot_stack_top:
