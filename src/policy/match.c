/* match: the side-effect-free matchers that memory atoms use, each
 * unit-tested directly -- globs (path glob, exe glob), lexical path
 * normalisation and prefixes (path prefix), CIDRs (addr in).  They touch
 * neither the tracee nor any state: cond.c reads the memory and calls them.
 *
 * Globs: '*' matches within one path component, '**' across components
 * (and a '**' that starts a component, followed by a slash, also matches
 * no component at all), '?' one character but '/', [...] one of a class
 * ([!...] or [^...] negated), backslash quotes; policy_glob_check refuses
 * an unclosed class at load time. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <jtrace/util.h>
#include "policy-priv.h"

/* ---- globs ---- */

enum gtok_kind { G_LIT, G_ANY1, G_CLASS, G_STAR, G_DSTAR, G_DSTAR_SLASH };

struct gtok {
	enum gtok_kind kind;
	char c;		 /* G_LIT */
	const char *cls; /* G_CLASS: first char after '[' (and after ! or ^) */
	bool negated;
};

/* Offset of the ']' closing the class that starts at pat[i] == '[', or 0. */
static size_t class_end(const char *pat, size_t i)
{
	size_t j = i + 1;

	if (pat[j] == '!' || pat[j] == '^')
		j++;
	if (pat[j] == ']')
		j++;
	while (pat[j] && pat[j] != ']')
		j++;
	return pat[j] == ']' ? j : 0;
}

int policy_glob_check(const char *pat, size_t *ret_off)
{
	for (size_t i = 0; pat[i]; i++) {
		if (pat[i] == '\\' && pat[i + 1]) {
			i++;
		} else if (pat[i] == '[') {
			size_t e = class_end(pat, i);

			if (!e) {
				*ret_off = i;
				return -EINVAL;
			}
			i = e;
		}
	}
	return 0;
}

static bool class_has(const struct gtok *t, char ch)
{
	const char *p = t->cls;
	bool in = false;

	if (*p == ']') {
		in |= ch == ']';
		p++;
	}
	for (; *p && *p != ']'; p++) {
		if (p[1] == '-' && p[2] && p[2] != ']') {
			in |= (unsigned char)ch >= (unsigned char)p[0] &&
			      (unsigned char)ch <= (unsigned char)p[2];
			p += 2;
		} else {
			in |= ch == *p;
		}
	}
	return in != t->negated;
}

/* Dynamic programming over (pattern token, string position): linear in
 * each, whatever the stars, so no pattern can make matching explode. */
bool policy_glob_match(const char *pat, const char *str)
{
	size_t plen = strlen(pat), slen = strlen(str), nt = 0;
	cleanup_free struct gtok *toks = calloc(plen + 1, sizeof(*toks));
	cleanup_free bool *cur = calloc(slen + 1, sizeof(bool));
	cleanup_free bool *nxt = calloc(slen + 1, sizeof(bool));

	if (!toks || !cur || !nxt)
		return false;
	for (size_t i = 0; i < plen; i++) {
		struct gtok *t = &toks[nt++];

		if (pat[i] == '*' && pat[i + 1] == '*') {
			bool at_start = i == 0 || pat[i - 1] == '/';

			t->kind = G_DSTAR;
			i++;
			while (pat[i + 1] == '*')
				i++;
			if (at_start && pat[i + 1] == '/') {
				t->kind = G_DSTAR_SLASH;
				i++;
			}
		} else if (pat[i] == '*') {
			t->kind = G_STAR;
		} else if (pat[i] == '?') {
			t->kind = G_ANY1;
		} else if (pat[i] == '[' && class_end(pat, i)) {
			size_t e = class_end(pat, i);

			t->kind = G_CLASS;
			t->cls = pat + i + 1;
			if (*t->cls == '!' || *t->cls == '^') {
				t->negated = true;
				t->cls++;
			}
			i = e;
		} else {
			if (pat[i] == '\\' && pat[i + 1])
				i++;
			t->kind = G_LIT;
			t->c = pat[i];
		}
	}

	cur[0] = true;
	for (size_t k = 0; k < nt; k++) {
		const struct gtok *t = &toks[k];
		bool seen = false;

		memset(nxt, 0, slen + 1);
		for (size_t j = 0; j <= slen; j++) {
			switch (t->kind) {
			case G_STAR:
				nxt[j] = cur[j] || (j > 0 && nxt[j - 1] && str[j - 1] != '/');
				break;
			case G_DSTAR:
				nxt[j] = cur[j] || (j > 0 && nxt[j - 1]);
				break;
			case G_DSTAR_SLASH:
				/* empty, or anything ending in '/' */
				nxt[j] = cur[j] || (j > 0 && str[j - 1] == '/' && seen);
				break;
			case G_LIT:
				nxt[j] = j > 0 && cur[j - 1] && str[j - 1] == t->c;
				break;
			case G_ANY1:
				nxt[j] = j > 0 && cur[j - 1] && str[j - 1] != '/';
				break;
			case G_CLASS:
				nxt[j] = j > 0 && cur[j - 1] && str[j - 1] != '/' &&
					 class_has(t, str[j - 1]);
				break;
			default:
				break;
			}
			seen |= cur[j];
		}
		memcpy(cur, nxt, slen + 1);
	}
	return cur[slen];
}

