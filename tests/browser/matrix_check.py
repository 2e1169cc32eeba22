#!/usr/bin/env python3
"""Checks the matrix page (uvmm report html) in a real headless Chromium.

The expectations are computed here, independently of uvmm, from the merged
results file the page was made from: the rows (disagreeing ones first), the
cells, what each filter must leave visible, the reasons behind hover and
click. Prints one "ok - ..." / "not ok - ..." line per check.

  matrix_check.py --page PAGE --results MERGED.json [--screenshot PNG]
  matrix_check.py --time --page PAGE      prints {"open_ms": .., "render_ms": ..}
"""
import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cdp  # noqa: E402

failures = 0


def check(ok, what):
    global failures
    print(("ok - " if ok else "not ok - ") + what)
    failures += 0 if ok else 1
    sys.stdout.flush()


def expectations(results):
    platforms = results["platforms"]
    rows = {}
    for p_index, p in enumerate(platforms):
        for t in p["tests"]:
            key = (t.get("suite", "uvmm"), t["name"])
            row = rows.setdefault(key, {"cells": {}, "groups": None})
            if row["groups"] is None and "groups" in t:
                row["groups"] = t["groups"] or []
            row["cells"][p_index] = t
    for row in rows.values():
        classes = [t["class"] for t in row["cells"].values()]
        row["disagree"] = len(set(classes)) > 1
        row["classes"] = set(classes)
        row["groups"] = row["groups"] or []
    order = sorted(rows, key=lambda k: (not rows[k]["disagree"], k[0].encode(), k[1].encode()))
    return platforms, rows, order


def label(key):
    suite, name = key
    text = name if suite == "uvmm" else f"{suite}:{name}"
    return text.replace("\x7f", "\\x7f")


def visible_rows(b):
    return b.eval("document.querySelectorAll('#matrix tbody tr[data-i]').length")


