#!/bin/sh
# e2e_i18n: the Japanese catalogue end to end.  With --lang ja the pane
# titles, the narration title, the status line and the help overlay are in
# Japanese, and --check prints Japanese diagnostics behind the same
# FILE:LINE:COL prefixes; without --lang (LANG=C.UTF-8) everything stays
# English.  Run from the repository root after `make tlssim catalogs`
# (make test builds both); TLSSIM names another binary.
set -u

MO=build/locale/ja/LC_MESSAGES/tlssim.mo
BAD=tests/data/lesson/three-mistakes.lesson

NAME=e2e_i18n TMUX_FLAGS=-u GREP_FIXED=-F
. tests/tmux.sh
if [ ! -f "$MO" ]; then
	echo "e2e_i18n: $MO is missing: run make catalogs (needs msgfmt from gettext)" >&2
	exit 1
fi
mkdir -p "$DIR/home" "$DIR/state"
# The tmux server and the app run in a UTF-8 locale with no LANGUAGE from
# the caller, and keep their progress files out of the real home.
HOME="$DIR/home" XDG_STATE_HOME="$DIR/state" LANG=C.UTF-8 LC_ALL=C.UTF-8 LANGUAGE=
export HOME XDG_STATE_HOME LANG LC_ALL LANGUAGE
RUN="$TLSSIM --scenario smtp-starttls --seed 1 --no-animation"

# absent SESSION STRING WHAT: the last screen grabbed must not hold STRING.
absent() {
	if grep -q -F -e "$2" "$DIR/screen"; then
		fail "$3: '$2' is on screen"
		show
	fi
}

start() {	# start SESSION COMMAND
	T new-session -d -s "$1" -x 80 -y 24 -c "$PWD" "$2; sleep 60"
}

# ---- Japanese: pane titles, narration title, status line, help ----------
start ja "$RUN --lang ja"
expect ja "╭─ クライアント " "ja pane title"
expect ja "回線：スニファーに見えるもの" "ja wire pane title"
expect ja "╭─ サーバー " "ja pane title"
expect ja "サーバーへの TCP 接続" "ja narration title"
expect ja " ステップ 0/8 " "ja status line"
expect ja "? ヘルプ" "ja status line key hint"
expect ja "q 終了" "ja status line key hint"
expect ja "│ シード " "ja status line seed warning (short at 80 columns)"
expect ja "STARTTLS · 古典モデル" "ja status line TLS version"
expect ja "のポート 587 へ" "ja fact value rendered from its message id through the catalogue"
absent ja "TCP to" "ja fact value"
absent ja "Wire: what a sniffer sees" "ja wire pane title"
absent ja "? help" "ja status line"
T send-keys -t ja 4
expect ja "ステップ 4/8：セッション鍵：クライアントが共通鍵を作る" "ja step title"
expect ja "セッション鍵:" "ja fact label"
T send-keys -t ja '?'
expect ja "─ キー操作 ─" "ja help title"
expect ja "次のイベントへ" "ja help line"
expect ja "何かキーを押すと閉じます。" "ja help footer"
absent ja "next event" "ja help"

# ---- English without --lang ----------------------------------------------
start en "$RUN"
expect en "╭─ Client " "en pane title"
expect en "Wire: what a sniffer sees" "en wire pane title"
expect en " Step 0/8 " "en status line"
expect en "? help" "en status line key hint"
absent en "ステップ" "en status line"
absent en "クライアント" "en pane title"
T send-keys -t en 4
expect en "Step 4/8: Session key: the client makes a secret" "en step title"
T send-keys -t en '?'
expect en "─ Keys ─" "en help title"
expect en "next event" "en help line"
expect en "Press any key to close." "en help footer"
absent en "次のイベントへ" "en help"

# ---- the lesson checker ---------------------------------------------------
"$TLSSIM" --lang ja --check "$BAD" >"$DIR/ja.out" 2>&1
ja_rc=$?
"$TLSSIM" --check "$BAD" >"$DIR/en.out" 2>&1
en_rc=$?
[ "$ja_rc" -eq 1 ] || fail "--lang ja --check: exit status $ja_rc, not 1"
[ "$en_rc" -eq 1 ] || fail "--check: exit status $en_rc, not 1"
grep -q -F "$BAD:4:1: 不明なキー「titel」" "$DIR/ja.out" ||
	{ fail "--lang ja --check: no Japanese diagnostic"; sed 's/^/    | /' "$DIR/ja.out"; }
grep -q -F "$BAD:4:1: unknown key 'titel'" "$DIR/en.out" ||
	{ fail "--check: no English diagnostic"; sed 's/^/    | /' "$DIR/en.out"; }
grep -q -F "不明な" "$DIR/en.out" && fail "--check without --lang speaks Japanese"
# The same places in both languages, in the same order.
grep -o "^$BAD:[0-9]*:[0-9]*:" "$DIR/ja.out" >"$DIR/ja.loc"
grep -o "^$BAD:[0-9]*:[0-9]*:" "$DIR/en.out" >"$DIR/en.loc"
if [ ! -s "$DIR/en.loc" ] || ! cmp -s "$DIR/ja.loc" "$DIR/en.loc"; then
	fail "--check: FILE:LINE:COL prefixes differ between ja and en"
	diff "$DIR/en.loc" "$DIR/ja.loc" | sed 's/^/    | /'
fi

# ---- the command line: help, list and usage errors ---------------------
"$TLSSIM" --lang ja --help | grep -q -F "使い方: tlssim" || fail "--lang ja --help is not Japanese"
"$TLSSIM" --help | grep -q -F "usage: tlssim" || fail "--help without --lang is not English"
"$TLSSIM" --lang ja --list | grep -q -F "ポート 25 の SMTP、すべて平文" || fail "--lang ja --list is not Japanese"
"$TLSSIM" --lang ja --scenario nope >/dev/null 2>"$DIR/usage.err"
[ $? -eq 2 ] || fail "--lang ja with an unknown scenario does not exit 2"
grep -q -F "不明なシナリオ「nope」" "$DIR/usage.err" || fail "usage error is not Japanese"

[ "$failed" -eq 0 ] && echo "e2e_i18n: ok"
exit "$failed"
