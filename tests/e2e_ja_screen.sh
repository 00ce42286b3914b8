#!/bin/sh
# e2e_ja_screen: a Japanese session at 80x24 shows no English beyond what
# crossed the wire and the names of things.  Every screen of smtp-starttls
# (the eight steps, in each of the three modes, Tab), the help overlay,
# the lesson picker and a lesson's question are read; each Latin word on
# them must also appear in the Japanese plain transcripts of the same runs
# (which tests/ja_complete.sh holds to wire bytes and names) or be one of
# the keys the status line names.  Run from the repository root after
# `make tlssim catalogs`; TLSSIM names another binary.
set -u
NAME=e2e_ja_screen TMUX_FLAGS=-u GREP_FIXED=-F
. tests/tmux.sh
mkdir -p "$DIR/home" "$DIR/state"
HOME="$DIR/home" XDG_STATE_HOME="$DIR/state" LANG=C.UTF-8 LC_ALL=C.UTF-8 LANGUAGE=
export HOME XDG_STATE_HOME LANG LC_ALL LANGUAGE

# The words the transcripts may hold: Latin runs of two letters or more.
words() { grep -o '[A-Za-z][A-Za-z0-9._@+-]*[A-Za-z0-9]' "$@" | sort -u; }
for s in smtp-starttls smtp-plain smtps; do
	for v in classic 1.2 1.3; do
		"$TLSSIM" --plain --lang ja --seed 1 --scenario "$s" --tls "$v"
	done
done > "$DIR/plain.txt" 2>&1
"$TLSSIM" --plain lessons/ja/03-starttls.lesson >> "$DIR/plain.txt" 2>&1
"$TLSSIM" --help --lang ja >> "$DIR/plain.txt" 2>&1
"$TLSSIM" --list --lang ja >> "$DIR/plain.txt" 2>&1
words "$DIR/plain.txt" > "$DIR/allowed"
# Keys and the hop names the screen shows by themselves.
printf '%s\n' q v x a h p Tab Home End PgUp PgDn Esc Enter Space Backspace Ctrl-L \
	Ctrl-H Ctrl Shift a-h A B >> "$DIR/allowed"
# Written in Latin letters in Japanese too (lesson text: OS やブラウザ).
echo OS >> "$DIR/allowed"
sort -u -o "$DIR/allowed" "$DIR/allowed"

checked=0
# english SCREEN_NAME: every Latin word of the last screen grabbed is
# allowed.  Panes cut and wrap long values (client.example.te / st,
# Exampl…, 42e0c021…), so a piece of a word the transcripts hold counts.
english() {
	checked=$((checked + 1))
	: > "$DIR/left"
	words "$DIR/screen" | comm -23 - "$DIR/allowed" | while read -r w; do
		grep -q -F -e "$w" "$DIR/plain.txt" || echo "$w"
	done > "$DIR/left"
	if [ -s "$DIR/left" ]; then
		fail "$1: English on a Japanese screen: $(tr '\n' ' ' < "$DIR/left")"
		show
	fi
}

start() {	# start SESSION ARGS...
	s=$1
	shift
	T new-session -d -s "$s" -x 80 -y 24 -c "$PWD" "$TLSSIM --lang ja $*; sleep 60"
}

start m --scenario smtp-starttls --seed 1 --no-animation
expect m 'ステップ 0/8' "the screen opens"
# STARTTLS and implicit TLS: the eight steps.
for mode in starttls implicit; do
	for k in 1 2 3 4 5 6 7 8; do
		T send-keys -t m "$k"
		expect m "ステップ $k/8" "$mode, step $k"
		sleep 0.2
		grab m
		english "$mode, step $k"
	done
	T send-keys -t m Tab
	sleep 0.3
done
# Plain: no steps; every event from the start.
T send-keys -t m Home
for k in 1 2 3 4 5 6 7 8 9 10; do
	T send-keys -t m Right
	sleep 0.2
	grab m
	english "plain, event $k"
done
T send-keys -t m '?'
expect m 'キー操作' "help"
grab m
english "help"
T send-keys -t m q q

start p
expect p 'レッスン' "picker"
grab p
english "picker"
T send-keys -t p q

# Lesson 3 in Japanese until its first question.
start l --restart lessons/ja/03-starttls.lesson
sleep 1
i=0
while [ $i -lt 40 ]; do
	grab l
	grep -q -F 'a)' "$DIR/screen" && break
	T send-keys -t l Right
	sleep 0.2
	i=$((i + 1))
done
grep -q -F 'a)' "$DIR/screen" || fail "lesson 3 (ja): no question reached"
english "a question of lesson 3"

[ "$failed" -eq 0 ] || { echo "e2e_ja_screen: FAILED"; exit 1; }
echo "e2e_ja_screen: $checked Japanese screens, no English beyond the wire and names"
