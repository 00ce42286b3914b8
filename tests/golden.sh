#!/bin/sh
# Golden outputs: the seeded transcript of every scenario x TLS version x
# attack x policy combination, and a digest of its capture; and the
# worksheet (--worksheet --seed 1) of every shipped lesson, English and
# Japanese.  A change of
# behaviour shows up as a diff of tests/golden/ in review.
#
#   sh tests/golden.sh          compare with tests/golden/ (part of make test)
#   sh tests/golden.sh --update rewrite tests/golden/ (review the diff line by line)
#
# Runs that exit non-zero are recorded as such: an option refused today is
# part of the behaviour too.
set -u
T=${TLSSIM:-./tlssim}
G=tests/golden
update=0
[ "${1:-}" = --update ] && update=1
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

scenarios=$($T --list | sed -n '/^scenarios:/,/^[a-z]*:/p' | awk '/^  /{print $1}')
attacks="none $($T --list | sed -n '/^attacks:/,/^[a-z]*:/p' | awk '/^  /{print $1}')"
[ -n "$scenarios" ] || { echo "golden: no scenarios from $T --list"; exit 1; }

mkdir -p "$out/plain"
: > "$out/pcap.sha256"
# The relay runs once per hop B policy (VARIANT is POLICY.HOP, the hop the
# attacker sits on); the client and server policies of hop A are varied
# only for the first two, since hop B does not depend on them.
relay_variants="plain.a opportunistic.a mta-sts.a dane.a opportunistic.b mta-sts.b dane.b"
for s in $scenarios; do
	variants=default
	[ "$s" = relay ] && variants=$relay_variants
	for tls in classic 1.2 1.3; do
	for var in $variants; do
	tps="required opportunistic" sps="strict lax"
	case $var in plain.a | opportunistic.a | default) ;; *) tps=required sps=strict ;; esac
	for a in $attacks; do
	for tp in $tps; do
	for sp in $sps; do
		name="$s.$tls.$var.$a.$tp.$sp"
		set -- --plain --seed 1 --scenario "$s" --tls "$tls" --tls-policy "$tp" --server-policy "$sp"
		[ "$var" = default ] || set -- "$@" --hop-b "${var%.*}" --attack-hop "${var##*.}"
		[ "$a" = none ] || set -- "$@" --attack "$a"
		$T "$@" --pcap "$out/cap.pcap" > "$out/plain/$name.txt" 2>&1
		rc=$?
		[ $rc -eq 0 ] || echo "exit status $rc" >> "$out/plain/$name.txt"
		if [ -f "$out/cap.pcap" ]; then
			echo "$(sha256sum < "$out/cap.pcap" | cut -c1-64)  $name" >> "$out/pcap.sha256"
			rm -f "$out/cap.pcap"
		fi
	done; done; done; done; done
done

# The worksheets, as LANG-NAME.txt (the Japanese ones need the catalogue).
mkdir -p "$out/worksheet"
for f in lessons/en/*.lesson lessons/ja/*.lesson; do
	lang=${f#lessons/}
	lang=${lang%%/*}
	name=$lang-$(basename "$f" .lesson).txt
	$T --worksheet --seed 1 "$f" > "$out/worksheet/$name" 2>&1 ||
		echo "exit status $?" >> "$out/worksheet/$name"
done

if [ $update -eq 1 ]; then
	rm -rf "$G"
	mkdir -p "$G"
	cp -r "$out/plain" "$out/pcap.sha256" "$out/worksheet" "$G/"
	echo "golden: wrote $(ls "$G/plain" | wc -l) transcripts, $(wc -l < "$G/pcap.sha256") capture digests and $(ls "$G/worksheet" | wc -l) worksheets"
	exit 0
fi
if diff -ru "$G/plain" "$out/plain" > "$out/diff" && diff -u "$G/pcap.sha256" "$out/pcap.sha256" >> "$out/diff" &&
   diff -ru "$G/worksheet" "$out/worksheet" >> "$out/diff"; then
	echo "golden: $(ls "$out/plain" | wc -l) transcripts, $(wc -l < "$out/pcap.sha256") captures and $(ls "$out/worksheet" | wc -l) worksheets match"
	exit 0
fi
head -80 "$out/diff"
echo "golden: outputs differ from tests/golden/ (sh tests/golden.sh --update after review)"
exit 1
