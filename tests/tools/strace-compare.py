#!/usr/bin/python3
"""strace-compare: compare a jtrace-run JSON log with an strace log of the
same program, per thread, by call name, return value and errno, and (with
--args) by the decoded paths, socket addresses, flag and enum names of the
file and network calls.

Usage: strace-compare.py [--names LIST | --all] [--args] [--table FILE]
                         STRACE_LOG JTRACE_LOG

STRACE_LOG comes from `strace -f -qq -e signal=none [-y] -o STRACE_LOG PROG`
(optionally `--seccomp-bpf -e trace=%network`): lines "TID name(args) = RET
[ERRNO (text)]", with <unfinished ...> / <... name resumed> pairs, which are
joined back into one call.

Which calls are compared:
  default   strace's %network class (built in below, as strace 6.x defines
            it on x86_64) intersected with the names the jtrace log's start
            record says were stopped (start.filter);
  --names   exactly these;
  --all     every call, minus NONDETERMINISTIC below.
execve/execveat are left out of the default set (jtrace always logs them).

Return values that are addresses or process ids differ from run to run by
nature (ASLR, pid allocation): for the calls in ADDR_RET and PID_RET only
success/failure and the errno are compared.

--args compares, for calls of the classes file and net (src/data/syscalls.in,
read with --table, by default from the source tree this script lives in),
the arguments whose type is path, dirfd, fd, flags, enum, mode, sockaddr or
osockaddr: strace prints arguments in register order, so the N-th argument
of strace's line is the N-th of the signature (strace leaves out trailing
arguments that do not apply, e.g. openat's mode without O_CREAT; only
arguments both print are compared).  With -y on both sides fds compare with
their targets; socket inodes are normalised (socket:[*]).

Thread ids differ between the runs and the order in which threads first
appear depends on scheduling, so the two logs must hold the same multiset of
per-thread sequences.  On a mismatch, threads are paired (same sequence,
then best likeness) and a unified diff of each pair is printed.  Exit 0 when
identical, 1 when not, 2 on bad input.
"""
import argparse
import difflib
import json
import os
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

# Calls left out of --all, each because how often it is made or what it
# returns depends on timing, not on the program:
#   futex*            lock contention between threads
#   poll, ppoll, select, pselect6, epoll_wait, epoll_pwait(2)
#                     how many fds are ready when the call is made
#   nanosleep, clock_nanosleep, sched_yield
#                     interrupted or not, slept through or not
#   wait4, waitid     whether the child already exited (WNOHANG loops)
#   restart_syscall, rt_sigreturn, rt_sigsuspend
#                     appear only where a signal happened to interrupt a call
#   read, recvfrom, recvmsg, recvmmsg on pipes/sockets: byte counts depend on
#                     how the writer's data was split in time, so they are
#                     compared only when --deterministic-io is not given
#                     ... see IO_TIMING below
NONDETERMINISTIC = {
    "futex", "futex_wait", "futex_wake", "futex_waitv", "futex_requeue",
    "poll", "ppoll", "select", "pselect6", "epoll_wait", "epoll_pwait",
    "epoll_pwait2", "nanosleep", "clock_nanosleep", "sched_yield",
    "wait4", "waitid", "restart_syscall", "rt_sigreturn", "rt_sigsuspend",
}
# Reads from pipes and sockets return whatever had arrived: their byte
# counts (and their number, when a reader loops) vary; --io-timing leaves
# them out of --all (used for pipelines and client/server runs).
IO_TIMING = {"read", "readv", "recvfrom", "recvmsg", "recvmmsg", "accept",
             "accept4", "write", "writev", "sendto", "sendmsg", "connect"}
# Return values that are addresses (ASLR) or pids/tids (pid allocation).
ADDR_RET = {"mmap", "mremap", "brk", "shmat", "mmap2"}
PID_RET = {"clone", "clone3", "fork", "vfork", "getpid", "gettid", "getppid",
           "getpgrp", "getpgid", "getsid", "set_tid_address", "setsid",
           "wait4", "waitid"}

LINE_RE = re.compile(r"^(\d+)\s+(.*)$")
RESUMED_RE = re.compile(r"^<\.\.\. (\w+) resumed>(.*)$")
CALL_RE = re.compile(r"^(\w+)\((.*)$")
RET_RE = re.compile(r"\)\s+=\s+(-?\d+|0x[0-9a-fA-F]+|\?)(<.*>)?"
                    r"(?:\s+([A-Z][A-Z0-9_]+))?(?:\s+\(.*\))?(?:\s+<[\d.]+>)?\s*$")
