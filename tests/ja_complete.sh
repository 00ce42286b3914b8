#!/bin/sh
# ja_complete: every word a Japanese student reads is Japanese.
#
# 1. The catalogue: every message id of the sources (extracted afresh with
#    xgettext and the Makefile's keywords) has a translation in
#    assets/po/ja.po, and none is fuzzy.
# 2. The output: every scenario x TLS version (classic, 1.2, 1.3) x attack
#    (none and each of --list) x client and server policy (relay: both
#    kinds of hop B), run with --plain --lang ja --seed 1, the handout of
#    every Japanese lesson, and --list --lang ja: the non-wire part of no
#    line holds an English word.
#
# The non-wire part of a line is the line without what crossed the wire
# and without the names of things:
#   - on "回線" lines, the frame's bytes: the quoted text, the hex after 16進;
#   - a quotation 「...」 whose words all crossed the wire in clear in some
#     run (a line the sniffer read, a subject, a password);
#   - protocol keywords in capitals that crossed the wire (PIPELINING);
#   - numbers, hex, IPv4 addresses, host names (a.b.c in small letters),
#     e-mail addresses, option names (--pcap), identifiers with an
#     underscore (crypto_box_seal, TLS_AES_128_GCM_SHA256, CLIENT_RANDOM),
#     direction marks (C>S), file paths (lessons/ja/01-eight-steps.lesson)
#     and the names of scenarios and attacks, which are typed as they are;
#   - proper names: the list below (libraries, algorithms, protocols and
#     TLS messages as Wireshark names them) and tests/ja_complete.allow.
# A word is a run of Latin letters and digits; what is left of a line must
# hold none.
#
#   sh tests/ja_complete.sh     (from the repository root, after make)
set -u
T=${TLSSIM:-./tlssim}
PO=assets/po/ja.po
ALLOW=tests/ja_complete.allow
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

# ---- 1. the catalogue -------------------------------------------------------
if ! command -v xgettext >/dev/null 2>&1; then
	echo "ja_complete: xgettext not found (apt-get install gettext)"
	exit 1
fi
# The keywords as the Makefile gives them to xgettext.
keywords=$(sed -n '/^XGETTEXT_KEYWORDS *=/,/[^\\]$/p' Makefile | sed 's/^XGETTEXT_KEYWORDS *=//; s/\\$//')
# shellcheck disable=SC2086
xgettext --from-code=UTF-8 $keywords -o "$tmp/fresh.pot" ui/*.c sim/*.c
if ! msgcmp --use-untranslated "$PO" "$tmp/fresh.pot" 2>"$tmp/msgcmp"; then
	echo "FAIL: message ids of the sources missing from $PO (make pot, then translate):"
	sed 's/^/    | /' "$tmp/msgcmp" | head -20
	fail=1
fi
for what in untranslated only-fuzzy; do
	msgattrib --"$what" --no-obsolete --no-wrap "$PO" | grep '^msgid "..*"$' >"$tmp/$what"
	if [ -s "$tmp/$what" ]; then
		echo "FAIL: $(wc -l <"$tmp/$what") $what entries in $PO:"
		sed 's/^/    | /' "$tmp/$what" | head -20
		fail=1
	fi
done

# ---- 2. the output ------------------------------------------------------------
# The names come from --list in English: the option values a student types.
LANGUAGE= LC_ALL=C.UTF-8 "$T" --list >"$tmp/list.en"
scenarios=$(sed -n '/^scenarios:/,/^[a-z]*:/p' "$tmp/list.en" | awk '/^  /{print $1}')
attacks=$(sed -n '/^attacks:/,/^[a-z]*:/p' "$tmp/list.en" | awk '/^  /{print $1}')
[ -n "$scenarios" ] && [ -n "$attacks" ] || { echo "ja_complete: no scenarios from $T --list"; exit 1; }

mkdir -p "$tmp/out"
# run_scenario S: every run of one scenario, one file each.
run_scenario() {
	sc=$1 hops=default
	[ "$sc" = relay ] && hops="plain opportunistic mta-sts dane"
	for tls in classic 1.2 1.3; do
	for hop in $hops; do
	for a in none $attacks; do
	for tp in required opportunistic; do
	for sp in strict lax; do
		set -- --plain --lang ja --seed 1 --scenario "$sc" --tls "$tls" \
			--tls-policy "$tp" --server-policy "$sp"
		[ "$hop" = default ] || set -- "$@" --hop-b "$hop"
		[ "$a" = none ] || set -- "$@" --attack "$a"
		"$T" "$@" >"$tmp/out/$sc.$tls.$hop.$a.$tp.$sp.txt" 2>&1
	done; done; done; done; done
}
# Two scenarios at a time.
set -- $scenarios
while [ $# -gt 0 ]; do
	run_scenario "$1" &
	[ $# -gt 1 ] && run_scenario "$2" &
	wait
	shift; [ $# -gt 0 ] && shift
done
for l in lessons/ja/*.lesson; do
	"$T" --plain "$l" >"$tmp/out/lesson.$(basename "$l" .lesson).txt" 2>&1
done
"$T" --lang ja --list >"$tmp/out/list.txt" 2>&1

# What crossed the wire, one line a line: the text of every frame sent in
# clear, and every line the sniffer read (in clear, or decrypted with a
# stolen key or a key log), in any run.
cat "$tmp"/out/*.txt | sed -n 's/^回線 [CS]>[CS] [0-9]* バイト "\(.*\)"$/\1/p' |
	sed 's/\\r\\n/\n/g; s/\\r/\n/g; s/\\n/\n/g; s/\\t/ /g; s/\\"/"/g; s/\\\\/\\/g' >"$tmp/wire"
cat "$tmp"/out/*.txt | sed -n 's/^スニファー：[CS]>[CS] 「\(.*\)」$/\1/p' >>"$tmp/wire"
sort -u -o "$tmp/wire" "$tmp/wire"

echo "$scenarios $attacks" | tr ' ' '\n' >"$tmp/names"
sed 's/#.*//' "$ALLOW" | tr -s ' \t' '\n\n' >>"$tmp/names"

