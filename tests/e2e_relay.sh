#!/bin/sh
# e2e_relay: the relay's hop B under each --hop-b policy, from the command
# line to tshark.
#
# 1. Every policy x TLS version, with no attack and with forge and strip
#    on hop B, exports a capture that tshark reads with no malformed
#    packet and no expert warning or error, holding as many packets as the
#    transcript's "capture:" line says.
# 2. tshark dissects the MTA-STS TXT and the DANE TLSA lookups, and the
#    policy fetch as TLS to port 443 whose HTTP it cannot see.
# 3. The outcomes, from the transcript: under opportunistic TLS the forger
#    and the stripper read the Subject line; under mta-sts and dane the
#    sender defers and nobody does.
# Run from the repository root; TLSSIM names another binary.
set -u
T=${TLSSIM:-./tlssim}
command -v tshark >/dev/null 2>&1 ||
	{ echo "e2e_relay: tshark is not installed (apt-get install tshark)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { # check DESCRIPTION COMMAND...
	what=$1; shift
	if "$@"; then :; else echo "FAIL: $what"; fail=1; fi
}

# one NAME ARGS...: transcript, capture and tshark's verdict into $tmp/NAME.*
one() {
	name=$1; shift
	$T --plain --seed 1 --scenario relay "$@" --pcap "$tmp/$name.pcap" > "$tmp/$name.txt" 2>&1 ||
		{ echo "exit status" > "$tmp/$name.bad"; return; }
	tshark -r "$tmp/$name.pcap" -V > "$tmp/$name.v" 2>/dev/null
	tshark -r "$tmp/$name.pcap" -V -z expert,warn -q > "$tmp/$name.expert" 2>/dev/null
	want=$(sed -n 's/^capture: \([0-9]*\) packets.*/\1/p' "$tmp/$name.txt")
	got=$(tshark -r "$tmp/$name.pcap" 2>/dev/null | wc -l)
	[ "$want" = "$got" ] || echo "transcript says $want packets, tshark reads $got" >> "$tmp/$name.bad"
	grep -qi malformed "$tmp/$name.v" && echo "malformed" >> "$tmp/$name.bad"
	if grep -qE '^ *(Warns|Errors) \(' "$tmp/$name.expert"; then
		grep -E '^ *(Warns|Errors) \(' "$tmp/$name.expert" >> "$tmp/$name.bad"
	fi
}

subject() { grep -q '^sniffer:.*Subject: Tea party on Saturday' "$tmp/$1.txt"; }
deferred() { grep -q '^-- b-deferred:' "$tmp/$1.txt"; }

n=0
for v in classic 1.2 1.3; do
	for p in plain opportunistic mta-sts dane; do
		one "$p.$v" --tls "$v" --hop-b "$p"
		for a in forge strip; do
			one "$p.$v.$a" --tls "$v" --hop-b "$p" --attack "$a" --attack-hop b
			n=$((n + 1))
		done
		n=$((n + 1))
	done
done
for f in "$tmp"/*.bad; do
	[ -f "$f" ] || continue
	echo "FAIL: $(basename "$f" .bad): $(tr '\n' ' ' < "$f")"
	fail=1
done

for v in classic 1.2 1.3; do
	check "$v: tshark reads the MTA-STS TXT record" \
		grep -q 'Type: TXT' "$tmp/mta-sts.$v.v"
	check "$v: the policy fetch is TLS to port 443 for mta-sts.example.org" \
		grep -q 'Server Name: mta-sts.example.org' "$tmp/mta-sts.$v.v"
	check "$v: tshark sees no HTTP inside the policy fetch" \
		test "$(grep -c 'mta-sts.txt' "$tmp/mta-sts.$v.v")" -eq 0
	check "$v: tshark reads the TLSA record 3 1 1" \
		grep -qE 'Certificate Usage: Domain-issued certificate.*\(3\)' "$tmp/dane.$v.v"
	check "$v: selector SPKI, matching type SHA-256" \
		grep -q 'Matching Type: 256 bit hash by SHA2' "$tmp/dane.$v.v"
	check "$v opportunistic: the forger reads the Subject" subject "opportunistic.$v.forge"
	check "$v opportunistic: strip lets the sniffer read the Subject" subject "opportunistic.$v.strip"
	check "$v opportunistic: delivered, not deferred" \
		test "$(deferred "opportunistic.$v.forge" && echo yes)" != yes
	for p in mta-sts dane; do
		for a in forge strip; do
			check "$v $p $a: deferred" deferred "$p.$v.$a"
			check "$v $p $a: no Subject for the attacker" \
				test "$(subject "$p.$v.$a" && echo yes)" != yes
			check "$v $p $a: no DATA on hop B" \
				test "$(grep -c '^-- b-data:' "$tmp/$p.$v.$a.txt")" -eq 0
		done
	done
done

[ $fail -eq 0 ] && echo "e2e_relay: $n captures clean in tshark; opportunistic delivers to the attacker, mta-sts and dane defer"
exit $fail
