#!/usr/bin/env bash
# The grader's own test (labs/grade.py, docs/teaching.md): every lab's
# reference solution scores full marks, every untouched skeleton scores
# nothing beyond its build, every broken variant (labs/NN-*/broken/NAME, whose
# `fails` file names what it breaks) loses exactly those tests and their
# points, and every results.json passes the Gradescope field check. Also the
# checkers themselves: each is shown a wrong input it must catch.
cd "$(dirname "$0")/../.."
. tests/integration/lib.sh

if [ ! -d labs/01-run-loop/solution ]; then
	skip "lab grading" "this is a student handout: no solutions to grade"
	finish; exit
fi
if [ ! -r /dev/kvm ] || [ ! -w /dev/kvm ]; then
	skip "lab grading" "no usable /dev/kvm"
	finish; exit
fi

out=$TMP/grades
mkdir -p "$out"
# grade WHAT ARGS...: runs the grader with its reports under $out/WHAT.
grade() {
	local what=$1; shift
	python3 labs/grade.py "$@" --out "$out/$what" --tap "$out/$what.tap" --json "$out/$what.json" \
		>"$out/$what.txt" 2>&1
}
check() {
	local what=$1 desc=$2; shift 2
	local msg
	if msg=$(python3 tests/labs/tap_outcome.py "$out/$what.tap" "$@" 2>&1) &&
		msg=$(python3 tests/labs/gradescope_schema.py "$out/$what.json" 2>&1); then
		ok "$desc ($(tail -1 "$out/$what.txt"))"
	else
		not_ok "$desc"; printf '%s\n' "$msg" | sed 's/^/    /'; grep -E 'FAIL|Score' "$out/$what.txt" | head -20 | sed 's/^/    /'
	fi
}

# Every grading run first, three at a time on two cores (a grading waits on
# KVM and on make more than it computes), then the checks in a fixed order.
runs=()
for dir in labs/[0-9][0-9]-*/; do
	dir=${dir%/}
	num=$((10#$(basename "$dir" | cut -c1-2)))
	runs+=("lab$num-solution $num --solution" "lab$num-skeleton $num")
	for b in "$dir"/broken/*/; do
		[ -d "$b" ] && runs+=("lab$num-$(basename "$b") $num --variant $(basename "$b")")
	done
done
for r in "${runs[@]}"; do
	# shellcheck disable=SC2086 # words on purpose
	grade $r -j1 &
	while [ "$(jobs -rp | wc -l)" -ge 3 ]; do wait -n; done
done
wait
for dir in labs/[0-9][0-9]-*/; do
	dir=${dir%/}
	num=$((10#$(basename "$dir" | cut -c1-2)))
	check "lab$num-solution" "lab $num: the reference solution scores full marks" --fails ""
	check "lab$num-skeleton" "lab $num: the untouched skeleton scores only its build" --skeleton
	for b in "$dir"/broken/*/; do
		[ -d "$b" ] || continue
		v=$(basename "$b") fails=$(grep -v '^#' "$b/fails" | xargs)
		check "lab$num-$v" "lab $num: broken/$v loses exactly ${fails:0:60}" --fails "$fails"
	done
done

# The checkers catch what they exist for.
good=$out/lab1-solution.json
bad_json() { python3 -c "import json,sys; d=json.load(open('$good')); $1; json.dump(d, open('$out/bad.json','w'))"; }
for case in "d['tests'][0]['visibility']='secret'" "d['tests'][0]['points']=3" \
	"d['tests'][1]['score']=d['tests'][1]['max_score']+1" "d['score']=d['score']+1" \
	"d['tests'][0]['score']='5'" "d['tests'][0]['status']='ok'"; do
	bad_json "$case"
	expect_run "the Gradescope check refuses: $case" 1 'results|tests\[' -- \
		python3 tests/labs/gradescope_schema.py "$out/bad.json"
done
expect_run "the outcome check catches a wrong set of failures" 1 'wanted' -- \
	python3 tests/labs/tap_outcome.py "$out/lab1-solution.tap" --fails "hello"
expect_run "the outcome check catches a skeleton that passes a test" 1 'skeleton passes' -- \
	python3 tests/labs/tap_outcome.py "$out/lab1-solution.tap" --skeleton

# A student-built guest cannot skip its way out of a test.
expect_run "grading data errors are one line, exit 2" 2 'grade\.ini: \[test x\] kind: .nope. is not one of' -- \
	bash -c 'd=$(mktemp -d labs/99-bad-XXXX); trap "rm -rf $d" EXIT; printf "[lab]\n[test x]\nkind = nope\n" >$d/grade.ini; mv $d labs/99-bad; trap "rm -rf labs/99-bad" EXIT; python3 labs/grade.py 99'
finish
