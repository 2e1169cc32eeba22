# Helpers for integration tests: TAP-style "ok N - what" / "not ok N - what".
# Each check runs a command, compares its exit code and greps its output.
BUILD=${BUILD:-build}
UVMM=${UVMM:-$BUILD/uvmm}
GUESTS=${GUESTS:-build/guest}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
n=0 failures=0

ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); failures=$((failures + 1)); echo "not ok $n - $*"; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }

# expect_run WHAT CODE PATTERN -- CMD...: CMD must exit CODE and its combined
# output must match the extended regex PATTERN (empty: no check).
expect_run() {
	local what=$1 code=$2 pattern=$3 out rc
	shift 4
	out=$("$@" 2>&1); rc=$?
	if [ "$rc" -ne "$code" ]; then
		not_ok "$what (exit $rc, wanted $code)"; printf '%s\n' "$out" | sed 's/^/    /' | tail -15
	elif [ -n "$pattern" ] && ! grep -Eq -- "$pattern" <<<"$out"; then
		not_ok "$what (output lacks /$pattern/)"; printf '%s\n' "$out" | sed 's/^/    /' | tail -15
	else
		ok "$what"
	fi
}

# check WHAT CMD...: ok when CMD succeeds.
check() { local what=$1; shift; if "$@"; then ok "$what"; else not_ok "$what"; fi; }

# tap_lines: a checker's "ok - x" / "not ok - x" lines, counted as ours (read
# it with `tap_lines < <(checker ...)`: a pipe would count in a subshell).
tap_lines() {
	local line
	while IFS= read -r line; do
		case $line in
		"ok - "*) ok "${line#ok - }" ;;
		"not ok - "*) not_ok "${line#not ok - }" ;;
		*) echo "    $line" ;;
		esac
	done
}

finish() { echo "1..$n"; [ "$failures" -eq 0 ]; }
