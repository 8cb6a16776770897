#!/usr/bin/env bash
# t_html.sh: the HTML report rendered in a real browser (headless Chromium): it loads with no
# console errors, shows every case, and fetches nothing (no external assets).
. "$(dirname "$0")/lib.sh"
need_server
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
	if [ -n "${CI:-}" ]; then
		ok 1 "Chromium is installed (CI is set: not skipping; .ci/run installs the chromium package)"
		exit 1
	fi
	echo "1..0 # SKIP Chromium is not installed (Debian package chromium)"
	trap - EXIT
	rm -rf "$T"
	exit 0
fi
SUITE="$DATA/suites/plans"

pgperf verify --html "$T/report.html" "$SUITE"
is_status 1 "the plans suite runs (some of its cases fail by design)"
[ -s "$T/report.html" ]
ok $? "the HTML report is written"
unlike "$T/report.html" '<(script|link|img|iframe)[ >]|(src|href)="' "self-contained: no scripts, links or external assets"
like "$T/report.html" '<svg class="hist"' "latency histograms are inline SVG"
like "$T/report.html" '<mark>.*Seq Scan on lab\.users' "flagged plan nodes are highlighted"

chrome() {
	timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$T/profile-$1" --enable-logging=stderr --v=0 "${@:2}" \
		"file://$T/report.html"
}
chrome dom --dump-dom >"$T/dom.html" 2>"$T/chrome-dom.err"
ok $? "Chromium loads the page"
chrome shot --window-size=1100,3000 --screenshot="$T/report.png" >/dev/null 2>"$T/chrome-shot.err"
[ -s "$T/report.png" ] && [ "$(head -c 8 "$T/report.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]
ok $? "Chromium renders a screenshot (PNG)"
unlike "$T/chrome-dom.err" 'CONSOLE|Uncaught|console' "no console errors"
missing=0
for name in $(sed -n 's/^-- name: //p' "$SUITE"/*.sql); do
	grep -q "id=\"case-$name\"" "$T/dom.html" || { missing=1; diag "case $name not in the rendered page"; }
done
ok $missing "the rendered page shows every case of the suite"
like "$T/dom.html" '<h2><span class="badge fail">fail</span> n_plus_one_subquery' "with its status"
