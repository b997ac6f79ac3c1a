#!/usr/bin/python3
"""strace-compare: compare a jtrace-run JSON log with an strace log of the
same program, per thread, by call name, return value and errno.

Usage: strace-compare.py [--names LIST] STRACE_LOG JTRACE_LOG

STRACE_LOG comes from `strace -f -qq -e signal=none --seccomp-bpf
-e trace=%network -o STRACE_LOG PROG`: lines "TID name(args) = RET [ERRNO
(text)]", with <unfinished ...> / <... name resumed> pairs.

Only calls in both sets are compared: strace's %network class (built in
below, as strace 6.x defines it on x86_64) intersected with the names the
jtrace log's start record says were stopped (start.filter), minus
execve/execveat, which jtrace always logs.  --names overrides the set.

Thread ids differ between the runs and the order in which threads first
appear depends on scheduling, so the two logs must hold the same multiset of
per-thread sequences of (name, ret, errno).  On a mismatch, threads are
paired (first appearance, then best likeness) and a unified diff of each
pair is printed.  Exit 0 when identical, 1 when not, 2 on bad input.
"""
import argparse
import difflib
import json
import re
import sys

# strace's %network (TN flag) on x86_64, strace 6.1.
STRACE_NETWORK = {
    "accept", "accept4", "bind", "connect", "getpeername", "getsockname",
    "getsockopt", "listen", "recvfrom", "recvmmsg", "recvmsg", "sendfile",
    "sendmmsg", "sendmsg", "sendto", "setsockopt", "shutdown", "socket",
    "socketpair",
}
ALWAYS_LOGGED = {"execve", "execveat"}

LINE_RE = re.compile(r"^(\d+)\s+(.*)$")
RESUMED_RE = re.compile(r"^<\.\.\. (\w+) resumed>")
CALL_RE = re.compile(r"^(\w+)\(")
RET_RE = re.compile(r"^.*\)\s+=\s+(-?\d+|0x[0-9a-fA-F]+|\?)"
                    r"(?:\s+([A-Z][A-Z0-9_]+))?(?:\s+\(.*\))?(?:\s+<[\d.]+>)?\s*$")


def norm_ret(ret):
    if ret is None:
        return "?"
    if isinstance(ret, str) and ret.startswith("0x"):
        return str(int(ret, 16))
    return str(ret)


def parse_strace(path):
    """Returns {tid: [[name, ret, errno], ...]} and the tids in order."""
    seqs, order, pending = {}, [], {}
    with open(path, encoding="utf-8", errors="replace") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            m = LINE_RE.match(line)
            if not m:
                raise ValueError(f"{path}:{n}: no pid prefix (use strace -f -o): {line}")
            tid, rest = int(m.group(1)), m.group(2)
            if rest.startswith(("+++", "---")):
                continue
            if tid not in seqs:
                seqs[tid] = []
                order.append(tid)
            r = RESUMED_RE.match(rest)
            if r:
                entry = pending.pop(tid, None)
                if entry is None or entry[0] != r.group(1):
                    raise ValueError(f"{path}:{n}: resumed call was not pending: {line}")
            else:
                c = CALL_RE.match(rest)
                if not c:
                    raise ValueError(f"{path}:{n}: cannot parse: {line}")
                entry = [c.group(1), "?", None]
                seqs[tid].append(entry)
                if rest.endswith("<unfinished ...>"):
                    pending[tid] = entry
                    continue
            ret = RET_RE.match(rest)
            if not ret:
                raise ValueError(f"{path}:{n}: no return value: {line}")
            entry[1] = norm_ret(ret.group(1))
            err = ret.group(2)
            entry[2] = err if entry[1] == "-1" else None
    return seqs, order


def parse_jtrace(path):
    seqs, order, filt = {}, [], None
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            try:
                rec = json.loads(line)
            except ValueError as e:
                raise ValueError(f"{path}:{n}: not JSON: {e}")
            if rec.get("type") == "start":
                filt = rec.get("filter")
            if rec.get("type") != "syscall":
                continue
            tid = rec["tid"]
            if tid not in seqs:
                seqs[tid] = []
                order.append(tid)
            ret = "?" if rec.get("unfinished") else norm_ret(rec.get("ret"))
            seqs[tid].append([rec["name"], ret, rec.get("errno")])
    return seqs, order, filt


def fmt(entry):
    name, ret, err = entry
    return f"{name} = {ret}" + (f" {err}" if err else "")


def keep(seqs, order, names):
    out = []
    for tid in order:
        s = [tuple(e) for e in seqs[tid] if e[0] in names]
        if s:
            out.append((tid, s))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--names", help="comma-separated call names to compare")
    ap.add_argument("strace_log")
    ap.add_argument("jtrace_log")
    a = ap.parse_args()
    try:
        s_seqs, s_order = parse_strace(a.strace_log)
        j_seqs, j_order, filt = parse_jtrace(a.jtrace_log)
    except (OSError, ValueError, KeyError) as e:
        print(f"strace-compare: {e}", file=sys.stderr)
        return 2
    if a.names:
        names = set(a.names.split(","))
    elif filt is not None:
        names = STRACE_NETWORK & set(filt)
        missing = sorted(STRACE_NETWORK - set(filt))
        if missing:
            print(f"# not stopped by jtrace, not compared: {' '.join(missing)}")
    else:
        names = set(STRACE_NETWORK)
    names -= ALWAYS_LOGGED
    if not names:
        print("strace-compare: no call names to compare", file=sys.stderr)
        return 2

    s = keep(s_seqs, s_order, names)
    j = keep(j_seqs, j_order, names)
    ncalls = sum(len(x) for _, x in j)
    if sorted(x for _, x in s) == sorted(x for _, x in j):
        print(f"# identical: {len(j)} thread(s), {ncalls} call(s)")
        return 0

    print(f"MISMATCH: strace has {len(s)} thread(s) / {sum(len(x) for _, x in s)} call(s), "
          f"jtrace has {len(j)} thread(s) / {ncalls} call(s)")
    remaining = list(s)
    for jtid, jseq in j:
        best, best_ratio = None, -1.0
        for cand in remaining:
            if cand[1] == jseq:
                best, best_ratio = cand, 2.0
                break
            ratio = difflib.SequenceMatcher(None, cand[1], jseq).ratio()
            if ratio > best_ratio:
                best, best_ratio = cand, ratio
        if best is None:
            print(f"--- jtrace tid {jtid}: no strace thread left to pair with")
            for e in jseq:
                print(f"+{fmt(e)}")
            continue
        remaining.remove(best)
        if best[1] == jseq:
            print(f"= strace tid {best[0]} == jtrace tid {jtid} ({len(jseq)} calls)")
            continue
        diff = difflib.unified_diff([fmt(e) for e in best[1]], [fmt(e) for e in jseq],
                                    f"strace tid {best[0]}", f"jtrace tid {jtid}", lineterm="")
        for d in diff:
            print(d)
    for stid, sseq in remaining:
        print(f"--- strace tid {stid}: no jtrace thread to pair with")
        for e in sseq:
            print(f"-{fmt(e)}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
