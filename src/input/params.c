/*
 * params.c: the `params:` header, parsed into bind values and generators (see params.h).
 */
#include "input/params.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/buf.h"
#include "util/mem.h"
#include "util/str.h"

struct scanner {
	const char *p;
	char *why;
	size_t size;
};

static bool
fail(struct scanner *s, const char *fmt, ...) PP_PRINTF(2, 3);

static bool
fail(struct scanner *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->why, s->size, fmt, ap);
	va_end(ap);
	return false;
}

static void
skip(struct scanner *s)
{
	s->p = pp_str_skip_blanks(s->p);
}

static bool
word_is(const char *p, size_t n, const char *word)
{
	return strlen(word) == n && strncasecmp(p, word, n) == 0;
}

static size_t
word_len(const char *p)
{
	size_t n = 0;

	while (isalnum((unsigned char)p[n]) || p[n] == '_')
		n++;
	return n;
}

static void
param_reset(struct pp_param *prm)
{
	free(prm->text);
	for (size_t i = 0; i < prm->n_choices; i++)
		param_reset(&prm->choices[i]);
	free(prm->choices);
	memset(prm, 0, sizeof *prm);
}

/*
 * Length of the SQL numeric literal at p, with an optional sign: 42, -1.5, .5, 1e6, 2.5E-3 (no
 * hex, infinity or NaN, which strtod would take); 0 when there is none.
 */
static size_t
number_length(const char *p)
{
	size_t n = (*p == '-' || *p == '+') ? 1 : 0, digits, frac = 0;

	digits = strspn(p + n, "0123456789");
	n += digits;
	if (p[n] == '.') {
		frac = strspn(p + n + 1, "0123456789");
		n += 1 + frac;
	}
	if (digits == 0 && frac == 0)
		return 0;
	if (p[n] == 'e' || p[n] == 'E') {
		size_t e = n + 1;

		if (p[e] == '-' || p[e] == '+')
			e++;
		if (isdigit((unsigned char)p[e]))
			n = e + strspn(p + e, "0123456789");
	}
	return n;
}

/* A number, a quoted string, NULL, true or false. */
static bool
parse_literal(struct scanner *s, struct pp_param *out)
{
	const char *start;
	size_t n;

	skip(s);
	memset(out, 0, sizeof *out);
	if (*s->p == '\'') {
		struct pp_buf b;

		pp_buf_init(&b);
		for (s->p++;; s->p++) {
			if (*s->p == '\0') {
				pp_buf_reset(&b);
				return fail(s, "unterminated string: expected a closing '");
			}
			if (*s->p == '\'') {
				if (s->p[1] != '\'')
					break;
				s->p++;
			}
			pp_buf_putc(&b, *s->p);
		}
		s->p++;
		out->kind = PP_PARAM_LITERAL;
		out->text = pp_buf_steal(&b);
		return true;
	}
	start = s->p;
	if (*s->p == '-' || *s->p == '+' || isdigit((unsigned char)*s->p) || *s->p == '.') {
		size_t len = number_length(s->p);

		if (len == 0 || isalnum((unsigned char)s->p[len]) || s->p[len] == '_' ||
		    s->p[len] == '.')
			return fail(s, "expected a number at \"%.20s\"", start);
		s->p += len;
		out->kind = PP_PARAM_LITERAL;
		out->text = pp_mem_strndup(start, len);
		return true;
	}
	n = word_len(s->p);
	if (word_is(s->p, n, "null")) {
		s->p += n;
		out->kind = PP_PARAM_NULL;
		return true;
	}
	if (word_is(s->p, n, "true") || word_is(s->p, n, "false")) {
		out->kind = PP_PARAM_LITERAL;
		out->text = pp_mem_strdup(word_is(s->p, n, "true") ? "true" : "false");
		s->p += n;
		return true;
	}
	if (n == 0)
		return fail(s, "expected a value (a number, a 'string', NULL, random(LO, HI), "
			       "choice(V, ...) or sample(TABLE.COLUMN)) at \"%.20s\"",
			    start);
	return fail(s, "unknown value \"%.*s\": expected a number, a 'string', NULL, true, false, "
		       "random(LO, HI) or choice(V, ...)",
		    (int)n, start);
}

