#!/usr/bin/env python3
"""Checks results files against the key tables of docs/results-schema.md.

Every key a file has must be documented with the same type, and every key
documented as required must be in each object that has its parent: the
document and the writer cannot drift apart. Prints one ok/not ok line per
file and check; exits 1 on any failure.

  results_schema.py DOC FILE...
"""
import json
import re
import sys

TYPES = {"string": str, "number": (int, float), "bool": bool, "object": dict, "array": list}


def read_doc(path):
    keys = {}
    for line in open(path, encoding="utf-8"):
        m = re.match(r"^\| `([^`]+)` \| (\w+) \| (yes)? *\|", line)
        if m:
            keys[m.group(1)] = (m.group(2), m.group(3) == "yes")
    return keys


def walk(value, path, found):
    """found[path] = list of (value, parent object) for every occurrence."""
    if isinstance(value, dict):
        for k, v in value.items():
            p = (path + "." if path else "") + ("NAME" if path.endswith("capabilities") else k)
            found.setdefault(p, []).append(v)
            walk(v, p, found)
    elif isinstance(value, list):
        for v in value:
            walk(v, path + "[]", found)


def check_file(doc, path):
    problems = []
    data = json.load(open(path, encoding="utf-8"))
    found = {"": [data]}
    walk(data, "", found)
    for p, values in found.items():
        if not p:
            continue
        if p not in doc:
            problems.append(f"undocumented key {p}")
            continue
        want = TYPES[doc[p][0]]
        for v in values:
            if v is None and not doc[p][1]:
                continue
            if isinstance(v, bool) and want is not bool:
                problems.append(f"{p}: bool, documented as {doc[p][0]}")
                break
            if not isinstance(v, want):
                problems.append(f"{p}: {type(v).__name__}, documented as {doc[p][0]}")
                break
    for p, (_, required) in doc.items():
        if not required:
            continue
        parent, _, key = p.rpartition(".")
        parent_path = parent.removesuffix("[]") if parent.endswith("[]") else parent
        containers = found.get(parent_path, []) if parent else [data]
        for c in containers:
            items = c if parent.endswith("[]") else [c]
            for item in items:
                if isinstance(item, dict) and key not in item:
                    problems.append(f"required key {p} missing")
                    break
    return problems


def main():
    doc = read_doc(sys.argv[1])
    bad = 0
    if len(doc) < 50:
        print(f"not ok - the key tables of {sys.argv[1]} list only {len(doc)} keys")
        return 1
    for path in sys.argv[2:]:
        problems = check_file(doc, path)
        if problems:
            bad += 1
            print(f"not ok - {path} matches {sys.argv[1]}")
            for p in sorted(set(problems))[:20]:
                print("    " + p)
        else:
            print(f"ok - {path} matches {sys.argv[1]}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
