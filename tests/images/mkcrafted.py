#!/usr/bin/env python3
"""Writes the hand-crafted part of the bad-image corpus into DIR (default
tests/images/corpus) and DIR/crafted.txt: NAME<TAB>uvmm run options<TAB>
substring of the one-line reason ("-": no options). Complements mkbad.c (ELF catalogue shared
with the unit tests) with flat images, which need load options, and a few
ELF64 files built here byte by byte. Every file must get exit code 4."""
import os
import struct
import sys

PT_LOAD, PF_X, PF_W, PF_R = 1, 1, 2, 4


def elf64(phdrs, entry=0x100000, phnum=None):
    """ELF64 executable: header, program headers, then 0x100 bytes of code."""
    ehsize, phsize = 64, 56
    body_off = ehsize + phsize * len(phdrs)
    hdr = b"\x7fELF" + bytes([2, 1, 1, 0]) + bytes(8)
    hdr += struct.pack("<HHIQQQIHHHHHH", 2, 62, 1, entry, ehsize, 0, 0, ehsize, phsize,
                       len(phdrs) if phnum is None else phnum, 0, 0, 0)
    out = hdr
    for (flags, off, paddr, filesz, memsz) in phdrs:
        out += struct.pack("<IIQQQQQQ", PT_LOAD, flags, body_off + off, paddr, paddr,
                           filesz, memsz, 0x1000)
    return out + b"\xf4" * 0x100


ELF = {
    # p_memsz so large that paddr + memsz wraps past 2^64.
    "memsz-wrap.elf": (elf64([(PF_R | PF_X, 0, 0x100000, 0x100, 0xffffffffffff0000)]),
                       "wraps around the 64-bit address space"),
    # p_memsz of 2^63: no wrap, but far outside any guest RAM.
    "memsz-huge.elf": (elf64([(PF_R | PF_X, 0, 0x100000, 0x100, 1 << 63)]),
                       "is outside guest RAM"),
    # A segment on uvmm's boot structures (GDT, page tables, start info).
    "segment-in-boot-area.elf": (elf64([(PF_R | PF_X, 0, 0x2000, 0x100, 0x100)], entry=0x2000),
                                 "boot"),
    # ELF64 with e_phnum 65535 and a table that would run far past the file.
    "phnum-huge64.elf": (elf64([(PF_R | PF_X, 0, 0x100000, 0x100, 0x100)], phnum=0xffff),
                         "e_phnum 65535 exceeds the limit"),
    # Entry at 0: inside no segment.
    "entry-zero.elf": (elf64([(PF_R | PF_X, 0, 0x100000, 0x100, 0x100)], entry=0),
                       "entry point 0x0 is not inside"),
    # Writable and executable code segment.
    "wx-single.elf": (elf64([(PF_R | PF_W | PF_X, 0, 0x100000, 0x100, 0x100)]),
                      "writable and executable"),
    # Two identical segments.
    "overlap-same.elf": (elf64([(PF_R | PF_X, 0, 0x100000, 0x100, 0x100),
                                (PF_R, 0, 0x100000, 0x100, 0x100)]), "overlap"),
}

# Flat images: (bytes, options, reason).
FLAT = {
    "flat-at-4g-edge.bin": (b"\xf4", "--flat 0xfffff000", "is outside guest RAM"),
    "flat-wrap.bin": (b"\xf4" * 0x200, "--flat 0xffffffffffffff00", "overflows"),
    "flat-addr-overflow.bin": (b"\xf4", "--flat 0xffffffffffffffff", "overflows"),
    "flat-past-ram.bin": (b"\xf4" * 0x1000, "--flat 0xfff800", "is outside guest RAM"),
    "flat-larger-than-ram.bin": (b"\x00" * ((2 << 20) + 1), "--mem 2M --flat 0x0",
                                 "is outside guest RAM"),
    "flat-real-above-1m.bin": (b"\xf4", "--flat 0x100000", "above 1 MiB"),
}


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "tests/images/corpus"
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "crafted.txt"), "w") as listing:
        for name, (data, why) in ELF.items():
            open(os.path.join(out, name), "wb").write(data)
            listing.write(f"{name}\t-\t{why}\n")
        for name, (data, opts, why) in FLAT.items():
            open(os.path.join(out, name), "wb").write(data)
            listing.write(f"{name}\t{opts}\t{why}\n")


if __name__ == "__main__":
    main()
