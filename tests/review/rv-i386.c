/* rv-i386: make one int 0x80 call: rv-i386 NR [ARG...], an ARG "s:TEXT"
 * is a string placed below 4 GiB, else a number (strtoul, base 0).
 * Prints "ret = N". */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
int main(int argc, char **argv)
{
	char *low = mmap(NULL, 65536, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	long a[6] = {0}, nr = strtol(argv[1], NULL, 0), ret;
	size_t off = 0;
	for (int i = 2; i < argc && i < 8; i++) {
		if (!strncmp(argv[i], "s:", 2)) {
			strcpy(low + off, argv[i] + 2);
			a[i - 2] = (long)(uintptr_t)(low + off);
			off += strlen(argv[i]) + 1;
		} else {
			a[i - 2] = (long)strtoul(argv[i], NULL, 0);
		}
	}
	__asm__ volatile("push %%rbp\n\tmov %7, %%rbp\n\tint $0x80\n\tpop %%rbp"
			 : "=a"(ret)
			 : "a"(nr), "b"(a[0]), "c"(a[1]), "d"(a[2]), "S"(a[3]), "D"(a[4]), "m"(a[5])
			 : "memory", "r8", "r9", "r10", "r11");
	printf("ret = %ld\n", ret);
	return 0;
}
