#!/usr/bin/env bash
# Builds the nested job's initramfs (cpio newc + gzip): static busybox, /init,
# the stock kernel modules the suite needs (with their dependencies, in load
# order), a static uvmm and the suite's guest images and data files, and
# with NESTED_KUT_DIR a kvm-unit-tests build's x86 binaries.
# Usage: ci/nested/mkinitramfs.sh KERNEL_TREE KVM_VENDOR_MODULE UVMM_STATIC GUEST_DIR OUT
#   KVM_VENDOR_MODULE is kvm-amd or kvm-intel (the one the inner CPU can run).
set -euo pipefail

tree=${1:?usage: mkinitramfs.sh KERNEL_TREE KVM_VENDOR_MODULE UVMM_STATIC GUEST_DIR OUT}
vendor=${2:?kvm-amd or kvm-intel}
uvmm=${3:?static uvmm}
guests=${4:?guest dir}
out=${5:?output file}
here=$(cd "$(dirname "$0")" && pwd)

die() { echo "nested: initramfs: $*" >&2; exit 1; }

busybox=${NESTED_BUSYBOX:-/bin/busybox}
[ -x "$busybox" ] || die "no $busybox (install busybox-static)"
file -L "$busybox" 2>/dev/null | grep -q 'statically linked' ||
	die "$busybox is not statically linked (install busybox-static)"
file -L "$uvmm" 2>/dev/null | grep -q 'statically linked' || die "$uvmm is not a static executable"
command -v cpio >/dev/null || die "no cpio (apt-get install cpio)"

moddir=$(ls -d "$tree"/lib/modules/*/ 2>/dev/null | head -1)
[ -n "$moddir" ] || die "no lib/modules/* in $tree"

root=$(mktemp -d "${out%/*}/initramfs.XXXXXX")
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,dev,proc,sys,tmp,lib/modules,uvmm/guest}

# --- modules ------------------------------------------------------------
# Module names treat '-' and '_' alike; files may be compressed.
declare -A modfile=()
while IFS= read -r f; do
	b=${f##*/}; b=${b%%.ko*}
	modfile[${b//-/_}]=$f
done < <(find "$moddir" -name '*.ko' -o -name '*.ko.xz' -o -name '*.ko.zst' -o -name '*.ko.gz')

# modinfo_depends FILE: the .modinfo "depends=" list, comma-separated.
modinfo_depends() {
	if command -v modinfo >/dev/null; then
		modinfo -F depends "$1"
	else
		objcopy -O binary --only-section=.modinfo "$1" /dev/stdout | tr '\0' '\n' |
			sed -n 's/^depends=//p'
	fi
}

# decompress SRC DST: a plain .ko, whatever the package compressed it with.
decompress() {
	case $1 in
	*.ko.xz) xz -dc "$1" >"$2" ;;
	*.ko.zst) zstd -qdc "$1" >"$2" ;;
	*.ko.gz) gzip -dc "$1" >"$2" ;;
	*) cp "$1" "$2" ;;
	esac
}

declare -A state=()
order=()
# add_module NAME: stage NAME after its dependencies (depth first, post-order).
add_module() {
	local key=${1//-/_} src dst deps d
	case ${state[$key]:-} in
	done) return 0 ;;
	busy) die "module dependency cycle at $1" ;;
	esac
	state[$key]=busy
	src=${modfile[$key]:-}
	[ -n "$src" ] || die "module $1 not found under $moddir"
	dst=$root/lib/modules/$key.ko
	decompress "$src" "$dst" || die "cannot decompress $src"
	deps=$(modinfo_depends "$dst") || die "cannot read .modinfo of $src"
	for d in ${deps//,/ }; do add_module "$d"; done
	state[$key]="done"
	order+=("$key")
}
for m in kvm "$vendor" vfio vfio_iommu_type1 vfio-pci; do add_module "$m"; done
printf '%s\n' "${order[@]}" >"$root/lib/modules/order"

# --- busybox, /init, uvmm and the suite --------------------------------
cp "$busybox" "$root/bin/busybox"
for a in $("$busybox" --list); do
	[ "$a" = busybox ] || ln -s busybox "$root/bin/$a"
done
install -m 0755 "$here/init" "$root/init"
strip --strip-debug -o "$root/uvmm/uvmm" "$uvmm" 2>/dev/null || cp "$uvmm" "$root/uvmm/uvmm"
chmod 0755 "$root/uvmm/uvmm"

# Every image and expect file the manifest names, plus the two data files.
manifest=$guests/suite.manifest
[ -f "$manifest" ] || die "no $manifest (make guests)"
cp "$manifest" "$root/uvmm/guest/"
[ -f "$guests/deviations.txt" ] && cp "$guests/deviations.txt" "$root/uvmm/guest/"
sed -n 's/#.*//; s/^[[:space:]]*\(image\|expect\|expect_only\)[[:space:]]*=[[:space:]]*\([^[:space:]]*\).*/\2/p' \
	"$manifest" | sort -u | while IFS= read -r f; do
	case $f in
	/*) die "$manifest names an absolute path ($f): it does not exist inside the nested VM" ;;
	esac
	[ -f "$guests/$f" ] || die "$guests/$f (named in $manifest) is missing (make guests)"
	mkdir -p "$root/uvmm/guest/$(dirname "$f")"
	cp "$guests/$f" "$root/uvmm/guest/$f"
done

# The benchmark guests (NESTED_BENCH, docs/bench.md): small, always carried.
for f in "$guests"/bench_*.elf; do
	[ -f "$f" ] && cp "$f" "$root/uvmm/guest/"
done
# A user's kvm-unit-tests build (NESTED_KUT_DIR, docs/kut.md): its x86 cfg,
# errata and binaries under /kut, never more (KUT is not uvmm's to ship).
if [ -n "${NESTED_KUT_DIR:-}" ]; then
	kd=$NESTED_KUT_DIR
	[ -f "$kd/x86/unittests.cfg" ] || die "NESTED_KUT_DIR=$kd has no x86/unittests.cfg (a kvm-unit-tests build)"
	mkdir -p "$root/kut/x86"
	cp "$kd/x86/unittests.cfg" "$kd"/x86/*.flat "$root/kut/x86/"
	[ -f "$kd/errata.txt" ] && cp "$kd/errata.txt" "$root/kut/"
	[ -f "$guests/kut-deviations.txt" ] && cp "$guests/kut-deviations.txt" "$root/uvmm/guest/"
fi

(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) | gzip -1 >"$out.tmp"
mv "$out.tmp" "$out"
echo "nested: initramfs $(du -k "$out" | cut -f1) KiB, modules: ${order[*]}" >&2
