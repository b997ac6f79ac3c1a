/* allowlist/cmd-gen: `jtrace-policy gen` (logs -> allowlist) and
 * `jtrace-policy merge` (allowlists and logs -> one allowlist): options,
 * help texts, and writing the result. */
#include <jtrace/allowlist.h>
#include <jtrace/pcmd.h>
#include <jtrace/util.h>

#include <getopt.h>
#include <string.h>

static const char gen_help[] =
	"Usage: jtrace-policy gen LOG... [OPTIONS]\n"
	"Make a seccomp allowlist from jtrace-run logs: the calls each program made\n"
	"from its first execve on, for the architectures seen, plus the calls every\n"
	"program needs (exit exit_group rt_sigreturn restart_syscall clock_gettime\n"
	"clock_getres gettimeofday time getcpu).  Logs must have been recorded with\n"
	"every call selected (jtrace-run without --filter).\n"
	"\n"
	"  -f, --format=FMT     jtrace (default: a policy for jtrace-run --policy),\n"
	"                       oci (runtime-spec LinuxSeccomp JSON), systemd\n"
	"                       (SystemCallFilter= lines), bpf (raw filter for\n"
	"                       bwrap --seccomp FD), pfc (libseccomp's readable form)\n"
	"  -o, --output=FILE    write to FILE (default: standard output)\n"
	"      --default=ACTION what other calls get: errno (EPERM, default), kill\n"
	"                       (the process dies by SIGSYS) or log\n"
	PCMD_HELP_ACCEPT_SHARED
	"      --args           keep argument values seen for socket (domain, type),\n"
	"                       ioctl (request), clone (namespace flags), prctl\n"
	"                       (option), mmap/mprotect (PROT_WRITE|PROT_EXEC only if\n"
	"                       seen) as conditions (jtrace, oci, bpf, pfc)\n"
	"  -h, --help           this text\n"
	"\n"
	"Output is sorted and byte-identical for the same inputs.\n"
	"Exit status: 0 done, 2 usage error or bad log, 3 a log shared its stream\n"
	"with the program (see --accept-shared).\n";

static const char merge_help[] =
	"Usage: jtrace-policy merge INPUT... [OPTIONS]\n"
	"Union of allowlists (jtrace-format files as gen writes them) and logs (read\n"
	"as gen reads them) into one allowlist.  The union contains every input, and\n"
	"does not depend on their order or repetition.\n"
	"\n"
	"  -f, --format=FMT     jtrace (default), oci, systemd, bpf, pfc\n"
	"  -o, --output=FILE    write to FILE (default: standard output)\n"
	"      --default=ACTION errno, kill or log (default: the inputs' own, which\n"
	"                       must then agree; errno when only logs are given)\n"
	"      --args           keep argument values of log inputs (see gen --help)\n"
	"      --accept-shared  read shared-stream logs (see gen --help)\n"
	"  -h, --help           this text\n"
	"\n"
	"Exit status: 0 done, 2 usage error or bad input, 3 a log shared its stream\n"
	"with the program (see --accept-shared).\n";

enum { GEN_OPT_DEFAULT = 256, GEN_OPT_ARGS, GEN_OPT_ACCEPT_SHARED };

static const struct option gen_options[] = {
	{"format", required_argument, NULL, 'f'},
	{"output", required_argument, NULL, 'o'},
	{"default", required_argument, NULL, GEN_OPT_DEFAULT},
	{"args", no_argument, NULL, GEN_OPT_ARGS},
	{"accept-shared", no_argument, NULL, GEN_OPT_ACCEPT_SHARED},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

struct gen_cli {
	enum allowlist_format format;
	const char *output;
	enum allowlist_default def;
	bool def_set;
	struct allowlist_gen_opts opts;
};

/* Returns -1 to go on, else the exit status. */
static int gen_parse(const char *sub, const char *help, int argc, char **argv, struct gen_cli *cli)
{
	int c = 0;

	*cli = (struct gen_cli){.format = ALLOWLIST_FORMAT_JTRACE, .def = ALLOWLIST_DEFAULT_ERRNO};
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":f:o:h", gen_options, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (allowlist_format_parse(optarg, &cli->format) < 0)
				return pcmd_usage_error(sub,
							"unknown format '%s' (jtrace, oci, "
							"systemd, bpf, pfc)",
							optarg);
			break;
		case 'o':
			cli->output = optarg;
			break;
		case GEN_OPT_DEFAULT:
			if (allowlist_default_parse(optarg, &cli->def) < 0)
				return pcmd_usage_error(
					sub, "unknown default '%s' (errno, kill, log)", optarg);
			cli->def_set = true;
			break;
		case GEN_OPT_ARGS:
			cli->opts.args = true;
			break;
		case GEN_OPT_ACCEPT_SHARED:
			cli->opts.accept_shared = true;
			break;
		case 'h':
			fputs(help, stdout);
			return fflush(stdout) == 0 ? PCMD_EXIT_OK : PCMD_EXIT_FAIL;
		default:
			return pcmd_getopt_error(sub, c, argv);
		}
	}
	if (optind >= argc)
		return pcmd_usage_error(sub, "no input given");
	return -1;
}

