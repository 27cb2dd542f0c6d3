#!/usr/bin/env bats
# The pm command: pm NAME ARGS... runs pm-NAME ARGS... (beside pm first, then PATH), pm help,
# pm --version; every tool's -V; and the completions that hand over to pm-NAME's own.

bats_require_minimum_version 1.5.0

setup() {
  pm="$PM_BIN/pm"
  fixtures="$PM_SOURCE/tests/fixtures/proc"
  version=$(sed -nE 's/^project\(pm VERSION ([0-9.]+).*/\1/p' "$PM_SOURCE/CMakeLists.txt")
}

@test "pm --version and -V print the version; every tool takes -V as --version" {
  # shows the one version flag of every binary
  [ -n "$version" ]
  run "$pm" --version
  [ "$status" -eq 0 ]
  [ "$output" = "pm $version" ]
  run "$pm" -V
  [ "$status" -eq 0 ]
  [ "$output" = "pm $version" ]
  for tool in pm-sample pm-ingest pm-alert pm-predict pm-report; do
    run "$PM_BIN/$tool" -V
    [ "$status" -eq 0 ]
    [ "$output" = "$tool $version" ]
    [ "$("$PM_BIN/$tool" --version)" = "$output" ]
  done
}

@test "pm sample ARGS is pm-sample ARGS: same records, same exit status" {
  # shows the dispatch passing every argument through unchanged
  args=(--window 0 --proc-root "$fixtures/t0/proc" --sys-root "$fixtures/t0/sys" --collect memory,load
        --now 2026-11-22T10:00:00Z --tag host=fixture --format ndjson)
  run --separate-stderr "$pm" sample "${args[@]}"
  [ "$status" -eq 0 ]
  [ "${#lines[@]}" -gt 3 ]
  [ "$output" = "$("$PM_BIN/pm-sample" "${args[@]}")" ]
  [[ "$output" == *'{"ts":"2026-11-22T10:00:00.000Z","name":"system.memory.usage","value":25,'* ]]
  # The tool's own exit status and stderr come back: pm-alert's CRITICAL is 2, a failed job 1.
  run --separate-stderr bash -c "'$pm' sample --value cpu=99 | '$pm' alert -m cpu -w 80 -c 95"
  [ "$status" -eq 2 ]
  [[ "$output" == *'"state":"firing","severity":"critical"'* ]]
  run "$pm" sample --run job -- false
  [ "$status" -eq 1 ]
  run "$pm" sample --collect nosuch
  [ "$status" -eq 2 ]
  [[ "$output" == "pm-sample: error: "*nosuch* ]]
}

@test "pm finds pm-NAME beside its own binary before PATH, then on PATH" {
  # shows the lookup order: a build tree or prefix runs its own tools whatever PATH holds
  mkdir -p "$BATS_TEST_TMPDIR/prefix/bin" "$BATS_TEST_TMPDIR/path"
  cp "$pm" "$BATS_TEST_TMPDIR/prefix/bin/pm"
  printf '#!/bin/sh\necho "beside: $0 $*"\n' > "$BATS_TEST_TMPDIR/prefix/bin/pm-hello"
  printf '#!/bin/sh\necho "path: $0 $*"\nexit 7\n' > "$BATS_TEST_TMPDIR/path/pm-hello"
  printf '#!/bin/sh\necho "path: $0 $*"\nexit 7\n' > "$BATS_TEST_TMPDIR/path/pm-other"
  chmod +x "$BATS_TEST_TMPDIR"/prefix/bin/pm-hello "$BATS_TEST_TMPDIR"/path/pm-*
  run env PATH="$BATS_TEST_TMPDIR/path:/usr/bin:/bin" "$BATS_TEST_TMPDIR/prefix/bin/pm" hello a 'b c'
  [ "$status" -eq 0 ]
  [ "$output" = "beside: $BATS_TEST_TMPDIR/prefix/bin/pm-hello a b c" ]
  run env PATH="$BATS_TEST_TMPDIR/path:/usr/bin:/bin" "$BATS_TEST_TMPDIR/prefix/bin/pm" other x
  [ "$status" -eq 7 ]
  [ "$output" = "path: $BATS_TEST_TMPDIR/path/pm-other x" ]
  # A file that is not executable is not a command.
  printf 'not a program\n' > "$BATS_TEST_TMPDIR/path/pm-data"
  run env PATH="$BATS_TEST_TMPDIR/path" "$BATS_TEST_TMPDIR/prefix/bin/pm" data
  [ "$status" -eq 2 ]
  [ "$output" = "pm: error: 'data' is not a pm command (see pm --help)" ]
}

@test "no command, an unknown command or option, a bad name: a clear error and status 2" {
  # shows pm's usage errors in pm's own message style
  run "$pm"
  [ "$status" -eq 2 ]
  [ "$output" = "pm: error: no command given; pm NAME ARGS... runs pm-NAME (see pm --help)" ]
  run env PATH=/usr/bin:/bin "$pm" frobnicate --now
  [ "$status" -eq 2 ]
  [ "$output" = "pm: error: 'frobnicate' is not a pm command (see pm --help)" ]
  run "$pm" --frobnicate
  [ "$status" -eq 2 ]
  [ "$output" = "pm: error: unknown option '--frobnicate' (see pm --help)" ]
  run "$pm" ../bin/pm-sample
  [ "$status" -eq 2 ]
  [ "$output" = "pm: error: '../bin/pm-sample' is not a pm command (see pm --help)" ]
  run "$pm" help nosuch
  [ "$status" -eq 2 ]
  [ "$output" = "pm: error: 'nosuch' is not a pm command (see pm --help)" ]
  run "$pm" help sample report
  [ "$status" -eq 2 ]
  [ "$output" = "pm: error: pm help takes one command name, got 2" ]
}

