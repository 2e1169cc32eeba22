#!/usr/bin/env bash
# Fetches Debian's stock kernel package and unpacks it once into the cache.
# Prints the unpacked tree's directory.
# Usage: ci/nested/fetch-kernel.sh CACHE_DIR
# NESTED_KERNEL picks the series: 6.1 (default: Debian 12's kernel, through the
# machine's apt sources) or 6.12 (bookworm-backports, through a private apt
# state under CACHE_DIR/apt-bookworm-backports: the machine's own sources need
# not list backports, and nothing outside the cache is touched).
# NESTED_KERNEL_PKG=linux-image-... picks the package instead of following
# linux-image-amd64 of that series.
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

series=${NESTED_KERNEL:-6.1}
apt_opts=()
case $series in
6.1) pattern='linux-image-6\.1\.0-[0-9]*-amd64' glob='linux-image-6.1.0-*-amd64' ;;
6.12)
	pattern='linux-image-6\.12\.[0-9]*+deb12-amd64' glob='linux-image-6.12.*-amd64'
	# A private apt state for bookworm-backports: its own sources list and
	# package lists in the cache, refreshed once a day.
	apt_dir=$cache/apt-bookworm-backports
	mkdir -p "$apt_dir/lists/partial" "$apt_dir/archives/partial"
	echo "deb http://deb.debian.org/debian bookworm-backports main" >"$apt_dir/sources.list"
	apt_opts=(-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o Dir::Etc::SourceParts=/nonexistent
		-o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir" -o APT::Sandbox::User=root)
	if [ -z "$(find "$apt_dir/lists" -maxdepth 1 -name '*_Packages*' -mtime -1 2>/dev/null)" ]; then
		echo "nested: fetch: apt-get update (bookworm-backports, private state in $apt_dir)" >&2
		apt-get -q "${apt_opts[@]}" update >"$cache/update.log" 2>&1 ||
			{ sed 's/^/    /' "$cache/update.log" >&2; echo "nested: fetch: warning: apt-get update of bookworm-backports failed; trying the cache" >&2; }
	fi
	;;
*) die "NESTED_KERNEL must be 6.1 or 6.12, not '$series'" ;;
esac

# The package name: the metapackage's dependency, e.g. linux-image-6.1.0-56-amd64.
pkg=${NESTED_KERNEL_PKG:-}
if [ -z "$pkg" ]; then
	pkg=$(apt-cache "${apt_opts[@]}" depends linux-image-amd64 2>/dev/null |
		sed -n "s/^ *Depends: \($pattern\)\$/\1/p" | head -1)
fi
if [ -z "$pkg" ]; then
	# No apt metadata (offline, or another release): fall back to a package already cached.
	cached=$(ls -1 "$cache"/${glob}_*_amd64.deb 2>/dev/null | sort -V | tail -1 || true)
	[ -n "$cached" ] || die "cannot resolve $glob from 'apt-cache depends linux-image-amd64' and nothing is cached in $cache (is a Debian 12 archive reachable? set NESTED_KERNEL_PKG)"
	pkg=$(basename "$cached" | sed 's/_.*//')
fi

# The candidate version names the cached file, so a cached .deb is reused offline.
ver=$(apt-cache "${apt_opts[@]}" policy "$pkg" 2>/dev/null | sed -n 's/^ *Candidate: //p' | head -1)
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
	if ! (cd "$tmp" && apt-get download -q -o APT::Sandbox::User=root "${apt_opts[@]}" "$pkg${ver:+=$ver}") >"$cache/download.log" 2>&1; then
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
	# Only the current kernel of each series stays cached (an unpacked tree
	# is ~400 MB): the matrix (docs/nested.md) boots both series in one run.
	for old in "$cache"/$glob*; do
		[ "$old" = "$tree" ] || [ "$old" = "$deb" ] || rm -rf "$old"
	done
fi
ls "$tree"/boot/vmlinuz-* >/dev/null 2>&1 || die "$deb has no /boot/vmlinuz-*"
echo "$tree"
