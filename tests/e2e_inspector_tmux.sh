#!/bin/sh
# e2e_inspector_tmux: the packet inspector at 80x24.  i opens it on the
# newest frame; Left/Right go from frame to frame, Up/Down from field to
# field.  On the ClientHello of smtp-starttls it lists the server_name
# field and shows the hex row holding mail.example.test's bytes, in
# reverse video (also with NO_COLOR); on the application-data record of
# AUTH it shows the ciphertext beside the decrypted AUTH PLAIN line, with
# the key and nonce.  TLS 1.3 and 1.2, English, Japanese, an ASCII
# locale; a click on a wire-pane line opens it on that line's frame.
# Run from the repository root after `make tlssim`.
set -u

NAME=e2e_inspector_tmux
GREP_FIXED=-F
. tests/tmux.sh

# start SESSION LOCALE ARGS...: the app at 80x24 in a detached session.
start() {
	s=$1 l=$2
	shift 2
	T new-session -d -s "$s" -x 80 -y 24 -c "$PWD" \
		"env LANG=$l LC_ALL=$l XDG_STATE_HOME=$DIR/state $TLSSIM $*; sleep 60"
}

# seek SESSION REGEX KEY MAX: presses KEY until REGEX (grep -E) is on screen.
seek() {
	n=0
	while [ "$n" -le "$4" ]; do
		sleep 0.1
		grab "$1"
		grep -q -E -e "$2" "$DIR/screen" && return 0
		T send-keys -t "$1" "$3"
		n=$((n + 1))
	done
	wait_e "$1" "$2" && return 0
	fail "$1: '$2' not reached with $3"
	show
	return 1
}

