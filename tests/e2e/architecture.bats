#!/usr/bin/env bats
# libpm's folders include only from the folders ARCHITECTURE.md allows them.

# Prints "folder: allowed folders" from the table in ARCHITECTURE.md.
allowed() {
  awk -F'|' '/^\| `[a-z]+` \|/ { gsub(/[` ]/, "", $2); gsub(/\([^)]*\)/, "", $4); gsub(/[ `—]/, "", $4); print $2 ":" $4 }' \
    "$PM_SOURCE/ARCHITECTURE.md"
}

# Prints the folders that files of libpm/$1 include, other than itself.
used() {
  grep -ho '#include "libpm/[a-z]*/' "$PM_SOURCE/libpm/$1"/*.[ch]pp | sed 's|#include "libpm/||; s|/||' | sort -u | grep -vx "$1" || true
}

@test "every libpm folder has a row in ARCHITECTURE.md" {
  for dir in "$PM_SOURCE"/libpm/*/; do
    folder=$(basename "$dir")
    allowed | grep -q "^$folder:" || { echo "no row for libpm/$folder"; return 1; }
  done
}

@test "no folder includes from a folder its row does not allow" {
  while IFS=: read -r folder may_use; do
    [ -d "$PM_SOURCE/libpm/$folder" ] || { echo "row for missing folder $folder"; return 1; }
    for dep in $(used "$folder"); do
      [[ ",$may_use," == *",$dep,"* ]] || { echo "libpm/$folder includes libpm/$dep, not allowed by ARCHITECTURE.md"; return 1; }
    done
  done < <(allowed)
}

@test "the check notices a forbidden include" {
  # util may use nothing: pretend it included record.
  mkdir -p "$BATS_TEST_TMPDIR/src/libpm/util"
  cp "$PM_SOURCE/ARCHITECTURE.md" "$BATS_TEST_TMPDIR/src/"
  echo '#include "libpm/record/record.hpp"' > "$BATS_TEST_TMPDIR/src/libpm/util/bad.cpp"
  PM_SOURCE="$BATS_TEST_TMPDIR/src" run used util
  [ "$output" = record ]
  may_use=$(PM_SOURCE="$BATS_TEST_TMPDIR/src" allowed | grep '^util:' | cut -d: -f2)
  [[ ",$may_use," != *",record,"* ]]
}
