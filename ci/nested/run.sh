#!/usr/bin/env bash
# The nested QEMU job: boots Debian's stock kernel in QEMU (KVM when the host's
# KVM can run QEMU, TCG otherwise) with an SVM/VMX CPU, q35 + split irqchip, an
# emulated IOMMU with interrupt remapping, the edu device and a modern-only
# virtio-rng (MSI-X); the VM's /init
# loads stock kvm_amd/kvm_intel and vfio-pci and runs `uvmm test`. Prints stage
# timings, one line per test and the summary line; writes build/nested/suite.xml
# and exits like `uvmm test` (2 when the run itself broke: "Bail out!").
# Usage: ci/nested/run.sh   (settings: docs/nested.md)
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
here=ci/nested
# One directory per variant (NESTED_OUT, e.g. by ci/nested/matrix.sh); the
# kernel cache is shared by all of them.
OUT=${NESTED_OUT:-build/nested}
CACHE=${NESTED_CACHE:-build/nested/cache}
mkdir -p "$OUT" "$CACHE"

IOMMU=${NESTED_IOMMU:-intel}
KERNEL=${NESTED_KERNEL:-6.1}
# kvm_amd/kvm_intel module parameters, e.g. npt=0 (shadow paging).
KVM_ARGS=${NESTED_KVM_ARGS:-}
# The VFIO API every VFIO test uses inside (uvmm test --vfio-api): auto,
# container or iommufd.
VFIO_API=${NESTED_VFIO_API:-}
# What the VM runs besides the suite: BENCH=mmu runs `uvmm bench --mmu` inside.
BENCH=${NESTED_BENCH:-}
# A kvm-unit-tests build to run on the stock KVM too (docs/kut.md).
KUT=${NESTED_KUT_DIR:-${KUT_DIR:-}}
ACCEL=${NESTED_ACCEL:-auto}
# TCG's threading: multi (one host thread per vCPU) or single (one for all).
TCG_THREAD=${NESTED_TCG_THREAD:-multi}
# One vCPU: with two, QEMU 7.2's TCG running stock kvm_amd's nested SVM
# corrupts memory under load (multi-threaded: inner kernel panics, inner
# vCPUs at the reset vector) or delivers an interrupt twice (single-threaded);
# docs/nested.md has the runs. NESTED_SMP=2 brings it back, to chase the bug.
SMP=${NESTED_SMP:-1}
# KUT entries get 128 MiB each (-j SMP of them) and up to 4g (the svm ones,
# mapped lazily: only what they touch is allocated).
MEM=${NESTED_MEM:-$([ -n "$KUT" ] && echo 5120 || echo 512)}
QEMU=${NESTED_QEMU:-qemu-system-x86_64}
T_FETCH=${NESTED_TIMEOUT_FETCH:-300}
T_BUILD=${NESTED_TIMEOUT_BUILD:-300}
T_BOOT=${NESTED_TIMEOUT_BOOT:-180} # 69 s seen under load 10
# The suite grew to ~110 tests (the storm alone ~10 s): 178 s under load 10 on
# 2 cores. The limit only catches a hang, so it has room.
T_SUITE=${NESTED_TIMEOUT_SUITE:-600}
T_SHUTDOWN=${NESTED_TIMEOUT_SHUTDOWN:-20}
T_KUT=${NESTED_TIMEOUT_KUT:-900}
# Another suite and its uvmm (the course labs' answer keys, docs/teaching.md).
GUEST_DIR=${NESTED_GUEST_DIR:-build/guest}
UVMM_STATIC=${NESTED_UVMM:-build/uvmm-static}

CONSOLE=$OUT/console.log      # ttyS0: kernel messages and the human report
CHANNEL=$OUT/channel.log      # ttyS1: markers, TAP, JUnit
QERR=$OUT/qemu.stderr
QRESET=$OUT/qemu-reset.log
TIMINGS=$OUT/timings.txt
: >"$TIMINGS"
# Nothing from an earlier run may pass for this run's results.
rm -f "$OUT"/{console.log,channel.log,qemu.stderr,suite.tap,suite.xml,env.txt,kvm-probe.log,bench-mmu.json,hang-cpus.txt,kut.tap}

say() { echo "nested: $*"; }
bail() { echo "Bail out! nested: $*"; exit 2; }

