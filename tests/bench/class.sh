#!/bin/sh
# The classroom's figures of `make bench` (run.sh calls it; it can run
# alone): a teacher (--teach, on 127.0.0.1 only) under the load of
# tests/class_load.c, 200 students and 50 connections that send garbage
# or nothing, driven in a pty by ptydrive.  Prints, each against its
# target, the teacher's key-to-screen time (a step forward: from the key
# to the last byte of the frame, which includes sending the position to
# all 200 students), its CPU at rest under that load (10 s with no key:
# the students' signs of life, the garbage, the reconnections), and
# whether every student joined and received every step.  The last line
# is "class: N met, N missed"; exits 1 when a target is missed.
#
# usage: tests/bench/class.sh [BENCH_DIR]
#   BENCH_DIR   where ptydrive was built (build/bench); results in BENCH_DIR/out
#   TLSSIM      the binary to measure (./tlssim)
#   CLASS_LOAD  the load tool (build/tests/class_load)
set -u

BD=${1:-build/bench}
TLSSIM=${TLSSIM:-./tlssim}
LOAD=${CLASS_LOAD:-build/tests/class_load}
OUT=$BD/out
DRIVE=$BD/ptydrive
. "$(dirname "$0")/lib.sh"
STUDENTS=200 NASTY=50 KEYS=20
PORT=$((20000 + $$ % 20000))
drive="" load=""

mkdir -p "$OUT"
for f in "$DRIVE" "$LOAD" "$TLSSIM"; do
	[ -x "$f" ] || { echo "class bench: $f is missing (make bench builds it)" >&2; exit 2; }
done
trap 'for p in $drive $load; do kill "$p" 2>/dev/null; done' EXIT
trap 'exit 1' INT TERM HUP

# The teacher: the first frame, 4 s for the load to join, 10 s at rest,
# then KEYS steps, forward and back in turn (each changes the screen and
# the position at any length of scenario), each timed, and q.
err=$OUT/class-teach.err
rm -f "$err"
script="frame:first sleep:4000 idle:10000:rest"
i=1
while [ $i -le $KEYS ]; do
	if [ $((i % 2)) -eq 1 ]; then key='\x20'; else key=p; fi
	script="$script key:$key frame:k$i"
	i=$((i + 1))
done
# shellcheck disable=SC2086 # script is a list of actions
"$DRIVE" -s 80x24 -m 60000 $script key:q -- sh -c "exec $TLSSIM --no-animation --teach \
	--listen 127.0.0.1 --port $PORT --scenario smtp-starttls --seed 1 2>$err" \
	>"$OUT/class.txt" &
drive=$!
i=0
while [ ! -s "$err" ] && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
code=$(sed -n 's/.*tlssim --join [0-9.]*:[0-9]* \([0-9A-Z-]*\)$/\1/p' "$err")
if [ -z "$code" ]; then
	echo "class bench: the teacher gave no join code: $(cat "$err" 2>/dev/null)" >&2
	exit 2
fi
"$LOAD" "$PORT" "$code" 40 $STUDENTS $NASTY >"$OUT/class-load.txt" 2>&1 &
load=$!
wait "$drive"
wait "$load"
drive="" load=""

joined=$(get "$OUT/class-load.txt" class_load joined)
pmin=$(get "$OUT/class-load.txt" class_load positions_min)
closed=$(get "$OUT/class-load.txt" class_load closed_by_teacher)
verdict "${joined:-0} == $STUDENTS && ${pmin:-0} >= $KEYS" \
	"class: students joined and following: ${joined:-0} of $STUDENTS, fewest steps received ${pmin:-0} of $KEYS ($NASTY garbage or silent connections closed ${closed:-0} times; target all)"

ms=$(for i in $(seq 1 $KEYS); do get "$OUT/class.txt" "k$i" ms; done | sort -g)
med=$(printf '%s\n' "$ms" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
max=$(printf '%s\n' "$ms" | tail -n 1)
verdict "${max:-999} < 50" \
	"class: teacher's key-to-screen time with $STUDENTS students and $NASTY nasty connections: median ${med:-?} ms, max ${max:-?} ms ($KEYS steps; target < 50 ms)"

cpu=$(get "$OUT/class.txt" rest cpu_us)
wk=$(get "$OUT/class.txt" rest wakeups)
pct=$(calc "sprintf(\"%.2f\", ${cpu:-1e9} / 10000 / 10)")
verdict "$pct < 5" \
	"class: teacher's CPU at rest under that load: $pct% of a core (${wk:-?} wakeups in 10 s; target < 5%)"

echo "class: $met met, $missed missed (raw results in $OUT/class*.txt)"
[ "$missed" -eq 0 ]
