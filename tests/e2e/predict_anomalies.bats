#!/usr/bin/env bats
# pm-predict --anomalies end to end: two series of noise, one with a spike and a level shift;
# the anomaly and score records, causality (follow = batch, a prefix scores as the whole run
# did), the z threshold from the flag and the environment, the methods, the formats; and a
# recommendation after the forecasts of a filling filesystem.

bats_require_minimum_version 1.5.0

setup() {
  in="$BATS_TEST_TMPDIR/in.ndjson"
  # 1000 points at 10 s per series from 2026-11-22T00:00Z, interleaved: host=a is noise
  # around 100 (sd 1) with a level shift of +8 from point 600 and a spike of +15 at point
  # 900 (late: the context method needs many points before a never-seen symbol is rare
  # enough to flag); host=b is noise around 50. Python's generator with a fixed seed: the
  # same input on every run.
  /usr/bin/python3 - > "$in" <<'EOF'
import random
random.seed(7)
t0 = 1795305600
for i in range(1000):
    t = t0 + 10 * i
    a = 100 + random.gauss(0, 1) + (15 if i == 900 else 0) + (8 if i >= 600 else 0)
    b = 50 + random.gauss(0, 1)
    print('{"ts":%d,"name":"app.queue.depth","value":%.4f,"tags":{"host":"a"}}' % (t, a))
    print('{"ts":%d,"name":"app.queue.depth","value":%.4f,"tags":{"host":"b"}}' % (t, b))
EOF
  spike=2026-11-22T02:30:00.000Z # point 900
  shift=2026-11-22T01:40:00.000Z # point 600
}

# anomaly_keys: "host ts" of each anomaly record on stdin, sorted.
anomaly_keys() {
  jq -r 'select(.kind == "anomaly") | "\(.tags.host) \(.ts)"' | sort
}

@test "--anomalies writes only well-formed anomaly records, the spike and the level shift among them" {
  run --separate-stderr "$PM_BIN/pm-predict" --anomalies "$in"
  [ "$status" -eq 0 ]
  [ -n "$output" ]
  echo "$output" | jq -e -s 'length > 0 and all(.kind == "anomaly")' >/dev/null
  echo "$output" | jq -e -s 'all(
      (.value | type) == "number" and
      (.expected | type) == "array" and (.expected | length) == 2 and .expected[0] < .expected[1] and
      (.z | type) == "number" and
      .score >= 0 and .score <= 1 and
      (.severity == "warning" or .severity == "critical") and
      (.method | type) == "string" and (.method | length) > 0 and
      .name == "app.queue.depth")' >/dev/null
  # the spike: far above what was expected, critical
  echo "$output" | jq -e -s --arg t "$spike" \
    'map(select(.ts == $t and .tags.host == "a")) | length == 1 and (.[0].value > .[0].expected[1]) and .[0].z > 4 and .[0].severity == "critical"' >/dev/null
  echo "$output" | jq -e -s --arg t "$shift" 'any(.ts == $t and .tags.host == "a")' >/dev/null
}

@test "--scores writes one score record per input point; the anomalous ones carry severity, the same as --anomalies" {
  run --separate-stderr "$PM_BIN/pm-predict" --scores "$in"
  [ "$status" -eq 0 ]
  scores="$output"
  [ "$(echo "$scores" | wc -l)" -eq "$(wc -l < "$in")" ]
  echo "$scores" | jq -e -s 'length == 2000 and all(.kind == "score") and all(.score >= 0 and .score < 1)' >/dev/null
  # one per point per series: 1000 distinct times for each host
  [ "$(echo "$scores" | jq -r 'select(.tags.host == "a") | .ts' | sort -u | wc -l)" -eq 1000 ]
  [ "$(echo "$scores" | jq -r 'select(.tags.host == "b") | .ts' | sort -u | wc -l)" -eq 1000 ]
  echo "$scores" | jq -e -s 'map(select(.warming_up == true)) | length > 0 and all(.score == 0 and (has("severity") | not))' >/dev/null
  flagged=$(echo "$scores" | jq -r 'select(has("severity")) | "\(.tags.host) \(.ts)"' | sort)
  run --separate-stderr "$PM_BIN/pm-predict" --anomalies "$in"
  [ "$status" -eq 0 ]
  [ -n "$flagged" ]
  [ "$flagged" = "$(echo "$output" | anomaly_keys)" ]
}

