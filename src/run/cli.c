/* cli: jtrace-run's options.  Names follow strace where the meaning is the
 * same and bubblewrap where they concern the sandbox; --help lists only what
 * is implemented. */
#include <jtrace/caps.h>
#include <jtrace/classes.h>
#include <jtrace/cli.h>
#include <jtrace/util.h>

#include <getopt.h>
#include <linux/capability.h>
#include <stdarg.h>
#include <sched.h>
#include <string.h>

#include "config.h"

enum {
	OPT_FORMAT = 0x100,
	OPT_LIST_FILTERS,
	OPT_STATUS,
	OPT_NS,
	OPT_SHARE_NET,
	OPT_UID,
	OPT_GID,
	OPT_HOSTNAME,
	OPT_TMPFS,
	OPT_RO,
	OPT_CAP_ADD,
	OPT_NS_JOIN,
	OPT_POLICY,
	OPT_AUDIT,
	OPT_AUDIT_EXIT,
	OPT_CPU,
	OPT_HOST_UID,
	OPT_HOST_GID,
	OPT_RW,
	OPT_KEEP_FD,
};

static const struct option long_options[] = {
	{"filter", required_argument, NULL, 'e'},
	{"list-filters", no_argument, NULL, OPT_LIST_FILTERS},
	{"output", required_argument, NULL, 'o'},
	{"format", required_argument, NULL, OPT_FORMAT},
	{"string-limit", required_argument, NULL, 's'},
	{"decode-fds", no_argument, NULL, 'y'},
	{"verbose", no_argument, NULL, 'v'},
	{"hex", no_argument, NULL, 'x'},
	{"summary", no_argument, NULL, 'c'},
	{"failed-only", no_argument, NULL, 'Z'},
	{"successful-only", no_argument, NULL, 'z'},
	{"status", required_argument, NULL, OPT_STATUS},
	{"ns", optional_argument, NULL, OPT_NS},
	{"share-net", no_argument, NULL, OPT_SHARE_NET},
	{"uid", required_argument, NULL, OPT_UID},
	{"gid", required_argument, NULL, OPT_GID},
	{"hostname", required_argument, NULL, OPT_HOSTNAME},
	{"tmpfs", required_argument, NULL, OPT_TMPFS},
	{"ro", required_argument, NULL, OPT_RO},
	{"rw", required_argument, NULL, OPT_RW},
	{"host-uid", required_argument, NULL, OPT_HOST_UID},
	{"host-gid", required_argument, NULL, OPT_HOST_GID},
	{"keep-fd", required_argument, NULL, OPT_KEEP_FD},
	{"cap-add", required_argument, NULL, OPT_CAP_ADD},
	{"ns-join", required_argument, NULL, OPT_NS_JOIN},
	{"policy", required_argument, NULL, OPT_POLICY},
	{"audit", no_argument, NULL, OPT_AUDIT},
	{"audit-exit", required_argument, NULL, OPT_AUDIT_EXIT},
	{"cpu", required_argument, NULL, OPT_CPU},
	{"help", no_argument, NULL, 'h'},
	{"version", no_argument, NULL, 'V'},
	{NULL, 0, NULL, 0},
};

static const char *const always_stop[] = {"execve", "execveat"};

