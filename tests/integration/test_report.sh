#!/usr/bin/env bash
# Integration tests of machine-readable results (docs/results-schema.md,
# docs/ci.md): `uvmm test --json/--ktap/--shard` on real guests, the results
# file against the schema document, shards that together run every test
# once, `uvmm report merge|html|list` with their errors, KTAP checked against
# the kernel's spec, and the matrix page in a real headless Chromium
# (tests/browser/matrix_check.py; screenshot kept at $BUILD/matrix-test.png).
# Prints one ok/not ok line per check; exits 0 when all pass.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
. tests/integration/lib.sh
GUESTS=$PWD/build/guest
T=$TMP
SCHEMA=tests/tools/results_schema.py


if [ ! -x "$UVMM" ] || [ ! -f "$GUESTS/hello.elf" ]; then
	skip "results integration" "needs $UVMM and $GUESTS/hello.elf (make all)"; finish; exit
fi

# --- shards: the manifest's own tests, by --list (needs no KVM) -------------
"$UVMM" test --list > "$T/all.list" 2>/dev/null
all=$(awk '{print $1}' "$T/all.list" | sort)
union=""
for n in 1 2 3 5 8; do
	got=""
	for k in $(seq 1 "$n"); do
		got+=$("$UVMM" test --list --shard "$k/$n" 2>/dev/null | awk '{print $1}')$'\n'
	done
	sorted=$(grep -v '^$' <<<"$got" | sort)
	if [ "$sorted" = "$all" ] && [ -z "$(grep -v '^$' <<<"$got" | sort | uniq -d)" ]; then
		union+="$n "
	fi
done
check "--shard K/N for N = 1 2 3 5 8: every manifest test in exactly one shard (ok for: $union)" \
	[ "$union" = "1 2 3 5 8 " ]
# The manifest reversed (sections in the other order): the same shards.
awk 'BEGIN{RS=""; ORS="\n\n"} {s[NR]=$0} END{for(i=NR;i>=1;i--) if (s[i] ~ /^\[|\n\[/) print s[i]}' \
	guest/suite.manifest > "$T/reversed.manifest"
same=1
for k in 1 2 3; do
	a=$("$UVMM" test --list --shard "$k/3" 2>/dev/null | awk '{print $1}' | sort)
	b=$("$UVMM" test --list --manifest "$T/reversed.manifest" --shard "$k/3" 2>/dev/null | awk '{print $1}' | sort)
	[ -n "$a" ] && [ "$a" = "$b" ] || same=0
done
check "shards do not change when the manifest is reordered" [ "$same" = 1 ]
expect_run "--shard 0/3 is a usage error" 7 "1 <= K <= N <= 1000" -- "$UVMM" test --list --shard 0/3
expect_run "--shard 4/3 is a usage error" 7 "1 <= K <= N <= 1000" -- "$UVMM" test --list --shard 4/3
expect_run "two reports into one file are refused" 7 "--tap and --json are the same file" -- \
	"$UVMM" test --list --tap "$T/x" --json "$T/x"
expect_run "--progress takes auto, line or plain" 7 "--progress needs auto, line or plain" -- \
	"$UVMM" test --list --progress fancy
expect_run "--platform refuses control characters" 7 "--platform needs 1 to 80 printable" -- \
	"$UVMM" test --list --platform "$(printf 'a\tb')"

# --- report: errors on bad inputs (no KVM needed) --------------------------
printf '{"format": "uvmm-results", "schema": 1, "platforms": [{"id": "p", "tests": [{"name": "t"}]}]}' > "$T/noclass.json"
expect_run "report merge: a file that breaks the schema is exit 5, naming the key" 5 \
	"noclass.json: platforms\[0\]\.tests\[0\]\.class: missing" -- "$UVMM" report merge "$T/noclass.json" -o "$T/o.json"
printf '{"format": "uvmm-results", "schema": 1, "platforms": []' > "$T/trunc.json"
expect_run "report html: a truncated file is exit 5 with line and column" 5 \
	"trunc.json: line 1, column 56: expected ',' or '}'" -- "$UVMM" report html "$T/trunc.json" -o "$T/o.html"
expect_run "report merge without -o is a usage error" 7 "-o FILE is required" -- \
	"$UVMM" report merge tests/data/results-v1.json