@test "--anomalies --follow through a pipe equals the batch run byte for byte" {
  "$PM_BIN/pm-predict" --anomalies "$in" > "$BATS_TEST_TMPDIR/batch"
  cat "$in" | "$PM_BIN/pm-predict" --anomalies --follow > "$BATS_TEST_TMPDIR/follow"
  [ -s "$BATS_TEST_TMPDIR/batch" ]
  cmp "$BATS_TEST_TMPDIR/batch" "$BATS_TEST_TMPDIR/follow"
  cat "$in" | "$PM_BIN/pm-predict" --scores --follow > "$BATS_TEST_TMPDIR/follow-scores"
  "$PM_BIN/pm-predict" --scores "$in" | cmp - "$BATS_TEST_TMPDIR/follow-scores"
}

@test "scoring the first 600 lines gives exactly the prefix of the full run's scores" {
  "$PM_BIN/pm-predict" --scores "$in" > "$BATS_TEST_TMPDIR/full"
  head -n 600 "$in" | "$PM_BIN/pm-predict" --scores > "$BATS_TEST_TMPDIR/prefix"
  [ "$(wc -l < "$BATS_TEST_TMPDIR/prefix")" -eq 600 ]
  head -n 600 "$BATS_TEST_TMPDIR/full" | cmp - "$BATS_TEST_TMPDIR/prefix"
  # the same by time: the full run's records up to the 300th point of each series
  last=$(head -n 600 "$in" | tail -n 1 | jq -r '.ts | todate | sub("Z$"; ".000Z")')
  jq -c --arg last "$last" 'select(.ts <= $last)' "$BATS_TEST_TMPDIR/full" | cmp - <(jq -c . "$BATS_TEST_TMPDIR/prefix")
}

@test "--threshold-z 5 keeps a subset; the environment sets it too and the flag beats it" {
  default=$("$PM_BIN/pm-predict" --anomalies "$in" | anomaly_keys)
  z5=$("$PM_BIN/pm-predict" --anomalies --threshold-z 5 "$in" | anomaly_keys)
  [ -n "$z5" ]
  [ "$z5" != "$default" ]
  [ -z "$(comm -23 <(echo "$z5") <(echo "$default"))" ] # nothing in z5 that the default lacks
  echo "$z5" | grep -qx "a $spike"
  "$PM_BIN/pm-predict" --anomalies --threshold-z 5 "$in" > "$BATS_TEST_TMPDIR/flag5"
  PREDICTIVE_ANALYZER_ANOMALY_THRESHOLD=5 "$PM_BIN/pm-predict" --anomalies "$in" | cmp - "$BATS_TEST_TMPDIR/flag5"
  "$PM_BIN/pm-predict" --anomalies "$in" > "$BATS_TEST_TMPDIR/default"
  PREDICTIVE_ANALYZER_ANOMALY_THRESHOLD=5 "$PM_BIN/pm-predict" --anomalies --threshold-z 3 "$in" |
    cmp - "$BATS_TEST_TMPDIR/default"
  # severities move with the threshold: warning above 5, critical above 6
  jq -e -s 'all((.z | fabs) > 5) and all(if (.z | fabs) > 6 then .severity == "critical" else .severity == "warning" end)' \
    "$BATS_TEST_TMPDIR/flag5" >/dev/null
}

@test "a bad threshold, --method without --anomalies and an unknown method are usage errors" {
  PREDICTIVE_ANALYZER_ANOMALY_THRESHOLD=abc run --separate-stderr "$PM_BIN/pm-predict" --anomalies "$in"
  [ "$status" -eq 2 ]
  [ -z "$output" ]
  [[ "$stderr" == *PREDICTIVE_ANALYZER_ANOMALY_THRESHOLD* ]]
  [[ "$stderr" == *'"abc"'* ]]
  run --separate-stderr "$PM_BIN/pm-predict" --anomalies --threshold-z 0 "$in"
  [ "$status" -eq 2 ]
  [ -z "$output" ]
  [[ "$stderr" == *--threshold-z* ]]
  run --separate-stderr "$PM_BIN/pm-predict" --method zscore "$in"
  [ "$status" -eq 2 ]
  [ -z "$output" ]
  [[ "$stderr" == *--method*--anomalies* ]]
  run --separate-stderr "$PM_BIN/pm-predict" --method bogus --anomalies "$in"
  [ "$status" -eq 2 ]
  [ -z "$output" ]
  [[ "$stderr" == *'"bogus"'* ]]
  [[ "$stderr" == *"zscore robust ewma seasonal context auto"* ]]
}

