#!/bin/sh
# The figures of `make bench`, one line each, every figure next to its
# target (and what it is compared with in the same run, so that the
# verdict holds on a noisy machine), compared as measured, never rounded.
# Instruction counts come from valgrind's callgrind, which repeats
# exactly; times are compared as ratios.  The pty driver (ptydrive.c), the
# key table lister (keylist.c) and the timeline benchmark
# (bench_timeline.c) say what they do at their top.  See README.md,
# "Benchmarks".
#
# usage: tests/bench/run.sh [BENCH_DIR]
#   BENCH_DIR   where ptydrive and bench_timeline were built (build/bench);
#               raw results and byte dumps go to BENCH_DIR/out
#   TLSSIM      the binary to measure (./tlssim)
#   BENCH_SCENARIO  the interactive scenario (smtp-starttls), seeded
#   BENCH_ROUNDS    start-up runs of each program (9)
#   BENCH_TL_SCENARIO  the scenario of the TLS 1.2 and 1.3 timeline
#                   verdicts (smtp-starttls)
#   BENCH_LESSONS   the shipped lessons, LANG/NAME.lesson (lessons)
#   LIBSIM      the library bench_timeline was linked with (BENCH_DIR/../libsim.a)
#
# Exits 1 when a figure misses its target; a comparison whose tool is not
# installed (valgrind, vim) is skipped with the command that installs it.
set -u
set -f	# actions hold ? and * that are not file names

BD=${1:-build/bench}
TLSSIM=${TLSSIM:-./tlssim}
SCEN=${BENCH_SCENARIO:-smtp-starttls}
ROUNDS=${BENCH_ROUNDS:-9}
TL_SCEN=${BENCH_TL_SCENARIO:-smtp-starttls}
LIBSIM=${LIBSIM:-$BD/../libsim.a}
OUT=$BD/out
DRIVE=$BD/ptydrive
APP="$TLSSIM --scenario $SCEN --seed 1"

rm -rf "$OUT"
mkdir -p "$OUT"
# Lessons keep their progress here, not in the user's.
XDG_STATE_HOME=$(cd "$OUT" && pwd)/state
export XDG_STATE_HOME
unset LANGUAGE
. "$(dirname "$0")/lib.sh"

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
# cryptography or run inside the replayed calls anyway.  The classroom's
# modules (class_*.o) are left out of the count: a timeline never calls
# them, and the classroom section at the end measures the class.
not_replayed="sodium_malloc sodium_free sodium_memzero sodium_memcmp sodium_bin2base64
	sodium_base642bin sodium_bin2hex sodium_hex2bin sodium_init
	randombytes_set_implementation randombytes_sysrandom_implementation
	crypto_stream_chacha20_ietf"
