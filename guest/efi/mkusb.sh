#!/usr/bin/env bash
# Writes the USB image of `make efi-usb`: an MBR with one EFI System partition
# (type 0xEF, from 1 MiB) holding a FAT32 file system with the ESP layout:
#   EFI/BOOT/BOOTX64.EFI   the sequencer (guest/efi/efi_seq.c)
#   EFI/UVMM/NAME.efi      one UEFI image per test
#   EFI/UVMM/TESTS.TXT     the order to run them in, and "wait SECONDS"
# Debian tools only: dosfstools formats, mtools fills (no loop mount, no root).
# Usage: mkusb.sh IMAGE SEQUENCER WAIT TEST.efi...
set -euo pipefail
img=$1 seq=$2 wait=$3
shift 3
size_mib=64
start=2048                                  # sectors of 512 bytes: 1 MiB
sectors=$(( size_mib * 2048 - start ))

le32() { printf "\\\\x%02x\\\\x%02x\\\\x%02x\\\\x%02x" $(( $1 & 255 )) $(( $1 >> 8 & 255 )) \
	$(( $1 >> 16 & 255 )) $(( $1 >> 24 & 255 )); }

tmp=$img.tmp
rm -f "$tmp"
truncate -s ${size_mib}M "$tmp"
# Partition entry 1 at 446: not active, CHS fields "LBA only", type 0xEF.
entry="\\x00\\xfe\\xff\\xff\\xef\\xfe\\xff\\xff$(le32 $start)$(le32 $sectors)"
printf "$entry" | dd of="$tmp" bs=1 seek=446 conv=notrunc status=none
printf '\x55\xaa' | dd of="$tmp" bs=1 seek=510 conv=notrunc status=none
mkfs.fat -F 32 -n UVMM --offset $start "$tmp" $(( sectors / 2 )) >/dev/null
fs="$tmp@@$(( start * 512 ))"
export MTOOLS_SKIP_CHECK=1
mmd -i "$fs" ::/EFI ::/EFI/BOOT ::/EFI/UVMM
mcopy -i "$fs" "$seq" ::/EFI/BOOT/BOOTX64.EFI
list=$(mktemp)
trap 'rm -f "$list" "$tmp"' EXIT
{
	echo "# uvmm: the tests EFI/BOOT/BOOTX64.EFI runs, in order (docs/bare-metal.md)"
	echo "wait $wait"
	for t in "$@"; do basename "$t" .efi; done
} > "$list"
mcopy -i "$fs" "$list" ::/EFI/UVMM/TESTS.TXT
mcopy -i "$fs" "$@" ::/EFI/UVMM/
mv "$tmp" "$img"
trap - EXIT
rm -f "$list"
