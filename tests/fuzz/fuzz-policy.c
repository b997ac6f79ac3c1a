/* fuzz-policy: the policy parser under libFuzzer -- any bytes are loaded
 * with policy_load_buffer(); what loads is also printed, compiled into a
 * libseccomp context and evaluated on a few calls whose memory arguments
 * point into this process (paths, a sockaddr), so the evaluator and the
 * DNF expansion run on whatever the parser accepted.
 *
 * Built two ways (tests/fuzz/meson.build):
 *   - with clang: fuzz-policy, -fsanitize=fuzzer,address,undefined;
 *     tests/fuzz/run-fuzzers.sh runs it for a bounded time;
 *   - with any compiler, replay-main.c: a main() that replays every
 *     file of the directories given as arguments, as the meson test
 *     fuzz-policy-corpus: the seeds are tests/policies/{valid,invalid}
 *     and the shipped policies; crashers, once fixed, are kept in
 *     tests/fuzz/corpus-policy/ as regression seeds. */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <seccomp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jtrace/policy.h>
#include <jtrace/syscalls.h>

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
