#!/usr/bin/env bats
# pm-alert's anomaly() condition: a rule on the anomaly score fires during an incident and
# resolves after it, split runs sharing --state give the events of one run, and a rule on a
# series that never appears behaves as other rules without data.

bats_require_minimum_version 1.5.0

# 600 records 10 s apart from 2026-11-22T10:00:00Z of db latency around 100 (a fixed
# pseudo-random noise, so every run sees the same points); records 300..311 (10:50:00 to
# 10:51:50, two minutes) jump to 300. A second module's series stays calm throughout.
generate() {
  awk 'BEGIN {
    seed = 12345
    start = 1795341600 # 2026-11-22T10:00:00Z
    for (i = 0; i < 600; i++) {
      for (m = 0; m < 2; m++) {
        seed = (seed * 1103515245 + 12345) % 2147483648
        u1 = (seed + 1) / 2147483649
        seed = (seed * 1103515245 + 12345) % 2147483648
        u2 = (seed + 1) / 2147483649
        noise = sqrt(-2 * log(u1)) * cos(6.283185307179586 * u2) * 5
        value = 100 + noise
        if (m == 0 && i >= 300 && i < 312) value = 300 + noise
        t = start + 10 * i
        printf "{\"ts\":%d,\"name\":\"api.request.duration\",\"value\":%.4f,\"unit\":\"seconds\",\"tags\":{\"module\":\"%s\"}}\n", t, value, m == 0 ? "db" : "web"
      }
    }
  }'
}

setup() {
  export PM_HISTORY="$BATS_TEST_TMPDIR/store"
  INPUT="$BATS_TEST_TMPDIR/latency.ndjson"
  generate > "$INPUT"
  RULE='anom: anomaly(api.request.duration{module="db"}) > 0.99 for 20s severity=warning'
  END=2026-11-22T11:40:00Z
}

@test "the input is what the cases below assume" {
  # 1200 records, 24 of them the incident's.
  [ "$(wc -l < "$INPUT")" -eq 1200 ]
  [ "$(jq -s '[.[] | select(.value > 200)] | length' "$INPUT")" -eq 12 ]
  [ "$(jq -s -r '[.[] | select(.value > 200) | .ts] | [min, max] | map(todate) | join(" ")' "$INPUT")" = \
    "2026-11-22T10:50:00Z 2026-11-22T10:51:50Z" ]
}

@test "an anomaly rule fires once during the incident and resolves after it" {
  run --separate-stderr "$PM_BIN/pm-alert" --no-alert-history --rule "$RULE" --now "$END" "$INPUT"
  [ "$status" -eq 0 ] # nothing firing at the end: OK
  [ "${#lines[@]}" -eq 2 ]
  echo "$output" > "$BATS_TEST_TMPDIR/out"
  # One firing record: the rule, its severity, the series, the score as value, no unit.
  [ "$(jq -s -r '.[0] | [.kind,.rule,.state,.severity,.name,.tags.module,.condition,.threshold,(.unit // "-")] | join(" ")' \
    "$BATS_TEST_TMPDIR/out")" = "alert anom firing warning api.request.duration db above 0.99 -" ]
  jq -s -e '.[0].value > 0.99 and .[0].value <= 1' "$BATS_TEST_TMPDIR/out"
  # It fires inside the incident (not before: the calm hour scores no 20 s above 0.99), at
  # least 20 s after the incident's first record, and resolves once the values are back.
  jq -s -e '(.[0].ts >= "2026-11-22T10:50:20.000Z") and (.[0].ts <= "2026-11-22T10:51:50.000Z")' "$BATS_TEST_TMPDIR/out"
  jq -s -e '.[1].state == "resolved" and .[1].rule == "anom" and .[1].since == .[0].ts' "$BATS_TEST_TMPDIR/out"
  jq -s -e '(.[1].ts > .[0].ts) and (.[1].ts <= "2026-11-22T11:00:00.000Z") and .[1].value <= 0.99' "$BATS_TEST_TMPDIR/out"
  jq -s -e '(.[1].message | startswith("anom: anomaly score of api.request.duration{module=\"db\"} = "))' "$BATS_TEST_TMPDIR/out"
}

