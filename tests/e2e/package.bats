#!/usr/bin/env bats
# Installing pm: `cmake --install` into a scratch prefix (and with DESTDIR) puts binaries, man
# pages and completions where each shell finds them and every tool runs from there;
# `cpack -G DEB` builds a .deb with the same files and dpkg-shlibdeps' dependencies; as root
# on Debian, the .deb is installed system-wide with apt-get, run, and removed again.

bats_require_minimum_version 1.5.0

TOOLS=(pm pm-sample pm-ingest pm-alert pm-predict pm-report)

setup_file() {
  export BUILD_DIR="$PM_BIN/.."
  [ -f "$BUILD_DIR/cmake_install.cmake" ] || { echo "no build directory above $PM_BIN" >&2; return 1; }
}

setup() {
  fixtures="$PM_SOURCE/tests/fixtures/proc"
  version=$(sed -nE 's/^project\(pm VERSION ([0-9.]+).*/\1/p' "$PM_SOURCE/CMakeLists.txt")
}

# The files an install puts under PREFIX (relative), zsh's and fish's directories as given.
expected_files() {
  local zsh=$1 fish=$2 tool
  for tool in "${TOOLS[@]}"; do
    echo "bin/$tool"
    echo "share/man/man1/$tool.1"
    echo "share/bash-completion/completions/$tool"
    echo "$zsh/_$tool"
    echo "$fish/$tool.fish"
  done
  echo share/man/man7/pm.7
  (cd "$PM_SOURCE/examples" && find . -type f | sed 's|^\./|share/doc/pm/examples/|')
}

# run_every_tool BIN: each tool of BIN answers --version, and a sample goes through
# pm-ingest, pm-alert, pm-predict and pm-report from BIN alone (PATH holds only the system).
run_every_tool() {
  local bin=$1 tool
  for tool in "${TOOLS[@]}"; do
    run env PATH=/usr/bin:/bin "$bin/$tool" --version
    [ "$status" -eq 0 ]
    [ "$output" = "$tool $version" ] || { echo "$bin/$tool: $output"; return 1; }
  done
  local store="$BATS_TEST_TMPDIR/store-$RANDOM"
  run --separate-stderr env PATH=/usr/bin:/bin bash -c "
    '$bin/pm' sample --window 0 --proc-root '$fixtures/t0/proc' --sys-root '$fixtures/t0/sys' \
      --collect memory,load --now 2026-11-22T10:00:00Z --tag host=fixture --format ndjson |
      '$bin/pm-ingest' -H '$store' --tee |
      '$bin/pm-alert' --rule 'mem: system.memory.usage > 20' --format text > '$store.alerts'
    echo alert=\$?
    '$bin/pm-predict' -H '$store' --now 2026-11-22T10:00:00Z --since 1h > /dev/null
    echo predict=\$?
    '$bin/pm' report -H '$store' --now 2026-11-22T10:00:00Z --since 1h --format json |
      jq -r '.metrics | keys[]' | grep -c '^system\.'
  "
  [ "$status" -eq 0 ]
  [ "${lines[0]}" = alert=1 ] # the memory rule fires: WARNING
  [ "${lines[1]}" = predict=0 ]
  [ "${lines[2]}" -ge 2 ]
  grep -q 'mem' "$store.alerts"
}

@test "cmake --install into a scratch prefix: every file in place, every tool runs from there" {
  # shows an install under any prefix working on its own, with man pages and completions found
  prefix="$BATS_TEST_TMPDIR/opt pm"
  run cmake --install "$BUILD_DIR" --prefix "$prefix"
  [ "$status" -eq 0 ]
  (cd "$prefix" && find . -type f | sed 's|^\./||' | sort) > "$BATS_TEST_TMPDIR/installed"
  expected_files share/zsh/site-functions share/fish/vendor_completions.d | sort > "$BATS_TEST_TMPDIR/expected"
  diff -u "$BATS_TEST_TMPDIR/expected" "$BATS_TEST_TMPDIR/installed"
  [ "$(stat -c %a "$prefix/bin/pm-sample")" = 755 ]
  [ "$(stat -c %a "$prefix/share/doc/pm/examples/notify-webhook")" = 755 ]
  cmp "$PM_SOURCE/examples/rules" "$prefix/share/doc/pm/examples/rules"
  run_every_tool "$prefix/bin"
  # pm runs the prefix's own tools and shows the prefix's own manual page.
  run env PATH=/usr/bin:/bin MANPATH=/nonexistent MANWIDTH=80 "$prefix/bin/pm" help sample
  [ "$status" -eq 0 ]
  [[ "${lines[0]}" == "PM-SAMPLE(1)"* ]]
  # bash-completion, fish and zsh find the completions when told about the prefix.
  run env XDG_DATA_DIRS="$prefix/share:/usr/share" bash -c '
    source /usr/share/bash-completion/bash_completion
    __load_completion pm-sample && complete -p pm-sample'
  [ "$status" -eq 0 ]
  [ "$output" = "complete -F _pm_sample pm-sample" ]
  run env PATH="$prefix/bin:/usr/bin:/bin" XDG_DATA_DIRS="$prefix/share" fish -c 'complete -C "pm sample --coll"'
  [ "$status" -eq 0 ]
  [ "$(cut -f1 <<<"$output")" = --collect ]
  run zsh -fc "fpath=('$prefix/share/zsh/site-functions' \$fpath); autoload -Uz compinit; compinit -u -D
               print -r -- \$_comps[pm] \$_comps[pm-sample] \$_comps[pm-report]"
  [ "$status" -eq 0 ]
  [ "$output" = "_pm _pm-sample _pm-report" ]
}

