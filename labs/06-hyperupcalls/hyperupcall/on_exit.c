/* Lab 6 (draft): your hyperupcall, an eBPF program in C that uvmm runs at
 * its exit handler for the event the handout names (issue 16's API). It is
 * compiled with clang -target bpf and checked by uvmm's verifier before it
 * may run. labs/06-hyperupcalls/README.md. */
int on_exit(void *ctx)
{
	(void)ctx;
	return 0; /* TODO */
}
