#!/usr/bin/env bash
# Every number and choice is validated where it enters (issue 13, rule 1 and
# 3): command-line values, image OPTIONS notes and the image's reach for host
# resources each get a one-line error naming the value and what is accepted,
# with the documented exit code; nothing is clamped or dropped.
cd "$(dirname "$0")/../.."
. tests/integration/lib.sh
hello=$GUESTS/hello.elf

# --- image notes: BAD_IMAGE (4), the message from the image's own comment ---
for img in "$GUESTS"/badnote_*.elf; do
	name=$(basename "$img" .elf)
	want=$(sed -n 's|^/\* refuse: \(.*\) \*/$|\1|p' "guest/badnotes/$name.c")
	expect_run "$name: the image's note is refused (BAD_IMAGE)" 4 "options note: $(sed 's/[][\.*^$()+?{}|]/\\&/g' <<<"$want")" -- \
		"$UVMM" run "$img"
done

# --- the command line: USAGE (7) ---
cli() { expect_run "uvmm run $1: USAGE" 7 "$2" -- "$UVMM" run "$hello" $1; }
cli "--timeout 0" "bad value '0' for timeout: seconds from 0.001 to 86400"
cli "--timeout nan" "bad value 'nan' for timeout"
cli "--timeout -1" "bad value '-1' for timeout"
cli "--timeout 1e3" "bad value '1e3' for timeout"
cli "--mem 0x7fffffffffffffffG" "bad value '0x7fffffffffffffffG' for mem"
cli "--cpus 9" "bad value '9' for cpus: an integer from 1 to 8"
cli "--repeat 0" "bad value '0' for --repeat: an integer from 1 to 1000000"
cli "--repeat -5" "bad value '-5' for --repeat"
cli "--flat 12abc" "bad value '12abc' for --flat"
opts=""
for i in $(seq 17); do opts="$opts --irqchip"; done
cli "$opts" "too many run options \(at most 16\)"
long=$(head -c 300 /dev/zero | tr '\0' x)
cli "--vfio $long" "the value of --vfio is too long \(300 bytes"
cmd=$(head -c 4000 /dev/zero | tr '\0' x)
expect_run "an over-long --cmdline is USAGE, not a bad image" 7 "--cmdline is 4000 bytes, at most 3583" -- \
	"$UVMM" run "$hello" --cmdline "$cmd"
expect_run "uvmm test -j 0: USAGE" 7 "bad value '0' for -j: an integer from 1 to 1024" -- \
	"$UVMM" test -j 0 hello
expect_run "uvmm test -j 99999999999999999999: USAGE" 7 "bad value '99999999999999999999' for -j" -- \
	"$UVMM" test -j 99999999999999999999 hello
expect_run "uvmm test --timeout 0: USAGE" 7 "bad value '0' for timeout" -- "$UVMM" test --timeout 0 hello
expect_run "uvmm bench --n 0: USAGE" 7 "bad value '0' for --n: an integer from 1 to 100000000" -- \
	"$UVMM" bench --n 0
expect_run "uvmm bench --reps 33: USAGE" 7 "bad value '33' for --reps: an integer from 1 to 32" -- \
	"$UVMM" bench --reps 33

# --- the image never chooses a host device ---
expect_run "an image asking for a device kind without an operator's device: USAGE" 7 \
	"the image needs a VFIO device of kind 1234:11e8: name one with --vfio" -- \
	"$UVMM" run "$GUESTS/vfio_edu_probe.elf"

# --- conflicting outputs are refused (rule 7) ---
expect_run "--tap and --junit to one file: USAGE" 7 "--tap and --junit are the same file" -- \
	"$UVMM" test --tap "$TMP/r.out" --junit "$TMP/./r.out" hello
expect_run "--tap - and --junit -: USAGE" 7 "--tap and --junit are the same file \(-\)" -- \
	"$UVMM" test --tap - --junit - hello
"$UVMM" run "$hello" --quiet --trace "$TMP/h.trace" >/dev/null 2>&1
expect_run "--trace over the expectations it reads: USAGE" 7 \
	"the expectation file and --trace are the same file" -- \
	"$UVMM" run "$hello" --expect-only "$TMP/h.trace" --trace "$TMP/h.trace"
expect_run "--trace over the image: USAGE" 7 "the image and --trace are the same file" -- \
	"$UVMM" run "$hello" --trace "$hello"
expect_run "--trace - with the console on stdout too: USAGE" 7 "add --quiet" -- \
	"$UVMM" run "$hello" --trace -
mkfifo "$TMP/fifo"
expect_run "--trace on a FIFO that nobody reads is refused, not a hang" 7 \
	"is a FIFO that nobody reads" -- timeout 20 "$UVMM" run "$hello" --trace "$TMP/fifo"
expect_run "--tap on a FIFO that nobody reads is refused, not a hang" 6 \
	"is a FIFO that nobody reads" -- timeout 20 "$UVMM" test --tap "$TMP/fifo" hello

finish
