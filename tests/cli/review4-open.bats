#!/usr/bin/env bats
# review4-open.bats: open finding of the fourth review (not wired: it fails).
#
# The program shares jtrace-run's terminal open file description on fd 2
# (without --ns, and under --ns too: fds 0-2 are kept).  It sets O_NONBLOCK
# on it (F_SETFL changes the shared description) and stops the terminal's
# output (ioctl TCXONC TCOOFF, which needs no job-control rights): every
# record jtrace-run writes to the terminal meanwhile fails with EAGAIN and
# is lost (the run exits 125, "N records lost").  Without O_NONBLOCK the
# tracer blocks in write(2) while the program waits at its next stop: a hung
# run.  SIGTTOU being ignored (review 3) does not cover this route.

load helpers

setup_file() {
	gcc -O1 -o "$BATS_TEST_DIRNAME/../review/rv4-tty" "$BATS_TEST_DIRNAME/../review/rv4-tty.c"
}

write_pty_shell() {
	cat >"$WORK/pty-shell.py" <<'PY'
import fcntl, os, pty, select, sys, termios
m, s = pty.openpty()
pid = os.fork()
if pid == 0:
    os.setsid()
    fcntl.ioctl(s, termios.TIOCSCTTY, 0)
    for fd in (0, 1, 2):
        os.dup2(s, fd)
    os.execvp("bash", ["bash", "-c", sys.argv[1]])
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
sys.stdout.write(out.decode(errors="replace").replace("\r", ""))
PY
}

@test "O_NONBLOCK + TCOOFF on the shared terminal: jtrace-run's terminal log loses no record" {
	write_pty_shell
	run timeout -k 5 "$JTRACE_TEST_TIMEOUT" /usr/bin/python3 "$WORK/pty-shell.py" \
		"$JTRACE_RUN -- $BATS_TEST_DIRNAME/../review/rv4-tty nb; echo rc=\$?"
	assert_success
	assert_line "tcxonc=0"
	refute_output --partial "records lost"
	assert_line "rc=0"
}

@test "--ns: O_NONBLOCK + TCOOFF on the kept fd 2: jtrace-run's terminal log loses no record" {
	"$JTRACE_RUN" -o /dev/null --ns true 2>/dev/null || skip "no --ns here"
	write_pty_shell
	run timeout -k 5 "$JTRACE_TEST_TIMEOUT" /usr/bin/python3 "$WORK/pty-shell.py" \
		"$JTRACE_RUN --ns -- $BATS_TEST_DIRNAME/../review/rv4-tty nb; echo rc=\$?"
	assert_success
	refute_output --partial "records lost"
	assert_line "rc=0"
}