@test "the calm series never fires, whatever the rule's selector" {
  # The rule on all modules: only db has the incident.
  run --separate-stderr "$PM_BIN/pm-alert" --no-alert-history --rule 'anom: anomaly(api.request.duration) > 0.99 for 20s' \
    --now "$END" "$INPUT"
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | jq -r '.tags.module' | sort -u)" = "db" ]
  [ "$(echo "$output" | jq -r '.state' | tr '\n' ' ')" = "firing resolved " ]
}

@test "a run that ends during the incident exits WARNING, and a critical level exits CRITICAL" {
  head -n 620 "$INPUT" > "$BATS_TEST_TMPDIR/until_incident" # to 10:51:40, inside the incident
  run --separate-stderr "$PM_BIN/pm-alert" --no-alert-history --rule "$RULE" --now 2026-11-22T10:51:40Z \
    "$BATS_TEST_TMPDIR/until_incident"
  [ "$status" -eq 1 ]
  [ "${#lines[@]}" -eq 1 ]
  [ "$(echo "$output" | jq -r .state)" = "firing" ]
  run --separate-stderr "$PM_BIN/pm-alert" --no-alert-history \
    --rule 'anom: anomaly(api.request.duration{module="db"}) > 0.99 for 20s severity=critical' \
    --now 2026-11-22T10:51:40Z "$BATS_TEST_TMPDIR/until_incident"
  [ "$status" -eq 2 ]
}

@test "the input cut in two runs sharing --state gives the events of one run" {
  "$PM_BIN/pm-alert" --no-alert-history --rule "$RULE" --now "$END" "$INPUT" > "$BATS_TEST_TMPDIR/one"
  [ "$(wc -l < "$BATS_TEST_TMPDIR/one")" -eq 2 ]
  for cut in 600 610; do # the halves; then a cut inside the incident, while the alert is pending or firing
    state="$BATS_TEST_TMPDIR/state.$cut.json"
    head -n "$cut" "$INPUT" > "$BATS_TEST_TMPDIR/a"
    tail -n +"$((cut + 1))" "$INPUT" > "$BATS_TEST_TMPDIR/b"
    last=$(tail -n 1 "$BATS_TEST_TMPDIR/a" | jq -r '.ts | todate')
    "$PM_BIN/pm-alert" --no-alert-history --rule "$RULE" --state "$state" --now "$last" "$BATS_TEST_TMPDIR/a" \
      > "$BATS_TEST_TMPDIR/split" || true
    "$PM_BIN/pm-alert" --no-alert-history --rule "$RULE" --state "$state" --now "$END" "$BATS_TEST_TMPDIR/b" \
      >> "$BATS_TEST_TMPDIR/split"
    diff -u "$BATS_TEST_TMPDIR/one" "$BATS_TEST_TMPDIR/split"
    # The detectors are in the state: one per series the rule selects.
    [ "$(jq '[.rules[] | select(.rule == "anom") | .groups[] | select(has("anomaly"))] | length' "$state")" -eq 1 ]
  done
}

@test "without the detectors in the state a split run would differ" {
  # The check above can fail: a second run that starts with fresh detectors warms up again
  # and misses the incident that one run reports.
  head -n 600 "$INPUT" > "$BATS_TEST_TMPDIR/a"
  tail -n +601 "$INPUT" > "$BATS_TEST_TMPDIR/b"
  "$PM_BIN/pm-alert" --no-alert-history --rule "$RULE" --now "$END" "$INPUT" > "$BATS_TEST_TMPDIR/one"
  run --separate-stderr "$PM_BIN/pm-alert" --no-alert-history --rule "$RULE" --now "$END" "$BATS_TEST_TMPDIR/b"
  [ "$output" != "$(cat "$BATS_TEST_TMPDIR/one")" ]
}

