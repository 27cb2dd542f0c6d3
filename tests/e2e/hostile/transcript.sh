#!/usr/bin/env bash
# Runs every tool that reads records on one hostile input and prints what each did, in the
# form of the CASE.expected files beside this script: the command, its exit status, its
# stderr (at most its first five and last two lines), and a line on what it wrote (the store's lines for pm-ingest; whether the output
# is valid JSON for the others). Paths are written IN (the input) and STORE.
#   transcript.sh INPUT WORKDIR   (PM_BIN names the directory of the binaries)
set -uo pipefail
in=$1 work=$2
store="$work/store"
now=(--now 2026-11-22T11:00:00Z)

show() { # COMMAND...: runs it with stdout in $work/out, prints its status and stderr
  local name=$1
  shift
  echo "\$ $name $*" | sed "s|$in|IN|g; s|$store|STORE|g"
  "$PM_BIN/$name" "$@" >"$work/out" 2>"$work/err"
  echo "status $?"
  # The first five lines and the last two: 10 MB of garbage is 40,000 messages.
  local n
  n=$(wc -l <"$work/err")
  if [ "$n" -le 8 ]; then
    sed "s|$in|IN|g; s|$store|STORE|g" "$work/err"
  else
    head -5 "$work/err" | sed "s|$in|IN|g; s|$store|STORE|g"
    echo "... ($((n - 7)) more lines)"
    tail -2 "$work/err" | sed "s|$in|IN|g; s|$store|STORE|g"
  fi
}
json_lines() { # how many lines of $work/out, and whether each is JSON
  local n
  n=$(wc -l <"$work/out")
  if jq -c . "$work/out" >/dev/null 2>&1; then echo "stdout: $n lines of JSON"; else echo "stdout: NOT JSON"; fi
}

rm -rf "$store"
show pm-ingest -H "$store" "${now[@]}" "$in"
stored=$(find "$store" -name '*.ndjson' -path '*/2*' -exec cat {} + 2>/dev/null | wc -l)
rejected=$(cat "$store"/rejected/*.lines 2>/dev/null | wc -l)
strict=$(find "$store" -name '*.ndjson' -path '*/2*' -exec cat {} + 2>/dev/null | jq -c . >/dev/null 2>&1 && echo "strict JSON" || echo "NOT JSON")
echo "store: $stored lines ($strict), rejected/: $rejected lines"
show pm-alert --no-alert-history --rule 'hostile: m >= 0' "${now[@]}" "$in"
json_lines
show pm-report -f json "$in"
json_lines
show pm-predict "$in"
json_lines
