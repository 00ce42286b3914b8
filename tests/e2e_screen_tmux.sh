#!/bin/sh
# e2e_screen_tmux: nothing a lesson points at is lost at 80x24.  The
# narration scrolls with marks on its borders (the DANE paragraph of relay
# hop B); z zooms each pane to the whole screen and scrolls it (all the
# key-leak recording); credentials wrap instead of ending in an ellipsis
# (the password of smtp-plain); a question leaves the narration readable,
# says "tick all that apply" and marks right and wrong unambiguously, and
# keeps the cursor's choice in sight when the choices do not fit.  And the
# smaller items: a long status message, a seed beside the key hints, the
# status on hop B, the narration of an exchange, the tcp event's wire
# line, the wrapped key under its frame, tabs in lesson text.  Last, the
# README's screen must be what the app shows.
# HOME and XDG_STATE_HOME point into a temporary directory.
# Run from the repository root after `make tlssim`.
set -u

NAME=e2e_screen_tmux TMUX_FLAGS=-u GREP_FIXED=-F
. tests/tmux.sh
mkdir -p "$DIR/home" "$DIR/state"

# start SESSION ARGS...: the app at 80x24 in a UTF-8 locale.
start() {
	s=$1
	shift
	T new-session -d -s "$s" -x 80 -y 24 -c "$PWD" \
		"env HOME='$DIR/home' XDG_STATE_HOME='$DIR/state' LANG=C.UTF-8 LC_ALL=C.UTF-8 \
		 $TLSSIM $* --no-animation; sleep 60"
	wait_for "$s" 'Step ' || fail "$s: the app did not start"
}

# Row $2 (1-based) of the last grab.
row() {
	sed -n "${1}p" "$DIR/screen"
}

# not_on_screen SESSION TEXT WHAT: TEXT must not be on the screen.
not_on_screen() {
	grab "$1"
	if grep -qF -e "$2" "$DIR/screen"; then
		fail "$3: '$2' on screen"
		show
	fi
}

# ---- the narration scrolls: the DANE paragraph of relay hop B ----------
start relay --scenario relay --hop-b plain
T send-keys -t relay End
expect relay 'QUIT: goodbye' "relay: End"
expect relay '↓ 2 more lines' "relay: a mark says more lies below the narration"
not_on_screen relay 'instead of falling back.' "relay: the conclusion is below before scrolling"
T send-keys -t relay Down Down
expect relay 'instead of falling back.' "relay: Down scrolls the narration to its end"
expect relay '↑ 2 more lines' "relay: a mark says more lies above"
expect relay 'DANE (RFC 7672)' "relay: the DANE paragraph is readable"
# Honest about the hop: hop B's link on the status line, not hop A's mode.
expect relay '│ hop B: SMTP 25' "relay: the status line names hop B"
not_on_screen relay 'SMTP 587 STARTTLS' "relay: hop A's mode is not claimed on hop B"
T send-keys -t relay Up Up
expect relay '↓ 2 more lines' "relay: Up scrolls back"

# z four times: the narration fills the screen, all of it at once.
T send-keys -t relay z z z z
expect relay 'zoom: narration' "relay: the fourth z zooms the narration"
expect relay 'Two standards let a receiving domain' "relay: zoomed narration, first line"
expect relay 'instead of falling back.' "relay: zoomed narration, last line"
T send-keys -t relay z
expect relay 'normal view' "relay: a fifth z returns to the normal view"
expect relay '─ Client ─' "relay: the panes are back"

# Wide enough for host names in the titles: named on hop A only, where
# the panes show that host's knowledge alone.
T new-session -d -s wide -x 132 -y 30 -c "$PWD" \
	"env HOME='$DIR/home' XDG_STATE_HOME='$DIR/state' LANG=C.UTF-8 LC_ALL=C.UTF-8 \
	 $TLSSIM --scenario relay --hop-b plain --no-animation; sleep 60"
expect wide 'Client: client.example.test' "wide: hop A names the client's host"
T send-keys -t wide End
expect wide 'hop B: SMTP 25' "wide: at the end, on hop B"
not_on_screen wide 'Server: mx.example.org' "wide: hop B's host is not claimed for the whole list"
not_on_screen wide 'Client: mail.example.test' "wide: hop B's host is not claimed for the whole list"

