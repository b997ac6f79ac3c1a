#!/usr/bin/env python3
"""pty-run.py: run a command on a real pty as its controlling terminal (a
session leader, as a terminal's shell is) and print what it wrote there.

  pty-run.py [--raw] [--user=nobody] [--show-input] -- CMD [ARG...]

--raw: the terminal in raw mode; --user=nobody: the command runs as
65534; --show-input: last, print "injected=BYTES", what waits in the
terminal's input queue (what a shell would read next)."""
import fcntl
import os
import pty
import select
import sys
import termios
import tty


def main(argv):
    raw = show_input = False
    user = None
    while argv and argv[0] != "--":
        opt = argv.pop(0)
        if opt == "--raw":
            raw = True
        elif opt == "--show-input":
            show_input = True
        elif opt.startswith("--user="):
            user = opt.split("=", 1)[1]
        else:
            sys.exit("pty-run.py: unknown option " + opt)
    cmd = argv[1:]
    if not cmd:
        sys.exit("pty-run.py: no command")
    m, s = pty.openpty()
    if raw:
        tty.setraw(s)
    pid = os.fork()
    if pid == 0:
        os.setsid()
        fcntl.ioctl(s, termios.TIOCSCTTY, 0)
        for fd in (0, 1, 2):
            os.dup2(s, fd)
        if user == "nobody":
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
        os.execvp(cmd[0], cmd)
    out = b""
    while True:
        r, _, _ = select.select([m], [], [], 0.1)
        if r:
            try:
                out += os.read(m, 65536)
            except OSError:
                break
        elif os.waitpid(pid, os.WNOHANG)[0]:
            break
    injected = b""
    if show_input:
        os.set_blocking(s, False)
        try:
            injected = os.read(s, 4096)
        except BlockingIOError:
            pass
    sys.stdout.write(out.decode(errors="replace").replace("\r", ""))
    if show_input:
        print("injected=%r" % injected)


main(sys.argv[1:])
