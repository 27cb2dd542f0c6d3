// Tag matchers: a glob or exact value against a tag, an absent tag counting as "".
#include "libpm/record/tag_matcher.hpp"

#include "libpm/util/strings.hpp"

namespace pm::record {

bool TagMatcher::matches(const Tags& tags) const {
  return util::glob_match(value, tag_value(tags, key)) != negated;
}

std::string TagMatcher::text() const {
  std::string out = key;
  out += negated ? "!=" : "=";
  util::append_json_string(out, value);
  return out;
}

bool matches_all(const std::vector<TagMatcher>& matchers, const Tags& tags) {
  for (const auto& matcher : matchers)
    if (!matcher.matches(tags))
      return false;
  return true;
}

TagMatcher parse_tag_matcher(std::string_view text) {
  TagMatcher matcher;
  std::size_t eq = text.find('=');
  if (eq == std::string_view::npos || eq == 0 || (eq == 1 && text[0] == '!'))
    throw UsageError("invalid tag filter " + util::quote(text) + ": expected KEY=VALUE or KEY!=VALUE");
  std::size_t key_end = eq;
  if (text[eq - 1] == '!') {
    matcher.negated = true;
    key_end = eq - 1;
  }
  matcher.key = std::string(text.substr(0, key_end));
  matcher.value = std::string(text.substr(eq + 1));
  return matcher;
}

} // namespace pm::record
