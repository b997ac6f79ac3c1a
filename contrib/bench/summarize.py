#!/usr/bin/env python3
# contrib/bench/summarize.py: the arithmetic of contrib/bench/run.  Reads the
# raw samples the shell script records, computes medians, ratios and the
# targets of issues 8 and 13, and prints one line per scenario (`line`) or
# writes the machine-readable result (`json`).  The shell script owns measuring; this
# file owns what the numbers mean.
#
#   summarize.py line DIR ID      one summary line for scenario ID
#   summarize.py json DIR OUT     every scenario, as JSON, to OUT
#
# DIR holds (tab-separated, written by run):
#   scenarios.tsv  id kind title units repeat variants(comma) workload
#   samples.tsv    id variant round value rc    (value: ns, or KiB for kind d)
#   meta.tsv       key value
import json
import os
import statistics
import sys
import time

SCHEMA_VERSION = 1

# Targets from issues 8 and 13, by scenario kind.
FLOOR_SLACK = 1.05      # (a) jtrace <= 1.05 x the seccomp floor
FULL_VS_STRACE = 0.5    # (b) jtrace <= 0.5 x strace
STARTUP_SLACK_NS = 1e6  # (c) jtrace --ns <= bwrap + 1 ms
RSS_LIMIT_KIB = 16384   # (d) <= 16 MiB at 1 M events
# Issue 13: (f) and (g) jtrace <= 0.8 x strace, tracer and tracee placed
# alike (f) or as a user leaves them (g).
EQUAL_VS_STRACE = 0.8


def read_tsv(path):
    rows = []
    if not os.path.exists(path):
        return rows
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line:
                rows.append(line.split("\t"))
    return rows


def load(d):
    scenarios = {}
    order = []
    for sid, kind, title, units, repeat, variants, workload in read_tsv(
            os.path.join(d, "scenarios.tsv")):
        scenarios[sid] = {
            "id": sid, "kind": kind, "title": title,
            "units": int(units), "repeat": int(repeat),
            "variants": variants.split(","), "workload": workload,
            "samples": {}, "by_round": {}, "failures": {},
        }
        order.append(sid)
    for sid, variant, _round, value, rc in read_tsv(os.path.join(d, "samples.tsv")):
        s = scenarios.get(sid)
        if s is None:
            continue
        if int(rc) == 0:
            s["samples"].setdefault(variant, []).append(int(value))
            s["by_round"].setdefault(variant, {})[int(_round)] = int(value)
        else:
            s["failures"].setdefault(variant, []).append(int(rc))
    meta = dict((r[0], r[1] if len(r) > 1 else "") for r in read_tsv(os.path.join(d, "meta.tsv")))
    return scenarios, order, meta


def median(s, variant):
    """Median of one variant, per repetition; None when any run failed."""
    if s["failures"].get(variant) or not s["samples"].get(variant):
        return None
    return statistics.median(s["samples"][variant]) / s["repeat"]


def ratio(a, b):
    if a is None or b is None or b == 0:
        return None
    return a / b


def round_ratios(s, a, b):
    """A/B within each round, for the rounds where both ran.  Variants of a
    round run back to back, so a slow drift of the host (a neighbour VM, the
    page cache) divides out of each of these; the ratio of two medians taken
    over the whole run keeps it."""
    if s["failures"].get(a) or s["failures"].get(b):
        return []
    ra, rb = s["by_round"].get(a, {}), s["by_round"].get(b, {})
    return sorted(ra[k] / rb[k] for k in ra if k in rb and rb[k])


def paired(s, a, b):
    """Median of the per-round ratios A/B, or None."""
    rs = round_ratios(s, a, b)
    return statistics.median(rs) if rs else None


def quartiles(values):
    """(lower, upper) quartile of sorted VALUES, or None for fewer than 4."""
    if len(values) < 4:
        return None
    q = statistics.quantiles(values, n=4, method="inclusive")
    return q[0], q[2]


def fmt_ns(ns):
    if ns is None:
        return "FAILED"
    if ns >= 10e9:
        return "%.2f s" % (ns / 1e9)
    if ns >= 1e6:
        return "%.1f ms" % (ns / 1e6)
    return "%.1f us" % (ns / 1e3)


def fmt_x(r):
    return "n/a" if r is None else "%.2fx" % r


def verdict(ok):
    if ok is None:
        return "n/a"
    return "met" if ok else "MISSED"