@test "pm --help and pm help list the commands" {
  # shows the command table a new user sees
  run "$pm" --help
  [ "$status" -eq 0 ]
  for command in sample ingest alert predict report help; do
    grep -qE "^  $command +[a-z]" <<<"$output" || { echo "no $command in: $output"; return 1; }
  done
  [ "$("$pm" help)" = "$output" ]
}

@test "pm help NAME: the man page beside the binary, else the tool's --help" {
  # shows the manual of an install found from pm's own prefix, and the fallback without one
  command -v man >/dev/null
  prefix="$BATS_TEST_TMPDIR/prefix"
  mkdir -p "$prefix/bin" "$prefix/share/man/man1"
  cp "$pm" "$PM_BIN/pm-report" "$prefix/bin/"
  cp "$PM_SOURCE/man/pm-report.1" "$prefix/share/man/man1/"
  run env MANWIDTH=80 MANPATH="$BATS_TEST_TMPDIR/nomans" "$prefix/bin/pm" help report
  [ "$status" -eq 0 ]
  [[ "${lines[0]}" == "PM-REPORT(1)"*"pm manual"*"PM-REPORT(1)" ]]
  [[ "$output" =~ pm-report\ +-\ summaries ]]
  # pm-NAME is accepted as the name too.
  run env MANWIDTH=80 MANPATH="$BATS_TEST_TMPDIR/nomans" "$prefix/bin/pm" help pm-report
  [ "$status" -eq 0 ]
  [[ "${lines[0]}" == "PM-REPORT(1)"* ]]
  # No page beside it and none on MANPATH: the tool's --help.
  rm "$prefix/share/man/man1/pm-report.1"
  mkdir -p "$BATS_TEST_TMPDIR/nomans"
  run env MANPATH="$BATS_TEST_TMPDIR/nomans" "$prefix/bin/pm" help report
  [ "$status" -eq 0 ]
  [ "$output" = "$("$PM_BIN/pm-report" --help)" ]
}

# bash_complete WORD...: what pm's bash completion offers for the line WORD... (the last word
# is being completed), with pm-NAME's completions found where bash-completion looks for them.
bash_complete() {
  mkdir -p "$BATS_TEST_TMPDIR/bash-completion"
  ln -sfn "$PM_SOURCE/completions/bash" "$BATS_TEST_TMPDIR/bash-completion/completions"
  BASH_COMPLETION_USER_DIR="$BATS_TEST_TMPDIR/bash-completion" bash -c '
    source /usr/share/bash-completion/bash_completion
    source "$1"
    shift
    compopt() { :; } # only valid inside a completion started by readline
    COMP_WORDS=("$@") COMP_CWORD=$(($# - 1)) COMP_LINE="$*" COMP_POINT=${#COMP_LINE}
    _pm pm "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
    printf "%s\n" "${COMPREPLY[@]}"
  ' _ "$PM_SOURCE/completions/bash/pm" "$@"
}

@test "bash completion: pm's commands and options, then the tool's own completion" {
  # shows pm NAME ARGS... completing as pm-NAME ARGS... does
  [ "$(bash_complete pm sa)" = sample ]
  [ "$(bash_complete pm help re)" = report ]
  [ "$(bash_complete pm --ver)" = --version ]
  [ "$(bash_complete pm sample --coll)" = --collect ]
  [ "$(bash_complete pm sample --collect cpu,me)" = cpu,memory ]
  [ "$(bash_complete pm report -f open)" = openmetrics ]
  [ "$(bash_complete pm alert --format na)" = nagios ]
}

@test "fish completion: pm's commands, then the tool's own completion" {
  # shows the fish completion rewriting the line for pm-NAME's
  fish_complete() {
    fish -c "source '$PM_SOURCE/completions/fish/pm.fish'
             source '$PM_SOURCE/completions/fish/pm-sample.fish'
             source '$PM_SOURCE/completions/fish/pm-report.fish'
             complete -C '$1'" | cut -f1
  }
  [ "$(fish_complete 'pm sa')" = sample ]
  fish_complete 'pm help ' | grep -qx predict
  [ "$(fish_complete 'pm sample --coll')" = --collect ]
  fish_complete 'pm sample --collect ' | grep -qx memory
  fish_complete 'pm report --format ' | grep -qx openmetrics
}

@test "zsh completion is valid and hands over to pm-NAME" {
  # shows the zsh completion's parts: commands, options, and _normal on pm-NAME
  zsh -n "$PM_SOURCE/completions/zsh/_pm"
  grep -q '^#compdef pm$' "$PM_SOURCE/completions/zsh/_pm"
  grep -q 'words\[1\]=pm-\$words\[1\]' "$PM_SOURCE/completions/zsh/_pm"
  for command in sample ingest alert predict report; do grep -q "'$command:" "$PM_SOURCE/completions/zsh/_pm"; done
}
