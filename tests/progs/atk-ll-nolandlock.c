/* atk-ll-nolandlock: runs a command as on a kernel without Landlock: a
 * seccomp filter makes landlock_create_ruleset, landlock_add_rule and
 * landlock_restrict_self fail with ENOSYS for it and everything it starts
 * (jtrace-run, its child, the program).  For the fallback tests of
 * attack-landlock.bats.
 *
 * Usage: atk-ll-nolandlock COMMAND [ARGS...]
 * Exits 127 when COMMAND cannot be executed, 1 when the filter cannot be
 * installed. */
#include <err.h>
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <unistd.h>

/* The same numbers on every architecture (the generic table). */
#define NR_LANDLOCK_FIRST 444
#define NR_LANDLOCK_LAST  446

int main(int argc, char **argv)
{
	struct sock_filter insns[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, NR_LANDLOCK_FIRST, 0, 2),
		BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, NR_LANDLOCK_LAST, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {.len = sizeof(insns) / sizeof(insns[0]), .filter = insns};

	if (argc < 2)
		errx(2, "usage: atk-ll-nolandlock COMMAND [ARGS...]");
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) < 0)
		err(1, "installing the filter");
	execvp(argv[1], argv + 1);
	err(127, "%s", argv[1]);
}
