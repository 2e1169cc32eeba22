#!/usr/bin/env bash
# `uvmm bpf test` on the whole public bpf_conformance set (one TAP line per
# file; a SKIP names the group uvmm does not implement) and on uvmm's own
# files in tests/bpf/ (refusals and run-time errors); every public program
# disassembles to text that assembles and passes again; exit codes.
# The public set lives outside the repository, in ../shared (override with
# BPF_CONFORMANCE_DIR); without it that part is skipped.
cd "$(dirname "$0")/../.."
. tests/integration/lib.sh
CONF=${BPF_CONFORMANCE_DIR:-$PWD/../shared/third_party/bpf_conformance/tests}

# Re-emits each result line of `uvmm bpf test` with this script's numbering.
relay() {
	local line name
	while IFS= read -r line; do
		case "$line" in
		"ok "*" # SKIP "*) name=${line#ok * - }; skip "bpf ${name%% \# SKIP *}" "${line#* \# SKIP }" ;;
		"ok "*) ok "bpf ${line#ok * - }" ;;
		"not ok "*) not_ok "bpf ${line#not ok * - }" ;;
		esac
	done
}

if [ -d "$CONF" ]; then
	files=("$CONF"/*.data)
	out=$(cd "$CONF" && "$OLDPWD/$UVMM" bpf test ./*.data 2>&1); rc=$?
	relay <<<"$out"
	summary=$(grep '^# .* passed' <<<"$out")
	if [ "$rc" -eq 0 ] && [ "${#files[@]}" -ge 313 ]; then
		ok "public conformance set: ${#files[@]} files, ${summary#\# }"
	else
		not_ok "public conformance set (exit $rc, ${#files[@]} files): $summary"
	fi
	# Disassembly replaces each file's program; the result must not change.
	mkdir -p "$TMP/rt"
	bad=0
	for f in "${files[@]}"; do
		if ! dis=$("$UVMM" bpf dis "$f" 2>&1); then
			echo "    dis $f: $dis"; bad=$((bad + 1)); continue
		fi
		awk '/^-- (asm|raw)/ { skip = 1; next } /^-- / { skip = 0 } !skip' "$f" >"$TMP/rt/${f##*/}"
		printf -- '-- asm\n%s\n' "$dis" >>"$TMP/rt/${f##*/}"
	done
	rt=$("$UVMM" bpf test "$TMP"/rt/*.data 2>&1); rc=$?
	if [ "$bad" -eq 0 ] && [ "$rc" -eq 0 ]; then
		ok "every public program disassembles to text that assembles and passes again"
	else
		not_ok "disassembly round trip ($bad not disassembled, exit $rc)"; grep '^not ok' <<<"$rt" | head -10
	fi
else
	skip "public bpf_conformance set" "not found at $CONF (../shared/third_party/bpf_conformance/tests)"
fi

out=$("$UVMM" bpf test tests/bpf/*.data 2>&1); rc=$?
relay <<<"$out"
[ "$rc" -eq 0 ] && ok "uvmm's own .data tests (tests/bpf/)" || not_ok "uvmm's own .data tests (exit $rc)"

# The runner can fail: a wrong result, a wrong expected error, a malformed file.
printf -- '-- asm\nmov %%r0, 1\nexit\n-- result\n0x2\n' >"$TMP/wrong.data"
expect_run "a wrong result is 'not ok' and exit 1" 1 '^not ok 1 - .*wrong.data: r0 = 0x1, expected 0x2' -- \
	"$UVMM" bpf test "$TMP/wrong.data"
printf -- '-- asm\nmov %%r10, 1\nexit\n-- error\nout of bounds\n' >"$TMP/wrongerr.data"
expect_run "a refusal other than the expected error fails" 1 "expected an error containing 'out of bounds'" -- \
	"$UVMM" bpf test "$TMP/wrongerr.data"
printf -- '-- asm\nmov %%r0, 1\nexit\n-- memory\n00\n-- result\n1\n' >"$TMP/bad.data"
expect_run "a malformed file is exit 4, and wins over a failure" 4 "bad.data:4: unknown section '-- memory'" -- \
	"$UVMM" bpf test "$TMP/wrong.data" "$TMP/bad.data"
expect_run "a missing file is exit 4" 4 'nosuch.data: No such file' -- "$UVMM" bpf test "$TMP/nosuch.data"
expect_run "bpf without a subcommand is a usage error" 7 'usage: uvmm bpf test' -- "$UVMM" bpf
expect_run "bpf test without files is a usage error" 7 'usage: uvmm bpf' -- "$UVMM" bpf test
expect_run "bpf dis of a .data file" 0 '^call local L7$' -- "$UVMM" bpf dis tests/bpf/callee-frame.data
printf '\x95\0\0\0\0\0\0\0\xb7\0\0\0\1\0\0\0' >"$TMP/prog.bin"
expect_run "bpf dis of raw little-endian slots" 0 '^mov %r0, 1$' -- "$UVMM" bpf dis "$TMP/prog.bin"
printf '\x95\0\0' >"$TMP/short.bin"
expect_run "bpf dis of a truncated raw file is exit 4" 4 '3 bytes is not a whole number of 8-byte instructions' -- \
	"$UVMM" bpf dis "$TMP/short.bin"
if command -v clang >/dev/null; then
	printf '%s\n' '__attribute__((section("hu/test"))) long f(long *p) { return p[1] + 3; }' >"$TMP/hu.c"
	if clang -O2 -target bpf -c "$TMP/hu.c" -o "$TMP/hu.o" 2>"$TMP/clang.err"; then
		expect_run "bpf dis of clang -target bpf output names the section" 0 '^# section hu/test: ' -- \
			"$UVMM" bpf dis "$TMP/hu.o"
	else
		not_ok "clang -target bpf failed: $(head -1 "$TMP/clang.err")"
	fi
else
	skip "bpf dis of an ELF object" "no clang"
fi
expect_run "bpf bench --reps 1 measures and writes its JSON" 0 'verify a 4096-slot program' -- \
	"$UVMM" bpf bench --reps 1 --json "$TMP/bpf.json"
if python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); assert d["verify_slots"] == 4096 and d["interp_ns_per_insn"] > 0' "$TMP/bpf.json" 2>/dev/null
then ok "the bpf bench JSON has the verifier and interpreter costs"
else not_ok "the bpf bench JSON ($TMP/bpf.json) is not valid"; fi
expect_run "bpf bench with a bad --reps is a usage error" 7 'usage: uvmm bpf' -- "$UVMM" bpf bench --reps 0
finish
