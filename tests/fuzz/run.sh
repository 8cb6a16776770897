#!/usr/bin/env bash
# run.sh: runs each libFuzzer target for SECONDS on a scratch copy of its corpus (make fuzz-run).
# New crashes are saved as tests/fuzz/crash-TARGET-* in the build tree; once fixed, add them to
# tests/fuzz/corpus/TARGET/ so make check replays them. Exits 1 on the first crash.
# FUZZ_SEED (default 1) fixes libFuzzer's random seed, so a run explores the same inputs first
# on every machine; set it to 0 for a new seed each run.
# Usage: run.sh SRCDIR BUILDDIR SECONDS TARGET...
set -uo pipefail
srcdir=$1 builddir=$2 seconds=$3
shift 3
for t in "$@"; do
	work=$(mktemp -d)
	dict=()
	case $t in
	case) dict=(-dict="$srcdir/tests/fuzz/dict/case.dict") ;;
	params) ;;
	*) dict=(-dict="$srcdir/tests/fuzz/dict/json.dict") ;;
	esac
	echo "== fuzz_$t for $seconds s"
	"$builddir/tests/fuzz/fuzz_$t" -max_total_time="$seconds" -seed="${FUZZ_SEED:-1}" \
		-timeout=10 -rss_limit_mb=2048 \
		-max_len=65536 -print_final_stats=1 "${dict[@]}" \
		-artifact_prefix="$builddir/tests/fuzz/crash-$t-" \
		"$work" "$srcdir/tests/fuzz/corpus/$t" >"$work.log" 2>&1
	rc=$?
	grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+==ERROR|SUMMARY)' "$work.log"
	if [ $rc -ne 0 ]; then
		tail -40 "$work.log"
		echo "fuzz_$t failed (exit $rc)"
		rm -rf "$work" "$work.log"
		exit 1
	fi
	rm -rf "$work" "$work.log"
done
