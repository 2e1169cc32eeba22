#!/usr/bin/env python3
"""Reads a grading TAP file (labs/grade.py --tap) and checks what a test of
the grader expects of it. Prints one line per difference; exit 0 if none.
  tap_outcome.py TAP --fails "T1 T2"   exactly these tests fail, and the score
                                       is the full score minus their points
  tap_outcome.py TAP --fails ""        full marks
  tap_outcome.py TAP --skeleton        every test but build fails or is skipped"""

import argparse
import re
import sys


def parse(path):
    tests, score = [], None
    with open(path) as f:
        lines = f.read().splitlines()
    plan = next((l for l in lines if re.match(r"^1\.\.\d+$", l)), None)
    cur = None
    for line in lines:
        m = re.match(r"^(ok|not ok) (\d+) - (\S+)( # SKIP .*)?$", line)
        if m:
            cur = {"name": m.group(3), "ok": m.group(1) == "ok", "skip": bool(m.group(4))}
            tests.append(cur)
            continue
        m = re.match(r"^  (points|max_points): (\S+)$", line)
        if m and cur is not None:
            cur[m.group(1)] = float(m.group(2))
        m = re.match(r"^# Score: (\S+)/(\S+)$", line)
        if m:
            score = (float(m.group(1)), float(m.group(2)))
    return plan, tests, score


def main():
    p = argparse.ArgumentParser()
    p.add_argument("tap")
    p.add_argument("--fails")
    p.add_argument("--skeleton", action="store_true")
    a = p.parse_args()
    plan, tests, score = parse(a.tap)
    bad = []
    if plan != f"1..{len(tests)}":
        bad.append(f"plan {plan} but {len(tests)} test points")
    if score is None:
        bad.append("no '# Score: X/Y' line")
        score = (0, 0)
    failed = {t["name"] for t in tests if not t["ok"]}
    counted = [t for t in tests if not t["skip"]]
    if a.fails is not None:
        want = set(a.fails.split())
        if failed != want:
            bad.append(f"failed {sorted(failed)}, wanted {sorted(want)}")
        full = sum(t.get("max_points", 0) for t in counted)
        lost = sum(t.get("max_points", 0) for t in counted if t["name"] in want)
        if score != (full - lost, full):
            bad.append(f"score {score[0]:g}/{score[1]:g}, wanted {full - lost:g}/{full:g}")
    if a.skeleton:
        passed = [t["name"] for t in tests if t["ok"] and not t["skip"] and t["name"] != "build"]
        if passed:
            bad.append(f"an untouched skeleton passes {' '.join(passed)}")
    for b in bad:
        print(f"{a.tap}: {b}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
