# Prints the image name (without .elf) of every test guest/suite.manifest
# marks `portable = yes` (docs/runner.md). The manifest's syntax is checked by
# uvmm's own parser; this only picks names for the build.
/^[ \t]*\[/ { gsub(/[][ \t]/, ""); test = $0; image = ""; portable = 0; next }
/^[ \t]*image[ \t]*=/ { sub(/^[^=]*=[ \t]*/, ""); sub(/[ \t]*(#.*)?$/, ""); image = $0 }
/^[ \t]*portable[ \t]*=[ \t]*yes[ \t]*(#.*)?$/ { portable = 1 }
{ if (portable && image != "" && !(test in done)) { done[test] = 1; sub(/\.elf$/, "", image); print image } }