UNFINISHED = " <unfinished ...>"

COMPARED_TYPES = {"path", "dirfd", "fd", "flags", "enum", "mode", "sockaddr", "osockaddr"}


def norm_ret(ret):
    if ret is None:
        return "?"
    if isinstance(ret, str) and re.match(r"^0[0-7]+$", ret):
        return str(int(ret, 8))  # strace shows umask's mode in octal
    if isinstance(ret, str) and ret.startswith("0x"):
        return str(int(ret, 16))
    return str(ret)


def load_table(path):
    """{name: (classes set, [arg types])} from syscalls.in."""
    table = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split()
            if len(cols) < 3:
                continue
            types = []
            for a in cols[3:]:
                t = a.split(":", 1)[0]
                types.append(t.split("(", 1)[0])
            table[cols[0]] = (set(cols[1].split(",")), types)
    return table


# ---- strace argument text -------------------------------------------------

def split_args(s):
    """Top-level comma-separated arguments of 'a, {b, c}, "d,e"' (the text
    between the call's parentheses)."""
    out, depth, cur, i, n = [], 0, [], 0, len(s)
    while i < n:
        c = s[i]
        if c == '"':
            j = i + 1
            while j < n and s[j] != '"':
                j += 2 if s[j] == "\\" else 1
            cur.append(s[i:j + 1])
            i = j + 1
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        if c == "," and depth == 0:
            out.append("".join(cur).strip())
            cur = []
            i += 1
            continue
        cur.append(c)
        i += 1
    last = "".join(cur).strip()
    if last or out:
        out.append(last)
    return out


def c_unescape(body):
    """Bytes of a C string literal body as strace prints it."""
    out, i, n = bytearray(), 0, len(body)
    simple = {"n": 10, "t": 9, "r": 13, "v": 11, "f": 12, "a": 7, "b": 8,
              "\\": 92, '"': 34, "'": 39}
    while i < n:
        c = body[i]
        if c != "\\":
            out += c.encode("utf-8")
            i += 1
            continue
        d = body[i + 1] if i + 1 < n else ""
        if d in simple:
            out.append(simple[d])
            i += 2
        elif d == "x":
            out.append(int(body[i + 2:i + 4], 16))
            i += 4
        elif d.isdigit():
            j = i + 1
            while j < n and j < i + 4 and body[j] in "01234567":
                j += 1
            out.append(int(body[i + 1:j], 8) & 0xff)
            i = j
        else:
            out += d.encode("utf-8")
            i += 2
    return bytes(out)


def strace_string(a):
    """'"abc"...' -> canonical text, or None when a is not a string."""
    m = re.match(r'^@?"((?:[^"\\]|\\.)*)"(\.\.\.)?', a)
    if not m:
        return None
    b = c_unescape(m.group(1))
    return b.decode("latin-1") + ("..." if m.group(2) else "")


def jtrace_bytes_text(s):
    """A jtrace string value (\\xNN for raw bytes, \\\\ for a backslash) ->
    the same canonical text as strace_string."""
    out, i = bytearray(), 0
    while i < len(s):
        if s[i] == "\\" and s[i + 1:i + 2] == "x":
            out.append(int(s[i + 2:i + 4], 16))
            i += 4
        elif s[i] == "\\" and s[i + 1:i + 2] == "\\":
            out.append(92)
            i += 2
        else:
            out += s[i].encode("utf-8")
            i += 1
    return bytes(out).decode("latin-1")


def ephemeral_range():
    """The kernel's range of ports given to bind(port 0) and connect:
    those differ between the two runs and are compared as '*'."""
    try:
        with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
            lo, hi = (int(x) for x in f.read().split())
            return lo, hi
    except (OSError, ValueError):
        return 32768, 60999


EPHEMERAL = ephemeral_range()


def norm_port(p):
    try:
        return "*" if EPHEMERAL[0] <= int(p) <= EPHEMERAL[1] else str(p)
    except ValueError:
        return str(p)


