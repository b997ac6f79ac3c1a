/* crash: dies of a real fatal signal of the chosen kind, raised the way a
 * buggy program raises it (a fault where there is one), not only by kill().
 *
 * Usage: crash segv|bus|fpe|ill|abrt|kill|term
 *   segv  store into a PROT_NONE page             (SIGSEGV, synchronous)
 *   bus   touch a page of a file mapping past EOF  (SIGBUS, synchronous)
 *   fpe   integer division by zero                 (SIGFPE, synchronous)
 *   ill   ud2                                      (SIGILL, synchronous)
 *   abrt  abort()                                  (SIGABRT)
 *   kill  kill(getpid(), SIGKILL)
 *   term  raise(SIGTERM)
 *
 * Core dumps are switched off (RLIMIT_CORE 0) so the test leaves nothing
 * behind.  In a sanitizer build, ASan's own handlers for these signals are
 * switched off (__asan_default_options) so that the signal kills the
 * process as it would elsewhere, and the faults are ones UBSan does not
 * intercept (no NULL pointer, division in asm).  Prints "crash KIND pid P" first; exits 2 on bad usage, 1 if it
 * survived.
 */
#include <err.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

static volatile int zero;

/* Read by ASan, when linked in, before main; unused otherwise. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "handle_segv=0:handle_sigbus=0:handle_sigfpe=0:handle_sigill=0:handle_abort=0";
}

static void die_of_segv(void)
{
	volatile int *p = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		err(1, "mmap");
	*p = 1;
}

static void die_of_bus(void)
{
	char path[] = "/tmp/jtrace-crash-XXXXXX";
	volatile char *p = NULL;
	int fd = mkstemp(path);

	if (fd < 0)
		err(1, "mkstemp");
	unlink(path);
	/* A one-page mapping of an empty file: the first access is past EOF. */
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		err(1, "mmap");
	p[0] = 1;
}

int main(int argc, char **argv)
{
	struct rlimit nocore = {0, 0};
	const char *kind = argc == 2 ? argv[1] : "";
	int r = 0;

	setrlimit(RLIMIT_CORE, &nocore);
	if (argc != 2)
		errx(2, "usage: crash segv|bus|fpe|ill|abrt|kill|term");
	printf("crash %s pid %d\n", kind, (int)getpid());
	fflush(stdout);
	if (strcmp(kind, "segv") == 0)
		die_of_segv();
	else if (strcmp(kind, "bus") == 0)
		die_of_bus();
	else if (strcmp(kind, "fpe") == 0)
		/* In asm: C division by zero is undefined and may be folded away. */
		__asm__ volatile("cltd\n\tidivl %2" : "=a"(r) : "a"(1), "r"(zero) : "rdx");
	else if (strcmp(kind, "ill") == 0)
		__asm__ volatile("ud2");
	else if (strcmp(kind, "abrt") == 0)
		abort();
	else if (strcmp(kind, "kill") == 0)
		kill(getpid(), SIGKILL);
	else if (strcmp(kind, "term") == 0)
		raise(SIGTERM);
	else
		errx(2, "unknown kind: %s", kind);
	errx(1, "survived %s (%d)", kind, r);
}
