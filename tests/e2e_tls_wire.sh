#!/bin/sh
# e2e_tls_wire: what tshark makes of our TLS, in every version.
#
# 1. Every TLS scenario x version (classic, 1.2, 1.3) x attack exports a
#    capture (strip only where there is an upgrade to strip) that tshark
#    reads with no malformed packet and no expert
#    warning or error, holding exactly as many packets as the transcript's
#    "capture:" line says.
# 2. With --keylog, tshark decrypts TLS 1.2 and 1.3 and prints the
#    AUTH PLAIN line of smtp-starttls; without it, TLS 1.3 shows no
#    certificate and no SMTP command after STARTTLS, while TLS 1.2 shows
#    the certificate in clear (as a real capture would).
# Two captures run at once (the machine has two cores); it takes about a
# minute.  Run from the repository root; TLSSIM names another binary.
set -u
T=${TLSSIM:-./tlssim}
command -v tshark >/dev/null 2>&1 ||
	{ echo "e2e_tls_wire: tshark is not installed (apt-get install tshark)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { # check DESCRIPTION COMMAND...
	what=$1; shift
	if "$@"; then :; else echo "FAIL: $what"; fail=1; fi
}

# one NAME ARGS...: capture, transcript and tshark's verdict into $tmp/NAME.*
one() {
	name=$1; shift
	$T --plain --seed 1 "$@" --pcap "$tmp/$name.pcap" > "$tmp/$name.txt" 2>&1 ||
		{ echo "exit" > "$tmp/$name.bad"; return; }
	tshark -r "$tmp/$name.pcap" -V -z expert,warn -q > "$tmp/$name.expert" 2>/dev/null
	tshark -r "$tmp/$name.pcap" -V > "$tmp/$name.v" 2>/dev/null
	want=$(sed -n 's/^capture: \([0-9]*\) packets.*/\1/p' "$tmp/$name.txt")
	got=$(tshark -r "$tmp/$name.pcap" 2>/dev/null | wc -l)
	[ "$want" = "$got" ] || echo "transcript says $want packets, tshark reads $got" > "$tmp/$name.bad"
	grep -qi malformed "$tmp/$name.v" && echo "malformed" >> "$tmp/$name.bad"
	grep -qE '^ *(Warns|Errors) \(' "$tmp/$name.expert" &&
		grep -E '^ *(Warns|Errors) \(' "$tmp/$name.expert" >> "$tmp/$name.bad"
	rm -f "$tmp/$name.v" "$tmp/$name.pcap"
}

scenarios="handshake smtp-starttls smtps pop3-stls pop3s imap-starttls imaps relay"
attacks="none strip forge expired wrong-name untrusted tamper key-leak"
n=0
for s in $scenarios; do
	for v in classic 1.2 1.3; do
		for a in $attacks; do
			# Stripping needs an upgrade to strip (refused elsewhere).
			case "$a.$s" in strip.smtps | strip.pop3s | strip.imaps | strip.handshake) continue ;; esac
			set -- --scenario "$s" --tls "$v"
			[ "$a" = none ] || set -- "$@" --attack "$a"
			one "$s.$v.$a" "$@" &
			n=$((n + 1))
			[ $((n % 2)) -eq 0 ] && wait
		done
	done
done
wait
for f in "$tmp"/*.bad; do
	[ -f "$f" ] || continue
	echo "FAIL: $(basename "$f" .bad): $(tr '\n' ' ' < "$f")"
	fail=1
done

# 2. The key log opens the capture; without it, TLS 1.3 hides everything.
for v in 1.2 1.3; do
	$T --plain --seed 1 --scenario smtp-starttls --tls "$v" \
		--pcap "$tmp/k$v.pcap" --keylog "$tmp/k$v.keys" > /dev/null
	check "--tls $v --keylog: tshark decrypts AUTH PLAIN" \
		grep -q 'C: AUTH PLAIN' "$(tshark -r "$tmp/k$v.pcap" -o "tls.keylog_file:$tmp/k$v.keys" \
			-Y smtp > "$tmp/k$v.dec" 2>/dev/null; echo "$tmp/k$v.dec")"
	tshark -r "$tmp/k$v.pcap" -V > "$tmp/k$v.plain" 2>/dev/null
	check "--tls $v: without the key log no SMTP command after STARTTLS" \
		test "$(grep -c 'AUTH PLAIN\|MAIL FROM' "$tmp/k$v.plain")" -eq 0
done
check "--tls 1.3: without the key log no certificate message" \
	test "$(grep -c 'Handshake Type: Certificate (11)' "$tmp/k1.3.plain")" -eq 0
check "--tls 1.3: without the key log not even the issuer's name" \
	test "$(grep -c 'Example Test Root CA' "$tmp/k1.3.plain")" -eq 0
check "--tls 1.2: the certificate crosses in clear" \
	grep -q 'Handshake Type: Certificate (11)' "$tmp/k1.2.plain"
check "the key log has the TLS 1.3 secrets" grep -q '^CLIENT_TRAFFIC_SECRET_0 ' "$tmp/k1.3.keys"
check "the key log has the TLS 1.2 master secret" grep -q '^CLIENT_RANDOM ' "$tmp/k1.2.keys"

[ $fail -eq 0 ] && echo "e2e_tls_wire: $n captures clean in tshark; key logs decrypt 1.2 and 1.3"
exit $fail
