/* rv4-sys: raw system calls from the command line (review 4).
 * rv4-sys OP...   OP = ABI,NR,ARG,...   ABI: n (x86_64) i (int 0x80) x (x32)
 * ARG: a number (C syntax) | s=STR (string in low memory) | r=K (result of
 * op K) | u=NAME (sockaddr_un, '@' first = abstract NUL) |
 * U=N:PREFIX (sockaddr_un, sun_path PREFIX padded with 'x' to N bytes, no NUL,
 * followed by garbage) | w=A/B/C (array of u32 words, each a number or r=K or
 * u=NAME or s=STR) | W=... (the same, 64-bit words)
 * Prints "K: ret" or "K: -1 ERRNO". */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/socket.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/un.h>
#include <unistd.h>

static char *low, *cur;
static long res[64];

static void *lalloc(size_t n)
{
	void *p = cur;
	cur += (n + 15) & ~15UL;
	return p;
}

static uint64_t val(char *a);

static uint64_t words(char *a, int w64)
{
	char *save = NULL, *tok;
	uint32_t *w32 = lalloc(64);
	uint64_t *w = (uint64_t *)w32;
	int i = 0;
	for (tok = strtok_r(a, "+", &save); tok; tok = strtok_r(NULL, "+", &save), i++) {
		uint64_t v = val(tok);
		if (w64) w[i] = v; else w32[i] = (uint32_t)v;
	}
	return (uint64_t)(uintptr_t)w32;
}

static uint64_t val(char *a)
{
	if (a[0] == 's' && a[1] == '=') {
		char *p = lalloc(strlen(a + 2) + 1);
		strcpy(p, a + 2);
		return (uintptr_t)p;
	}
	if (a[0] == 'r' && a[1] == '=')
		return (uint64_t)res[atoi(a + 2)];
	if (a[0] == 'u' && a[1] == '=') {
		struct sockaddr_un *sa = lalloc(sizeof(*sa) + 32);
		memset(sa, 0, sizeof(*sa) + 32);
		sa->sun_family = AF_UNIX;
		strncpy(sa->sun_path, a + 2, sizeof(sa->sun_path));
		if (sa->sun_path[0] == '@') sa->sun_path[0] = 0;
		return (uintptr_t)sa;
	}
	if (a[0] == 'U' && a[1] == '=') {
		char *c = strchr(a + 2, ':');
		int n = atoi(a + 2);
		struct sockaddr_un *sa = lalloc(sizeof(*sa) + 64);
		memset(sa, 'Z', sizeof(*sa) + 64);
		sa->sun_family = AF_UNIX;
		memset(sa->sun_path, 'x', n);
		memcpy(sa->sun_path, c + 1, strlen(c + 1));
		((char *)sa)[2 + n] = 0; /* NUL after N bytes (past sun_path if N>=108) */
		if (getenv("NONUL")) ((char *)sa)[2 + n] = 'Z';
		return (uintptr_t)sa;
	}
	if (a[0] == 'w' && a[1] == '=') return words(a + 2, 0);
	if (a[0] == 'W' && a[1] == '=') return words(a + 2, 1);
	return strtoull(a, NULL, 0);
}

static long sys(char abi, long nr, uint64_t *a)
{
	long r;
	if (abi == 'i') {
		__asm__ volatile("int $0x80"
				 : "=a"(r)
				 : "0"(nr), "b"(a[0]), "c"(a[1]), "d"(a[2]), "S"(a[3]), "D"(a[4])
				 : "memory", "r8", "r9", "r10", "r11");
	} else {
		register long r10 __asm__("r10") = a[3];
		register long r8 __asm__("r8") = a[4];
		register long r9 __asm__("r9") = a[5];
		if (abi == 'x') nr |= 0x40000000L;
		__asm__ volatile("syscall"
				 : "=a"(r)
				 : "0"(nr), "D"(a[0]), "S"(a[1]), "d"(a[2]), "r"(r10), "r"(r8), "r"(r9)
				 : "memory", "rcx", "r11");
	}
	return r;
}

int main(int argc, char **argv)
{
	low = mmap((void *)0x10000000, 1 << 20, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT | MAP_FIXED_NOREPLACE, -1, 0);
	if (low == MAP_FAILED) { perror("mmap"); return 2; }
	cur = low;
	for (int k = 1; k < argc; k++) {
		char *save = NULL, *abi = strtok_r(argv[k], ",", &save);
		long nr = strtol(strtok_r(NULL, ",", &save), NULL, 0);
		uint64_t a[6] = {0};
		char *t;
		for (int i = 0; i < 6 && (t = strtok_r(NULL, ",", &save)); i++)
			a[i] = val(t);
		long r = sys(abi[0], nr, a);
		res[k - 1] = r;
		if (r < 0 && r > -4096)
			printf("%d: -1 %s\n", k - 1, strerrorname_np((int)-r));
		else
			printf("%d: %ld\n", k - 1, r);
		fflush(stdout);
	}
	return 0;
}
