#!/usr/bin/env bats
# pm-predict --learn-baseline / --against-baseline: a profile per hour of week learned from
# two weeks of samples, extended by a second run, and deviations judged against it.

bats_require_minimum_version 1.5.0

# Two weeks of 5-minute samples from Monday 2026-11-09 00:00 UTC: 100 + 10 × the UTC hour
# (so each hour has its own level, the same every day), noise ±1, one outlier of 5000 on
# Tuesday 2026-11-10 at 14:00.
generate() {
  awk -v from="$1" -v to="$2" 'BEGIN {
    start = 1794182400
    for (i = from; i < to; i++) {
      t = start + 300 * i
      noise = (i * 7919 % 2001) / 1000 - 1 # the same for a point whichever run makes it
      hour = int((t % 86400) / 3600)
      v = 100 + 10 * hour + noise
      if (t == 1794182400 + 86400 + 14 * 3600) v = 5000
      printf "{\"ts\":%d,\"name\":\"web.rps\",\"value\":%.3f,\"tags\":{\"site\":\"eu\"}}\n", t, v
    }
  }'
}

setup() {
  generate 0 4032 > "$BATS_TEST_TMPDIR/weeks.ndjson"
  generate 0 2016 > "$BATS_TEST_TMPDIR/week1.ndjson"
  generate 2016 4032 > "$BATS_TEST_TMPDIR/week2.ndjson"
}

@test "a learned baseline is versioned JSON holding each hour's level, outliers removed" {
  run --separate-stderr "$PM_BIN/pm-predict" --learn-baseline "$BATS_TEST_TMPDIR/b.json" "$BATS_TEST_TMPDIR/weeks.ndjson"
  [ "$status" -eq 0 ]
  [ -z "$output" ]
  [[ "$stderr" == *"learned 4032 samples into $BATS_TEST_TMPDIR/b.json"* ]]
  jq -e '.version == 1 and .kind == "pm-baseline" and .learned.points == 4032 and (.series | length) == 1' \
    "$BATS_TEST_TMPDIR/b.json"
  jq -e '.series[0] | .name == "web.rps" and .tags.site == "eu" and (.cells | length) == 168' "$BATS_TEST_TMPDIR/b.json"
  # Each cell's mean is its hour's level (the noise is ±1); Tuesday 14h's outlier was dropped.
  jq -e '[.series[0].cells[] | ((.cell[4:6] | tonumber) as $h | (.mean - (100 + 10 * $h)) | fabs < 0.5)] | all' \
    "$BATS_TEST_TMPDIR/b.json"
  jq -e '.series[0].cells[] | select(.cell == "Tue 14h") | .count == 24 and .kept == 23 and .mean < 241' \
    "$BATS_TEST_TMPDIR/b.json"
}

@test "a second run extends the file: two weeks learned in two runs equal two weeks at once" {
  "$PM_BIN/pm-predict" --learn-baseline "$BATS_TEST_TMPDIR/once.json" "$BATS_TEST_TMPDIR/weeks.ndjson" 2>/dev/null
  "$PM_BIN/pm-predict" --learn-baseline "$BATS_TEST_TMPDIR/twice.json" "$BATS_TEST_TMPDIR/week1.ndjson" 2>/dev/null
  jq -e '.learned.points == 2016' "$BATS_TEST_TMPDIR/twice.json"
  "$PM_BIN/pm-predict" --learn-baseline "$BATS_TEST_TMPDIR/twice.json" "$BATS_TEST_TMPDIR/week2.ndjson" 2>/dev/null
  summary='[.learned.points, (.series[0].cells[] | [.cell, .count, .kept, (.mean * 1e6 | round), (.stddev * 1e6 | round)])]'
  [ "$(jq -c "$summary" "$BATS_TEST_TMPDIR/once.json")" = "$(jq -c "$summary" "$BATS_TEST_TMPDIR/twice.json")" ]
}

