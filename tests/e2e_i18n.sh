#!/bin/sh
# e2e_i18n: the Japanese catalogue end to end.  With --lang ja the pane
# titles, the narration (joined with 、 and no space after 。), the status
# line and the help overlay are in Japanese, and --check prints Japanese
# diagnostics behind the same FILE:LINE:COL prefixes; without --lang
# (LANG=C.UTF-8) everything stays English.  The plain transcript, the
# handout and --list follow the language too, and the language is chosen
# from LANGUAGE, LC_ALL, LC_MESSAGES and LANG in that order (--lang over
# them all), moving to C.UTF-8 when the locale cannot show Japanese.  Run from the repository root after `make tlssim catalogs`
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
# the narration no lesson gives: 、 between items, no space after 。
T send-keys -t ja 3
expect ja "回線には何も流れません。クライアントが新たに得たもの：" "ja narration: sentences joined without a space"
expect ja "✓ 発行者、✓ 署名" "ja narration: a list joined with 、"
grep -q -E '[。、] [^ │]' "$DIR/screen" && { fail "ja narration: a space after 。 or 、"; show; }
T send-keys -t ja '?'
expect ja "─ キー操作 ─" "ja help title"
expect ja "次のイベントへ" "ja help line"
T send-keys -t ja End
expect ja "スクロール" "ja help footer: taller than 80x24, it scrolls"
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
T send-keys -t en End
expect en "Up, Down, PgUp, PgDn scroll; any other key closes." "en help footer: taller than 80x24, it scrolls"
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

# ---- the plain transcript, the handout and --list -------------------------
PLAIN="--plain --scenario smtp-starttls --seed 1"
# has FILE PATTERN WHAT / lacks FILE PATTERN WHAT: grep -E on a whole output.
has() { grep -q -E -e "$2" "$1" || { fail "$3: no line matches '$2'"; head -5 "$1" | sed 's/^/    | /'; }; }
lacks() { ! grep -q -E -e "$2" "$1" || fail "$3: a line matches '$2'"; }
"$TLSSIM" $PLAIN --lang ja >"$DIR/ja.txt" 2>&1
has "$DIR/ja.txt" '^tlssim [0-9.]+：シナリオ smtp-starttls（SMTP 587 STARTTLS）$' "ja transcript header"
has "$DIR/ja.txt" '^教材用シード固定（シード 1）' "ja transcript seed line"
has "$DIR/ja.txt" '^== ステップ 1/8：' "ja step line"
has "$DIR/ja.txt" '^回線 C>S 26 バイト "EHLO client.example.test\\r\\n"$' "ja wire line keeps the bytes"
has "$DIR/ja.txt" '^回線 C>S [0-9]+ バイト 16進 16030' "ja wire line in hex"
has "$DIR/ja.txt" '^クライアント：（秘密）セッション鍵：[0-9a-f]{64}$' "ja fact line"
has "$DIR/ja.txt" '^スニファー：（メタデータ）区間 A：192.0.2.10:49731' "ja link name in the sniffer's line"
has "$DIR/ja.txt" '^スニファー：C>S 「EHLO client.example.test」$' "ja verbatim wire line"
has "$DIR/ja.txt" '^== 終了：' "ja footer"
lacks "$DIR/ja.txt" '^(client|server|sniffer|wire|link|seeded|capture):' "ja transcript"
lacks "$DIR/ja.txt" '^== Step' "ja transcript"
"$TLSSIM" --plain lessons/ja/03-starttls.lesson >"$DIR/handout.txt" 2>&1
has "$DIR/handout.txt" '^解説：.*STARTTLS' "a Japanese lesson's handout"
has "$DIR/handout.txt" '^== ステップ 8/8：' "a Japanese lesson's handout speaks Japanese throughout"
lacks "$DIR/handout.txt" '^(narration|client|sniffer):' "a Japanese lesson's handout"
"$TLSSIM" --plain lessons/en/03-starttls.lesson >"$DIR/handout.en" 2>&1
has "$DIR/handout.en" '^narration: ' "an English lesson's handout"
has "$DIR/handout.en" '^== Step 8/8: ' "an English lesson's handout"
"$TLSSIM" --lang ja --list >"$DIR/list.ja" 2>&1
has "$DIR/list.ja" '^シナリオ：$' "ja --list heading"
has "$DIR/list.ja" '^レッスン：$' "ja --list heading"
has "$DIR/list.ja" 'lessons/ja/01-eight-steps.lesson' "ja --list lessons"
lacks "$DIR/list.ja" 'lessons/en/' "ja --list lessons"

# ---- the language from the environment -------------------------------------
# lang_of EXPECTED DESCRIPTION VAR=VALUE... [-- OPTION...]: the transcript's
# language with exactly those variables of the four set (and the options),
# and nothing on stderr.
lang_of() {
	want=$1 what=$2 vars=
	shift 2
	while [ $# -gt 0 ] && [ "$1" != -- ]; do vars="$vars $1"; shift; done
	[ $# -gt 0 ] && shift
	# shellcheck disable=SC2086
	env -u LANGUAGE -u LC_ALL -u LC_MESSAGES -u LANG $vars "$TLSSIM" $PLAIN "$@" \
		>"$DIR/env.out" 2>"$DIR/env.err"
	if grep -q '^== ステップ 1/8：' "$DIR/env.out"; then got=ja
	elif grep -q '^== Step 1/8: ' "$DIR/env.out"; then got=en
	else got=none; fi
	[ "$got" = "$want" ] || fail "$what: $got, not $want"
	[ -s "$DIR/env.err" ] && { fail "$what: says something on stderr"; sed 's/^/    | /' "$DIR/env.err"; }
}
lang_of en "no variable"
lang_of ja "LANG=ja_JP.UTF-8 (installed or not: C.UTF-8 shows it)" LANG=ja_JP.UTF-8
lang_of ja "LC_MESSAGES=ja_JP.UTF-8 over LANG=C" LANG=C LC_MESSAGES=ja_JP.UTF-8
lang_of en "LC_ALL=C over LANG=ja_JP.UTF-8" LC_ALL=C LANG=ja_JP.UTF-8
lang_of ja "LANGUAGE=ja over LC_ALL=C" LANGUAGE=ja LC_ALL=C
lang_of ja "LANGUAGE=fr:ja: its first entry with messages" LANGUAGE=fr:ja LANG=C.UTF-8
lang_of en "LANGUAGE=en over LANG=ja_JP.UTF-8" LANGUAGE=en LANG=ja_JP.UTF-8
lang_of en "--lang en over LANGUAGE=ja" LANGUAGE=ja LANG=ja_JP.UTF-8 -- --lang en
lang_of ja "--lang ja in the C locale" LC_ALL=C -- --lang ja
lang_of en "LC_ALL=C" LC_ALL=C

[ "$failed" -eq 0 ] && echo "e2e_i18n: ok"
exit "$failed"
