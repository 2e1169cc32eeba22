#!/usr/bin/env python3
"""Lab 6, Part C's grader: runs guests/refuse.elf, which registers each
program of given/unsafe.bpf.c and prints uvmm's refusal, and compares the
instruction and rule uvmm named for program NAME with your answers.
  refusal_check.py UVMM REFUSE_ELF ANSWERS NAME
Exit 0 when both agree, 1 when not, 2 when the refusal could not be read."""

import re
import subprocess
import sys


def answers(path):
    got = {}
    with open(path) as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if "=" in line:
                key, _, value = line.partition("=")
                got[key.strip()] = value.strip()
    return got


def main(argv):
    if len(argv) != 5:
        print(__doc__.splitlines()[3].strip(), file=sys.stderr)
        return 2
    uvmm, image, path, name = argv[1:]
    p = subprocess.run([uvmm, "run", "--timeout", "10", image],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=30)
    text = p.stdout.decode("utf-8", "replace")
    m = re.search(r"^(?:guest\| )?unsafe/%s: status (-?\d+) rule \d+: exit program: insn (\d+) \(([^)]*)\): ([^:]+):"
                  % re.escape(name), text, re.M)
    if not m:
        print(f"no refusal of unsafe/{name} in the output of {image}:\n{text[-2000:]}")
        return 2
    insn, mnemonic, rule = m.group(2), m.group(3), m.group(4)
    print(f"uvmm: unsafe/{name} refused at insn {insn} ({mnemonic}), rule '{rule}'")
    mine = answers(path)
    bad = []
    if mine.get(f"{name}.insn", "") != insn:
        bad.append(f"{name}.insn: you wrote '{mine.get(name + '.insn', '')}'")
    if mine.get(f"{name}.rule", "").lower() != rule.lower():
        bad.append(f"{name}.rule: you wrote '{mine.get(name + '.rule', '')}'")
    for b in bad:
        print(b)
    if not bad:
        print(f"{name}: your answer names them")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