now_ms() { echo $(($(date +%s%N) / 1000000)); }
T0=$(now_ms)
stage_start=$T0
# stage_done NAME [NOTE]: print and record the time since the previous stage.
stage_done() {
	local t d
	t=$(now_ms); d=$((t - stage_start)); stage_start=$t
	printf '%-9s %6d.%03d s  %s\n' "$1" $((d / 1000)) $((d % 1000)) "${2:-}" | tee -a "$TIMINGS" | sed 's/^/nested: stage /'
}

qpid=
# The QEMU process group is always reaped, whatever ends the script.
reap() {
	[ -n "$qpid" ] || return 0
	if kill -0 "$qpid" 2>/dev/null; then
		kill -TERM -- "-$qpid" 2>/dev/null
		for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$qpid" 2>/dev/null || break; sleep 0.2; done
		kill -KILL -- "-$qpid" 2>/dev/null
	fi
	wait "$qpid" 2>/dev/null
	qpid=
}
# bench_json: the stage times as build/bench.d/nested.json, which `uvmm bench`
# embeds in build/bench.json (times are reported there, never asserted).
bench_json() {
	mkdir -p build/bench.d
	awk -v iommu="$IOMMU" -v accel="$ACCEL" 'BEGIN { printf "{\"iommu\": \"%s\", \"accel\": \"%s\", \"stages\": [", iommu, accel }
		$2 == "HUNG" { printf "%s{\"stage\": \"%s\", \"seconds\": null, \"hung_after_s\": %d}", sep, $1, $4; sep = ", "; next }
		$3 == "s" && $1 != "total" { printf "%s{\"stage\": \"%s\", \"seconds\": %s}", sep, $1, $2; sep = ", "; next }
		$1 == "total" { total = $2 }
		END { printf "], \"total_s\": %s, \"complete\": %s}\n", total == "" ? "null" : total, total == "" ? "false" : "true" }' \
		"$TIMINGS" >build/bench.d/nested.json
}
trap 'reap; bench_json' EXIT
trap 'exit 130' INT TERM

# run_stage NAME LIMIT CMD...: CMD under a time limit naming the stage.
run_stage() {
	local name=$1 limit=$2 rc
	shift 2
	timeout -k 5 "$limit" "$@"; rc=$?
	if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then bail "stage '$name' hung: not done after $limit s ($*)"; fi
	return "$rc"
}

# --- preflight ---------------------------------------------------------------
command -v "$QEMU" >/dev/null ||
	bail "$QEMU not found: install qemu-system-x86 (ci/deps.sh does)"
# intel-cm: caching mode on, so the guest's IOMMU driver must also flush on
# map (not-present entries may be cached): the other half of VT-d's
# invalidation rules, which DMA-after-unmap tests (docs/vfio.md).
case $IOMMU in
intel) iommu_dev="intel-iommu,intremap=on,aw-bits=48" iommu_arg="intel_iommu=on" ;;
intel-cm) iommu_dev="intel-iommu,intremap=on,aw-bits=48,caching-mode=on" iommu_arg="intel_iommu=on" ;;
amd) iommu_dev="amd-iommu,intremap=on" iommu_arg="" ;;
*) bail "NESTED_IOMMU must be intel, intel-cm or amd, not '$IOMMU'" ;;
esac
case $KERNEL in 6.1 | 6.12) ;; *) bail "NESTED_KERNEL must be 6.1 or 6.12, not '$KERNEL'" ;; esac
case $VFIO_API in "" | auto | container | iommufd) ;; *) bail "NESTED_VFIO_API must be auto, container or iommufd, not '$VFIO_API'" ;; esac
case $BENCH in "" | mmu) ;; *) bail "NESTED_BENCH must be mmu or empty, not '$BENCH'" ;; esac

if [ -n "$KUT" ]; then
	[ -f "$KUT/x86/unittests.cfg" ] ||
		bail "KUT_DIR=$KUT is not a kvm-unit-tests build (no x86/unittests.cfg)"
	KUT=$(cd "$KUT" && pwd)
	export NESTED_KUT_DIR=$KUT
fi

