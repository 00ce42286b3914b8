#!/bin/sh
# e2e_tmux: drives the curses app in a detached tmux server and reads the
# screen back with capture-pane.  Checks pane titles, the step indicator,
# stepping forward and back, Tab, the help overlay, resizing down to the
# too-small message and back, the ASCII fallback, and that the terminal
# is restored (icanon, echo) after q, SIGTERM and SIGINT.
# Run from the repository root after `make tlssim`.
set -u

NAME=e2e_tmux
. tests/tmux.sh
# TLS 1.3, the version of lesson 3, whose narration the run borrows.
APP="$TLSSIM --scenario smtp-starttls --tls 1.3 --seed 1 --no-animation"

# Starts the app in session $1 (cols $2, rows $3, locale $4); when it
# ends the shell records the exit status and the terminal's modes.
start() {
	T new-session -d -s "$1" -x "$2" -y "$3" -c "$PWD" \
		"env LANG=$4 LC_ALL=$4 sh -c '$APP; echo \$? >$DIR/$1.status; stty -a >$DIR/$1.stty; sleep 60'"
}

# The terminal modes after the app ended in session $1.
check_restored() {
	if ! wait_file "$DIR/$1.stty"; then
		fail "$1: the app did not end"
		grab "$1"
		show
		return
	fi
	grep -Eq '(^|[ ;])icanon([ ;]|$)' "$DIR/$1.stty" || fail "$1: icanon not restored"
	grep -Eq '(^|[ ;])echo([ ;]|$)' "$DIR/$1.stty" || fail "$1: echo not restored"
	if grep -Eq '(^|[ ;])-(icanon|echo)([ ;]|$)' "$DIR/$1.stty"; then
		fail "$1: terminal left in raw mode"
		cat "$DIR/$1.stty"
	fi
	st=$(cat "$DIR/$1.status")
	[ "$st" = "$2" ] || fail "$1: exit status $st, wanted $2"
}

# The pid of tlssim running under session $1's shell.
app_pid() {
	sh_pid=$(T display-message -p -t "$1" '#{pane_pid}')
	ps -eo pid=,ppid=,comm= | awk -v p="$sh_pid" '$3 == "sh" && $2 == p { print $1 }' >"$DIR/mid"
	mid=$(head -n 1 "$DIR/mid")
	ps -eo pid=,ppid=,comm= | awk -v p="${mid:-$sh_pid}" '$2 == p && $3 == "tlssim" { print $1 }'
}

# ---- 80x24, UTF-8 -------------------------------------------------------
start m 80 24 C.UTF-8
expect m 'Wire: what a sniffer sees' "80x24 wire pane"
expect m '─ Client ─' "80x24 client pane"
expect m '─ Server ─' "80x24 server pane"
expect m 'Step 0/8' "80x24 step indicator"
expect m 'SMTP 587 STARTTLS' "80x24 status line"
expect m '│ seeded  ' "80x24 seeded label (short)"
# With the seed the step marks give way: the position and the keys stay.
expect m 'Step 0/8 1/19 │' "80x24 event counter beside a seed"
expect m '←→ step  ? help  q quit' "80x24 key hints beside a seed"
expect m 'STARTTLS · TLS 1.3' "80x24 TLS version"
expect m 'TCP' "80x24 narration"

# Two steps forward: remember the narration box's title line (the second
# line starting a box), then three forward and one back must show it again.
T send-keys -t m Right Right
expect m 'C>S EHLO' "80x24 EHLO in the sniffer log"
sleep 0.2
grab m
two=$(sed -n '/^╭/p' "$DIR/screen" | sed -n '2p')
T send-keys -t m Right
sleep 0.2
T send-keys -t m Left
sleep 0.3
grab m
back=$(sed -n '/^╭/p' "$DIR/screen" | sed -n '2p')
[ -n "$two" ] && [ "$two" = "$back" ] || {
	fail "80x24 one step back should show the same event: '$two' vs '$back'"
	show
}

# Step 5 by number, then its title.
T send-keys -t m 5
expect m 'Step 5/8' "80x24 key 5 jumps to step 5"

# Help overlay generated from the key table.
T send-keys -t m '?'
expect m 'jump to handshake step' "80x24 help overlay"
expect m 'Backspace' "80x24 help lists every key"
T send-keys -t m Space
wait_for m 'jump to handshake step' && sleep 0.3
grab m
if grep -q 'jump to handshake step' "$DIR/screen"; then
	fail "80x24 help overlay did not close"
fi

# Tab: STARTTLS -> implicit TLS, landing on the same step.
T send-keys -t m Tab
expect m 'SMTP 465 implicit TLS' "80x24 Tab switches the mode"
expect m 'Step 5/8' "80x24 Tab keeps the step"

# Too small, then back.
T resize-window -t m -x 40 -y 10
expect m 'too small' "40x10 message"
expect m 'needs' "40x10 says the size needed"
T resize-window -t m -x 80 -y 24
expect m 'Wire: what a sniffer sees' "80x24 after resize"
expect m 'SMTP 465 implicit TLS' "80x24 after resize keeps the mode"

T send-keys -t m q
check_restored m 0

# ---- 132x43 --------------------------------------------------------------
start w 132 43 C.UTF-8
expect w 'Wire: what a sniffer sees' "132x43 wire pane"
expect w '1/[0-9]' "132x43 event position"
expect w 'seeded: teaching only' "132x43 seeded label"
expect w 'v version' "132x43 v in the key hints"
T send-keys -t w Right Right Right
expect w '4/[0-9]' "132x43 three steps forward"
T send-keys -t w Left
expect w '3/[0-9]' "132x43 one step back"
T send-keys -t w End
expect w 'Step 8/8' "132x43 End reaches the last event"
T send-keys -t w Home
expect w 'Step 0/8' "132x43 Home goes back to the start"
# SIGTERM: the app ends and the terminal is restored.
pid=$(app_pid w)
if [ -n "$pid" ]; then
	kill -TERM "$pid"
	check_restored w 143
else
	fail "132x43: no tlssim process found"
fi

# ---- SIGINT, and the ASCII fallback under LANG=C ---------------------------
start c 80 24 C
expect c '+- Client -' "LANG=C ASCII box"
grab c
if LC_ALL=C grep -q "$(printf '\342')" "$DIR/screen"; then
	fail "LANG=C screen holds UTF-8 box drawing"
	show
fi
pid=$(app_pid c)
if [ -n "$pid" ]; then
	kill -INT "$pid"
	check_restored c 130
else
	fail "LANG=C: no tlssim process found"
fi

if [ "$failed" -ne 0 ]; then
	echo "e2e_tmux: FAILED"
	exit 1
fi
echo "e2e_tmux: all checks passed"
