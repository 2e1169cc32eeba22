#!/usr/bin/env bash
# Gradescope's image set-up (runs once, as root, in /autograder/source): the
# Debian/Ubuntu packages and a first build, so that grading only compiles the
# submission. The kit is the teacher's tree at /autograder/source/uvmm.
set -euo pipefail
cd /autograder/source/uvmm
bash ci/deps.sh
make -j"$(nproc)" vmm guest-libs
python3 labs/grade.py "$(cat /autograder/source/lab.txt)" --solution --build-only >/dev/null