@test "DESTDIR with the default /usr/local prefix: completions where each shell looks by default" {
  # shows zsh's site-functions and fish's /etc/fish/completions for a /usr/local install
  dest="$BATS_TEST_TMPDIR/dest"
  run env DESTDIR="$dest" cmake --install "$BUILD_DIR" --prefix /usr/local
  [ "$status" -eq 0 ]
  (cd "$dest/usr/local" && find . -type f | sed 's|^\./||' | sort) > "$BATS_TEST_TMPDIR/installed"
  (cd "$dest/etc/fish/completions" && find . -type f | sed 's|^\./|etc/fish/completions/|' | sort) >> "$BATS_TEST_TMPDIR/installed"
  [ "$(find "$dest" -mindepth 1 -maxdepth 1 | sort | xargs -n1 basename | tr '\n' ' ')" = "etc usr " ]
  expected_files share/zsh/site-functions ../../etc/fish/completions |
    sed 's|^\.\./\.\./||' | sort > "$BATS_TEST_TMPDIR/expected"
  diff -u "$BATS_TEST_TMPDIR/expected" <(sort "$BATS_TEST_TMPDIR/installed")
  run_every_tool "$dest/usr/local/bin"
  # The directories are the ones each shell searches with no configuration.
  zsh -fc 'print -l $fpath' | grep -qx /usr/local/share/zsh/site-functions
  fish -c 'printf "%s\n" $fish_complete_path' | grep -qx /etc/fish/completions
  run env -u XDG_DATA_DIRS bash -c 'source /usr/share/bash-completion/bash_completion
    declare -f __load_completion' # bash-completion's default data dirs start with /usr/local/share
  [[ "$output" == *'${XDG_DATA_DIRS:-/usr/local/share:/usr/share}'* ]]
}

@test "DESTDIR with the /usr prefix: the Debian places for packages" {
  # shows the directories the .deb uses, as an install with --prefix /usr gives them
  dest="$BATS_TEST_TMPDIR/dest"
  run env DESTDIR="$dest" cmake --install "$BUILD_DIR" --prefix /usr
  [ "$status" -eq 0 ]
  (cd "$dest/usr" && find . -type f | sed 's|^\./||' | sort) > "$BATS_TEST_TMPDIR/installed"
  expected_files share/zsh/vendor-completions share/fish/vendor_completions.d | sort > "$BATS_TEST_TMPDIR/expected"
  diff -u "$BATS_TEST_TMPDIR/expected" "$BATS_TEST_TMPDIR/installed"
  [ "$(ls "$dest")" = usr ]
  zsh -fc 'print -l $fpath' | grep -qx /usr/share/zsh/vendor-completions
  fish -c 'printf "%s\n" $fish_complete_path' | grep -qx /usr/share/fish/vendor_completions.d
}

# build_deb DIR: builds the .deb from the build directory into DIR; prints its path.
build_deb() {
  cpack --config "$BUILD_DIR/CPackConfig.cmake" -G DEB -B "$1" > "$1.log" 2>&1 || { cat "$1.log" >&2; return 1; }
  ls "$1"/pm_*.deb
}