def analyse(s):
    """Medians, ratios and target verdict of one scenario, as a dict."""
    kind = s["kind"]
    med = {v: median(s, v) for v in s["variants"]}
    out = {"medians": med, "ratios": {}, "target": None, "met": None, "extra": {}}
    r = out["ratios"]
    if kind in ("a", "e"):
        for a_, b_ in (("floor", "native"), ("jtrace", "native"), ("strace", "native"),
                       ("jtrace", "floor"), ("jtrace", "strace")):
            r[a_ + "/" + b_] = paired(s, a_, b_)
        iqr = quartiles(round_ratios(s, "jtrace", "floor"))
        if iqr:
            out["extra"]["jtrace/floor_quartiles"] = list(iqr)
        if kind == "a":
            # "Below strace's ratio" is tested on jtrace/strace itself, the
            # two timed side by side in each round, not by comparing two
            # ratios that each carry their own round's native run.
            out["target"] = "jtrace <= %.2fx floor and jtrace/strace < 1" % FLOOR_SLACK
            if None not in (r["jtrace/floor"], r["jtrace/strace"]):
                out["met"] = r["jtrace/floor"] <= FLOOR_SLACK and r["jtrace/strace"] < 1.0
        else:
            out["target"] = "jtrace <= strace"
            if r["jtrace/strace"] is not None:
                out["met"] = r["jtrace/strace"] <= 1.0
    elif kind == "b":
        nat, jt, st = med.get("native"), med.get("jtrace"), med.get("strace")
        r["jtrace/native"] = ratio(jt, nat)
        r["strace/native"] = ratio(st, nat)
        r["jtrace/strace"] = ratio(jt, st)
        for name, v in (("jtrace", jt), ("strace", st)):
            if v is not None and nat is not None and s["units"]:
                out["extra"][name + "_us_per_call"] = (v - nat) / s["units"] / 1e3
        out["target"] = "jtrace <= %.2fx strace" % FULL_VS_STRACE
        if r["jtrace/strace"] is not None:
            out["met"] = r["jtrace/strace"] <= FULL_VS_STRACE
    elif kind in ("f", "g"):
        # Paired per round, as in (a): one (g) run takes a minute, long
        # enough for the host to change under it between rounds.  The
        # ptrace floor ("pfloor") splits each tracer's cost into the
        # kernel's part, which no ptrace tracer avoids, and its own.
        jtraces = [v for v in ("jtrace", "jtrace-text") if v in med]
        for a_ in jtraces + ["pfloor", "strace"]:
            r[a_ + "/native"] = paired(s, a_, "native")
        for a_ in jtraces:
            r[a_ + "/strace"] = paired(s, a_, "strace")
            r[a_ + "/pfloor"] = paired(s, a_, "pfloor")
        r["pfloor/strace"] = paired(s, "pfloor", "strace")
        nat = med.get("native")
        for name in jtraces + ["pfloor", "strace"]:
            v = med.get(name)
            if v is not None and nat is not None and s["units"]:
                out["extra"][name + "_us_per_call"] = (v - nat) / s["units"] / 1e3
        out["target"] = "%s <= %.2fx strace" % (" and ".join(jtraces), EQUAL_VS_STRACE)
        got = [r[v + "/strace"] for v in jtraces]
        if got and None not in got:
            out["met"] = max(got) <= EQUAL_VS_STRACE
    elif kind == "c":
        nat, jt, bw = med.get("native"), med.get("jtrace"), med.get("bwrap")
        r["jtrace/bwrap"] = ratio(jt, bw)
        if jt is not None and bw is not None:
            out["extra"]["jtrace_minus_bwrap_ns"] = jt - bw
            out["met"] = jt <= bw + STARTUP_SLACK_NS
        out["target"] = "jtrace --ns <= bwrap + 1 ms"
    elif kind == "d":
        small, big = med.get("rss_small"), med.get("rss_big")
        out["extra"]["units"] = "KiB"
        if small is not None and big is not None:
            out["extra"]["growth_kib"] = big - small
        out["target"] = "peak RSS <= %d KiB at %d events" % (RSS_LIMIT_KIB, s["units"])
        if big is not None:
            out["met"] = big <= RSS_LIMIT_KIB
    return out


