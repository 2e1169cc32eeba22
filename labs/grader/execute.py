"""Runs one lab's tests: stages the files to grade, builds them with
`make lab-build` (labs/labs.mk), then runs every test in parallel under its
time limit and turns each into an Outcome."""

import concurrent.futures
import fcntl
import os
import re
import shlex
import shutil
import signal
import subprocess
import threading
import time

# Sanitizer reports fail a test whatever the exit status (student code runs
# under ASan, UBSan and LeakSanitizer).
SANITIZER_RE = re.compile(r"ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:")
OUTPUT_MAX = 6000
STOCK_UVMM = "build/uvmm"


class Outcome:
    def __init__(self, test, status, output="", seconds=0.0):
        self.test = test
        self.status = status      # "pass", "fail" or "skip"
        self.output = output.rstrip()
        self.seconds = seconds

    @property
    def score(self):
        return self.test.points if self.status == "pass" else 0.0

    @property
    def max_score(self):
        return 0.0 if self.status == "skip" else self.test.points


def kvm_impl():
    """The KVM implementation, decided as `uvmm test` decides it
    (vmm/suite/host_env.c); UVMM_LAB_IMPL overrides (tests of the grader)."""
    if os.environ.get("UVMM_LAB_IMPL"):
        return os.environ["UVMM_LAB_IMPL"]
    for module in ("kvm_pvm", "kvm_intel", "kvm_amd"):
        if os.path.exists(f"/sys/module/{module}"):
            return module
    return "unknown"


def _tail(text, limit=OUTPUT_MAX):
    if len(text) <= limit:
        return text
    return "[... cut ...]\n" + text[-limit:]


def _run(argv, timeout, stdout=subprocess.PIPE, env=None, cwd=None):
    """(returncode or None on timeout, stdout text, stderr text, seconds)."""
    t0 = time.monotonic()
    p = subprocess.Popen(argv, stdout=stdout, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                         start_new_session=True, env=env, cwd=cwd)
    try:
        out, err = p.communicate(timeout=timeout)
        rc = p.returncode
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        out, err = p.communicate()
        rc = None
    dec = lambda b: (b or b"").decode("utf-8", "replace")
    return rc, dec(out), dec(err), time.monotonic() - t0


def sanitizer_env():
    env = dict(os.environ)
    env.setdefault("ASAN_OPTIONS", "detect_leaks=1:exitcode=99:print_summary=1")
    env.setdefault("UBSAN_OPTIONS", "print_stacktrace=1:exitcode=98")
    return env


