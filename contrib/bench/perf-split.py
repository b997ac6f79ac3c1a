#!/usr/bin/env python3
# contrib/bench/perf-split.py: where a tracer's CPU time goes, from a
# `perf record --call-graph dwarf` of it (README.md in this folder says how
# it was used for scenarios f and g).  Each sample is put in one bucket:
# kernel samples by the system call they are under (ptrace, wait4, the
# memory and /proc reads, write), user samples by the source file of the
# innermost frame of the program itself, so that time in libc (memcpy,
# snprintf) counts for the code that called it.  Prints the buckets as
# shares of the samples of the chosen commands.
#
#   perf script -F comm,period,ip,sym,dso -i perf.data |
#       perf-split.py BINARY [COMM...]      (default COMM: jtrace-run)
#
# BINARY is the traced-with-debug-info program (build/src/jtrace-run): its
# symbols are mapped to source files with `nm -l`.
import collections
import os
import re
import subprocess
import sys

# The call a kernel sample is under: its handler, as the kernel names it
# (some are inlined into do_syscall_64 and show as ksys_*).
SYSCALL = re.compile(r"^(?:__x64_sys|__do_sys|__se_sys|__ia32_sys|ksys)_(\w+)")

# Kernel: by the call the sample is under.
KERNEL = {
    "ptrace": "kernel: ptrace (resume, syscall info, wake-up)",
    "wait4": "kernel: wait4 (reaping stops, switching away)",
    "waitid": "kernel: wait4 (reaping stops, switching away)",
    "process_vm_readv": "memory reads (process_vm_readv)",
    "read": "/proc reads (open, read, close)",
    "pread64": "/proc reads (open, read, close)",
    "openat": "/proc reads (open, read, close)",
    "close": "/proc reads (open, read, close)",
    "readlink": "/proc reads (open, read, close)",
    "readlinkat": "/proc reads (open, read, close)",
    "newfstatat": "/proc reads (open, read, close)",
    "write": "write(2)",
    "writev": "write(2)",
}

# User: by the source file (a prefix of its path under src/).  The JSON
# and text writers share value.c's output buffer (jbuf_*, put_json_*),
# which is formatting, not decoding, whichever of the two the run writes.
FORMAT = "user: formatting (emit/json or emit/text, jbuf)"
FORMAT_SYM = re.compile(r"^(jbuf_|put_json)")
USER = (
    ("emit/json", FORMAT),
    ("emit/text", FORMAT),
    ("emit/sink", "user: sink (buffering)"),
    ("decode/", "user: decoding arguments"),
    ("value", "user: decoding arguments"),
    ("record", "user: building records"),
    ("summary", "user: building records"),
    ("tracer", "user: ptrace loop and bookkeeping"),
    ("floor", "user: ptrace loop and bookkeeping"),
    ("cpu", "user: ptrace loop and bookkeeping"),
    ("regs", "user: ptrace loop and bookkeeping"),
    ("proctab", "user: ptrace loop and bookkeeping"),
)


def file_map(binary):
    out = subprocess.run(["nm", "-l", binary], capture_output=True, text=True,
                         check=True).stdout
    m = {}
    for line in out.splitlines():
        f = line.split()
        if len(f) >= 4 and f[1] in "tTwW":
            path = f[3].rsplit(":", 1)[0]
            m[f[2]] = path.split("/src/", 1)[-1]
    return m


def files_of(frames, binary):
    """True when any frame is BINARY's (so the program is jtrace-run)."""
    return any(dso == binary for _, dso in frames)


def bucket(frames, files, binary):
    """FRAMES leaf first, as (sym, dso); FILES maps BINARY's symbols."""
    if frames and frames[0][1].startswith("[kernel"):
        for sym, dso in frames:
            if not dso.startswith("[kernel"):
                break
            m = SYSCALL.match(sym)
            if m:
                return KERNEL.get(m.group(1), "kernel: other calls (%s)" % m.group(1))
        syms = [s for s, d in frames if d.startswith("[kernel")]
        if "exit_to_user_mode_loop" in syms:
            return "kernel: return to user (preemption, signals)"
        if "do_syscall_64" in syms or "entry_SYSCALL_64_after_hwframe" in syms:
            return "kernel: syscall entry and exit"
        if any("page_fault" in s for s in syms):
            return "kernel: page faults"
        return "kernel: interrupts"
    for sym, dso in frames:
        if FORMAT_SYM.match(sym):
            return FORMAT
        if dso == binary and sym in files:
            for prefix, name in USER:
                if files[sym].startswith(prefix):
                    return name
            return "user: rest (%s)" % files[sym]
        if "json-c" in dso:
            return "user: json-c"
    return "user: %s" % ("libc, unattributed" if files_of(frames, binary) else "the tracer")


def samples(stream):
    head, frames = None, []
    for line in stream:
        line = line.rstrip("\n")
        if not line:
            if head is not None:
                yield head, frames
            head, frames = None, []
        elif head is None:
            head = line
        else:
            parts = line.split(None, 1)
            rest = parts[1] if len(parts) > 1 else ""
            m = re.match(r"(.*?)\s+\((.*)\)$", rest)
            sym, dso = (m.group(1), m.group(2)) if m else (rest, "")
            frames.append((re.sub(r"\+0x[0-9a-f]+$", "", sym), dso))
    if head is not None:
        yield head, frames


def main(argv):
    if len(argv) < 2:
        sys.stderr.write("usage: perf script ... | perf-split.py BINARY [COMM...]\n")
        return 2
    binary = os.path.realpath(argv[1])
    files = file_map(binary)
    comms = set(argv[2:]) or {"jtrace-run"}
    total = 0
    per = collections.Counter()
    for head, frames in samples(sys.stdin):
        f = head.split()
        if not f or f[0] not in comms:
            continue
        period = int(f[1]) if len(f) > 1 and f[1].isdigit() else 1
        per[bucket(frames, files, binary)] += period
        total += period
    if not total:
        sys.stderr.write("perf-split.py: no samples of %s\n" % ", ".join(sorted(comms)))
        return 1
    for name, n in per.most_common():
        print("%5.1f%%  %s" % (100.0 * n / total, name))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
