/* rv-sys: one native call, rv-sys NR [ARG...] (numbers, base 0, full 64 bits). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
int main(int argc, char **argv)
{
	unsigned long a[6] = {0};
	for (int i = 2; i < argc && i < 8; i++)
		a[i - 2] = strtoul(argv[i], NULL, 0);
	long r = syscall(strtol(argv[1], NULL, 0), a[0], a[1], a[2], a[3], a[4], a[5]);
	printf("ret = %ld %s\n", r, r < 0 ? strerror(errno) : "");
	return 0;
}
