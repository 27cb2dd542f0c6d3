#!/usr/bin/env bats
# Files pm writes unattended are never written through a symbolic link planted where they
# belong, a FIFO there never hangs a reader or a writer, --output keeps the mode of the file
# it replaces, and writes cut short leave neither temporary files nor torn lines.

bats_require_minimum_version 1.5.0

setup() {
  store="$BATS_TEST_TMPDIR/store"
  target="$BATS_TEST_TMPDIR/target"
  record='{"ts":"2026-11-22T10:15:00.000Z","name":"m","value":1}'
  printf 'precious\n' > "$target"
  now=(--now 2026-11-22T11:00:00Z)
}

@test "a symlink where a segment belongs is refused, its target untouched" {
  # Shows: pm-ingest says what is there and exits 1; the target keeps its one line.
  mkdir -p "$store/2026/11/22"
  ln -s "$target" "$store/2026/11/22/10.ndjson"
  run -1 "$PM_BIN/pm-ingest" -H "$store" "${now[@]}" <<< "$record"
  [[ "$output" == *"pm-ingest: error: cannot open $store/2026/11/22/10.ndjson: it is a symbolic link, which pm does not follow here"* ]]
  [ "$(cat "$target")" = precious ]
}

@test "a torn-tail repair does not truncate a symlink's target" {
  # Shows: a target without a final newline would have been cut back to its last line.
  printf 'line one\nno newline' > "$target"
  mkdir -p "$store/2026/11/22"
  ln -s "$target" "$store/2026/11/22/10.ndjson"
  run -1 "$PM_BIN/pm-ingest" -H "$store" "${now[@]}" <<< "$record"
  [ "$(cat "$target")" = "$(printf 'line one\nno newline')" ]
}

@test "a symlink where a day directory belongs is refused" {
  # Shows: the directories below the store are opened without following links.
  mkdir -p "$store/2026/11" "$BATS_TEST_TMPDIR/elsewhere"
  ln -s "$BATS_TEST_TMPDIR/elsewhere" "$store/2026/11/22"
  run -1 "$PM_BIN/pm-ingest" -H "$store" "${now[@]}" <<< "$record"
  [[ "$output" == *"cannot open $store/2026/11/22: it is a symbolic link, which pm does not follow here"* ]]
  [ -z "$(ls -A "$BATS_TEST_TMPDIR/elsewhere")" ]
}

@test "a symlink where a rejected/ file belongs is refused" {
  # Shows: the raw bad line does not land in the target.
  mkdir -p "$store/rejected"
  ln -s "$target" "$store/rejected/2026-11-22.lines"
  run -1 "$PM_BIN/pm-ingest" -H "$store" "${now[@]}" <<< 'not json'
  [[ "$output" == *"cannot open $store/rejected/2026-11-22.lines: it is a symbolic link"* ]]
  [ "$(cat "$target")" = precious ]
}

@test "readers report a symlinked segment and a symlinked day directory and go on" {
  # Shows: pm-report reads the other segments, names the link and exits 1.
  echo "$record" | "$PM_BIN/pm-ingest" -H "$store" "${now[@]}"
  ln -s "$target" "$store/2026/11/22/09.ndjson"
  mkdir -p "$store/2026/11/21" "$BATS_TEST_TMPDIR/day"
  echo '{"ts":"2026-11-21T12:00:00.000Z","name":"m","value":5}' > "$BATS_TEST_TMPDIR/day/12.ndjson"
  rmdir "$store/2026/11/21"
  ln -s "$BATS_TEST_TMPDIR/day" "$store/2026/11/21"
  run -1 "$PM_BIN/pm-report" -H "$store" "${now[@]}" --since 2d --format json
  [[ "$output" == *"pm-report: $store/2026/11/22/09.ndjson: cannot read it: it is a symbolic link, which pm does not follow here; skipped"* ]]
  [[ "$output" == *"pm-report: $store/2026/11/21: cannot read it: it is a symbolic link, which pm does not follow here; skipped"* ]]
  [[ "$output" == *'"count": 1,'* ]]
}

@test "a FIFO where a segment belongs hangs neither pm-ingest nor pm-report nor pm-alert" {
  # Shows: each ends at once with a message naming the FIFO.
  mkdir -p "$store/2026/11/22"
  mkfifo "$store/2026/11/22/10.ndjson"
  run -1 timeout 10 "$PM_BIN/pm-ingest" -H "$store" "${now[@]}" <<< "$record"
  [[ "$output" == *"cannot open $store/2026/11/22/10.ndjson: it is a FIFO, not a regular file"* ]]
  run -1 timeout 10 "$PM_BIN/pm-report" -H "$store" "${now[@]}" --since 2h
  [[ "$output" == *"$store/2026/11/22/10.ndjson: cannot read it: it is a FIFO, not a regular file; skipped"* ]]
  run -3 timeout 10 "$PM_BIN/pm-alert" -H "$store" "${now[@]}" --since 2h --rule 'r: m > 5'
  [[ "$output" == *"$store/2026/11/22/10.ndjson: cannot read it: it is a FIFO, not a regular file; skipped"* ]]
}

@test "a symlink where the alert history belongs is refused, its target not trimmed" {
  # Shows: ALERT_SYSTEM_MAX_HISTORY=1 would have cut the target to its last line.
  printf 'one\ntwo\nthree\n' > "$target"
  mkdir -p "$store"
  ln -s "$target" "$store/alerts.ndjson"
  echo "$record" > "$BATS_TEST_TMPDIR/in"
  run -3 env ALERT_SYSTEM_MAX_HISTORY=1 PM_HISTORY="$store" "$PM_BIN/pm-alert" --rule 'r: m > 0' "$BATS_TEST_TMPDIR/in"
  [[ "$output" == *"$store/alerts.ndjson: cannot open the alert history: it is a symbolic link, which pm does not follow here"* ]]
  [ "$(cat "$target")" = "$(printf 'one\ntwo\nthree')" ]
}

