#!/usr/bin/env bash
# The build's own guards: a machine without the packages gets the one
# apt-get line before any compiler runs, and a mistyped include path fails.
cd "$(dirname "$0")/../.."
. tests/integration/lib.sh

# A machine where nothing is installed and nobody may install: fake
# dpkg-query (nothing installed), id (not root) and sudo (no rights).
mkdir -p "$TMP/bin"
printf '#!/bin/sh\nexit 1\n' > "$TMP/bin/dpkg-query"
printf '#!/bin/sh\n[ "$1" = -u ] && echo 1000 || /usr/bin/id "$@"\n' > "$TMP/bin/id"
printf '#!/bin/sh\nexit 1\n' > "$TMP/bin/sudo"
chmod +x "$TMP/bin/"*

expect_run "without packages or root, ci/deps.sh prints the one apt-get line and fails" 1 \
	'^uvmm: missing packages; run as root: apt-get update && apt-get install -y --no-install-recommends gcc make nasm' -- \
	env PATH="$TMP/bin:$PATH" bash ci/deps.sh
out=$(env PATH="$TMP/bin:$PATH" make -n all 2>&1); rc=$?
if [ "$rc" -ne 0 ] && grep -q 'missing Debian packages' <<<"$out" && ! grep -q '  CC ' <<<"$out" &&
	[ "$(grep -c 'apt-get install' <<<"$out")" -eq 1 ]; then
	ok "plain make stops at the missing packages, before compiling anything"
else
	not_ok "plain make stops at the missing packages (exit $rc)"; sed 's/^/    /' <<<"$out" | head
fi

# -Wmissing-include-dirs turns a mistyped -I into an error, for guests and the VMM.
for flags in GUEST_CFLAGS64 VMM_CFLAGS; do
	cflags=$(make -s --no-print-directory --eval="print-flags: ; @echo \$($flags)" print-flags 2>/dev/null)
	expect_run "$flags: a mistyped include directory is an error" 1 'missing-include-dirs|No such file' -- \
		bash -c "echo 'int x;' | gcc $cflags -Iguest/inclde -x c -c -o /dev/null -"
done

# Every suite test says whether it is portable (bare metal, QEMU: docs/bare-metal.md);
# a section without the key would silently leave the differential matrix.
no_portable() {
	awk '/^\[/{if (sec != "" && !p) print sec; sec=$0; p=0} /^portable *=/{p=1}
		END{if (sec != "" && !p) print sec}' "$1"
}
missing=$(no_portable guest/suite.manifest)
[ -z "$missing" ] && ok "every section of guest/suite.manifest has a portable key" ||
	not_ok "sections without portable: $(tr '\n' ' ' <<<"$missing")"
printf '[a]\nimage = a.elf\nportable = yes\n[b]\nimage = b.elf\n' >"$TMP/m.manifest"
[ "$(no_portable "$TMP/m.manifest")" = "[b]" ] &&
	ok "the portable check catches a section without the key" || not_ok "the portable check misses [b]"

finish