# wait_e SESSION REGEX: the screen matches REGEX (up to 1 s).
wait_e() {
	i=0
	while [ "$i" -lt 10 ]; do
		grab "$1"
		grep -q -E -e "$2" "$DIR/screen" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

expect_e() {
	if ! wait_e "$1" "$2"; then
		fail "$3: '$2' not on screen"
		show
	fi
}

# reverse SESSION REGEX WHAT: the row matching REGEX holds reverse video.
reverse() {
	T capture-pane -e -p -t "$1" >"$DIR/attr"
	if ! grep -E -e "$2" "$DIR/attr" | grep -q -E "$(printf '\033')\[([0-9]+;)*7(;[0-9]+)*m"; then
		fail "$3: no reverse video on the row '$2'"
		sed 's/^/    | /' "$DIR/attr" | cat -v
	fi
}

# name_in_hex SESSION BORDER: the ASCII column of the hex rows on show
# holds mail.example.test; $first is the row of its first byte.
name_in_hex() {
	grab "$1"
	grep -E "^$2 [0-9a-f]{4}  " "$DIR/screen" | cut -b $((${#2} + 58))- | cut -c 1-16 | tr -d '\n' >"$DIR/ascii"
	if ! grep -q 'mail\.example\.test' "$DIR/ascii"; then
		fail "$1: mail.example.test not in the ASCII column"
		show
	fi
	r=$(grep -o -E '[0-9]+[-〜][0-9]+ ' "$DIR/screen" | head -1 | grep -o -E '^[0-9]+')
	first=$(printf '%04x' $(( ${r:-0} / 16 * 16 )))
}

# client_hello SESSION CURSOR SN: from step 1 to the ClientHello's server_name.
client_hello() {
	T send-keys -t "$1" 1
	sleep 0.2
	T send-keys -t "$1" i
	expect "$1" "$4" "i opens the inspector"
	seek "$1" 'ClientHello( \(|（)1' Left 12 || return
	seek "$1" "$2 +$3" Down 40 || return
	expect_e "$1" '[0-9]+[-〜][0-9]+ ' "the field's byte range is named"
	name_in_hex "$1" '│'
	reverse "$1" "$first  " "the name's first bytes highlighted"
}

# auth SESSION: from the last event back to the record carrying AUTH PLAIN.
auth() {
	T send-keys -t "$1" Escape
	expect "$1" '╮╭─' "Esc closes the inspector"
	T send-keys -t "$1" End
	sleep 0.2
	T send-keys -t "$1" i
	seek "$1" '([0-9a-f]{2} ){12} +AUTH PLAIN' Left 25
}

for v in 1.3 1.2; do
	s=en${v%.*}${v#*.}
	start "$s" C.UTF-8 --scenario smtp-starttls --tls "$v" --seed 1 --no-animation
	client_hello "$s" '▸' 'server_name: mail.example.test' 'Inspector: frame'
	expect "$s" 'extension: server_name (0)' "TLS $v: the extension by name"
	expect_e "$s" 'Bytes (95-111|61-77) of' "TLS $v: the name's 17 bytes at their offset"
	auth "$s"
	expect "$s" 'ciphertext (what a sniffer sees)' "TLS $v: the ciphertext column"
	expect "$s" 'plaintext: application_data, 53 bytes' "TLS $v: the plaintext column"
	expect "$s" 'only the two endpoints hold this key' "TLS $v: who holds the key"
	expect_e "$s" 'key: +[0-9a-f]{64}' "TLS $v: the key"
	expect_e "$s" 'nonce: [0-9a-f]{24} \(ChaCha20-Poly1305, record [0-9]+' "TLS $v: the nonce"
	expect_e "$s" 'TLS record: application_data, length [0-9]+' "TLS $v: the record header named"
	T send-keys -t "$s" '?'
	expect "$s" 'next frame' "help in the inspector lists its keys"
	T kill-session -t "$s"
done

# Japanese: every label translated, protocol names as they are.
start ja C.UTF-8 --lang ja --scenario smtp-starttls --tls 1.3 --seed 1 --no-animation
client_hello ja '▸' 'server_name：mail.example.test' 'インスペクター：フレーム'
expect ja '拡張：server_name（0）' "ja: the extension"
expect ja 'カーソルのあるフィールド' "ja: the byte range"
auth ja
expect ja '暗号文（スニファーに見えるもの）' "ja: the ciphertext column"
expect ja '平文：application_data、53 バイト' "ja: the plaintext column"
expect ja '通信の両端だけ' "ja: who holds the key"
grab ja
if grep -q -E 'Decrypted|Inspector|plaintext:|legacy version' "$DIR/screen"; then
	fail "ja: English on the inspector"
	show
fi
T kill-session -t ja

# An ASCII locale, and no colour: the cursor and the bytes still show.
T new-session -d -s asc -x 80 -y 24 -c "$PWD" \
	"env LANG=C LC_ALL=C NO_COLOR=1 XDG_STATE_HOME=$DIR/state $TLSSIM --scenario smtp-starttls --tls 1.3 --seed 1 --no-animation; sleep 60"
T send-keys -t asc 1
sleep 0.2
T send-keys -t asc i
seek asc 'ClientHello \(1\)' Left 12
seek asc '> +server_name: mail.example.test' Down 40
name_in_hex asc '|'
reverse asc "$first  " "NO_COLOR: the name's bytes in reverse video"
auth_ascii() {
	T send-keys -t asc Escape
	T send-keys -t asc End
	sleep 0.2
	T send-keys -t asc i
	seek asc '([0-9a-f]{2} ){12} +AUTH PLAIN' Left 25
}
auth_ascii
T kill-session -t asc

# Before any frame there is nothing to inspect; q quits from the inspector.
T new-session -d -s q -x 80 -y 24 -c "$PWD" \
	"env LANG=C.UTF-8 LC_ALL=C.UTF-8 XDG_STATE_HOME=$DIR/state $TLSSIM --scenario smtp-starttls --seed 1 --no-animation; echo tlssim-ended; sleep 60"
T send-keys -t q Home
sleep 0.2
T send-keys -t q i
expect q 'no frame on the wire yet' "i before the first frame says so"
T send-keys -t q 1
sleep 0.2
T send-keys -t q i
expect q 'Inspector: frame' "i after step 1 opens it"
T send-keys -t q q
expect q 'tlssim-ended' "q quits from the inspector"
T kill-session -t q

# The mouse: a click on a line of the wire pane opens that line's frame.
start m C.UTF-8 --scenario smtp-starttls --tls 1.3 --seed 1 --no-animation
T send-keys -t m 1
expect m 'S>C TLS 1.3: every record after' "step 1 in the wire pane"
grab m
row=$(grep -n 'S>C TLS 1.3: every record after' "$DIR/screen" | head -1 | cut -d: -f1)
y=$((row - 1))
# X10 mouse report: ESC [ M, then button, column and row, each plus 32 (1-based)
click=$(printf '\033[M %b%b' "\\0$(printf '%o' $((33 + 30)))" "\\0$(printf '%o' $((33 + y)))")
release=$(printf '\033[M#%b%b' "\\0$(printf '%o' $((33 + 30)))" "\\0$(printf '%o' $((33 + y)))")
T send-keys -t m -l "$click"
T send-keys -t m -l "$release"
expect m 'Inspector: frame 7 of 7, hop A S>C' "a click opens the inspector on that frame"
expect m 'handshake: ServerHello (2)' "the clicked frame is the ServerHello"
T kill-session -t m

if [ "$failed" -ne 0 ]; then
	echo "$NAME: FAIL"
	exit 1
fi
echo "$NAME: ok"