@test "a symlink where pm-sample's --state belongs is refused" {
  # Shows: the state is not written into the target.
  ln -s "$target" "$BATS_TEST_TMPDIR/sample.state"
  run -1 "$PM_BIN/pm-sample" --state "$BATS_TEST_TMPDIR/sample.state" --proc-root "$PM_SOURCE/tests/fixtures/proc/t0/proc" --collect system
  [[ "$output" == *"cannot open state $BATS_TEST_TMPDIR/sample.state: it is a symbolic link, which pm does not follow here"* ]]
  [ "$(cat "$target")" = precious ]
}

@test "--output keeps the mode of the file it replaces and replaces a symlink, not its target" {
  # Shows: a 0600 report stays 0600; a new one is 0644 under umask 022.
  echo "$record" > "$BATS_TEST_TMPDIR/in"
  (umask 022; "$PM_BIN/pm-report" -o "$BATS_TEST_TMPDIR/new.md" -f markdown "$BATS_TEST_TMPDIR/in")
  [ "$(stat -c %a "$BATS_TEST_TMPDIR/new.md")" = 644 ]
  echo old > "$BATS_TEST_TMPDIR/report.md"
  chmod 600 "$BATS_TEST_TMPDIR/report.md"
  run -0 "$PM_BIN/pm-report" -o "$BATS_TEST_TMPDIR/report.md" -f markdown "$BATS_TEST_TMPDIR/in"
  [ "$(stat -c %a "$BATS_TEST_TMPDIR/report.md")" = 600 ]
  grep -q '^#' "$BATS_TEST_TMPDIR/report.md"
  ln -s "$target" "$BATS_TEST_TMPDIR/link.md"
  run -0 "$PM_BIN/pm-report" -o "$BATS_TEST_TMPDIR/link.md" -f markdown "$BATS_TEST_TMPDIR/in"
  [ ! -L "$BATS_TEST_TMPDIR/link.md" ]
  [ "$(cat "$target")" = precious ]
}

@test "temporary files of a SIGKILLed --output write are removed by the next run, a live one's kept" {
  # Shows: a leftover report.md.tmp.XXXXXX (no lock on it) goes; one still locked stays.
  echo "$record" > "$BATS_TEST_TMPDIR/in"
  echo torn > "$BATS_TEST_TMPDIR/report.md.tmp.AbC123"
  echo live > "$BATS_TEST_TMPDIR/report.md.tmp.LiVe99"
  flock "$BATS_TEST_TMPDIR/report.md.tmp.LiVe99" sleep 30 &
  holder=$!
  sleep 0.5
  run -0 "$PM_BIN/pm-report" -o "$BATS_TEST_TMPDIR/report.md" -f markdown "$BATS_TEST_TMPDIR/in"
  [ ! -e "$BATS_TEST_TMPDIR/report.md.tmp.AbC123" ]
  [ -e "$BATS_TEST_TMPDIR/report.md.tmp.LiVe99" ]
  kill "$holder"
  wait "$holder" || true
  [ "$(ls "$BATS_TEST_TMPDIR" | grep -c 'report.md.tmp')" -eq 1 ]
}

@test "a --output write SIGKILLed twenty times leaves the old or the new file and no temporary file after the next run" {
  # Shows: a reader sees a whole report at every point; the next run sweeps what was left.
  for i in $(seq 1000); do echo "{\"ts\":\"2026-11-22T10:00:00.000Z\",\"name\":\"m$i\",\"value\":$i}"; done > "$BATS_TEST_TMPDIR/in"
  "$PM_BIN/pm-report" -o "$BATS_TEST_TMPDIR/r.json" -f json "$BATS_TEST_TMPDIR/in"
  for i in $(seq 20); do
    "$PM_BIN/pm-report" -o "$BATS_TEST_TMPDIR/r.json" -f json "$BATS_TEST_TMPDIR/in" &
    pid=$!
    sleep "0.0$((RANDOM % 10))"
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" || true
    jq -e . "$BATS_TEST_TMPDIR/r.json" > /dev/null
  done
  run -0 "$PM_BIN/pm-report" -o "$BATS_TEST_TMPDIR/r.json" -f json "$BATS_TEST_TMPDIR/in"
  [ "$(ls "$BATS_TEST_TMPDIR" | grep -c 'r.json.tmp')" -eq 0 ]
}

@test "a write cut short by the file size limit leaves no torn line in the segment" {
  # Shows: the batch that did not fit is undone; the segment holds whole lines only, and
  # the error says why (a full disk gives the same path through ENOSPC).
  echo "$record" | "$PM_BIN/pm-ingest" -H "$store" "${now[@]}"
  size=$(stat -c %s "$store/2026/11/22/10.ndjson")
  for i in $(seq 200); do echo "{\"ts\":\"2026-11-22T10:20:00.000Z\",\"name\":\"m\",\"value\":$i}"; done > "$BATS_TEST_TMPDIR/in"
  run -1 bash -c "trap '' XFSZ; ulimit -f 4; exec '$PM_BIN/pm-ingest' -H '$store' ${now[*]} '$BATS_TEST_TMPDIR/in'"
  [[ "$output" == *"cannot write $store/2026/11/22/10.ndjson: file too large"* ]]
  [ "$(stat -c %s "$store/2026/11/22/10.ndjson")" -eq "$size" ]
  [ "$(tail -c 1 "$store/2026/11/22/10.ndjson" | od -An -c | tr -d ' ')" = '\n' ]
}