expect_run "report: an unknown action is a usage error" 7 "unknown action" -- "$UVMM" report frob x
check "report merge leaves no output behind after an error" [ ! -e "$T/o.json" ]
expect_run "report list reads the checked-in schema-1 sample" 0 \
	"^XFAIL	[0-9.]+	kvm_pvm/6.18.44-fc-v1045	uvmm	paging32$" -- "$UVMM" report list tests/data/results-v1.json
tap_lines < <(python3 "$SCHEMA" docs/results-schema.md tests/data/results-v1.json)
# The schema check itself must catch an undocumented key and a wrong type.
sed 's/"exits": 15/"exits": "15", "bogus": 1/' tests/data/results-v1.json > "$T/drift.json"
out=$(python3 "$SCHEMA" docs/results-schema.md "$T/drift.json")
check "the schema check catches an undocumented key and a wrong type" \
	bash -c "grep -q 'undocumented key platforms\[\]\.tests\[\]\.bogus' <<<'$out' && grep -q 'exits: str, documented as number' <<<'$out'"

if [ ! -r /dev/kvm ] || [ ! -w /dev/kvm ]; then
	skip "results of real runs" "needs /dev/kvm"; finish; exit
fi

# --- real runs ----------------------------------------------------------------
cat > "$T/suite.manifest" <<EOT
[alpha]
image = hello.elf
groups = basic
[beta]
image = hypercall.elf
groups = basic hypercall
[gamma]
image = hello.elf
groups = extra
[delta]
image = hello.elf
requires = file:/nonexistent/uvmm-report-test
[epsilon]
image = hello.elf
expect = $T/wrong.expect
groups = extra
[zeta]
image = hello.elf
EOT
echo 'pio.out 0x1234:1 = 0x99' > "$T/wrong.expect"
printf 'epsilon testimpl the port is missing here </script>"\n' > "$T/dev.txt"
run() { "$UVMM" test --manifest "$T/suite.manifest" --guest-dir "$GUESTS" --log-dir "$T/logs" \
	--deviations "$T/dev.txt" --impl testimpl "$@"; }
run --json "$T/full.json" --ktap "$T/full.ktap" --tap "$T/full.tap" > "$T/full.out" 2>&1
check "a run with --json and --ktap exits 0 (XFAIL only)" [ $? = 0 ]
tap_lines < <(python3 "$SCHEMA" docs/results-schema.md "$T/full.json")
check "the results file names the deviation used and the platform" python3 - "$T/full.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
p = d["platforms"][0]
t = {x["name"]: x for x in p["tests"]}
assert p["id"].startswith("testimpl/"), p["id"]
assert t["epsilon"]["class"] == "XFAIL"
assert t["epsilon"]["deviation"]["reason"] == 'the port is missing here </script>"'
assert t["delta"]["class"] == "SKIP" and t["delta"]["code"] is None
assert [s["result"] for s in t["beta"]["subtests"]] == ["PASS", "SKIP", "PASS"]
assert t["beta"]["groups"] == ["basic", "hypercall"]
assert p["runs"][0]["complete"] and d["complete"]
assert p["runs"][0]["uvmm"]["git"] not in ("", None)
EOF
check "KTAP: valid version 1 by the spec (tests/tools/ktap_check.py --strict)" \
	python3 tests/tools/ktap_check.py --strict "$T/full.ktap"
check "KTAP: XFAIL, SKIP and the nested reports" bash -c "
	grep -q '^ok 5 epsilon # XFAIL known deviation: the port is missing here </script>\"' '$T/full.ktap' &&
	grep -q '^ok 4 delta # SKIP requires /nonexistent' '$T/full.ktap' &&
	grep -qx '  ok 2 optional-feature # SKIP not available here' '$T/full.ktap'"
# The checker must catch what is not KTAP.
sed 's/^ok 2 beta$/ok 3 beta/' "$T/full.ktap" > "$T/bad1.ktap"
sed '/^1\.\.6$/d' "$T/full.ktap" > "$T/bad2.ktap"
sed 's/^  KTAP version 1$/ KTAP version 1/' "$T/full.ktap" > "$T/bad3.ktap"
sed 's/^not ok 6 zeta/ok 6 zeta/; s/^ok 6 zeta$/ok 6 zeta # ERROR x/' "$T/full.ktap" > "$T/bad4.ktap"
bad_ok=0
for b in bad1 bad2 bad3 bad4; do python3 tests/tools/ktap_check.py --strict "$T/$b.ktap" >/dev/null && bad_ok=1; done
check "the KTAP checker refuses a wrong number, a missing plan, a bad indent, ERROR on ok" [ "$bad_ok" = 0 ]