# ---- the password wraps: smtp-plain after three steps -------------------
start plain --scenario smtp-plain
# The tcp event: the sniffer saw the connection open; the line is there.
expect plain 'hop A: 192.0.2.10:49731 ->' "plain: the tcp event shows the connection in the wire pane"
T send-keys -t plain Right Right Right
expect plain 'wonderland' "plain: the password in the sniffer pane"
grab plain
# In the wire pane (between the borders of the middle box), not only somewhere.
wire_pane() {
	awk -F '││' '{ print $2 }' "$DIR/screen"
}
wire_pane | grep -q 'wonderland' || { fail "plain: wonderland not in the wire pane"; show; }
not_on_screen plain 'password…' "plain: the credential is not cut"

# ---- zoom: all of the key-leak recording --------------------------------
start leak --scenario smtp-starttls --attack key-leak
T send-keys -t leak End
expect leak 'lines above' "leak: the recording is longer than the pane"
T send-keys -t leak z z
expect leak 'zoom: wire' "leak: the second z zooms the wire pane"
grab leak
# One box across the screen: its top border starts and ends the row.
row 1 | grep -q '^╭─ Wire: recorded now, read later ─.*─╮$' && [ "$(row 1 | grep -o '╮' | wc -l)" -eq 1 ] ||
	{ fail "leak: the zoomed wire pane does not fill the row"; show; }
T send-keys -t leak Home
expect leak 'hop A: 192.0.2.10:49731 -> 192.0.2.25:587 TCP' "leak: Home shows the first line"
expect leak 'more lines ─' "leak: a mark says how much lies below"
expect leak 'Esc back  ? help' "leak: the status line says how to leave the zoom"
# Page down to the end, collecting every row the pane showed.
: >"$DIR/seen"
i=0
while [ "$i" -lt 20 ]; do
	grab leak
	sed -n '4,22p' "$DIR/screen" >>"$DIR/seen"
	T send-keys -t leak NPage
	sleep 0.2
	i=$((i + 1))
done
grep -qF 'recording: 16 recorded records decrypted' "$DIR/seen" ||
	fail "leak: PgDn does not reach the last line"
n=$(sort -u "$DIR/seen" | grep -cv '^│ *│$')
[ "$n" -ge 131 ] || fail "leak: only $n different lines reached by paging, wanted 131 or more"
T send-keys -t leak Escape
expect leak 'normal view' "leak: Esc returns to the normal view"
expect leak '─ Server ─' "leak: the panes are back after Esc"

# ---- a question beside its narration -------------------------------------
start q lessons/en/03-starttls.lesson --restart
i=0
while [ "$i" -lt 8 ] && ! on_screen q 'Question 1 of 3'; do
	T send-keys -t q Right
	sleep 0.2
	i=$((i + 1))
done
expect q 'Question 1 of 3' "question: asked"
expect q 'STARTTLS: switch to TLS on this connection' "question: the narration's title stays visible"
expect q 'The very next bytes are the TLS handshake.' "question: the narration's text stays readable"
expect q '(tick all that apply)' "question: several answers are right, it says so"
T send-keys -t q a c Enter
expect q 'Not quite' "question: a wrong answer"
expect q '✓ [x] a)' "question: a right answer ticked"
expect q '✓ [ ] b)' "question: a right answer missed"
expect q '✗ [x] c)' "question: a wrong choice ticked"
expect q '│   [ ] d)' "question: a wrong choice left alone has no mark"
not_on_screen q '✓ [ ] c)' "question: no tick beside an unticked wrong choice"
not_on_screen q '✓ [ ] d)' "question: no tick beside an unticked wrong choice"

