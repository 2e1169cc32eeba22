; Boot stub of the kut guests: what kvm-unit-tests' x86/cstart64.S does
; before its own C code. A multiboot v1 header with flags 0 (no page-align,
; memory-info or video request, no a.out kludge: the loader must load the
; ELF segments), then the entry in 32-bit protected mode with EBX = the
; multiboot information block, which the C side gets as kut_multiboot_info.
extern kut_entry
extern __bss_start, __bss_end
global _start32, kut_multiboot_info

%define MB_MAGIC 0x1badb002
%define MB_FLAGS 0x0
%define CODE32_SEL 0x08
%define DATA_SEL 0x10
%define STACK_SIZE 0x4000

section .text
bits 32
align 4
multiboot_header:
	dd MB_MAGIC, MB_FLAGS, -(MB_MAGIC + MB_FLAGS)

_start32:
	cli
	cld
	mov esi, ebx                    ; EBX survives the bss clear in ESI
	mov edi, __bss_start
	mov ecx, __bss_end
	sub ecx, edi
	xor eax, eax
	rep stosb
	mov [kut_multiboot_info], esi
	lgdt [gdt_desc]                 ; the loader's GDT is not the guest's to keep
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
	call kut_entry
.hang:
	cli
	hlt
	jmp .hang

section .data
align 4
kut_multiboot_info: dd 0

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