static bool
expect_char(struct scanner *s, char c, const char *what)
{
	skip(s);
	if (*s->p != c)
		return *s->p ? fail(s, "%s: expected '%c' at \"%.20s\"", what, c, s->p)
			     : fail(s, "%s: expected '%c' before the end", what, c);
	s->p++;
	return true;
}

static bool
parse_int(struct scanner *s, int64_t *out, const char *what)
{
	char *end;
	long long v;

	skip(s);
	errno = 0;
	v = strtoll(s->p, &end, 10);
	if (end == s->p || errno != 0 || *end == '.' || isalpha((unsigned char)*end))
		return fail(s, "%s: expected a whole number at \"%.20s\"", what, s->p);
	s->p = end;
	*out = v;
	return true;
}

/* sample(REL.COLUMN) after its word: a column with its table, and its schema if given. */
static bool
parse_sample(struct scanner *s, struct pp_param *out)
{
	const char *col;
	size_t n = 0;

	out->kind = PP_PARAM_SAMPLE;
	if (!expect_char(s, '(', "sample(TABLE.COLUMN)"))
		return false;
	col = pp_str_skip_blanks(s->p);
	while (word_len(col + n) > 0 || (col[n] == '.' && n > 0))
		n += col[n] == '.' ? 1 : word_len(col + n);
	s->p = col + n;
	if (n == 0 || memchr(col, '.', n) == NULL || col[n - 1] == '.')
		return fail(s, "sample(TABLE.COLUMN): expected a column with its table, e.g. "
			       "sample(app.authors.id)");
	out->text = pp_mem_strndup(col, n);
	return expect_char(s, ')', "sample(TABLE.COLUMN)");
}

static bool
parse_value(struct scanner *s, struct pp_param *out)
{
	size_t n;

	skip(s);
	memset(out, 0, sizeof *out);
	n = word_len(s->p);
	if (word_is(s->p, n, "random")) {
		s->p += n;
		out->kind = PP_PARAM_RANDOM;
		if (!expect_char(s, '(', "random(LO, HI)") || !parse_int(s, &out->lo, "random(LO, HI)") ||
		    !expect_char(s, ',', "random(LO, HI)") || !parse_int(s, &out->hi, "random(LO, HI)") ||
		    !expect_char(s, ')', "random(LO, HI)"))
			return false;
		if (out->lo > out->hi)
			return fail(s, "random(%" PRId64 ", %" PRId64 ") needs LO <= HI", out->lo,
				    out->hi);
		return true;
	}
	if (word_is(s->p, n, "sample")) {
		s->p += n;
		return parse_sample(s, out);
	}
	if (word_is(s->p, n, "choice")) {
		s->p += n;
		out->kind = PP_PARAM_CHOICE;
		if (!expect_char(s, '(', "choice(V, ...)"))
			return false;
		skip(s);
		if (*s->p == ')')
			return fail(s, "choice() needs at least one value");
		for (;;) {
			struct pp_param lit;

			if (!parse_literal(s, &lit))
				return false;
			out->choices = pp_mem_realloc(out->choices,
						      (out->n_choices + 1) * sizeof *out->choices);
			out->choices[out->n_choices++] = lit;
			skip(s);
			if (*s->p == ',') {
				s->p++;
				continue;
			}
			return expect_char(s, ')', "choice(V, ...)");
		}
	}
	return parse_literal(s, out);
}

bool
pp_params_parse(const char *text, struct pp_param_list *list, char *why, size_t size)
{
	struct scanner s = { .p = text, .why = why, .size = size };

	memset(list, 0, sizeof *list);
	skip(&s);
	if (*s.p == '\0') {
		fail(&s, "expected at least one value");
		return false;
	}
	for (;;) {
		struct pp_param prm;
		bool ok;

		list->items = pp_mem_realloc(list->items, (list->len + 1) * sizeof *list->items);
		ok = parse_value(&s, &prm);
		list->items[list->len++] = prm;
		if (!ok)
			break;
		skip(&s);
		if (*s.p == '\0')
			return true;
		if (*s.p != ',') {
			fail(&s, "expected ',' between values at \"%.20s\"", s.p);
			break;
		}
		s.p++;
	}
	pp_params_reset(list);
	return false;
}

