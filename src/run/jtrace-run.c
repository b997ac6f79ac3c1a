/* jtrace-run: parse the command line, run one session, exit with its status. */
#include <jtrace/cli.h>
#include <jtrace/run.h>
#include <jtrace/syscalls.h>
#include <jtrace/util.h>

int main(int argc, char **argv)
{
	struct run_options opts;
	int r = 0;

	jt_progname = "jtrace-run";
	r = syscalls_init();
	if (r < 0) {
		jt_error_errno(r, "loading the syscall table");
		return EXIT_JTRACE_FAILURE;
	}
	r = cli_parse(argc, argv, &opts);
	if (r < 0)
		return EXIT_JTRACE_FAILURE;
	if (r > 0)
		return fflush(stdout) == 0 ? 0 : EXIT_JTRACE_FAILURE;
	return run_session(&opts, argc, argv);
}
