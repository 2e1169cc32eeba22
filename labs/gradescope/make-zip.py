#!/usr/bin/env python3
"""The Gradescope autograder zip of one lab: setup.sh, run_autograder,
lab.txt and the teacher's kit (every tracked file, solutions and hidden
tests included) under uvmm/. Usage: make-zip.py LAB OUT.zip"""

import os
import subprocess
import sys
import zipfile


def main(lab, out):
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
    files = subprocess.run(["git", "-C", root, "ls-files", "-z"], check=True,
                           capture_output=True).stdout.decode().split("\0")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        here = os.path.dirname(os.path.abspath(__file__))
        for name in ("setup.sh", "run_autograder"):
            info = zipfile.ZipInfo(name)
            info.external_attr = 0o755 << 16
            with open(os.path.join(here, name), "rb") as f:
                z.writestr(info, f.read())
        z.writestr("lab.txt", f"{int(lab)}\n")
        for f in files:
            path = os.path.join(root, f)
            if f and os.path.isfile(path):
                z.write(path, os.path.join("uvmm", f))
    print(f"{out}: Gradescope autograder for lab {int(lab)} (upload it as the assignment's autograder)")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
