/* The USB image's EFI/BOOT/BOOTX64.EFI: runs every test in EFI/UVMM/TESTS.TXT
 * in turn, one per boot. A test leaves boot services, so it cannot come
 * back: it stores its TAP point in an NVRAM variable and resets; the next
 * boot lands here again (BootNext names this image, so a machine booted
 * from a one-time menu comes back too), files the point in
 * \uvmm-results.tap, shows it, and starts the next test. A test that never
 * stored a point (a crash, a hang the user reset) is filed as ERROR. At the
 * end: the plan, a summary on screen, and power-off (docs/bare-metal.md). */
#include <efi.h>
#include <efilib.h>

#include "efi_platform.h"

#define MAX_TESTS 256
#define NAME_LEN 64
#define LIST_MAX 16384
#define DEFAULT_WAIT 60
#define SEQ_MAGIC 0x71657375u /* "useq" */
#define BOOT_OPTION 0x5556    /* Boot5556 ("UV"): this image, for BootNext */
#define RESULTS_FILE L"\\uvmm-results.tap"
#define LIST_FILE L"\\EFI\\UVMM\\TESTS.TXT"

enum { N_PASS, N_FAIL, N_SKIP, N_ERROR, N_COUNT };

/* In NVRAM across the resets. */
struct seq_state {
	UINT32 magic;
	UINT32 next;     /* index of the next test to start */
	UINT32 running;  /* 1 + index of the test started before the reset; 0: none */
	UINT32 counts[N_COUNT];
};

static EFI_GUID uvmm_guid = UVMM_EFI_GUID;
static EFI_HANDLE self;
static EFI_LOADED_IMAGE *self_li;
static EFI_FILE_HANDLE root;
static char names[MAX_TESTS][NAME_LEN];
static unsigned ntests, wait_seconds = DEFAULT_WAIT;
static struct seq_state st;

static unsigned slen(const char *s)
{
	unsigned n = 0;

	while (s[n])
		n++;
	return n;
}

static int starts_with(const char *s, const char *prefix)
{
	while (*prefix)
		if (*s++ != *prefix++)
			return 0;
	return 1;
}

static EFI_STATUS read_file(const CHAR16 *path, char *buf, UINTN cap, UINTN *len)
{
	EFI_FILE_HANDLE f;
	EFI_STATUS s = root->Open(root, &f, (CHAR16 *)path, EFI_FILE_MODE_READ, 0);

	if (s != EFI_SUCCESS)
		return s;
	*len = cap - 1;
	s = f->Read(f, len, buf);
	buf[s == EFI_SUCCESS ? *len : 0] = 0;
	f->Close(f);
	return s;
}

/* Appends text to the results file and flushes it: the next reset must not
 * lose what is filed. truncate: start the file anew. */
static EFI_STATUS append(const char *text, int truncate)
{
	EFI_FILE_HANDLE f;
	UINTN len = slen(text);
	UINT64 mode = EFI_FILE_MODE_READ | EFI_FILE_MODE_WRITE | EFI_FILE_MODE_CREATE;
	EFI_STATUS s;

	if (truncate && root->Open(root, &f, RESULTS_FILE, mode, 0) == EFI_SUCCESS)
		f->Delete(f); /* closes it */
	if ((s = root->Open(root, &f, RESULTS_FILE, mode, 0)) != EFI_SUCCESS)
		return s;
	f->SetPosition(f, 0xffffffffffffffffull);
	s = f->Write(f, &len, (void *)text);
	f->Flush(f);
	f->Close(f);
	return s;
}

/* AsciiSPrint: gnu-efi has only the va_list form (%a is an ASCII string).
 * It writes console line ends, "\r\n"; the results file has "\n" only. */
static void aprint(char *buf, UINTN size, const char *fmt, ...)
{
	va_list ap;
	char *w = buf;

	va_start(ap, fmt);
	AsciiVSPrint((CHAR8 *)buf, size, (const CHAR8 *)fmt, ap);
	va_end(ap);
	for (const char *r = buf; *r; r++)
		if (*r != '\r')
			*w++ = *r;
	*w = 0;
}

static void say(const char *text)
{
	Print(L"%a", text);
}

/* TESTS.TXT: one test name per line; "wait N" sets the seconds the summary
 * stays up before power-off; '#' starts a comment. */
static EFI_STATUS load_list(void)
{
	static char buf[LIST_MAX];
	UINTN len;
	EFI_STATUS s = read_file(LIST_FILE, buf, sizeof(buf), &len);
	char *p = buf;

	if (s != EFI_SUCCESS)
		return s;
	while (*p) {
		char *line = p, *end;
		unsigned n;

		while (*p && *p != '\n')
			p++;
		end = p;
		if (*p)
			p++;
		while (end > line && (end[-1] == '\r' || end[-1] == ' ' || end[-1] == '\t'))
			end--;
		*end = 0;
		if (!*line || *line == '#')
			continue;
		if (starts_with(line, "wait ")) {
			for (n = 0, line += 5; *line >= '0' && *line <= '9'; line++)
				n = n * 10 + (unsigned)(*line - '0');
			wait_seconds = n;
			continue;
		}
		if (ntests == MAX_TESTS || end - line >= NAME_LEN)
			return EFI_BAD_BUFFER_SIZE;
		for (n = 0; line[n]; n++)
			names[ntests][n] = line[n];
		names[ntests][n] = 0;
		ntests++;
	}
	return EFI_SUCCESS;
}

