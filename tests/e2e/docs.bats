#!/usr/bin/env bats
# Every tool's --help, man page and bash/zsh/fish completions name the same long options.

help_options() { "$PM_BIN/$1" --help | grep -oE '^ +(-[A-Za-z0-9], ?)?--[a-z][a-z0-9-]*' | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u; }
man_options() { awk 'prev == ".TP" { print } { prev = $0 }' "$PM_SOURCE/man/$1.1" | grep -oE '\\-\\-[a-z]([a-z0-9-]|\\-)*' | sed 's/\\//g' | sort -u; }
bash_options() { grep -oE -- '--[a-z][a-z0-9-]*' "$PM_SOURCE/completions/bash/$1" | sort -u; }
zsh_options() { grep -oE -- '--[a-z][a-z0-9-]*' "$PM_SOURCE/completions/zsh/_$1" | sort -u; }
fish_options() { grep -oE -- '-l [a-z][a-z0-9-]*' "$PM_SOURCE/completions/fish/$1.fish" | sed 's/^-l /--/' | sort -u; }

tools() { for dir in "$PM_SOURCE"/tools/pm/ "$PM_SOURCE"/tools/pm-*/; do [ -d "$dir" ] && basename "$dir"; done; }

setup() {
  [ -n "$(tools)" ] || skip "no tools built yet"
}

@test "each tool has a man page and three completions" {
  for tool in $(tools); do
    [ -f "$PM_SOURCE/man/$tool.1" ] || { echo "missing man/$tool.1"; return 1; }
    [ -f "$PM_SOURCE/completions/bash/$tool" ] || { echo "missing bash completion for $tool"; return 1; }
    [ -f "$PM_SOURCE/completions/zsh/_$tool" ] || { echo "missing zsh completion for $tool"; return 1; }
    [ -f "$PM_SOURCE/completions/fish/$tool.fish" ] || { echo "missing fish completion for $tool"; return 1; }
  done
}

@test "--help, man page and completions list the same options" {
  for tool in $(tools); do
    help_options "$tool" > "$BATS_TEST_TMPDIR/help"
    [ -s "$BATS_TEST_TMPDIR/help" ] || { echo "$tool --help lists no options"; return 1; }
    grep -qx -- '--version' "$BATS_TEST_TMPDIR/help"
    for source in man bash zsh fish; do
      "${source}_options" "$tool" > "$BATS_TEST_TMPDIR/$source"
      diff -u --label "$tool --help" --label "$tool $source" "$BATS_TEST_TMPDIR/help" "$BATS_TEST_TMPDIR/$source" ||
        return 1
    done
  done
}

@test "the drift check notices an option missing from a man page" {
  # The check itself must be able to fail: drop one option from a copy of a man page.
  tool=$(tools | head -n 1)
  [ -n "$tool" ]
  mkdir -p "$BATS_TEST_TMPDIR/src/man"
  grep -v -- '\\-\\-version' "$PM_SOURCE/man/$tool.1" > "$BATS_TEST_TMPDIR/src/man/$tool.1"
  PM_SOURCE="$BATS_TEST_TMPDIR/src" man_options "$tool" > "$BATS_TEST_TMPDIR/man"
  help_options "$tool" > "$BATS_TEST_TMPDIR/help"
  run diff "$BATS_TEST_TMPDIR/help" "$BATS_TEST_TMPDIR/man"
  [ "$status" -eq 1 ]
  [[ "$output" == *"--version"* ]]
}

@test "man pages render without warnings" {
  command -v man >/dev/null || skip "man is not installed"
  for page in "$PM_SOURCE"/man/*.[17]; do
    run bash -c "LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l '$page' 2>&1 >/dev/null"
    [ "$status" -eq 0 ]
    [ -z "$output" ] || { echo "$page: $output"; return 1; }
  done
}

@test "completions are valid shell" {
  for file in "$PM_SOURCE"/completions/bash/*; do bash -n "$file"; done
  if command -v zsh >/dev/null; then for file in "$PM_SOURCE"/completions/zsh/_*; do zsh -n "$file"; done; fi
  if command -v fish >/dev/null; then for file in "$PM_SOURCE"/completions/fish/*.fish; do fish -n "$file"; done; fi
}

# bash_complete TOOL WORD...: what TOOL's bash completion offers for the command line WORD...
# (the last word is the one being completed), one candidate per line, through bash-completion
# as an interactive shell loads it.
bash_complete() {
  local tool=$1
  shift
  bash -c '
    source /usr/share/bash-completion/bash_completion
    source "$1"
    shift
    compopt() { :; } # only valid inside a completion started by readline
    COMP_WORDS=("$@") COMP_CWORD=$(($# - 1)) COMP_LINE="$*" COMP_POINT=${#COMP_LINE}
    fn=$(complete -p "$1" | sed -E "s/.*-F ([^ ]+).*/\1/")
    "$fn" "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
    printf "%s\n" "${COMPREPLY[@]}"
  ' _ "$PM_SOURCE/completions/bash/$tool" "$tool" "$@"
}

fish_complete() { fish -c "source '$PM_SOURCE/completions/fish/$1.fish'; complete -C '$2'" | cut -f1; }

@test "bash completions complete options, their values and file names with spaces" {
  [ -f /usr/share/bash-completion/bash_completion ] || skip "bash-completion is not installed"
  [ "$(bash_complete pm-sample --coll)" = --collect ]
  [ "$(bash_complete pm-sample --collect cpu,me)" = cpu,memory ]
  bash_complete pm-sample --run job -- ech | grep -qx echo # the job's command line
  [ "$(bash_complete pm-report -f open)" = openmetrics ]
  [ "$(bash_complete pm-alert --format na)" = nagios ]
  [ "$(bash_complete pm-ingest --ret)" = --retention ]
  mkdir "$BATS_TEST_TMPDIR/runs" "$BATS_TEST_TMPDIR/runs/store"
  : > "$BATS_TEST_TMPDIR/runs/last week.ndjson"
  cd "$BATS_TEST_TMPDIR"
  [ "$(bash_complete pm-report --baseline runs/la)" = "runs/last week.ndjson" ]
  [ "$(bash_complete pm-alert --rules runs/la)" = "runs/last week.ndjson" ]
  [ "$(bash_complete pm-alert -H runs/)" = runs/store ] # a history is a directory
}

@test "fish completions complete options and their values" {
  command -v fish > /dev/null || skip "fish is not installed"
  [ "$(fish_complete pm-sample 'pm-sample --coll')" = --collect ]
  fish_complete pm-sample 'pm-sample --collect ' | grep -qx memory
  fish_complete pm-report 'pm-report --format ' | grep -qx openmetrics
  fish_complete pm-alert 'pm-alert --format ' | grep -qx nagios
  fish_complete pm-ingest 'pm-ingest --format ' | grep -qx influx
}

@test "the shell scripts we ship pass shellcheck" {
  command -v shellcheck > /dev/null || skip "shellcheck is not installed"
  cd "$PM_SOURCE"
  shellcheck scripts/* .ci/run tests/bench/*.sh examples/notify-webhook
  shellcheck -s bash completions/bash/*
}
