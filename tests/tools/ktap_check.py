#!/usr/bin/env python3
"""A strict checker of KTAP version 1 (the kernel's
Documentation/dev-tools/ktap.rst), for uvmm's --ktap output.

Checks: "KTAP version 1" first and at the start of every nested block, each
nesting level indented two more spaces; a plan "1..N" after each version line
(diagnostic lines may come between); result lines "ok|not ok NUMBER
[DESCRIPTION][ # [DIRECTIVE] [DATA]]" numbered 1, 2, ... per level, a
description without '#'; directives SKIP, TODO, XFAIL, TIMEOUT, ERROR with
TIMEOUT and ERROR on "not ok"; a nested block ends with its parent's result
line, holds as many results as its plan, and a failed subtest makes its
parent "not ok" (or SKIP/XFAIL); as many results as the plan at the top,
unless a "Bail out!" line ends the stream. With --strict, lines that are
none of these ("unknown lines", which KTAP allows) are errors too.

  ktap_check.py [--strict] FILE     exit 0 when valid; the first error otherwise
"""
import re
import sys

RESULT = re.compile(r"^(ok|not ok) ([0-9]+)(?: ([^#]*?))?(?: # ?(.*))?$")
DIRECTIVES = ("SKIP", "TODO", "XFAIL", "TIMEOUT", "ERROR")


class Bad(Exception):
    pass


def check(lines, strict):
    # Each level: {"plan": N or None, "count": results so far, "failed": any failed}
    stack = []
    bailed = False
    for no, raw in enumerate(lines, 1):
        line = raw.rstrip("\n")
        if bailed:
            raise Bad(f"line {no}: text after Bail out!")
        if line.startswith("Bail out!"):
            bailed = True
            continue
        indent = len(line) - len(line.lstrip(" "))
        body = line[indent:]
        if body == "KTAP version 1":
            if indent % 2 or indent // 2 != len(stack):
                raise Bad(f"line {no}: version line at indent {indent}, expected {2 * len(stack)}")
            if no != 1 and not stack:
                raise Bad(f"line {no}: a second top-level version line")
            stack.append({"plan": None, "count": 0, "failed": False, "indent": indent})
            continue
        if not stack:
            raise Bad(f"line {no}: does not start with 'KTAP version 1'")
        if body.startswith("#"):
            continue  # diagnostic
        m = RESULT.match(body)
        plan = re.match(r"^1\.\.([0-9]+)$", body)
        if plan:
            level = stack[-1]
            if indent != level["indent"]:
                raise Bad(f"line {no}: plan at indent {indent}, expected {level['indent']}")
            if level["plan"] is not None or level["count"]:
                raise Bad(f"line {no}: plan not right after the version line")
            level["plan"] = int(plan.group(1))
            continue
        if not m:
            if strict:
                raise Bad(f"line {no}: unknown line: {line!r}")
            continue
        # A result at a shallower indent closes the nested block(s) above it.
        while stack and indent < stack[-1]["indent"]:
            child = stack.pop()
            if child["plan"] is not None and child["count"] != child["plan"]:
                raise Bad(f"line {no}: nested plan 1..{child['plan']} but {child['count']} results")
            if not stack or indent != stack[-1]["indent"]:
                raise Bad(f"line {no}: result at indent {indent} does not close a block")
            stack[-1]["child_failed"] = child["failed"]
        level = stack[-1]
        if indent != level["indent"]:
            raise Bad(f"line {no}: result at indent {indent}, expected {level['indent']}")
        if level["plan"] is None:
            raise Bad(f"line {no}: result before the plan")
        ok, num, desc, rest = m.group(1) == "ok", int(m.group(2)), m.group(3), m.group(4)
        if num != level["count"] + 1:
            raise Bad(f"line {no}: test number {num}, expected {level['count'] + 1}")
        directive = None
        if rest is not None:
            word = rest.split(" ", 1)[0]
            if word in DIRECTIVES:
                directive = word
        if directive in ("TIMEOUT", "ERROR") and ok:
            raise Bad(f"line {no}: {directive} on an 'ok' line")
        if level.pop("child_failed", False) and ok and directive not in ("SKIP", "XFAIL"):
            raise Bad(f"line {no}: a subtest failed but its parent is 'ok'")
        level["count"] = num
        if not ok and directive not in ("SKIP", "XFAIL", "TODO"):
            level["failed"] = True
        del desc
    if not stack:
        raise Bad("empty stream")
    if len(stack) > 1:
        raise Bad("a nested block was never closed by its parent's result")
    top = stack[0]
    if top["plan"] is None:
        raise Bad("no plan")
    if not bailed and top["count"] != top["plan"]:
        raise Bad(f"plan 1..{top['plan']} but {top['count']} results (and no Bail out!)")
    if bailed and top["count"] > top["plan"]:
        raise Bad("more results than the plan")
    return top["count"], bailed


def main():
    args = sys.argv[1:]
    strict = "--strict" in args
    args = [a for a in args if a != "--strict"]
    with open(args[0], encoding="ascii") as f:
        lines = f.readlines()
    try:
        n, bailed = check(lines, strict)
    except Bad as e:
        print(f"{args[0]}: invalid KTAP: {e}")
        return 1
    print(f"{args[0]}: valid KTAP version 1, {n} results{' (Bail out!)' if bailed else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
