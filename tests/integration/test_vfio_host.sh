#!/usr/bin/env bash
# The host is the operator's (issue 13, rule 3): before uvmm changes anything
# on the host for a VFIO device, every check passes — the device exists, is of
# the kind the image asks for, is in a viable IOMMU group, and is bound to
# vfio-pci or nothing unless --vfio-rebind — and a refusal leaves the host
# exactly as it was. Runs uvmm against a fake sysfs mounted over /sys in a
# private mount namespace, so nothing on this machine is touched.
cd "$(dirname "$0")/../.."
. tests/integration/lib.sh
img=$GUESTS/vfio_edu_probe.elf # asks for a 1234:11e8 device

if [ "$(id -u)" -ne 0 ] || ! unshare -m --propagation private true 2>/dev/null; then
	skip "fake-sysfs VFIO checks" "needs root and unshare -m"; finish; exit
fi

# fake_sysfs DIR: one device 0000:00:03.0 (VENDOR:DEVICE, bound to DRIVER or
# nothing) in IOMMU group 7, optionally with a neighbour bound to NEIGHBOUR,
# and vfio-pci present unless NO_VFIO_PCI=1.
fake_sysfs() {
	local s=$1 dev=$1/bus/pci/devices/0000:00:03.0
	rm -rf "$s"
	mkdir -p "$dev" "$s/bus/pci/drivers/e1000e" "$s/kernel/iommu_groups/7/devices" "$s/module"
	[ "${NO_VFIO_PCI:-0}" = 1 ] || mkdir -p "$s/bus/pci/drivers/vfio-pci"
	touch "$s/bus/pci/drivers/e1000e/unbind" "$s/bus/pci/drivers_probe"
	[ -d "$s/bus/pci/drivers/vfio-pci" ] && touch "$s/bus/pci/drivers/vfio-pci/unbind"
	echo "0x${VENDOR:-1234}" >"$dev/vendor"
	echo "0x${DEVICE:-11e8}" >"$dev/device"
	: >"$dev/driver_override"
	head -c 256 /dev/zero >"$dev/config"
	[ -n "${DRIVER:-}" ] && ln -s "../../drivers/$DRIVER" "$dev/driver"
	if [ "${NO_GROUP:-0}" != 1 ]; then
		ln -s ../../../../kernel/iommu_groups/7 "$dev/iommu_group"
		ln -s ../../../../bus/pci/devices/0000:00:03.0 "$s/kernel/iommu_groups/7/devices/0000:00:03.0"
	fi
	if [ -n "${NEIGHBOUR:-}" ]; then
		local nb=$s/bus/pci/devices/0000:00:04.0
		mkdir -p "$nb" "$s/bus/pci/drivers/$NEIGHBOUR"
		ln -s "../../drivers/$NEIGHBOUR" "$nb/driver"
		ln -s ../../../../bus/pci/devices/0000:00:04.0 "$s/kernel/iommu_groups/7/devices/0000:00:04.0"
	fi
}
snapshot() { (cd "$1" && find . -printf '%p %y %l\n' | sort && find . -type f -exec sha256sum {} + | sort); }

# refused WHAT CODE PATTERN [uvmm run options...]: uvmm refuses with CODE and
# PATTERN, and the fake host is byte for byte as it was.
refused() {
	local what=$1 code=$2 pattern=$3 out rc
	shift 3
	snapshot "$TMP/sys" >"$TMP/before"
	out=$(unshare -m --propagation private bash -c 'mount --bind "$0" /sys && exec "$@"' \
		"$TMP/sys" "$UVMM" run "$img" --no-sandbox "$@" 2>&1); rc=$?
	snapshot "$TMP/sys" >"$TMP/after"
	if [ "$rc" -ne "$code" ] || ! grep -Eq -- "$pattern" <<<"$out"; then
		not_ok "$what (exit $rc, wanted $code and /$pattern/)"; sed 's/^/    /' <<<"$out" | tail -5
	elif ! cmp -s "$TMP/before" "$TMP/after"; then
		not_ok "$what: the host changed"; diff "$TMP/before" "$TMP/after" | head | sed 's/^/    /'
	else
		ok "$what, host unchanged"
	fi
}

DRIVER=e1000e fake_sysfs "$TMP/sys"
refused "a device bound to another driver is not taken without --vfio-rebind" 6 \
	"0000:00:03.0 is bound to e1000e: uvmm rebinds a device to vfio-pci only when told to \(--vfio-rebind\)" \
	--vfio 0000:00:03.0
DRIVER=e1000e fake_sysfs "$TMP/sys"
refused "... nor through the manifest-style kind spec" 6 "is bound to e1000e" --vfio 1234:11e8
NO_GROUP=1 fake_sysfs "$TMP/sys"
refused "a device in no IOMMU group is refused" 6 "0000:00:03.0 is in no IOMMU group: no IOMMU" \
	--vfio 0000:00:03.0 --vfio-rebind
NEIGHBOUR=e1000e fake_sysfs "$TMP/sys"
refused "a group that is not viable is refused" 6 \
	"IOMMU group 7 is not viable: 0000:00:04.0 \(same group as 0000:00:03.0\) is bound to e1000e" \
	--vfio 0000:00:03.0 --vfio-rebind
VENDOR=8086 DEVICE=100e fake_sysfs "$TMP/sys"
refused "a device of another kind than the image needs is the operator's error" 7 \
	"0000:00:03.0 is 8086:100e, but the image needs a 1234:11e8 device" --vfio 0000:00:03.0
fake_sysfs "$TMP/sys"
refused "a device that does not exist is refused" 6 "no PCI device 0000:00:09.0 on this host" \
	--vfio 0000:00:09.0
NO_VFIO_PCI=1 fake_sysfs "$TMP/sys"
refused "without vfio-pci loaded nothing is written" 6 "vfio-pci is not loaded" \
	--vfio 0000:00:03.0 --vfio-rebind

finish
