#!/bin/sh
# The figures of `make bench`, one line each, every figure next to what it
# is compared with in the same run, so that the verdict holds on a noisy
# machine.  Instruction counts come from valgrind's callgrind, which
# repeats exactly; times are compared as ratios of medians.  The pty
# driver (ptydrive.c) and the timeline benchmark (bench_timeline.c) say
# what they measure at their top.  See README.md, "Benchmarks".
#
# usage: tests/bench/run.sh [BENCH_DIR]
#   BENCH_DIR   where ptydrive and bench_timeline were built (build/bench);
#               raw results and byte dumps go to BENCH_DIR/out
#   TLSSIM      the binary to measure (./tlssim)
#   BENCH_SCENARIO  the interactive scenario (smtp-starttls), seeded
#   BENCH_ROUNDS    start-up runs of each program (9)
#   BENCH_TL_SCENARIO  the scenario of the TLS 1.2 and 1.3 timeline
#                   verdicts (smtp-starttls)
#   LIBSIM      the library bench_timeline was linked with (BENCH_DIR/../libsim.a)
#
# Exits 1 when a figure misses its target; a comparison whose tool is not
# installed (valgrind, vim) is skipped with the command that installs it.
set -u

BD=${1:-build/bench}
TLSSIM=${TLSSIM:-./tlssim}
SCEN=${BENCH_SCENARIO:-smtp-starttls}
ROUNDS=${BENCH_ROUNDS:-9}
TL_SCEN=${BENCH_TL_SCENARIO:-smtp-starttls}
LIBSIM=${LIBSIM:-$BD/../libsim.a}
OUT=$BD/out
DRIVE=$BD/ptydrive
APP="$TLSSIM --scenario $SCEN --seed 1"
missed=0 met=0 skipped=0

rm -rf "$OUT"
mkdir -p "$OUT"

have() { command -v "$1" >/dev/null 2>&1; }

# get FILE LABEL KEY: the value of KEY=... on the line starting with LABEL.
get() {
	awk -v l="$2" -v k="$3" '$1 == l { for (i = 2; i <= NF; i++) {
		split($i, kv, "="); if (kv[1] == k) { print kv[2]; exit } } }' "$1"
}

# calc EXPR: floating-point arithmetic.
calc() { awk "BEGIN { printf \"%s\", $1 }"; }

# verdict OK_CONDITION TEXT: prints the line with OK or MISS and counts it.
verdict() {
	if [ "$(calc "($1) ? 1 : 0")" = 1 ]; then
		echo "$2 OK"; met=$((met + 1))
	else
		echo "$2 MISS"; missed=$((missed + 1))
	fi
}

skip() { echo "$1 SKIPPED"; skipped=$((skipped + 1)); }

# median and minimum of the numbers on standard input, one a line.
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
minimum() { sort -g | sed -n 1p; }

# Mega-instructions, for printing.
mi() { calc "sprintf(\"%.2f M\", $1 / 1e6)"; }

# callgrind's total of a profile: the "totals:" line (or "summary:").
cg_total() { awk '/^(totals|summary):/ { print $2; exit }' "$1"; }

# Events of the interactive scenario: one per "== " or "-- " transcript line.
events=$($TLSSIM --plain --scenario "$SCEN" --seed 1 | grep -cE '^(==|--) ')
steps=$((events - 1))
[ "$steps" -ge 1 ] || { echo "bench: $TLSSIM --plain gave no events" >&2; exit 2; }
[ "$steps" -le 500 ] || steps=500

if have valgrind; then
	CG="valgrind --tool=callgrind --log-file=$OUT/valgrind.log"
else
	CG=""
fi

# -- 1. timeline_build vs the same libsodium calls made bare --------------
# Every scenario with each --tls version (classic, the default, then 1.2
# and 1.3).  A verdict for each scenario in classic; for 1.2 and 1.3, one
# for $TL_SCEN and one for the total of all scenarios, which names its
# worst scenario (all the figures are in $OUT/tl-instr.txt).  Counts are
# compared as measured, not rounded.
#
# First, that the replay leaves out no cryptography: every libsodium
# function libsim.a calls is wrapped (wrap.flags) or one of those that
# bench_timeline.c leaves out at its top, because they are not
# cryptography or run inside the replayed calls anyway.
not_replayed="sodium_malloc sodium_free sodium_memzero sodium_memcmp sodium_bin2base64
	sodium_base642bin sodium_bin2hex sodium_hex2bin sodium_init
	randombytes_set_implementation randombytes_sysrandom_implementation
	crypto_stream_chacha20_ietf"
