#!/usr/bin/env python3
"""A hostile gdb client for tests/integration/test_gdb.sh: malformed and
oversized packets, memory outside guest RAM, a client that disconnects in
the middle of a packet. Each check prints "ok - ..." or "FAIL - ...";
exit status 1 if any failed. Usage: gdb_hostile.py SOCKET"""
import socket
import sys
import time

failures = 0


def check(cond, what):
    global failures
    print(("ok - " if cond else "FAIL - ") + what)
    if not cond:
        failures += 1


def frame(payload: bytes) -> bytes:
    return b"$" + payload + b"#%02x" % (sum(payload) & 0xFF)


class Client:
    def __init__(self, path):
        self.s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        for _ in range(100):
            try:
                self.s.connect(path)
                break
            except OSError:
                time.sleep(0.05)
        self.s.settimeout(5)
        self.buf = b""

    def raw(self, data: bytes):
        self.s.sendall(data)

    def byte(self) -> bytes:
        while not self.buf:
            chunk = self.s.recv(65536)
            if not chunk:
                raise EOFError
            self.buf += chunk
        b, self.buf = self.buf[:1], self.buf[1:]
        return b

    def packet(self) -> bytes:
        """The next reply packet's payload (acks skipped, checksum checked)."""
        while self.byte() != b"$":
            pass
        data = b""
        while True:
            c = self.byte()
            if c == b"#":
                break
            data += c
        cs = self.byte() + self.byte()
        check(int(cs, 16) == sum(data) & 0xFF, "reply checksum is right")
        self.raw(b"+")
        return data

    def ask(self, payload: bytes) -> bytes:
        self.raw(frame(payload))
        return self.packet()


def main():
    path = sys.argv[1]
    c = Client(path)
    check(c.ask(b"qSupported").startswith(b"PacketSize="), "qSupported answered")
    c.raw(b"$g#00")
    check(c.byte() == b"-", "a wrong checksum gets '-'")
    c.raw(b"$" + b"m" * 40000 + b"#00")
    check(c.byte() == b"-", "a 40000-byte packet is refused with '-'")
    check(c.ask(b"?").startswith(b"T05"), "still answering after the oversized packet")
    r = c.ask(b"m100000,ffffffffffffffff")
    check(len(r) > 0 and r[:1] != b"E" and len(r) <= 16384, "a huge read length gets a bounded reply")
    for req in (b"m100000000,10", b"mffffffffffffff00,100", b"m7ffffffff000,8"):
        check(c.ask(req) == b"E14", "read outside guest RAM: %s -> E14" % req.decode())
    check(c.ask(b"M100000000,4:00000000") == b"E14", "write outside guest RAM -> E14")
    check(c.ask(b"X100000,10:ab") == b"E01", "X with a length that lies -> E01")
    check(c.ask(b"M100000,4:zzzzzzzz") == b"E01", "M with bad hex -> E01")
    check(c.ask(b"M100000,ffffffffffff:00") == b"E01", "M with a huge length -> E01")
    for req in (b"p", b"pfffff", b"P0=zz", b"Hg99", b"T99", b"vCont;x", b"vCont;s:99",
                b"Z0,,", b"Z1,100000", b"G00", b"c zz", b"m12345678901234567,1"):
        r = c.ask(req)
        check(r.startswith(b"E"), "malformed %s -> %s" % (req.decode(), r.decode()))
    check(c.ask(b"Z9,100000,1") == b"", "an unknown point type gets the empty reply")
    check(c.ask(b"qUvmmNoSuchThing") == b"", "an unknown packet gets the empty reply")
    check(c.ask(b"qXfer:features:read:other.xml:0,100") == b"E00", "an unknown annex -> E00")
    check(c.ask(b"qXfer:features:read:target.xml:ffffffffffff,10") == b"l",
          "a target.xml offset past the end -> l")
    check(c.ask(b"p10").startswith(b"00001000") or len(c.ask(b"p10")) == 16, "p reads the pc")
    c.raw(b"$m1000,")  # disconnect in the middle of a packet
    c.s.close()
    time.sleep(0.2)
    c = Client(path)
    check(c.ask(b"?").startswith(b"T05"), "a new client is served after one vanished mid-packet")
    c.raw(frame(b"k"))
    c.s.close()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
