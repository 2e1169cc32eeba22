#!/usr/bin/env bash
# Fails when a vmm/ folder includes one that tests/layers.txt does not allow,
# when a folder is missing from that table, or when modules (NAME.c + NAME.h)
# include each other in a cycle. Usage: tests/check-layers.sh [VMM_DIR [RULES]]
set -uo pipefail
vmm=${1:-vmm} rules=${2:-$(dirname "$0")/layers.txt}
bad=0
declare -A allow
while read -r folder deps; do
	allow[${folder%:}]=" $deps "
done < <(grep -v '^#' "$rules" | grep ':')
edges=$(mktemp)
trap 'rm -f "$edges"' EXIT
for f in "$vmm"/*.[ch] "$vmm"/*/*.[ch]; do
	rel=${f#"$vmm"/}
	dir=$(dirname "$rel")
	if [ "$dir" != . ] && [ -z "${allow[$dir]+x}" ]; then
		echo "$rel: folder '$dir' has no row in $rules"; bad=1; continue
	fi
	while IFS= read -r inc; do
		idir=$(dirname "$inc")
		echo "${rel%.*} ${inc%.*}" >> "$edges"
		[ "$dir" = . ] || [ "$idir" = . ] || [ "$idir" = "$dir" ] || [ "$idir" = util ] && continue
		case "${allow[$dir]}" in *" * "*|*" $idir "*) ;; *)
			echo "$rel: includes \"$inc\": $dir/ may not include $idir/"; bad=1 ;;
		esac
	done < <(sed -n 's/^#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f" | grep -v '^uvmm/')
done
# One logging rule: only the CLI layer (cli/, main.c) talks to the terminal;
# everything else writes to the FILE it is handed (a run's log). String
# literals and comments are blanked first: only code counts.
while IFS= read -r hit; do
	echo "$hit"; bad=1
done < <(for f in "$vmm"/*/*.c "$vmm"/*.c; do
	case ${f#"$vmm"/} in cli/* | main.c) continue ;; esac
	sed -E 's/"([^"\\]|\\.)*"/""/g; s@//.*$@@; s@/\*.*\*/@@g; s@^[[:space:]]*\*.*$@@' "$f" |
		grep -nE '\b(stdout|stderr)\b|(^|[^a-z_.>])(printf|puts|putchar|perror|vprintf) *\(' |
		sed "s|^\([0-9]*\):[[:space:]]*|${f#"$vmm"/}:\1: writes to the terminal outside cli/ (pass a FILE * down instead): |"
done)
# Module graph: a.c/a.h -> b when either includes b.h; tsort names any loop.
loops=$(awk '$1 != $2' "$edges" | sort -u | tsort 2>&1 >/dev/null | grep -v "input contains a loop:$")
if [ -n "$loops" ]; then
	echo "module include cycle:"; sed 's/^tsort: /  /' <<<"$loops"; bad=1
fi
[ "$bad" -eq 0 ] && echo "layers ok: $(sort -u "$edges" | wc -l) include edges checked"
exit "$bad"
