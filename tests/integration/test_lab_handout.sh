#!/usr/bin/env bash
# The student's road, end to end: `make lab-handout` holds every skeleton and
# no solution, hidden test or broken variant; a fresh clone of a repository
# made from it follows lab 1's handout steps exactly as README.md writes them
# (the one step that is the student's work, editing host/vmm.c, is done by
# copying the reference solution) up to `make lab-submit`; and the teacher's
# kit grades that submission, through the Gradescope entry point too.
cd "$(dirname "$0")/../.."
. tests/integration/lib.sh

if [ ! -d labs/01-run-loop/solution ]; then
	skip "the handout" "this is a student handout: no teacher's kit to check it against"
	finish; exit
fi

tarball=$TMP/handout.tar.gz
expect_run "make lab-handout writes the student tarball" 0 'no solution, hidden test' -- \
	bash labs/handout.sh "$tarball"
tar -tzf "$tarball" >"$TMP/list"

leaked=$(grep -E '^uvmm-labs/labs/[0-9][0-9]-[^/]+/(solution|hidden|broken)/|^uvmm-labs/labs/gradescope/' "$TMP/list")
if [ -z "$leaked" ]; then ok "the handout has no solution/, hidden/, broken/ or Gradescope kit"
else not_ok "the handout leaks teacher files:"; sed 's/^/    /' <<<"$leaked" | head; fi

missing=
for lab in labs/[0-9][0-9]-*/; do
	for f in $(python3 -c "import sys; sys.path.insert(0, 'labs/grader'); import labdata; \
		print(' '.join(labdata.load('${lab%/}', 0).files))"); do
		grep -qx "uvmm-labs/${lab}$f" "$TMP/list" || missing="$missing ${lab}$f"
	done
done
if [ -z "$missing" ]; then ok "the handout has every lab's skeleton files"
else not_ok "the handout lacks skeletons:$missing"; fi

# No solution's or hidden test's content hides under another name.
# secrets_in DIR: the teacher files whose exact bytes are somewhere in DIR.
secrets_in() {
	find "$1" -type f -exec sha256sum {} + | cut -d' ' -f1 | sort -u >"$TMP/sums"
	find labs/*/solution labs/*/hidden labs/*/broken -type f | while IFS= read -r f; do
		grep -qx "$(sha256sum "$f" | cut -d' ' -f1)" "$TMP/sums" && echo "$f"
	done
}
mkdir -p "$TMP/h" && tar -xzf "$tarball" -C "$TMP/h"
secret=$(secrets_in "$TMP/h")
if [ -z "$secret" ]; then ok "no solution, hidden or broken file's content is in the handout"
else not_ok "teacher content in the handout:"; sed 's/^/    /' <<<"$secret" | head; fi
mkdir -p "$TMP/planted" && cp labs/04-io/hidden/expect/storm.expect "$TMP/planted/notes.txt"
if [ -n "$(secrets_in "$TMP/planted")" ]; then ok "that check finds a hidden file planted under another name"
else not_ok "that check misses a planted hidden file"; fi

# The student: a course repository made from the handout, cloned fresh.
repo=$TMP/course student=$TMP/student
mv "$TMP/h/uvmm-labs" "$repo"
git -C "$repo" init -q && git -C "$repo" add -A &&
	git -C "$repo" -c user.name=teacher -c user.email=t@example.org commit -qm handout
git clone -q "$repo" "$student"
steps=$(awk '/^```sh$/ { getline; if ($0 ~ /^# handout steps/) on = 1; next } /^```$/ { on = 0 } on' \
	"$student/labs/01-run-loop/README.md")
if [ "$(wc -l <<<"$steps")" -ge 4 ]; then ok "lab 1's handout has its steps ($(wc -l <<<"$steps") commands)"
else not_ok "lab 1's handout steps not found"; fi
i=0
while IFS= read -r line; do
	i=$((i + 1))
	cmd=${line%%#*}
	want=$(sed -n 's/.*# .*Score: \([0-9/]*\).*/\1/p' <<<"$line")
	case $cmd in
	'$EDITOR '*)
		# The student's work: here, the reference solution.
		f=$(awk '{print $2}' <<<"$cmd")
		if cp "$(sed 's|^\(labs/[^/]*\)/|\1/solution/|' <<<"$f")" "$student/$f"; then
			ok "step $i: the student writes $f"
		else not_ok "step $i: no solution for $f"; fi
		continue ;;
	esac
	out=$(cd "$student" && env -u MAKEFLAGS -u MAKELEVEL bash -c "$cmd" 2>&1); rc=$?
	if [ -n "$want" ]; then
		got=$(grep -o 'Score: [0-9/]*' <<<"$out" | tail -1)
		if [ "$got" = "Score: $want" ]; then ok "step $i: $cmd -> $got"
		else not_ok "step $i: $cmd -> '$got', the handout says Score: $want"; tail -20 <<<"$out" | sed 's/^/    /'; fi
	elif [ "$rc" -eq 0 ]; then ok "step $i: $cmd"
	else not_ok "step $i: $cmd (exit $rc)"; tail -20 <<<"$out" | sed 's/^/    /'; fi
done <<<"$steps"
sub=$student/build/labs/lab1-submission.tar.gz
if tar -tzf "$sub" 2>/dev/null | grep -qx 'host/vmm.c'; then ok "the submission holds host/vmm.c"
else not_ok "no submission at $sub"; fi

# The teacher: the submission through the Gradescope entry point, hidden tests and all.
ag=$TMP/autograder
mkdir -p "$ag/submission" "$ag/results"
cp "$sub" "$ag/submission/"
LAB=1 AUTOGRADER_ROOT=$ag UVMM_KIT=$PWD bash labs/gradescope/run_autograder >"$TMP/ag.out" 2>&1
if python3 tests/labs/gradescope_schema.py "$ag/results/results.json" >"$TMP/schema" 2>&1 &&
	python3 tests/labs/tap_outcome.py "$ag/results/grade.tap" --fails "" >>"$TMP/schema" 2>&1 &&
	grep -q '"visibility": "after_published"' "$ag/results/results.json"; then
	ok "Gradescope's run_autograder gives the submission full marks, hidden tests included ($(grep -o 'Score: [0-9/]*' "$TMP/ag.out"))"
else
	not_ok "run_autograder on the submission"; cat "$TMP/schema" "$TMP/ag.out" | tail -20 | sed 's/^/    /'
fi
finish
