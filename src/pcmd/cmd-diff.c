/* allowlist/cmd-diff: `jtrace-policy diff --allow ALLOWLIST LOG...`, the CI
 * check that a run made no call outside an allowlist. */
#include <jtrace/allowlist.h>
#include <jtrace/pcmd.h>
#include <jtrace/util.h>

#include <getopt.h>

static const char diff_help[] =
	"Usage: jtrace-policy diff --allow=ALLOWLIST LOG...\n"
	"List every call in the logs (the programs' own, from their first execve\n"
	"on) that ALLOWLIST would not allow, one line per process, program and\n"
	"call, with a count:\n"
	"  LOG:LINE: NAME pid=PID comm=PROGRAM arch=ARCH count=N\n"
	"LINE is the first such call; \"(arguments not allowed)\" follows NAME when\n"
	"the call is allowed with other arguments only.  ALLOWLIST is a jtrace-format\n"
	"allowlist as gen and merge write it.\n"
	"\n"
	"  -a, --allow=FILE     the allowlist (required)\n"
	PCMD_HELP_ACCEPT_SHARED
	"  -h, --help           this text\n"
	"\n"
	"Exit status: 0 nothing outside the allowlist, 1 something was, 2 usage\n"
	"error or bad input, 3 a log shared its stream with the program (see\n"
	"--accept-shared).\n";

static const struct option diff_options[] = {
	{"allow", required_argument, NULL, 'a'},
	{"accept-shared", no_argument, NULL, 'S'},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

int pcmd_diff(int argc, char **argv)
{
	cleanup_allowlist struct allowlist allow;
	struct logread_error err;
	const char *path = NULL;
	bool accept_shared = false;
	int c = 0, r = 0;

	allowlist_init(&allow);
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":a:h", diff_options, NULL)) != -1) {
		switch (c) {
		case 'a':
			path = optarg;
			break;
		case 'S':
			accept_shared = true;
			break;
		case 'h':
			fputs(diff_help, stdout);
			return fflush(stdout) == 0 ? PCMD_EXIT_OK : PCMD_EXIT_FAIL;
		default:
			return pcmd_getopt_error("diff", c, argv);
		}
	}
	if (!path)
		return pcmd_usage_error("diff", "--allow=ALLOWLIST is required");
	if (optind >= argc)
		return pcmd_usage_error("diff", "no log given");
	r = allowlist_read_jtrace(&allow, path, &err);
	if (r < 0) {
		jt_error("%s", err.msg);
		return PCMD_EXIT_FAIL;
	}
	r = allowlist_diff(&allow, &argv[optind], (size_t)(argc - optind), accept_shared, stdout,
			   &err);
	if (r < 0)
		return pcmd_log_error(r, err.msg);
	if (fflush(stdout) != 0) {
		jt_error_errno(errno, "diff: standard output");
		return PCMD_EXIT_FAIL;
	}
	return r > 0 ? PCMD_EXIT_FOUND : PCMD_EXIT_OK;
}
