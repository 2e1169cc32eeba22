#!/usr/bin/env python3
"""Checks a results.json against the fields Gradescope documents
(https://gradescope-autograders.readthedocs.io/en/latest/specs/): only known
keys, each of its type, visibilities and formats from their lists, scores
that add up. Prints one line per problem; exit 0 when there is none.
Usage: gradescope_schema.py FILE"""

import json
import numbers
import sys

VISIBILITY = {"hidden", "after_due_date", "after_published", "visible"}
FORMATS = {"text", "html", "simple_format", "md", "ansi"}
TOP = {"score": numbers.Real, "execution_time": numbers.Real, "output": str,
       "output_format": str, "test_output_format": str, "test_name_format": str,
       "visibility": str, "stdout_visibility": str, "extra_data": dict, "tests": list,
       "leaderboard": list}
TEST = {"score": numbers.Real, "max_score": numbers.Real, "status": str, "name": str,
        "name_format": str, "number": str, "output": str, "output_format": str,
        "tags": list, "visibility": str, "extra_data": dict}


def check(doc):
    bad = []
    if not isinstance(doc, dict):
        return ["top level is not an object"]

    def typed(where, obj, fields):
        for k, v in obj.items():
            if k not in fields:
                bad.append(f"{where}: unknown key '{k}'")
            elif isinstance(v, bool) or not isinstance(v, fields[k]):
                bad.append(f"{where}: '{k}' is {type(v).__name__}, not {fields[k].__name__}")
        for k in ("visibility", "stdout_visibility"):
            if k in obj and obj[k] not in VISIBILITY:
                bad.append(f"{where}: {k} '{obj[k]}' is not one of {sorted(VISIBILITY)}")
        for k in ("output_format", "test_output_format", "name_format", "test_name_format"):
            if k in obj and obj[k] not in FORMATS:
                bad.append(f"{where}: {k} '{obj[k]}' is not one of {sorted(FORMATS)}")

    typed("results", doc, TOP)
    tests = doc.get("tests", [])
    if "score" not in doc and any("score" not in t for t in tests if isinstance(t, dict)):
        bad.append("results: no score, and a test without one")
    total = 0.0
    for i, t in enumerate(tests if isinstance(tests, list) else []):
        where = f"tests[{i}]"
        if not isinstance(t, dict):
            bad.append(f"{where}: not an object")
            continue
        typed(where, t, TEST)
        if "status" in t and t["status"] not in ("passed", "failed"):
            bad.append(f"{where}: status '{t['status']}' is not passed or failed")
        if "name" not in t:
            bad.append(f"{where}: no name")
        s, m = t.get("score"), t.get("max_score")
        if isinstance(s, numbers.Real) and isinstance(m, numbers.Real):
            if s < 0 or s > m:
                bad.append(f"{where}: score {s} outside 0..max_score {m}")
        if isinstance(s, numbers.Real):
            total += s
    if isinstance(doc.get("score"), numbers.Real) and abs(doc["score"] - total) > 1e-9:
        bad.append(f"results: score {doc['score']} is not the sum of the tests' ({total})")
    return bad


def main(path):
    try:
        with open(path) as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        print(f"{path}: {e}")
        return 1
    problems = check(doc)
    for p in problems:
        print(f"{path}: {p}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
