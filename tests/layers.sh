#!/bin/sh
# Holds the code to the layer table sim/LAYERS: reads the #include "..."
# lines of every sim/*.[ch] and ui/*.[ch] and fails when a file includes a
# header of a layer above its own (or of a later step of its layer's
# sub-order), when modules include each other in a circle, when a sim
# file includes a ui header, or when a file of sim/ matches no entry of
# the table.  One line per problem, "file:line: ...", and exit 1; when all
# is well, one summary line.
#
# tests/layers.allow lists includes that break the table today and are
# let through until their files are reworked, one "file:header" a line;
# an entry that is no longer needed is an error, so the list only shrinks.
#
# Usage: tests/layers.sh [TABLE [ALLOW]]   (run from anywhere)
set -u
cd "$(dirname "$0")/.." || exit 2
table=${1:-sim/LAYERS}
allow=${2:-tests/layers.allow}
[ -f "$allow" ] || allow=/dev/null

exec awk -v table="$table" -v allow="$allow" '
function fail(msg) {
	print msg
	bad = 1
}

# A pattern of the table as an anchored regular expression: * is any text.
function glob_re(p) {
	gsub(/[.+?^$()|{}\[\]\\]/, "\\\\&", p)
	gsub(/\*/, ".*", p)
	return "^" p "$"
}

