/* allowlist/cmd-common: what every jtrace-policy subcommand shares: the
 * one-line usage errors and opening the output. */
#include <jtrace/logread.h>
#include <jtrace/pcmd.h>
#include <jtrace/util.h>

#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <string.h>

int pcmd_usage_error(const char *sub, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s %s: %s (see %s %s --help)\n", jt_progname, sub, msg, jt_progname, sub);
	return PCMD_EXIT_FAIL;
}

int pcmd_getopt_error(const char *sub, int c, char **argv)
{
	const char *arg = optind > 0 ? argv[optind - 1] : "?";

	if (c == ':')
		return pcmd_usage_error(sub, "option '%s' needs a value", arg);
	if (optopt)
		return pcmd_usage_error(sub, "unknown option '-%c'", optopt);
	return pcmd_usage_error(sub, "unknown option '%s'", arg);
}

int pcmd_log_error(int r, const char *msg)
{
	jt_error("%s", msg);
	return r == LOGREAD_ESHARED ? PCMD_EXIT_SHARED : PCMD_EXIT_FAIL;
}

int pcmd_open_output(const char *path)
{
	int fd = -1;

	if (!path || strcmp(path, "-") == 0)
		fd = dup(STDOUT_FILENO);
	else
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	return fd < 0 ? -errno : fd;
}
