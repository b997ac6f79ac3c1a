/* allowlist/cmd-summary: `jtrace-policy summary LOG`, the strace -c table
 * (or its JSON) from a saved log, through the same summary module that
 * jtrace-run -c uses, so both print the same. */
#include <jtrace/logread.h>
#include <jtrace/pcmd.h>
#include <jtrace/summary.h>
#include <jtrace/util.h>

#include <getopt.h>
#include <string.h>

static const char summary_help[] =
	"Usage: jtrace-policy summary LOG... [--json]\n"
	"Per-syscall calls, errors and time from jtrace-run logs, like strace -c:\n"
	"% time, seconds, usecs/call, calls, errors, syscall; sorted by time.\n"
	"Calls that never returned count with no time.  LOG may be a pipe\n"
	"(- or /dev/stdin); names are shown with control characters escaped.\n"
	"\n"
	"      --json           one JSON object: {\"syscalls\": [...], \"total\": {...}}\n"
	PCMD_HELP_ACCEPT_SHARED
	"  -h, --help           this text\n"
	"\n"
	"Exit status: 0 done, 2 usage error or bad log (a negative dur_ns too),\n"
	"3 a log shared its stream with the program (see --accept-shared).\n";

static const struct option summary_options[] = {
	{"json", no_argument, NULL, 'j'},
	{"accept-shared", no_argument, NULL, 'S'},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

struct summary_ctx {
	struct summary *s;
	const char *path;
};

static int summary_record(json_object *rec, unsigned line, void *userdata,
			  struct logread_error *err)
{
	struct summary_ctx *ctx = userdata;
	const char *name = NULL;
	int64_t dur = 0;
	json_object *e = NULL;

	if (strcmp(logread_str(rec, "type"), "syscall") != 0)
		return 0;
	name = logread_str(rec, "name");
	if (!name)
		return logread_fail(err, "%s:%u: syscall record without a name", ctx->path, line);
	/* Absent: the call never returned.  Negative: not jtrace-run's; a
	 * huge one saturates the totals (summary_add) rather than wrap. */
	if (!logread_i64(rec, "dur_ns", &dur))
		dur = 0;
	else if (dur < 0)
		return logread_fail(err, "%s:%u: dur_ns %lld is negative", ctx->path, line,
				    (long long)dur);
	if (summary_add(ctx->s, name, (uint64_t)dur, json_object_object_get_ex(rec, "errno", &e)) <
	    0)
		return logread_fail(err, "out of memory");
	return 0;
}

static void summary_freep(struct summary *s)
{
	summary_free(s);
}

int pcmd_summary(int argc, char **argv)
{
	__attribute__((cleanup(summary_freep))) struct summary s;
	struct logread_error err;
	bool json = false;
	struct logread_opts ro = {0};
	int c = 0;

	summary_init(&s);
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", summary_options, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = true;
			break;
		case 'S':
			ro.accept_shared = true;
			break;
		case 'h':
			fputs(summary_help, stdout);
			return fflush(stdout) == 0 ? PCMD_EXIT_OK : PCMD_EXIT_FAIL;
		default:
			return pcmd_getopt_error("summary", c, argv);
		}
	}
	if (optind >= argc)
		return pcmd_usage_error("summary", "no log given");
	for (int i = optind; i < argc; i++) {
		struct logread_stats st = {0};
		struct summary_ctx ctx = {.s = &s, .path = argv[i]};

		int r = logread_file_opts(argv[i], &ro, summary_record, &ctx, &st, &err);

		if (r < 0)
			return pcmd_log_error(r, err.msg);
		logread_warn(argv[i], &st);
	}
	if (json) {
		json_object *o = pcmd_jv_to_json(summary_to_json(&s));

		puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
							       JSON_C_TO_STRING_SPACED |
							       JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(o);
		jv_arena_reset(NULL);
	} else {
		summary_print(&s, stdout);
	}
	if (fflush(stdout) != 0) {
		jt_error_errno(errno, "summary: standard output");
		return PCMD_EXIT_FAIL;
	}
	return PCMD_EXIT_OK;
}
