#!/usr/bin/env bash
# Fetches Debian's stock kernel package through the machine's apt sources and
# unpacks it once into the cache. Prints the unpacked tree's directory.
# Usage: ci/nested/fetch-kernel.sh CACHE_DIR
# NESTED_KERNEL_PKG=linux-image-6.1.0-N-amd64 picks the package instead of
# following linux-image-amd64.
#
# The signed package (linux-image-6.1.0-N-amd64, the one linux-image-amd64
# depends on) is used rather than the -unsigned one: it is the exact kernel a
# stock Debian 12 machine boots, and its modules carry Debian's signatures, so
# kvm_amd loads without the "unsigned module" taint a stock system never has.
set -euo pipefail

cache=${1:?usage: fetch-kernel.sh CACHE_DIR}
mkdir -p "$cache"
cache=$(cd "$cache" && pwd)

die() { echo "nested: fetch: $*" >&2; exit 1; }

# The package name: the metapackage's dependency, e.g. linux-image-6.1.0-56-amd64.
pkg=${NESTED_KERNEL_PKG:-}
if [ -z "$pkg" ]; then
	pkg=$(apt-cache depends linux-image-amd64 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-6\.1\.0-[0-9]*-amd64\)$/\1/p' | head -1)
fi
if [ -z "$pkg" ]; then
	# No apt metadata (or not Debian 12): fall back to a package already cached.
	cached=$(ls -1 "$cache"/linux-image-6.1.0-*-amd64_*_amd64.deb 2>/dev/null | sort -V | tail -1 || true)
	[ -n "$cached" ] || die "cannot resolve linux-image-6.1.0-*-amd64 from 'apt-cache depends linux-image-amd64' and nothing is cached in $cache (is a Debian 12 archive configured? set NESTED_KERNEL_PKG)"
	pkg=$(basename "$cached" | sed 's/_.*//')
fi

# The candidate version names the cached file, so a cached .deb is reused offline.
ver=$(apt-cache policy "$pkg" 2>/dev/null | sed -n 's/^ *Candidate: //p' | head -1)
deb=
if [ -n "$ver" ] && [ "$ver" != "(none)" ]; then
	deb="$cache/${pkg}_${ver//:/%3a}_amd64.deb"
else
	deb=$(ls -1 "$cache/${pkg}"_*_amd64.deb 2>/dev/null | sort -V | tail -1 || true)
fi

if [ -z "$deb" ] || [ ! -s "$deb" ]; then
	echo "nested: fetch: apt-get download $pkg${ver:+=$ver}" >&2
	tmp=$(mktemp -d "$cache/dl.XXXXXX")
	# apt's download sandbox user cannot write into a root-owned build tree.
	if ! (cd "$tmp" && apt-get download -q -o APT::Sandbox::User=root "$pkg${ver:+=$ver}") >"$cache/download.log" 2>&1; then
		rm -rf "$tmp"
		sed 's/^/    /' "$cache/download.log" >&2
		die "cannot download the kernel package '$pkg${ver:+ $ver}' with apt-get download (network, or the archive in /etc/apt/sources.list*?)"
	fi
	got=$(ls -1 "$tmp"/*.deb 2>/dev/null | head -1)
	[ -n "$got" ] || { rm -rf "$tmp"; die "apt-get download $pkg produced no .deb"; }
	deb="$cache/$(basename "$got")"
	mv "$got" "$deb"
	rm -rf "$tmp"
fi

# Unpack once per package file; the stamp proves the unpack finished.
tree="$cache/$(basename "$deb" .deb)"
if [ ! -f "$tree/.unpacked" ]; then
	rm -rf "$tree"
	dpkg-deb -x "$deb" "$tree" || die "dpkg-deb -x $deb failed"
	touch "$tree/.unpacked"
	# Only the current kernel stays cached (an unpacked tree is ~400 MB).
	for old in "$cache"/linux-image-*; do
		[ "$old" = "$tree" ] || [ "$old" = "$deb" ] || rm -rf "$old"
	done
fi
ls "$tree"/boot/vmlinuz-* >/dev/null 2>&1 || die "$deb has no /boot/vmlinuz-*"
echo "$tree"
