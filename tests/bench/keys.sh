#!/bin/sh
# The per-key figures of `make bench` (run.sh calls it; it can run
# alone): the instructions, counted by valgrind's callgrind, of every key
# of the key table (ui/keys.c, as keylist.c lists it) on every screen it
# works on: the view, a question, the lesson picker, the end of a lesson,
# a yes/no question, the what-if menu, the event list, a zoomed pane, the
# help and the packet inspector.  Prints one verdict a line, each against
# its target, then "keys: N met, N missed"; exits 1 when a target is
# missed, 2 when a key could not be measured.
#
# usage: tests/bench/keys.sh [BENCH_DIR]
#   BENCH_DIR   where ptydrive and keylist were built (build/bench);
#               results in BENCH_DIR/out
#   TLSSIM      the binary to measure (./tlssim)
#   BENCH_SCENARIO  the scenario of the view's screens (smtp-starttls), seeded
set -u
set -f	# actions hold ? and * that are not file names

BD=${1:-build/bench}
TLSSIM=${TLSSIM:-./tlssim}
SCEN=${BENCH_SCENARIO:-smtp-starttls}
OUT=$BD/out
DRIVE=$BD/ptydrive
. "$(dirname "$0")/lib.sh"

mkdir -p "$OUT"
if ! have valgrind; then
	skip "instructions per key: valgrind not installed: apt-get install valgrind;"
	echo "keys: $met met, $missed missed"
	exit 0
fi
CG="valgrind --tool=callgrind --log-file=$OUT/valgrind.log"
# Lessons keep their progress here, not in the user's.
XDG_STATE_HOME=$(cd "$OUT" && pwd)/state
export XDG_STATE_HOME
unset LANGUAGE

# The key table, as the terminal sends its keys.
TERM=xterm-256color "$BD/keylist" >"$OUT/keys.txt" ||
	{ echo "bench: keylist failed" >&2; exit 2; }
# key_bytes NAME: what the terminal sends for the key the table calls NAME.
key_bytes() { awk -v n="$1" '$5 == n { print $4; exit }' "$OUT/keys.txt"; }

# A lesson for the question keys: eight questions of eight choices at
# each of the first events, so that a question is on the screen at start
# and again after each key that closes one.
QUIZ=$OUT/quiz-keys.lesson
awk 'BEGIN {
	print "title: The question keys"; print "lang: en"
	print "scenario: smtp-starttls"; print "seed: 1"
	split("tcp greeting ehlo starttls connect certificate validation session-key", ev, " ")
	for (s = 1; s <= 8; s++) {
		printf "\n== at %s\nQuestions at %s.\n", ev[s], ev[s]
		for (q = 1; q <= 8; q++) {
			printf "\n? Question %d of %s: which is right?\n", q, ev[s]
			for (c = 1; c <= 8; c++)
				printf "- [%s] Choice %d\n", c == 1 ? "x" : " ", c
			print "> The first, by construction."
		}
	}
}' >"$QUIZ"
# A lesson for the end of a lesson: one question, at the first event.
ONE=$OUT/one-question.lesson
printf '%s\n' "title: One question" "lang: en" "scenario: smtp-starttls" "seed: 1" "" \
	"== at tcp" "One question." "" "? Which is right?" "- [x] This one" "- [ ] That one" \
	"> This one, by construction." >"$ONE"

# The screens: NAME, its bit of enum key_ctx, the run's arguments, and
# the keys that bring it up (not measured): the view five events into
# the story, and what opens each screen there; the question a lesson
# asks at its start; the picker; the end of a lesson, its question
# answered and End pressed.
sp='press:\x20:_'
five="$sp $sp $sp $sp $sp"
view_args="--scenario $SCEN --seed 1 --no-animation"
screens() {
	cat <<-EOF
	view 1 $view_args|$five
	question 2 --restart --no-animation $QUIZ|
	picker 4 --no-animation|
	summary 8 --restart --no-animation $ONE|press:\x61:_ press:\x0d:_ press:x:_ press:$(key_bytes End):_
	confirm 16 $view_args|$five press:\x1b:_
	menu 32 $view_args|$five press:w:_
	events 32 $view_args|$five press:e:_
	zoom 64 $view_args|$five press:z:_
	help 128 $view_args|$five press:?:_
	inspector 256 $view_args|$five press:i:_
	EOF
}

