#!/bin/sh
# Worksheets (--worksheet LESSON): for every shipped lesson, English and
# Japanese, no line is wider than 72 columns (counted as a terminal
# counts them: a Japanese character takes two), the questions carry no
# answer until the appendix, which has one entry per question, and a
# write that fails is an error with a message.  The goldens of
# tests/golden/worksheet hold the text itself.
set -u
T=${TLSSIM:-./tlssim}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() {
	desc=$1; shift
	if "$@"; then :; else echo "FAIL: $desc"; fail=1; fi
}

# Display columns of the widest line, in a UTF-8 locale (wc -L counts
# East Asian wide characters as two).
widest() {
	LC_ALL=C.UTF-8 wc -L < "$1"
}

n=0
for f in lessons/en/*.lesson lessons/ja/*.lesson; do
	n=$((n + 1))
	$T --worksheet "$f" > "$tmp/w" 2> "$tmp/err"
	check "$f: --worksheet exits 0" test $? -eq 0
	check "$f: nothing on stderr" test ! -s "$tmp/err"
	w=$(widest "$tmp/w")
	check "$f: widest line $w columns, at most 72" test "$w" -le 72
	questions=$(grep -c '^? ' "$f")
	asked=$(grep -c '^  \[ \] a) ' "$tmp/w")
	check "$f: $questions questions, $asked asked with boxes" test "$asked" -eq "$questions"
	answers=$(sed -n '/^== \(Answers\|解答\)$/,$p' "$tmp/w" | grep -c '^[0-9][0-9]*\. [a-z]')
	check "$f: the appendix answers each of the $questions questions ($answers)" test "$answers" -eq "$questions"
	before=$(sed '/^== \(Answers\|解答\)$/q' "$tmp/w" | grep -c '^\(answer: \|正解：\)')
	check "$f: no answer before the appendix" test "$before" -eq 0
done
check "worksheets of at least 26 lessons" test "$n" -ge 26

# The hex of a frame is cut into rows, none over 72 columns.
$T --worksheet --seed 1 lessons/en/03-starttls.lesson > "$tmp/w"
check "a frame's hex is on rows of its own" grep -q '^    [0-9a-f]\{60,68\}$' "$tmp/w"
check "the worksheet names the lesson" grep -q '^Worksheet: STARTTLS' "$tmp/w"
check "the worksheet has narration" grep -q '^This time the client submits' "$tmp/w"

# Japanese in the C locale: still 72 columns, in Japanese.
LANG=C LC_ALL=C $T --worksheet lessons/ja/03-starttls.lesson > "$tmp/ja"
if [ -f build/locale/ja/LC_MESSAGES/tlssim.mo ]; then
	check "a Japanese worksheet speaks Japanese" grep -q '^ワークシート：' "$tmp/ja"
	check "a Japanese worksheet has its appendix" grep -q '^== 解答$' "$tmp/ja"
fi
check "a Japanese worksheet is at most 72 columns" test "$(widest "$tmp/ja")" -le 72

# Errors: a failed write, no lesson, a seed over the lesson's own.
if [ -c /dev/full ]; then
	$T --worksheet lessons/en/02-plain-smtp.lesson > /dev/full 2> "$tmp/err"
	check "--worksheet >/dev/full fails" test $? -ne 0
	check "--worksheet >/dev/full says so" grep -q 'cannot write to standard output' "$tmp/err"
fi
$T --worksheet > /dev/null 2> "$tmp/err"
check "--worksheet without a lesson is a usage error" test $? -eq 2
check "--worksheet without a lesson says so" grep -q 'needs a lesson file' "$tmp/err"
printf 'title: T\nlang: en\nscenario: smtp-plain\nseed: 7\n\n== at tcp\nText.\n' > "$tmp/seeded.lesson"
$T --worksheet --seed 1 "$tmp/seeded.lesson" > /dev/null 2> "$tmp/err"
check "--seed over a lesson's own seed is refused" test $? -eq 2
$T --worksheet --tls 1.2 lessons/en/03-starttls.lesson > /dev/null 2> "$tmp/err"
check "--tls with a lesson is still refused" test $? -eq 2
a=$($T --worksheet --seed 5 lessons/en/03-starttls.lesson | md5sum)
b=$($T --worksheet --seed 5 lessons/en/03-starttls.lesson | md5sum)
check "--seed makes a worksheet repeat" test "$a" = "$b"
exit $fail