static void save_state(void)
{
	uefi_call_wrapper(RT->SetVariable, 5, L"UvmmSeq", &uvmm_guid,
			  EFI_VARIABLE_NON_VOLATILE | EFI_VARIABLE_BOOTSERVICE_ACCESS |
			  EFI_VARIABLE_RUNTIME_ACCESS, sizeof(st), &st);
}

static void cpu_string(UINT32 leaf, char *out)
{
	UINT32 r[4];

	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(0));
	CopyMem(out, r, 16);
}

/* The environment header, as `uvmm test` writes its own (docs/runner.md). */
static void start_run(void)
{
	static char head[1024];
	char vendor[13], brand[49];
	UINT32 r[4];

	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(0), "c"(0));
	CopyMem(vendor, &r[1], 4);
	CopyMem(vendor + 4, &r[3], 4);
	CopyMem(vendor + 8, &r[2], 4);
	vendor[12] = 0;
	for (unsigned i = 0; i < 3; i++)
		cpu_string(0x80000002 + i, brand + 16 * i);
	brand[48] = 0;
	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(1), "c"(0));
	aprint(head, sizeof(head),
				   "TAP version 14\n# uvmm conformance suite (UEFI sequencer)\n"
				   "# platform: uefi\n# kvm_implementation: %a\n"
				   "# cpu_vendor: %a\n# cpu_model: %a\n# firmware: %s %x\n",
				   (r[2] & (1u << 31)) ? "none (a hypervisor's virtual machine)"
						       : "none (hardware)",
				   vendor, brand, ST->FirmwareVendor, ST->FirmwareRevision);
	st = (struct seq_state){ .magic = SEQ_MAGIC };
	append(head, 1);
}

/* Files the point of the test that ran before this boot. */
static void file_result(void)
{
	static char point[UVMM_EFI_RESULT_MAX + 512];
	unsigned k = st.running;
	UINTN size = 0;
	char *data = LibGetVariableAndSize(UVMM_EFI_RESULT_VAR, &uvmm_guid, &size);
	const char *cls;

	if (data && size < sizeof(point)) {
		CopyMem(point, data, size);
		point[size] = 0;
	} else {
		aprint(point, sizeof(point),
			    "not ok %u - %a\n  ---\n  class: ERROR\n  message: \"the machine reset "
			    "before the test gave a verdict (a crash, a triple fault, or a reset "
			    "by hand after a hang)\"\n  ...\n", k, names[k - 1]);
	}
	if (data)
		FreePool(data);
	LibDeleteVariable(UVMM_EFI_RESULT_VAR, &uvmm_guid);
	cls = point;
	while (*cls && !starts_with(cls, "  class: "))
		cls++;
	cls += *cls ? 9 : 0;
	st.counts[starts_with(cls, "PASS") ? N_PASS : starts_with(cls, "SKIP") ? N_SKIP
		  : starts_with(cls, "FAIL") ? N_FAIL : N_ERROR]++;
	append(point, 0);
	/* On screen: the point's own line. */
	for (const char *l = point; *l; ) {
		const char *e = l;

		while (*e && *e != '\n')
			e++;
		if (starts_with(l, "ok ") || starts_with(l, "not ok ")) {
			Print(L"uvmm: ");
			for (; l < e; l++)
				Print(L"%c", (CHAR16)*l);
			Print(L"\n");
		}
		l = *e ? e + 1 : e;
	}
	st.running = 0;
	st.next = k;
}

/* Boot5556 = this image, and BootNext = 5556: the next boot comes back here
 * even when this one was picked from the firmware's one-time menu. */
static void come_back_here(void)
{
	EFI_DEVICE_PATH *dp = AppendDevicePath(DevicePathFromHandle(self_li->DeviceHandle),
					       self_li->FilePath);
	static const CHAR16 desc[] = L"uvmm suite";
	UINTN dplen, size;
	UINT8 *opt;
	UINT16 next = BOOT_OPTION;

	if (!dp)
		return;
	dplen = DevicePathSize(dp);
	size = 4 + 2 + sizeof(desc) + dplen;
	opt = AllocatePool(size);
	if (!opt)
		return;
	*(UINT32 *)opt = LOAD_OPTION_ACTIVE;
	*(UINT16 *)(opt + 4) = (UINT16)dplen;
	CopyMem(opt + 6, (void *)desc, sizeof(desc));
	CopyMem(opt + 6 + sizeof(desc), dp, dplen);
	LibSetNVVariable(L"Boot5556", &EfiGlobalVariable, size, opt);
	LibSetNVVariable(L"BootNext", &EfiGlobalVariable, sizeof(next), &next);
	FreePool(opt);
	FreePool(dp);
}