# --- fetch: the stock kernel package (cached) ---------------------------------
NESTED_KERNEL=$KERNEL run_stage fetch "$T_FETCH" bash "$here/fetch-kernel.sh" "$CACHE" >"$OUT/kernel-tree" ||
	bail "stage 'fetch' failed: no kernel (see the message above and $CACHE/download.log)"
tree=$(cat "$OUT/kernel-tree")
[ -n "$tree" ] || bail "fetch: no kernel tree"
vmlinuz=$(ls "$tree"/boot/vmlinuz-* | head -1)
stage_done fetch "$(basename "$tree")"

# --- build: the static uvmm and the guests ------------------------------------
# A sub-make must not inherit SANITIZE=1 etc. from a calling make.
run_stage build "$T_BUILD" env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS \
	make -s --no-print-directory SANITIZE= build/uvmm-static guests >"$OUT/build.log" 2>&1 ||
	{ tail -20 "$OUT/build.log"; bail "build of build/uvmm-static and the guests failed ($OUT/build.log)"; }
stage_done build "build/uvmm-static, build/guest"

# --- accel: KVM only when QEMU can really run on it -----------------------------
host_vendor=$(sed -n 's/^vendor_id[[:space:]]*: //p' /proc/cpuinfo | head -1)
# kvm_works: QEMU boots a guest image to its isa-debug-exit PASS (status 1).
kvm_works() {
	local img=build/guest/hello.elf nested
	if [ ! -r /dev/kvm ] || [ ! -w /dev/kvm ]; then why_tcg="no usable /dev/kvm"; return 1; fi
	[ -f "$img" ] || { why_tcg="no $img to probe KVM with"; return 1; }
	# isa-debug-exit status 0 makes QEMU exit with (0 << 1) | 1.
	# (A subshell, so that bash's note about an aborted QEMU lands in the log.)
	(timeout -k 2 10 "$QEMU" -M microvm,accel=kvm -cpu host -m 32 -nodefaults -display none \
		-no-reboot -device isa-debug-exit,iobase=0xf4,iosize=4 -kernel "$img"; exit $?) \
		>"$OUT/kvm-probe.log" 2>&1
	if [ $? -ne 1 ]; then
		why_tcg="QEMU cannot run on this KVM: $(grep -m1 . "$OUT/kvm-probe.log" || echo 'no output, or no PASS within 10 s')"
		return 1
	fi
	nested=$(cat /sys/module/kvm_amd/parameters/nested /sys/module/kvm_intel/parameters/nested 2>/dev/null | head -1)
	case $nested in
	1 | Y) return 0 ;;
	*) why_tcg="host KVM runs QEMU but offers no nested virtualization (kvm_amd/kvm_intel nested=1)"; return 1 ;;
	esac
}
why_tcg=
case $ACCEL in
auto) if kvm_works; then ACCEL=kvm; else ACCEL=tcg; fi ;;
kvm) kvm_works || bail "NESTED_ACCEL=kvm but $why_tcg" ;;
tcg) why_tcg="NESTED_ACCEL=tcg" ;;
*) bail "NESTED_ACCEL must be auto, kvm or tcg, not '$ACCEL'" ;;
esac
if [ "$ACCEL" = kvm ]; then
	cpu=host
	case $host_vendor in GenuineIntel) vendor_mod=kvm-intel ;; *) vendor_mod=kvm-amd ;; esac
	accel_opt="accel=kvm"
else
	# TCG emulates SVM (with nested paging) but not VMX; UMIP, which EPYC
	# (Zen 1) lacks, for the Popek-Goldberg audit's UMIP cases.
	cpu=${NESTED_CPU:-EPYC,+svm,+umip}
	vendor_mod=kvm-amd
	accel_opt="accel=tcg"
	case $TCG_THREAD in multi | single) ;; *) bail "NESTED_TCG_THREAD must be multi or single, not '$TCG_THREAD'" ;; esac
fi
stage_done probe "accel=$ACCEL${why_tcg:+ ($why_tcg)}"

# --- initramfs ------------------------------------------------------------------
run_stage initramfs "$T_BUILD" bash "$here/mkinitramfs.sh" "$tree" "$vendor_mod" "$UVMM_STATIC" \
	"$GUEST_DIR" "$OUT/initrd.gz" 2>>"$OUT/build.log" ||
	{ tail -5 "$OUT/build.log"; bail "initramfs build failed ($OUT/build.log)"; }