@test "every method runs and finds the spike" {
  for method in zscore robust ewma seasonal context auto; do
    # seasonal judges only after two seasons: a 10-minute one here (the default day is longer than the input)
    extra=()
    [ "$method" = seasonal ] && extra=(--season 10m)
    run --separate-stderr "$PM_BIN/pm-predict" --anomalies --method "$method" "${extra[@]}" "$in"
    echo "method $method: status $status"
    [ "$status" -eq 0 ]
    echo "$output" | jq -e -s --arg t "$spike" 'all(.kind == "anomaly") and any(.ts == $t and .tags.host == "a")' >/dev/null
  done
  # methods named explicitly judge by themselves
  run --separate-stderr "$PM_BIN/pm-predict" --anomalies --method zscore "$in"
  echo "$output" | jq -e -s 'length > 0 and all(.method == "zscore")' >/dev/null
}

@test "--format table prints a header and one row per anomaly; --format json one array with anomalies" {
  n=$("$PM_BIN/pm-predict" --anomalies "$in" | wc -l)
  [ "$n" -gt 0 ]
  run --separate-stderr "$PM_BIN/pm-predict" --anomalies --format table "$in"
  [ "$status" -eq 0 ]
  [[ "${lines[0]}" =~ ^SERIES\ +TIME ]]
  [ "${#lines[@]}" -eq $((n + 1)) ]
  echo "$output" | grep -q "$spike.*critical"
  run --separate-stderr "$PM_BIN/pm-predict" --anomalies --format json "$in"
  [ "$status" -eq 0 ]
  echo "$output" | jq -e 'type == "array" and length > 0 and all(has("anomalies")) and
                          ([.[].anomalies[]] | length) == '"$n"' and all(.[].anomalies[]; .kind == "anomaly")' >/dev/null
  [ "$(echo "$output" | jq -s 'length')" -eq 1 ] # one document
}

@test "a filesystem filling linearly gets a filesystem_fills recommendation after its trend and forecast" {
  fs="$BATS_TEST_TMPDIR/fs.ndjson"
  # 576 five-minute samples (2 days) from 50 % rising 10 % a day: 70 % at the end, 100 % three days later
  awk 'BEGIN { srand(3)
    for (i = 0; i < 576; i++)
      printf "{\"ts\":%d,\"name\":\"system.filesystem.usage\",\"value\":%.4f,\"unit\":\"percent\",\"tags\":{\"mount\":\"/var\"}}\n", 1795305600 + i * 300, 50 + 10 * i / 288 + 0.1 * (rand() - 0.5)
  }' > "$fs"
  run --separate-stderr "$PM_BIN/pm-predict" "$fs"
  [ "$status" -eq 0 ]
  kinds=$(echo "$output" | jq -r '.kind' | uniq | paste -sd' ')
  [ "$kinds" = "trend forecast recommendation" ]
  echo "$output" | jq -e -s 'map(select(.kind == "recommendation")) | length == 1 and all(
      .reason == "filesystem_fills" and .severity == "warning" and .tags.mount == "/var" and
      (.message | contains("/var") and contains("fills in about 3 days")) and
      (.series | type) == "string" and (.eta | type) == "string")' >/dev/null
  # a flat one: trend and forecast, no recommendation
  awk 'BEGIN { srand(3)
    for (i = 0; i < 576; i++)
      printf "{\"ts\":%d,\"name\":\"system.filesystem.usage\",\"value\":%.4f,\"unit\":\"percent\",\"tags\":{\"mount\":\"/var\"}}\n", 1795305600 + i * 300, 50 + 0.1 * (rand() - 0.5)
  }' > "$fs"
  run --separate-stderr "$PM_BIN/pm-predict" "$fs"
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | jq -r '.kind' | uniq | paste -sd' ')" = "trend forecast" ]
}
