#!/bin/sh
# Runs every unit test binary given as arguments, then every end-to-end
# script tests/e2e_*.sh, and ends with one summary line.  Exits non-zero
# when anything failed.
# The tests expect the English defaults: no locale of the machine chooses
# another language for them (e2e_i18n.sh sets its own).
LANGUAGE= LC_ALL=C.UTF-8
export LANGUAGE LC_ALL
passed=0 failed=0 failures=""
for t in "$@"; do
	if "$t"; then passed=$((passed + 1)); else failed=$((failed + 1)); failures="$failures $t"; fi
done
for t in tests/e2e_*.sh; do
	[ -f "$t" ] || continue
	echo "[ RUN      ] $t"
	if sh "$t"; then
		echo "[       OK ] $t"; passed=$((passed + 1))
	else
		echo "[  FAILED  ] $t"; failed=$((failed + 1)); failures="$failures $t"
	fi
done
[ -n "$failures" ] && echo "failed:$failures"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
