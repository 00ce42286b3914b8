#!/bin/sh
# e2e_flow_tmux: the way through the lessons at 80x24, as a student takes
# it.  The picker scrolls and says that more lies below and above; q in
# a lesson comes back to the picker, which opens on the lesson left or
# the next unfinished one; the summary at the end offers the next lesson
# and n opens it; r retakes a finished lesson after asking, clearing its
# answers; Esc asks before quitting (n stays, y quits); and a resumed
# lesson shows the same key bytes as before.  HOME and XDG_STATE_HOME
# point into a temporary directory.  Run from the repository root after
# `make tlssim`.
set -u

NAME=e2e_flow_tmux
. tests/tmux.sh
mkdir -p "$DIR/home" "$DIR/state"

off_screen() {
	! on_screen "$1" "$2"
}

# wait_end SESSION: the app has ended (the shell wrote its status).
wait_end() {
	wait_file "$DIR/$1.status" && return 0
	fail "$1: the app did not end"
	grab "$1"
	show
	return 1
}

# start SESSION ARGS...: the app at 80x24 in a new session.
start() {
	s=$1
	shift
	rm -f "$DIR/$s.status"
	T new-session -d -s "$s" -x 80 -y 24 -c "$PWD" \
		"env HOME='$DIR/home' XDG_STATE_HOME='$DIR/state' LANG=C.UTF-8 LC_ALL=C.UTF-8 \
		 $TLSSIM --no-animation $*; echo \$? >'$DIR/$s.status'; sleep 60"
}

progress_of() {
	ls "$DIR"/state/tlssim/"$1".*en.progress 2>/dev/null | head -n 1
}

# ---- the picker scrolls, and says what lies beyond ----------------------------
start p
expect p 'choose a lesson' "no arguments open the picker"
expect p 'more below' "the picker says that more lessons lie below"
grep -q 'Three versions' "$DIR/screen" && fail "lesson 13 should be below the fold at 80x24"
expect p '▶ .*The eight steps' "with no progress the picker opens on lesson 1"
T send-keys -t p End
expect p '▶ .*Three versions' "End goes to the last lesson"
expect p 'more above' "the picker says that more lessons lie above"
sleep 0.3
grab p
grep -q 'more below' "$DIR/screen" && fail "at the end nothing lies below"
T send-keys -t p Home
expect p '▶ .*The eight steps' "Home goes to the first lesson"
T send-keys -t p PgDn
wait_for p '▶ .*The eight steps' && fail "PgDn does not move the cursor"
T send-keys -t p PgUp
expect p '▶ .*The eight steps' "PgUp comes back to the first lesson"

# ---- q in a lesson comes back to the picker -----------------------------------
T send-keys -t p Down Down Enter
expect p 'This time the client submits' "Enter opens lesson 3"
expect p 'q lessons' "in a lesson the status line says q goes to the lessons"
T send-keys -t p Right 1
expect p 'Step 1/8' "stepping in lesson 3"
T send-keys -t p q
expect p 'choose a lesson' "q in a lesson returns to the picker"
expect p '▶ .*STARTTLS: upgrading.*stopped at' "the picker is on the lesson left, with where it stopped"
[ -f "$DIR/p.status" ] && fail "q in a lesson quit the program"

# ---- a resumed lesson keeps its keys -------------------------------------------
T send-keys -t p Enter
expect p 'Step 1/8' "Enter resumes lesson 3 where it stopped"
sleep 0.3	# the whole screen drawn
grab p
cp "$DIR/screen" "$DIR/first"
grep -q 'client random' "$DIR/first" || fail "step 1 shows the client random"
T send-keys -t p Q
wait_end p
[ "$(cat "$DIR/p.status" 2>/dev/null)" = 0 ] || fail "Q quits at once, status 0"
PROGRESS=$(progress_of 03-starttls)
grep -q '^seed [0-9][0-9]*$' "$PROGRESS" 2>/dev/null || fail "the progress file keeps the lesson's seed"
start r lessons/en/03-starttls.lesson
expect r 'Step 1/8' "the lesson file resumes at step 1"
sleep 0.3
grab r
if ! cmp -s "$DIR/first" "$DIR/screen"; then
	fail "a resumed lesson shows other keys than before"
	diff "$DIR/first" "$DIR/screen" | head -10
