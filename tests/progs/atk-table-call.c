/* atk-table-call: makes system calls with exactly the register values given,
 * high garbage bits included, so tests can check that jtrace reads each
 * argument at its C type, as the kernel does (a rule on an int argument
 * must not be dodged by setting the register's upper half).
 *
 * Usage: atk-table-call OP...
 *
 *   OP   [i386:]NR[,ARG]...
 *   NR   the call's number on that ABI (native x86_64 unless "i386:", which
 *        makes the call through `int $0x80`, at most 5 arguments)
 *   ARG  a number in C syntax (0x100400000, -1), or
 *        s=TEXT  the address of a copy of TEXT (NUL-terminated)
 *        buf     the address of a zeroed 4 KiB buffer
 *        w=A:B:C the address of an array of 32-bit words A, B, C (i386
 *                socketcall's argument block)
 *        All addresses are below 4 GiB (MAP_32BIT), so that i386 calls can
 *        take them.
 *
 * Each OP prints one line "OP ok N" or "OP ERRNAME".  Exits 0 after the
 * last OP, 2 on bad usage, 77 off x86_64.
 */
#include <err.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define MAX_ARGS 6

#ifndef MAP_32BIT
#define MAP_32BIT 0 /* only x86_64 makes i386 calls */
#endif

static char *arena;
static size_t arena_used;

/* Memory below 4 GiB for strings and buffers (i386 pointers are 32-bit). */
static void *low_alloc(size_t n)
{
	void *p = NULL;

	if (!arena) {
		arena = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
		if (arena == MAP_FAILED)
			err(1, "mmap");
	}
	n = (n + 15) & ~(size_t)15;
	if (arena_used + n > (1 << 20))
		errx(1, "out of low memory");
	p = arena + arena_used;
	arena_used += n;
	return p;
}

static int parse_u64(const char *s, uint64_t *ret)
{
	char *end = NULL;

	errno = 0;
	if (s[0] == '-')
		*ret = (uint64_t)strtoll(s, &end, 0);
	else
		*ret = strtoull(s, &end, 0);
	return errno || end == s || *end ? -1 : 0;
}

static int parse_arg(const char *s, uint64_t *ret)
{
	if (strncmp(s, "s=", 2) == 0) {
		char *p = low_alloc(strlen(s + 2) + 1);

		strcpy(p, s + 2);
		*ret = (uint64_t)(uintptr_t)p;
		return 0;
	}
	if (strncmp(s, "w=", 2) == 0) {
		uint32_t *w = low_alloc(6 * sizeof(*w));
		char *copy = strdup(s + 2), *save = NULL;
		int n = 0;

		if (!copy)
			return -1;
		for (char *t = strtok_r(copy, ":", &save); t; t = strtok_r(NULL, ":", &save)) {
			uint64_t v = 0;

			if (n == 6 || parse_u64(t, &v) < 0) {
				free(copy);
				return -1;
			}
			w[n++] = (uint32_t)v;
		}
		free(copy);
		*ret = (uint64_t)(uintptr_t)w;
		return 0;
	}
	if (strcmp(s, "buf") == 0) {
		*ret = (uint64_t)(uintptr_t)low_alloc(4096);
		return 0;
	}
	return parse_u64(s, ret);
}

#if defined(__x86_64__)
static long call_native(uint64_t nr, const uint64_t *a)
{
	register uint64_t r10 __asm__("r10") = a[3];
	register uint64_t r8 __asm__("r8") = a[4];
	register uint64_t r9 __asm__("r9") = a[5];
	long r = 0;

	/* Not syscall(3): its prototype takes longs through varargs, which
	 * is the same here, but this way nothing between us and the kernel
	 * can narrow a register. */
	__asm__ volatile("syscall"
			 : "=a"(r)
			 : "0"(nr), "D"(a[0]), "S"(a[1]), "d"(a[2]), "r"(r10), "r"(r8), "r"(r9)
			 : "memory", "rcx", "r11");
	return r;
}

static long call_i386(uint64_t nr, const uint64_t *a)
{
	long r = 0;

	__asm__ volatile("int $0x80"
			 : "=a"(r)
			 : "0"(nr), "b"(a[0]), "c"(a[1]), "d"(a[2]), "S"(a[3]), "D"(a[4])
			 : "memory", "r8", "r9", "r10", "r11");
	/* The i386 return value is 32 bits. */
	return (long)(int32_t)r;
}
#endif

int main(int argc, char **argv)
{
#if defined(__x86_64__)
	for (int i = 1; i < argc; i++) {
		char *op = strdup(argv[i]), *save = NULL, *tok = NULL;
		uint64_t nr = 0, args[MAX_ARGS] = {0};
		bool i386 = false;
		int n = 0;
		long r = 0;

		if (!op)
			err(1, "strdup");
		tok = op;
		if (strncmp(tok, "i386:", 5) == 0) {
			i386 = true;
			tok += 5;
		}
		tok = strtok_r(tok, ",", &save);
		if (!tok || parse_u64(tok, &nr) < 0)
			errx(2, "%s: bad call number", argv[i]);
		while ((tok = strtok_r(NULL, ",", &save))) {
			if (n == (i386 ? 5 : MAX_ARGS) || parse_arg(tok, &args[n]) < 0)
				errx(2, "%s: bad or too many arguments", argv[i]);
			n++;
		}
		r = i386 ? call_i386(nr, args) : call_native(nr, args);
		if (r < 0 && r >= -4095)
			printf("%s %s\n", argv[i], strerrorname_np((int)-r) ?: "E?");
		else
			printf("%s ok %ld\n", argv[i], r);
		fflush(stdout);
		free(op);
	}
	return 0;
#else
	(void)argc;
	(void)argv;
	(void)low_alloc;
	(void)parse_arg;
	printf("not x86_64\n");
	return 77;
#endif
}