if [ -f "$LIBSIM" ] && have nm; then
	known=" $(echo $(grep -o 'wrap=[a-z0-9_]*' "$(dirname "$0")/wrap.flags" |
		sed 's/^wrap=//') $not_replayed) "
	unwrapped=""
	for f in $(nm -u "$LIBSIM" | awk '/:$/ { class = $0 ~ /^class_/; next } !class { print $NF }' |
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
		if [ "$(calc "($4 < 1e5) ? 1 : 0")" = 1 ]; then
			# No cryptography to compare with (a plaintext session makes
			# no keys): the build alone, against what the builds with
			# TLS spend beside their cryptography (under 1 M).
			verdict "$3 <= 1e6" "timeline $1 --tls $2: $(mi "$3") instr, its $5 libsodium calls bare $(mi "$4"): no cryptography to compare with (target <= 1 M)"
			return
		fi
		x=$(calc "sprintf(\"%.3f\", $3 / $4)")
		verdict "$3 <= 1.5 * $4" "timeline $1 --tls $2: $(mi "$3") instr vs its $5 libsodium calls bare $(mi "$4") (${x}x, target <= 1.5x)"
	}
	# tl_total V: the verdict of all scenarios with --tls V.
	tl_total() {
		set -- $(awk -v v="$1" '$2 == v { b += $3; r += $4; k++
			if ($4 >= 1e5 && (!w || $3 / $4 > wx)) { w = $1; wx = $3 / $4 } }
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
# Scenarios whose bare calls take under a tenth of their build (plaintext
# sessions make no keys) have no cryptography to compare with: left out
# of the sums, and named.
"$BD/bench_timeline" time >"$OUT/tl-time.txt"
for v in $(awk '$1 == "time" && $2 == "total" { print $3 }' "$OUT/tl-time.txt"); do
	set -- $(awk -v v="$v" '$1 == "time" && $2 != "total" && $3 == v {
		sub("build_ns=", "", $4); sub("bare_ns=", "", $5)
		if ($5 * 10 < $4 + 0) { out = out " " $2; next }
		b += $4; r += $5 } END { printf "%.0f %.0f%s", b, r, out }' "$OUT/tl-time.txt")
	b=$1 r=$2
	shift 2
	[ $# -eq 0 ] || v="$v (without$(printf ' %s' "$@"))"
	verdict "$b <= 1.5 * $r" "timeline, all scenarios --tls $v, wall time: $(calc "sprintf(\"%.3f\", $b / $r)")x the bare calls (sums of medians $(calc "sprintf(\"%.2f\", $b / 1e6)") ms vs $(calc "sprintf(\"%.2f\", $r / 1e6)") ms; target <= 1.5x)"
done

# -- 2. start-up wall time to the first complete frame, tlssim and vim ----
# Both are timed to the same point: from the start of the process to the
# last byte of its first frame (output quiet for 150 ms); then each is
# told to quit.  Interleaved rounds so that both see the same noise; the
# best of the rounds is compared (noise only ever adds time), the medians
# are printed too.
: >"$OUT/start-tlssim.txt"
: >"$OUT/start-vim.txt"
r=0
while [ "$r" -lt "$ROUNDS" ]; do
	"$DRIVE" -s 80x24 frame:first key:q -- $APP --no-animation >"$OUT/start.$r.txt"
	get "$OUT/start.$r.txt" first ms >>"$OUT/start-tlssim.txt"
	if have vim; then
		"$DRIVE" -s 80x24 frame:first 'key:\e\x3aqa!\r' -- vim --clean >"$OUT/vim.$r.txt"
		get "$OUT/vim.$r.txt" first ms >>"$OUT/start-vim.txt"
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
	verdict "$t <= 0.5 * $v" "start-up to the first frame at 80x24: $(ms "$t") ms vs vim --clean to its first frame $(ms "$v") ms (best of $ROUNDS, medians $(ms "$tm") vs $(ms "$vm"); ${x}x, target <= 0.5x)"
else
	skip "start-up to the first frame at 80x24: $(ms "$t") ms (best of $ROUNDS); vim not installed: apt-get install vim; comparison"
fi
verdict "$first_bytes <= 5000" "bytes written, first frame at 80x24: $first_bytes (target <= 5000)"

# -- 3. instructions: start-up, and every key of every screen -------------
LESSONS=${BENCH_LESSONS:-lessons}
if [ -n "$CG" ]; then
	cg_run start-scenario "settle:start key:q" --scenario "$SCEN" --seed 1 --no-animation
	s0=$(dump start-scenario 1)
	verdict "$s0 <= 15e6" "start-up instructions to the first frame, --scenario $SCEN: $(mi "$s0") (target <= 15 M)"
	: >"$OUT/start-lessons.txt"
	for l in $(set +f; ls "$LESSONS"/*/*.lesson); do
		n=$(basename "$(dirname "$l")")-$(basename "$l" .lesson)
		cg_run "start-$n" "settle:start key:q" --restart "$l"
		echo "$(dump "start-$n" 1) $l" >>"$OUT/start-lessons.txt"
	done
	set -- $(sort -g "$OUT/start-lessons.txt" | tail -n 1)
	heavy_i=$1 HEAVY=$2
	nl=$(wc -l <"$OUT/start-lessons.txt")
	over=$(awk '$1 > 15e6 { printf " %s", $2 }' "$OUT/start-lessons.txt")
	verdict "$heavy_i <= 15e6" "start-up instructions to the first frame, every shipped lesson ($nl): heaviest $HEAVY $(mi "$heavy_i")${over:+; over:}$over (target <= 15 M each)"
else
	skip "start-up instructions: valgrind not installed: apt-get install valgrind;"
	HEAVY=$(set +f; ls "$LESSONS"/en/*.lesson | tail -n 1)
fi

# Every key of every screen (keys.sh measures and judges; its verdicts
# count here).
sh "$(dirname "$0")/keys.sh" "$BD" >"$OUT/keys-verdicts.txt" 2>&1
st=$?
grep -v '^keys: [0-9]* met' "$OUT/keys-verdicts.txt"
[ "$st" -le 1 ] || { echo "bench: tests/bench/keys.sh could not measure the keys" >&2; exit 2; }
met=$((met + $(grep -c ' OK$' "$OUT/keys-verdicts.txt")))
missed=$((missed + $(grep -c ' MISS$' "$OUT/keys-verdicts.txt")))
skipped=$((skipped + $(grep -c ' SKIPPED$' "$OUT/keys-verdicts.txt")))

# -- 4. bytes per step, forward and backward, vs a forced repaint ----------
# After each step, Ctrl-L repaints the whole screen; the step is compared
# with the repaint of what it shows (its share, each step apart).  A step
# whose repaint is byte for byte the one before it changed nothing on the
# screen (e.g. a step past the end): it is left out of the figures and
# counted.  Shares are compared as measured, not rounded.

# events TRANSCRIPT: the names of the events of a --plain transcript, in
# order: "-- name:" lines, and "== Step N/8" for the eight steps (hop B's
# named b-...).  "== End" is not an event.
events() {
	awk 'BEGIN { split("connect certificate validation session-key wrap transfer unwrap session", st, " ") }
	/^-- [a-z0-9-]+:/ { n = $2; sub(":$", "", n); print n; if (n ~ /^b-/) b = "b-" }
	/^== Step [0-9]\/8/ { k = substr($3, 1, 1); print b st[k] }' "$1"
}

# walk_files NAME N: steps forward (Space) over N events and back (p).
walk_files() {
	awk -v n="$2" 'BEGIN { for (i = 1; i < n; i++) print "step \\x20" }' >"$OUT/$1-fwd.walk"
	awk -v n="$2" 'BEGIN { for (i = 1; i < n; i++) print "step \\x70" }' >"$OUT/$1-back.walk"
}

# step_verdicts FILE LABEL WHAT: the figures of a walk.
step_verdicts() {
	set -- "$3" $(awk -v l="$2" '$1 == l {
		for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
		n = split(f["each"], b, ","); split(f["repaints"], r, ","); split(f["same"], s, ",")
		for (i = 1; i <= n; i++) {
			if (s[i] == 1) { ex++; continue }
			k++; x[k] = b[i] / r[i]; sum += x[k]; bytes += b[i]; if (x[k] > m) m = x[k]
		}
		for (i = 2; i <= k; i++) { v = x[i]; for (j = i - 1; j >= 1 && x[j] > v; j--) x[j + 1] = x[j]; x[j + 1] = v }
		med = k % 2 ? x[(k + 1) / 2] : (x[k / 2] + x[k / 2 + 1]) / 2
		printf "%d %d %.9f %.9f %.9f %.1f", k, ex, k ? sum / k : 1, k ? med : 1, m, k ? bytes / k : 0
	}' "$1")
	[ $# -eq 7 ] || { echo "bench: no walk $2 in $1" >&2; exit 2; }
	pct() { calc "sprintf(\"%.1f%%\", 100 * $1)"; }
	verdict "$2 > 0 && $4 <= 0.20" "bytes per step, $1: mean $(pct "$4") of a Ctrl-L repaint of the same screen (median $(pct "$5"), $2 steps, $7 bytes on average; $3 that changed nothing left out; target mean <= 20%)"
	verdict "$2 > 0 && $6 <= 0.40" "bytes per step, $1: max $(pct "$6") of a Ctrl-L repaint (target every step <= 40%)"
}

"$TLSSIM" --plain --scenario "$SCEN" --seed 1 >"$OUT/scenario.txt"
events "$OUT/scenario.txt" >"$OUT/scenario.events"
walk_files scenario "$(wc -l <"$OUT/scenario.events")"
"$DRIVE" -s 80x24 -o "$OUT/dump" frame:first "walk:$OUT/scenario-fwd.walk:fwd:\\x0c" \
	"walk:$OUT/scenario-back.walk:back:\\x0c" hwm:mem key:q -- $APP --no-animation \
	>"$OUT/steps-scenario.txt"
step_verdicts "$OUT/steps-scenario.txt" fwd "$SCEN forward"
step_verdicts "$OUT/steps-scenario.txt" back "$SCEN backward"

# The heaviest lesson (by start-up instructions), its questions answered
# as they come (the answers are not counted; the step that brings a
# question up is, with the question).  The plan: for each event, the
# keys that answer its questions, from the lesson file: the right
# choices ticked (j moves the cursor, Space ticks), Enter, any key to go
# on; after the last event any key closes the summary.
# A translation's transcript names no events: they are those of the
# English lesson of the same name (the checker holds the two to the same
# sections and questions).
"$TLSSIM" --plain "$HEAVY" >"$OUT/lesson.txt"
named=$HEAVY
[ -f "$LESSONS/en/$(basename "$HEAVY")" ] && named=$LESSONS/en/$(basename "$HEAVY")
"$TLSSIM" --plain "$named" >"$OUT/lesson-en.txt"
events "$OUT/lesson-en.txt" >"$OUT/lesson.events"
nle=$(wc -l <"$OUT/lesson.events")
if [ "$nle" -lt 2 ]; then
	echo "bench: no events in the transcript of $named" >&2
	exit 2
fi
awk 'NR == FNR { ev[++n] = $1; next }
	/^== at / { sec = $3; next }
	/^\? / { k = ++nq[sec]; total++; next }
	/^- \[[xX]\] / { k = nq[sec]
		for (; cur[sec, k] < c[sec, k]; cur[sec, k]++) keys[sec, k] = keys[sec, k] " \\x6a"
		keys[sec, k] = keys[sec, k] " \\x20"; c[sec, k]++; next }
	/^- \[ \] / { c[sec, nq[sec]]++; next }
	END {
		for (i = 1; i <= n; i++) {
			a = ""
			for (k = 1; k <= nq[ev[i]]; k++)
				a = a keys[ev[i], k] " \\x0d x"
			if (i == n && total)
				a = a " x"
			print (i == 1 ? "pre" : "step \\x20") a
		}
	}' "$OUT/lesson.events" "$HEAVY" >"$OUT/lesson-fwd.walk"
awk -v n="$nle" 'BEGIN { for (i = 1; i < n; i++) print "step \\x70" }' >"$OUT/lesson-back.walk"
"$DRIVE" -s 80x24 -o "$OUT/dump-lesson" frame:first "walk:$OUT/lesson-fwd.walk:fwd:\\x0c" \
	"walk:$OUT/lesson-back.walk:back:\\x0c" key:q -- "$TLSSIM" --restart --no-animation "$HEAVY" \
	>"$OUT/steps-lesson.txt"
step_verdicts "$OUT/steps-lesson.txt" fwd "lesson $(basename "$HEAVY") forward"
step_verdicts "$OUT/steps-lesson.txt" back "lesson $(basename "$HEAVY") backward"

# -- 5. idle, and continuous animation (animation on, default speed) ------
# Animation: step forward, wait until the output stops, again; after the
# last step back to the first event (g, not animated).  CPU and bytes are
# measured over the time packets were moving (from the key to the last
# byte).
nev=$(wc -l <"$OUT/scenario.events")
"$DRIVE" -s 80x24 -a 250 frame:first idle:10000:idle \
	"animate:10000:\\x20:anim:$((nev - 1)):g" hwm:mem key:q -- $APP >"$OUT/anim.txt"
ims=$(get "$OUT/anim.txt" idle cpu_us)
iwk=$(get "$OUT/anim.txt" idle wakeups)
verdict "$ims == 0 && $iwk == 0" "CPU while idle for 10 s: $iwk wakeups, $(calc "sprintf(\"%.1f\", $ims / 1000)") ms (target 0 wakeups, 0 ms)"
pb=$(get "$OUT/anim.txt" anim pct_busy)
pw=$(get "$OUT/anim.txt" anim pct_wall)
busy=$(get "$OUT/anim.txt" anim busy_ms)
cpu=$(get "$OUT/anim.txt" anim cpu_us)
ab=$(get "$OUT/anim.txt" anim bytes)
verdict "$pb <= 1" "CPU during continuous animation: $(calc "sprintf(\"%.2f\", $pb)")% of a core ($(calc "sprintf(\"%.0f\", $cpu / 1000)") ms CPU in $(calc "sprintf(\"%.1f\", $busy / 1000)") s of animation; $(calc "sprintf(\"%.2f\", $pw)")% over the whole 10 s, target <= 1%)"
# The same steps without animation (the forward walk) wrote what the
# screen needed anyway; the rest is what moving the packets added.
np=$(get "$OUT/anim.txt" anim presses)
still=$(awk -v p="$np" -v n="$((nev - 1))" '$1 == "fwd" { for (i = 2; i <= NF; i++)
	if ($i ~ /^each=/) { split(substr($i, 6), b, ","); for (k = 0; k < p; k++) s += b[k % n + 1] } }
	END { print s + 0 }' "$OUT/steps-scenario.txt")
bps=$(calc "($busy > 0) ? $ab * 1000 / $busy : 0")
own=$(calc "($busy > 0) ? ($ab - $still) * 1000 / $busy : 0")
verdict "$busy > 0 && $bps <= 2048" "bytes written during continuous animation: $(calc "sprintf(\"%.0f\", $bps)") B/s ($ab bytes in $(calc "sprintf(\"%.1f\", $busy / 1000)") s of animation, $np steps; the same steps without animation $still bytes, so the moving packets $(calc "sprintf(\"%.0f\", $own)") B/s; target <= 2048 B/s)"

# -- 6. peak memory ---------------------------------------------------------
h1=$(get "$OUT/steps-scenario.txt" mem hwm_kb)
h2=$(get "$OUT/anim.txt" mem hwm_kb)
h=$(calc "($h1 > $h2) ? $h1 : $h2")
verdict "$h <= 8192" "peak memory (VmHWM) of an interactive run: $(calc "sprintf(\"%.1f\", $h / 1024)") MiB (every step forward and back, repaints; animation; target <= 8 MiB)"

# A lesson of 5,000 questions (two choices each, 0.5 MB): the checker
# refuses it (only so many answers can be saved), so the figure is what
# reading and refusing it costs, with --check and when it is opened.
BIG=$OUT/q5000.lesson
awk 'BEGIN { print "title: Five thousand questions"; print "lang: en"
	print "scenario: smtp-starttls"; print "seed: 1"; print ""
	print "== at greeting"; print "Many questions."
	for (i = 1; i <= 5000; i++)
		printf "\n? Question %d: which is right?\n- [x] This one\n- [ ] That one\n> This one, by construction.\n", i
}' >"$BIG"
"$DRIVE" -s 80x24 -- "$TLSSIM" --check "$BIG" >"$OUT/big-check.txt"
"$DRIVE" -s 80x24 sleep:500 key:q -- "$TLSSIM" --restart "$BIG" >"$OUT/big-open.txt"
m1=$(get "$OUT/big-check.txt" exit maxrss_kb)
m2=$(get "$OUT/big-open.txt" exit maxrss_kb)
st1=$(get "$OUT/big-check.txt" exit status)
st2=$(get "$OUT/big-open.txt" exit status)
m=$(calc "($m1 > $m2) ? $m1 : $m2")
verdict "$m <= 65536" "peak memory (max RSS) of a 5,000-question lesson: --check $(calc "sprintf(\"%.1f\", $m1 / 1024)") MiB (exit $st1), opening it $(calc "sprintf(\"%.1f\", $m2 / 1024)") MiB (exit $st2) (target <= 64 MiB)"

# -- 7. the classroom: a teacher under 200 students and 50 nasty connections
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
