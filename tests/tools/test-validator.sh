#!/bin/bash
# test-validator: checks the log validator and the schema themselves, so a
# validator that accepts everything cannot hide a broken log.  The good
# fixture must pass; each case of fixtures/bad-cases.tsv breaks it one way
# and must fail with the expected message.  TAP output.
#
# Usage: test-validator.sh PYTHON VALIDATE SCHEMA FIXTURES_DIR
set -u
python=$1 validate=$2 schema=$3 fixtures=$4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

mapfile -t cases < <(grep -v '^#' "$fixtures/bad-cases.tsv" | grep -v '^$')
echo "1..$(( ${#cases[@]} + 1 ))"
n=1 failed=0

if out=$("$python" "$validate" "$schema" "$fixtures/good.jsonl" 2>&1); then
	echo "ok $n good fixture validates"
else
	echo "not ok $n good fixture validates"
	sed 's/^/# /' <<<"$out"
	failed=1
fi

for c in "${cases[@]}"; do
	n=$((n + 1))
	IFS=$'\t' read -r name expect script <<<"$c"
	log="$tmp/$name.jsonl"
	if [[ $script == *@@CHOP@@* ]]; then
		printf '%s' "$(cat "$fixtures/good.jsonl")" >"$log"
	else
		sed -e "$script" "$fixtures/good.jsonl" >"$log"
	fi
	if cmp -s "$log" "$fixtures/good.jsonl"; then
		echo "not ok $n $name # the sed script changed nothing"
		failed=1
		continue
	fi
	out=$("$python" "$validate" "$schema" "$log" 2>&1)
	rc=$?
	if [[ $rc -eq 1 && $out == *"$expect"* ]]; then
		echo "ok $n $name is rejected"
	else
		echo "not ok $n $name is rejected (exit $rc, expected message: $expect)"
		sed 's/^/# /' <<<"$out"
		failed=1
	fi
done
exit $failed