static int gen_write(const struct allowlist *a, const struct gen_cli *cli, const char *sub)
{
	cleanup_fd int fd = -1;
	int r = 0;

	if (cli->format == ALLOWLIST_FORMAT_BPF && (!cli->output || !strcmp(cli->output, "-")) &&
	    isatty(STDOUT_FILENO))
		return pcmd_usage_error(sub, "bpf is binary: give -o FILE or redirect the output");
	fd = pcmd_open_output(cli->output);
	if (fd < 0) {
		jt_error_errno(fd, "%s: %s", sub, cli->output ? cli->output : "standard output");
		return PCMD_EXIT_FAIL;
	}
	r = allowlist_export(a, cli->format, sub, fd);
	if (r < 0) {
		jt_error_errno(r, "%s: writing %s", sub, cli->output ? cli->output : "the output");
		return PCMD_EXIT_FAIL;
	}
	if (close(steal_fd(&fd)) < 0) {
		jt_error_errno(errno, "%s: closing %s", sub,
			       cli->output ? cli->output : "the output");
		return PCMD_EXIT_FAIL;
	}
	return PCMD_EXIT_OK;
}

int pcmd_gen(int argc, char **argv)
{
	cleanup_allowlist struct allowlist a;
	struct logread_error err;
	struct gen_cli cli;
	int r = gen_parse("gen", gen_help, argc, argv, &cli);

	allowlist_init(&a);
	if (r >= 0)
		return r;
	a.def = cli.def;
	for (int i = optind; i < argc; i++) {
		r = allowlist_gen_log(&a, argv[i], &cli.opts, &err);
		if (r < 0)
			return pcmd_log_error(r, err.msg);
	}
	if (allowlist_add_always(&a) < 0) {
		jt_error("gen: out of memory");
		return PCMD_EXIT_FAIL;
	}
	return gen_write(&a, &cli, "gen");
}

int pcmd_merge(int argc, char **argv)
{
	cleanup_allowlist struct allowlist a;
	struct logread_error err;
	struct gen_cli cli;
	bool any_log = false, def_seen = false;
	enum allowlist_default def = ALLOWLIST_DEFAULT_ERRNO;
	const char *def_from = NULL;
	int r = gen_parse("merge", merge_help, argc, argv, &cli);

	allowlist_init(&a);
	if (r >= 0)
		return r;
	for (int i = optind; i < argc; i++) {
		cleanup_allowlist struct allowlist one;
		int is_log = allowlist_path_is_log(argv[i]);

		allowlist_init(&one);
		if (is_log < 0) {
			jt_error_errno(is_log, "%s", argv[i]);
			return PCMD_EXIT_FAIL;
		}
		if (is_log) {
			any_log = true;
			r = allowlist_gen_log(&one, argv[i], &cli.opts, &err);
		} else {
			r = allowlist_read_jtrace(&one, argv[i], &err);
			if (r == 0 && def_seen && one.def != def && !cli.def_set) {
				jt_error("merge: %s and %s have different defaults: choose one "
					 "with --default",
					 def_from, argv[i]);
				return PCMD_EXIT_FAIL;
			}
			if (r == 0 && !def_seen) {
				def_seen = true;
				def = one.def;
				def_from = argv[i];
			}
		}
		if (r < 0)
			return pcmd_log_error(r, err.msg);
		if (allowlist_union(&a, &one) < 0) {
			jt_error("merge: out of memory");
			return PCMD_EXIT_FAIL;
		}
	}
	a.def = cli.def_set ? cli.def : def;
	if (any_log && allowlist_add_always(&a) < 0) {
		jt_error("merge: out of memory");
		return PCMD_EXIT_FAIL;
	}
	return gen_write(&a, &cli, "merge");
}