# Shards of the real run: together the same results as the full run.
for k in 1 2 3; do
	run --shard "$k/3" --json "$T/shard$k.json" > /dev/null 2>&1
done
"$UVMM" report merge "$T/shard1.json" "$T/shard2.json" "$T/shard3.json" -o "$T/merged.json" 2> "$T/merge.err"
check "merging the 3 shards exits 0" [ $? = 0 ]
check "the 3 shards ran every test exactly once, with the full run's classes" python3 - "$T/merged.json" "$T/full.json" "$T"/shard?.json <<'EOF'
import json, sys
merged, full, shards = sys.argv[1], sys.argv[2], sys.argv[3:]
names = [t["name"] for s in shards for t in json.load(open(s))["platforms"][0]["tests"]]
assert sorted(names) == sorted(set(names)), "a test ran twice"
m = {t["name"]: t["class"] for t in json.load(open(merged))["platforms"][0]["tests"]}
f = {t["name"]: t["class"] for t in json.load(open(full))["platforms"][0]["tests"]}
assert m == f, (m, f)
d = json.load(open(merged))
assert d["complete"] and d["platforms"][0]["shards_missing"] == []
assert len(d["platforms"][0]["runs"]) == 3
EOF
tap_lines < <(python3 "$SCHEMA" docs/results-schema.md "$T/merged.json")
"$UVMM" report merge "$T/shard1.json" "$T/shard3.json" -o "$T/partial.json" 2>/dev/null
check "a missing shard makes the merge incomplete and is named" python3 -c "
import json, sys; d = json.load(open('$T/partial.json'))
assert not d['complete'] and d['platforms'][0]['shards_missing'] == [{'suite': 'uvmm', 'index': 2, 'count': 3}]"
# The same platform, a different class for one test: a conflict.
sed 's/"class": "PASS"/"class": "FAIL"/' "$T/shard1.json" > "$T/conflict.json"
expect_run "a conflicting result for one platform is exit 5 naming both files" 5 \
	"is PASS in .*shard1.json but FAIL in .*conflict.json: conflicting results" -- \
	"$UVMM" report merge "$T/shard1.json" "$T/conflict.json" -o "$T/c.json"
# A second platform (the nested job's kvm_amd, say): --platform names it.
run --platform 'stock kvm_amd "nested"' --impl other --json "$T/other.json" > /dev/null 2>&1
"$UVMM" report html "$T/merged.json" "$T/other.json" -o "$T/matrix.html"
check "report html of two platforms exits 0" [ $? = 0 ]
"$UVMM" report merge "$T/merged.json" "$T/other.json" -o "$T/two.json"
check "two platforms: two columns" python3 -c "
import json; d = json.load(open('$T/two.json')); assert sorted(p['id'] for p in d['platforms'])[0] == 'stock kvm_amd \"nested\"', d"

# --- the page in a real browser ------------------------------------------------
chromium_ok() { command -v chromium >/dev/null 2>&1; }
if ! chromium_ok; then
	# Optional set: installed only for this test (root or sudo needed).
	bash ci/deps.sh browser > "$T/deps.log" 2>&1
fi
if ! chromium_ok; then
	skip "the matrix page in a browser" "no chromium (bash ci/deps.sh browser: $(tail -1 "$T/deps.log"))"
else
	tap_lines < <(python3 tests/browser/matrix_check.py --page "$T/matrix.html" --results "$T/two.json" \
		--screenshot "$BUILD/matrix-test.png" 2>&1)
	# Too many cells to draw at once (300 platforms x 80 tests): a window.
	python3 - "$T/large.json" <<'EOF'
import json, sys
tests = lambda p: [{"name": "t%02d" % i, "class": "FAIL" if (i * 7 + p) % 13 == 0 else "PASS",
                    "reason": "r%d" % i} for i in range(80)]
json.dump({"format": "uvmm-results", "schema": 1, "platforms": [
    {"id": "host-%03d" % p, "tests": tests(p)} for p in range(300)]}, open(sys.argv[1], "w"))
EOF
	"$UVMM" report merge "$T/large.json" -o "$T/large-merged.json" &&
		"$UVMM" report html "$T/large-merged.json" -o "$T/large.html"
	tap_lines < <(python3 tests/browser/matrix_check.py --window --page "$T/large.html" \
		--results "$T/large-merged.json" 2>&1)
fi
finish