static void
param_copy(struct pp_param *dst, const struct pp_param *src)
{
	*dst = *src;
	dst->text = src->text ? pp_mem_strdup(src->text) : NULL;
	dst->choices = NULL;
	if (src->n_choices > 0) {
		dst->choices = pp_mem_calloc(src->n_choices, sizeof *dst->choices);
		for (size_t i = 0; i < src->n_choices; i++)
			param_copy(&dst->choices[i], &src->choices[i]);
	}
}

void
pp_params_copy(struct pp_param_list *dst, const struct pp_param_list *src)
{
	dst->len = src->len;
	dst->items = src->len ? pp_mem_calloc(src->len, sizeof *dst->items) : NULL;
	for (size_t i = 0; i < src->len; i++)
		param_copy(&dst->items[i], &src->items[i]);
}

void
pp_params_reset(struct pp_param_list *list)
{
	for (size_t i = 0; i < list->len; i++)
		param_reset(&list->items[i]);
	free(list->items);
	list->items = NULL;
	list->len = 0;
}

void
pp_params_draw(const struct pp_param_list *list, struct pp_rng *rng, const char **values,
	       char *scratch)
{
	for (size_t i = 0; i < list->len; i++) {
		const struct pp_param *prm = &list->items[i];
		char *slot = scratch + i * 24;

		switch (prm->kind) {
		case PP_PARAM_LITERAL:
			values[i] = prm->text;
			break;
		case PP_PARAM_NULL:
		case PP_PARAM_SAMPLE:
		case PP_PARAM_INFER:
			values[i] = NULL;
			break;
		case PP_PARAM_RANDOM:
			snprintf(slot, 24, "%" PRId64, pp_rng_range(rng, prm->lo, prm->hi));
			values[i] = slot;
			break;
		case PP_PARAM_CHOICE: {
			const struct pp_param *ch =
				&prm->choices[pp_rng_range(rng, 0, (int64_t)prm->n_choices - 1)];

			values[i] = ch->kind == PP_PARAM_NULL ? NULL : ch->text;
			break;
		}
		}
	}
}

static void
describe_literal(struct pp_buf *b, const struct pp_param *prm)
{
	if (prm->kind == PP_PARAM_NULL) {
		pp_buf_puts(b, "NULL");
		return;
	}
	/* Numbers and booleans go out bare, anything else quoted: it reads back the same. */
	if (strcmp(prm->text, "true") == 0 || strcmp(prm->text, "false") == 0 ||
	    (prm->text[0] != '\0' && number_length(prm->text) == strlen(prm->text))) {
		pp_buf_puts(b, prm->text);
		return;
	}
	pp_buf_putc(b, '\'');
	for (const char *p = prm->text; *p; p++) {
		if (*p == '\'')
			pp_buf_putc(b, '\'');
		pp_buf_putc(b, *p);
	}
	pp_buf_putc(b, '\'');
}

char *
pp_params_describe(const struct pp_param_list *list)
{
	struct pp_buf b;

	pp_buf_init(&b);
	for (size_t i = 0; i < list->len; i++) {
		const struct pp_param *prm = &list->items[i];

		if (i > 0)
			pp_buf_puts(&b, ", ");
		if (prm->kind == PP_PARAM_RANDOM) {
			pp_buf_printf(&b, "random(%" PRId64 ", %" PRId64 ")", prm->lo, prm->hi);
		} else if (prm->kind == PP_PARAM_SAMPLE) {
			pp_buf_printf(&b, "sample(%s)", prm->text);
		} else if (prm->kind == PP_PARAM_INFER) {
			pp_buf_puts(&b, "(from the data)");
		} else if (prm->kind == PP_PARAM_CHOICE) {
			pp_buf_puts(&b, "choice(");
			for (size_t k = 0; k < prm->n_choices; k++) {
				if (k > 0)
					pp_buf_puts(&b, ", ");
				describe_literal(&b, &prm->choices[k]);
			}
			pp_buf_putc(&b, ')');
		} else {
			describe_literal(&b, prm);
		}
	}
	return pp_buf_steal(&b);
}
