#!/bin/sh
# End-to-end checks of the plain transcript: the line contract, seeded
# determinism across processes, usage errors, and the dialogues compared
# with what real Postfix and Dovecot sent (tests/data/reference/).
set -u
T=${TLSSIM:-./tlssim}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { # check DESCRIPTION COMMAND...
	desc=$1; shift
	if "$@"; then :; else echo "FAIL: $desc"; fail=1; fi
}

# Seeded runs are identical byte for byte, in separate processes.
$T --plain --seed 7 > "$tmp/a" 2> "$tmp/err"
check "--plain --seed 7 exits 0" test $? -eq 0
$T --plain --seed 7 > "$tmp/b"
check "two runs with --seed 7 are identical" cmp -s "$tmp/a" "$tmp/b"
check "seeded run is labelled" grep -q '^seeded: teaching only' "$tmp/a"
$T --plain --seed 8 > "$tmp/c"
check "another seed gives other bytes" test "$(cmp -s "$tmp/a" "$tmp/c"; echo $?)" -ne 0
$T --plain > "$tmp/u1"
$T --plain > "$tmp/u2"
check "unseeded runs differ" test "$(cmp -s "$tmp/u1" "$tmp/u2"; echo $?)" -ne 0
check "unseeded run is not labelled" test "$(grep -c '^seeded' "$tmp/u1")" -eq 0
# Not a terminal: a transcript even without --plain.
$T --scenario handshake --seed 7 < /dev/null > "$tmp/pipe"
$T --plain --scenario handshake --seed 7 > "$tmp/plain"
check "a pipe gets the transcript" cmp -s "$tmp/pipe" "$tmp/plain"

# The contract: eight step headers in order, wire and party lines.
steps=$(grep '^== Step' "$tmp/plain" | sed 's/^== Step \([1-8]\)\/8: .*/\1/' | tr -d '\n')
check "eight steps in order (got '$steps')" test "$steps" = "12345678"
check "wire lines name a direction" test "$(grep '^wire' "$tmp/plain" | grep -vc '^wire [CS]>[CS] [0-9]* bytes ')" -eq 0
for p in client server sniffer; do
	check "$p lines present" grep -q "^$p: " "$tmp/plain"
done
check "the session key is printed as 64 hex digits" \
	grep -Eq '^client: \(secret\) session key: [0-9a-f]{64}$' "$tmp/plain"
check "the wrapped key crosses as 80 bytes" \
	grep -Eq '^client: wrapped session key: [0-9a-f]{160}$' "$tmp/plain"
check "the sniffer never prints the session key" \
	test "$(grep '^sniffer' "$tmp/plain" | grep -c "$(sed -n 's/^client: (secret) session key: //p' "$tmp/plain")")" -eq 0