def norm_target(t):
    """-y targets: inode numbers and ephemeral ports vary between runs;
    strace -yy's device suffix (<char 1:3>) and unix peer inode (->N),
    which jtrace does not show, are dropped.  A socket's local address
    alone (bound, no peer) is dropped too: /proc/net/tcp, where jtrace looks,
    does not list a TCP socket that is bound but not yet listening, while
    strace's sock_diag query sees it."""
    t = re.sub(r"<(char|block) \d+:\d+>$", "", t)
    t = re.sub(r"^([\w-]+):\[\d+(?=[\],]|->)", r"\1:[*", t)
    t = re.sub(r"^(TCP|TCPv6|UDP|UDPv6):\[[^\]>-]*\]$", r"\1:[*]", t)
    t = re.sub(r"^(UNIX[\w-]*:\[\*)->\d+", r"\1", t)
    t = re.sub(r":(\d+)(?=[\]-])", lambda m: ":" + norm_port(m.group(1)), t)
    return t


def strace_fd(a):
    m = re.match(r"^(-?\d+|AT_FDCWD)(?:<(.*)>)?$", a)
    if not m:
        return a
    return m.group(1) + (f"<{norm_target(m.group(2))}>" if m.group(2) is not None else "")


def strace_flags(a):
    names = [x for x in a.split("|") if x not in ("0", "")]
    return "|".join(sorted(names))


def strace_sockaddr(a):
    if a == "NULL":
        return "NULL"
    if a.startswith("0x"):
        return "ptr"
    if not a.startswith("{"):
        return a
    fam = re.search(r"sa_family=(\w+)", a)
    fam = fam.group(1) if fam else "?"
    if fam == "AF_INET":
        port = re.search(r"sin_port=htons\((\d+)\)", a)
        addr = re.search(r'sin_addr=inet_addr\("([^"]*)"\)', a)
        return f"AF_INET:{addr.group(1) if addr else '?'}:{norm_port(port.group(1)) if port else '?'}"
    if fam == "AF_INET6":
        port = re.search(r"sin6_port=htons\((\d+)\)", a)
        addr = re.search(r'inet_pton\(AF_INET6, "([^"]*)"', a)
        return f"AF_INET6:[{addr.group(1) if addr else '?'}]:{norm_port(port.group(1)) if port else '?'}"
    if fam == "AF_UNIX":
        m = re.search(r"sun_path=(@?)(\"(?:[^\"\\]|\\.)*\")", a)
        if not m:
            return "AF_UNIX:"
        return f"AF_UNIX:{m.group(1)}{strace_string(m.group(2))}"
    if fam == "AF_NETLINK":
        pid = re.search(r"nl_pid=(\d+)", a)
        grp = re.search(r"nl_groups=([0-9a-fx]+)", a)
        return f"AF_NETLINK:{pid.group(1) if pid else '?'}:{int(grp.group(1), 16) if grp else '?'}"
    return f"{fam}:?"


def jtrace_sockaddr(v):
    if v is None:
        return "NULL"
    if isinstance(v, str):
        return "ptr" if v.startswith("0x") else v
    if isinstance(v, dict) and "error" in v:
        return "ptr"
    if not isinstance(v, dict) or "family" not in v:
        return json.dumps(v)
    fam = v["family"]
    if fam == "AF_INET":
        return f"AF_INET:{v.get('addr', '?')}:{norm_port(v.get('port', '?'))}"
    if fam == "AF_INET6":
        return f"AF_INET6:[{v.get('addr', '?')}]:{norm_port(v.get('port', '?'))}"
    if fam == "AF_UNIX":
        if "abstract" in v:
            return f"AF_UNIX:@{jtrace_bytes_text(v['abstract'])}"
        return f"AF_UNIX:{jtrace_bytes_text(v['path'])}" if "path" in v else "AF_UNIX:"
    if fam == "AF_NETLINK":
        return f"AF_NETLINK:{v.get('nl_pid', '?')}:{v.get('nl_groups', '?')}"
    return f"{fam}:?"


