#!/usr/bin/env python3
"""Checks the CI files of docs/ci.md: they parse as YAML, have the keys their
systems require, shard the suite 1..N exactly, keep the results, merge them
into the page, and every shell line in them is valid bash. Prints one
"ok - ..." / "not ok - ..." line per check.

  ci_files.py LAVA_YAML GITHUB_YAML GITLAB_YAML
"""
import os
import re
import subprocess
import sys

import yaml

failures = 0


def check(ok, what):
    global failures
    print(("ok - " if ok else "not ok - ") + what)
    failures += 0 if ok else 1


def bash_ok(script):
    script = re.sub(r"\$\{\{[^}]*\}\}", "PLACEHOLDER", script)  # GitHub expressions
    return subprocess.run(["bash", "-n"], input=script, text=True,
                          capture_output=True).returncode == 0


def shell_lines(name, lines):
    bad = [s for s in lines if not bash_ok(s)]
    check(lines and not bad, f"{name}: {len(lines)} shell steps, all valid bash {bad[:1]}")


def shards_1_to_n(values):
    return bool(values) and sorted(values) == list(range(1, len(values) + 1))


def lava(path):
    d = yaml.safe_load(open(path))
    m = d.get("metadata", {})
    check(m.get("format") == "Lava-Test Test Definition 1.0",
          f"{path}: metadata.format is 'Lava-Test Test Definition 1.0'")
    check(all(m.get(k) for k in ("name", "description", "os", "scope")),
          f"{path}: metadata has name, description, os, scope")
    steps = d.get("run", {}).get("steps", [])
    check(isinstance(steps, list) and steps, f"{path}: run.steps is a non-empty list")
    scripts = [w for s in steps + d.get("install", {}).get("steps", [])
               for w in s.split() if w.startswith("ci/") and w.endswith(".sh")]
    check(scripts and all(os.path.isfile(s) for s in scripts),
          f"{path}: the scripts its steps run exist ({', '.join(scripts)})")
    params = d.get("params", {})
    used = set(re.findall(r"\$\{(\w+)\}", " ".join(steps)))
    check(used <= set(params), f"{path}: every parameter the steps use is declared ({sorted(used)})")
    runs = [w for s in steps for w in s.split() if w.startswith("ci/") and w.endswith(".sh")]
    run_sh = open(runs[0]).read() if runs and os.path.isfile(runs[0]) else ""
    check("lava-test-case" in run_sh and "report list" in run_sh,
          f"{path}: results go to lava-test-case, one per test")
    shell_lines(path, steps + d.get("install", {}).get("steps", []))


def github(path):
    d = yaml.safe_load(open(path))
    on = d.get("on", d.get(True))  # YAML 1.1 reads a bare 'on' as true
    check(on is not None and isinstance(d.get("jobs"), dict), f"{path}: has 'on' and 'jobs'")
    jobs = d.get("jobs", {})
    suite = next((j for j in jobs.values() if "strategy" in j), None)
    check(suite is not None, f"{path}: a job with a strategy matrix")
    if suite is None:
        return
    matrix = suite["strategy"].get("matrix", {})
    shards = matrix.get("shard", [])
    check(shards_1_to_n(shards), f"{path}: matrix.shard is 1..N ({shards})")
    runs = [s.get("run", "") for s in suite.get("steps", [])]
    n = len(shards)
    check(any(f"--shard ${{{{ matrix.shard }}}}/{n}" in r and "--json" in r for r in runs),
          f"{path}: the suite runs --shard ${{{{ matrix.shard }}}}/{n} with --json")
    check("runs-on" in suite and len(matrix) >= 2, f"{path}: the matrix spans hosts and shards")
    uploads = [s for s in suite["steps"] if str(s.get("uses", "")).startswith("actions/upload-artifact@")]
    check(uploads and uploads[0].get("if") == "always()",
          f"{path}: every shard uploads its results, failed or not")
    merge = next((j for j in jobs.values() if j.get("needs") in ("suite", ["suite"])), None)
    check(merge is not None and merge.get("if") == "always()", f"{path}: a merge job needs the suite, always")
    if merge:
        mruns = " ".join(s.get("run", "") for s in merge.get("steps", []))
        check("report merge" in mruns and "report html" in mruns,
              f"{path}: the merge job runs uvmm report merge and report html")
        check(any(str(s.get("uses", "")).startswith("actions/download-artifact@") for s in merge["steps"]),
              f"{path}: the merge job downloads the shards' results")
    uses = [s["uses"] for j in jobs.values() for s in j.get("steps", []) if "uses" in s]
    check(all(re.search(r"@v\d+$", u) for u in uses), f"{path}: every action is pinned to a version")
    shell_lines(path, [s["run"] for j in jobs.values() for s in j.get("steps", []) if "run" in s])


def gitlab(path):
    d = yaml.safe_load(open(path))
    stages = d.get("stages", [])
    jobs = {k: v for k, v in d.items() if isinstance(v, dict) and "script" in v}
    check(stages and jobs and all(j.get("stage") in stages for j in jobs.values()),
          f"{path}: stages, and every job in one of them")
    suite = next((j for j in jobs.values() if "parallel" in j), None)
    check(suite is not None, f"{path}: a parallel (matrix) job")
    if suite is None:
        return
    matrix = suite["parallel"].get("matrix", [{}])[0] if isinstance(suite["parallel"], dict) else {}
    shards = matrix.get("SHARD", [])
    ks = [int(s.split("/")[0]) for s in shards]
    ns = {s.split("/")[1] for s in shards}
    check(shards_1_to_n(ks) and ns == {str(len(ks))}, f"{path}: SHARD is 1/N..N/N ({shards})")
    check(len(matrix) >= 2, f"{path}: the matrix spans hosts and shards")
    script = " ".join(suite["script"])
    check('--shard "$SHARD"' in script and "--json" in script, f"{path}: the suite runs --shard with --json")
    arts = suite.get("artifacts", {})
    check(arts.get("when") == "always" and arts.get("paths"), f"{path}: results kept as artifacts, always")
    merge = next((j for n, j in jobs.items() if any(
        (x == "suite" or (isinstance(x, dict) and x.get("job") == "suite")) for x in j.get("needs", []))), None)
    check(merge is not None, f"{path}: a merge job needs the suite job")
    if merge:
        m = " ".join(merge["script"])
        check("report merge" in m and "report html" in m,
              f"{path}: the merge job runs uvmm report merge and report html")
    shell_lines(path, [line for j in jobs.values() for line in j["script"]])


def main():
    for fn, path in zip((lava, github, gitlab), sys.argv[1:4]):
        try:
            fn(path)
        except (yaml.YAMLError, OSError, KeyError, TypeError, AttributeError) as e:
            check(False, f"{path}: {type(e).__name__}: {e}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