# Usage errors: message, usage text, exit 2.
usage_error() { # usage_error EXPECTED_TEXT ARGS...
	want=$1; shift
	$T "$@" > "$tmp/out" 2> "$tmp/err"
	rc=$?
	check "tlssim $* exits 2 (got $rc)" test $rc -eq 2
	check "tlssim $* says '$want'" grep -q -- "$want" "$tmp/err"
	check "tlssim $* prints usage" grep -q '^usage: tlssim' "$tmp/err"
	check "tlssim $* prints nothing on stdout" test ! -s "$tmp/out"
}
usage_error "unknown option" --frobnicate
usage_error "unknown scenario 'nope'" --scenario nope
usage_error "--seed wants a whole number" --seed -1
usage_error "--seed wants a whole number" --seed 99999999999999999999999
usage_error "--seed wants a whole number" --seed 12abc
usage_error "unknown attack 'boom'" --attack boom
usage_error "needs a value" --plain --seed
usage_error "--tls is one of classic|1.2|1.3, not 'rsa'" --tls rsa
$T --help > "$tmp/out"
check "--help exits 0 with usage" grep -q '^usage: tlssim' "$tmp/out"
$T --version > "$tmp/out"
check "--version names libsodium" grep -q '^libsodium [0-9]' "$tmp/out"
check "--version names ncurses" grep -q 'ncurses' "$tmp/out"
# The man page documents every option --help lists.
for o in $($T --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
	check "the man page documents $o" grep -q -- "$(printf '%s' "$o" | sed 's/-/\\\\-/g')" assets/tlssim.1
done
$T --list > "$tmp/out"
for s in handshake smtp-plain smtp-starttls smtps pop3-plain pop3-stls pop3s imap-plain imap-starttls imaps relay; do
	check "--list shows $s" grep -q "^  $s " "$tmp/out"
done
$T --plain --scenario smtp-plain --pcap "$tmp" > /dev/null 2> "$tmp/err"
check "--pcap to a directory fails with a message" grep -q 'cannot write capture' "$tmp/err"

# A write that fails is a failure with a message, in every mode.
full() { # full ARGS...: stdout to /dev/full
	$T "$@" > /dev/full 2> "$tmp/err"
	rc=$?
	check "tlssim $* >/dev/full fails (got $rc)" test $rc -ne 0
	check "tlssim $* >/dev/full says so" grep -q 'cannot write to standard output' "$tmp/err"
}
if [ -c /dev/full ]; then
	full --plain --seed 1
	full --plain lessons/en/02-plain-smtp.lesson
	full --check lessons/en/02-plain-smtp.lesson
	full --list
	full --help
	full --version
fi

# An attack that does nothing in the scenario is an error naming where it works.
idle_attack() { # idle_attack SCENARIO ATTACK WHERE
	$T --plain --scenario "$1" --attack "$2" > "$tmp/out" 2> "$tmp/err"
	rc=$?
	check "--attack $2 on $1 exits 2 (got $rc)" test $rc -eq 2
	check "--attack $2 on $1 names where it applies" grep -q -- "it applies to $3\$" "$tmp/err"
	check "--attack $2 on $1 prints no transcript" test ! -s "$tmp/out"
}
tls="handshake, smtp-starttls, smtps, pop3-stls, pop3s, imap-starttls, imaps, relay"
upgrade="smtp-starttls, pop3-stls, imap-starttls, relay"
for a in tamper forge expired wrong-name untrusted key-leak; do
	idle_attack smtp-plain "$a" "$tls"
done
idle_attack pop3-plain tamper "$tls"
idle_attack imap-plain key-leak "$tls"
for s in smtps pop3s imaps handshake smtp-plain; do
	idle_attack "$s" strip "$upgrade"
done
$T --plain --seed 1 --scenario relay --attack strip > /dev/null 2>&1
check "--attack strip on relay still runs" test $? -eq 0

# The relay's options are refused elsewhere, on the command line and in a lesson.
for o in "--hop-b dane" "--attack-hop b"; do
	$T --plain --scenario smtp-starttls $o > "$tmp/out" 2> "$tmp/err"
	rc=$?
	check "$o on smtp-starttls exits 2 (got $rc)" test $rc -eq 2
	check "$o on smtp-starttls says it applies to relay" grep -q -- "it applies to relay\$" "$tmp/err"
	$T --plain --seed 1 --scenario relay $o > /dev/null 2>&1
	check "$o on relay runs" test $? -eq 0
done
printf 'title: t\nsummary: s\nlang: en\nscenario: smtp-plain\nhop-b: dane\n\n== at tcp\nHi.\n' > "$tmp/hop.lesson"
$T --check "$tmp/hop.lesson" > /dev/null 2> "$tmp/err"
check "a lesson's hop-b outside relay fails --check" test $? -eq 1
check "... at line 5, saying it applies to relay" grep -q "hop.lesson:5:8: 'hop-b' does nothing in scenario smtp-plain: it applies to relay" "$tmp/err"

# A lesson sets its scenario: options that would change it are refused.
for o in "--seed 1" "--scenario smtps" "--attack tamper" "--tls 1.2"; do
	$T --plain $o lessons/en/02-plain-smtp.lesson > "$tmp/out" 2> "$tmp/err"
	rc=$?
	check "$o with a lesson file exits 2 (got $rc)" test $rc -eq 2
	check "$o with a lesson file says why" grep -q -- "${o%% *} does not apply to a lesson file" "$tmp/err"
	check "$o with a lesson file prints nothing" test ! -s "$tmp/out"
done

# Dialogue structure against the real servers' captures: the client's
# commands in clear and the server's reply codes, in order.
ref=tests/data/reference
smtp_cmds() { sed -n 's/^C: \(EHLO\|STARTTLS\|AUTH\|MAIL\|RCPT\|DATA\|QUIT\).*/\1/p'; }
smtp_codes() { sed -n 's/^S: \([0-9][0-9][0-9]\)[ -].*/\1/p' | uniq; }
ours() { sed -n 's/^sniffer: C>S /C: /p; s/^sniffer: S>C /S: /p'; }
check "reference capture is readable" \
	test "$(smtp_cmds < $ref/smtp-starttls.visible.txt | tr '\n' ' ')" = "EHLO STARTTLS "
$T --plain --scenario smtp-starttls --seed 1 | ours > "$tmp/ours"
check "smtp-starttls: client commands in clear match Postfix's capture" \
	test "$(smtp_cmds < "$tmp/ours" | tr '\n' ' ')" = "$(smtp_cmds < $ref/smtp-starttls.visible.txt | tr '\n' ' ')"
check "smtp-starttls: reply codes in clear match" \
	test "$(smtp_codes < "$tmp/ours" | tr '\n' ' ')" = "$(smtp_codes < $ref/smtp-starttls.visible.txt | tr '\n' ' ')"
check "smtp-starttls: the EHLO reply before TLS lists the same keywords" \
	test "$(grep '^S: 250[- ]' "$tmp/ours" | sed 1d | tr '\n' ' ')" = "$(grep '^S: 250[- ]' $ref/smtp-starttls.visible.txt | sed 1d | tr '\n' ' ')"
$T --plain --scenario smtp-plain --seed 1 | ours > "$tmp/ours"
check "smtp-plain: client commands match Postfix's capture" \
	test "$(smtp_cmds < "$tmp/ours" | tr '\n' ' ')" = "$(smtp_cmds < $ref/smtp-plain.visible.txt | tr '\n' ' ')"
check "smtp-plain: reply codes match" \
	test "$(smtp_codes < "$tmp/ours" | tr '\n' ' ')" = "$(smtp_codes < $ref/smtp-plain.visible.txt | tr '\n' ' ')"
imap_cmds() { sed -n 's/^C: [A-Za-z0-9]* \([A-Z]*\).*/\1/p'; }
imap_tagged() { sed -n 's/^S: [A-Za-z0-9]* \(OK\|NO\|BAD\) .*/\1/p'; }
check "reference IMAP capture is readable" \
	test "$(imap_cmds < $ref/imap-plain.visible.txt | tr '\n' ' ')" = "CAPABILITY LOGIN SELECT FETCH LOGOUT "
$T --plain --scenario imap-plain --seed 1 | ours > "$tmp/ours"
check "imap-plain: tagged commands match Dovecot's capture" \
	test "$(imap_cmds < "$tmp/ours" | tr '\n' ' ')" = "$(imap_cmds < $ref/imap-plain.visible.txt | tr '\n' ' ')"
check "imap-plain: tagged replies match" \
	test "$(imap_tagged < "$tmp/ours" | tr '\n' ' ')" = "$(imap_tagged < $ref/imap-plain.visible.txt | tr '\n' ' ')"
check "imap-plain: the message arrives as a literal" grep -q '^S: \* 1 FETCH (FLAGS (\\Seen \\Recent) BODY\[\] {[0-9]*}$' "$tmp/ours"

exit $fail
