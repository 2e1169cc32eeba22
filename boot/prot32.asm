; Boot stub of 32-bit images: flat protected mode, paging off. The same entry
; serves the VMM's prot32 start (e_entry) and the PVH note (EBX = start_info),
; since PVH's entry state is exactly that mode.
%include "common.inc"

extern uvmm_c_entry
extern __bss_start, __bss_end
global _start32

%define CODE32_SEL 0x08
%define DATA_SEL 0x10
%define STACK_SIZE 0x4000

PVH_NOTE _start32
BOOT_INFO_VARS

section .text
bits 32
_start32:
	cli
	cld
	mov edi, __bss_start
	mov ecx, __bss_end
	sub ecx, edi
	xor eax, eax
	rep stosb
	mov [uvmm_boot_start_info], ebx ; 0 unless a PVH loader set it
	mov dword [uvmm_boot_entry], ENTRY_PROT32
	lgdt [gdt_desc]
	jmp CODE32_SEL:.reload
.reload:
	mov ax, DATA_SEL
	mov ds, ax
	mov es, ax
	mov ss, ax
	mov fs, ax
	mov gs, ax
	mov esp, boot_stack_top
	xor ebp, ebp
	call uvmm_c_entry
.hang:
	cli
	hlt
	jmp .hang

section .rodata
align 16
gdt:
	dq 0
	dq 0x00cf9a000000ffff           ; 0x08: 32-bit flat code
	dq 0x00cf92000000ffff           ; 0x10: flat data
gdt_end:
gdt_desc:
	dw gdt_end - gdt - 1
	dd gdt

section .bss nobits alloc noexec write align=16
boot_stack: resb STACK_SIZE
boot_stack_top:
