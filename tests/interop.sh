#!/bin/sh
# interop: our TLS engine against OpenSSL over 127.0.0.1, both ways.
#
#   sh tests/interop.sh [1.3|1.2]  (run from the top of the tree, after make)
#
# (a) build/tests/tls_peer as client against `openssl s_server`;
# (b) `openssl s_client -verify_return_error` against tls_peer as server,
#     with the certificates and key of tests/data/tls-kat/.
# Each side sends one line and must receive the other's; both close with
# close_notify; and the key log our engine wrote must equal OpenSSL's,
# line for line.  Every process is bounded by timeout and killed by its
# PID on the way out.  Exit 0 when all held, 77 when the version asked for
# is not built in yet.
set -u
PEER=${TLS_PEER:-build/tests/tls_peer}
KAT=tests/data/tls-kat
V=${1:-1.3}
CLIENT_LINE='EHLO client.example.test'
SERVER_LINE='250 hello from the server'

case $V in
1.3)	OSSL="-tls1_3 -ciphersuites TLS_CHACHA20_POLY1305_SHA256 -groups X25519" ;;
1.2)	OSSL="-tls1_2 -cipher ECDHE-ECDSA-CHACHA20-POLY1305 -groups X25519" ;;
*)	echo "interop: TLS $V is not built in" >&2; exit 77 ;;
esac

command -v openssl >/dev/null 2>&1 || { echo "interop: openssl is not installed" >&2; exit 1; }
[ -x "$PEER" ] || { echo "interop: $PEER is missing; build it first (make test)" >&2; exit 1; }

DIR=$(mktemp -d "${TMPDIR:-/tmp}/interop.XXXXXX") || exit 1
PIDS=""
cleanup() {
	exec 3>&- 4>&- 2>/dev/null
	for p in $PIDS; do kill "$p" 2>/dev/null; done
	rm -rf "$DIR"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

failures=0
fail() {
	echo "interop: $*" >&2
	failures=$((failures + 1))
}

# Waits up to 5 s for a file to hold a pattern.
wait_for() {
	i=0
	while [ $i -lt 50 ]; do
		grep -q "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# The secrets lines of a key log, sorted, to compare two of them.
secrets() {
	grep -v '^#' "$1" | sort
}

# (a) our client, OpenSSL's server.
client_vs_s_server() {
	port=$("$PEER" --free-port) || { fail "no free port"; return; }
	mkfifo "$DIR/s_in"
	# shellcheck disable=SC2086
	timeout 20 openssl s_server -accept "127.0.0.1:$port" $OSSL -naccept 1 \
		-cert "$KAT/server.crt" -key "$KAT/server.key" -cert_chain "$KAT/ca.crt" \
		-keylogfile "$DIR/s_server.keylog" <"$DIR/s_in" >"$DIR/s_server.out" 2>&1 &
	spid=$!
	PIDS="$PIDS $spid"
	exec 3>"$DIR/s_in"
	printf '%s\n' "$SERVER_LINE" >&3
	wait_for "$DIR/s_server.out" ACCEPT || { fail "(a) s_server did not start"; cat "$DIR/s_server.out" >&2; return; }
	if ! timeout 15 "$PEER" --tls "$V" --client "$port" --name mail.example.test \
		--send "$CLIENT_LINE" --expect "$SERVER_LINE" --keylog "$DIR/ours_c.keylog" \
		>"$DIR/peer_c.out" 2>&1; then
		fail "(a) our client against s_server failed:"
		cat "$DIR/peer_c.out" "$DIR/s_server.out" >&2
	fi
	exec 3>&-
	wait "$spid" || fail "(a) s_server exited with an error"
	grep -qF "$CLIENT_LINE" "$DIR/s_server.out" || fail "(a) s_server did not receive our line"
	[ "$(secrets "$DIR/ours_c.keylog")" = "$(secrets "$DIR/s_server.keylog")" ] ||
		fail "(a) our key log differs from s_server's"
	want=5		# TLS 1.3: five traffic secrets; TLS 1.2: one master secret
	[ "$V" = 1.2 ] && want=1
	[ "$(secrets "$DIR/ours_c.keylog" | wc -l)" -eq $want ] ||
		fail "(a) key log has not $want secrets"
	echo "interop: (a) tls_peer client <-> openssl s_server: $(tail -n 1 "$DIR/peer_c.out")"
}

# (b) OpenSSL's client, our server.
s_client_vs_server() {
	timeout 20 "$PEER" --tls "$V" --server "$DIR/port" --send "$SERVER_LINE" \
		--expect "$CLIENT_LINE" --keylog "$DIR/ours_s.keylog" >"$DIR/peer_s.out" 2>&1 &
	ppid_=$!
	PIDS="$PIDS $ppid_"
	wait_for "$DIR/port" '[0-9]' || { fail "(b) our server did not start"; cat "$DIR/peer_s.out" >&2; return; }
	port=$(cat "$DIR/port")
	mkfifo "$DIR/c_in"
	# shellcheck disable=SC2086
	timeout 15 openssl s_client -connect "127.0.0.1:$port" $OSSL -servername mail.example.test \
		-CAfile "$KAT/ca.crt" -verify_return_error -verify_hostname mail.example.test \
		-keylogfile "$DIR/s_client.keylog" -quiet <"$DIR/c_in" >"$DIR/s_client.out" 2>&1 &
	cpid=$!
	PIDS="$PIDS $cpid"
	exec 4>"$DIR/c_in"
	printf '%s\n' "$CLIENT_LINE" >&4
	wait "$ppid_" || { fail "(b) our server against s_client failed:"; cat "$DIR/peer_s.out" "$DIR/s_client.out" >&2; }
	exec 4>&-
	wait "$cpid" || fail "(b) s_client exited with an error"
	grep -qF "$SERVER_LINE" "$DIR/s_client.out" || fail "(b) s_client did not receive our line"
	[ "$(secrets "$DIR/ours_s.keylog")" = "$(secrets "$DIR/s_client.keylog")" ] ||
		fail "(b) our key log differs from s_client's"
	echo "interop: (b) openssl s_client <-> tls_peer server: $(tail -n 1 "$DIR/peer_s.out")"
}

client_vs_s_server
s_client_vs_server
[ "$failures" -eq 0 ] && echo "interop: TLS $V against OpenSSL: both ways passed"
[ "$failures" -eq 0 ]
