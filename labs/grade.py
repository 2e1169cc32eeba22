#!/usr/bin/env python3
"""The lab autograder (make grade LAB=N): builds a lab from your tree (or the
reference solution, a broken variant, a submission), runs its tests under
short time limits against the teacher's expectations, and prints a score table
ending in `Score: X/Y`, with TAP 14 and Gradescope's results.json beside it.
Reference: labs/README.md. Exit status: 0 full marks, 1 points lost, 2 the
grader could not run (bad grading data, no such lab)."""

import argparse
import os
import sys
import tarfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "grader"))
import execute  # noqa: E402
import labdata  # noqa: E402
import reports  # noqa: E402
import suite_export  # noqa: E402


def parse_args(argv):
    p = argparse.ArgumentParser(prog="labs/grade.py", description=__doc__.splitlines()[0])
    p.add_argument("lab", help="lab number (1, 01) or 'all'")
    src = p.add_mutually_exclusive_group()
    src.add_argument("--solution", action="store_true", help="grade the reference solution")
    src.add_argument("--variant", metavar="NAME",
                     help="grade the solution with labs/NN-*/broken/NAME/break.patch (the grader's own test)")
    src.add_argument("--src", metavar="DIR", help="grade the lab's files found in DIR (a submission)")
    p.add_argument("--out", metavar="DIR", help="build and log folder")
    p.add_argument("--tap", metavar="FILE", help="TAP 14 report (default OUT/grade.tap)")
    p.add_argument("--json", metavar="FILE", help="Gradescope results.json (default OUT/results.json)")
    p.add_argument("--no-hidden", action="store_true", help="leave out the hidden tests")
    p.add_argument("--build-only", action="store_true", help="build, run nothing")
    p.add_argument("--export-suite", metavar="DIR",
                   help="build, then write the answer keys uvmm can check as a uvmm test suite in DIR")
    p.add_argument("--submit", action="store_true", help="pack your files as build/labs/labN-submission.tar.gz")
    p.add_argument("--list", action="store_true", help="list the tests and their points")
    p.add_argument("--only", metavar="TEST", action="append",
                   help="run only this test (repeatable; GitHub Classroom runs one per step)")
    p.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    p.add_argument("-v", "--verbose", action="store_true", help="show every test's output")
    return p.parse_args(argv)


def plan(args, lab):
    """(what is graded, src, patch, out, lab uvmm) for this invocation."""
    n = lab.number
    if args.solution:
        src, patch, what, out = os.path.join(lab.path, "solution"), None, "reference solution", \
            f"build/labs/solution/lab{n}"
        uvmm = f"build/labs/solution/uvmm-lab{n}"
    elif args.variant:
        patch = os.path.join(lab.path, "broken", args.variant, "break.patch")
        if not os.path.isfile(patch):
            raise labdata.DataError(f"{patch}: no such broken variant")
        src, what, out = os.path.join(lab.path, "solution"), f"broken/{args.variant}", \
            f"build/labs/broken/lab{n}-{args.variant}"
        uvmm = os.path.join(out, f"uvmm-lab{n}")
    elif args.src:
        src, patch, what, out = args.src, None, f"files in {args.src}", f"build/labs/src/lab{n}"
        uvmm = os.path.join(out, f"uvmm-lab{n}")
    else:
        src, patch, what, out = lab.path, None, f"your tree: {lab.path}", f"build/labs/lab{n}"
        uvmm = f"build/labs/uvmm-lab{n}"
    out = args.out or out
    if args.out:
        uvmm = os.path.join(out, f"uvmm-lab{n}")
    return what, src, patch, out, uvmm


def submit(lab):
    path = f"build/labs/lab{lab.number}-submission.tar.gz"
    os.makedirs("build/labs", exist_ok=True)
    missing = [f for f in lab.files if not os.path.isfile(os.path.join(lab.path, f))]
    if missing:
        print(f"grade: {lab.path} lacks {' '.join(missing)}", file=sys.stderr)
        return 2
    with tarfile.open(path, "w:gz") as tar:
        for f in lab.files:
            tar.add(os.path.join(lab.path, f), arcname=f)
    print(f"{path}: {' '.join(lab.files)}")
    print("Upload it to Gradescope, or commit and push these files (GitHub Classroom).")
    return 0


