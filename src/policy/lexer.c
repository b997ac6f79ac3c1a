/* lexer: one policy line into tokens (words, strings, operators), each with
 * its 1-based column so that every parse error can point at it.
 *
 * Words are runs of [A-Za-z0-9_@.:/+-]: that one class covers names
 * (openat, @mount, AF_UNIX), numbers (-100, 0x1f), CIDRs (127.0.0.0/8, ::1)
 * and "errno(EACCES)" splits into errno ( EACCES ).  A '#' outside a string
 * ends the line. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <jtrace/util.h>
#include "policy-priv.h"

static bool is_word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '@' || c == '.' || c == ':' || c == '/' || c == '+' || c == '-';
}

void policy_tokens_free(struct token *toks, size_t n)
{
	if (!toks)
		return;
	for (size_t i = 0; i < n; i++)
		free(toks[i].text);
	free(toks);
}

static int push(struct token **toks, size_t *n, size_t *cap, enum tok_kind kind, unsigned col,
		char *text)
{
	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;
		struct token *t = realloc(*toks, ncap * sizeof(**toks));

		if (!t) {
			free(text);
			return -ENOMEM;
		}
		*toks = t;
		*cap = ncap;
	}
	(*toks)[(*n)++] = (struct token){.kind = kind, .col = col, .text = text};
	return 0;
}

/* A quoted string starting at line[*pos] == '"'; on success *pos is past
 * the closing quote. */
static int lex_string(const char *line, size_t *pos, char **ret, struct policy_error *err)
{
	size_t start = *pos, i = start + 1, o = 0;
	cleanup_free char *out = malloc(strlen(line + start) + 1);

	if (!out)
		return -ENOMEM;
	for (;;) {
		char c = line[i];

		if (c == '\0') {
			err->col = (unsigned)start + 1;
			snprintf(err->msg, sizeof(err->msg), "unterminated string");
			return -EINVAL;
		}
		if (c == '"')
			break;
		if (c == '\\') {
			char e = line[i + 1];

			if (e != '"' && e != '\\') {
				err->col = (unsigned)i + 1;
				snprintf(err->msg, sizeof(err->msg),
					 "bad escape in string (only \\\" and \\\\)");
				return -EINVAL;
			}
			out[o++] = e;
			i += 2;
			continue;
		}
		out[o++] = c;
		i++;
	}
	out[o] = '\0';
	*pos = i + 1;
	*ret = steal_pointer(&out);
	return 0;
}

int policy_lex_line(const char *line, struct token **ret_toks, size_t *ret_n,
		    struct policy_error *err)
{
	struct token *toks = NULL;
	size_t n = 0, cap = 0, i = 0;
	int r = 0;

	while (line[i]) {
		char c = line[i];
		unsigned col = (unsigned)i + 1;
		enum tok_kind kind = TOK_BAD;
		size_t len = 1;
		char *text = NULL;

		if (c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f') {
			i++;
			continue;
		}
		if (c == '#')
			break;
		if (c == '"') {
			r = lex_string(line, &i, &text, err);
			if (r < 0)
				goto fail;
			r = push(&toks, &n, &cap, TOK_STRING, col, text);
			if (r < 0)
				goto fail;
			continue;
		}
		if (is_word_char(c)) {
			while (is_word_char(line[i + len]))
				len++;
			text = strndup(line + i, len);
			if (!text) {
				r = -ENOMEM;
				goto fail;
			}
			r = push(&toks, &n, &cap, TOK_WORD, col, text);
			if (r < 0)
				goto fail;
			i += len;
			continue;
		}
		switch (c) {
		case '(':
			kind = TOK_LPAREN;
			break;
		case ')':
			kind = TOK_RPAREN;
			break;
		case '&':
			kind = TOK_AMP;
			break;
		case '|':
			kind = TOK_PIPE;
			break;
		case '=':
			if (line[i + 1] == '=')
				kind = TOK_EQ, len = 2;
			break;
		case '!':
			if (line[i + 1] == '=')
				kind = TOK_NE, len = 2;
			break;
		case '<':
			kind = line[i + 1] == '=' ? TOK_LE : TOK_LT;
			len = kind == TOK_LE ? 2 : 1;
			break;
		case '>':
			kind = line[i + 1] == '=' ? TOK_GE : TOK_GT;
			len = kind == TOK_GE ? 2 : 1;
			break;
		default:
			break;
		}
		if (kind == TOK_BAD) {
			err->col = col;
			if ((unsigned char)c >= 0x20 && (unsigned char)c < 0x7f)
				snprintf(err->msg, sizeof(err->msg), "unexpected character '%c'",
					 c);
			else
				snprintf(err->msg, sizeof(err->msg),
					 "unexpected character (byte 0x%02x)", (unsigned char)c);
			r = -EINVAL;
			goto fail;
		}
		r = push(&toks, &n, &cap, kind, col, NULL);
		if (r < 0)
			goto fail;
		i += len;
	}
	r = push(&toks, &n, &cap, TOK_EOL, (unsigned)i + 1, NULL);
	if (r < 0)
		goto fail;
	*ret_toks = toks;
	*ret_n = n;
	return 0;
fail:
	policy_tokens_free(toks, n);
	return r;
}
