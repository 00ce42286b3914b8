#!/bin/sh
# Keeps functions and files short enough to read: lists every function of
# sim/*.c and ui/*.c longer than 60 lines (from its opening brace to its
# closing one) and fails unless the comment just above it says why, with
# the words "long because".  Fails too on any file of sim/ or ui/ over 700
# lines.  Functions are found as the house style writes them: the opening
# and the closing brace alone at the start of a line.
#
# tests/funclen.allow lets through long functions that are still to be
# cut, one "file:function" a line; an entry that is no longer needed is
# an error, so the list only shrinks.
#
# Usage: tests/funclen.sh [ALLOW]   (run from anywhere)
set -u
cd "$(dirname "$0")/.." || exit 2
allow=${1:-tests/funclen.allow}
[ -f "$allow" ] || allow=/dev/null

exec awk -v allow="$allow" -v max_func=60 -v max_file=700 '
function fail(msg) {
	print msg
	bad = 1
}

# The name a function definition gives, from its signature: the first
# word followed by "(" that is not an attribute.
function func_name(s,   id) {
	while (match(s, /[A-Za-z_][A-Za-z0-9_]*[ \t]*\(/)) {
		id = substr(s, RSTART, RLENGTH)
		sub(/[ \t]*\($/, "", id)
		if (id != "__attribute__" && id != "format")
			return id
		s = substr(s, RSTART + RLENGTH)
	}
	return "?"
}

function end_file() {
	if (FNR_last > max_file)
		fail(file_last ": " FNR_last " lines (over " max_file "): split the file")
}

BEGIN {
	while ((getline line < allow) > 0) {
		if (line ~ /^[ \t]*(#|$)/)
			continue
		allowed[line] = 0
	}
	close(allow)
}

FNR == 1 {
	if (NR > 1)
		end_file()
	files++
	in_comment = 0; comment = ""; reason = 0; sig = ""; start = 0
	checked = FILENAME ~ /\.c$/
}

{ FNR_last = FNR; file_last = FILENAME }

!checked { next }

# Inside a function: only its closing brace matters.
start {
	if ($0 ~ /^}/) {
		n = FNR - start + 1
		funcs++
		if (n > max_func) {
			key = FILENAME ":" name
			what = FILENAME ":" start ": " name " is " n " lines"
			if (reason)
				print what " (long because: see its comment)"
			else if (key in allowed) {
				allowed[key] = 1
				print what " (let through by " allow ")"
			} else
				fail(what " (over " max_func "): split it, or say why in a comment " \
				     "just above it with the words \"long because\"")
		}
		start = 0; sig = ""; comment = ""; reason = 0
	}
	next
}

in_comment {
	comment = comment " " $0
	if ($0 ~ /\*\//) {
		in_comment = 0
		reason = comment ~ /long[ \t*]+because/
	}
	next
}

/^\/\*/ {
	comment = $0; sig = ""
	in_comment = $0 !~ /\*\//
	if (!in_comment)
		reason = comment ~ /long[ \t*]+because/
	next
}

/^{[ \t]*$/ {
	start = FNR
	name = func_name(sig)
	next
}

# A blank line, a declaration or a directive parts a comment from what
# follows: the reason must stand right above the function.
/^[ \t]*$/ || /;[ \t]*$/ || /^#/ {
	sig = ""; comment = ""; reason = 0
	next
}

{ sig = sig " " $0 }

END {
	if (NR > 0)
		end_file()
	for (a in allowed)
		if (!allowed[a])
			fail(allow ": " a " is no longer needed: remove the line")
	if (bad)
		exit 1
	printf "funclen: %d functions in %d files, none over %d lines without a reason, " \
	       "no file over %d lines\n", funcs, files, max_func, max_file
}
' sim/*.[ch] ui/*.[ch]
