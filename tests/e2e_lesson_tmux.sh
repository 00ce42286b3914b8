#!/bin/sh
# e2e_lesson_tmux: a lesson in the curses app, driven in a detached tmux
# server.  Runs lesson 3 at 80x24: its narration shows, the first
# question is answered and explained, quitting and starting again resumes
# at the same event, --restart starts over, and the end shows the
# summary with the score.  Then the lesson picker: no arguments list the
# lessons, Enter opens the first, and a finished lesson is marked.
# HOME and XDG_STATE_HOME point into a temporary directory, so the
# student's real progress files are never touched.
# Run from the repository root after `make tlssim`.
set -u

NAME=e2e_lesson_tmux
. tests/tmux.sh
mkdir -p "$DIR/home" "$DIR/state"
LESSON=lessons/en/03-starttls.lesson
# The progress file of lesson 3: its name carries a hash of the lesson's
# path and content, so it is looked up once it exists.
progress_of() {
	ls "$DIR"/state/tlssim/"$1".*en.progress 2>/dev/null | head -n 1
}

# wait_gone SESSION PATTERN: polls for up to 5 s until it is off screen.
off_screen() {
	! on_screen "$1" "$2"
}

wait_gone() {
	poll off_screen "$1" "$2"
}

# wait_end SESSION: the app has ended (the shell wrote its status).
wait_end() {
	wait_file "$DIR/$1.status" && return 0
	fail "$1: the app did not end"
	grab "$1"
	show
	return 1
}

# start SESSION COLS ROWS LOCALE ARGS...: the app in a new session.
start() {
	s=$1 c=$2 r=$3 loc=$4
	shift 4
	rm -f "$DIR/$s.status"
	T new-session -d -s "$s" -x "$c" -y "$r" -c "$PWD" \
		"env HOME='$DIR/home' XDG_STATE_HOME='${STATE:-$DIR/state}' LANG=$loc LC_ALL=$loc \
		 $TLSSIM $*; echo \$? >'$DIR/$s.status'; sleep 60"
}

# ---- lesson 3: narration, a question, quit ---------------------------------
start a 80 24 C.UTF-8 --no-animation "$LESSON"
expect a 'This time the client submits' "lesson narration at the first event"
expect a 'STARTTLS: upgrading a plaintext' "lesson title on the narration box"
T send-keys -t a Right Right Right
expect a 'Question 1 of 3' "the question at the starttls event"
expect a 'a) The server' "choices labelled a, b, c"
T send-keys -t a a b Enter
expect a 'Right' "a right answer is called right"
expect a 'Everything before STARTTLS is plaintext' "the explanation follows the answer"
T send-keys -t a Space
wait_gone a 'Question 1 of 3' || fail "any key closes the answered question"
T send-keys -t a Right Right
expect a 'Step 2/8' "stepping on after the question"
grab a
cp "$DIR/screen" "$DIR/before-quit"
T send-keys -t a Q
wait_end a
[ "$(cat "$DIR/a.status" 2>/dev/null)" = 0 ] || fail "q exits 0"
PROGRESS=$(progress_of 03-starttls)
if [ -n "$PROGRESS" ] && [ -s "$PROGRESS" ]; then
	grep -q '^event [0-9]* certificate$' "$PROGRESS" || fail "progress names the event reached"
	grep -q '^answer 0 3 1$' "$PROGRESS" || fail "progress holds the answer"
else
	fail "no progress file under XDG_STATE_HOME"
fi
[ -z "$(ls -A "$DIR/home")" ] || fail "something was written under HOME despite XDG_STATE_HOME"
perm=$(ls -ld "$DIR/state/tlssim" | cut -c1-10)
[ "$perm" = drwx------ ] || fail "state directory mode $perm, wanted drwx------"

# ---- the same command resumes there ------------------------------------------
start b 80 24 C.UTF-8 --no-animation "$LESSON"
expect b 'Step 2/8' "resumed at the same event"
grep -q 'This time the client submits' "$DIR/screen" && fail "resumed at the start instead"
# Stepping back and forward does not ask an answered question again.
T send-keys -t b Left Left Left Right
sleep 0.3
expect b 'STARTTLS: switch to TLS' "back at the starttls event"
grep -q 'Question 1 of 3' "$DIR/screen" && fail "an answered question was asked again"
T send-keys -t b Q
wait_end b

# ---- another lesson of the same name has its own progress -------------------
mkdir -p "$DIR/other"
cp "$LESSON" "$DIR/other/03-starttls.lesson"
start e 80 24 C.UTF-8 --no-animation "$DIR/other/03-starttls.lesson"
expect e 'This time the client submits' "a lesson of the same name elsewhere starts afresh"
grep -q 'Step 2/8' "$DIR/screen" && fail "a lesson of the same name elsewhere took lesson 3's progress"
T send-keys -t e Q
wait_end e
[ "$(ls "$DIR/state/tlssim/" | grep -c '^03-starttls\..*\.en\.progress$')" = 2 ] ||
	fail "two lessons of the same name: not two progress files"

