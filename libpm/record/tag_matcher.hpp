// Tag matching, written once: `--tag KEY=VALUE` and a rule's `{key="value"}` are one matcher.
#pragma once

#include "libpm/record/record.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace pm::record {

/// `key=value` (the tag matches value) or `key!=value` (it does not). `value` is a shell glob
/// (`*`, `?`, `[...]`) or plain text compared exactly. A record without the tag has it as
/// "", as in Prometheus: `key=""` and `key=*` select it too, `key!=""` wants the tag with a
/// value, and `key!=v` selects records without the tag.
struct TagMatcher {
  std::string key;
  std::string value;
  bool negated = false;

  bool matches(const Tags& tags) const;
  bool matches(const Record& record) const { return matches(record.tags); }
  /// `key="value"` / `key!="value"` with the value JSON-quoted, as a rule's selector shows it.
  std::string text() const;
};

/// True when every matcher of `matchers` matches `tags` (none: true).
bool matches_all(const std::vector<TagMatcher>& matchers, const Tags& tags);

/// Parses the `--tag` form `KEY=VALUE` / `KEY!=VALUE` (VALUE unquoted, may be empty); throws
/// UsageError naming `text` when it has no `=` or no key.
TagMatcher parse_tag_matcher(std::string_view text);

} // namespace pm::record
