#!/usr/bin/env bash
# Installs the Debian packages uvmm needs to build and test, when root or
# passwordless sudo allows; otherwise prints the exact apt-get line and fails.
# Usage: ci/deps.sh [SET...]   with no SET, what `make` needs; optional sets:
#   browser   Debian's chromium, for the matrix page's browser test (docs/ci.md)
set -euo pipefail

# gnu-efi, ovmf, mtools and dosfstools: the UEFI builds, their runs under
# QEMU and the USB image (make efi, efi-check, efi-usb; docs/bare-metal.md).
PKGS=(gcc make nasm gnu-efi qemu-system-x86 ovmf libcmocka-dev busybox-static cpio
      libseccomp-dev clang python3 xz-utils mtools dosfstools python3-yaml)
for set in "$@"; do
	case $set in
	browser) PKGS=(chromium) ;;
	*) echo "uvmm: ci/deps.sh: unknown package set '$set' (browser)" >&2; exit 2 ;;
	esac
done

missing=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

line="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
	sudo=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	sudo=(sudo -n)
else
	echo "uvmm: missing packages; run as root: apt-get update && $line" >&2
	exit 1
fi
echo "uvmm: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq >&2
# shellcheck disable=SC2086
"${sudo[@]}" $line -qq >&2