def line(s):
    a = analyse(s)
    med, r, kind = a["medians"], a["ratios"], s["kind"]
    head = "(%s) %s:" % (s["id"], s["title"])
    if kind in ("a", "e"):
        parts = ["native %s" % fmt_ns(med.get("native"))]
        if "floor" in med:
            parts.append("floor %s" % fmt_x(r["floor/native"]))
        parts.append("jtrace %s" % fmt_x(r["jtrace/native"]))
        if "floor" in med:
            iqr = a["extra"].get("jtrace/floor_quartiles")
            parts[-1] += " (%s floor%s)" % (
                fmt_x(r["jtrace/floor"]),
                ", quartiles %.2f-%.2f" % tuple(iqr) if iqr else "")
        parts.append("strace %s" % fmt_x(r["strace/native"]))
        parts.append("jtrace/strace %s" % fmt_x(r["jtrace/strace"]))
    elif kind == "b":
        e = a["extra"]
        parts = ["native %s" % fmt_ns(med.get("native"))]
        for name in ("jtrace", "strace"):
            per = e.get(name + "_us_per_call")
            parts.append("%s %s%s" % (name, fmt_ns(med.get(name)),
                                      "" if per is None else " (%.2f us/call)" % per))
        parts.append("jtrace/strace %s" % fmt_x(r["jtrace/strace"]))
    elif kind in ("f", "g"):
        e = a["extra"]
        parts = ["native %s" % fmt_ns(med.get("native"))]
        for name in ("pfloor", "jtrace", "jtrace-text", "strace"):
            if name not in med:
                continue
            per = e.get(name + "_us_per_call")
            parts.append("%s %s%s" % ("floor" if name == "pfloor" else name,
                                      fmt_ns(med.get(name)),
                                      "" if per is None else " (%.2f us/call)" % per))
        parts.append("jtrace/strace %s" % fmt_x(r["jtrace/strace"]))
        if "jtrace-text/strace" in r:
            parts.append("jtrace-text/strace %s" % fmt_x(r["jtrace-text/strace"]))
        parts.append("floor/strace %s" % fmt_x(r["pfloor/strace"]))
        parts.append("jtrace/floor %s" % fmt_x(r["jtrace/pfloor"]))
    elif kind == "c":
        parts = ["native %s" % fmt_ns(med.get("native")),
                 "bwrap %s" % fmt_ns(med.get("bwrap")),
                 "jtrace %s" % fmt_ns(med.get("jtrace"))]
        d = a["extra"].get("jtrace_minus_bwrap_ns")
        if d is not None:
            parts.append("jtrace-bwrap %+.2f ms" % (d / 1e6))
    elif kind == "d":
        def kib(v):
            return "FAILED" if v is None else "%.1f MiB" % (v / 1024)
        parts = ["peak RSS %s at %d events" % (kib(med.get("rss_small")), s["units"] // 10),
                 "%s at %d events" % (kib(med.get("rss_big")), s["units"])]
    else:
        parts = ["unknown kind %s" % kind]
    failed = sorted(v for v in s["variants"] if s["failures"].get(v))
    if failed:
        parts.append("FAILED runs: " + ", ".join(
            "%s (exit %s)" % (v, s["failures"][v][0]) for v in failed))
    parts.append("target %s: %s" % (a["target"], verdict(a["met"])))
    return head + " " + " | ".join(parts)


def to_json(scenarios, order, meta):
    out = {
        "schema": SCHEMA_VERSION,
        "generated": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "meta": meta,
        "scenarios": [],
    }
    for sid in order:
        s = scenarios[sid]
        a = analyse(s)
        out["scenarios"].append({
            "id": sid,
            "kind": s["kind"],
            "title": s["title"],
            "workload": s["workload"],
            "units": s["units"],
            "repeat": s["repeat"],
            "value_unit": "KiB" if s["kind"] == "d" else "ns",
            "variants": {
                v: {
                    "median": a["medians"].get(v),
                    "samples": s["samples"].get(v, []),
                    "failed_exit_codes": s["failures"].get(v, []),
                } for v in s["variants"]
            },
            "ratios": a["ratios"],
            "extra": a["extra"],
            "target": a["target"],
            "met": a["met"],
            "summary": line(s),
        })
    return out


def main(argv):
    if len(argv) != 4 or argv[1] not in ("line", "json"):
        sys.stderr.write("usage: summarize.py line DIR ID | json DIR OUT\n")
        return 2
    scenarios, order, meta = load(argv[2])
    if argv[1] == "line":
        if argv[3] not in scenarios:
            sys.stderr.write("summarize.py: no scenario %s\n" % argv[3])
            return 2
        print(line(scenarios[argv[3]]))
        return 0
    tmp = argv[3] + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(to_json(scenarios, order, meta), f, indent=2, sort_keys=False)
        f.write("\n")
    os.replace(tmp, argv[3])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
