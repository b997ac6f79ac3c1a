#!/usr/bin/env bats
# bad-input.bats: every row of bad-input.tsv (a bad option value, program,
# log file, policy or log) gives its exact exit status and exactly one line
# on stderr matching the row's regex (issue 7).  The table is the
# specification; this file only builds the fixtures and runs the rows.

load helpers

TABLE="$BATS_TEST_DIRNAME/bad-input.tsv"

setup_file() {
	: "${JTRACE_POLICY:?set JTRACE_POLICY to the jtrace-policy binary under test}"
	# Not under BATS_FILE_TMPDIR: user nobody must reach it (run-nobody rows).
	FIX=$(mktemp -d /tmp/jtrace-bad-input.XXXXXX)
	chmod 755 "$FIX"
	export FIX
	cd "$FIX" || return 1

	mkdir adir
	printf '#!/bin/sh\nexit 0\n' >noexec
	chmod 644 noexec
	printf '\177ELF but not really an ELF file\n' >badelf
	chmod 755 badelf
	echo precious >target
	ln -s target link.jsonl
	echo keep >readonly.jsonl
	chmod 444 readonly.jsonl

	# Policies.
	: >empty.policy
	printf 'default allow\ndeny mkd' >truncated.policy
	head -c 3000 /dev/urandom >binary.policy
	"$PYTHON" -c 'print("default allow"); [print("deny mkdir # rule %d" % i) for i in range(70000)]' >huge.policy
	# 1000 levels fit on one line; 10,000 do not (the line limit is hit first).
	"$PYTHON" -c 'print("default allow"); print("deny socket if " + "(" * 1000 + "domain == 1" + ")" * 1000)' >nested.policy
	"$PYTHON" -c 'print("default allow"); print("deny socket if " + "(" * 10000 + "domain == 1" + ")" * 10000)' >nested-10000.policy
	printf 'default allow\ndeny mk\0dir\n' >nul.policy
	printf '\357\273\277default allow\n' >bom.policy
	printf 'include self\n' >self.policy

	# Logs: one good, then broken ones made from it.
	"$JTRACE_RUN" -o good.jsonl "$PROGS/exit-with" 0 || return 1
	"$JTRACE_POLICY" gen good.jsonl -o allow.policy || return 1
	: >empty.jsonl
	printf '\n\n' >blank.jsonl
	head -c $(($(wc -c <good.jsonl) - 40)) good.jsonl >truncated.jsonl
	# An ELF header (a NUL in line 1), then random bytes with no newline:
	# the first line is never blank, so every reader fails at line 1.
	{ printf '\x7fELF\x02\x01\x01\x00'; head -c 3000 /dev/urandom | tr -d '\n'; } >binary.jsonl
	"$PYTHON" - <<-'EOF'
		lines = open("good.jsonl").read().splitlines()
		call = [l for l in lines if '"type":"syscall"' in l][-1]
		with open("huge.jsonl", "w") as f:
		    f.write("\n".join(lines[:-1] + [call] * 6000 + lines[-1:]) + "\n")
		with open("nested.jsonl", "w") as f:
		    f.write("[" * 10000 + "]" * 10000 + "\n")
		with open("nested-in-record.jsonl", "w") as f:
		    f.write('{"v":1,"type":"start","a":' + "[" * 10000 + "]" * 10000 + "}\n")
		with open("nul.jsonl", "w") as f:
		    f.write("\n".join(lines[:3]) + '\n{"v":1,"type":"syscall"\0}\n' + lines[-1] + "\n")
		with open("garbage-middle.jsonl", "w") as f:
		    f.write(lines[0] + "\ngarbage\n" + lines[-1] + "\n")
		with open("v2.jsonl", "w") as f:
		    f.write('{"v":2,"type":"start"}\n')
	EOF
	(($(wc -c <huge.jsonl) > 1048576)) || return 1
	(($(wc -c <huge.policy) > 1048576)) || return 1

	# A read-only bind mount (root only).
	ROFS=
	if [[ $(id -u) == 0 ]] && mkdir rofs && mount --bind rofs rofs 2>/dev/null; then
		if mount -o remount,bind,ro rofs 2>/dev/null; then
			ROFS=$FIX/rofs
		else
			umount rofs
		fi
	fi
	export ROFS
}

teardown_file() {
	if [[ -n ${ROFS-} ]]; then
		umount "$ROFS" || true
	fi
	if [[ -n ${FIX-} && -d $FIX ]]; then
		rm -rf "$FIX"
	fi
}

# rows: the table without comments, one row a line.
rows() {
	grep -v '^#' "$TABLE" | grep -v '^[[:space:]]*$'
}

