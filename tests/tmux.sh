# tmux.sh: what the tmux end-to-end tests share; sourced, not run.
# Set NAME (and TMUX_FLAGS, GREP_FIXED if wanted) before sourcing.  Gives:
#   TLSSIM   the binary under test (./tlssim unless set)
#   DIR      a temporary directory, removed on exit with the tmux server
#   T ...    tmux on a private socket
#   fail MSG, grab SESSION, show, wait_for SESSION PATTERN,
#   expect SESSION PATTERN WHAT, wait_file FILE; $failed is 1 after a fail.
# Patterns are grep regular expressions, or fixed strings with GREP_FIXED=-F.

TLSSIM=${TLSSIM:-./tlssim}
if ! command -v tmux >/dev/null 2>&1; then
	echo "$NAME: tmux is not installed (make test installs it)" >&2
	exit 1
fi
if [ ! -x "$TLSSIM" ]; then
	echo "$NAME: $TLSSIM is missing: run make tlssim first" >&2
	exit 1
fi

SOCK="tlssim-$NAME-$$"
DIR=$(mktemp -d) || exit 1
trap 'tmux -L "$SOCK" kill-server 2>/dev/null; rm -rf "$DIR"' EXIT
trap 'exit 1' INT TERM HUP
T() { tmux ${TMUX_FLAGS:-} -L "$SOCK" -f /dev/null "$@"; }
failed=0
# A server with no session exits, and a new-session sent while it exits
# fails ("server exited unexpectedly"): a session that only waits keeps it
# up between a test's kill-session and its next new-session.
T new-session -d -s hold -x 80 -y 24 "sleep 600" || exit 1

fail() {
	echo "FAIL: $*"
	failed=1
}

# Captures session $1 into $DIR/screen.
grab() {
	T capture-pane -p -t "$1" >"$DIR/screen" 2>/dev/null || : >"$DIR/screen"
}

show() {
	sed 's/^/    | /' "$DIR/screen"
}

# polls FILE-test or screen for up to 5 s: until CONDITION... succeeds
poll() {
	i=0
	while [ "$i" -lt 50 ]; do
		"$@" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

on_screen() {
	grab "$1"
	grep -q ${GREP_FIXED:-} -e "$2" "$DIR/screen"
}

# wait_for SESSION PATTERN: polls the screen for up to 5 s.
wait_for() {
	poll on_screen "$1" "$2"
}

expect() {
	if ! wait_for "$1" "$2"; then
		fail "$3: '$2' not on screen"
		show
	fi
}

# wait_file FILE: polls for up to 5 s until FILE is not empty.
wait_file() {
	poll test -s "$1"
}
