#!/usr/bin/env bats
# pm-report --follow: a live dashboard of a stream. Through a pipe it writes frames one after
# another without escape codes (as top -b); on a terminal (a pty from script(1), a tmux pane)
# it redraws one screen in place on the alternate screen and restores the terminal when the
# input ends or SIGTERM comes, leaving the final frame on the normal screen.

bats_require_minimum_version 1.5.0

# records FROM COUNT: COUNT samples a second apart from second FROM of 10:15: a request rate
# near 14.1k/s, a CPU percentage and a load, with values that move (for the sparklines).
records() {
  python3 - "$1" "$2" <<'PY'
import sys
start, count = int(sys.argv[1]), int(sys.argv[2])
for i in range(start, start + count):
    ts = "2026-11-22T10:15:%02d.000Z" % i
    print('{"ts":"%s","name":"app.requests","value":%d,"unit":"requests/s","tags":{"host":"web1"}}' % (ts, 14100 + 37 * (i % 5)))
    print('{"ts":"%s","name":"system.cpu.usage","value":%.1f,"unit":"percent","tags":{"cpu":"total","host":"web1"}}' % (ts, 20 + 7 * (i % 7)))
    print('{"ts":"%s","name":"system.load.1m","value":%.2f,"tags":{"host":"web1"}}' % (ts, 0.5 + 0.1 * (i % 3)))
PY
}

teardown() {
  # What a failed test may leave running: its writer and its tmux server (started here).
  [ -n "${writer:-}" ] && kill "$writer" 2> /dev/null
  [ -n "${socket:-}" ] && tmux -L "$socket" kill-server 2> /dev/null
  return 0
}

# frame_titles FILE: the title line of each frame in FILE.
frame_titles() { grep '^pm-report  health ' "$1"; }