# key_plan SCREEN CTX: for each key of the screen (in the table's order),
# how it is measured:
#   stay ACTIONS    in the screen's shared run, ACTIONS press it (labelled
#                   kINDEX) and bring the screen back when it opened
#                   another (not measured): after the help, the answer to
#                   a question or a hidden question any key; after
#                   "answer later" a step forward to the next question;
#                   after a list, the inspector or a zoom, Esc; after a
#                   yes/no question, n.  A key that may start something
#                   running on its own is pressed again to stop it.
#   alone INDEX BYTES  a key that leaves the screen: a run of its own
#   exit INDEX BYTES   a key that quits: a run of its own, to its end
key_plan() {
	awk -v scr="$1" -v ctx="$2" '
	function bit(c, b) { return int(c / b) % 2 }
	function kind(role, bytes) {
		if (role == "quit")	# q in a lesson goes back to the lesson list
			return bytes == "\\x71" && (scr == "question" || scr == "summary") ? "alone" : "exit"
		if (role == "yes") return "exit"	# the question asked is "quit?"
		if (role == "open") return "alone"
		if (scr == "summary" || scr == "confirm")	# any key closes them
			return role == "redraw" ? "stay" : "alone"
		if (scr == "help")
			return role == "redraw" || role == "scroll" ? "stay" : "alone"
		if (scr == "menu" || scr == "events")
			return role == "choose" || role == "close" || role == "click" ? "alone" : "stay"
		if (scr == "zoom")
			return role == "zoom" || role == "unzoom" || role == "inspect" ? "alone" : "stay"
		if (scr == "inspector")
			return role == "inspect" ? "alone" : "stay"
		return "stay"
	}
	bit($2, ctx) && $4 != "-" {
		k = kind($3, $4)
		b = $4
		if ($3 == "click")	# a click (and its release) on the twelfth row
			b = "\\x1b[<0;20;12M\\x1b[<0;20;12m"
		if (k != "stay") { print k, $1, b; next }
		a = $3 == "submit" ? "press:\\x61:_ " : ""
		a = a "press:" b ":k" $1 ($3 == "key" || $3 == "play" ? ":again" : "")
		if ($3 == "help" || $3 == "submit" || $3 == "peek")
			a = a " press:x:_"
		else if ($3 == "later")
			a = a " press:\\x20:_"
		else if ($3 == "animate")
			a = a " press:" b ":_"
		else if ($3 == "whatif" || $3 == "events" || $3 == "inspect" || $3 == "zoom")
			a = a " press:\\x1b:_"
		else if ($3 == "ask" || $3 == "retake")
			a = a " press:\\x6e:_"
		print "stay", a
	}' "$OUT/keys.txt"
}

# key_figures NAME SCREEN: "INDEX SCREEN INSTRUCTIONS SETTLED DUMPS" for
# each key of run NAME: the sum of the dumps written while it was handled.
key_figures() {
	for f in $(set +f; ls "$OUT/cg-$1"/cg.*); do
		echo "${f##*.} $(cg_total "$f")"
	done >"$OUT/cg-$1/totals"
	awk -v scr="$2" 'NR == FNR { t[$1] = $2; next }
		{ for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] } }
		$1 == "start" { last = f["dumps"]; next }
		"dumps" in f && $1 ~ /^(k[0-9]+|_)$/ {
			sum = 0
			for (d = last + 1; d <= f["dumps"]; d++) sum += t[d]
			if ($1 != "_") print substr($1, 2), scr, sum, f["settled"], f["dumps"] - last
			last = f["dumps"]
			delete f }' "$OUT/cg-$1/totals" "$OUT/cg-$1/drive.txt"
}

