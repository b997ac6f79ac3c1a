/* emit/text: one event as one strace-like line (include/jtrace/text.h).
 *
 * Arguments are rendered from the decoded jv values the JSON writer writes
 * too, so the two formats never disagree about what was decoded; each is
 * shown by its type in the call's signature (this file), a value in
 * strace's notation (text-values.c), strings quoted and escaped as strace
 * does (escape.c), and a mode that does not apply (null) is left out as
 * strace leaves it out. */
#include "text-priv.h"
#include "text-shapes.h"

#include <jtrace/emit.h>
#include <jtrace/syscalls.h>
#include <jtrace/text.h>
#include <jtrace/xlat.h>

#include <errno.h>
#include <string.h>
#include <time.h>

/* ---- arguments ---- */

/* A wait status as strace shows it: [{WIFEXITED(s) && WEXITSTATUS(s) == 0}]. */
static void put_wstatus(struct jbuf *b, const struct jv *v)
{
	const struct jv *x = NULL;

	if ((x = jv_get(v, "exited"))) {
		jbuf_printf(b, "[{WIFEXITED(s) && WEXITSTATUS(s) == %d}]", (int)jv_as_int(x));
	} else if ((x = jv_get(v, "signaled"))) {
		jbuf_puts(b, "[{WIFSIGNALED(s) && WTERMSIG(s) == ");
		text_put_bare(b, x);
		jbuf_puts(b, jv_get(v, "core") ? " && WCOREDUMP(s)}]" : "}]");
	} else if ((x = jv_get(v, "stopped"))) {
		jbuf_puts(b, "[{WIFSTOPPED(s) && WSTOPSIG(s) == ");
		text_put_bare(b, x);
		jbuf_puts(b, "}]");
	} else if (jv_get(v, "continued")) {
		jbuf_puts(b, "[{WIFCONTINUED(s)}]");
	} else {
		text_put_value(b, v, NULL);
	}
}

static void put_string_list(struct jbuf *b, const struct jv *v)
{
	bool first = true;

	jbuf_putc(b, '[');
	jv_foreach(el, v)
	{
		if (!first)
			jbuf_puts(b, ", ");
		first = false;
		if (text_json_like(el) == JL_STRING)
			text_put_string(b, el);
		else
			text_put_value(b, el, NULL);
	}
	jbuf_putc(b, ']');
}

/* One argument, shown by its type in the signature (@arg NULL: the call
 * is not in the table, or shown raw).  Returns false when nothing is
 * shown (a mode that does not apply). */
static bool put_arg(struct jbuf *b, const struct syscall_arg *arg, enum arg_type type,
		    const struct jv *v, bool failed)
{
	enum json_like t = text_json_like(v);

	if (!arg) {
		text_put_value(b, v, NULL);
		return true;
	}
	/* What a failed call did not write is shown as the address. */
	if (failed && argtype_at_exit(arg->type) && t == JL_STRING) {
		text_put_bare(b, v);
		return true;
	}
	switch (type) {
	case ARG_MODE:
		if (t == JL_NULL)
			return false;
		text_put_value(b, v, NULL);
		return true;
	case ARG_PATH:
	case ARG_STR:
	case ARG_IBUF:
	case ARG_OBUF:
		if (t == JL_STRING)
			text_put_string(b, v);
		else
			text_put_value(b, v, NULL);
		return true;
	case ARG_ENVP:
		if (t == JL_OBJECT && jv_get(v, "count")) {
			jbuf_printf(b, "/* %d vars%s */", text_get_int(v, "count"),
				    jv_get(v, "truncated") ? " at least" : "");
			return true;
		}
		__attribute__((fallthrough)); /* without a count: shown as argv is */
	case ARG_ARGV:
		if (t == JL_ARRAY)
			put_string_list(b, v);
		else
			text_put_value(b, v, NULL);
		return true;
	case ARG_SIGSET:
	case ARG_OSIGSET:
		if (t == JL_ARRAY)
			text_put_sigset(b, v);
		else
			text_put_value(b, v, NULL);
		return true;
	case ARG_OWSTATUS:
		if (t == JL_OBJECT)
			put_wstatus(b, v);
		else
			text_put_value(b, v, NULL);
		return true;
	case ARG_ODIRENTS:
		if (t == JL_OBJECT && jv_get(v, "entries")) {
			text_put_bare(b, jv_get(v, "addr"));
			jbuf_printf(b, " /* %d entries */", text_get_int(v, "entries"));
			return true;
		}
		text_put_value(b, v, NULL);
		return true;
	case ARG_SOCKOPT:
	case ARG_OSOCKOPT:
	case ARG_OLEN:
		if (t == JL_NUMBER) {
			jbuf_printf(b, "[%d]", (int)jv_as_int(v));
			return true;
		}
		put_arg(b, arg, ARG_IBUF, v, failed);
		return true;
	case ARG_OSTAT:
	case ARG_OSTATX:
	case ARG_OUTSNAME:
		text_put_value(b, v, NULL);
		/* Abbreviated without -v, as strace marks it. */
		if (t == JL_OBJECT && !jv_get(v, "st_ino") && !jv_get(v, "stx_ino") &&
		    !jv_get(v, "release") && b->len && b->p[b->len - 1] == '}') {
			b->len--;
			jbuf_puts(b, ", ...}");
		}
		return true;
	default:
		text_put_value(b, v, NULL);
		return true;
	}
}

