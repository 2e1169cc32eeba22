"""The three forms of a grading result: a human table ending in
`Score: X/Y` (as MIT's gradelib prints it), TAP 14, and Gradescope's
results.json (https://gradescope-autograders.readthedocs.io/en/latest/specs/)."""

import json


def _fmt(x):
    return f"{x:g}"


def totals(outcomes):
    return sum(o.score for o in outcomes), sum(o.max_score for o in outcomes)


def human(lab, what, outcomes, out, verbose=False):
    score, possible = totals(outcomes)
    out.write(f"== {lab.title} ({what})\n")
    if lab.waiting:
        out.write(f"  DRAFT: waiting for {lab.waiting}\n")
    width = max([len(o.test.name) for o in outcomes] + [10])
    for o in outcomes:
        pts = f"{_fmt(o.score)}/{_fmt(o.test.points)}" if o.status != "skip" else f"-/{_fmt(o.test.points)}"
        label = {"pass": "OK", "fail": "FAIL", "skip": "SKIP"}[o.status]
        hidden = " (hidden)" if o.test.hidden else ""
        line = f"  {o.test.name:<{width}}  {pts:>7}  {label:<4}"
        if o.status == "skip":
            line += f"  {o.output.splitlines()[0] if o.output else ''}"
        else:
            line += f"  {o.seconds:5.2f} s{hidden}"
        out.write(line + "\n")
        if o.status == "fail" or (verbose and o.output):
            for text in o.output.splitlines()[:40 if o.status == "fail" else 10]:
                out.write(f"      {text}\n")
    skipped = [o for o in outcomes if o.status == "skip"]
    if skipped:
        out.write(f"  ({len(skipped)} test{'s' if len(skipped) > 1 else ''} skipped on this "
                  f"machine: not counted)\n")
    out.write(f"Score: {_fmt(score)}/{_fmt(possible)}\n")


def _tap_text(s):
    return s.replace("\\", "\\\\").replace("#", "\\#")


def _yaml_str(s):
    return json.dumps(s, ensure_ascii=True)


def tap(lab, outcomes, out):
    score, possible = totals(outcomes)
    out.write("TAP version 14\n")
    out.write(f"# {lab.title}\n")
    out.write(f"1..{len(outcomes)}\n")
    for i, o in enumerate(outcomes, 1):
        name = _tap_text(o.test.name)
        if o.status == "skip":
            first = o.output.splitlines()[0] if o.output else "skipped"
            out.write(f"ok {i} - {name} # SKIP {_tap_text(first)}\n")
        else:
            out.write(f"{'ok' if o.status == 'pass' else 'not ok'} {i} - {name}\n")
        out.write("  ---\n")
        out.write(f"  points: {_fmt(o.score)}\n  max_points: {_fmt(o.test.points)}\n")
        out.write(f"  hidden: {'true' if o.test.hidden else 'false'}\n")
        out.write(f"  duration_ms: {o.seconds * 1e3:.1f}\n")
        if o.status == "fail":
            out.write(f"  message: {_yaml_str(o.output[:2000])}\n")
        out.write("  ...\n")
    out.write(f"# Score: {_fmt(score)}/{_fmt(possible)}\n")


def gradescope(lab, outcomes, seconds, out):
    """results.json: only documented fields. A test skipped on this machine is
    listed with max_score 0 so that the total stays what was gradable."""
    score, possible = totals(outcomes)
    tests = []
    for i, o in enumerate(outcomes, 1):
        text = o.output
        if o.status == "skip":
            text = "skipped on this grader: " + text
        entry = {
            "name": o.test.name + (f": {o.test.description}" if o.test.description else ""),
            "number": f"{lab.number}.{i}",
            "score": o.score,
            "max_score": o.max_score,
            "status": "passed" if o.status == "pass" else "failed",
            "output": text,
            "output_format": "text",
            "visibility": o.test.visibility,
        }
        if o.status == "skip":
            del entry["status"]
        tests.append(entry)
    result = {
        "score": score,
        "execution_time": round(seconds, 3),
        "output": f"{lab.title}: {_fmt(score)}/{_fmt(possible)}",
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
    }
    json.dump(result, out, indent=2)
    out.write("\n")
