#!/usr/bin/env bash
# t_report.sh: hostile text through the whole pipeline on a real server: a server error that
# carries markup and a terminal escape sequence, from a case file whose path holds a byte that is
# not UTF-8. Every report stays valid UTF-8 and inert: the text report shows the escape sequence
# as \x1b, the JUnit XML validates, no raw tag reaches the Markdown or the HTML, the JSON keeps
# the message exactly (escaped as JSON).
. "$(dirname "$0")/lib.sh"
need_server
if ! command -v xmllint >/dev/null 2>&1; then
	ok 1 "xmllint is installed (Debian package libxml2-utils; scripts/bootstrap installs it)"
	exit 1
fi
SUITE="$T/suite"
mkdir "$SUITE"
# The server echoes the literal in its error: markup, an OSC title sequence, a CDATA end.
printf '%s\n' '-- name: hostile_error' \
	"SELECT CAST(E'<script>alert(1)</script> <img src=x onerror=alert(1)> \\x1b]0;evil\\x07 ]]>' AS int);" \
	>"$SUITE/$(printf 'q\377<b>&.sql')"

pgperf verify --json "$T/r.json" --junit "$T/r.xml" --markdown "$T/r.md" --html "$T/r.html" "$SUITE"
is_status 1 "the erroring case fails the run"
like "$T/out" '^ERROR +hostile_error .*invalid input syntax' "the server's message is in the text report"
like "$T/out" '\\x1b\]0;evil\\x07' "with the escape sequence made visible"
! LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$T/out"
ok $? "no control character reaches the terminal"
for f in out r.json r.xml r.md r.html; do
	iconv -f UTF-8 -t UTF-8 "$T/$f" >/dev/null 2>&1
	ok $? "$f is valid UTF-8"
done
like "$T/r.json" '\\u001b\]0;evil\\u0007' "JSON escapes the control characters"
like "$T/r.json" "\"file\":[[:space:]]*\".*/q$(printf '\357\277\275')<b>&\\.sql\"" \
	"JSON has the file name with U+FFFD for the stray byte"
xmllint --noout --schema "$DATA/junit.xsd" "$T/r.xml" 2>"$T/xmllint.err"
ok $? "the JUnit report is valid against tests/data/junit.xsd"
[ -s "$T/xmllint.err" ] && ! grep -q validates "$T/xmllint.err" && diag "$(cat "$T/xmllint.err")"
unlike "$T/r.md" '<(script|img|b)[ >]' "no raw tag in the Markdown"
like "$T/r.md" '&lt;script&gt;alert\(1\)&lt;/script&gt;' "the Markdown shows the markup as text"
unlike "$T/r.html" '<(script|img|b)[ >]' "no raw tag in the HTML"
like "$T/r.html" 'q�&lt;b&gt;&amp;\.sql' "the HTML shows the file name escaped"
