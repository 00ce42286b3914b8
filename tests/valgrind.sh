#!/bin/sh
# Runs the plain transcript of every scenario, and of every attack on a
# scenario where it applies, under valgrind's memcheck: any invalid read
# or write, use of uninitialised memory, or leak (definite, indirect or
# possible) fails, naming the command.  The transcript itself goes to
# /dev/null.  Lessons too: --check over every lesson file and bad
# fixture, and the transcript of a lesson in each language.  Run from the repository root after building ./tlssim;
# TLSSIM names another binary.  Takes a minute or two.
set -u
T=${TLSSIM:-./tlssim}
if ! command -v valgrind > /dev/null 2>&1; then
	echo "valgrind.sh: valgrind is not installed" >&2
	exit 1
fi
if [ ! -x "$T" ]; then
	echo "valgrind.sh: no binary $T (build it first: make tlssim)" >&2
	exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0 runs=0

# The names listed under "scenarios:" / "attacks:" in tlssim --list.
section() {
	"$T" --list | awk -v want="$1:" '$0 == want { on = 1; next }
		/^[^ ]/ { on = 0 } on && NF { print $1 }'
}

# vg ARGS...: one run of tlssim --plain --seed 1 ARGS under memcheck.
vg() {
	vg_run 0 --plain --seed 1 "$@"
}

# vg_run STATUS ARGS...: tlssim ARGS under memcheck, expected to exit
# with STATUS.  With -q valgrind writes only its findings, as "==PID=="
# lines, which tell its errors apart from the program's own exit 1.
vg_run() {
	want=$1
	shift
	runs=$((runs + 1))
	valgrind --leak-check=full --error-exitcode=1 \
		--errors-for-leak-kinds=definite,indirect,possible -q \
		"$T" "$@" > /dev/null 2> "$tmp/err"
	rc=$?
	if [ "$rc" -ne "$want" ] || grep -q '^==[0-9]*==' "$tmp/err"; then
		echo "FAIL (exit $rc, expected $want): valgrind $T $*"
		head -n 40 "$tmp/err"
		fail=1
	fi
}

scenarios=$(section scenarios)
attacks=$(section attacks)
if [ -z "$scenarios" ] || [ -z "$attacks" ]; then
	echo "valgrind.sh: $T --list names no scenarios or no attacks" >&2
	exit 1
fi

for s in $scenarios; do
	vg --scenario "$s"
done
for a in $attacks; do
	case $a in
	strip)
		for s in smtp-starttls pop3-stls imap-starttls; do
			vg --scenario "$s" --attack strip
			vg --scenario "$s" --attack strip --tls-policy opportunistic --server-policy lax
		done ;;
	key-leak)
		vg --scenario smtp-starttls --attack key-leak
		vg --scenario smtp-starttls --attack key-leak --tls 1.3 ;;
	*)
		vg --scenario smtp-starttls --attack "$a" ;;
	esac
done
vg --scenario relay --hop-b plain
# The real TLS versions: both engines, an attack each way of failing, and
# the key log written.
for v in 1.2 1.3; do
	vg --scenario smtp-starttls --tls "$v" --keylog "$tmp/keys"
	vg --scenario relay --tls "$v"
	vg --scenario imaps --tls "$v" --attack tamper
	vg --scenario smtps --tls "$v" --attack forge
done
vg --scenario relay --hop-b mta-sts --attack forge --attack-hop b --tls 1.3
vg --scenario relay --hop-b dane --attack strip --attack-hop b

# Lessons: the parser over every lesson and every bad fixture, and the
# transcript of one lesson per language (narration and questions too).
set -- lessons/*/*.lesson
[ -f "$1" ] && vg_run 0 --check "$@"
set -- tests/data/lesson/*.lesson
[ -f "$1" ] && vg_run 1 --check "$@"
for l in lessons/en/03-starttls.lesson lessons/ja/03-starttls.lesson; do
	[ -f "$l" ] && vg_run 0 --plain "$l"	# a lesson sets its own scenario
done

if [ "$fail" -ne 0 ]; then
	echo "valgrind.sh: errors found (see above)"
	exit 1
fi
echo "valgrind.sh: $runs runs, no errors"
