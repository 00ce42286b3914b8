#!/bin/sh
# The bench's step figures count only steps that change the screen: its
# pty driver (tests/bench/ptydrive.c) marks a step whose Ctrl-L repaint is
# byte for byte the one before it (here a step past the last event), and
# tells steps that write nothing from the program still working.  Speed
# itself is measured by `make bench`, not here.
set -u
T=${TLSSIM:-./tlssim}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { # check DESCRIPTION COMMAND...
	desc=$1; shift
	if "$@"; then :; else echo "FAIL: $desc"; fail=1; fi
}

${CC:-cc} -std=c11 -O2 -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=700 -o "$tmp/ptydrive" \
	tests/bench/ptydrive.c -lutil || { echo "FAIL: ptydrive does not build"; exit 1; }

# Two steps, the last event (G), one step past it, one back.
printf 'step \\x20\nstep \\x20\nstep G\nstep \\x20\nstep p\n' >"$tmp/walk"
"$tmp/ptydrive" -s 80x24 -q 100 frame:first "walk:$tmp/walk:w:\\x0c" key:q -- \
	$T --scenario smtp-starttls --seed 1 --no-animation >"$tmp/out"
line=$(grep '^w ' "$tmp/out")
same=$(echo "$line" | tr ' ' '\n' | sed -n 's/^same=//p')
check "only the step past the end changed nothing (same=$same)" test "$same" = "0,0,0,1,0"
each=$(echo "$line" | tr ' ' '\n' | sed -n 's/^each=//p')
check "every step was counted ($each)" test "$(echo "$each" | tr ',' '\n' | grep -c '^[0-9][0-9]*$')" -eq 5
repaints=$(echo "$line" | tr ' ' '\n' | sed -n 's/^repaints=//p')
check "every repaint wrote the screen ($repaints)" \
	test "$(echo "$repaints" | tr ',' '\n' | awk '$1 > 1000' | wc -l)" -eq 5

# A key that writes nothing (keypad 7 at the first event, already there)
# is settled on, not waited for until a timeout.
"$tmp/ptydrive" -s 80x24 -q 100 -w 3000 frame:first 'press:g:none' key:q -- \
	$T --scenario smtp-starttls --seed 1 --no-animation >"$tmp/out2"
check "a key that writes nothing settles" grep -q '^none bytes=0 settled=1 ' "$tmp/out2"

[ "$fail" -eq 0 ] && echo "bench steps: ok"
exit "$fail"
