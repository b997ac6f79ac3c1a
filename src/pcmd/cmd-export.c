/* allowlist/cmd-export: `jtrace-policy export POLICY --format=...` (convert
 * a jtrace allowlist policy to another format) and `jtrace-policy check
 * POLICY...` (validate a policy with the policy library and print its
 * resolved rules).
 *
 * export reads the allowlists gen and merge write (conditions included);
 * other policies go through the policy library when it is built in, and are
 * converted when they are allowlists in its terms: a non-allow default and
 * unconditional allow rules.  Anything else (deny rules, conditions the
 * library keeps opaque) is refused with the reason. */
#include <jtrace/allowlist.h>
#include <jtrace/pcmd.h>
#include <jtrace/policy.h>
#include <jtrace/syscalls.h>
#include <jtrace/util.h>

#include <getopt.h>
#include <string.h>

static const char export_help[] =
	"Usage: jtrace-policy export POLICY --format=FMT [-o FILE]\n"
	"Convert a jtrace allowlist policy (as gen and merge write it, or any policy\n"
	"made of a non-allow default and unconditional allow rules) to another\n"
	"format.\n"
	"\n"
	"  -f, --format=FMT     jtrace, oci, systemd, bpf, pfc (required)\n"
	"  -o, --output=FILE    write to FILE (default: standard output)\n"
	"  -h, --help           this text\n"
	"\n"
	"Exit status: 0 done, 2 usage error, unreadable or unconvertible policy.\n";

static const char check_help[] =
	"Usage: jtrace-policy check POLICY...\n"
	"Load each policy (a path, or a shipped policy's bare name) as jtrace-run\n"
	"--policy would, and print its resolved rules.  Errors are printed as\n"
	"FILE:LINE:COL: message.\n"
	"\n"
	"  -h, --help           this text\n"
	"\n"
	"Exit status: 0 valid, 1 the policy has an error, 2 usage or I/O error.\n";

