#!/usr/bin/env bash
# t_replay.sh: every saved fuzz input (the seed corpora and the inputs that once crashed pgperf)
# replayed through its fuzz target; a crash or a broken property fails the test.
set -u
top_srcdir=${top_srcdir:?run through make check}
top_builddir=${top_builddir:?run through make check}
n=0 failed=0
for target in case config seedspec explain baseline params; do
	for f in "$top_srcdir/tests/fuzz/corpus/$target"/*; do
		[ -f "$f" ] || continue
		n=$((n + 1))
		if ${PGPERF_WRAPPER:-} "$top_builddir/tests/fuzz/replay" "$target" "$f" >/dev/null 2>"$top_builddir/tests/fuzz/replay.err"; then
			echo "ok $n - $target $(basename "$f")"
		else
			echo "not ok $n - $target $(basename "$f")"
			sed 's/^/# /' "$top_builddir/tests/fuzz/replay.err" | head -20
			failed=$((failed + 1))
		fi
	done
done
echo "1..$n"
[ "$failed" -eq 0 ]
