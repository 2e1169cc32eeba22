#!/usr/bin/env python3
"""Sends HMP commands to a QEMU monitor on a unix socket and prints the replies.
The nested job uses it to save the CPUs' state when a stage hangs."""
import socket
import sys
import time


def main():
    if len(sys.argv) < 3:
        print("usage: hmp.py SOCKET COMMAND...", file=sys.stderr)
        return 2
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(5)
    try:
        s.connect(sys.argv[1])
    except OSError as e:
        print(f"hmp.py: {sys.argv[1]}: {e}", file=sys.stderr)
        return 1
    out = []
    for cmd in sys.argv[2:]:
        s.sendall(cmd.encode() + b"\n")
        time.sleep(0.5)
    deadline = time.time() + 3
    while time.time() < deadline:
        try:
            chunk = s.recv(65536)
        except socket.timeout:
            break
        if not chunk:
            break
        out.append(chunk)
    sys.stdout.write(b"".join(out).decode(errors="replace").replace("\r", ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
