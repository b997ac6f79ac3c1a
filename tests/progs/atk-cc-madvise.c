/* atk-cc-madvise: one madvise(2) of LENGTH bytes at an unmapped address
 * (issue 19 item 17: two range rules on the length, which libseccomp
 * merged wrongly).  Harmless either way: ENOMEM when it runs.
 *
 *   atk-cc-madvise LENGTH     prints "madvise: EPERM", "madvise: ENOMEM"... */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char *end = NULL;
	unsigned long long len = argc == 2 ? strtoull(argv[1], &end, 0) : 0;
	long r = 0;

	if (argc != 2 || !end || *end) {
		fprintf(stderr, "usage: atk-cc-madvise LENGTH\n");
		return 2;
	}
	/* Far below anything mapped, page-aligned: nothing to advise. */
	r = syscall(SYS_madvise, 0x10000ul, (unsigned long)len, MADV_NORMAL);
	printf("madvise: %s\n", r == 0		  ? "ok"
				: errno == EPERM  ? "EPERM"
				: errno == ENOMEM ? "ENOMEM"
						  : strerror(errno));
	return 0;
}
