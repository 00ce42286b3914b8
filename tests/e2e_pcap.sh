#!/bin/sh
# e2e_pcap: every scenario exported with --pcap and read back by tshark.
#
# For each scenario that `./tlssim --list` names, the capture must open in
# tshark without checksum errors, malformed packets or TCP analysis
# warnings (retransmission, previous segment not captured, ...); the
# client commands tshark dissects (SMTP, POP, IMAP) must be the ones the
# plain transcript shows in clear, in the same order; a DNS query must be
# an MX query.  A few scenarios have fixed expectations on top.  Run from
# the repository root after ./tlssim is built (tests/run.sh does).

BIN=${TLSSIM:-./tlssim}

if ! command -v tshark >/dev/null 2>&1; then
	echo "e2e_pcap: tshark is not installed; it is needed to check the" \
	     "captures (Debian: apt-get install tshark)" >&2
	exit 1
fi
if [ ! -x "$BIN" ]; then
	echo "e2e_pcap: $BIN is missing; build it first (make)" >&2
	exit 1
fi

DIR=$(mktemp -d "${TMPDIR:-/tmp}/e2e_pcap.XXXXXX") || exit 1
trap 'rm -rf "$DIR"' EXIT
trap 'exit 1' HUP INT TERM

failures=0 checked=0
fail() {
	echo "e2e_pcap: $*" >&2
	failures=$((failures + 1))
}

# The names under the "scenarios:" heading, one per indented line.
"$BIN" --list >"$DIR/list" 2>"$DIR/list.err" ||
	fail "'$BIN --list' failed: $(head -n 3 "$DIR/list.err")"
scenarios=$(awk '
	/^[^ \t]/ { section = ($0 ~ /^[Ss]cenarios:/); next }
	section && NF && $1 ~ /^[a-z0-9][a-z0-9_.-]*$/ { print $1 }
' "$DIR/list")
if [ -z "$scenarios" ]; then
	fail "no scenarios under 'scenarios:' in '$BIN --list'"
	exit 1
fi
# Every scenario, and the upgrade ones once more with STARTTLS stripped
# (written NAME+strip): the transcript and the capture must still agree.
runs=$scenarios
if awk '/^[^ \t]/ { a = ($0 ~ /^[Aa]ttacks:/); next } a && $1 == "strip" { f = 1 }
	END { exit !f }' "$DIR/list"; then
	for name in $scenarios; do
		case $name in
		*starttls | *stls | relay) runs="$runs $name+strip" ;;
		esac
	done
fi

# Fields of every packet, tab-separated (see the awk programs below).
fields() {
	tshark -o tcp.check_checksum:TRUE -o ip.check_checksum:TRUE \
		-o udp.check_checksum:TRUE -r "$1" -T fields \
		-E occurrence=a -E aggregator=, \
		-e frame.number -e tcp.stream -e frame.protocols \
		-e ip.checksum.status -e tcp.checksum.status \
		-e udp.checksum.status -e _ws.malformed -e _ws.col.Info \
		-e smtp.req.command -e pop.request.command \
		-e imap.request.command -e dns.flags.response -e dns.qry.type \
		2>"$1.err"
}

# A command as compared here: upper case, its first four letters (tshark
# shows SMTP's STARTTLS as the command "STAR" with parameter "TLS").
# The verbs that count as client commands, by those four letters.
VERBS="EHLO HELO AUTH MAIL RCPT DATA QUIT STAR RSET NOOP VRFY \
CAPA USER PASS STAT RETR LIST DELE UIDL STLS APOP TOP \
LOGI LOGO SELE EXAM FETC UID"

