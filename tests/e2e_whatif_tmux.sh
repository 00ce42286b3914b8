#!/bin/sh
# e2e_whatif_tmux: exploring at 80x24 in a detached tmux server.  The
# what-if menu (w) switches on the strip attack at the EHLO event of
# smtp-starttls, and AUTH then crosses the wire in clear; auto-play (P)
# stops at a lesson's question; the event list (e) jumps; a lesson
# section's suggestion ("try:") is shown in the narration and offered
# first in the menu, the rest of which the lesson keeps; a click takes
# an entry; the checker refuses a bad suggestion with the valid values.
# HOME and XDG_STATE_HOME point into a temporary directory.
# Run from the repository root after `make tlssim`.
set -u

NAME=e2e_whatif_tmux
GREP_FIXED=-F
. tests/tmux.sh
mkdir -p "$DIR/home" "$DIR/state"

# start SESSION LOCALE ARGS...: the app at 80x24 in a new session.
start() {
	s=$1 loc=$2
	shift 2
	T new-session -d -s "$s" -x 80 -y 24 -c "$PWD" \
		"env HOME='$DIR/home' XDG_STATE_HOME='$DIR/state' LANG=$loc LC_ALL=$loc \
		 $TLSSIM $* 2>'$DIR/$s.err'; sleep 60"
	wait_for "$s" '╰' || { fail "$s: the app did not start"; cat "$DIR/$s.err"; }
}

# The wire pane's column of the screen (columns 22 to 55).
wire_has() {
	grab "$1"
	cut -c 22-57 "$DIR/screen" | grep -q -F -e "$2"
}

# ---- the menu: strip at EHLO, then the password in clear at AUTH -----------
start m C.UTF-8 --no-animation --seed 1 --scenario smtp-starttls \
	--tls-policy opportunistic --server-policy lax
T send-keys -t m Right Right
expect m 'EHLO: the client asks' "smtp-starttls at its EHLO event"
wire_has m 'S>C 250-STARTTLS' || fail "before the change the server offers STARTTLS"
T send-keys -t m w
expect m 'What if...' "w opens the what-if menu"
expect m '[ ] strip' "the menu lists the strip attack, off"
expect m '(•) opportunistic' "the menu marks the client's policy in force"
T send-keys -t m Enter
expect m 'what if: the strip attack' "choosing strip says so on the status line"
expect m 'EHLO: the client asks' "the story is rebuilt at the same point"
T send-keys -t m Right
expect m 'AUTH: the client logs in' "the next event is AUTH"
if wire_has m 'C>S AUTH PLAIN' && wire_has m '!! credential: user'; then :; else
	fail "the sniffer reads AUTH PLAIN and the credential in clear"
	show
fi
wire_has m '25kZXJsYW5k' || fail "the password's base64 crosses the wire in clear"

# A greyed entry says why: strip in implicit TLS.
start g C.UTF-8 --no-animation --scenario smtps
T send-keys -t g w
expect g 'needs STARTTLS: choose that mode first' "strip is greyed in smtps, with the reason"
T send-keys -t g Enter
grab g
tail -n 1 "$DIR/screen" | grep -q -F 'needs STARTTLS' || fail "Enter on a greyed entry says why"
T send-keys -t g Escape
wait_for g 'TCP connection' || fail "Esc closes the menu"

