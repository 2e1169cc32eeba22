"""A lab's answer keys as a uvmm test suite: every key that uvmm itself can
check (a run test of a stock-uvmm image, or a trace test's guest run under
uvmm) becomes one manifest section with `expect_only`, images and keys
copied beside it. Run locally with `uvmm test --manifest`, or on stock KVM in
the nested job (NESTED_GUEST_DIR, docs/teaching.md): that is how the keys are
recorded and re-checked on stock KVM."""

import os
import re
import shlex
import shutil

# uvmm run options a manifest can carry, and their manifest keys.
OPTION_KEYS = {"--cmdline": "cmdline", "--mem": "mem", "--cpus": "cpus", "--timeout": "timeout"}


def _fails_on_purpose(key):
    """Whether the key's run ends with a non-zero status (uvmm test: FAIL)."""
    with open(key) as f:
        items = [l.split("#")[0].strip() for l in f]
    items = [i for i in items if i]
    return bool(items) and re.match(r"^pio\.out 0xf4:\d+ = (?!0x0$)", items[-1]) is not None


def _section(ctx, test, device):
    """(manifest lines, image) or None, and why not. device: export the tests
    that need the lab's own uvmm (they go to a suite of their own)."""
    lines = [f"[lab{ctx.lab.number}.{test.name}]", f"groups = lab{ctx.lab.number}"]
    if test.kind not in ("run", "trace"):
        return None, "a command, not a run"
    if not os.path.exists(ctx.expect_file(test)):
        return None, "no answer key yet"
    if test.kind == "run":
        if (ctx.uvmm_for(test) != "build/uvmm") != device:
            return None, "needs the lab's own uvmm (a device)" if not device else "runs on stock uvmm"
        try:
            image = ctx.expand(test.get("image"), test)
            args = shlex.split(ctx.expand(test.get("args", ""), test))
        except FileNotFoundError as e:
            return None, f"not built: {e}"
        while args:
            opt = args.pop(0)
            if opt == "--irqchip":
                lines.append("irqchip = 1")
            elif opt in OPTION_KEYS and args:
                lines.append(f"{OPTION_KEYS[opt]} = {args.pop(0)}")
            else:
                return None, f"option {opt} has no manifest key"
        if test.get("code", "0") != "0":
            return None, "expects a failing run"
    elif test.kind == "trace":
        image = ctx.guest(test.get("guest"))
        if not os.path.exists(image):
            return None, f"not built: {image}"
        if device:
            return None, "runs on stock uvmm"
        if _fails_on_purpose(ctx.expect_file(test)):
            return None, "the guest fails on purpose (uvmm test would call it FAIL)"
        if image.endswith(".bin"):
            lines.append("flat = 0x1000")
    else:
        return None, "a command, not a run"
    reqs = [r for r in test.requires if r.lstrip("!").startswith(("impl:", "file:"))]
    if reqs:
        lines.append("requires = " + " ".join(reqs))
    return (lines, image), None


def export(ctx, out, device=False):
    """Writes out/labN.manifest and the files it names; returns the tests
    left out, with why. With device, the tests that need the lab's uvmm."""
    n = ctx.lab.number
    os.makedirs(os.path.join(out, f"lab{n}"), exist_ok=True)
    sections, left_out = [], []
    for t in ctx.lab.tests:
        if t.kind == "build":
            continue
        got, why = _section(ctx, t, device)
        if not got:
            left_out.append((t.name, why))
            continue
        lines, image = got
        img = f"lab{n}/{os.path.basename(image)}"
        key = f"lab{n}/{t.name}.expect"
        shutil.copyfile(image, os.path.join(out, img))
        shutil.copyfile(ctx.expect_file(t), os.path.join(out, key))
        lines[1:1] = [f"image = {img}", f"expect_only = {key}"]
        sections.append("\n".join(lines))
    with open(os.path.join(out, f"lab{n}.manifest"), "w") as f:
        f.write(f"# {ctx.lab.title}: answer keys as a uvmm suite (labs/grade.py --export-suite)\n")
        f.write("\n\n".join(sections) + "\n")
    return left_out


def join(out):
    """out/suite.manifest from every out/labN.manifest."""
    parts = sorted(p for p in os.listdir(out) if p.startswith("lab") and p.endswith(".manifest"))
    with open(os.path.join(out, "suite.manifest"), "w") as f:
        for p in parts:
            with open(os.path.join(out, p)) as part:
                f.write(part.read() + "\n")