static void usage(FILE *f)
{
	fputs("Usage: jtrace-run [OPTIONS] [--] PROG [ARGS...]\n"
	      "Run PROG, stopping it only on the selected system calls (a seccomp filter\n"
	      "returns SECCOMP_RET_TRACE for them; every other call runs at native speed),\n"
	      "follow every process and thread it creates, and log each stopped call as\n"
	      "one JSON object per line.\n"
	      "\n"
	      "Tracing:\n"
	      "  -e, --filter=LIST      calls that stop (default: all).  LIST is comma-separated:\n"
	      "                         classes (net, file, process, signal, ipc, desc, memory,\n"
	      "                         creds, clock), @groups (@network-io, ...), syscall names,\n"
	      "                         !NAME to remove, all.  -e trace=LIST is accepted.\n"
	      "                         execve and execveat always stop.\n"
	      "      --list-filters     print every class and group with its members\n"
	      "  -o, --output=FILE      write the log to FILE (default: stderr; - for stdout);\n"
	      "                         a symlink is refused; FILE is replaced only once the\n"
	      "                         program has exec'd, and a FILE the program modified\n"
	      "                         makes the status 125.  A log the program shares\n"
	      "                         (stderr, -) says so: jtrace-policy refuses it\n"
	      "      --format=FMT       json (JSON Lines, default) or text (strace-like lines)\n"
	      "  -s, --string-limit=N   show at most N bytes of each string or buffer (default 32)\n"
	      "  -y, --decode-fds       show what each file descriptor refers to\n"
	      "  -v, --verbose          decode execve environments in full\n"
	      "  -x, --hex              show non-ASCII bytes of strings as \\xNN\n"
	      "  -t, -tt, -ttt          text format: time of day, with microseconds, epoch\n"
	      "  -T                     text format: time spent in each call\n"
	      "  -c, --summary          count calls, errors and time per syscall: a summary\n"
	      "                         record before the end record (json), or the table\n"
	      "                         instead of the call lines (text, as strace -c)\n"
	      "  -Z, --failed-only      log only calls that failed\n"
	      "  -z, --successful-only  log only calls that succeeded\n"
	      "      --status=WHICH     failed or successful (as -Z / -z)\n"
	      "      --cpu=MODE         where the tracer and PROG run.  auto (default): on one\n"
	      "                         CPU while PROG needs no more (a ptrace stop across\n"
	      "                         CPUs costs several times more, most of all in a VM):\n"
	      "                         released at PROG's first thread, at its fifth task,\n"
	      "                         when two of its processes wait for the CPU at once,\n"
	      "                         or when it stops rarely (under 200 stops a second;\n"
	      "                         checked every 25 ms), and then pinned again if it\n"
	      "                         stops 2,000 times a second or more; sched_getaffinity\n"
	      "                         still reports PROG's own CPUs.  same: always one CPU\n"
	      "                         (serialises a parallel PROG).  free: never pin\n"
	      "\n"
	      "Sandbox:\n"
	      "      --ns[=LIST]        run PROG in new namespaces: user,pid,mnt,uts,ipc,net,\n"
	      "                         cgroup (default all of these; time on request).  Works\n"
	      "                         without root where unprivileged user namespaces are\n"
	      "                         allowed.  PROG runs as pid 2 under jtrace's own pid-1\n"
	      "                         init, with only a loopback network, hostname 'jtrace',\n"
	      "                         no capabilities and no_new_privs set (setuid binaries\n"
	      "                         gain nothing); everything left in the sandbox is killed\n"
	      "                         when PROG exits.  /sys/class/net is the sandbox's own;\n"
	      "                         PROG runs in a session of its own (no controlling\n"
	      "                         terminal: TIOCSTI cannot type into yours), inherits no\n"
	      "                         fd but 0-2, and finds the -o log covered (unreadable,\n"
	      "                         unwritable).  No file gets a set-id bit from inside\n"
	      "                         (chmod, open, mknod... with S_ISUID/S_ISGID: EPERM;\n"
	      "                         openat2: ENOSYS; io_uring refused).  The host's files\n"
	      "                         stay visible, path-based unix sockets too (hide them\n"
	      "                         with --tmpfs=DIR)\n"
	      "      --share-net        keep the host's network (no net namespace)\n"
	      "      --uid=N, --gid=N   ids inside the user namespace (default 0)\n"
	      "      --host-uid=N, --host-gid=N\n"
	      "                         host ids the sandbox's ids stand for.  Default: the\n"
	      "                         caller's; as root the overflow ids (65534, nobody),\n"
	      "                         so file permissions keep the sandbox's root out of\n"
	      "                         the host's files, sysctls and devices.  As root,\n"
	      "                         --host-uid=0 --host-gid=0 keeps host root: then --ns\n"
	      "                         gives NO protection of the host's files and sysctls\n"
	      "                         (the sandbox's root writes /etc, /proc/sys, /sys)\n"
	      "      --rw=DIR           as root: let the sandbox's root write DIR (repeatable),\n"
	      "                         through an idmapped mount: DIR's owner on disk is the\n"
	      "                         sandbox's root, new files get DIR's owner on disk\n"
	      "                         (never a set-id bit or a file capability, see --ns);\n"
	      "                         exit 125 where DIR's filesystem cannot do it.  The\n"
	      "                         directories above DIR must be searchable by others for\n"
	      "                         absolute paths (relative ones from a cwd in DIR work\n"
	      "                         regardless).  Not root, or with --host-uid=0: DIR is\n"
	      "                         written as the caller would (nothing to map)\n"
	      "      --keep-fd=N        let PROG inherit the caller's fd N (repeatable; also\n"
	      "                         with --ns-join)\n"
	      "      --hostname=NAME    hostname inside (default jtrace)\n"
	      "      --tmpfs=DIR        mount an empty tmpfs on DIR (repeatable)\n"
	      "      --ro=DIR           make DIR read-only inside the sandbox (repeatable)\n"
	      "      --cap-add=CAP      keep capability CAP (repeatable; default none;\n"
	      "                         CAP_SETFCAP is refused with --ns)\n"
	      "      --ns-join=PID      run PROG in the namespaces of process PID\n"
	      "\n"
	      "Policy:\n"
	      "      --policy=FILE|NAME enforce a policy (jtrace.policy(5)); NAME finds a shipped\n"
	      "                         one (no-network, loopback-only, read-only-fs, no-exec,\n"
	      "                         ci-default, docker-default).  Repeatable: later files\n"
	      "                         add rules.  Every denial and kill is logged with its\n"
	      "                         rule, whatever --filter says.  Conditions on memory\n"
	      "                         (paths, addresses) are checked by the tracer and race\n"
	      "                         with other threads of the program (TOCTOU)\n"
	      "      --audit            deny nothing: log each would-be denial as \"audit\"\n"
	      "      --audit-exit=N     exit status when PROG succeeded but something would\n"
	      "                         have been denied (default 120)\n"
	      "\n"
	      "  -h, --help             show this help\n"
	      "  -V, --version          show the version\n"
	      "\n"
	      "The tracer's death kills every traced process (PTRACE_O_EXITKILL).\n"
	      "no_new_privs is always set before the filter is installed.\n"
	      "\n"
	      "Exit status: PROG's own; 128+N when PROG was killed by signal N; 125 when\n"
	      "jtrace-run itself failed (bad option, filter, policy or output file, sandbox\n"
	      "refused, log incomplete); 126 when PROG could not be executed; 127 when PROG\n"
	      "was not found; with --audit, the --audit-exit status (120) when PROG exited 0\n"
	      "but the policy would have denied something.\n",
	      f);
}

