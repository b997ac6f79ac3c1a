/* emit/json: one event as one JSON line of log schema version 1
 * (docs/cli-and-log.md, tests/schema/log.schema.json), written straight
 * into the sink's buffer: no tree is built for the record itself, and the
 * decoded arguments (jv trees) are written as they are walked.
 *
 * Members come in the order the log has always had them; the golden logs
 * (tests/cli/golden) hold it.  Common to every record: v, type, ts, run;
 * then the thread (pid, tid, nspid) for the per-thread kinds. */
#include <jtrace/event.h>
#include <jtrace/json.h>

#include <errno.h>
#include <string.h>
#include <sys/random.h>

static char json_run_token[17];

int json_init_token(void)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char raw[8];
	size_t got = 0;

	while (got < sizeof(raw)) {
		ssize_t n = getrandom(raw + got, sizeof(raw) - got, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		got += (size_t)n;
	}
	for (size_t i = 0; i < sizeof(raw); i++) {
		json_run_token[2 * i] = hex[raw[i] >> 4];
		json_run_token[2 * i + 1] = hex[raw[i] & 15];
	}
	json_run_token[16] = '\0';
	return 0;
}

const char *event_kind_name(enum event_kind k)
{
	static const char *const names[] = {
		[EVENT_START] = "start", [EVENT_SYSCALL] = "syscall", [EVENT_EXEC] = "exec",
		[EVENT_FORK] = "fork",   [EVENT_SIGNAL] = "signal",   [EVENT_STOP] = "stop",
		[EVENT_EXIT] = "exit",   [EVENT_SUMMARY] = "summary", [EVENT_END] = "end",
	};

	return (unsigned)k < sizeof(names) / sizeof(names[0]) && names[k] ? names[k] : "?";
}

const char *event_action_name(enum event_action a)
{
	switch (a) {
	case EVENT_LOG:
		return "log";
	case EVENT_DENY:
		return "deny";
	case EVENT_KILL:
		return "kill";
	case EVENT_AUDIT:
		return "audit";
	case EVENT_ALLOW:
	default:
		return "allow";
	}
}

/* ,"key": */
static void key(struct jbuf *b, const char *k)
{
	jbuf_putc(b, ',');
	jv_write_json_string(b, k, strlen(k));
	jbuf_putc(b, ':');
}

static void put_int(struct jbuf *b, const char *k, long long v)
{
	key(b, k);
	jbuf_printf(b, "%lld", v);
}

static void put_str(struct jbuf *b, const char *k, const char *v)
{
	key(b, k);
	jv_write_json_string(b, v, strlen(v));
}

static void put_bool(struct jbuf *b, const char *k, bool v)
{
	key(b, k);
	jbuf_puts(b, v ? "true" : "false");
}

static void put_value(struct jbuf *b, const char *k, const struct jv *v)
{
	key(b, k);
	jv_write_json(b, v);
}

static void put_proc(struct jbuf *b, const struct event_proc *p)
{
	put_int(b, "pid", p->pid);
	put_int(b, "tid", p->tid);
	put_int(b, "nspid", p->nspid);
}

static void put_syscall(struct jbuf *b, const struct event *ev)
{
	const struct event_syscall *s = &ev->u.sys;

	put_int(b, "seq", (long long)s->seq);
	put_proc(b, &ev->proc);
	put_str(b, "comm", s->comm);
	put_str(b, "name", s->name);
	put_int(b, "nr", s->nr);
	put_str(b, "arch", s->arch ? s->arch : "unknown");
	key(b, "args");
	if (s->args)
		jv_write_json(b, s->args);
	else
		jbuf_puts(b, "{}");
	if (s->finished) {
		if (s->failed) {
			put_int(b, "ret", -1);
			put_str(b, "errno", s->err);
		} else {
			put_value(b, "ret", s->ret);
			if (s->ret_fd)
				put_value(b, "ret_fd", s->ret_fd);
		}
		put_int(b, "dur_ns", (long long)s->dur_ns);
	} else {
		put_bool(b, "unfinished", true);
	}
	put_str(b, "action", event_action_name(s->action));
	if (s->rule)
		put_str(b, "rule", s->rule);
	if (s->unreadable)
		put_bool(b, "unreadable", true);
}

static void put_body(struct jbuf *b, const struct jv *body)
{
	jv_foreach(m, body)
		put_value(b, m->key, m);
}

void json_write_event(struct jbuf *b, const struct event *ev)
{
	jbuf_puts(b, "{\"v\":" JSON_SCHEMA_VERSION_STR ",\"type\":");
	jv_write_json_string(b, event_kind_name(ev->kind), strlen(event_kind_name(ev->kind)));
	put_int(b, "ts", (long long)ev->ts);
	if (json_run_token[0])
		put_str(b, "run", json_run_token);
	switch (ev->kind) {
	case EVENT_SYSCALL:
		put_syscall(b, ev);
		break;
	case EVENT_EXEC:
		put_proc(b, &ev->proc);
		if (ev->u.exec.old_tid)
			put_int(b, "old_tid", ev->u.exec.old_tid);
		if (ev->u.exec.path)
			put_str(b, "path", ev->u.exec.path);
		put_str(b, "comm", ev->u.exec.comm);
		break;
	case EVENT_FORK:
		put_proc(b, &ev->proc);
		put_int(b, "child", ev->u.fork.child);
		put_int(b, "child_nspid", ev->u.fork.child_nspid);
		put_str(b, "kind", ev->u.fork.kind);
		put_bool(b, "thread", ev->u.fork.thread);
		break;
	case EVENT_SIGNAL:
	case EVENT_STOP:
		put_proc(b, &ev->proc);
		put_int(b, "signo", ev->u.sig.signo);
		put_str(b, "sig", ev->u.sig.name);
		if (ev->kind == EVENT_STOP)
			break;
		put_int(b, "code", ev->u.sig.code);
		if (ev->u.sig.siginfo)
			put_value(b, "siginfo", ev->u.sig.siginfo);
		break;
	case EVENT_EXIT:
		put_proc(b, &ev->proc);
		if (!ev->u.exit.signaled) {
			put_int(b, "code", ev->u.exit.code);
		} else {
			put_str(b, "signal", ev->u.exit.signal);
			put_int(b, "signo", ev->u.exit.signo);
			put_bool(b, "core", ev->u.exit.core);
		}
		break;
	case EVENT_START:
	case EVENT_SUMMARY:
	case EVENT_END:
	default:
		put_body(b, ev->body);
		break;
	}
	jbuf_putc(b, '}');
}