static const struct syscall_arg *sig_arg(const struct syscall_sig *sig, const char *key)
{
	for (unsigned i = 0; sig && i < sig->nargs; i++)
		if (strcmp(sig->args[i].name, key) == 0)
			return &sig->args[i];
	return NULL;
}

/* One argument of a call printed in its own shape (text-shapes.h). */
static void put_shaped(struct jbuf *b, const struct text_shape_item *it,
		       const struct syscall_arg *arg, const struct jv *v, bool failed)
{
	if (it->label)
		jbuf_printf(b, "%s=", it->label);
	if (it->decimal && text_is_hex(v)) {
		jbuf_printf(b, "%llu", (unsigned long long)v->v.u);
	} else if (it->bitset && text_json_like(v) == JL_NUMBER &&
		   (uint32_t)jv_as_int(v) == UINT32_MAX) {
		jbuf_puts(b, "FUTEX_BITSET_MATCH_ANY");
	} else if (it->decimal && jv_kind_of(v) == JV_NULL) {
		jbuf_putc(b, '0');
	} else if (!put_arg(b, arg, arg ? arg->type : ARG_INT, v, failed)) {
		jbuf_putc(b, '0');
	}
}

static void put_args(struct jbuf *b, const struct event_syscall *s)
{
	struct text_shape shape;
	bool first = true;

	if (text_call_shape(s, &shape)) {
		for (size_t k = 0; k < shape.n; k++) {
			struct jv *val = NULL;

			/* A null (NULL, an unused mode) is a value here. */
			if (!jv_get_ex(s->args, shape.items[k].key, &val))
				continue;
			if (!first)
				jbuf_puts(b, ", ");
			first = false;
			put_shaped(b, &shape.items[k], sig_arg(s->sig, shape.items[k].key), val,
				   s->failed);
		}
		return;
	}
	if (jv_kind_of(s->args) != JV_OBJECT)
		return;
	jv_foreach(m, s->args)
	{
		const struct syscall_arg *arg = sig_arg(s->sig, m->key);
		size_t mark = b->len;

		if (!first)
			jbuf_puts(b, ", ");
		if (put_arg(b, arg, arg ? arg->type : ARG_INT, m, s->failed))
			first = false;
		else if (!b->oom)
			b->len = mark, b->p[mark] = '\0';
	}
}

/* ---- lines ---- */

static void put_prefix(struct jbuf *b, const struct text_opts *o, uint64_t realtime0_ns,
		       const struct event *ev)
{
	pid_t tid = ev->proc.tid ? ev->proc.tid : ev->proc.pid;

	jbuf_printf(b, "[pid %lld] ", (long long)tid);
	if (o->timestamps) {
		uint64_t t = realtime0_ns + ev->ts;
		time_t sec = (time_t)(t / 1000000000ull);
		struct tm tm = {0};

		if (o->timestamps >= 3) {
			jbuf_printf(b, "%lld.%06llu ", (long long)sec,
				    (unsigned long long)(t % 1000000000ull / 1000));
		} else {
			localtime_r(&sec, &tm);
			jbuf_printf(b, "%02d:%02d:%02d", tm.tm_hour, tm.tm_min, tm.tm_sec);
			if (o->timestamps == 2)
				jbuf_printf(b, ".%06llu",
					    (unsigned long long)(t % 1000000000ull / 1000));
			jbuf_putc(b, ' ');
		}
	}
}

