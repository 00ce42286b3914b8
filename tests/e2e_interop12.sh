#!/bin/sh
# e2e_interop12: the TLS 1.2 engine (sim/tls12) against OpenSSL on 127.0.0.1.
#
#   1. our client (tests/tls12_peer) against openssl s_server
#   2. openssl s_client, verifying the chain against the test CA, against our server
#
# Suite ECDHE-ECDSA-CHACHA20-POLY1305, X25519, the Ed25519 certificate of
# tests/data/tls-kat.  A line crosses each way and both sides must
# receive it; in 1 our key log and OpenSSL's must name the same master
# secret, in 2 s_client must report TLS 1.2, that suite, X25519 and a
# verified chain.  Every process is bounded by timeout.  Run from the
# repository root after `make test` has built the peer.

case ${TLSSIM:-} in
*/*) B=$(dirname "$TLSSIM") ;;
*) B=build ;;
esac
[ "$B" = . ] && B=build
PEER=${TLS12_PEER:-$B/tests/tls12_peer}
K=tests/data/tls-kat
SUITE="-tls1_2 -cipher ECDHE-ECDSA-CHACHA20-POLY1305"
EHLO='EHLO client.example.test'
BANNER='250 hello from the server'

if ! command -v openssl >/dev/null 2>&1; then
	echo "e2e_interop12: openssl is not installed (Debian: apt-get install openssl)" >&2
	exit 1
fi
if [ ! -x "$PEER" ]; then
	echo "e2e_interop12: $PEER is missing; build it first (make test)" >&2
	exit 1
fi

DIR=$(mktemp -d "${TMPDIR:-/tmp}/e2e_interop12.XXXXXX") || exit 1
trap 'rm -rf "$DIR"' EXIT
trap 'exit 1' HUP INT TERM

failures=0
fail() {
	echo "e2e_interop12: $*" >&2
	failures=$((failures + 1))
}

# The first line of a file without its CR.
line() {
	head -n 1 "$1" | tr -d '\r'
}

# 1. Our client, OpenSSL's server.
port=$("$PEER" freeport) || exit 1
(printf '%s\r\n' "$BANNER"; sleep 2) |
	timeout 10 openssl s_server -accept "127.0.0.1:$port" $SUITE -groups X25519 \
		-cert $K/server.crt -key $K/server.key -cert_chain $K/ca.crt \
		-naccept 1 -quiet -keylogfile "$DIR/s.keylog" >"$DIR/s.out" 2>"$DIR/s.err" &
timeout 10 "$PEER" client "$port" mail.example.test "$DIR/c.keylog" \
	>"$DIR/c.out" 2>"$DIR/c.err" || fail "our client failed: $(cat "$DIR/c.err")"
wait
[ "$(line "$DIR/c.out")" = "$BANNER" ] || fail "our client did not read the banner"
[ "$(line "$DIR/s.out")" = "$EHLO" ] || fail "s_server did not read our line: $(cat "$DIR/s.err")"
ours=$(grep '^CLIENT_RANDOM ' "$DIR/c.keylog" 2>/dev/null)
theirs=$(grep '^CLIENT_RANDOM ' "$DIR/s.keylog" 2>/dev/null)
[ -n "$ours" ] && [ "$ours" = "$theirs" ] ||
	fail "key logs differ: ours '$ours', OpenSSL's '$theirs'"

# 2. OpenSSL's client, our server.
timeout 10 "$PEER" server "$DIR/port" >"$DIR/s2.out" 2>"$DIR/s2.err" &
server=$!
i=0
while [ ! -s "$DIR/port" ] && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
port=$(cat "$DIR/port" 2>/dev/null)
(printf '%s\r\n' "$EHLO"; sleep 2) |
	timeout 10 openssl s_client -connect "127.0.0.1:$port" $SUITE \
		-servername mail.example.test -CAfile $K/ca.crt -verify_return_error \
		-brief -ign_eof >"$DIR/c2.out" 2>"$DIR/c2.err" ||
	fail "s_client failed: $(cat "$DIR/c2.err")"
wait $server || fail "our server failed: $(cat "$DIR/s2.err")"
[ "$(line "$DIR/s2.out")" = "$EHLO" ] || fail "our server did not read the line"
[ "$(line "$DIR/c2.out")" = "$BANNER" ] || fail "s_client did not read our banner"
for want in 'Protocol version: TLSv1.2' 'Ciphersuite: ECDHE-ECDSA-CHACHA20-POLY1305' \
	    'Verification: OK' 'Server Temp Key: X25519'; do
	grep -q "$want" "$DIR/c2.err" || fail "s_client did not say '$want'"
done

[ $failures -eq 0 ] || exit 1
echo "e2e_interop12: both directions against OpenSSL passed"
