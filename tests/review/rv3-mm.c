/* rv3-mm: raw mmap/mprotect calls from a list of vectors, one result line
 * each, for a differential run (--filter=all against a narrower one).
 *   rv3-mm            the built-in vectors */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/syscall.h>

static const uint64_t lens[] = {0, 1, 0xfff, 0x1000, 0x1001, 0x2000, 0x3000, 0x4000, 0x5000,
	0xffff, 0x10000, 0xfffffff, 0x10000000, 0x1fffffff, 0x20000000, 0x20001000, 0x3fffffff,
	0x40000000, 0x40001000, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000, 0x100000001,
	0x100001000, 0x1ffffffff, 0x200000000, 0x200001000, 0x8000000000000000ull,
	0xffffffffffffffffull, 0x0000000100002000ull, 0x0000000200003000ull};
static const uint64_t prots[] = {0, 1, 3, 4, 5, 6, 7, 8, 0x100000003ull, 0xffffffff00000004ull,
	0x80000001ull, 0xfffffffful};
static const uint64_t flagsv[] = {MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
	MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK,
	0x100000000ull | MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE};

int main(void)
{
	void *page = mmap(NULL, 0x4000, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	for (size_t i = 0; i < sizeof(lens) / 8; i++)
		for (size_t j = 0; j < sizeof(prots) / 8; j++)
			for (size_t k = 0; k < sizeof(flagsv) / 8; k++) {
				long r = syscall(SYS_mmap, 0, lens[i], prots[j], flagsv[k], -1, 0);
				int e = r < 0 && r > -4096 ? errno : 0;
				if (r == -1) e = errno;
				printf("mmap %#lx %#lx %#lx = %s\n", (unsigned long)lens[i],
				       (unsigned long)prots[j], (unsigned long)flagsv[k],
				       r == -1 ? (e == EPERM ? "EPERM" : "fail") : "ok");
				if (r != -1) munmap((void *)r, lens[i]);
			}
	for (size_t i = 0; i < sizeof(lens) / 8; i++)
		for (size_t j = 0; j < sizeof(prots) / 8; j++) {
			uint64_t l = lens[i] > 0x4000 ? 0x1000 : lens[i];
			long r = syscall(SYS_mprotect, page, l, prots[j]);
			printf("mprotect %#lx %#lx = %s\n", (unsigned long)lens[i], (unsigned long)prots[j],
			       r == -1 ? (errno == EPERM ? "EPERM" : "fail") : "ok");
			syscall(SYS_mprotect, page, 0x4000, PROT_READ);
		}
	return 0;
}