# The client's commands in the transcript: the first line of every clear
# frame from client to server, its first word (or, for an IMAP tag, its
# second) when that is a known verb.  A clear frame is printed as
#   wire C>S 26 bytes "EHLO client.example.test\r\n"
# and an unreadable one as "wire C>S 78 bytes hex 1603...".
transcript_commands() {
	awk -v verbs="$VERBS" '
	BEGIN { n = split(verbs, v, " "); for (i = 1; i <= n; i++) ok[v[i]] = 1 }
	function verb(w) { return substr(toupper(w), 1, 4) }
	/^wire C>S [0-9]+ bytes? "/ {
		line = $0
		sub(/^wire C>S [0-9]+ bytes? "/, "", line)
		sub(/(\\r|\\n|").*/, "", line)
		n = split(line, w, / +/)
		c = verb(w[1])
		if (!(c in ok) && n > 1)
			c = verb(w[2])
		if (c in ok)
			print c
	}
	' "$1"
}

for name in $runs; do
	scenario=${name%+*} attack=${name#*+}
	[ "$attack" = "$name" ] && attack=""
	checked=$((checked + 1))
	set -- --plain --scenario "$scenario" --seed 1
	[ -n "$attack" ] && set -- "$@" --attack "$attack"
	pcap="$DIR/$name.pcap" txt="$DIR/$name.txt"
	if ! "$BIN" "$@" --pcap "$pcap" >"$txt" 2>"$DIR/$name.err"; then
		fail "$name: tlssim failed: $(head -n 3 "$DIR/$name.err")"
		continue
	fi
	if [ ! -s "$pcap" ]; then
		fail "$name: no capture written"
		continue
	fi
	if ! fields "$pcap" >"$DIR/$name.f"; then
		fail "$name: tshark cannot read the capture: $(head -n 3 "$pcap.err")"
		continue
	fi

	# Checksums, TCP analysis, malformed packets (those tolerated only
	# where the TLS dissector meets the simulator's own records).
	awk -F '\t' -v name="$name" '
	{ tls = ($3 ~ /:tls/) }
	tls { tls_from[$2] = 1 }
	$4 != "1" { print name ": frame " $1 ": bad IPv4 checksum (status " $4 ")" }
	$3 ~ /:tcp/ && $5 != "1" { print name ": frame " $1 ": bad TCP checksum" }
	$3 ~ /:udp/ && $6 != "1" { print name ": frame " $1 ": bad UDP checksum" }
	{ info = $8; gsub(/\[TCP segment of a reassembled PDU\]/, "", info) }
	info ~ /\[TCP / { print name ": frame " $1 ": " $8 }
	($7 != "" || $8 ~ /Malformed/) && !($2 in tls_from) {
		print name ": frame " $1 ": malformed: " $8
	}
	' "$DIR/$name.f" >"$DIR/$name.bad"
	if [ -s "$DIR/$name.bad" ]; then
		fail "$(head -n 5 "$DIR/$name.bad")"
	fi

	# The client commands tshark dissects, as four letters each.
	awk -F '\t' '$9 $10 $11 != "" {
		n = split($9 "," $10 "," $11, c, ",")
		for (i = 1; i <= n; i++)
			if (c[i] != "") print substr(toupper(c[i]), 1, 4)
	}' "$DIR/$name.f" >"$DIR/$name.cmd"
	transcript_commands "$txt" >"$DIR/$name.want"
	got=$(tr '\n' ' ' <"$DIR/$name.cmd" | sed 's/ $//')
	if ! cmp -s "$DIR/$name.cmd" "$DIR/$name.want"; then
		fail "$name: tshark dissects client commands [$got]," \
		     "the transcript shows [$(tr '\n' ' ' <"$DIR/$name.want" | sed 's/ $//')]"
	fi

	# What the protocol and mode promise, whatever the transcript says.
	case $name in
	smtp-plain) expect="EHLO AUTH MAIL RCPT DATA QUIT" ;;
	smtp-starttls) expect="EHLO STAR" ;;
	pop3-plain | pop-plain) expect="CAPA USER PASS STAT RETR QUIT" ;;
	smtps | smtp-implicit | pop3s | pop3-implicit | imaps | imap-implicit)
		expect="" ;;
	*) expect="any" ;;
	esac
	if [ "$expect" != any ] && [ "$got" != "$expect" ]; then
		fail "$name: tshark dissects client commands [$got], expected [$expect]"
	fi
	case $name in
	imap-plain)
		case $got in
		*LOGI*FETC*LOGO*) ;;
		*) fail "$name: IMAP commands [$got] lack LOGIN, FETCH, LOGOUT" ;;
		esac ;;
	*-plain)
		[ -n "$got" ] || fail "$name: tshark dissects no client command" ;;
	*starttls | *stls)
		case $got in
		*STAR | *STLS) ;;
		*) fail "$name: clear commands [$got] do not end with the upgrade" ;;
		esac ;;
	*+strip)
		case " $got " in
		*" STAR "* | *" STLS "*)
			fail "$name: the client asked for TLS [$got] that was never offered" ;;
		esac ;;
	esac

	# DNS: every query asks for MX and is answered; the relay asks one.
	awk -F '\t' -v name="$name" -v attack="$attack" '
	$3 ~ /:dns/ && $12 == "0" { q++; if ($13 != "15") print name ": frame " $1 ": DNS query of type " $13 ", not MX" }
	$3 ~ /:dns/ && $12 == "1" { r++ }
	END {
		if (name ~ /relay/ && attack == "" && q == 0) print name ": no DNS MX query"
		if (q != r) print name ": " q " DNS queries, " r " responses"
	}' "$DIR/$name.f" >"$DIR/$name.dns"
	if [ -s "$DIR/$name.dns" ]; then
		fail "$(cat "$DIR/$name.dns")"
	fi
done

if [ "$failures" -ne 0 ]; then
	echo "e2e_pcap: $failures failure(s)" >&2
	exit 1
fi
echo "e2e_pcap: $checked captures read back by tshark"
