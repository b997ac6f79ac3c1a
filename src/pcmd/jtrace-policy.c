/* jtrace-policy: dispatch to a subcommand (src/pcmd/cmd-*.c).  Works
 * on logs and policies; never runs a program. */
#include <jtrace/pcmd.h>
#include <jtrace/syscalls.h>
#include <jtrace/util.h>

#include <string.h>

#include "config.h"

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
} subcommands[] = {
	{"gen", pcmd_gen, "logs -> allowlist (jtrace, oci, systemd, bpf, pfc)"},
	{"merge", pcmd_merge, "union of allowlists and logs"},
	{"diff", pcmd_diff, "calls in logs that an allowlist does not allow (CI)"},
	{"export", pcmd_export, "convert an allowlist policy to another format"},
	{"check", pcmd_check, "validate a policy and print its resolved rules"},
	{"summary", pcmd_summary, "per-syscall counts, errors and time (strace -c)"},
};

static void usage(FILE *f)
{
	fprintf(f, "Usage: jtrace-policy SUBCOMMAND [ARGS...]\n"
		   "Work on jtrace-run logs and policies (never runs a program).\n\n");
	for (size_t i = 0; i < JT_ARRAY_SIZE(subcommands); i++)
		fprintf(f, "  %-9s %s\n", subcommands[i].name, subcommands[i].help);
	fprintf(f, "\n`jtrace-policy SUBCOMMAND --help` for each one's options.\n"
		   "Exit status: 0 ok, 1 diff found calls / check found an error, 2 usage\n"
		   "error or bad input, 3 a log shared its stream with the traced program\n"
		   "(see --accept-shared).\n");
}

int main(int argc, char **argv)
{
	int r = 0;

	jt_progname = "jtrace-policy";
	if (argc < 2) {
		jt_error("no subcommand (see jtrace-policy --help)");
		return PCMD_EXIT_FAIL;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		usage(stdout);
		return fflush(stdout) == 0 ? PCMD_EXIT_OK : PCMD_EXIT_FAIL;
	}
	if (!strcmp(argv[1], "-V") || !strcmp(argv[1], "--version")) {
		printf("jtrace-policy %s\n", JTRACE_VERSION);
		return fflush(stdout) == 0 ? PCMD_EXIT_OK : PCMD_EXIT_FAIL;
	}
	r = syscalls_init();
	if (r < 0) {
		jt_error_errno(r, "loading the syscall table");
		return PCMD_EXIT_FAIL;
	}
	for (size_t i = 0; i < JT_ARRAY_SIZE(subcommands); i++)
		if (!strcmp(argv[1], subcommands[i].name))
			return subcommands[i].fn(argc - 1, argv + 1);
	jt_error("unknown subcommand '%s' (see jtrace-policy --help)", argv[1]);
	return PCMD_EXIT_FAIL;
}