# split_row LINE: sets FIELDS to the tab-separated fields of LINE, empty
# ones kept (read with IFS=tab would merge two tabs into one separator).
split_row() {
	local line=$1
	FIELDS=()
	while [[ $line == *$'\t'* ]]; do
		FIELDS+=("${line%%$'\t'*}")
		line=${line#*$'\t'}
	done
	FIELDS+=("$line")
}

# run_row TOOL ARGS EXIT REGEX: prints nothing and returns 0 when the row
# holds; returns 1 with a message; 2 (with the reason) when skipped.
run_row() {
	local tool=$1 argstr=$2 want=$3 regex=$4
	local -a args=() cmd=()
	local EXE="$PROGS/exit-with"
	eval "args=($argstr)" || {
		echo "cannot parse the arguments"
		return 1
	}
	case $tool in
	run | run-rofs) cmd=("$JTRACE_RUN") ;;
	run-nobody) cmd=(runuser -u nobody -- "$JTRACE_RUN") ;;
	policy) cmd=("$JTRACE_POLICY") ;;
	*)
		echo "unknown tool '$tool'"
		return 1
		;;
	esac
	if [[ $tool == run-nobody ]] && { [[ $(id -u) != 0 ]] || ! command -v runuser >/dev/null; }; then
		echo "needs root and runuser"
		return 2
	fi
	if [[ $tool == run-rofs && -z $ROFS ]]; then
		echo "no read-only bind mount (needs root)"
		return 2
	fi
	local rc=0
	timeout -k 5 30 "${cmd[@]}" "${args[@]}" >"$BATS_TEST_TMPDIR/stdout" 2>"$BATS_TEST_TMPDIR/stderr" </dev/null || rc=$?
	local -a err=()
	mapfile -t err <"$BATS_TEST_TMPDIR/stderr"
	local msg=
	if [[ $rc != "$want" ]]; then
		msg+="exit $rc, expected $want; "
	fi
	if [[ $regex == - ]]; then
		if ((${#err[@]} != 0)); then
			msg+="stderr should be empty; "
		fi
	else
		if ((${#err[@]} != 1)); then
			msg+="stderr has ${#err[@]} lines, expected exactly 1; "
		fi
		if ! [[ ${err[0]-} =~ $regex ]]; then
			msg+="stderr does not match /$regex/; "
		fi
	fi
	if [[ -n $msg ]]; then
		echo "${msg}stderr was: $(head -c 600 "$BATS_TEST_TMPDIR/stderr")"
		return 1
	fi
	return 0
}

@test "every row of bad-input.tsv gives its exit status and one matching line on stderr" {
	cd "$FIX"
	local line tool argstr want regex n=0 failed=0 skipped=0 out rc report=
	local -a FIELDS=()
	while IFS= read -r line; do
		split_row "$line"
		tool=${FIELDS[0]} argstr=${FIELDS[1]-} want=${FIELDS[2]-} regex=${FIELDS[3]-}
		n=$((n + 1))
		rc=0
		out=$(run_row "$tool" "$argstr" "$want" "$regex") || rc=$?
		case $rc in
		0) ;;
		2)
			skipped=$((skipped + 1))
			report+="skip  $tool $argstr: $out"$'\n'
			;;
		*)
			failed=$((failed + 1))
			report+="FAIL  $tool $argstr: $out"$'\n'
			;;
		esac
	done < <(rows)
	# A table that lost its rows would pass vacuously.
	((n >= 100)) || fail "only $n rows in $TABLE"
	if ((failed > 0)); then
		fail "$failed of $n rows failed ($skipped skipped):
$report"
	fi
	if ((skipped > 0)); then
		echo "# $skipped of $n rows skipped:" >&3
		printf '# %s\n' "$report" >&3
	fi
}

@test "every row of bad-input.tsv has four fields, a numeric status and a valid regex" {
	local line n=0 tool want regex
	local -a FIELDS=()
	while IFS= read -r line; do
		n=$((n + 1))
		split_row "$line"
		((${#FIELDS[@]} == 4)) || fail "not 4 tab-separated fields: $line"
		tool=${FIELDS[0]} want=${FIELDS[2]} regex=${FIELDS[3]}
		[[ $tool =~ ^(run|run-nobody|run-rofs|policy)$ ]] || fail "unknown tool: $line"
		[[ $want =~ ^[0-9]+$ ]] || fail "bad exit status: $line"
		[[ -n $regex ]] || fail "no stderr regex: $line"
		# An invalid ERE makes =~ return 2.
		local r=0
		[[ x =~ $regex ]] || r=$?
		((r != 2)) || fail "invalid regex: $line"
	done < <(rows)
	((n > 0)) || fail "empty table"
}

@test "every jtrace-run option that takes a value has a row in bad-input.tsv" {
	local -a opts=()
	mapfile -t opts < <("$JTRACE_RUN" --help | grep -oE -- '--[a-z][a-z-]*(\[?=)' | sed 's/\[\?=$//' | sort -u)
	((${#opts[@]} >= 10)) || fail "could not read the options from --help: ${opts[*]}"
	local o missing=()
	for o in "${opts[@]}"; do
		case $o in
		--output) grep -qE $'\t''(.* )?(-o|--output=)' "$TABLE" || missing+=("$o") ;;
		--string-limit) grep -qE $'\t''(.* )?(-s|--string-limit=)' "$TABLE" || missing+=("$o") ;;
		*) grep -qE -- "$o=" "$TABLE" || missing+=("$o") ;;
		esac
	done
	((${#missing[@]} == 0)) || fail "options without a bad-input row: ${missing[*]}"
}

@test "every jtrace-policy subcommand has a row in bad-input.tsv" {
	local sub missing=()
	for sub in gen merge diff export check summary; do
		grep -qE $'^policy\t'"$sub( |$'\t'|$)" "$TABLE" || missing+=("$sub")
	done
	((${#missing[@]} == 0)) || fail "subcommands without a bad-input row: ${missing[*]}"
}

@test "-o /dev/full: the write failure is reported and the status is 125, never silent" {
	run_jtrace -o /dev/full --filter=getppid "$(prog syscall-loop)" 1000
	assert_equal "$status" 125
	assert_equal "${#stderr_lines[@]}" 1
	assert_regex "${stderr_lines[0]}" '^jtrace-run: .*/dev/full.*No space left on device'
}