: >"$OUT/keys-instr.txt"
screens | while IFS='|' read -r head open; do
	set -- $head
	scr=$1 ctx=$2
	shift 2
	key_plan "$scr" "$ctx" >"$OUT/plan-$scr.txt"
	stays=$(awk '$1 == "stay" { sub(/^stay /, ""); printf " %s", $0 }' "$OUT/plan-$scr.txt")
	if [ -n "$stays" ]; then
		cg_run "keys-$scr" "settle:start $open$stays press:\\x51:_" "$@"
		key_figures "keys-$scr" "$scr"
	fi
	# After a key that leaves: n says no to a yes/no question (and
	# does no harm elsewhere), then Q quits from wherever it is.
	awk '$1 != "stay" { print $1, $2, $3 }' "$OUT/plan-$scr.txt" |
		while read -r how idx bytes; do
			if [ "$how" = alone ]; then
				cg_run "key-$scr-$idx" "settle:start $open press:$bytes:k$idx press:\\x6e:_ key:\\x51" "$@"
				key_figures "key-$scr-$idx" "$scr"
			else
				cg_run "key-$scr-$idx" "settle:start $open key:$bytes" "$@"
				[ -s "$OUT/cg-key-$scr-$idx/cg" ] || {
					echo "bench: key $idx did not quit the $scr (see $OUT/cg-key-$scr-$idx)" >&2
					exit 2
				}
				echo "$idx $scr $(dump "key-$scr-$idx" exit) 1 1"
			fi
		done
done >>"$OUT/keys-instr.txt" || exit 2

# Every key measured was read (made at least one dump), or its figure
# would be nothing.
unread=$(awk '$5 < 1 { printf " %s/%s", $1, $2 }' "$OUT/keys-instr.txt")
if [ -n "$unread" ]; then
	echo "bench: keys (index/screen) the program did not read:$unread (see $OUT/cg-*)" >&2
	exit 2
fi
[ -s "$OUT/keys-instr.txt" ] || { echo "bench: no key measured (see $OUT/cg-*)" >&2; exit 2; }
# With the names: INDEX SCREEN INSTR ROLE NAME SETTLED.
awk 'NR == FNR { role[$1] = $3; name[$1] = $5 == "-" ? $4 : $5; next }
	{ print $1, $2, $3, role[$1], name[$1], $4 }' "$OUT/keys.txt" "$OUT/keys-instr.txt" \
	>"$OUT/keys-named.txt"

# key_line WHAT TARGET FILTER: the verdict of the keys FILTER (awk) selects.
key_line() {
	set -- "$1" "$2" "$(awk "$3"' { n++; s += $3; if ($3 > m) { m = $3; w = $5 " (" $2 ")" }
		if ($3 >= '"$2"') o = o " " $5 "(" $2 ")" }
		END { printf "%d %.0f %.0f %s|%s", n, m, n ? s / n : 0, w, o }' "$OUT/keys-named.txt")"
	n=${3%% *} rest=${3#* }
	m=${rest%% *} rest=${rest#* }
	avg=${rest%% *} rest=${rest#* }
	worst=${rest%%|*} over=${rest#*|}
	verdict "$n > 0 && $m < $2" "instructions per key, $1 ($n keys): max $(mi "$m") ($worst), mean $(mi "$avg")${over:+; at or over the target:}$over (target < $(mi "$2") each)"
}
# Tab builds a new story (its keys and certificates too): 2 M.
tab='$2 == "view" && $5 == "Tab"'
key_line "Tab in the view" 2e6 "$tab"
key_line "Ctrl-L on each screen" 1e6 '$5 == "Ctrl-L"'
for s in "view|the view" "question|a question" "picker|the lesson picker" \
	"summary|the end of a lesson" "confirm|a yes/no question" "menu|the what-if menu" \
	"events|the event list" "zoom|a zoomed pane" "help|the help" "inspector|the inspector"; do
	key_line "every other key of ${s#*|}" 1e6 "\$2 == \"${s%%|*}\" && \$5 != \"Ctrl-L\" && !($tab)"
done
unsettled=$(awk '$6 == 0 { printf " %s(%s)", $5, $2 }' "$OUT/keys-named.txt")
[ -z "$unsettled" ] ||
	echo "keys after which the program did not settle in 20 s (their figures may hold what followed):$unsettled"
unmeasured=$(awk '$4 == "-" { printf " %s", $5 }' "$OUT/keys.txt")
[ -z "$unmeasured" ] || echo "keys not measured: no such key on xterm-256color:$unmeasured"
echo "keys: $met met, $missed missed"
[ "$missed" -eq 0 ]