function read_table(   line, lineno, head, num, lname, rest, nc, chains,
		    c, ns, steps, s, ne, ents, e, dir, pat) {
	while ((getline line < table) > 0) {
		lineno++
		if (line ~ /^[ \t]*(#|$)/)
			continue
		if (line !~ /^[0-9]+ [^:]+:/) {
			fail(table ":" lineno ": expected \"N name: modules\"")
			continue
		}
		head = substr(line, 1, index(line, ":") - 1)
		rest = substr(line, index(line, ":") + 1)
		num = head; sub(/ .*/, "", num)
		lname = head; sub(/^[0-9]+ /, "", lname)
		lay_name[num + 0] = lname
		nc = split(rest, chains, ";")
		for (c = 1; c <= nc; c++) {
			nchain++
			ns = split(chains[c], steps, "<")
			for (s = 1; s <= ns; s++) {
				ne = split(steps[s], ents, " ")
				for (e = 1; e <= ne; e++) {
					dir = "sim"; pat = ents[e]
					if (index(pat, "/")) {
						dir = substr(pat, 1, index(pat, "/") - 1)
						pat = substr(pat, index(pat, "/") + 1)
					}
					n_ent++
					ent_key[n_ent] = dir "/" pat
					ent_re[n_ent] = glob_re(dir "/" pat)
					ent_glob[n_ent] = index(pat, "*") > 0
					ent_layer[n_ent] = num + 0
					ent_chain[n_ent] = nchain
					ent_step[n_ent] = s
					ent_nsteps[n_ent] = ns
				}
			}
		}
	}
	close(table)
	if (!n_ent)
		fail(table ": no layers found")
}

# The entry of module m ("sim/steps"): a plain name before a pattern;
# 0 when none matches.
function entry_of(m,   i) {
	for (i = 1; i <= n_ent; i++)
		if (!ent_glob[i] && ent_key[i] == m)
			return i
	for (i = 1; i <= n_ent; i++)
		if (ent_glob[i] && m ~ ent_re[i])
			return i
	return 0
}

# "layer 5.3 (run)", or "layer 3 (model)" when the layer has no sub-order.
function where(i) {
	return "layer " ent_layer[i] (ent_nsteps[i] > 1 ? "." ent_step[i] : "") \
	       " (" lay_name[ent_layer[i]] ")"
}

# The file a quoted include names, as "sim/x.h"; "" when it is none of
# ours (the compiler looks beside the includer first, then in sim/).
function resolve(h, from_dir) {
	sub(/^(\.\.?\/)+/, "", h)
	if (h ~ /^(sim|ui)\//)
		return (h in exists) ? h : ""
	if ((from_dir "/" h) in exists)
		return from_dir "/" h
	if (("sim/" h) in exists)
		return "sim/" h
	if (("ui/" h) in exists)
		return "ui/" h
	return ""
}

function module_of(path) {
	sub(/\.[ch]$/, "", path)
	return path
}

function shown(m) {
	sub(/^sim\//, "", m)
	return m
}

# Depth-first search for circles; a back edge u -> v closes one, which is
# reported from v along the path on the stack.
function dfs(u,   k, v, j, path) {
	color[u] = 1
	stack[++depth] = u
	for (k = 1; k <= n_adj[u]; k++) {
		v = adj[u, k]
		if (color[v] == 1) {
			path = shown(v)
			for (j = depth; j >= 1 && stack[j] != v; j--)
				;
			for (j++; j <= depth; j++)
				path = path " -> " shown(stack[j])
			fail(site[u, k] ": includes " hdr[u, k] ": circle " path " -> " shown(v))
		} else if (!color[v])
			dfs(v)
	}
	depth--
	color[u] = 2
}

BEGIN {
	for (i = 1; i < ARGC; i++)
		exists[ARGV[i]] = 1
	read_table()
	while ((getline line < allow) > 0) {
		if (line ~ /^[ \t]*(#|$)/)
			continue
		allowed[line] = 0
	}
	close(allow)
}

FNR == 1 {
	files++
	fdir = FILENAME; sub(/\/.*/, "", fdir)
	fmod = module_of(FILENAME)
	fent = entry_of(fmod)
	if (!fent && fdir == "sim")
		fail(FILENAME ":1: " shown(fmod) " is in no layer: add it to " table)
	if (!(fmod in seen_mod)) {
		seen_mod[fmod] = 1
		mods[++n_mods] = fmod
	}
}

/^[ \t]*#[ \t]*include[ \t]*"/ {
	h = $0
	sub(/^[^"]*"/, "", h)
	sub(/".*/, "", h)
	path = resolve(h, fdir)
	if (path == "" || module_of(path) == fmod)
		next
	includes++
	tmod = module_of(path)
	base = h; sub(/.*\//, "", base)
	if ((FILENAME ":" base) in allowed) {
		allowed[FILENAME ":" base] = 1
		next
	}
	n_adj[fmod]++
	adj[fmod, n_adj[fmod]] = tmod
	site[fmod, n_adj[fmod]] = FILENAME ":" FNR
	hdr[fmod, n_adj[fmod]] = base
	if (fdir == "sim" && path ~ /^ui\//) {
		fail(FILENAME ":" FNR ": includes " base ": a ui header in sim/ (ui sits above all of sim/)")
		next
	}
	tent = entry_of(tmod)
	if (!fent || !tent)
		next
	if (ent_layer[tent] > ent_layer[fent] ||
	    (ent_layer[tent] == ent_layer[fent] && ent_chain[tent] == ent_chain[fent] &&
	     ent_step[tent] > ent_step[fent]))
		fail(FILENAME ":" FNR ": includes " base ": " where(tent) " above " where(fent))
}

END {
	# Modules in name order, so that circles are reported the same way
	# on every machine.
	for (i = 2; i <= n_mods; i++)
		for (j = i; j > 1 && mods[j - 1] > mods[j]; j--) {
			t = mods[j]; mods[j] = mods[j - 1]; mods[j - 1] = t
		}
	for (i = 1; i <= n_mods; i++)
		if (!color[mods[i]])
			dfs(mods[i])
	for (a in allowed)
		if (!allowed[a])
			fail(allow ": " a " is no longer needed: remove the line")
	if (bad)
		exit 1
	printf "layers: %d files, %d includes, no upward include, no circle", files, includes
	n = 0
	for (a in allowed)
		n++
	if (n)
		printf " (%d let through by %s)", n, allow
	printf "\n"
}
' sim/*.c sim/*.h ui/*.c ui/*.h
