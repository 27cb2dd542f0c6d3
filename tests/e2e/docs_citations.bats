#!/usr/bin/env bats
# The docs, man pages and comments cite only documents the repository has.

@test "no file cites a section of a design document the repository does not have" {
  # Shows: "DESIGN §4" and the like point a reader at a file they cannot open, unless the
  # repository holds a DESIGN document; the places to cite are pm(7), the tools' man pages,
  # README.md and ARCHITECTURE.md.
  cd "$PM_SOURCE"
  if ls DESIGN* doc/DESIGN* docs/DESIGN* > /dev/null 2>&1; then
    skip "the repository has a design document"
  fi
  run grep -rnIE 'DESIGN( §|\.md|\x27s|\b *\\\(sc)' --exclude-dir=.git --exclude-dir='build*' \
    --exclude=docs_citations.bats .
  [ "$status" -eq 1 ] || { echo "$output"; return 1; }
}

@test "the check can fail: a citation of DESIGN is found" {
  mkdir -p "$BATS_TEST_TMPDIR/src/libpm"
  printf '// the record of DESIGN §1\n' > "$BATS_TEST_TMPDIR/src/libpm/x.hpp"
  cd "$BATS_TEST_TMPDIR/src"
  run grep -rnIE 'DESIGN( §|\.md|\x27s|\b *\\\(sc)' --exclude-dir=.git --exclude-dir='build*' .
  [ "$status" -eq 0 ]
  [ "$output" = './libpm/x.hpp:1:// the record of DESIGN §1' ]
}