/* Starts test k; returns only if it never left boot services. */
static EFI_STATUS start_test(unsigned k)
{
	static CHAR16 path[128], options[32];
	EFI_DEVICE_PATH *dp;
	EFI_HANDLE child;
	EFI_LOADED_IMAGE *li;
	EFI_STATUS s;

	SPrint(path, sizeof(path), L"\\EFI\\UVMM\\%a.efi", names[k]);
	SPrint(options, sizeof(options), L"%a%u", UVMM_EFI_SEQ_OPTION, k + 1);
	Print(L"uvmm: test %u of %u: %a\n", k + 1, ntests, names[k]);
	dp = FileDevicePath(self_li->DeviceHandle, path);
	s = uefi_call_wrapper(BS->LoadImage, 6, FALSE, self, dp, NULL, 0, &child);
	FreePool(dp);
	if (s != EFI_SUCCESS)
		return s;
	s = uefi_call_wrapper(BS->HandleProtocol, 3, child, &LoadedImageProtocol, (void **)&li);
	if (s != EFI_SUCCESS)
		return s;
	li->LoadOptions = options;
	li->LoadOptionsSize = (UINT32)(StrLen(options) + 1) * sizeof(CHAR16);
	st.running = k + 1;
	save_state();
	come_back_here();
	return uefi_call_wrapper(BS->StartImage, 3, child, NULL, NULL);
}

static void finish(void)
{
	static char tail[256];
	EFI_INPUT_KEY key;

	aprint(tail, sizeof(tail),
		    "1..%u\n# %u passed, %u failed, %u skipped, %u error\n", ntests,
		    st.counts[N_PASS], st.counts[N_FAIL], st.counts[N_SKIP], st.counts[N_ERROR]);
	append(tail, 0);
	LibDeleteVariable(L"UvmmSeq", &uvmm_guid);
	LibDeleteVariable(L"Boot5556", &EfiGlobalVariable);
	Print(L"\nuvmm: %u tests: %u passed, %u failed, %u skipped, %u error\n", ntests,
	      st.counts[N_PASS], st.counts[N_FAIL], st.counts[N_SKIP], st.counts[N_ERROR]);
	Print(L"uvmm: the TAP report is \\uvmm-results.tap on this medium\n");
	if (wait_seconds) {
		Print(L"uvmm: powering off in %u s (any key: now)\n", wait_seconds);
		WaitForSingleEvent(ST->ConIn->WaitForKey, (UINT64)wait_seconds * 10000000ull);
		uefi_call_wrapper(ST->ConIn->ReadKeyStroke, 2, ST->ConIn, &key);
	}
	uefi_call_wrapper(RT->ResetSystem, 4, EfiResetShutdown, EFI_SUCCESS, 0, NULL);
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
	static char point[256];
	struct seq_state *saved;
	UINTN size = 0;
	EFI_STATUS s;

	InitializeLib(image, systab);
	self = image;
	uefi_call_wrapper(BS->SetWatchdogTimer, 4, 0, 0, 0, NULL);
	s = uefi_call_wrapper(BS->HandleProtocol, 3, image, &LoadedImageProtocol, (void **)&self_li);
	if (s != EFI_SUCCESS || !(root = LibOpenRoot(self_li->DeviceHandle))) {
		Print(L"uvmm: cannot open the boot medium\n");
		return EFI_LOAD_ERROR;
	}
	if ((s = load_list()) != EFI_SUCCESS) {
		Print(L"uvmm: cannot read %s: %r\n", LIST_FILE, s);
		return s;
	}
	saved = LibGetVariableAndSize(L"UvmmSeq", &uvmm_guid, &size);
	if (saved && size == sizeof(st) && saved->magic == SEQ_MAGIC && saved->next <= ntests) {
		st = *saved;
	} else {
		Print(L"uvmm: a new run of %u tests\n", ntests);
		start_run();
	}
	if (saved)
		FreePool(saved);
	if (st.running && st.running <= ntests)
		file_result();
	while (st.next < ntests) {
		unsigned k = st.next;

		s = start_test(k);
		/* Back here: the test never took the machine (not found, refused). */
		aprint(point, sizeof(point),
			    "not ok %u - %a\n  ---\n  class: ERROR\n  message: \"the test did not "
			    "start: %r\"\n  ...\n", k + 1, names[k], s);
		st.counts[N_ERROR]++;
		append(point, 0);
		say(point);
		st.running = 0;
		st.next = k + 1;
		save_state();
	}
	finish();
	return EFI_SUCCESS;
}
