/* signals: signal delivery through the tracer.
 *
 * 1. Installs a SIGUSR1 handler, raises SIGUSR1 and checks that the handler
 *    ran once (the tracer must re-inject the signal it intercepted).
 * 2. Ctrl-Z style group stop: forks a helper, then stops itself with
 *    SIGSTOP.  The helper sends SIGCONT to the parent every 20 ms until the
 *    parent reports over a pipe that it runs again (so there is no race
 *    between the stop and the first SIGCONT), then exits 0.  The tracer must
 *    let the group stop happen and end (PTRACE_LISTEN).
 *
 * Prints "usr1 handled 1", "stopped and continued"; exits 0 on success,
 * 1 on any failure (the helper gives up after 20 s).
 *
 * signals group-stop: one group-stop without a race.  A child stops itself
 * with SIGSTOP; the parent waits for it with WUNTRACED (the kernel tells a
 * parent that is not the tracer when the group-stop is complete), then
 * sends one SIGCONT.  Prints "child stopped by signal 19" and "child
 * continued and exited 0".
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t usr1_count;

static void on_usr1(int sig)
{
	(void)sig;
	usr1_count++;
}

static int helper(pid_t parent, int rfd)
{
	struct pollfd p = { .fd = rfd, .events = POLLIN };

	for (int i = 0; i < 1000; i++) {
		if (kill(parent, SIGCONT) < 0)
			return 1;
		if (poll(&p, 1, 20) > 0)
			return 0;
	}
	return 1;
}

static int group_stop(void)
{
	int status = 0;
	pid_t pid = fork();

	if (pid < 0)
		err(1, "fork");
	if (pid == 0) {
		raise(SIGSTOP);
		_exit(0);
	}
	if (waitpid(pid, &status, WUNTRACED) < 0)
		err(1, "waitpid");
	if (!WIFSTOPPED(status))
		errx(1, "child not stopped (status 0x%x)", status);
	printf("child stopped by signal %d\n", WSTOPSIG(status));
	if (kill(pid, SIGCONT) < 0)
		err(1, "kill SIGCONT");
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			err(1, "waitpid");
	if (!WIFEXITED(status))
		errx(1, "child did not exit (status 0x%x)", status);
	printf("child continued and exited %d\n", WEXITSTATUS(status));
	return WEXITSTATUS(status) == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
	struct sigaction sa;
	int pfd[2] = { -1, -1 }, status = 0;
	pid_t pid = -1;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 1 && strcmp(argv[1], "group-stop") == 0)
		return group_stop();
	if (argc > 1)
		errx(2, "usage: signals [group-stop]");
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGUSR1, &sa, NULL) < 0)
		err(1, "sigaction");
	if (raise(SIGUSR1) != 0)
		err(1, "raise");
	printf("usr1 handled %d\n", (int)usr1_count);
	if (usr1_count != 1)
		errx(1, "SIGUSR1 handler ran %d times", (int)usr1_count);

	if (pipe2(pfd, O_CLOEXEC) < 0)
		err(1, "pipe2");
	pid = fork();
	if (pid < 0)
		err(1, "fork");
	if (pid == 0) {
		close(pfd[1]);
		_exit(helper(getppid(), pfd[0]));
	}
	close(pfd[0]);
	if (raise(SIGSTOP) != 0)
		err(1, "raise SIGSTOP");
	if (write(pfd[1], "c", 1) != 1)
		err(1, "write");
	close(pfd[1]);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			err(1, "waitpid");
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		errx(1, "helper failed (status 0x%x)", status);
	printf("stopped and continued\n");
	return 0;
}
