; IDT entry stubs for 64-bit guests: one per vector, giving every vector the
; same stack layout (struct exc_frame in uvmm/idt.h) before idt_dispatch runs.
bits 64
default rel

extern idt_dispatch
global idt_stub_table

; Vectors for which the CPU pushes an error code itself.
%define HAS_ERROR(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || (v) == 21 || (v) == 29 || (v) == 30)

section .text
align 16
idt_common:
	push rax
	push rcx
	push rdx
	push rbx
	push rbp
	push rsi
	push rdi
	push r8
	push r9
	push r10
	push r11
	push r12
	push r13
	push r14
	push r15
	mov rax, cr2
	push rax
	mov rdi, rsp
	; The ABI wants a 16-byte aligned stack at the call; RBX is callee-saved.
	mov rbx, rsp
	and rsp, -16
	cld
	call idt_dispatch
	mov rsp, rbx
	add rsp, 8              ; cr2
	pop r15
	pop r14
	pop r13
	pop r12
	pop r11
	pop r10
	pop r9
	pop r8
	pop rdi
	pop rsi
	pop rbp
	pop rbx
	pop rdx
	pop rcx
	pop rax
	add rsp, 16             ; vector, error code
	iretq

%assign v 0
%rep 256
align 8
idt_stub_ %+ v:
%if HAS_ERROR(v) == 0
	push qword 0
%endif
	push qword v
	jmp idt_common
%assign v v + 1
%endrep

section .rodata
align 8
idt_stub_table:
%assign v 0
%rep 256
	dq idt_stub_ %+ v
%assign v v + 1
%endrep