stage_done initramfs "$(tail -1 "$OUT/build.log" | sed 's/^nested: //')"

# --- boot, suite, shutdown: one QEMU process, followed through its markers ----
: >"$CONSOLE"; : >"$CHANNEL"; : >"$QERR"; : >"$QRESET"
# no_timer_check: the boot-time check that the timer ticks through the IO-APIC
# times it against a delay loop, which a loaded TCG host fails ("timer doesn't
# work through Interrupt-remapped IO-APIC", a panic; seen under load 8).
append="console=ttyS0 quiet panic=-1 no_timer_check $iommu_arg nested_jobs=$SMP"
[ -n "$KVM_ARGS" ] && append="$append nested_kvm_args=\"$KVM_ARGS\""
[ -n "$VFIO_API" ] && append="$append nested_vfio_api=$VFIO_API"
[ -n "$BENCH" ] && append="$append nested_bench=$BENCH"
[ -n "${NESTED_BENCH_ARGS:-}" ] && append="$append nested_bench_args=\"$NESTED_BENCH_ARGS\""
# virtio-rng in modern-only mode (1af4:1044): a device with MSI-X for the
# passthrough tests. iommu_platform=on makes QEMU send its DMA through the
# emulated IOMMU (without it, virtio devices bypass it and would write the
# inner guest's buffers to the outer kernel's RAM at the same addresses).
rng_dev=(-device virtio-rng-pci,disable-legacy=on,iommu_platform=on)
# edu with a 64-bit DMA mask (its default is 28 bits): the interrupt-remapping
# tests DMA into the MSI window at 0xfee00000 (docs/vfio.md).
edu_dev=edu,dma_mask=0xffffffffffffffff
[ -n "${NESTED_TESTS:-}" ] && append="$append nested_tests=\"$NESTED_TESTS\""
if [ -n "$KUT" ]; then
	append="$append nested_kut=1"
	[ -n "${NESTED_KUT_TESTS:-}" ] && append="$append nested_kut_tests=\"$NESTED_KUT_TESTS\""
	[ -n "${NESTED_KUT_TIMEOUT:-}" ] && append="$append nested_kut_timeout=$NESTED_KUT_TIMEOUT"
	# One entry at a time: KUT's SMP entries (up to 4 vCPUs each) running side
	# by side on TCG's 2 have hung the inner kernel (xapic with ioapic).
	append="$append nested_kut_jobs=${NESTED_KUT_JOBS:-1}"
fi
[ -n "${NESTED_APPEND:-}" ] && append="$append $NESTED_APPEND"
accel_args=(-M "q35,kernel-irqchip=split" -accel "${accel_opt#accel=}")
[ "$ACCEL" = tcg ] && accel_args=(-M "q35,kernel-irqchip=split" -accel "tcg,thread=$TCG_THREAD")
qemu_cmd=("$QEMU" "${accel_args[@]}" -cpu "$cpu" -smp "$SMP" -m "$MEM"
	-nodefaults -no-user-config -display none -no-reboot
	-monitor "unix:$OUT/monitor.sock,server=on,wait=off"
	-device "$iommu_dev" -device "$edu_dev" "${rng_dev[@]}"
	-chardev "file,id=con,path=$CONSOLE" -serial chardev:con
	-chardev "file,id=res,path=$CHANNEL" -serial chardev:res
	-kernel "$vmlinuz" -initrd "$OUT/initrd.gz" -append "$append"
	# A reset the inner kernel did not ask for (a triple fault) leaves no
	# console line: QEMU's reset log tells it from a panic's reboot.
	-d cpu_reset -D "$QRESET")
printf '%q ' "${qemu_cmd[@]}" >"$OUT/qemu.cmdline"; echo >>"$OUT/qemu.cmdline"
# setsid: QEMU leads its own process group, so reap() kills everything it started.
setsid "${qemu_cmd[@]}" 2>"$QERR" &
qpid=$!