def jtrace_socket(sock, target):
    """The "socket" member of a -y fd as strace -yy writes it."""
    proto = sock.get("proto", "?")
    v6 = "v6" in proto
    def ep(e):
        return f"[{e['addr']}]:{e['port']}" if v6 else f"{e['addr']}:{e['port']}"
    ino = re.search(r"\[(\d+)\]", target or "")
    ino = ino.group(1) if ino else "?"
    if "local" in sock:
        inner = ep(sock["local"]) + (f"->{ep(sock['peer'])}" if "peer" in sock else "")
    elif "path" in sock:
        inner = f'{ino},"{sock["path"]}"'
    elif "abstract" in sock:
        inner = f'{ino},@"{sock["abstract"]}"'
    else:
        inner = ino
    return f"{proto}:[{inner}]"


def jtrace_fd(v):
    if isinstance(v, dict) and "fd" in v:
        t = v.get("target")
        if isinstance(t, dict):
            t = t.get("str", "")
        if t is not None:
            t = jtrace_bytes_text(t)
            if isinstance(v.get("socket"), dict):
                t = jtrace_socket(v["socket"], t)
        return str(v["fd"]) + (f"<{norm_target(t)}>" if t is not None else "")
    return str(v)


def canon_strace(t, a):
    if t == "path":
        s = strace_string(a)
        return "NULL" if a == "NULL" else (s if s is not None else a)
    if t in ("fd", "dirfd"):
        return strace_fd(a)
    if t == "flags":
        return strace_flags(a)
    if t in ("sockaddr", "osockaddr"):
        return strace_sockaddr(a)
    if t == "enum":
        return strace_flags(a) if "|" in a else a
    return a


def canon_jtrace(t, v):
    if t == "path":
        if v is None:
            return "NULL"
        if isinstance(v, dict) and "error" in v:
            return v.get("addr", "?")  # unreadable: strace shows the address
        if isinstance(v, dict):
            return jtrace_bytes_text(v.get("str", "")) + "..." if "str" in v else json.dumps(v)
        return jtrace_bytes_text(v)
    if t in ("fd", "dirfd"):
        return jtrace_fd(v)
    if t == "flags":
        if isinstance(v, dict) and "flags" in v:
            return "|".join(sorted(x for x in v["flags"] if x != "0"))
        return str(v)
    if t in ("sockaddr", "osockaddr"):
        return jtrace_sockaddr(v)
    if t == "enum":
        return strace_flags(v) if isinstance(v, str) and "|" in v else str(v)
    return str(v)


# ---- the two logs ---------------------------------------------------------

def parse_strace(path):
    """Returns {tid: [(name, ret, errno, [args text])...]} and the tids in
    order of first appearance."""
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
            r = RESUMED_RE.match(rest)
            if r:
                head = pending.pop(tid, None)
                if head is None or head[0] != r.group(1):
                    raise ValueError(f"{path}:{n}: resumed call was not pending: {line}")
                rest = head[1] + r.group(2)
            elif rest.endswith(UNFINISHED):
                c = CALL_RE.match(rest)
                if not c:
                    raise ValueError(f"{path}:{n}: cannot parse: {line}")
                pending[tid] = (c.group(1), rest[:-len(UNFINISHED)])
                if tid not in seqs:
                    seqs[tid] = []
                    order.append(tid)
                continue
            c = CALL_RE.match(rest)
            if not c:
                raise ValueError(f"{path}:{n}: cannot parse: {line}")
            if tid not in seqs:
                seqs[tid] = []
                order.append(tid)
            ret = RET_RE.search(rest)
            if not ret:
                raise ValueError(f"{path}:{n}: no return value: {line}")
            argtext = rest[len(c.group(1)) + 1:ret.start()]
            r = norm_ret(ret.group(1))
            # -y: a returned fd with what it refers to ("3</etc/passwd>").
            rfd = strace_fd(ret.group(1) + ret.group(2)) if ret.group(2) else None
            seqs[tid].append((c.group(1), r, ret.group(3) if r == "-1" else None,
                              argtext, rfd))
    # A call still pending at the end never returned (exit_group, a kill).
    for tid, (name, text) in pending.items():
        seqs[tid].append((name, "?", None, text.rstrip().rstrip(")"), None))
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
            rfd = jtrace_fd(rec["ret_fd"]) if "ret_fd" in rec else None
            seqs[tid].append((rec["name"], ret, rec.get("errno"),
                              list(rec.get("args", {}).values()), rfd))
    return seqs, order, filt


def fmt(entry):
    name, ret, err, args = entry
    s = f"{name} = {ret}" + (f" {err}" if err else "")
    if args:
        s += "  [" + ", ".join(args) + "]"
    return s


