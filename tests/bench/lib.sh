# lib.sh: what the bench scripts share (run.sh, keys.sh, class.sh);
# sourced, not run.  Set OUT (the results), and for cg_run DRIVE (the pty
# driver), TLSSIM and CG (the callgrind command, empty without valgrind),
# before sourcing.  verdict counts in $met and $missed, skip in $skipped.

met=0 missed=0 skipped=0

have() { command -v "$1" >/dev/null 2>&1; }

# get FILE LABEL KEY: the value of KEY=... on the line starting with LABEL.
get() {
	awk -v l="$2" -v k="$3" '$1 == l { for (i = 2; i <= NF; i++) {
		split($i, kv, "="); if (kv[1] == k) { print kv[2]; exit } } }' "$1"
}

# calc EXPR: floating-point arithmetic.
calc() { awk "BEGIN { printf \"%s\", $1 }"; }

# verdict OK_CONDITION TEXT: prints the line with OK or MISS and counts it.
verdict() {
	if [ "$(calc "($1) ? 1 : 0")" = 1 ]; then
		echo "$2 OK"; met=$((met + 1))
	else
		echo "$2 MISS"; missed=$((missed + 1))
	fi
}

skip() { echo "$1 SKIPPED"; skipped=$((skipped + 1)); }

# median and minimum of the numbers on standard input, one a line.
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
minimum() { sort -g | sed -n 1p; }

# Mega-instructions, for printing.
mi() { calc "sprintf(\"%.2f M\", $1 / 1e6)"; }

# callgrind's total of a profile: the "totals:" line (or "summary:").
cg_total() { awk '/^(totals|summary):/ { print $2; exit }' "$1"; }

# callgrind dumps its counts each time the program enters wgetch(), that
# is each time it waits for a key: the first dump is the start-up to the
# first frame, and each key costs the dumps written while it was handled
# (one, or more when it makes the program wake up on its own, e.g. to
# move a packet).  ptydrive sends one key at a time, waits until the
# program is settled (no output, no CPU for -q ms) and counts the dumps
# by then (-c), so that each key gets its own.

# cg_run NAME ACTIONS ARG...: one run of tlssim ARG... under callgrind;
# its dumps and ptydrive's output go to $OUT/cg-NAME/.
cg_run() {
	name=$1 acts=$2
	shift 2
	d=$OUT/cg-$name
	for try in 1 2 3; do
		rm -rf "$d"
		mkdir -p "$d"
		"$DRIVE" -s 80x24 -q 250 -w 20000 -m 30000 -c "$d/cg" $acts -- $CG \
			--dump-before=wgetch --callgrind-out-file="$d/cg" "$TLSSIM" "$@" >"$d/drive.txt"
		[ -s "$d/cg.1" ] && return 0
		sleep 2	# e.g. the binary was being rebuilt
	done
	echo "bench: no callgrind profile from $TLSSIM $* (see $d)" >&2
	exit 2
}

# dump NAME N: instructions of dump N of run NAME; N "exit": the last.
dump() {
	if [ "$2" = exit ]; then
		cg_total "$OUT/cg-$1/cg"
	else
		cg_total "$OUT/cg-$1/cg.$2"
	fi
}