/* ---- paths ---- */

void policy_path_normalize(char *path)
{
	bool abs = path[0] == '/';
	size_t o = 0, i = 0, base = abs ? 1 : 0;

	if (abs)
		o = 1;
	while (path[i]) {
		size_t start, len;

		while (path[i] == '/')
			i++;
		if (!path[i])
			break;
		start = i;
		while (path[i] && path[i] != '/')
			i++;
		len = i - start;
		if (len == 1 && path[start] == '.')
			continue;
		if (len == 2 && path[start] == '.' && path[start + 1] == '.') {
			/* Drop the last component written, if it is not "..". */
			size_t e = o;

			while (e > base && path[e - 1] == '/')
				e--;
			size_t s = e;
			while (s > base && path[s - 1] != '/')
				s--;
			if (e > s && !(e - s == 2 && path[s] == '.' && path[s + 1] == '.')) {
				o = s;
				continue;
			}
			if (abs)
				continue; /* "/.." is "/" */
		}
		if (o > base && path[o - 1] != '/')
			path[o++] = '/';
		memmove(path + o, path + start, len);
		o += len;
	}
	while (o > base && path[o - 1] == '/')
		o--;
	if (o == 0 && !abs)
		path[o++] = '.';
	path[o] = '\0';
}

bool policy_path_has_prefix(const char *path, const char *prefix)
{
	size_t n = strlen(prefix);

	if (n == 1 && prefix[0] == '/')
		return path[0] == '/';
	return strncmp(path, prefix, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

/* ---- addresses ---- */

int policy_cidr_parse(const char *s, struct policy_cidr *ret)
{
	char addr[INET6_ADDRSTRLEN + 1];
	const char *slash = strchr(s, '/');
	size_t alen = slash ? (size_t)(slash - s) : strlen(s);
	struct policy_cidr c = {0};
	unsigned max = 0;

	if (alen == 0 || alen >= sizeof(addr))
		return -EINVAL;
	memcpy(addr, s, alen);
	addr[alen] = '\0';
	if (inet_pton(AF_INET, addr, c.addr) == 1) {
		c.family = AF_INET;
		max = 32;
	} else if (inet_pton(AF_INET6, addr, c.addr) == 1) {
		c.family = AF_INET6;
		max = 128;
	} else {
		return -EINVAL;
	}
	c.prefix = max;
	if (slash) {
		long n = 0;

		if (slash[1] < '0' || slash[1] > '9' || jt_parse_long(slash + 1, 0, max, &n) < 0)
			return -EINVAL;
		c.prefix = (unsigned)n;
	}
	/* Host bits do not matter: clear them so that printing shows the net. */
	for (unsigned b = c.prefix; b < max; b++)
		c.addr[b / 8] &= (uint8_t) ~(0x80u >> (b % 8));
	*ret = c;
	return 0;
}

bool policy_cidr_match(const struct policy_cidr *c, int family, const uint8_t *addr)
{
	unsigned full = c->prefix / 8, rest = c->prefix % 8;

	if (c->family != family)
		return false;
	if (memcmp(c->addr, addr, full) != 0)
		return false;
	if (rest) {
		uint8_t mask = (uint8_t)(0xff00u >> rest);

		if ((c->addr[full] & mask) != (addr[full] & mask))
			return false;
	}
	return true;
}
