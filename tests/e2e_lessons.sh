#!/bin/sh
# Lessons from the command line: every shipped lesson passes --check, a
# broken one gets FILE:LINE:COL diagnostics and exit 1, and --plain LESSON
# interleaves the narration with the transcript.
set -u
T=${TLSSIM:-./tlssim}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() {
	desc=$1; shift
	if "$@"; then :; else echo "FAIL: $desc"; fail=1; fi
}

$T --check lessons/en/*.lesson lessons/ja/*.lesson > "$tmp/out" 2> "$tmp/err"
check "every shipped lesson passes --check" test $? -eq 0
check "--check is silent on stderr for good lessons" test ! -s "$tmp/err"
n=$(ls lessons/en/*.lesson lessons/ja/*.lesson | wc -l)
check "--check says ok for each of the $n lessons" test "$(grep -c ': ok$' "$tmp/out")" -eq "$n"
check "at least eight lessons in each language" test "$(ls lessons/en/*.lesson | wc -l)" -ge 8 -a "$(ls lessons/ja/*.lesson | wc -l)" -ge 8

printf 'title: Broken\nlang: en\nscenario: smtp-plain\ncolour: red\n\n== at nowhere\nText.\n\n? A question?\n- [ ] no\n- [ ] nor this\n> Why.\n' > "$tmp/bad.lesson"
$T --check "$tmp/bad.lesson" > "$tmp/out" 2> "$tmp/err"
check "a broken lesson exits 1" test $? -eq 1
check "unknown key reported at line 4 column 1" grep -q "bad.lesson:4:1: " "$tmp/err"
check "the line is quoted with a caret" grep -q '^ *| *\^' "$tmp/err"

# Quotes from the screen: a misquote is refused at its place, and a
# Japanese lesson is held to the Japanese screen whatever the locale.
$T --check tests/data/lesson/misquote.lesson > "$tmp/out" 2> "$tmp/err"
check "--check refuses a misquote with exit 1" test $? -eq 1
check "the misquote is reported at its line and column" \
	grep -q "misquote.lesson:9:54: quoted text not on the screen at event 'ehlo': «S>C 250-STARTSSL»" "$tmp/err"
check "only the misquote is reported" test "$(grep -c 'not on the screen' "$tmp/err")" -eq 1
if [ -f build/locale/ja/LC_MESSAGES/tlssim.mo ]; then
	LANG=C LC_ALL=C $T --check tests/data/lesson/quote-ja.lesson > "$tmp/out" 2> "$tmp/err"
	check "a Japanese quote is checked against the Japanese screen in the C locale" test $? -eq 0
fi

# Every problem of a file in one run: the parser's and, as far as the
# file goes, those against its scenario; valid names listed.
D=tests/data/lesson
$T --check $D/many-kinds.lesson > "$tmp/out" 2> "$tmp/err"
check "--check of a file with problems of several kinds exits 1" test $? -eq 1
check "the parser's problem is reported" grep -q "many-kinds.lesson:4:1: unknown key 'colour'" "$tmp/err"
check "the missing explanation is reported" grep -q "many-kinds.lesson:13:1: question has no explanation" "$tmp/err"
check "both unknown events are reported in the same run" \
	test "$(grep -c "many-kinds.lesson:[69]:7: scenario 'smtp-plain' has no event" "$tmp/err")" -eq 2
$T --check $D/bad-event.lesson > "$tmp/out" 2> "$tmp/err"
check "an unknown event lists the scenario's events" \
	grep -q "has no event 'start-tls' (its events: tcp, greeting, ehlo, starttls, connect," "$tmp/err"
$T --check $D/unknown-scenario.lesson > "$tmp/out" 2> "$tmp/err"
check "an unknown scenario lists the scenarios" \
	grep -q "unknown scenario 'smtp-fancy' (known: handshake, smtp-plain, .*, relay)" "$tmp/err"
check "an unknown attack lists the attacks" \
	grep -q "unknown attack 'gremlins' (known: strip, forge, .*, key-leak)" "$tmp/err"
$T --check $D/tabs.lesson > "$tmp/out" 2> "$tmp/err"
check "tabs in text are accepted (expanded to one space)" test $? -eq 0
$T --plain $D/tabs.lesson > "$tmp/out"
check "a tab shows as one space" grep -q '^narration: The greeting crosses in clear\.$' "$tmp/out"
check "no tab reaches the handout" test "$(tr -cd '\t' < "$tmp/out" | wc -c)" -eq 0

$T --plain lessons/en/03-starttls.lesson > "$tmp/plain"
check "--plain LESSON exits 0" test $? -eq 0
check "--plain LESSON names the lesson" grep -q '^lesson: ' "$tmp/plain"
check "--plain LESSON has narration" grep -q '^narration: ' "$tmp/plain"
check "--plain LESSON has questions with choices" grep -q '^  a) ' "$tmp/plain"
check "--plain LESSON still has the eight steps" test "$(grep -c '^== Step' "$tmp/plain")" -eq 8
$T lessons/ja/03-starttls.lesson < /dev/null > "$tmp/ja"
check "a Japanese lesson prints through a pipe, in Japanese" grep -q '^解説：.*STARTTLS' "$tmp/ja"
$T --plain "$tmp/missing.lesson" > /dev/null 2> "$tmp/err"
check "a missing lesson fails with its name" grep -q "missing.lesson" "$tmp/err"
exit $fail