# ---- more choices than the box shows --------------------------------------
L="$DIR/many.lesson"
{
	printf 'title: Many choices\nlang: en\nscenario: smtp-plain\n\n'
	printf '== at greeting\nThe server greets.\n\n? Which letter is last?\n'
	for c in a b c d e f g h i j k l m n o p q r s; do
		printf -- '- [ ] choice %s\n' "$c"
	done
	printf -- '- [x] choice t, the last\n> The last one.\n'
	# A tab in a lesson's text is read as one space: the box stays whole.
	printf '\n== at ehlo\nA\ttab inside.\n'
} >"$L"
$TLSSIM --check "$L" >/dev/null 2>&1 || fail "many: the test lesson does not check"
start many "$L" --restart
T send-keys -t many Right
expect many 'Question 1 of 1' "many: asked"
i=0
while [ "$i" -lt 19 ]; do
	T send-keys -t many Down
	i=$((i + 1))
done
expect many '▶ [ ] t) choice t, the last' "many: the cursor's choice scrolls into sight"
T send-keys -t many Space Enter
expect many 'Right. (t)' "many: the last choice can be ticked and answered"
T send-keys -t many Space Right
expect many 'tab inside.' "tabs: the narration shows"
grab many
grep -F 'tab inside.' "$DIR/screen" | grep -q '^│ A tab inside\. *│$' ||
	{ fail "tabs: the tab is not one space inside the box"; show; }

# ---- the smaller items ---------------------------------------------------
# A status message too long for the room: cut after a space, not run in.
start tab lessons/en/02-plain-smtp.lesson --restart
T send-keys -t tab Tab
expect tab 'SMTP 25 plain a lesson keeps its scenario' "flash: after a space"
expect tab 'explo…' "flash: cut with an ellipsis"
not_on_screen tab 'plaina' "flash: not run into the status"

# A seed keeps the event counter and the key hints at 80 columns.
S="$DIR/seed.lesson"
sed 's/^scenario: smtp-starttls$/scenario: smtp-starttls\nseed: 7/' lessons/en/03-starttls.lesson >"$S"
start seed "$S" --restart
expect seed '1/19 │' "seed: the event counter"
expect seed '←→ step' "seed: the key hints"
expect seed 'seeded' "seed: the seed is said"

# Both sides send: the derived narration says who sends what.
start pop --scenario pop3-plain
T send-keys -t pop Right Right
expect pop 'The client sends 1 frame (6 bytes) and the server 1 frame' "narration: an exchange in both directions"

# Step 6 of the classic model: the wrapped key under its frame's line.
start wrap --scenario smtp-starttls
T send-keys -t wrap 6
expect wrap 'wrapped session key:' "wrap: the wrapped key on the wire"
grab wrap
kx=$(wire_pane | grep -n 'ClientKeyExchange' | head -n 1 | cut -d: -f1)
wk=$(wire_pane | grep -n 'wrapped session key:' | head -n 1 | cut -d: -f1)
[ -n "$kx" ] && [ -n "$wk" ] && [ "$kx" -lt "$wk" ] ||
	{ fail "wrap: the wrapped key is not under the ClientKeyExchange line"; show; }

# The help names the new keys.
T send-keys -t wrap '?'
expect wrap 'zoom: each pane in turn, then the normal view' "help: z"
expect wrap 'scroll the narration up' "help: Up"

# ---- the README's screen is the screen ------------------------------------
start readme --scenario smtp-starttls --tls 1.3 --seed 1
T send-keys -t readme 8
i=0
while [ "$i" -lt 12 ] && ! on_screen readme 'AUTH: the client logs in'; do
	T send-keys -t readme Right
	sleep 0.2
	i=$((i + 1))
done
grab readme
awk '/^80x24, at the AUTH command/ { on = 1; next }
	on && /^```$/ { if (n++) exit; next }
	on && n == 1' README.md >"$DIR/readme"
[ -s "$DIR/readme" ] || fail "readme: no screen found in README.md"
diff "$DIR/readme" "$DIR/screen" >"$DIR/readme.diff" ||
	{ fail "readme: the README's screen differs from the app's"; cat "$DIR/readme.diff"; }

# The lessons save their progress as they end: before the directory goes.
for s in q many tab seed; do
	T send-keys -t "$s" q 2>/dev/null
done
sleep 0.5

if [ "$failed" -ne 0 ]; then
	echo "$NAME: FAILED"
	exit 1
fi
echo "$NAME: narration scroll, zoom, wrapped values, questions and the smaller items at 80x24"