@test "through a pipe: frames one after another, no escape codes, a final frame at end of input" {
  # Shows: a frame when records arrived and --refresh passed (the first 4 samples), the final
  # frame with all 6 at the end of input, each followed by an empty line; status 0.
  { records 0 4; sleep 2; records 4 2; } | "$PM_BIN/pm-report" --follow --refresh 0.5s > "$BATS_TEST_TMPDIR/out" 2> "$BATS_TEST_TMPDIR/err"
  status=${PIPESTATUS[1]}
  cat "$BATS_TEST_TMPDIR/out"
  [ "$status" -eq 0 ]
  [ ! -s "$BATS_TEST_TMPDIR/err" ]
  run frame_titles "$BATS_TEST_TMPDIR/out"
  # The second batch may reach the reader in two pieces, the first drawn on its own (a
  # frame at 13 records, seen on a busy machine): two or three frames, first and last fixed.
  [ "${#lines[@]}" -eq 2 ] || [ "${#lines[@]}" -eq 3 ]
  [ "${lines[0]}" = "pm-report  health HEALTHY  2026-11-22T10:15:03Z  12 records  3 series" ]
  [ "${lines[-1]}" = "pm-report  health HEALTHY  2026-11-22T10:15:05Z  18 records  3 series" ]
  run grep -c $'\033' "$BATS_TEST_TMPDIR/out"
  [ "$output" = 0 ]
  # The key figures lead; numbers as people read them; LC_ALL=C: ASCII sparklines.
  run sed -n '/10:15:05Z/,$p' "$BATS_TEST_TMPDIR/out"
  [[ "${lines[1]}" =~ ^"  series "\ +"last "\ +"min "\ +"mean "\ +"max  recent"$ ]]
  [[ "${lines[2]}" =~ ^"  system.cpu.usage total "\ +"55.0% "\ +"20.0% "\ +"37.5% "\ +"55.0%  "[_.:=+*#-]{6}$ ]]
  [[ "${lines[3]}" =~ ^"  system.load.1m " ]]
  [[ "${lines[4]}" =~ ^"  app.requests "\ +"14.1k/s " ]]
  [ "$(tail -c 2 "$BATS_TEST_TMPDIR/out" | od -An -c | tr -d ' ')" = '\n\n' ]
}

@test "through a pipe that stays quiet, nothing new means no new frame" {
  # Shows: one frame for the records, none for the quiet seconds after, and no duplicate at
  # the end: the final frame is the one already written.
  { records 0 2; sleep 2; } | "$PM_BIN/pm-report" --follow --refresh 0.3s > "$BATS_TEST_TMPDIR/out"
  run frame_titles "$BATS_TEST_TMPDIR/out"
  [ "${#lines[@]}" -eq 1 ]
  [[ "${lines[0]}" == *"6 records  3 series" ]]
}

@test "on a terminal fed by a FIFO, SIGTERM ends the view with status 0 and the terminal restored" {
  # Shows: the alternate screen and a hidden cursor while it runs, frames redrawn in place
  # (cursor addressing); after SIGTERM the cursor is shown, the normal screen is back and
  # the final frame is printed on it; within a few seconds though the writer stays.
  fifo="$BATS_TEST_TMPDIR/in.fifo"
  mkfifo "$fifo"
  { records 0 3; sleep 30; } > "$fifo" &
  writer=$!
  script -qfec "sh -c 'echo \$\$ > \"$BATS_TEST_TMPDIR/pid\"; exec env LINES=24 COLUMNS=80 \"$PM_BIN/pm-report\" --follow --refresh 0.2s \"$fifo\"'" \
    /dev/null > "$BATS_TEST_TMPDIR/tty" 2>&1 &
  session=$!
  for _ in $(seq 50); do grep -q '9 records' "$BATS_TEST_TMPDIR/tty" 2> /dev/null && break; sleep 0.1; done
  start=$(date +%s%N)
  kill -TERM "$(cat "$BATS_TEST_TMPDIR/pid")"
  status=0
  wait "$session" || status=$?
  elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
  kill "$writer" 2> /dev/null || true
  echo "status $status after $elapsed ms"
  [ "$status" -eq 0 ]
  [ "$elapsed" -lt 5000 ]
  tty=$(tr -d '\r' < "$BATS_TEST_TMPDIR/tty")
  [[ "$tty" == $'\033[?1049h\033[?25l'* ]]
  [[ "$tty" == *$'\033[1;1H\033[2Kpm-report  health HEALTHY'* ]]
  # Restored, then the final frame as plain lines.
  after=${tty##*$'\033[0m\033[?25h\033[?1049l'}
  [ "$after" != "$tty" ]
  [[ "$after" == "pm-report  health HEALTHY  2026-11-22T10:15:02Z  9 records  3 series"$'\n'* ]]
  [[ "$after" != *$'\033'* ]]
}

@test "in an 80x24 tmux pane: one screen that fits, sparklines, readable numbers, alerts" {
  # Shows: what a person sees (tmux capture-pane): at most 24 lines of at most 80 columns,
  # the health verdict and the alert --defaults raises (high_cpu: CPU above 80 %), Unicode
  # sparklines in a UTF-8 locale, 14.1k/s; a 40-series stream shows the lines that fit and
  # says how many more there are.
  fifo="$BATS_TEST_TMPDIR/in.fifo"
  mkfifo "$fifo"
  {
    records 0 20
    python3 -c '
for i in range(40):
    print("{\"ts\":\"2026-11-22T10:15:19.000Z\",\"name\":\"worker.queue.depth\",\"value\":%d,\"tags\":{\"queue\":\"q%02d\"}}" % (i, i))
print("{\"ts\":\"2026-11-22T10:15:20.000Z\",\"name\":\"system.cpu.usage\",\"value\":97.5,\"unit\":\"percent\",\"tags\":{\"cpu\":\"total\",\"host\":\"web1\"}}")
'
    sleep 60
  } > "$fifo" &
  writer=$!
  socket="pm-follow-$$"
  tmux -L "$socket" -f /dev/null new-session -d -x 80 -y 24 \
    "env LC_ALL=C.UTF-8 NO_COLOR=1 '$PM_BIN/pm-report' --follow --refresh 0.2s --defaults '$fifo'; sleep 60"
  for _ in $(seq 100); do
    tmux -L "$socket" capture-pane -p > "$BATS_TEST_TMPDIR/pane" 2> /dev/null
    grep -q '101 records' "$BATS_TEST_TMPDIR/pane" && grep -q 'more series' "$BATS_TEST_TMPDIR/pane" && break
    sleep 0.1
  done
  tmux -L "$socket" kill-server
  kill "$writer" 2> /dev/null || true
  cat "$BATS_TEST_TMPDIR/pane"
  python3 - "$BATS_TEST_TMPDIR/pane" <<'PY'
import re, sys
lines = open(sys.argv[1], encoding="utf-8").read().rstrip("\n").split("\n")
assert len(lines) <= 24, len(lines)
assert all(len(l) <= 80 for l in lines), [l for l in lines if len(l) > 80]
text = "\n".join(lines)
assert lines[0] == "pm-report  health DEGRADED  2026-11-22T10:15:20Z  101 records  43 series", lines[0]
assert "alert high_cpu (warning) on system.cpu.usage" in text
assert "Active alerts (1)" in text
assert re.search(r"^  system\.cpu\.usage total +97\.5%.* [▁▂▃▄▅▆▇█]{16,}$", text, re.M), "cpu line"
assert re.search(r"^  app\.requests +14\.2k/s +14\.1k/s ", text, re.M), "request rate: last, then min"
more = re.search(r"^  (\d+) more series not shown \(choose with --metric\)$", text, re.M)
assert more and int(more.group(1)) > 20, "more series"
PY
}

@test "--follow refuses what only a report does, and --refresh needs --follow" {
  run -2 "$PM_BIN/pm-report" --follow --format json /dev/null
  [ "$output" = "pm-report: error: --follow draws a live view of the stream: --format is for a report (drop --follow)" ]
  run -2 "$PM_BIN/pm-report" --refresh 2s /dev/null
  [ "$output" = "pm-report: error: --refresh sets how often --follow redraws: add --follow" ]
  run -2 "$PM_BIN/pm-report" --follow --refresh 0s /dev/null
  [ "$output" = "pm-report: error: --refresh: must be positive" ]
}

@test "a bad line in the stream is reported with its place and the exit status is 1" {
  run --separate-stderr "$PM_BIN/pm-report" --follow <(records 0 1; echo '{"name":"x","value":"abc"}')
  [ "$status" -eq 1 ]
  [[ "$stderr" == *':4: "value" must be a number'* ]]
  [[ "$output" == "pm-report  health HEALTHY  2026-11-22T10:15:00Z  3 records  3 series"* ]]
}