fi
grep -q 'seeded' "$DIR/screen" && fail "a kept seed is not announced as seeded"

# ---- Esc asks before quitting --------------------------------------------------
T send-keys -t r Escape
expect r 'Quit tlssim? The lesson keeps your place.' "Esc asks before quitting"
expect r 'y: yes   n Esc: no' "the question says which key answers what"
T send-keys -t r n
sleep 0.5
[ -f "$DIR/r.status" ] && fail "n after Esc quit the program"
expect r 'Step 1/8' "n after Esc stays in the lesson"
T send-keys -t r Escape Escape
sleep 0.5
[ -f "$DIR/r.status" ] && fail "two Esc presses quit the program"

# ---- the summary offers the next lesson ----------------------------------------
T send-keys -t r End
expect r 'Question 3 of 3' "the last question of lesson 3"
T send-keys -t r b Enter
expect r 'Nothing before the upgrade is protected' "the last explanation"
T send-keys -t r Space
expect r 'Lesson finished' "the summary at the end"
expect r 'n: next lesson' "the summary offers the next lesson"
expect r 'r: retake' "the summary offers a retake"
T send-keys -t r n
expect r 'Implicit TLS: encrypted from the first byte ─' "n opens lesson 4"
T send-keys -t r q
expect r 'choose a lesson' "q in lesson 4 returns to the picker"
expect r '✓ STARTTLS: upgrading.*done' "the picker marks lesson 3 finished"

# ---- a retake asks, then starts over without the answers ------------------------
grep -q '^answer 2 ' "$PROGRESS" || fail "lesson 3's last answer was saved"
T send-keys -t r Home Down Down r
expect r 'Take this lesson again from the start?' "r on a finished lesson asks first"
T send-keys -t r n
wait_for r 'Take this lesson again' && fail "n closes the question"
expect r 'Enter: open' "n keeps the picker"
grep -q '^answer' "$PROGRESS" || fail "n cleared the answers"
T send-keys -t r r
expect r 'Take this lesson again' "r asks again"
T send-keys -t r y
expect r 'This time the client submits' "y starts lesson 3 over at its first event"
expect r 'Step 0/8' "the retake is at the start"
grep -q '^answer' "$PROGRESS" && fail "a retake kept the old answers"
grep -q '^done 1' "$PROGRESS" && fail "a retake kept the lesson finished"

# Esc in the picker asks too; y quits.
T send-keys -t r q
expect r 'choose a lesson' "back to the picker"
T send-keys -t r Escape
expect r 'Quit tlssim?' "Esc in the picker asks before quitting"
T send-keys -t r y
wait_end r
[ "$(cat "$DIR/r.status" 2>/dev/null)" = 0 ] || fail "y after Esc quits with status 0"

# ---- the picker opens on the next unfinished lesson ------------------------------
# Lesson 1 finished (its last event reached) and 3 retaken: lesson 2 is next.
start o lessons/en/01-eight-steps.lesson
expect o 'Step 0/8' "lesson 1 opens"
T send-keys -t o End
sleep 0.5
T send-keys -t o Q
wait_end o
start n
expect n '▶ .*Plain SMTP' "the picker opens on the first unfinished lesson"

# ---- Japanese ------------------------------------------------------------------
T kill-session -t n
start j --lang ja
expect j 'レッスン' "the Japanese picker"
expect j '下にあと' "the Japanese picker says more lies below"
T send-keys -t j Escape
expect j 'tlssim を終了しますか？' "Esc asks in Japanese"
expect j 'y: はい' "the keys of the question in Japanese"
T send-keys -t j n Enter
expect j 'q レッスン一覧' "in a Japanese lesson q goes to the lesson list"
T send-keys -t j Q
wait_end j

if [ "$failed" -ne 0 ]; then
	echo "e2e_flow_tmux: FAILED"
	exit 1
fi
echo "e2e_flow_tmux: all checks passed"
