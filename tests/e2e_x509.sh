#!/bin/sh
# e2e_x509: OpenSSL judges the certificates sim/pki.c makes.
#
# tests/x509_gen writes the trusted CA, an attacker's CA and one server
# certificate of each kind (good, expired, wrong-name, untrusted, forged)
# as DER and PEM.  openssl x509 must read every one and show Ed25519, the
# SAN and the key usages; openssl verify, with the CA as its only trust
# anchor and the name mail.example.test, must accept the good certificate
# and refuse each broken one with its own error.  The time is fixed
# (-attime) to the one the certificates were made for, so the result does
# not depend on today's date.  Two runs with the same seed must write the
# same bytes.  Run from the repository root after make test has built
# build/tests/x509_gen (make check: build-check/tests/x509_gen).

NOW=1780304400	# 2026-06-01 09:00:00 UTC, x509_gen's default
NAME=mail.example.test

case ${TLSSIM:-} in
*/tlssim) dir=${TLSSIM%/tlssim} ;;
*) dir=. ;;
esac
[ "$dir" = . ] && dir=build
GEN=${X509_GEN:-$dir/tests/x509_gen}

if ! command -v openssl >/dev/null 2>&1; then
	echo "e2e_x509: openssl is not installed (Debian: apt-get install openssl)" >&2
	exit 1
fi
if [ ! -x "$GEN" ]; then
	echo "e2e_x509: $GEN is missing; build it first (make test)" >&2
	exit 1
fi

DIR=$(mktemp -d -t e2e_x509.XXXXXX) || exit 1
trap 'rm -rf "$DIR"' EXIT
trap 'exit 1' HUP INT TERM

failures=0 checked=0
fail() {
	echo "e2e_x509: $*" >&2
	failures=$((failures + 1))
}

mkdir "$DIR/a" "$DIR/b"
"$GEN" "$DIR/a" 42 $NOW || fail "x509_gen failed"
"$GEN" "$DIR/b" 42 $NOW || fail "x509_gen failed (second run)"
for f in "$DIR"/a/*; do
	cmp -s "$f" "$DIR/b/$(basename "$f")" ||
		fail "$(basename "$f"): a second run with the same seed wrote other bytes"
done
cd "$DIR/a" || exit 1

# Every certificate: openssl reads the DER, and the PEM holds the same bytes.
for c in ca attacker-ca good expired wrong-name untrusted forged; do
	checked=$((checked + 1))
	if ! openssl x509 -inform DER -in $c.der -text -noout >$c.txt 2>$c.err; then
		fail "$c.der: openssl x509 refused it: $(head -n 3 $c.err)"
		continue
	fi
	openssl x509 -in $c.pem -outform DER 2>/dev/null | cmp -s - $c.der ||
		fail "$c.pem does not hold the bytes of $c.der"
	case $c in
	*ca) want="Version: 3|Signature Algorithm: ED25519|Public Key Algorithm: ED25519|CA:TRUE|Certificate Sign, CRL Sign|Subject Key Identifier" ;;
	wrong-name) want="Signature Algorithm: ED25519|Public Key Algorithm: ED25519|CA:FALSE|Digital Signature|TLS Web Server Authentication|DNS:mail.attacker.test|Authority Key Identifier" ;;
	*) want="Signature Algorithm: ED25519|Public Key Algorithm: ED25519|CA:FALSE|Digital Signature|TLS Web Server Authentication|DNS:$NAME|Authority Key Identifier" ;;
	esac
	old_ifs=$IFS
	IFS='|'
	for w in $want; do
		grep -qF "$w" $c.txt || fail "$c: openssl x509 -text does not show '$w'"
	done
	IFS=$old_ifs
done
grep -q "Key Usage: critical" good.txt || fail "good: keyUsage is not critical"
grep -q "Basic Constraints: critical" ca.txt || fail "ca: basicConstraints is not critical"

# The verdicts: one line each, "certificate expected-output".
while read -r c want; do
	checked=$((checked + 1))
	openssl verify -CAfile ca.pem -attime $NOW -verify_hostname $NAME "$c.pem" >"$c.out" 2>&1
	rc=$?
	if [ "$want" = OK ]; then
		{ [ $rc -eq 0 ] && grep -q "^$c.pem: OK" "$c.out"; } ||
			fail "$c: openssl verify did not accept it: $(head -n 3 "$c.out")"
	else
		[ $rc -ne 0 ] || fail "$c: openssl verify accepted it"
		grep -q "$want" "$c.out" || fail "$c: openssl verify did not say '$want': $(head -n 3 "$c.out")"
	fi
done <<EOF
good OK
expired certificate has expired
wrong-name hostname mismatch
untrusted unable to get local issuer certificate
forged certificate signature failure
EOF

# The CA is its own anchor, and strict RFC 5280 checks accept the good one.
openssl verify -x509_strict -CAfile ca.pem -attime $NOW ca.pem >/dev/null 2>&1 ||
	fail "ca: openssl verify -x509_strict refused the CA itself"
openssl verify -x509_strict -purpose sslserver -CAfile ca.pem -attime $NOW \
	-verify_hostname $NAME good.pem >/dev/null 2>&1 ||
	fail "good: openssl verify -x509_strict -purpose sslserver refused it"

if [ $failures -ne 0 ]; then
	echo "e2e_x509: $failures failure(s)" >&2
	exit 1
fi
echo "e2e_x509: $checked certificates and verdicts checked by openssl"
