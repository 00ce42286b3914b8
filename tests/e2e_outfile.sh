#!/bin/sh
# Output files are never destroyed: --pcap refuses devices, FIFOs,
# directories, symbolic links and the lesson being run, and a capture that
# cannot be written whole leaves the old file as it was.
set -u
T=${TLSSIM:-./tlssim}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { # check DESCRIPTION COMMAND...
	what=$1; shift
	if "$@"; then :; else echo "FAIL: $what"; fail=1; fi
}
refused() { # refused DESCRIPTION PATH [LESSON]: exit 1, a message, nothing written
	desc=$1 path=$2
	shift 2
	$T --plain --seed 1 --pcap "$path" "$@" > "$tmp/out" 2> "$tmp/err"
	rc=$?
	check "$desc: exit status 1 (got $rc)" test $rc -eq 1
	check "$desc: says why" grep -q "cannot write capture" "$tmp/err"
	check "$desc: no transcript" test ! -s "$tmp/out"
}

mkfifo "$tmp/fifo"
refused "a FIFO (would block forever)" "$tmp/fifo"
check "the FIFO is still there" test -p "$tmp/fifo"

mkdir "$tmp/dir"
refused "a directory" "$tmp/dir"
check "the directory is still there" test -d "$tmp/dir"

refused "a character device" /dev/null
check "/dev/null is still a device" test -c /dev/null

echo precious > "$tmp/target"
ln -s "$tmp/target" "$tmp/link"
refused "a symbolic link" "$tmp/link"
check "the link's target is unchanged" test "$(cat "$tmp/target")" = precious

cp lessons/en/02-plain-smtp.lesson "$tmp/l.lesson"
refused "the lesson being run" "$tmp/l.lesson" "$tmp/l.lesson"
check "the lesson is unchanged" cmp -s lessons/en/02-plain-smtp.lesson "$tmp/l.lesson"

# A write that fails half-way (file size limit) leaves the old file intact
# and no temporary file behind.
echo precious > "$tmp/old.pcap"
sh -c 'trap "" XFSZ; ulimit -f 1; exec "$@"' sh $T --plain --seed 1 --scenario relay \
	--pcap "$tmp/old.pcap" > /dev/null 2> "$tmp/err"
rc=$?
check "a failed write exits 1 (got $rc)" test $rc -eq 1
check "a failed write says so" grep -q "cannot write capture" "$tmp/err"
check "the old file is unchanged" test "$(cat "$tmp/old.pcap")" = precious
check "no temporary file is left" test "$(ls "$tmp" | grep -c 'old.pcap.')" -eq 0

# A good write replaces a regular file, with the usual permissions.
(umask 022 && $T --plain --seed 1 --pcap "$tmp/old.pcap" > /dev/null)
check "a good write replaces the file" test "$(head -c 4 "$tmp/old.pcap" | od -An -tx1 | tr -d ' ')" = d4c3b2a1
check "the capture is readable by others (0644 under umask 022)" \
	test "$(stat -c %a "$tmp/old.pcap")" = 644
# A lesson run writes the files too, from the timeline it shows: the
# capture holds the lesson's packets and the transcript says how many.
printf 'title: TLS 1.3\nlang: en\nscenario: smtps\ntls: 1.3\n\n== at greeting\nHello.\n' \
	> "$tmp/tls13.lesson"
$T --plain --pcap "$tmp/lesson.pcap" --keylog "$tmp/lesson.keys" \
	"$tmp/tls13.lesson" > "$tmp/out" 2> "$tmp/err"
check "a lesson with --pcap and --keylog exits 0" test $? -eq 0
check "a lesson with --pcap writes the capture" \
	test "$(head -c 4 "$tmp/lesson.pcap" 2>/dev/null | od -An -tx1 | tr -d ' ')" = d4c3b2a1
check "a lesson with --keylog writes the key log" grep -q '^CLIENT_TRAFFIC_SECRET_0 ' "$tmp/lesson.keys"
n=$(sed -n 's/^capture: \([0-9]*\) packets.*/\1/p' "$tmp/out")
size=$(stat -c %s "$tmp/lesson.pcap" 2>/dev/null || echo 0)
check "the capture holds the packets the handout counts ($n)" test -n "$n" -a "$size" -gt $((24 + 16 * ${n:-0}))
# Not a terminal on stdin either: the same (the lesson printed).
$T --pcap "$tmp/lesson2.pcap" lessons/en/03-starttls.lesson < /dev/null > /dev/null 2>&1
check "a lesson through a pipe writes the capture" test -s "$tmp/lesson2.pcap"
exit $fail