# The proper names: libraries, algorithms, protocols, and the TLS messages
# and fields as Wireshark names them.
proper="libsodium OpenSSL Wireshark Postfix Dovecot X25519 x25519 Ed25519 ChaCha20-Poly1305
XChaCha20-Poly1305 Poly1305 HKDF SHA256 SHA-256 AES GCM ECDHE ECDH DHE RSA X.509 DER
TLS SSL SNI SMTP SMTPS STARTTLS STLS POP3 POP3S IMAP IMAPS HTTPS MTA-STS DANE DNSSEC DNS
MX TXT TLSA TCP UDP IP UTC NSS CA RFC AUTH PLAIN LOGIN USER PASS EHLO HELO CAPA CAPABILITY
MAIL FROM RCPT TO DATA QUIT RETR STAT LIST SELECT FETCH LOGOUT
ClientHello ServerHello Certificate CertificateVerify Finished ChangeCipherSpec
EncryptedExtensions ServerKeyExchange ClientKeyExchange ServerHelloDone NewSessionTicket
application_data Alert tlssim base64"
echo $proper | tr ' ' '\n' >>"$tmp/names"

# check FILE...: prints "FILE:LINE: WORD: LINE" for each English word left.
awk -v wirefile="$tmp/wire" -v namefile="$tmp/names" '
BEGIN {
	while ((getline l < wirefile) > 0) {
		n = split(l, w, /[^A-Za-z0-9._@+\/-]+/)
		for (i = 1; i <= n; i++) {
			wire[trim(w[i])] = 1
			m = split(w[i], part, /[-.:+\/]+/)	# 250-VRFY, Re:, Debian/GNU
			for (j = 1; j <= m; j++) wire[part[j]] = 1
		}
	}
	while ((getline l < namefile) > 0) if (l != "") name[l] = 1
}
function trim(t) {
	sub(/^[-.+]+/, "", t)
	sub(/[-.+:]+$/, "", t)
	return t
}
# Whether token t names something or crossed the wire.
function known(t, quoted) {
	if (t == "" || t !~ /[A-Za-z]/) return 1
	if (t in name) return 1
	if (t ~ /@/ || t ~ /_/) return 1			# e-mail, identifier
	if (t ~ /^[a-z0-9._-]+(\/[a-z0-9._-]+)+$/) return 1	# a file path
	if (t ~ /^[a-z0-9-]+(\.[a-z0-9-]+)+$/) return 1	# host name
	if (t ~ /^(0x)?[0-9a-f]+$/ && (t ~ /[0-9]/ || length(t) >= 8)) return 1	# hex
	if (t ~ /^[0-9A-F]+$/ && t ~ /[0-9]/ && length(t) >= 6) return 1	# a queue id
	if (t ~ /^[0-9]+(\.[0-9]+)*[a-z]?$/) return 1	# a number with its unit letter
	if (t in wire && (quoted || t !~ /^[a-z]+$/)) return 1	# IMAP4rev1, INBOX
	return 0
}
function check(text, quoted,   n, w, i, t) {
	n = split(text, w, /[^A-Za-z0-9._@+\/-]+/)
	for (i = 1; i <= n; i++) {
		t = trim(w[i])
		if (known(t, quoted)) continue
		if (t !~ /\//) return t
		m = split(t, part, /\//)			# USER/PASS: each side
		for (j = 1; j <= m; j++)
			if (!known(trim(part[j]), quoted)) return t
	}
	return ""
}
# A handout'"'"'s own text is the lesson file'"'"'s (tlssim --check compares it
# with its English twin): only the transcript around it is checked.
FILENAME ~ /\/lesson\.[^\/]*$/ && /^(レッスン|概要|解説|試してみる|問題|正解|答えの説明)：|^  [a-h]\) / { next }
{
	s = $0
	if (s ~ /^回線 /) {
		sub(/ ".*"$/, "", s)
		sub(/ 16進 [0-9a-f]*$/, "", s)
	}
	gsub(/--[a-z][a-z0-9-]*/, " ", s)
	gsub(/[CS]>[CS]/, " ", s)
	bad = ""
	# quotations: checked against what crossed the wire
	while (bad == "" && match(s, /「[^」]*」/)) {
		bad = check(substr(s, RSTART + 3, RLENGTH - 6), 1)
		s = substr(s, 1, RSTART - 1) " " substr(s, RSTART + RLENGTH)
	}
	if (bad == "") bad = check(s, 0)
	if (bad != "") printf "%s:%d: %s: %s\n", FILENAME, FNR, bad, $0
}' "$tmp"/out/*.txt | sed "s|^$tmp/out/||" >"$tmp/english"

if [ -s "$tmp/english" ]; then
	echo "FAIL: English in $(cut -d: -f1 "$tmp/english" | sort -u | wc -l) Japanese outputs" \
		"($(wc -l <"$tmp/english") lines); the words, most frequent first:"
	cut -d: -f3 "$tmp/english" | sort | uniq -c | sort -rn | head -40 | sed 's/^/    /'
	echo "  some lines:"
	awk -F: '!seen[$3]++' "$tmp/english" | head -40 | cut -c1-220 | sed 's/^/    | /'
	fail=1
fi
runs=$(ls "$tmp/out" | wc -l)
[ "$fail" -eq 0 ] && echo "ja_complete: catalogue complete; $runs Japanese outputs hold no English"
exit "$fail"
