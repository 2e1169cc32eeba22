"""A lab's grading data: labs/NN-topic/grade.ini (and hidden/grade.ini in the
teacher's kit), read into Lab and Test records. The format is labs/README.md's
reference; every mistake is reported as FILE: [section] key: reason."""

import configparser
import copy
import os
import re

KINDS = ("build", "trace", "run", "cmd")
VISIBILITIES = ("visible", "hidden", "after_due_date", "after_published")
NAME_RE = re.compile(r"^[A-Za-z0-9_.-]+$")
TEST_KEYS = {
    "points", "kind", "description", "visibility", "timeout", "requires",
    "program", "guest", "expect", "status", "image", "args", "code", "uvmm",
    "command", "match", "each",
}
LAB_KEYS = {"title", "files", "timeout", "waiting"}


class DataError(Exception):
    pass


class Test:
    def __init__(self, name, source):
        self.name = name
        self.source = source      # the grade.ini it came from
        self.hidden = False       # from hidden/grade.ini: never in the handout
        self.points = 0.0
        self.kind = ""
        self.description = ""
        self.visibility = "visible"
        self.timeout = None
        self.requires = []        # "impl:X", "!impl:X", "file:PATH"
        self.keys = {}            # every other key, raw (per kind)
        self.requires_by_word = {}  # requires.WORD = ...: only for NAME.WORD of each

    def get(self, key, default=None):
        return self.keys.get(key, default)


class Lab:
    def __init__(self, number, path):
        self.number = number
        self.path = path          # labs/NN-topic
        self.title = ""
        self.files = []           # what the student writes, relative to the lab folder
        self.timeout = 5.0
        self.waiting = ""         # what the lab waits for (a draft), or ""
        self.tests = []


def _fail(path, section, key, why):
    where = f"[{section}]" + (f" {key}" if key else "")
    raise DataError(f"{path}: {where}: {why}")


def _number(path, section, key, value):
    try:
        v = float(value)
    except ValueError:
        _fail(path, section, key, f"'{value}' is not a number")
    if v < 0:
        _fail(path, section, key, f"'{value}' is negative")
    return v


def _parser():
    p = configparser.ConfigParser(interpolation=None, inline_comment_prefixes=("#",),
                                  comment_prefixes=("#",), delimiters=("=",))
    p.optionxform = str       # keys are case-sensitive
    return p


def _read(path):
    p = _parser()
    try:
        with open(path, encoding="utf-8") as f:
            p.read_file(f, source=path)
    except (configparser.Error, UnicodeDecodeError) as e:
        raise DataError(f"{path}: {str(e).splitlines()[0]}")
    return p


def _requirements(path, section, key, value):
    out = value.split()
    for r in out:
        if not re.match(r"^(!?impl:[A-Za-z0-9_.-]+|file:\S+|probe:[A-Za-z0-9_.-]+)$", r):
            _fail(path, section, key,
                  f"'{r}': requirements are impl:NAME, !impl:NAME, file:PATH, probe:IMAGE")
    return out


def _read_test(path, section, items, lab, hidden):
    name = section[len("test "):].strip()
    if not NAME_RE.match(name):
        _fail(path, section, None, "a test name is letters, digits, '_', '.', '-'")
    t = Test(name, path)
    t.hidden = hidden
    t.visibility = "after_published" if hidden else "visible"
    for key, value in items:
        value = value.strip()
        if key.startswith("requires."):
            t.requires_by_word[key[len("requires."):]] = _requirements(path, section, key, value)
            continue
        if key not in TEST_KEYS:
            _fail(path, section, key, "unknown key")
        if key == "points":
            t.points = _number(path, section, key, value)
        elif key == "timeout":
            t.timeout = _number(path, section, key, value)
        elif key == "kind":
            if value not in KINDS:
                _fail(path, section, key, f"'{value}' is not one of {', '.join(KINDS)}")
            t.kind = value
        elif key == "visibility":
            if value not in VISIBILITIES:
                _fail(path, section, key, f"'{value}' is not one of {', '.join(VISIBILITIES)}")
            t.visibility = value
        elif key == "description":
            t.description = " ".join(value.split())
        elif key == "requires":
            t.requires += _requirements(path, section, key, value)
        else:
            t.keys[key] = value
    if not t.kind:
        _fail(path, section, "kind", "missing")
    need = {"trace": ("program", "guest", "expect"), "run": ("image", "expect"),
            "cmd": ("command",), "build": ()}[t.kind]
    for key in need:
        if key not in t.keys:
            _fail(path, section, key, f"missing (a {t.kind} test needs {', '.join(need)})")
    if t.timeout is None:
        t.timeout = lab.timeout
    return _expand_each(t)


def _expand_each(t):
    """each = A B C makes tests NAME.A, NAME.B, NAME.C, with {each} in every
    value replaced by the word: one row of data for a family of cases."""
    words = t.keys.pop("each", "").split()
    for w in t.requires_by_word:
        if w not in words:
            _fail(t.source, f"test {t.name}", f"requires.{w}", f"'{w}' is not a word of each")
    if not words:
        return [t]
    out = []
    for w in words:
        c = copy.copy(t)
        c.name = f"{t.name}.{w}"
        c.keys = {k: v.replace("{each}", w) for k, v in t.keys.items()}
        c.description = t.description.replace("{each}", w)
        c.requires = t.requires + t.requires_by_word.get(w, [])
        out.append(c)
    return out


def load(lab_path, number, with_hidden=True):
    """The lab at lab_path (labs/NN-topic) with its tests in file order, the
    hidden ones (if the folder has them and with_hidden) after the others."""
    lab = Lab(number, lab_path)
    path = os.path.join(lab_path, "grade.ini")
    p = _read(path)
    if not p.has_section("lab"):
        raise DataError(f"{path}: no [lab] section")
    for key, value in p.items("lab"):
        if key not in LAB_KEYS:
            _fail(path, "lab", key, "unknown key")
    lab.title = p.get("lab", "title", fallback=os.path.basename(lab_path))
    lab.files = p.get("lab", "files", fallback="").split()
    lab.timeout = _number(path, "lab", "timeout", p.get("lab", "timeout", fallback="5"))
    lab.waiting = " ".join(p.get("lab", "waiting", fallback="").split())
    sources = [(path, p, False)]
    hidden = os.path.join(lab_path, "hidden", "grade.ini")
    if with_hidden and os.path.exists(hidden):
        sources.append((hidden, _read(hidden), True))
    seen = {}
    for src, parser, is_hidden in sources:
        for section in parser.sections():
            if section == "lab" and src == path:
                continue
            if not section.startswith("test "):
                _fail(src, section, None, "sections are [lab] and [test NAME]")
            for t in _read_test(src, section, parser.items(section), lab, is_hidden):
                if t.name in seen:
                    _fail(src, section, None, f"test '{t.name}' is also in {seen[t.name]}")
                seen[t.name] = src
                lab.tests.append(t)
    return lab


def find_labs(root="labs"):
    """{number: path} of every labs/NN-topic folder with a grade.ini."""
    found = {}
    for entry in sorted(os.listdir(root)):
        m = re.match(r"^(\d\d)-[a-z0-9-]+$", entry)
        if m and os.path.exists(os.path.join(root, entry, "grade.ini")):
            found[int(m.group(1))] = os.path.join(root, entry)
    return found