# ---- the mouse: a click moves the cursor, a second click takes -------------
start k C.UTF-8 --no-animation --scenario smtp-starttls
T send-keys -t k w
expect k '[ ] forge' "the menu for the mouse"
grab k
row=$(grep -n -F '[ ] forge' "$DIR/screen" | head -n 1 | cut -d: -f1)
# An xterm (X10) press and release at column 10 of that row, twice.
click() {
	cb=$(printf '\\%o' $((33 + 10)))
	cr=$(printf '\\%o' $((32 + $1)))
	T send-keys -t k -l "$(printf "\033[M ${cb}${cr}\033[M#${cb}${cr}")"
}
click "$row"
sleep 0.3
click "$row"
expect k 'what if: the forge attack' "two clicks on forge take it"

# ---- the event list: every event, Enter jumps --------------------------------
start e C.UTF-8 --no-animation --scenario smtps
T send-keys -t e e
expect e 'Events of the story' "e opens the event list"
expect e 'certificate        Certificate' "events by name and title"
# The help over the list, closed: the list shows again at once.
T send-keys -t e '?'
expect e 'take the entry under the cursor' "? over the event list opens its help"
T send-keys -t e x
sleep 0.3
expect e 'Events of the story' "closing the help shows the list below it again"
grab e
grep -q -E '^│ │ +3 +2  certificate' "$DIR/screen" || fail "the certificate event shows its number and step 2"
for i in 1 2 3 4 5 6 7 8 9 10 11; do T send-keys -t e Down; done
T send-keys -t e Enter
expect e 'AUTH: the client logs in' "Enter jumps to the chosen event"
T send-keys -t e e PPage Escape
wait_for e 'AUTH: the client logs in' || fail "Esc closes the list where it was"

# ---- auto-play stops at a lesson's question --------------------------------
start p C.UTF-8 --restart lessons/en/03-starttls.lesson
T send-keys -t p + + P
expect p 'playing: P pauses' "P plays, and the status line says so"
expect p 'Question 1 of 3' "auto-play opens the lesson's question"
expect p 'P plays on' "and pauses there"
T send-keys -t p a b Enter
expect p 'Right' "the question is answered"
T send-keys -t p P
expect p 'playing: P pauses' "P after the answer plays on"
expect p 'Step 1/8' "auto-play goes on into the handshake"
T send-keys -t p P
expect p 'paused: P plays on' "P pauses"

# ---- a lesson section's suggestion: shown, offered, the rest kept ----------
cat > "$DIR/try.lesson" <<'LESSON'
title: Strip it
lang: en
scenario: smtp-starttls
tls-policy: opportunistic
server-policy: lax

== at ehlo
The server offers STARTTLS.
try: attack=strip
LESSON
start l C.UTF-8 --no-animation "$DIR/try.lesson"
T send-keys -t l Right Right
expect l 'Try it: press w and choose attack: strip.' "the narration shows the suggestion"
T send-keys -t l w
expect l 'Suggested by the lesson' "the menu puts the suggestion first"
expect l '[ ] attack: strip' "the suggestion is offered"
T send-keys -t l Down Enter
expect l 'the lesson keeps this' "the lesson keeps what it does not suggest"
T send-keys -t l Up Enter
expect l 'what if: the strip attack' "the suggestion is taken"
T send-keys -t l w
expect l "back to the lesson's own settings" "the way back is offered"
T send-keys -t l Down Enter
expect l "back to the lesson's own settings" "and taken"
wire_has l 'S>C 250-STARTTLS' || fail "the lesson's own story is back"

# Lesson 9 offers the client's safe policy in the menu at EHLO.
start n C.UTF-8 --no-animation --restart lessons/en/09-starttls-stripping.lesson
T send-keys -t n Right Right
expect n 'Question 1 of' "lesson 9's question at EHLO"
expect n 'w: try tls-policy: required' "the status line names the suggestion the narration ends with"
T send-keys -t n c Enter Space w
expect n '( ) tls-policy: required' "lesson 9 suggests the client's required policy"

# The menu and the event list in Japanese: every Latin word on them is a
# name the Japanese --help, --list or transcript shows too (the values
# typed as they are, event names, the wire's words), or a key.
for v in classic 1.2 1.3; do
	"$TLSSIM" --plain --lang ja --seed 1 --scenario smtp-starttls --tls $v
done > "$DIR/ja.txt" 2>&1
# The events' names, as lessons write them (== at ehlo).
"$TLSSIM" --plain --seed 1 --scenario smtp-starttls | sed -n 's/^-- \([a-z0-9-]*\):.*/\1/p' >> "$DIR/ja.txt"
echo connect certificate validation session-key wrap transfer unwrap session >> "$DIR/ja.txt"
"$TLSSIM" --help --lang ja >> "$DIR/ja.txt" 2>&1
"$TLSSIM" --list --lang ja >> "$DIR/ja.txt" 2>&1
no_english() {	# no_english SESSION WHAT
	grab "$1"
	left=$(grep -o '[A-Za-z][A-Za-z0-9._@+-]*[A-Za-z0-9]' "$DIR/screen" | sort -u |
		grep -v -x -e Enter -e Esc -e PgUp -e PgDn | while read -r w; do
			grep -q -F -e "$w" "$DIR/ja.txt" || echo "$w"
		done)
	[ -z "$left" ] || { fail "$2: English on a Japanese screen: $left"; show; }
}
start j C.UTF-8 --lang ja --no-animation --scenario smtp-starttls
T send-keys -t j w
expect j '攻撃（一つずつオン／オフ）' "the menu in Japanese"
no_english j "the menu"
T send-keys -t j Escape e
expect j 'イベントの一覧' "the event list in Japanese"
no_english j "the event list"

# ---- the checker refuses a bad suggestion with the valid values -------------
sed 's/try: attack=strip/try: attack=stripp/' "$DIR/try.lesson" > "$DIR/bad.lesson"
if $TLSSIM --check "$DIR/bad.lesson" > /dev/null 2> "$DIR/err"; then
	fail "--check accepts try: attack=stripp"
fi
grep -q -F "bad.lesson:9:13: 'stripp' is not a value of attack (valid: strip, forge, expired, wrong-name, untrusted, tamper, key-leak)" \
	"$DIR/err" || { fail "--check names the valid attacks"; cat "$DIR/err"; }
sed 's/try: attack=strip/try: hop-b=dane/' "$DIR/try.lesson" > "$DIR/bad.lesson"
$TLSSIM --check "$DIR/bad.lesson" > /dev/null 2> "$DIR/err" && fail "--check accepts hop-b outside the relay"
grep -q -F "'hop-b=dane' cannot be tried in scenario smtp-starttls" "$DIR/err" ||
	fail "--check says hop-b does not apply"

# The lessons save their progress on quitting: let them, before the
# directory goes.
for s in p l n; do T send-keys -t "$s" q; done
sleep 1

if [ "$failed" -ne 0 ]; then
	echo "e2e_whatif_tmux: FAILED"
	exit 1
fi
echo "e2e_whatif_tmux: all checks passed"