if [ -f "$LIBSIM" ] && have nm; then
	known=" $(echo $(grep -o 'wrap=[a-z0-9_]*' "$(dirname "$0")/wrap.flags" |
		sed 's/^wrap=//') $not_replayed) "
	unwrapped=""
	for f in $(nm -u "$LIBSIM" | awk '{ print $NF }' |
		grep -E '^(crypto_|randombytes_|sodium_)' | sort -u); do
		case "$known" in *" $f "*) ;; *) unwrapped="$unwrapped $f" ;; esac
	done
	nu=$(echo $unwrapped | wc -w)
	verdict "$nu == 0" "timeline replay: libsodium functions libsim.a calls that are neither replayed nor declared not cryptography: $nu${unwrapped:+ (}$(echo $unwrapped)${unwrapped:+)} (target 0)"
else
	skip "timeline replay coverage: no $LIBSIM or no nm;"
fi
if [ -n "$CG" ]; then
	for m in build bare; do
		mkdir -p "$OUT/tl-$m"
		$CG --callgrind-out-file="$OUT/tl-$m/cg" --toggle-collect="measure_$m" \
			--dump-after="measure_$m" "$BD/bench_timeline" once >"$OUT/tl-$m/stdout" ||
			{ echo "bench: bench_timeline failed under callgrind" >&2; exit 2; }
	done
	# One line each, in the order measured: scenario version build bare calls.
	i=0
	awk '$1 == "measured" { print $2, $3 }' "$OUT/tl-build/stdout" |
		while read -r s v; do
			i=$((i + 1))
			b=$(cg_total "$OUT/tl-build/cg.$i")
			r=$(cg_total "$OUT/tl-bare/cg.$i")
			n=$(awk -v s="$s" -v v="$v" '$1 == "calls" && $2 == s && $3 == v {
				sub("n=", "", $4); print $4 }' "$OUT/tl-build/stdout")
			echo "$s $v $b $r $n"
		done >"$OUT/tl-instr.txt"
	# tl_line S V: the verdict of scenario S with --tls V.
	tl_line() {
		set -- $(awk -v s="$1" -v v="$2" '$1 == s && $2 == v' "$OUT/tl-instr.txt")
		[ $# -eq 5 ] || { echo "bench: no timeline figures for $1 --tls $2" >&2; exit 2; }
		x=$(calc "sprintf(\"%.3f\", $3 / $4)")
		verdict "$3 <= 1.5 * $4" "timeline $1 --tls $2: $(mi "$3") instr vs its $5 libsodium calls bare $(mi "$4") (${x}x, target <= 1.5x)"
	}
	# tl_total V: the verdict of all scenarios with --tls V.
	tl_total() {
		set -- $(awk -v v="$1" '$2 == v { b += $3; r += $4; k++
			if (!w || $3 / $4 > wx) { w = $1; wx = $3 / $4 } }
			END { printf "%s %.0f %.0f %d %s %.3f", v, b, r, k, w, wx }' "$OUT/tl-instr.txt")
		x=$(calc "sprintf(\"%.3f\", $2 / $3)")
		verdict "$2 <= 1.5 * $3" "timeline, all $4 scenarios --tls $1: $(mi "$2") instr vs bare calls $(mi "$3") (${x}x, worst $5 ${6}x; target <= 1.5x)"
	}
	for v in $(awk '{ print $2 }' "$OUT/tl-instr.txt" | awk '!seen[$0]++'); do
		if [ "$v" = classic ]; then
			for s in $(awk '$2 == "classic" { print $1 }' "$OUT/tl-instr.txt"); do
				tl_line "$s" classic
			done
		else
			tl_line "$TL_SCEN" "$v"
		fi
		tl_total "$v"
	done
else
	skip "timeline vs bare libsodium calls: valgrind not installed: apt-get install valgrind;"
fi
# The same comparison in wall time, per --tls version: the sums of the
# scenarios' medians.  It includes system calls (the one guarded region a
# run maps and locks for its secrets), which instruction counts do not.
# The ratio is compared as measured, not rounded.
"$BD/bench_timeline" time >"$OUT/tl-time.txt"
for v in $(awk '$1 == "time" && $2 == "total" { print $3 }' "$OUT/tl-time.txt"); do
	b=$(awk -v v="$v" '$1 == "time" && $2 == "total" && $3 == v { sub("build_ns=", "", $4); print $4 }' "$OUT/tl-time.txt")
	r=$(awk -v v="$v" '$1 == "time" && $2 == "total" && $3 == v { sub("bare_ns=", "", $5); print $5 }' "$OUT/tl-time.txt")
	verdict "$b <= 1.5 * $r" "timeline, all scenarios --tls $v, wall time: $(calc "sprintf(\"%.3f\", $b / $r)")x the bare calls (sums of medians $(calc "sprintf(\"%.2f\", $b / 1e6)") ms vs $(calc "sprintf(\"%.2f\", $r / 1e6)") ms; target <= 1.5x)"
done

# -- 2. start-up to the first complete frame, vs vim ----------------------
# Interleaved rounds so that both see the same noise.  The best of the
# rounds is compared: noise only ever adds time, and on a loaded machine
# the medians wander; they are printed too.
: >"$OUT/start-tlssim.txt"
: >"$OUT/start-vim.txt"
r=0
while [ "$r" -lt "$ROUNDS" ]; do
	"$DRIVE" -s 80x24 frame:first key:q -- $APP --no-animation >"$OUT/start.$r.txt"
	get "$OUT/start.$r.txt" first ms >>"$OUT/start-tlssim.txt"
	if have vim; then
		"$DRIVE" -s 80x24 -- vim --clean -c q >"$OUT/vim.$r.txt"
		get "$OUT/vim.$r.txt" exit ms >>"$OUT/start-vim.txt"
	fi
	r=$((r + 1))
done
t=$(minimum <"$OUT/start-tlssim.txt")
tm=$(median <"$OUT/start-tlssim.txt")
first_bytes=$(get "$OUT/start.0.txt" first bytes)
if [ -z "$first_bytes" ] || [ -z "$t" ] || [ "$first_bytes" -eq 0 ]; then
	echo "bench: $TLSSIM drew no first frame under the pty (see $OUT/start.0.txt)" >&2
	exit 2
fi
ms() { calc "sprintf(\"%.1f\", $1)"; }
if have vim; then
	v=$(minimum <"$OUT/start-vim.txt")
	vm=$(median <"$OUT/start-vim.txt")
	x=$(calc "sprintf(\"%.3f\", $t / $v)")
	verdict "$t <= 0.5 * $v" "start-up to first frame at 80x24: $(ms "$t") ms vs vim --clean -c q $(ms "$v") ms (best of $ROUNDS, medians $(ms "$tm") vs $(ms "$vm"); ${x}x, target <= 0.5x)"
else
	skip "start-up to first frame at 80x24: $(ms "$t") ms (best of $ROUNDS); vim not installed: apt-get install vim; comparison"
fi

# -- 3. start-up instructions, and 6. instructions per keypress -----------
# Two runs under callgrind: first frame then quit, and first frame, every
# step of the story, then quit.  The difference over the steps is the
# cost of a keypress; the first run is the cost of starting (and quitting).
if [ -n "$CG" ]; then
	# cg_drive NAME QUIET ACTION...: one run; again (up to three times) when
	# it left no profile, e.g. because the binary was being rebuilt.
	cg_drive() {
		name=$1 q=$2
		shift 2
		for try in 1 2 3; do
			rm -f "$OUT/cg.$name"
			"$DRIVE" -s 80x24 -q "$q" -m 120000 "$@" -- $CG \
				--callgrind-out-file="$OUT/cg.$name" $APP --no-animation >"$OUT/cg-$name.txt"
			[ -s "$OUT/cg.$name" ] && return 0
			sleep 2
		done
		echo "bench: no callgrind profile from $TLSSIM (see $OUT/cg-$name.txt)" >&2
		exit 2
	}
	cg_drive start 1000 frame:first key:q
	cg_drive steps 500 frame:first "steps:$steps:\\x20:step" key:q
	s0=$(cg_total "$OUT/cg.start")
	s1=$(cg_total "$OUT/cg.steps")
	verdict "$s0 <= 15e6" "start-up instructions to first frame at 80x24 (and quit): $(mi "$s0") (target <= 15 M)"
	k=$(calc "($s1 - $s0) / $steps")
	verdict "$k <= 1e6" "instructions per keypress (step forward, animation off): $(mi "$k") (mean of $steps steps: $(mi "$s1") - $(mi "$s0"), target <= 1 M)"
else
	skip "start-up instructions: valgrind not installed: apt-get install valgrind;"
	skip "instructions per keypress: valgrind not installed: apt-get install valgrind;"
fi

# -- 4. bytes of the first frame, 5. a step vs a full repaint, 7. memory --
verdict "$first_bytes <= 5000" "bytes written, first frame at 80x24: $first_bytes (target <= 5 KB)"

# Each step forward is followed by Ctrl-L, a forced full repaint of the
# same screen, counted apart: the step is compared with repainting what
# it shows.
"$DRIVE" -s 80x24 -o "$OUT/dump" frame:first "steps:$steps:\\x20:step:\\x0c" key:g frame:home \
	key:\\t frame:tab key:? frame:help key:q frame:unhelp \
	key:G frame:last hwm:mem key:q -- $APP --no-animation >"$OUT/steps.txt"
mean=$(get "$OUT/steps.txt" step mean)
max=$(get "$OUT/steps.txt" step max)
full=$(get "$OUT/steps.txt" step repaint_mean)
how="Ctrl-L full repaint of the same screens, mean"
if [ "$(calc "($full < $first_bytes / 2) ? 1 : 0")" = 1 ]; then
	# Ctrl-L did not repaint (not bound): the first frame is a full paint.
	how="first frame (Ctrl-L wrote $full bytes: no repaint)"
	full=$first_bytes
fi
x=$(calc "sprintf(\"%.1f\", 100 * $mean / $full)")
verdict "$mean <= 0.25 * $full" "bytes written per step forward (animation off): mean $mean (max $max, $steps steps) vs $how $full ($x%, target <= 25%)"

# -- 8. idle, and 9. continuous animation (animation on, default speed) ---
# Animation: step forward, wait until the output stops, again; after the
# last step back to the first event (g, not animated).  CPU is measured
# over the time packets were moving (from the key to the last byte).
"$DRIVE" -s 80x24 -a 250 frame:first idle:10000:idle \
	"animate:10000:\\x20:anim:$steps:g" hwm:mem key:q -- $APP >"$OUT/anim.txt"
ims=$(get "$OUT/anim.txt" idle cpu_us)
iwk=$(get "$OUT/anim.txt" idle wakeups)
verdict "$ims == 0 && $iwk == 0" "CPU while idle for 10 s: $iwk wakeups, $(calc "sprintf(\"%.1f\", $ims / 1000)") ms (target 0 wakeups, 0 ms)"
pb=$(get "$OUT/anim.txt" anim pct_busy)
pw=$(get "$OUT/anim.txt" anim pct_wall)
busy=$(get "$OUT/anim.txt" anim busy_ms)
cpu=$(get "$OUT/anim.txt" anim cpu_us)
verdict "$pb <= 1" "CPU during continuous animation: $(calc "sprintf(\"%.2f\", $pb)")% of a core ($(calc "sprintf(\"%.0f\", $cpu / 1000)") ms CPU in $(calc "sprintf(\"%.1f\", $busy / 1000)") s of animation; $(calc "sprintf(\"%.2f\", $pw)")% over the whole 10 s, target <= 1%)"

h1=$(get "$OUT/steps.txt" mem hwm_kb)
h2=$(get "$OUT/anim.txt" mem hwm_kb)
h=$(calc "($h1 > $h2) ? $h1 : $h2")
verdict "$h <= 8192" "peak memory (VmHWM) of an interactive run: $(calc "sprintf(\"%.1f\", $h / 1024)") MiB (every step, repaint, Tab, help; animation; target <= 8 MiB)"

# -- the classroom: a teacher under 200 students and 50 nasty connections --
# (tests/bench/class.sh measures and judges; its verdicts count here)
sh "$(dirname "$0")/class.sh" "$BD" >"$OUT/class-verdicts.txt" 2>&1
grep -v '^class: [0-9]* met' "$OUT/class-verdicts.txt"
n_ok=$(grep -c ' OK$' "$OUT/class-verdicts.txt")
n_miss=$(grep -c ' MISS$' "$OUT/class-verdicts.txt")
met=$((met + n_ok)) missed=$((missed + n_miss))
[ $((n_ok + n_miss)) -eq 0 ] && skip "classroom figures: tests/bench/class.sh measured nothing;"
# -- end of the classroom --

echo "bench: $met met, $missed missed, $skipped skipped (raw results in $OUT)"
[ "$missed" -eq 0 ]
