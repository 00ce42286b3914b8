#!/bin/sh
# The layer check (tests/layers.sh) on the tree as it is, then on tables
# made wrong on purpose, so that a checker that stopped seeing problems
# would not pass unnoticed.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { # check DESCRIPTION COMMAND...
	desc=$1; shift
	if "$@"; then :; else echo "FAIL: $desc"; fail=1; fi
}

sh tests/layers.sh || fail=1

# The base and the wire swapped: util.h is now included from below.
sed 's/^1 base:/0 base:/; s/^2 wire:/1 wire:/; s/^0 base:/2 base:/' sim/LAYERS > "$tmp/swapped"
sh tests/layers.sh "$tmp/swapped" > "$tmp/out"
check "a swapped table fails" test $? -eq 1
check "an upward include names file, line and both layers" \
	grep -q '^sim/der\.h:[0-9]*: includes util\.h: layer 2 (base) above layer 1\.1 (wire)$' "$tmp/out"

# runner left out of the table.
sed '/^5 run:/s/ < runner$//' sim/LAYERS > "$tmp/norunner"
sh tests/layers.sh "$tmp/norunner" > "$tmp/out"
check "a file in no layer fails" test $? -eq 1
check "a file in no layer is told to be added" \
	grep -q '^sim/runner\.c:1: runner is in no layer: add it to ' "$tmp/out"

exit $fail
