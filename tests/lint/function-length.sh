#!/usr/bin/env bash
# function-length.sh: every function in src/ fits in 80 lines (from the line of its opening
# brace at column 0 to its closing brace at column 0), so a reader can hold it in their head.
# Prints TAP: one result per source file.
set -u
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
limit=${FUNCTION_LINES:-80}
files=$(cd "$top_srcdir" && find src -name '*.c' | sort)
n=$(echo "$files" | wc -l)
echo "1..$n"
i=0
for f in $files; do
	i=$((i + 1))
	long=$(awk -v limit="$limit" '
		/^[a-z_].*\(/ && !/;$/ { name = $0; sub(/\(.*/, "", name) }
		/^\{/ { start = NR }
		/^\}/ && start { len = NR - start + 1; if (len > limit) printf "%s:%d %s (%d lines)\n", FILENAME, start, name, len; start = 0 }
	' "$top_srcdir/$f")
	if [ -z "$long" ]; then
		echo "ok $i - $f: no function over $limit lines"
	else
		echo "not ok $i - $f: functions over $limit lines"
		echo "$long" | sed 's/^/# /'
	fi
done