static const struct option export_options[] = {
	{"format", required_argument, NULL, 'f'},
	{"output", required_argument, NULL, 'o'},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

static void export_policy_freep(struct policy *p)
{
	policy_free(p);
}

/* An allowlist-shaped policy, loaded by the policy library, as the model.
 * Returns 0, or PCMD_EXIT_* after printing why. */
static int export_from_policy(const char *path, struct allowlist *a)
{
	__attribute__((cleanup(export_policy_freep))) struct policy p;
	struct policy_error perr;
	char msg[600];
	int r = 0;

	policy_init(&p);
	r = policy_load(&p, path, &perr);
	if (r == -EINVAL) {
		policy_error_format(&perr, msg, sizeof(msg));
		fprintf(stderr, "%s\n", msg);
		return PCMD_EXIT_FAIL;
	}
	if (r < 0) {
		jt_error_errno(r, "export: %s", path);
		return PCMD_EXIT_FAIL;
	}
	switch (p.default_action) {
	case POLICY_ERRNO:
		if (p.default_errno != EPERM)
			jt_error("export: %s: default errno is not EPERM: exported as EPERM", path);
		a->def = ALLOWLIST_DEFAULT_ERRNO;
		break;
	case POLICY_KILL:
		a->def = ALLOWLIST_DEFAULT_KILL;
		break;
	case POLICY_LOG:
		a->def = ALLOWLIST_DEFAULT_LOG;
		break;
	case POLICY_ALLOW:
	default:
		jt_error("export: %s: the default is allow: only allowlists (a deny, kill or "
			 "log default with allow rules) can be exported",
			 path);
		return PCMD_EXIT_FAIL;
	}
	for (size_t i = 0; i < p.n_rules; i++) {
		const struct policy_rule *rule = &p.rules[i];

		if (rule->action != POLICY_ALLOW || rule->cond) {
			jt_error("export: %s:%u: only unconditional allow rules can be exported",
				 rule->file ? rule->file : path, rule->line);
			return PCMD_EXIT_FAIL;
		}
		for (size_t k = 0; k < syscall_table_len; k++)
			if (syscall_set_has(&rule->targets, k) &&
			    allowlist_add_any(a, syscall_table[k].name) < 0)
				return PCMD_EXIT_FAIL;
	}
	for (size_t i = 0; i < allowlist_arches_len; i++) {
		const char *n = allowlist_arches[i].name;

		if (allowlist_arches[i].audit_arch == syscalls_native_arch() ||
		    (p.foreign_arches_allowed & policy_foreign_abi_bit(n)))
			a->arches |= 1u << i;
	}
	return allowlist_add_source(a, path) < 0 ? PCMD_EXIT_FAIL : 0;
}

int pcmd_export(int argc, char **argv)
{
	cleanup_allowlist struct allowlist a;
	cleanup_fd int fd = -1;
	struct logread_error err;
	enum allowlist_format fmt = ALLOWLIST_FORMAT_JTRACE;
	bool fmt_set = false;
	const char *output = NULL;
	int c = 0, r = 0;

	allowlist_init(&a);
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":f:o:h", export_options, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (allowlist_format_parse(optarg, &fmt) < 0)
				return pcmd_usage_error(
					"export",
					"unknown format '%s' (jtrace, oci, systemd, "
					"bpf, pfc)",
					optarg);
			fmt_set = true;
			break;
		case 'o':
			output = optarg;
			break;
		case 'h':
			fputs(export_help, stdout);
			return fflush(stdout) == 0 ? PCMD_EXIT_OK : PCMD_EXIT_FAIL;
		default:
			return pcmd_getopt_error("export", c, argv);
		}
	}
	if (!fmt_set)
		return pcmd_usage_error("export", "--format is required");
	if (argc - optind != 1)
		return pcmd_usage_error("export", "give exactly one POLICY");
	r = allowlist_read_jtrace(&a, argv[optind], &err);
	if (r < 0) {
		if (r != -EINVAL) {
			jt_error("%s", err.msg);
			return PCMD_EXIT_FAIL;
		}
		allowlist_free(&a);
		allowlist_init(&a);
		r = export_from_policy(argv[optind], &a);
		if (r != 0)
			return r;
	}
	fd = pcmd_open_output(output);
	if (fd < 0) {
		jt_error_errno(fd, "export: %s", output ? output : "standard output");
		return PCMD_EXIT_FAIL;
	}
	r = allowlist_export(&a, fmt, "export", fd);
	if (r < 0 || close(steal_fd(&fd)) < 0) {
		jt_error_errno(r < 0 ? r : errno, "export: writing %s",
			       output ? output : "the output");
		return PCMD_EXIT_FAIL;
	}
	return PCMD_EXIT_OK;
}

int pcmd_check(int argc, char **argv)
{
	int c = 0;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", export_options + 2, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(check_help, stdout);
			return fflush(stdout) == 0 ? PCMD_EXIT_OK : PCMD_EXIT_FAIL;
		default:
			return pcmd_getopt_error("check", c, argv);
		}
	}
	if (optind >= argc)
		return pcmd_usage_error("check", "no POLICY given");
	for (int i = optind; i < argc; i++) {
		__attribute__((cleanup(export_policy_freep))) struct policy p;
		struct policy_error perr;
		char msg[600];
		int r = 0;

		policy_init(&p);
		r = policy_load(&p, argv[i], &perr);
		if (r == -EINVAL) {
			policy_error_format(&perr, msg, sizeof(msg));
			fprintf(stderr, "%s\n", msg);
			return PCMD_EXIT_FOUND;
		}
		if (r < 0) {
			jt_error_errno(r, "check: %s", argv[i]);
			return PCMD_EXIT_FAIL;
		}
		policy_print(&p, stdout);
	}
	return fflush(stdout) == 0 ? PCMD_EXIT_OK : PCMD_EXIT_FAIL;
}
