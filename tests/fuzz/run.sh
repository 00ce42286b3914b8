#!/bin/sh
# Runs libFuzzer targets: tests/fuzz/run.sh SECONDS BIN...
#
# For each binary NAME it first replays every file in
# tests/fuzz/regressions/NAME/ once (inputs that crashed it before, kept
# as regression tests), then fuzzes for SECONDS starting from the seed
# corpus tests/fuzz/corpus/NAME/.  New inputs go to a temporary directory,
# so the committed corpus never grows by itself; crash inputs are kept in
# build-fuzz/artifacts/NAME/ (next to the binaries) for the finder to
# copy into regressions/.  Prints per target the executions and the
# findings; exits non-zero when any target failed.
set -u
if [ $# -lt 2 ]; then
	echo "usage: $0 SECONDS BIN..." >&2
	exit 2
fi
secs=$1
shift
case $secs in
'' | *[!0-9]*) echo "$0: SECONDS must be a whole number, not '$secs'" >&2; exit 2 ;;
esac
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
status=0
summary=""

for bin in "$@"; do
	name=$(basename "$bin")
	if [ ! -x "$bin" ]; then
		echo "$name: no such fuzz binary: $bin" >&2
		status=1
		continue
	fi
	artifacts=$(cd "$(dirname "$bin")" && pwd)/artifacts/$name
	mkdir -p "$artifacts" "$tmp/$name"
	log=$tmp/$name.log
	extra=""
	[ -f "$here/$name.dict" ] && extra="-dict=$here/$name.dict"
	case $name in
	fuzz_lesson) extra="$extra -max_len=8192" ;;	# past LESSON_MAX_LINE
	fuzz_class) extra="$extra -max_len=4200" ;;	# past CLASS_MSG_MAX
	esac

	# Earlier crashes, once each.
	nreg=0
	for f in "$here/regressions/$name"/*; do
		[ -f "$f" ] || continue
		nreg=$((nreg + 1))
		if ! "$bin" -timeout=5 -rss_limit_mb=1024 -artifact_prefix="$artifacts/" \
			"$f" > "$log" 2>&1; then
			echo "$name: FAILED on regression input $(basename "$f")"
			tail -n 30 "$log"
			status=1
			summary="$summary
$name: regression $(basename "$f") FAILED"
		fi
	done

	# shellcheck disable=SC2086 # extra is a list of options
	"$bin" -max_total_time="$secs" -timeout=5 -rss_limit_mb=1024 \
		-print_final_stats=1 -artifact_prefix="$artifacts/" $extra \
		"$tmp/$name" "$here/corpus/$name" > "$log" 2>&1
	rc=$?
	done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -n 1)
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	new=$(find "$tmp/$name" -type f | wc -l | tr -d ' ')
	crashes=$(grep -c 'Test unit written to' "$log")
	if [ "$rc" -ne 0 ]; then
		echo "$name: FAILED (exit $rc)"
		grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error|.*Test unit written to)' "$log" | head -n 10
		tail -n 40 "$log"
		status=1
		result="FAILED, $crashes crash input(s) in $artifacts"
	else
		result="no findings"
	fi
	line="$name: ${execs:-?} executions in ${secs}s, $nreg regression input(s), $new new corpus input(s), $result"
	echo "$name: ${done_line:-no DONE line}"
	echo "$line"
	summary="$summary
$line"
done

echo "fuzz summary:$summary"
exit $status