/* Command-line numbers are decimal, as in strace: "-s 010" is ten. */
static int parse_decimal(const char *s, long min, long max, long *ret)
{
	return jt_parse_long_base(s, 10, min, max, ret);
}

static int bad(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int bad(const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	jt_error("%s (see --help)", msg);
	return -EINVAL;
}

static int parse_filter(const char *text, struct run_options *o)
{
	cleanup_free char *bad_item = NULL;
	int r = 0;

	if (strncmp(text, "trace=", 6) == 0)
		text += 6;
	memset(&o->filter, 0, sizeof(o->filter));
	r = classes_parse_filter(text, &o->filter, &bad_item);
	if (r == -ENOENT) {
		const char *near[4] = {NULL};
		size_t n = classes_suggest(bad_item, near, JT_ARRAY_SIZE(near));
		char hint[256] = "";
		size_t off = 0;

		for (size_t i = 0; i < n && off < sizeof(hint); i++)
			off += (size_t)snprintf(hint + off, sizeof(hint) - off, "%s%s",
						i ? ", " : "; did you mean ", near[i]);
		if (off >= sizeof(hint))
			hint[sizeof(hint) - 1] = '\0';
		jt_error("--filter: unknown syscall, class or group '%s'%s%s", bad_item, hint,
			 n ? "?" : " (see --list-filters)");
		return -EINVAL;
	}
	if (r < 0)
		return bad("--filter: malformed list '%s'", text);
	o->filter_text = text;
	return 0;
}

static int parse_id(const char *opt, const char *arg, long *ret)
{
	if (parse_decimal(arg, 0, 0xfffffffeL, ret) < 0)
		return bad("%s: '%s' is not a valid id", opt, arg);
	return 0;
}

static int add_mount(struct run_options *o, enum ns_mount_kind kind, const char *opt,
		     const char *path)
{
	if (path[0] != '/')
		return bad("%s: '%s' is not an absolute path", opt, path);
	if (o->ns.n_mounts >= NS_MAX_MOUNTS)
		return bad("too many --tmpfs/--ro/--rw mounts (at most %d)", NS_MAX_MOUNTS);
	o->ns.mounts[o->ns.n_mounts].kind = kind;
	o->ns.mounts[o->ns.n_mounts].path = path;
	o->ns.n_mounts++;
	return 0;
}

static int add_keep_fd(struct run_options *o, const char *arg)
{
	long v = 0;

	if (parse_decimal(arg, 0, 0x7fffffffL, &v) < 0)
		return bad("--keep-fd: '%s' is not a file descriptor number", arg);
	if (o->ns.n_keep_fds >= NS_MAX_KEEP_FDS)
		return bad("too many --keep-fd (at most %d)", NS_MAX_KEEP_FDS);
	o->ns.keep_fds[o->ns.n_keep_fds++] = (int)v;
	return 0;
}

static int enable_ns(struct run_options *o, const char *list)
{
	const char *bad_item = NULL;

	if (ns_parse_list(list, &o->ns, &bad_item) < 0)
		return bad("--ns: unknown namespace '%s' (known: user,pid,mnt,uts,ipc,net,cgroup,time)",
			   bad_item ? bad_item : list);
	o->ns.enabled = true;
	return 0;
}

static void defaults(struct run_options *o)
{
	memset(o, 0, sizeof(*o));
	o->decode.strsize = 32;
	o->ns.uid = -1;
	o->ns.gid = -1;
	o->ns.host_uid = -1;
	o->ns.host_gid = -1;
	o->audit_exit = CLI_DEFAULT_AUDIT_EXIT;
}

/* What the log shows and how (-o, --format, -s, -y, -v, -x, -T, -c, -Z,
 * -z, --status): @c is one of the values cli_parse sends here.  0 or
 * -EINVAL. */
static int parse_log_option(int c, const char *arg, struct run_options *o)
{
	long v = 0;

	switch (c) {
	case 'o':
		if (!*arg)
			return bad("-o: empty file name");
		o->output = arg;
		return 0;
	case OPT_FORMAT:
		if (strcmp(arg, "json") == 0)
			o->format = LOG_FORMAT_JSON;
		else if (strcmp(arg, "text") == 0)
			o->format = LOG_FORMAT_TEXT;
		else
			return bad("--format: '%s' is neither json nor text", arg);
		return 0;
	case 's':
		if (parse_decimal(arg, 0, 1 << 20, &v) < 0)
			return bad("-s: '%s' is not a number from 0 to 1048576", arg);
		o->decode.strsize = (unsigned)v;
		return 0;
	case 'y':
		o->decode.decode_fds = true;
		return 0;
	case 'v':
		o->decode.verbose = true;
		return 0;
	case 'x':
		o->decode.hex_strings = true;
		return 0;
	case 'T':
		o->text.durations = true;
		return 0;
	case 'c':
		o->summary = true;
		return 0;
	case 'Z':
		o->status = STATUS_FAILED;
		return 0;
	case 'z':
		o->status = STATUS_SUCCESSFUL;
		return 0;
	case OPT_STATUS:
		if (strcmp(arg, "failed") == 0)
			o->status = STATUS_FAILED;
		else if (strcmp(arg, "successful") == 0)
			o->status = STATUS_SUCCESSFUL;
		else
			return bad("--status: '%s' is neither failed nor successful", arg);
		return 0;
	default:
		return bad("unhandled log option %d", c);
	}
}

/* The sandbox's options (--ns and what needs it, --ns-join, --cap-add):
 * @c is one of the OPT_ values cli_parse sends here.  0 or -EINVAL. */
static int parse_sandbox_option(int c, const char *arg, struct run_options *o)
{
	long v = 0;

	switch (c) {
	case OPT_NS:
		return enable_ns(o, arg);
	case OPT_SHARE_NET:
		o->ns.share_net = true;
		return 0;
	case OPT_UID:
		return parse_id("--uid", arg, &o->ns.uid);
	case OPT_GID:
		return parse_id("--gid", arg, &o->ns.gid);
	case OPT_HOST_UID:
		return parse_id("--host-uid", arg, &o->ns.host_uid);
	case OPT_HOST_GID:
		return parse_id("--host-gid", arg, &o->ns.host_gid);
	case OPT_RW:
		return add_mount(o, NS_MOUNT_RW, "--rw", arg);
	case OPT_KEEP_FD:
		return add_keep_fd(o, arg);
	case OPT_HOSTNAME:
		if (!*arg || strlen(arg) > 64)
			return bad("--hostname: '%s' must have 1 to 64 characters", arg);
		o->ns.hostname = arg;
		return 0;
	case OPT_TMPFS:
		return add_mount(o, NS_MOUNT_TMPFS, "--tmpfs", arg);
	case OPT_RO:
		return add_mount(o, NS_MOUNT_RO, "--ro", arg);
	case OPT_CAP_ADD:
		if (caps_parse(arg, &o->caps) < 0)
			return bad("--cap-add: unknown capability '%s'", arg);
		o->caps_given = true;
		return 0;
	case OPT_NS_JOIN:
		if (parse_decimal(arg, 1, 0x3fffffff, &v) < 0)
			return bad("--ns-join: '%s' is not a process id", arg);
		o->ns.join_pid = (pid_t)v;
		return 0;
	default:
		return bad("unhandled sandbox option %d", c);
	}
}

/* The sandbox options that only mean something together, checked once all
 * are read.  0 or -EINVAL. */
static int check_sandbox_options(struct run_options *o)
{
	if (o->ns.share_net)
		o->ns.clone_flags &= ~CLONE_NEWNET;
	if (!o->ns.enabled && (o->ns.share_net || o->ns.uid >= 0 || o->ns.gid >= 0 ||
			       o->ns.host_uid >= 0 || o->ns.host_gid >= 0 || o->ns.hostname ||
			       o->ns.n_mounts))
		return bad("--share-net, --uid, --gid, --host-uid, --host-gid, --hostname, --tmpfs, "
			   "--ro and --rw need --ns");
	if (!o->ns.enabled && !o->ns.join_pid && o->ns.n_keep_fds)
		return bad("--keep-fd needs --ns or --ns-join (without them every fd is inherited)");
	if (o->ns.enabled && o->ns.join_pid > 0)
		return bad("--ns and --ns-join cannot be combined");
	/* Through --rw's idmapped mount (or with --host-uid=0) a file
	 * capability the sandbox sets is host root's, which the host honours:
	 * --ns never mints one, as it never mints a set-id bit (floor.c). */
	if (o->ns.enabled && caps_keeps(&o->caps, CAP_SETFCAP))
		return bad("--cap-add=CAP_SETFCAP cannot be used with --ns: the sandbox never gives "
			   "a file capabilities");
	return 0;
}

int cli_parse(int argc, char **argv, struct run_options *o)
{
	bool filter_given = false, list_filters = false;
	unsigned t_count = 0;
	int c = 0, r = 0;

	defaults(o);
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "+e:o:s:yvxtTcZzhV", long_options, NULL)) != -1) {
		long v = 0;

		switch (c) {
		case 'e':
			r = parse_filter(optarg, o);
			filter_given = true;
			break;
		case OPT_LIST_FILTERS:
			list_filters = true;
			break;
		case 'o':
		case OPT_FORMAT:
		case 's':
		case 'y':
		case 'v':
		case 'x':
		case 'T':
		case 'c':
		case 'Z':
		case 'z':
		case OPT_STATUS:
			r = parse_log_option(c, optarg, o);
			break;
		case 't':
			t_count++;
			break;
		case OPT_NS:
		case OPT_SHARE_NET:
		case OPT_UID:
		case OPT_GID:
		case OPT_HOST_UID:
		case OPT_HOST_GID:
		case OPT_RW:
		case OPT_KEEP_FD:
		case OPT_HOSTNAME:
		case OPT_TMPFS:
		case OPT_RO:
		case OPT_CAP_ADD:
		case OPT_NS_JOIN:
			r = parse_sandbox_option(c, optarg, o);
			break;
		case OPT_POLICY:
			if (!*optarg)
				return bad("--policy: empty name");
			if (o->n_policies >= CLI_MAX_POLICIES)
				return bad("too many --policy files (at most %d)", CLI_MAX_POLICIES);
			o->policies[o->n_policies++] = optarg;
			break;
		case OPT_AUDIT:
			o->audit = true;
			break;
		case OPT_AUDIT_EXIT:
			if (parse_decimal(optarg, 0, 255, &v) < 0)
				return bad("--audit-exit: '%s' is not a number from 0 to 255", optarg);
			o->audit_exit = (int)v;
			break;
		case OPT_CPU:
			if (cpu_parse_mode(optarg, &o->cpu) < 0)
				return bad("--cpu: '%s' is not auto, same or free", optarg);
			break;
		case 'h':
			usage(stdout);
			return 1;
		case 'V':
			printf("jtrace-run %s\n", JTRACE_VERSION);
			return 1;
		case '?':
			if (optopt && optopt < 0x100)
				return bad("unknown or incomplete option '-%c'", optopt);
			return bad("unknown or incomplete option '%s'", argv[optind - 1]);
		default:
			return bad("unhandled option '%s'", argv[optind - 1]);
		}
		if (r < 0)
			return r;
	}
	if (list_filters) {
		classes_print_all(stdout);
		return 1;
	}
	o->text.timestamps = t_count > 3 ? 3 : (unsigned)t_count;
	/* Default: every call stops. */
	r = filter_given ? 0 : parse_filter("all", o);
	if (r < 0)
		return r;
	/* Exec events are always logged, with their call. */
	for (size_t i = 0; i < JT_ARRAY_SIZE(always_stop); i++) {
		long idx = syscalls_index_by_name(always_stop[i]);

		if (idx >= 0)
			syscall_set_add(&o->filter, (size_t)idx);
	}
	r = check_sandbox_options(o);
	if (r < 0)
		return r;
	if (o->audit && !o->n_policies)
		return bad("--audit needs a --policy");
	if (optind >= argc)
		return bad("no program to run");
	o->argv = argv + optind;
	o->self_argv = argv;
	return 0;
}