@test "deviations from the baseline are flagged with their cell, and normal values are not" {
  "$PM_BIN/pm-predict" --learn-baseline "$BATS_TEST_TMPDIR/b.json" "$BATS_TEST_TMPDIR/weeks.ndjson" 2>/dev/null
  # Monday 2026-11-23: 14:00 at its usual 240, 14:05 at 300 (60 off), 15:00 at 249.5 (noise).
  printf '%s\n' \
    '{"ts":"2026-11-23T14:00:00Z","name":"web.rps","value":240.2,"tags":{"site":"eu"}}' \
    '{"ts":"2026-11-23T14:05:00Z","name":"web.rps","value":300,"tags":{"site":"eu"}}' \
    '{"ts":"2026-11-23T15:00:00Z","name":"web.rps","value":249.5,"tags":{"site":"eu"}}' \
    '{"ts":"2026-11-23T15:00:00Z","name":"web.rps","value":1,"tags":{"site":"us"}}' > "$BATS_TEST_TMPDIR/today.ndjson"
  run --separate-stderr "$PM_BIN/pm-predict" --against-baseline "$BATS_TEST_TMPDIR/b.json" "$BATS_TEST_TMPDIR/today.ndjson"
  [ "$status" -eq 0 ]
  [ "${#lines[@]}" -eq 1 ]
  echo "${lines[0]}" | jq -e '.kind == "deviation" and .ts == "2026-11-23T14:05:00.000Z" and .value == 300 and
    .cell == "Mon 14h" and .level == "hour_of_week" and .severity == "critical" and .z > 4 and
    (.expected - 240 | fabs) < 0.5 and .low < .expected and .expected < .high and .high < 300'
  [[ "$stderr" == *"1 samples were not judged: their series are not in"* ]]
  # A wider threshold lets the same value pass.
  run --separate-stderr "$PM_BIN/pm-predict" --against-baseline "$BATS_TEST_TMPDIR/b.json" --threshold-z 500 \
    "$BATS_TEST_TMPDIR/today.ndjson"
  [ "$status" -eq 0 ]
  [ -z "$output" ]
}

@test "a file that is not a baseline, and options that do not go together, are errors" {
  echo '{"version":2,"kind":"pm-baseline","series":[]}' > "$BATS_TEST_TMPDIR/v2.json"
  run --separate-stderr "$PM_BIN/pm-predict" --against-baseline "$BATS_TEST_TMPDIR/v2.json" "$BATS_TEST_TMPDIR/week1.ndjson"
  [ "$status" -eq 1 ]
  [[ "$stderr" == *"$BATS_TEST_TMPDIR/v2.json"*version* ]]
  printf '{"version":1,\n"kind":\n' > "$BATS_TEST_TMPDIR/broken.json"
  run --separate-stderr "$PM_BIN/pm-predict" --learn-baseline "$BATS_TEST_TMPDIR/broken.json" "$BATS_TEST_TMPDIR/week1.ndjson"
  [ "$status" -eq 1 ]
  [[ "$stderr" == *"$BATS_TEST_TMPDIR/broken.json:"* ]]
  [ "$(cat "$BATS_TEST_TMPDIR/broken.json")" = "$(printf '{"version":1,\n"kind":')" ] # left as it was
  run --separate-stderr "$PM_BIN/pm-predict" --against-baseline "$BATS_TEST_TMPDIR/nope.json" "$BATS_TEST_TMPDIR/week1.ndjson"
  [ "$status" -eq 1 ]
  [[ "$stderr" == *nope.json* ]]
  run --separate-stderr "$PM_BIN/pm-predict" --anomalies --learn-baseline "$BATS_TEST_TMPDIR/b.json" "$BATS_TEST_TMPDIR/week1.ndjson"
  [ "$status" -eq 2 ]
  run --separate-stderr "$PM_BIN/pm-predict" --learn-baseline "$BATS_TEST_TMPDIR/b.json" --threshold 5 "$BATS_TEST_TMPDIR/week1.ndjson"
  [ "$status" -eq 2 ]
  [ ! -e "$BATS_TEST_TMPDIR/b.json" ]
}