# ---- --restart starts over and forgets the answers ---------------------------
start c 80 24 C.UTF-8 --no-animation --restart "$LESSON"
expect c 'This time the client submits' "--restart starts at the first event"
expect c 'Step 0/8' "--restart: step indicator at the start"
grep -q '^answer' "$PROGRESS" && fail "--restart kept the old answers"
# Ctrl-L repaints everything and changes nothing.
T send-keys -t c C-l
expect c 'This time the client submits' "Ctrl-L keeps the screen"
# The last event asks its question, then the summary shows the score.
T send-keys -t c End
expect c 'Question 3 of 3' "the last event's question"
T send-keys -t c b Enter
expect c 'Nothing before the upgrade is protected' "the last explanation"
T send-keys -t c Space
expect c '1 of 3 questions answered right' "the summary counts the right answers"
expect c '2 not answered yet' "the summary counts the unanswered ones"
expect c '✓ A client is set to use TLS' "the summary marks each question"
T send-keys -t c Space
wait_gone c 'questions answered right' || fail "any key closes the summary"
T send-keys -t c Q
wait_end c
grep -q '^done 1$' "$PROGRESS" || fail "progress says the lesson is done"

# The picker marks a finished lesson.
start k 80 24 C.UTF-8 --no-animation
expect k 'done, 1/1 right' "the picker marks a finished lesson"
T send-keys -t k Q
wait_end k

# ---- a corrupt progress file is ignored ----------------------------------------
printf 'tlssim-progress 1\nevent 99999 \033[2J\n' >"$PROGRESS"
start d 80 24 C.UTF-8 --no-animation "$LESSON"
expect d 'This time the client submits' "a corrupt progress file starts afresh"
T send-keys -t d Q
wait_end d
[ "$(cat "$DIR/d.status" 2>/dev/null)" = 0 ] || fail "corrupt progress: exit status"

# ---- two runs at once: the last to quit keeps the other's answers -------------
start x 80 24 C.UTF-8 --no-animation "$LESSON"
expect x 'This time the client submits' "first of two runs at the start"
start y 80 24 C.UTF-8 --no-animation "$LESSON"
expect y 'This time the client submits' "second of two runs at the start"
T send-keys -t x Right Right Right
expect x 'Question 1 of 3' "first run: the question"
T send-keys -t x a b Enter
expect x 'Right' "first run: answered"
T send-keys -t x Space
wait_gone x 'Question 1 of 3'
T send-keys -t x Q
wait_end x
grep -q '^answer 0 3 1$' "$PROGRESS" || fail "first run: its answer saved"
T send-keys -t y Q
wait_end y
grep -q '^answer 0 3 1$' "$PROGRESS" ||
	fail "the run that quit last overwrote the other run's answer"

# ---- a save that fails is said, and the exit status says so --------------------
: > "$DIR/not-a-dir"
STATE="$DIR/not-a-dir"
start f 80 24 C.UTF-8 --no-animation "$LESSON"
unset STATE
expect f 'This time the client submits' "a run whose progress cannot be saved starts"
T send-keys -t f Q
wait_end f
expect f "cannot save the lesson's progress" "a failed save at exit is said"
[ "$(cat "$DIR/f.status" 2>/dev/null)" = 1 ] || fail "a failed save at exit: status $(cat "$DIR/f.status"), wanted 1"

# ---- --pcap and --keylog from the screen: the timeline shown ---------------------
start g 80 24 C.UTF-8 --no-animation --scenario smtps --seed 1 --pcap "$DIR/g.pcap" --keylog "$DIR/g.keys"
expect g 'Step 0/8' "the screen with --pcap"
T send-keys -t g Q
wait_end g
$TLSSIM --plain --scenario smtps --seed 1 --pcap "$DIR/plain.pcap" --keylog "$DIR/plain.keys" > /dev/null
cmp -s "$DIR/g.pcap" "$DIR/plain.pcap" || fail "--pcap on the screen: not the run's capture"
cmp -s "$DIR/g.keys" "$DIR/plain.keys" || fail "--keylog on the screen: not the run's key log"
start h 80 24 C.UTF-8 --no-animation --pcap "$DIR/h.pcap" "$LESSON"
expect h 'This time the client submits' "a lesson with --pcap"
T send-keys -t h Q
wait_end h
[ -s "$DIR/h.pcap" ] || fail "--pcap with a lesson on the screen wrote nothing"

# ---- the picker ---------------------------------------------------------------
start p 80 24 C.UTF-8 --no-animation
expect p 'choose a lesson' "no arguments open the picker"
expect p 'The eight steps of a TLS handshake' "the picker lists lesson titles"
expect p 'STARTTLS: upgrading a plaintext connection' "the picker lists lesson 3"
T send-keys -t p Down
sleep 0.2
T send-keys -t p Up Enter
expect p 'The eight steps of a TLS handshake ─' "Enter opens the first lesson"
T send-keys -t p Q
wait_end p
start q 80 24 C.UTF-8 --no-animation
expect q 'stopped at 1/' "the picker marks where a lesson stopped"
T send-keys -t q Q
wait_end q

# Japanese with --lang ja.
start j 80 24 C.UTF-8 --no-animation --lang ja
expect j 'TLS ハンドシェイクの 8 つのステップ' "--lang ja lists the Japanese lessons"
T send-keys -t j Q
wait_end j

# ---- a plain scenario run borrows the narration of the lesson of the same story
# (lesson 3 runs TLS 1.3), asks nothing --------------------------------------------
start s 80 24 C.UTF-8 --scenario smtp-starttls --tls 1.3 --seed 1 --no-animation
expect s 'This time the client submits' "--scenario gets the shipped narration"
T send-keys -t s Right Right Right
expect s 'STARTTLS: switch to TLS' "--scenario at the starttls event"
grep -q 'Question' "$DIR/screen" && fail "--scenario asked a question"
T send-keys -t s Q
wait_end s

if [ "$failed" -ne 0 ]; then
	echo "e2e_lesson_tmux: FAILED"
	exit 1
fi
echo "e2e_lesson_tmux: all checks passed"