# wait_for STAGE LIMIT FILE REGEX: until FILE has a line matching REGEX, QEMU
# ends, or LIMIT seconds pass (then the stage hung).
wait_for() {
	local stage=$1 limit=$2 file=$3 re=$4 deadline
	deadline=$(($(now_ms) + limit * 1000))
	while ! grep -q -- "$re" "$file" 2>/dev/null; do
		if ! kill -0 "$qpid" 2>/dev/null; then
			wait "$qpid"; qrc=$?; qpid=
			grep -q -- "$re" "$file" 2>/dev/null && return 0
			say "QEMU exited (status $qrc) during stage '$stage'; last console lines:"
			tail -15 "$CONSOLE" | sed 's/^/    /'; grep -v '^qemu-system-x86_64: warning: TCG doesn.t support' "$QERR" | tail -5 | sed 's/^/    /'
			grep -q '^Triple fault' "$QRESET" 2>/dev/null &&
				say "the inner kernel triple-faulted (QEMU's reset log: $QRESET)"
			return 1
		fi
		if [ "$(now_ms)" -ge "$deadline" ]; then
			printf '%-9s HUNG after %d s\n' "$stage" "$limit" >>"$TIMINGS"
			say "stage '$stage' hung: no '$re' in $file after $limit s; last console lines:"
			tail -15 "$CONSOLE" | sed 's/^/    /'
			# Where the inner kernel's CPUs are spinning, for a post-mortem
			# against the kernel's System.map.
			python3 ci/nested/hmp.py "$OUT/monitor.sock" "info registers -a" >"$OUT/hang-cpus.txt" 2>&1 &&
				say "CPU state at the hang: $OUT/hang-cpus.txt"
			reap
			bail "stage '$stage' timed out after $limit s (logs in $OUT/)"
		fi
		sleep 0.05
	done
}

qrc=
if wait_for boot "$T_BOOT" "$CHANNEL" '^=== NESTED \(TAP BEGIN\|FAIL\)'; then
	stage_done boot "$(sed -n 's/^=== NESTED ENV //p' "$CHANNEL" | tr -d '\r')"
	if [ -n "$KUT" ] && wait_for suite "$T_SUITE" "$CHANNEL" '^=== NESTED \(KUT BEGIN\|FAIL\)'; then
		stage_done suite
		suite_done=kut
	fi
	if { [ -z "$KUT" ] && wait_for suite "$T_SUITE" "$CHANNEL" '^=== NESTED \(DONE\|FAIL\)'; } ||
		{ [ -n "${suite_done:-}" ] && wait_for kut "$T_KUT" "$CHANNEL" '^=== NESTED \(DONE\|FAIL\)'; }; then
		stage_done "${suite_done:-suite}"
		if [ -n "$qpid" ]; then
			deadline=$(($(now_ms) + T_SHUTDOWN * 1000))
			while kill -0 "$qpid" 2>/dev/null && [ "$(now_ms)" -lt "$deadline" ]; do sleep 0.05; done
			if kill -0 "$qpid" 2>/dev/null; then
				reap
				say "stage 'shutdown' hung: QEMU still running $T_SHUTDOWN s after the suite (poweroff -f)"
				shutdown_hung=1
			else
				wait "$qpid"; qrc=$?; qpid=
			fi
		fi
		stage_done shutdown "${qrc:+QEMU status $qrc}"
	fi
fi
reap

total=$(($(now_ms) - T0))
printf 'total     %6d.%03d s\n' $((total / 1000)) $((total % 1000)) | tee -a "$TIMINGS" | sed 's/^/nested: /'

# The MMU benchmark's JSON (NESTED_BENCH=mmu), for make bench.
if [ -n "$BENCH" ]; then
	tr -d '\r' <"$CHANNEL" | awk '/^=== NESTED BENCH END$/ { exit } on { print } /^=== NESTED BENCH BEGIN$/ { on = 1 }' \
		>"$OUT/bench-mmu.json"
	[ -s "$OUT/bench-mmu.json" ] || { rm -f "$OUT/bench-mmu.json"; say "no MMU benchmark results on the channel"; }
fi

bash "$here/collect.sh" "$CHANNEL" "$OUT"
rc=$?
if [ -n "$KUT" ] && [ "$rc" -ne 2 ]; then
	bash "$here/collect-kut.sh" "$CHANNEL" "$OUT" || rc=2
fi
[ "${shutdown_hung:-0}" = 1 ] && [ "$rc" -eq 0 ] && bail "stage 'shutdown' timed out after $T_SHUTDOWN s"
exit "$rc"