def grade_one(args, lab):
    if args.list:
        for t in lab.tests:
            print(f"{t.name:<28} {t.points:>5g}  {t.kind:<5} {'hidden ' if t.hidden else ''}{t.description}")
        return 0, 0, 0
    if args.submit:
        return submit(lab), 0, 0
    what, src, patch, out, uvmm = plan(args, lab)
    ctx = execute.Context(lab, src, out, uvmm, f"build/labs/teacher/lab{lab.number}", patch)
    t0 = time.monotonic()
    ctx.build(args.jobs)
    if args.export_suite:
        for name, why in suite_export.export(ctx, args.export_suite):
            print(f"lab {lab.number}: {name} left out: {why}")
        if any(f.startswith("device/") for f in lab.files):
            # The device's tests: a suite of their own, run by a static uvmm
            # with the device in it.
            dev = os.path.join(args.export_suite, f"device-lab{lab.number}")
            ok, log = ctx.make("lab-static", args.jobs)
            suite_export.export(ctx, dev, device=True)
            suite_export.join(dev)
            print(f"{dev}/suite.manifest: with uvmm {ctx.lab_uvmm}-static ({'built' if ok else 'NOT BUILT: ' + log})")
        return (0 if ctx.built else 1), 0, 0
    if args.build_only:
        sys.stdout.write(ctx.build_log)
        print(f"lab {lab.number}: build {'ok' if ctx.built else 'FAILED'} ({out})")
        return (0 if ctx.built else 1), 0, 0
    outcomes = execute.run_all(ctx, args.jobs)
    seconds = time.monotonic() - t0
    reports.human(lab, what, outcomes, sys.stdout, args.verbose)
    with open(args.tap or os.path.join(out, "grade.tap"), "w") as f:
        reports.tap(lab, outcomes, f)
    with open(args.json or os.path.join(out, "results.json"), "w") as f:
        reports.gradescope(lab, outcomes, seconds, f)
    score, possible = reports.totals(outcomes)
    return (0 if score == possible else 1), score, possible


def main(argv):
    args = parse_args(argv)
    for key in ("src", "out", "tap", "json", "export_suite"):
        if getattr(args, key):
            setattr(args, key, os.path.abspath(getattr(args, key)))
    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    found = labdata.find_labs()
    try:
        numbers = sorted(found) if args.lab == "all" else [int(args.lab)]
    except ValueError:
        print(f"grade: LAB must be a number or 'all', not '{args.lab}'", file=sys.stderr)
        return 2
    rc, score, possible = 0, 0.0, 0.0
    for n in numbers:
        if n not in found:
            print(f"grade: no lab {n} (labs: {' '.join(str(k) for k in found)})", file=sys.stderr)
            return 2
        try:
            lab = labdata.load(found[n], n, with_hidden=not args.no_hidden)
            if args.only:
                unknown = set(args.only) - {t.name for t in lab.tests}
                if unknown:
                    raise labdata.DataError(f"lab {n} has no test {' '.join(sorted(unknown))}")
                lab.tests = [t for t in lab.tests if t.name in args.only]
            r, s, m = grade_one(args, lab)
        except labdata.DataError as e:
            print(f"grade: {e}", file=sys.stderr)
            return 2
        rc, score, possible = max(rc, r), score + s, possible + m
    if args.export_suite:
        suite_export.join(args.export_suite)
        print(f"{args.export_suite}/suite.manifest: uvmm test --manifest it, or NESTED_GUEST_DIR={args.export_suite} make nested-check")
    elif len(numbers) > 1 and not (args.list or args.submit or args.build_only):
        print(f"Total score: {score:g}/{possible:g}")
    return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