@test "JSON rules say the same with \"aggregate\": \"anomaly\"" {
  cat > "$BATS_TEST_TMPDIR/rules.json" <<'EOF'
{"anom": {"metric": "api.request.duration", "tags": {"module": "db"}, "aggregate": "anomaly",
          "threshold": 0.99, "for": "20s", "severity": "warning"}}
EOF
  "$PM_BIN/pm-alert" --no-alert-history --rule "$RULE" --now "$END" "$INPUT" > "$BATS_TEST_TMPDIR/expr"
  run --separate-stderr "$PM_BIN/pm-alert" --no-alert-history --rules "$BATS_TEST_TMPDIR/rules.json" --now "$END" "$INPUT"
  [ "$status" -eq 0 ]
  [ "$output" = "$(cat "$BATS_TEST_TMPDIR/expr")" ]
  run "$PM_BIN/pm-alert" --rules "$BATS_TEST_TMPDIR/rules.json" --check-rules
  [ "$status" -eq 0 ]
  [ "$output" = 'anom: anomaly(api.request.duration{module="db"}) > 0.99 for 20s severity=warning' ]
}

@test "a method picked in the rule scores with that method" {
  # zscore alone also sees a jump to 40 standard deviations; the rule's text keeps its method.
  run --separate-stderr "$PM_BIN/pm-alert" --no-alert-history \
    --rule 'z: anomaly(api.request.duration{module="db"}, method=zscore) > 0.99 for 20s' --now "$END" "$INPUT"
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | jq -r '"\(.rule) \(.state)"' | tr '\n' ',')" = "z firing,z resolved," ]
  run "$PM_BIN/pm-alert" --rule 'z: anomaly(x, method=zscore) > 0.99' --check-rules
  [ "$output" = 'z: anomaly(x, method=zscore) > 0.99 severity=warning' ]
}

@test "a rule on a series that never appears behaves as other rules without data" {
  # Both say once on stderr that they matched no record and exit OK; with on_missing=unknown
  # both are UNKNOWN (3).
  for rule in 'gone: anomaly(no.such.metric) > 0.99 for 5m' 'gone: no.such.metric > 0.99 for 5m'; do
    run --separate-stderr "$PM_BIN/pm-alert" --no-alert-history --rule "$rule" --now "$END" "$INPUT"
    [ "$status" -eq 0 ]
    [ -z "$output" ]
    [ "$stderr" = "pm-alert: warning: rule gone matched no record (on_missing=unknown would make that UNKNOWN)" ]
    run --separate-stderr "$PM_BIN/pm-alert" --no-alert-history --rule "$rule on_missing=unknown" --now "$END" "$INPUT"
    [ "$status" -eq 3 ]
    [ -z "$output" ]
    [ "$stderr" = "pm-alert: warning: rule gone matched no record: UNKNOWN" ]
  done
}

@test "a bad anomaly rule is a usage error naming the file and line" {
  printf '# rules\nok: anomaly(x) > 0.99\nbad: anomaly(x) over 5m > 0.99\n' > "$BATS_TEST_TMPDIR/rules"
  run --separate-stderr "$PM_BIN/pm-alert" --rules "$BATS_TEST_TMPDIR/rules" "$INPUT"
  [ "$status" -eq 3 ]
  [ -z "$output" ]
  [ "$stderr" = "pm-alert: error: $BATS_TEST_TMPDIR/rules:3:17: anomaly() scores each point against the points before it: it takes no \"over\" window" ]
  run --separate-stderr "$PM_BIN/pm-alert" --rule 'a: anomaly(x, method=magic) > 0.99' "$INPUT"
  [ "$status" -eq 3 ]
  [[ "$stderr" == 'pm-alert: error: --rule 1:22: unknown anomaly method "magic": expected '* ]]
}
