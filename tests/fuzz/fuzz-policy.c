/* fuzz-policy: the policy parser under libFuzzer -- any bytes are loaded
 * with policy_load_buffer(); what loads is also printed, compiled into a
 * libseccomp context and evaluated on a few calls whose memory arguments
 * point into this process (paths, a sockaddr), so the evaluator and the
 * DNF expansion run on whatever the parser accepted.
 *
 * Built two ways (tests/fuzz/meson.build):
 *   - with clang: fuzz-policy, -fsanitize=fuzzer,address,undefined;
 *     tests/fuzz/run-fuzzers.sh runs it for a bounded time;
 *   - with any compiler, -DFUZZ_REPLAY_MAIN: a main() that replays every
 *     file of the directories given as arguments (the seed corpus, and the
 *     crashers kept there as regression seeds), as the meson test
 *     fuzz-policy-corpus. */
#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jtrace/policy.h"
#include "jtrace/syscalls.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const calls[] = {"openat", "rename", "connect", "socket",
				    "ioctl",  "clone",	"execve",  "sendmmsg"};

static void exercise(const struct policy *p)
{
	static FILE *devnull;
	static const char path1[] = "/tmp/../home/u/x", path2[] = "rel/x";
	struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons(443)};
	struct policy_mem mem = {.pid = getpid()};
	scmp_filter_ctx ctx = NULL;

	if (!devnull)
		devnull = fopen("/dev/null", "w");
	if (devnull)
		policy_print(p, devnull);

	sin.sin_addr.s_addr = htonl(0x0a000001);
	for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
		const struct syscall_sig *sig = syscalls_by_name(calls[i]);
		uint64_t args[6] = {(uintptr_t)path1, (uintptr_t)path2, (uintptr_t)&sin,
				    sizeof(sin),      0x100005412ull,	(uint64_t)-100};
		struct policy_verdict v;

		if (sig)
			policy_decide(p, sig, args, &mem, &v);
	}
	(void)policy_denies_io_uring(p);

	ctx = seccomp_init(SCMP_ACT_ALLOW);
	if (ctx) {
		(void)policy_compile(p, ctx, NULL, 1);
		seccomp_release(ctx);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct policy p;
	struct policy_error err;
	char msg[700];

	policy_init(&p);
	if (policy_load_buffer(&p, "fuzz.policy", (const char *)data, size, &err) == 0)
		exercise(&p);
	else
		policy_error_format(&err, msg, sizeof(msg));
	policy_free(&p);
	return 0;
}

#ifdef FUZZ_REPLAY_MAIN
static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n = 0;

	if (!f)
		return -1;
	if (fseek(f, 0, SEEK_END) == 0)
		n = ftell(f);
	rewind(f);
	buf = malloc(n > 0 ? (size_t)n : 1);
	if (!buf || (n > 0 && fread(buf, 1, (size_t)n, f) != (size_t)n)) {
		free(buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	LLVMFuzzerTestOneInput((const uint8_t *)buf, n > 0 ? (size_t)n : 0);
	free(buf);
	return 0;
}

int main(int argc, char **argv)
{
	size_t files = 0;
	int bad = 0;

	for (int i = 1; i < argc; i++) {
		struct stat st;
		DIR *d = NULL;
		struct dirent *de;

		if (stat(argv[i], &st) < 0) {
			fprintf(stderr, "fuzz-policy: %s: not found\n", argv[i]);
			return 1;
		}
		if (!S_ISDIR(st.st_mode)) {
			bad |= replay_file(argv[i]) < 0;
			files++;
			continue;
		}
		d = opendir(argv[i]);
		while (d && (de = readdir(d))) {
			char path[4096];

			if (de->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "%s/%s", argv[i], de->d_name);
			bad |= replay_file(path) < 0;
			files++;
		}
		if (d)
			closedir(d);
	}
	printf("fuzz-policy: replayed %zu inputs\n", files);
	/* An empty corpus means the test lost its seeds, not that all is well. */
	return bad || files == 0;
}
#endif