class Context:
    """Where one grading run keeps its files and finds its binaries."""

    def __init__(self, lab, src, out, lab_uvmm, teacher_out, patch=None):
        self.lab = lab
        self.src = src            # the student's files (tree, solution, submission)
        self.patch = patch        # applied to them once staged (a broken variant), or None
        self.out = out
        self.stage = os.path.join(out, "src")
        self.logs = os.path.join(out, "logs")
        self.lab_uvmm = lab_uvmm
        self.teacher_out = teacher_out  # the teacher's guests, shared by every grading
        self.impl = kvm_impl()
        self.built = False
        self.build_log = ""
        self.env = sanitizer_env()
        self.probes = {}
        self.runs = {}
        self.runs_lock = threading.Lock()

    # --- staging and build ------------------------------------------------
    def stage_files(self):
        """Copies the lab's files into the staging folder and applies the
        patch. Returns the problems (files src lacks, a patch that fails)."""
        shutil.rmtree(self.stage, ignore_errors=True)
        problems = []
        for rel in self.lab.files:
            path = os.path.join(self.src, rel)
            if not os.path.isfile(path):
                problems.append(f"missing: {rel}")
                continue
            dst = os.path.join(self.stage, rel)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            shutil.copyfile(path, dst)
        if self.patch:
            rc, out, err, _ = _run(["git", "apply", "-p1", os.path.abspath(self.patch)], 30,
                                   cwd=self.stage)
            if rc != 0:
                problems.append(f"{self.patch} does not apply: {out}{err}")
        return problems

    def make(self, target, jobs):
        """`make TARGET` for this lab's staged files: (ok, output)."""
        argv = ["make", "-s", "--no-print-directory", "-k", f"-j{jobs}", target,
                f"LAB_DIR={self.lab.path}", f"LAB_SRC={self.stage}", f"LAB_OUT={self.out}",
                f"LAB_N={self.lab.number}", f"LAB_UVMM_PATH={self.lab_uvmm}",
                f"LAB_TEACHER_OUT={self.teacher_out}"]
        env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
        # Gradings may run at once: one builds, the others wait (they share
        # the teacher's guests and the sanitized uvmm objects).
        os.makedirs("build/labs", exist_ok=True)
        with open("build/labs/.build-lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            rc, out, err, _ = _run(argv, 600, env=env)
        return rc == 0, out + err

    def build(self, jobs):
        os.makedirs(self.logs, exist_ok=True)
        problems = self.stage_files()
        for sub in ("guests", "host", "obj/device"):
            shutil.rmtree(os.path.join(self.out, sub), ignore_errors=True)
        if os.path.exists(self.lab_uvmm):
            os.remove(self.lab_uvmm)
        ok, log = self.make("lab-build", jobs)
        self.build_log = "".join(p + "\n" for p in problems) + log
        self.built = ok and not problems
        with open(os.path.join(self.logs, "build.log"), "w") as f:
            f.write(self.build_log)
        return self.built

    # --- placeholders -----------------------------------------------------
    def guest(self, name):
        mine = os.path.join(self.out, "guests", name)
        return mine if os.path.exists(mine) else os.path.join(self.teacher_out, "guests", name)

    def program(self, name):
        return os.path.join(self.out, "host", name)

    def lab_file(self, rel):
        return os.path.join(self.lab.path, rel)

    def uvmm_for(self, test):
        which = test.get("uvmm", "auto")
        if which == "stock":
            return STOCK_UVMM
        if which == "lab" or (which == "auto" and any(f.startswith("device/") for f in self.lab.files)):
            return self.lab_uvmm
        return STOCK_UVMM

    def expand(self, text, test):
        """{uvmm} {guest:NAME} {prog:NAME} {lab} {log} in a command line;
        raises FileNotFoundError for an artifact that was not built."""
        def one(m):
            key, _, arg = m.group(1).partition(":")
            if key == "uvmm":
                path = self.uvmm_for(test)
            elif key == "guest":
                path = self.guest(arg)
            elif key == "prog":
                path = self.program(arg)
            elif key == "lab":
                return self.lab.path
            elif key == "log":
                return os.path.join(self.logs, test.name)
            else:
                raise ValueError(f"unknown placeholder {{{m.group(1)}}}")
            if not os.path.exists(path):
                raise FileNotFoundError(path)
            return path
        return re.sub(r"\{([a-z]+(?::[A-Za-z0-9_.-]+)?)\}", one, text)

    # --- requirements -----------------------------------------------------
    def unmet(self, test):
        for r in test.requires:
            neg, kind_arg = r.startswith("!"), r.lstrip("!")
            kind, _, arg = kind_arg.partition(":")
            if kind == "impl" and (self.impl == arg) == neg:
                return f"requires {r} (this KVM is {self.impl})"
            if kind == "file" and not os.path.exists(arg):
                return f"requires {arg}, which is not there"
            if kind == "probe" and not self.probe(arg):
                return f"requires {arg} to pass here: this KVM lacks what the test needs"
        return None

    def shared_run(self, argv, timeout):
        """(rc, stdout, stderr, trace file) of `argv --trace FILE`, run once
        however many tests ask for it (they may ask at the same time)."""
        key = tuple(argv)
        with self.runs_lock:
            entry = self.runs.setdefault(key, {"lock": threading.Lock(), "result": None,
                                               "n": len(self.runs)})
        with entry["lock"]:
            if entry["result"] is None:
                trace = os.path.join(self.logs, f"run{entry['n']}.trace")
                rc, out, err, _ = _run(argv + ["--trace", trace], timeout, env=self.env)
                entry["result"] = (rc, out, err, trace)
        return entry["result"]

    def probe(self, image):
        """A teacher's probe guest decides a requirement of the machine (a
        CPU feature as KVM offers it): met when it exits 0, once per run."""
        if image not in self.probes:
            rc, _, _, _ = _run([STOCK_UVMM, "run", "--no-check", "--quiet", self.guest(image)], 15)
            self.probes[image] = rc == 0
        return self.probes[image]

    def student_image(self, path):
        """Whether an image was built from the student's files (its SKIP is
        not believed: a guest can always exit 77)."""
        names = {os.path.splitext(os.path.basename(f))[0] for f in self.lab.files
                 if f.startswith("guest/")}
        return os.path.splitext(os.path.basename(path))[0] in names

    def expect_file(self, test):
        return self.lab_file(test.get("expect"))


def _sanitizer_report(err):
    lines = err.splitlines()
    for i, line in enumerate(lines):
        if SANITIZER_RE.search(line):
            return "\n".join(lines[max(0, i - 2):i + 25])
    return None


def _abnormal(rc, err, limit, who, text=""):
    """Why a run failed whatever its output (a sanitizer report, the time
    limit), or None."""
    san = _sanitizer_report(err)
    if san:
        return f"{who}failed under the sanitizers:\n{san}"
    if rc is None:
        return f"{who}did not finish within {limit:g} s\n" + _tail(text)
    return None


def _run_trace(ctx, test):
    """A student VMM runs a guest; its trace must pass uvmm check-trace."""
    prog, guest = ctx.program(test.get("program")), ctx.guest(test.get("guest"))
    for path in (prog, guest):
        if not os.path.exists(path):
            return "fail", f"not built: {path}"
    trace = os.path.join(ctx.logs, test.name + ".trace")
    with open(trace, "wb") as f:
        rc, _, err, _ = _run([prog, guest], test.timeout + 2, stdout=f, env=ctx.env)
    with open(os.path.join(ctx.logs, test.name + ".stderr"), "w") as f:
        f.write(err)
    why = _abnormal(rc, err, test.timeout + 2, "your VMM ")
    if why:
        return "fail", why
    want = int(test.get("status", "0"), 0)
    expect = ctx.expect_file(test)
    crc, _, cerr, _ = _run([STOCK_UVMM, "check-trace", expect, trace], 30)
    # check-trace answers as `uvmm run` would: 1 (GUEST_FAIL) for a trace
    # that matches and ends with a non-zero status.
    if crc != (0 if want == 0 else 1):
        return "fail", f"uvmm check-trace {expect} {trace}: exit {crc}\n" + cerr
    if rc != want:
        return "fail", f"the trace matches, but your VMM exited with {rc}: the guest's status was {want}"
    return "pass", cerr


def _run_run(ctx, test):
    """uvmm runs an image; its trace is checked against the teacher's key
    alone with uvmm check-trace. Tests of one image with the same arguments
    share one run (the guest is not re-run per key)."""
    expect = ctx.expect_file(test)
    try:
        image = ctx.expand(test.get("image"), test)
        args = shlex.split(ctx.expand(test.get("args", ""), test))
        uvmm = ctx.expand("{uvmm}", test)
    except FileNotFoundError as e:
        return "fail", f"not built: {e}"
    argv = [uvmm, "run", image, "--no-check", "--timeout", f"{test.timeout:g}"] + args
    rc, out, err, trace = ctx.shared_run(argv, test.timeout + 5)
    log = f"$ {' '.join(shlex.quote(a) for a in argv)} --trace {trace}\n" + out + err
    why = _abnormal(rc, err, test.timeout + 5, "", log)
    if why:
        return "fail", why
    if rc == 77 and int(test.get("code", "0")) != 77 and not ctx.student_image(image):
        reason = re.findall(r"uvmm:\s+skip\s+\S+: (.*)", err)
        return "skip", "the guest skipped: " + (reason[-1] if reason else "status 77")
    crc, _, cerr, _ = _run([STOCK_UVMM, "check-trace", expect, trace], 30)
    log += f"$ uvmm check-trace {expect} {trace}\n{cerr}"
    with open(os.path.join(ctx.logs, test.name + ".log"), "w") as f:
        f.write(log)
    if crc != int(test.get("code", "0")):
        return "fail", f"exit {crc}, wanted {test.get('code', '0')}\n" + _tail(log)
    return "pass", cerr


def _run_cmd(ctx, test):
    try:
        argv = shlex.split(ctx.expand(test.get("command"), test))
    except FileNotFoundError as e:
        return "fail", f"not built: {e}"
    rc, out, err, _ = _run(argv, test.timeout + 2, env=ctx.env)
    text = out + err
    with open(os.path.join(ctx.logs, test.name + ".log"), "w") as f:
        f.write(text)
    why = _abnormal(rc, err, test.timeout + 2, "", text)
    if why:
        return "fail", why
    if rc != int(test.get("code", "0")):
        return "fail", f"exit {rc}, wanted {test.get('code', '0')}\n" + _tail(text)
    for pattern in test.get("match", "").splitlines():
        pattern = pattern.strip()
        if pattern and not re.search(pattern, text, re.M):
            return "fail", f"output lacks /{pattern}/\n" + _tail(text)
    return "pass", _tail(text, 2000)


RUNNERS = {"trace": _run_trace, "run": _run_run, "cmd": _run_cmd}


def run_test(ctx, test):
    t0 = time.monotonic()
    if test.kind == "build":
        status = "pass" if ctx.built else "fail"
        return Outcome(test, status, _tail(ctx.build_log, 3000), 0.0)
    why = ctx.unmet(test)
    if why:
        return Outcome(test, "skip", why)
    status, output = RUNNERS[test.kind](ctx, test)
    return Outcome(test, status, _tail(output), time.monotonic() - t0)


def run_all(ctx, jobs):
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(lambda t: run_test(ctx, t), ctx.lab.tests))
