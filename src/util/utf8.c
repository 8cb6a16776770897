/*
 * utf8.c: UTF-8 decoding with U+FFFD for ill-formed sequences (see utf8.h). The ranges are
 * Unicode's table of well-formed byte sequences (The Unicode Standard, table 3-7).
 */
#include "util/utf8.h"

/* The second byte's range for a lead byte, which rules out overlongs, surrogates and > U+10FFFF. */
static bool
second_ok(unsigned char lead, unsigned char c)
{
	switch (lead) {
	case 0xE0:
		return c >= 0xA0 && c <= 0xBF;
	case 0xED:
		return c >= 0x80 && c <= 0x9F;
	case 0xF0:
		return c >= 0x90 && c <= 0xBF;
	case 0xF4:
		return c >= 0x80 && c <= 0x8F;
	default:
		return c >= 0x80 && c <= 0xBF;
	}
}

/* As pp_utf8_decode, with *ok false for an ill-formed sequence (a U+FFFD in the input is fine). */
static uint32_t
decode(const char *s, size_t n, size_t *len, bool *ok)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t need, i;
	uint32_t cp;

	*len = 1;
	*ok = false;
	if (u[0] < 0x80) {
		*ok = true;
		return u[0];
	}
	if (u[0] >= 0xC2 && u[0] <= 0xDF) {
		need = 2;
		cp = u[0] & 0x1F;
	} else if (u[0] >= 0xE0 && u[0] <= 0xEF) {
		need = 3;
		cp = u[0] & 0x0F;
	} else if (u[0] >= 0xF0 && u[0] <= 0xF4) {
		need = 4;
		cp = u[0] & 0x07;
	} else {
		return PP_UTF8_REPLACEMENT; /* a continuation byte, C0, C1 or F5..FF */
	}
	for (i = 1; i < need; i++) {
		if (i >= n || !(i == 1 ? second_ok(u[0], u[1]) : (u[i] & 0xC0) == 0x80)) {
			*len = i; /* the maximal subpart: the lead and the continuations that fit */
			return PP_UTF8_REPLACEMENT;
		}
		cp = (cp << 6) | (u[i] & 0x3F);
	}
	*len = need;
	*ok = true;
	return cp;
}

uint32_t
pp_utf8_decode(const char *s, size_t n, size_t *len)
{
	bool ok;

	return decode(s, n, len, &ok);
}

void
pp_utf8_put(struct pp_buf *b, uint32_t cp)
{
	char out[4];
	size_t n;

	if (cp < 0x80) {
		out[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		out[0] = (char)(0xF0 | (cp >> 18));
		out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	pp_buf_append(b, out, n);
}

/* Bytes of s[0..n) that form well-formed UTF-8 from the start. */
static size_t
valid_prefix(const char *s, size_t n)
{
	size_t off = 0, len;
	bool ok = true;

	while (off < n) {
		if ((unsigned char)s[off] < 0x80) {
			off++;
			continue;
		}
		decode(s + off, n - off, &len, &ok);
		if (!ok)
			break;
		off += len;
	}
	return off;
}

bool
pp_utf8_valid(const char *s, size_t n)
{
	return valid_prefix(s, n) == n;
}

void
pp_utf8_sanitize(struct pp_buf *b, const char *s, size_t n)
{
	size_t off = 0, len;

	while (off < n) {
		size_t good = valid_prefix(s + off, n - off);

		pp_buf_append(b, s + off, good);
		off += good;
		if (off < n) {
			pp_utf8_decode(s + off, n - off, &len);
			pp_utf8_put(b, PP_UTF8_REPLACEMENT);
			off += len;
		}
	}
}