static void put_syscall(struct jbuf *b, const struct text_opts *o, const struct event_syscall *s)
{
	/* Escaped: jtrace's own names, but the text of a record is not
	 * printed raw on any terminal. */
	text_put_escaped(b, s->name ? s->name : "?");
	jbuf_putc(b, '(');
	put_args(b, s);
	jbuf_putc(b, ')');
	if (!s->finished) {
		jbuf_puts(b, " = ?");
	} else if (s->failed) {
		jbuf_puts(b, " = -1");
		if (s->err) {
			int e = xlat_errno_value(s->err);

			jbuf_printf(b, " %s (%s)", s->err, e > 0 ? strerror(e) : "?");
		}
	} else {
		jbuf_puts(b, " = ");
		/* -y: "= 3</etc/passwd>", as strace decorates a new fd. */
		text_put_value(b, s->ret_fd ? s->ret_fd : s->ret, NULL);
	}
	if (s->action != EVENT_ALLOW)
		jbuf_printf(b, " [%s %s]", event_action_name(s->action), s->rule ? s->rule : "");
	if (o->durations && s->finished && (int64_t)s->dur_ns >= 0)
		jbuf_printf(b, " <%lld.%06lld>", (long long)(s->dur_ns / 1000000000),
			    (long long)(s->dur_ns % 1000000000 / 1000));
}

static void put_event(struct jbuf *b, const struct text_opts *o, const struct event *ev)
{
	const char *sig = NULL;

	switch (ev->kind) {
	case EVENT_SYSCALL:
		put_syscall(b, o, &ev->u.sys);
		break;
	case EVENT_SIGNAL:
		sig = ev->u.sig.name ? ev->u.sig.name : "SIG?";
		jbuf_printf(b, "--- %s ", sig);
		if (jv_kind_of(ev->u.sig.siginfo) != JV_NULL)
			text_put_value(b, ev->u.sig.siginfo, NULL);
		else
			jbuf_printf(b, "{si_signo=%s, si_code=%d}", sig, ev->u.sig.code);
		jbuf_puts(b, " ---");
		break;
	case EVENT_STOP:
		jbuf_printf(b, "--- stopped by %s ---", ev->u.sig.name ? ev->u.sig.name : "SIG?");
		break;
	case EVENT_EXEC: {
		const char *path = ev->u.exec.path ? ev->u.exec.path : "";

		jbuf_puts(b, "+++ exec ");
		text_put_quoted(b, path, strlen(path));
		jbuf_puts(b, " +++");
		break;
	}
	case EVENT_EXIT:
		if (ev->u.exit.signaled)
			jbuf_printf(b, "+++ killed by %s%s +++",
				    ev->u.exit.signal ? ev->u.exit.signal : "SIG?",
				    ev->u.exit.core ? " (core dumped)" : "");
		else
			jbuf_printf(b, "+++ exited with %d +++", ev->u.exit.code);
		break;
	default:
		/* Every kind is above; a new one shows here until it has a line. */
		jbuf_printf(b, "--- kind %d ---", (int)ev->kind);
		break;
	}
}

int emit_text_event(struct jbuf *out, const struct text_opts *o, uint64_t realtime0_ns,
		    const struct event *ev)
{
	size_t start = out->len;

	switch (ev->kind) {
	case EVENT_START:
	case EVENT_END:
	case EVENT_SUMMARY:
	case EVENT_FORK:
		/* strace prints nothing for these; the text log stays a list
		 * of calls and process events. */
		return 0;
	default:
		break;
	}
	if (out->oom)
		return -ENOMEM;
	put_prefix(out, o, realtime0_ns, ev);
	put_event(out, o, ev);
	jbuf_putc(out, '\n');
	if (out->oom) {
		/* No half line: the buffer is as it was, and usable. */
		out->oom = false;
		out->len = start;
		if (out->p)
			out->p[start] = '\0';
		return -ENOMEM;
	}
	return 0;
}
