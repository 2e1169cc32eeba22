; Boot stub of 16-bit real-mode images (linked below 64 KiB, segment bases 0).
;  - _start16 (e_entry): the VMM starts here in real mode with CS=DS=SS=0;
;  - pvh_to_real (Xen PVH note): lets QEMU -kernel run the same image: it
;    leaves 32-bit protected mode through 16-bit protected mode for _start16.
; C code is built with gcc -m16 (32-bit operand/address prefixes), so the call
; is a 32-bit near call and every address must stay below 0x10000.
%include "common.inc"

extern uvmm_c_entry
extern __bss_start, __bss_end
global _start16, pvh_to_real

%define CODE16_SEL 0x08
%define DATA16_SEL 0x10
%define STACK_SIZE 0x1000

PVH_NOTE pvh_to_real
BOOT_INFO_VARS

section .text
bits 16
_start16:
	cli
	cld
	xor ax, ax
	mov ds, ax
	mov es, ax
	mov ss, ax
	mov fs, ax
	mov gs, ax
	mov esp, boot_stack_top
	mov di, __bss_start
	mov cx, __bss_end
	sub cx, di
	rep stosb
	; The PVH path got here with the entry kind already set.
	cmp dword [uvmm_boot_entry], 0
	jne .known
	mov dword [uvmm_boot_entry], ENTRY_REAL
.known:
	xor ebp, ebp
	call dword uvmm_c_entry
.hang:
	cli
	hlt
	jmp .hang

bits 32
pvh_to_real:
	cli
	mov [uvmm_boot_start_info], ebx
	mov dword [uvmm_boot_entry], ENTRY_PVH
	lgdt [gdt_desc]
	jmp CODE16_SEL:.pm16
bits 16
.pm16:
	mov ax, DATA16_SEL              ; 64 KiB limits, as real mode expects
	mov ds, ax
	mov es, ax
	mov ss, ax
	mov fs, ax
	mov gs, ax
	lidt [ivt_desc]
	mov eax, cr0
	and eax, ~1                     ; PE off
	mov cr0, eax
	jmp 0:_start16

section .rodata
align 16
gdt:
	dq 0
	dq 0x00009a000000ffff           ; 0x08: 16-bit code, base 0, limit 64 KiB
	dq 0x000092000000ffff           ; 0x10: 16-bit data, base 0, limit 64 KiB
gdt_end:
gdt_desc:
	dw gdt_end - gdt - 1
	dd gdt
ivt_desc:
	dw 0x3ff
	dd 0

section .bss nobits alloc noexec write align=16
boot_stack: resb STACK_SIZE
boot_stack_top:
