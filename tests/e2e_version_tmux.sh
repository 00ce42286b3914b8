#!/bin/sh
# e2e_version_tmux: the TLS version on screen.  v switches classic -> 1.2
# -> 1.3 -> classic at the same point of the story, the status line names
# the version, and the wire pane shows what a sniffer really sees in each
# (the certificate in clear in 1.2, only encrypted records in 1.3); a
# plain scenario has no version to switch and a lesson keeps its own; the
# wire pane's title tells a passive recording (key-leak) from an attacker
# in the middle and from a server's own broken certificate; a tab inside a
# mail header is drawn as a tab mark, never as a '.'.
# Run from the repository root after `make tlssim`.
set -u

NAME=e2e_version_tmux
GREP_FIXED=-F
. tests/tmux.sh

# start SESSION COLS ROWS LOCALE ARGS...: the app in a detached session.
start() {
	s=$1 c=$2 r=$3 l=$4
	shift 4
	T new-session -d -s "$s" -x "$c" -y "$r" -c "$PWD" \
		"env LANG=$l LC_ALL=$l XDG_STATE_HOME=$DIR/state $TLSSIM $*; sleep 60"
}

absent() {
	grab "$1"
	if grep -q -F -e "$2" "$DIR/screen"; then
		fail "$3: '$2' on screen"
		show
	fi
}

# The wire pane's log: what lies between the client and server panes.
wire_log() {
	grab "$1"
	awk -F '││' 'NR > 3 && NF == 3 { print $2 }' "$DIR/screen" >"$DIR/wire"
}

# ---- v at step 2 of smtp-starttls, 80x24 --------------------------------
start v 80 24 C.UTF-8 --scenario smtp-starttls --seed 1 --no-animation
expect v 'STARTTLS · classic' "classic to begin with"
T send-keys -t v 2
expect v 'Step 2/8: Certificate' "key 2"
expect v 'TLS Certificate in clear' "classic: the certificate in clear"
expect v 'press v' "classic: the narration points at TLS 1.3"

T send-keys -t v v
expect v 'STARTTLS · TLS 1.2' "v: TLS 1.2 on the status line"
expect v 'switched to TLS 1.2' "v: says what it did"
expect v 'Step 2/8 ' "v keeps step 2"
expect v 'TLS Certificate in clear' "TLS 1.2: the certificate in clear"

T send-keys -t v v
expect v 'STARTTLS · TLS 1.3' "v again: TLS 1.3"
expect v 'Step 2/8 ' "v keeps step 2 in TLS 1.3"
# smtp-starttls in TLS 1.3 is lesson 3's story: its narration takes over
expect v 'inside encrypted records' "TLS 1.3: the narration says so"
sleep 0.2
wire_log v
# Every record the sniffer got at step 2 is unreadable, the certificate
# is nowhere: only "[23] N bytes, unreadable" and their hex.
if ! grep -q -F '▸S>C [23]' "$DIR/wire" ||
	grep '▸' "$DIR/wire" | grep -v -q -F '[23]' ||
	grep -q -F 'Certificate' "$DIR/wire"; then
	fail "TLS 1.3 step 2: the wire should show only [23] records"
	show
fi
grep -q -F 'unreadable' "$DIR/wire" || fail "TLS 1.3 step 2: records are unreadable"

T send-keys -t v v
expect v 'STARTTLS · classic' "v a third time: back to classic"
expect v 'Step 2/8 ' "back at step 2"

# Tab and v together: the mode changes, the version stays.
T send-keys -t v v Tab
expect v 'SMTP 465 implicit TLS · TLS 1.2' "Tab keeps the version"

# The help overlay lists v.
T send-keys -t v '?'
expect v 'switch TLS version' "help lists v"
T send-keys -t v q q

# ---- Japanese ------------------------------------------------------------
start j 80 24 C.UTF-8 --lang ja --scenario smtp-starttls --seed 1 --no-animation
expect j '· 古典モデル' "ja: classic"
T send-keys -t j 2 v v
expect j '· TLS 1.3' "ja: v to TLS 1.3"
expect j 'ステップ 2/8' "ja: v keeps step 2"
expect j '暗号化されたレコードの中' "ja: TLS 1.3 narration"
T send-keys -t j q

# The automatic narration, where no lesson tells this story (imaps).
start n 80 24 C.UTF-8 --scenario imaps --tls 1.3 --seed 1 --no-animation
T send-keys -t n 2
expect n 'TLS 1.3 encrypts the' "TLS 1.3: the automatic narration says so"
T send-keys -t n q

# ---- a plain scenario, a lesson -----------------------------------------
start p 80 24 C.UTF-8 --scenario smtp-plain --seed 1 --no-animation
expect p 'SMTP 25 plain' "plain scenario"
absent p 'classic' "plain: no version on the status line"
T send-keys -t p v
expect p 'no TLS, so no version to switch' "plain: v says there is none"
T send-keys -t p q

start l 80 24 C.UTF-8 --restart lessons/en/03-starttls.lesson
expect l 'STARTTLS: upgrading a plaintext' "lesson open"
T send-keys -t l v
expect l 'a lesson keeps its scenario' "lesson: v does what Tab does"
T send-keys -t l Q

# ---- the wire pane's title -----------------------------------------------
start k 80 24 C.UTF-8 --scenario smtp-starttls --seed 1 --no-animation --attack key-leak
expect k 'Wire: recorded now, read later' "key-leak: a passive recording"
absent k 'attacker in the middle' "key-leak is passive"
T send-keys -t k q
start e 80 24 C.UTF-8 --scenario smtp-starttls --seed 1 --no-animation --attack expired
expect e 'Wire: what a sniffer sees' "expired: the server's own certificate"
T send-keys -t e q
start s 80 24 C.UTF-8 --scenario smtp-starttls --seed 1 --no-animation --attack strip
expect s 'Wire: attacker in the middle' "strip: an attacker in the middle"
T send-keys -t s q

# ---- a tab in a mail header, hop B of the relay --------------------------
# End, then back to the message event of hop B (in clear: hop B plain).
start r 132 43 C.UTF-8 --scenario relay --hop-b plain --seed 1 --no-animation
expect r 'Step 0/8' "relay open"
T send-keys -t r End Left
expect r 'The message itself' "relay: hop B's message"
expect r 'C>S →by mail.example.test (Postfix)' "a tab in the Received header is a tab mark"
absent r 'C>S .by mail' "the tab is not a dot"
T send-keys -t r q
start a 132 43 C --scenario relay --hop-b plain --seed 1 --no-animation
expect a 'Step 0/8' "relay open (ASCII)"
T send-keys -t a End Left
expect a 'C>S >by mail.example.test (Postfix)' "ASCII: the tab mark is '>'"
T send-keys -t a q

if [ "$failed" -ne 0 ]; then
	echo "e2e_version_tmux: FAILED"
	exit 1
fi
echo "e2e_version_tmux: all checks passed"