@test "cpack -G DEB: a .deb with the binaries, man pages, completions and shlibdeps' dependencies" {
  # shows the package's metadata and its file list, exactly
  deb=$(build_deb "$BATS_TEST_TMPDIR/deb")
  [ "$(basename "$deb")" = "pm_${version}_$(dpkg --print-architecture).deb" ]
  run dpkg-deb -f "$deb" Package Version Architecture Section
  [ "$status" -eq 0 ]
  [ "$output" = "Package: pm
Version: $version
Architecture: $(dpkg --print-architecture)
Section: utils" ]
  # Depends come from dpkg-shlibdeps: the C library and simdjson (and the sanitizers' runtime
  # in a sanitizer build), each versioned.
  depends=$(dpkg-deb -f "$deb" Depends)
  echo "Depends: $depends"
  [[ "$depends" == "libc6 (>= "* ]]
  [[ "$depends" =~ (^|, )libsimdjson[0-9]+\ \(\>=\  ]]
  tr ',' '\n' <<<"$depends" | sed 's/^ //' | grep -vxE '[a-z0-9.+-]+ \(>= [0-9][^)]*\)' && return 1
  run dpkg-deb -I "$deb"
  [ "$status" -eq 0 ]
  [[ "$output" == *"Description: performance monitoring for shells, cron and CI"* ]]
  [[ "$output" == *"Maintainer: "* ]]
  dpkg-deb -c "$deb" | awk '$1 !~ /^d/ { print $6 }' | sed 's|^\./usr/||' | sort > "$BATS_TEST_TMPDIR/contents"
  expected_files share/zsh/vendor-completions share/fish/vendor_completions.d | sort > "$BATS_TEST_TMPDIR/expected"
  diff -u "$BATS_TEST_TMPDIR/expected" "$BATS_TEST_TMPDIR/contents"
  # Files root-owned, binaries executable and stripped.
  dpkg-deb -c "$deb" | awk '$2 != "root/root" { print; bad = 1 } END { exit bad }'
  dpkg-deb -c "$deb" | grep -E '^-rwxr-xr-x root/root .* \./usr/bin/pm-sample$' >/dev/null
  mkdir "$BATS_TEST_TMPDIR/x"
  dpkg-deb -x "$deb" "$BATS_TEST_TMPDIR/x"
  [[ "$(file "$BATS_TEST_TMPDIR/x/usr/bin/pm-report")" == *", stripped"* ]]
  run_every_tool "$BATS_TEST_TMPDIR/x/usr/bin"
}

# --------------------------------------------------------------------------------------------
# SYSTEM-WIDE: the next test installs the .deb on THIS machine with apt-get (as CI does on its
# fresh Debian 12, as root) and removes it again with dpkg -r. It runs only as root on Debian,
# and refuses to touch a machine where a package named pm or any file of the .deb is already
# there; PM_TEST_NO_SYSTEM_INSTALL=1 turns it off.
# --------------------------------------------------------------------------------------------

teardown() {
  if [ -n "${installed_system_wide:-}" ] && dpkg-query -W -f='${Status}' pm 2>/dev/null | grep -q installed; then
    dpkg -r pm >/dev/null 2>&1 || true
  fi
}

@test "SYSTEM-WIDE (root on Debian): apt-get install ./pm_*.deb, every tool runs, dpkg -r removes it all" {
  # shows the package installing cleanly, found by PATH, man and bash-completion, and leaving nothing
  [ "$(id -u)" -eq 0 ] && [ -f /etc/debian_version ] && command -v apt-get >/dev/null ||
    skip "installs system-wide: only as root on Debian"
  [ -z "${PM_TEST_NO_SYSTEM_INSTALL:-}" ] || skip "PM_TEST_NO_SYSTEM_INSTALL is set"
  deb=$(build_deb "$BATS_TEST_TMPDIR/deb")
  if dpkg-query -W -f='${Status}' pm 2>/dev/null | grep -q 'install ok'; then
    echo "a package named pm is installed already: not touching it" >&2
    return 1
  fi
  dpkg-deb -c "$deb" | awk '$1 !~ /^d/ { sub(/^\./, "", $6); print $6 }' > "$BATS_TEST_TMPDIR/files"
  while read -r file; do
    [ ! -e "$file" ] || { echo "$file exists already: not overwriting it" >&2; return 1; }
  done < "$BATS_TEST_TMPDIR/files"

  installed_system_wide=1
  run env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
    -o DPkg::Lock::Timeout=300 "$deb"
  echo "$output"
  [ "$status" -eq 0 ]
  [ "$(dpkg-query -W -f='${Status} ${Version}' pm)" = "install ok installed $version" ]
  while read -r file; do [ -f "$file" ] || { echo "missing $file"; return 1; }; done < "$BATS_TEST_TMPDIR/files"
  # Found as a user finds them: PATH, man, bash-completion's loader.
  for tool in "${TOOLS[@]}"; do
    [ "$(PATH=/usr/bin:/bin bash -c "command -v $tool")" = "/usr/bin/$tool" ]
    [ "$(man -w "$tool")" = "/usr/share/man/man1/$tool.1" ]
  done
  run_every_tool /usr/bin
  run env -u XDG_DATA_DIRS HOME="$BATS_TEST_TMPDIR" bash -c '
    source /usr/share/bash-completion/bash_completion
    __load_completion pm && __load_completion pm-report && complete -p pm pm-report'
  [ "$status" -eq 0 ]
  [ "$output" = "complete -F _pm pm
complete -F _pm_report pm-report" ]
  run env PATH=/usr/bin:/bin HOME="$BATS_TEST_TMPDIR" fish -c 'complete -C "pm report --form"'
  [ "$(cut -f1 <<<"$output")" = --format ]

  run dpkg -r pm
  [ "$status" -eq 0 ]
  installed_system_wide=
  run dpkg-query -W -f='${Status}' pm
  [[ "$output" != *"ok installed"* ]]
  while read -r file; do [ ! -e "$file" ] || { echo "left behind: $file"; return 1; }; done < "$BATS_TEST_TMPDIR/files"
}
