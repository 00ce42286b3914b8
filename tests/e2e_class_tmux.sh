#!/bin/sh
# A classroom on one machine, over 127.0.0.1 only: a teacher (--teach)
# and three students (--join) in tmux at 80x24, on a lesson file only the
# teacher has (it travels).  A wrong join code is refused with a clear
# message.  At a question all three answer, the teacher sees the counts
# and reveals the answer on every screen; the students follow five
# steps, a zoom and the inspector; one roams ahead and snaps back with
# f; the teacher quits and the students carry on alone.  Meanwhile build/tests/class_load adds
# five students and ten connections that send garbage or nothing for
# four seconds: the teacher counts the students, keeps stepping, and
# counts three again.  Everything stops within the tmux helpers' time
# limits; the trap of tests/tmux.sh ends the tmux server and every
# program in it.
NAME=e2e_class_tmux
. "$(dirname "$0")/tmux.sh"

export XDG_STATE_HOME="$DIR/state"	# no progress of this test anywhere else
# A port of the dynamic range, different in each run.
PORT=$((20000 + $$ % 20000))
# A lesson only the teacher has: it travels to the students.
LESSON=$DIR/only-the-teacher-has-it.lesson
cp lessons/en/03-starttls.lesson "$LESSON"
APP="$TLSSIM --no-animation --lang en"

T new-session -d -s teacher -x 80 -y 24 \
	"$APP --teach --listen 127.0.0.1 --port $PORT --restart $LESSON 2>$DIR/teach.err"
wait_file "$DIR/teach.err" || fail "the teacher never said how to join"
CODE=$(sed -n 's/.*tlssim --join 127\.0\.0\.1:[0-9]* \([0-9A-Z-]*\)$/\1/p' "$DIR/teach.err")
[ -n "$CODE" ] || { fail "no join code in: $(cat "$DIR/teach.err")"; exit 1; }
expect teacher "tlssim --join 127.0.0.1:$PORT $CODE" "the teacher's screen shows the command"
expect teacher "0 students" "no student yet"

# A code that names another key: refused, with the reason.
T new-session -d -s wrong -x 80 -y 24 \
	"$APP --join 127.0.0.1:$PORT 0000-0000-0000; echo exit=\$?; sleep 30"
expect wrong "this is not the teacher whose code" "a wrong code is refused"
expect wrong "exit=1" "a refused join exits 1"

for s in s1 s2 s3; do
	T new-session -d -s $s -x 80 -y 24 "$APP --join 127.0.0.1:$PORT $CODE"
	expect $s "following the teacher" "$s joins"
done
expect s1 "TCP connection to the server" "the lesson travelled to the student (its first section)"
expect teacher "3 students" "the teacher counts three students"

# Five more students and ten nasty connections for 4 s (class_load.c).
LOAD=${CLASS_LOAD:-build/tests/class_load}
if [ -x "$LOAD" ]; then
	"$LOAD" "$PORT" "$CODE" 4 5 10 >"$DIR/load.txt" 2>&1 &
	load=$!
	expect teacher "8 students" "the teacher counts the load's students"
	T send-keys -t teacher Right
	wait_for teacher " 2/19" || fail "the teacher does not step under garbage"
	T send-keys -t teacher Left
	wait "$load" || fail "the load's students could not all join: $(cat "$DIR/load.txt")"
	grep -q 'joined=5 .*positions_min=2 ' "$DIR/load.txt" ||
		fail "the load's students missed a step: $(cat "$DIR/load.txt")"
	expect teacher "3 students" "the teacher counts three again"
else
	fail "$LOAD is missing: make test builds it"
fi

# pos SESSION: the event counter "k/19" of the status line.
pos() {
	grab "$1"
	tail -n 1 "$DIR/screen" | grep -o ' [0-9]*/19' | head -n 1 | tr -d ' '
}
# same_as_teacher WHAT: every student shows the teacher's event.
same_as_teacher() {
	want=$(pos teacher)
	for s in s1 s2 s3; do
		poll test "$(pos $s)" = "$want" || { fail "$1: $s at $(pos $s), teacher at $want"; show; }
	done
}

# On to the first question; every student is asked it too.
i=0
while ! on_screen teacher "Question 1 of 3" && [ $i -lt 19 ]; do
	T send-keys -t teacher Right
	sleep 0.2
	i=$((i + 1))
done
expect teacher "Question 1 of 3" "the teacher reaches the question"
for s in s1 s2 s3; do
	expect $s "Question 1 of 3" "$s is asked the question"
done
T send-keys -t s1 a b Enter	# right
T send-keys -t s2 a Enter	# half
T send-keys -t s3 c Enter	# wrong
for s in s1 s2 s3; do
	expect $s "answer sent" "$s's answer goes to the teacher"
	grab $s
	grep -q "Right\.\|Not quite" "$DIR/screen" && fail "$s sees the answer before the reveal"
done
expect teacher "3 of 3 answered: a 2 b 1 c 1 d 0" "the teacher sees the counts"
T send-keys -t teacher r
expect s1 "Right\." "s1 sees it was right"
expect s2 "Not quite" "s2 sees it was not"
expect s3 "Not quite" "s3 sees it was not"
T send-keys -t teacher Enter	# the teacher closes the question
wait_for teacher "3 students" || fail "the question did not close on the teacher's screen"

at=$(pos teacher | cut -d/ -f1)
for k in 1 2 3 4 5; do
	T send-keys -t teacher Right
	wait_for teacher " $((at + k))/19" || fail "the teacher did not step to $((at + k))"
	same_as_teacher "step $k"
done

# The teacher zooms the wire pane and opens the inspector: so do the students.
T send-keys -t teacher z z
for s in s1 s2 s3; do
	expect $s "^╭─ Wire: what a sniffer sees ─────────────" "$s zooms the wire pane with the teacher"
done
T send-keys -t teacher i
for s in s1 s2 s3; do
	expect $s "Inspector: frame" "$s inspects the teacher's frame"
done
T send-keys -t teacher i Escape
for s in s1 s2 s3; do
	expect $s "^╭─ Client ─" "$s is back in the normal view with the teacher"
done

# s2 roams two events ahead, then f brings it back.
T send-keys -t s2 Right Right
expect s2 "on your own" "a student that steps is on its own"
[ "$(pos s2)" = "$(pos teacher)" ] && fail "s2 did not move ahead of the teacher"
T send-keys -t teacher Right
wait_for teacher " $((at + 6))/19"
sleep 0.3
[ "$(pos s2)" = "$((at + 6))/19" ] && fail "a roaming student followed anyway"
T send-keys -t s2 f
expect s2 "following the teacher" "f follows again"
same_as_teacher "after f"

# The teacher leaves; the students carry on alone.
T send-keys -t teacher q
for s in s1 s2 s3; do
	expect $s "the teacher has left" "$s is told the teacher left"
done
T send-keys -t s1 Enter	# closes the answer
T send-keys -t s1 Right
before=$(pos s1)
T send-keys -t s1 Right
poll test "$(pos s1)" != "$before" || fail "s1 cannot step alone"

[ "$failed" -eq 0 ] && echo "$NAME: ok"
exit "$failed"