class Canon:
    def __init__(self, names, table, with_args):
        self.names, self.table, self.with_args = names, table, with_args

    def ret(self, name, ret):
        if ret not in ("-1", "?") and (name in ADDR_RET or name in PID_RET):
            return "ok"
        return ret

    def arg_types(self, name):
        if not self.with_args or name not in self.table:
            return None
        classes, types = self.table[name]
        if not classes & {"file", "net"}:
            return None
        return types

    def ret_fd(self, rfd):
        """With --args, a returned fd's target (-y) is compared too: both
        tracers decorate every fd-returning call, or the logs differ."""
        return (f"ret={rfd}",) if self.with_args and rfd is not None else ()

    def strace(self, e):
        name, ret, err, text, rfd = e
        types = self.arg_types(name)
        args = ()
        if types is not None:
            sargs = split_args(text)
            args = tuple(f"{k}={canon_strace(t, a)}"
                         for k, (t, a) in enumerate(zip(types, sargs))
                         if t in COMPARED_TYPES)
        return (name, self.ret(name, ret), err, args + self.ret_fd(rfd))

    def jtrace(self, e):
        name, ret, err, vals, rfd = e
        types = self.arg_types(name)
        args = ()
        if types is not None:
            # A mode that does not apply (openat without O_CREAT) is null
            # in the log and left out by strace.
            args = tuple(f"{k}={canon_jtrace(t, v)}"
                         for k, (t, v) in enumerate(zip(types, vals))
                         if t in COMPARED_TYPES and not (t == "mode" and v is None))
        return (name, self.ret(name, ret), err, args + self.ret_fd(rfd))


def keep(seqs, order, names):
    out = []
    for tid in order:
        s = [e for e in seqs[tid] if e[0] in names]
        if s:
            out.append((tid, s))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--names", help="comma-separated call names to compare")
    ap.add_argument("--all", action="store_true",
                    help="compare every call but the nondeterministic ones")
    ap.add_argument("--io-timing", action="store_true",
                    help="with --all, also leave out pipe/socket I/O (IO_TIMING)")
    ap.add_argument("--exclude", default="", help="comma-separated names to leave out")
    ap.add_argument("--args", action="store_true",
                    help="compare paths, fds, flags, enums, modes, addresses of file/net calls")
    ap.add_argument("--table", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                     "..", "..", "src", "data", "syscalls.in"))
    ap.add_argument("strace_log")
    ap.add_argument("jtrace_log")
    a = ap.parse_args()
    try:
        s_seqs, s_order = parse_strace(a.strace_log)
        j_seqs, j_order, filt = parse_jtrace(a.jtrace_log)
        table = load_table(a.table) if a.args or a.all else {}
    except (OSError, ValueError, KeyError) as e:
        print(f"strace-compare: {e}", file=sys.stderr)
        return 2
    if a.names:
        names = set(a.names.split(","))
    elif a.all:
        names = set(table) - NONDETERMINISTIC
        if a.io_timing:
            names -= IO_TIMING
        if filt is not None:
            names &= set(filt) | ALWAYS_LOGGED
        print(f"# left out (timing-dependent): {' '.join(sorted(NONDETERMINISTIC | (IO_TIMING if a.io_timing else set())))}")
    elif filt is not None:
        names = STRACE_NETWORK & set(filt)
        missing = sorted(STRACE_NETWORK - set(filt))
        if missing:
            print(f"# not stopped by jtrace, not compared: {' '.join(missing)}")
        names -= ALWAYS_LOGGED
    else:
        names = set(STRACE_NETWORK)
    names -= set(x for x in a.exclude.split(",") if x)
    if not names:
        print("strace-compare: no call names to compare", file=sys.stderr)
        return 2

    cn = Canon(names, table, a.args)
    s = [(tid, [cn.strace(e) for e in seq]) for tid, seq in keep(s_seqs, s_order, names)]
    j = [(tid, [cn.jtrace(e) for e in seq]) for tid, seq in keep(j_seqs, j_order, names)]
    ncalls = sum(len(x) for _, x in j)
    if sorted(x for _, x in s) == sorted(x for _, x in j):
        nargs = sum(len(e[3]) for _, x in j for e in x)
        print(f"# identical: {len(j)} thread(s), {ncalls} call(s), {nargs} argument(s)")
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
