#!/usr/bin/env python3
"""Runs a command on a pseudo-terminal of a given width and prints what a
terminal would show at the end, plus facts about the raw byte stream, as
JSON: {"status": exit status, "raw": the bytes (latin-1), "screen": [lines],
"status_lines": [every status-line text drawn], "max_width": widest line}.

  pty_run.py COLUMNS CMD...
"""
import fcntl
import json
import os
import pty
import re
import struct
import sys
import termios

cols = int(sys.argv[1])
pid, fd = pty.fork()
if pid == 0:
    # The size is set on the child's side before it runs: set by the parent
    # after the fork, a fast child could read the size before it is there.
    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 40, cols, 0, 0))
    os.execvp(sys.argv[2], sys.argv[2:])
raw = b""
while True:
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        break
    if not chunk:
        break
    raw += chunk
_, st = os.waitpid(pid, 0)
text = raw.decode("latin-1").replace("\r\n", "\n")
text = re.sub(r"\x1b\[[0-9;]*m", "", text)  # colours

# A minimal terminal: \r to column 0, ESC[K erases to the end, \n next line.
screen, line, col = [], [], 0
drawn = []
i = 0
while i < len(text):
    c = text[i]
    if text.startswith("\x1b[K", i):
        del line[col:]
        i += 3
        continue
    if c == "\r":
        col = 0
    elif c == "\n":
        screen.append("".join(line))
        line, col = [], 0
    else:
        if col < len(line):
            line[col] = c
        else:
            line.append(c)
        col += 1
    i += 1
if line:
    screen.append("".join(line))
# A status line is drawn over by the next one (\r), never ended by \n.
for m in re.finditer(r"\r\x1b\[K([^\r\n]*)(?=\r|$)", text):
    if m.group(1):
        drawn.append(m.group(1))
print(json.dumps({"status": os.waitstatus_to_exitcode(st), "raw": raw.decode("latin-1"),
                  "screen": screen, "status_lines": drawn,
                  "max_width": max([len(s) for s in drawn] + [0])}))