def wait_ready(b, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if b.eval("document.body && document.body.getAttribute('data-ready')") == "1":
            return True
        time.sleep(0.01)
    return False


def time_page(b, url):
    t0 = time.monotonic()
    b.navigate(url)
    ready = wait_ready(b)
    open_ms = (time.monotonic() - t0) * 1000
    render = b.eval("document.body.getAttribute('data-render-ms')")
    print(json.dumps({"open_ms": round(open_ms, 1), "render_ms": float(render or -1),
                      "ready": ready,
                      "cells": b.eval("document.querySelectorAll('#matrix tbody td').length")}))


def run_checks(b, url, results, screenshot):
    platforms, rows, order = expectations(results)
    b.navigate(url)
    check(wait_ready(b), "the page runs its script to the end (data-ready)")
    errors = [e for e in b.events if e.get("method") == "Runtime.exceptionThrown"]
    check(not errors, f"no script errors ({len(errors)})")
    ncells = b.eval("document.querySelectorAll('#matrix tbody td[data-c]').length")
    check(ncells == len(rows) * len(platforms),
          f"{len(rows)} tests x {len(platforms)} platforms = {len(rows) * len(platforms)} cells "
          f"(page: {ncells})")
    heads = b.eval("Array.prototype.map.call(document.querySelectorAll('#matrix thead th.plat'),"
                   "function(t){return t.textContent;})")
    check(heads == [p["id"] for p in platforms], "one header per platform, in id order")
    titles = b.eval("Array.prototype.map.call(document.querySelectorAll('#matrix thead th.plat'),"
                    "function(t){return t.title;})")
    check(all(t.startswith(p["id"] + "\nKVM: ") for t, p in zip(titles or [], platforms)),
          "each platform header names its KVM, kernel, CPU (title)")
    prow = b.eval("Array.prototype.map.call(document.querySelectorAll('#platforms tbody tr'),"
                  "function(r){return r.cells[1].textContent;})")
    check(prow == [p["id"] for p in platforms], "the platforms table lists each platform")
    names = b.eval("Array.prototype.map.call(document.querySelectorAll('#matrix tbody tr[data-i] th'),"
                   "function(t){return t.textContent;})")
    check(names == [label(k) for k in order],
          "rows: every test once, where platforms disagree first, then by name")
    ndis = sum(rows[k]["disagree"] for k in order)
    got_dis = b.eval("document.querySelectorAll('#matrix tbody tr.dis[data-i]').length")
    check(got_dis == ndis, f"{ndis} disagreeing rows are marked (page: {got_dis})")
    classes = b.eval("Array.prototype.map.call(document.querySelectorAll('#matrix tbody tr[data-i]'),"
                     "function(r){return Array.prototype.map.call(r.querySelectorAll('td[data-c]'),"
                     "function(c){return c.getAttribute('data-k')||c.className.split(' ')[0];});})")
    want = [[(rows[k]["cells"][p]["class"] if p in rows[k]["cells"] else "NONE")
             for p in range(len(platforms))] for k in order]
    want = [[c if c in ("PASS", "FAIL", "SKIP", "XFAIL", "XPASS", "TIMEOUT", "ERROR", "NONE")
             else c for c in row] for row in want]
    check(classes == want, "every cell has its test's class on its platform")
    check(visible_rows(b) == len(order), "all rows visible at first")

    # Group filter: the <select> is set and its change event fired, as a user would.
    groups = b.eval("Array.prototype.map.call(document.querySelectorAll('#f-group option'),"
                    "function(o){return [o.value,o.textContent];})")
    all_groups = sorted({g for k in order for g in rows[k]["groups"]})
    check(sorted(g for v, g in groups[1:]) == all_groups, "the group filter lists every group")
    if len(groups) > 1:
        value, name = groups[1]
        b.eval("var s=document.getElementById('f-group');s.value=%s;"
               "s.dispatchEvent(new Event('change'));" % json.dumps(value))
        expect = sum(name in rows[k]["groups"] for k in order)
        got = visible_rows(b)
        check(got == expect, f"group '{name}' leaves {expect} rows (page: {got})")
        b.eval("var s=document.getElementById('f-group');s.value='';"
               "s.dispatchEvent(new Event('change'));")

    # Class filter: a real mouse click on the PASS checkbox.
    b.click("#f-class input[value=PASS]")
    unchecked = b.eval("!document.querySelector('#f-class input[value=PASS]').checked")
    expect = sum(bool(rows[k]["classes"] - {"PASS"}) for k in order)
    got = visible_rows(b)
    check(unchecked and got == expect,
          f"clicking PASS off leaves the {expect} rows with another class (page: {got})")
    dimmed = b.eval("document.getElementById('matrix').classList.contains('hide-PASS')")
    check(dimmed, "PASS cells are dimmed while PASS is off")
    b.click("#f-class input[value=PASS]")
    check(visible_rows(b) == len(order), "clicking PASS on again shows every row")

    b.click("#f-disagree")
    got = visible_rows(b)
    check(got == ndis, f"'only where platforms disagree' leaves {ndis} rows (page: {got})")
    b.click("#f-disagree")

    # Hover and click on a cell with a reason.
    target = None
    for r, k in enumerate(order):
        for p in range(len(platforms)):
            t = rows[k]["cells"].get(p)
            if t and t.get("reason"):
                target = (r, p, t)
                break
        if target:
            break
    check(target is not None, "some cell has a reason to show")
    if target:
        r, p, t = target
        sel = f'#matrix tbody tr[data-i="{r}"] td[data-c="{p}"]'
        b.hover(sel)
        title = b.eval("document.querySelector(%s).title" % json.dumps(sel)) or ""
        check(t["reason"] in title and t["class"] in title,
              "hovering a cell shows its class and reason (title)")
        b.click(sel)
        shown = b.eval("!document.getElementById('detail').hidden && "
                       "document.getElementById('detail-text').textContent")
        check(bool(shown) and t["reason"] in shown,
              "clicking a cell shows its reason in the detail panel")
        if screenshot:
            b.call("Emulation.setScrollbarsHidden", hidden=True)
            b.eval("window.scrollTo(0,0)")
            b.screenshot(screenshot)
            check(os.path.getsize(screenshot) > 1000, f"screenshot kept: {screenshot}")
        b.click("#detail-close")
        check(b.eval("document.getElementById('detail').hidden"), "the detail panel closes")
    outside = [u for u in b.requests() if not u.startswith(("file:", "data:", "about:"))]
    check(not outside, f"the page asks the network for nothing ({outside[:3]})")


def window_checks(b, url, results):
    """A matrix too large to draw whole: only a window of it is in the page,
    and scrolling to the far corner draws the cells there, right."""
    platforms, rows, order = expectations(results)
    b.navigate(url)
    check(wait_ready(b), "the large page runs its script to the end")
    total = len(order) * len(platforms)
    drawn = b.eval("document.querySelectorAll('#matrix tbody td[data-c]').length")
    check(0 < drawn < total, f"only a window of the {total} cells is drawn ({drawn})")
    b.eval("var g=document.getElementById('grid');g.scrollTop=g.scrollHeight;g.scrollLeft=g.scrollWidth;")
    time.sleep(0.3)
    r, p = len(order) - 1, len(platforms) - 1
    sel = json.dumps(f"#matrix tr[data-i='{r}'] td[data-c='{p}']")
    got = b.eval("(function(){var c=document.querySelector(%s);"
                 "return c&&(c.getAttribute('data-k')||c.className.split(' ')[0]);})()" % sel)
    t = rows[order[r]]["cells"].get(p)
    want = t["class"] if t else "NONE"
    check(got == want, f"scrolled to the last test and platform: its cell is drawn, {want} (page: {got})")
    head = b.eval("Array.prototype.map.call(document.querySelectorAll('#matrix thead th.plat'),"
                  "function(t){return t.textContent;}).pop()")
    check(head == platforms[p]["id"], f"and the last platform's header is there ({head})")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--page", required=True)
    ap.add_argument("--results")
    ap.add_argument("--screenshot")
    ap.add_argument("--time", action="store_true")
    ap.add_argument("--window", action="store_true", help="the checks of a large page")
    a = ap.parse_args()
    binary = cdp.find_chromium()
    if not binary:
        print("no chromium", file=sys.stderr)
        return 77
    b = cdp.Browser(binary)
    try:
        b.open_page()
        url = "file://" + os.path.abspath(a.page)
        if a.time:
            time_page(b, url)
        else:
            with open(a.results, encoding="utf-8") as f:
                results = json.load(f)
            if a.window:
                window_checks(b, url, results)
            else:
                run_checks(b, url, results, a.screenshot)
    finally:
        b.close()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
