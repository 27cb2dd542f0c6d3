// Which records a query wants.
#include "libpm/input/selection.hpp"

#include "libpm/util/strings.hpp"

#include <algorithm>

namespace pm::input {

TagFilter parse_tag_filter(std::string_view text) {
  TagFilter filter;
  std::size_t eq = text.find('=');
  if (eq == std::string_view::npos || eq == 0 || (eq == 1 && text[0] == '!'))
    throw UsageError("invalid tag filter " + util::quote(text) + ": expected KEY=VALUE or KEY!=VALUE");
  std::size_t key_end = eq;
  if (text[eq - 1] == '!') {
    filter.negated = true;
    key_end = eq - 1;
  }
  filter.key = std::string(text.substr(0, key_end));
  filter.value = std::string(text.substr(eq + 1));
  return filter;
}

bool Selection::selects_series(const record::Record& record) const {
  if (!metrics.empty() &&
      std::none_of(metrics.begin(), metrics.end(), [&](const std::string& g) { return util::glob_match(g, record.name); }))
    return false;
  for (const auto& filter : tags) {
    bool present = record.has_tag(filter.key);
    bool equal = present && util::glob_match(filter.value, record.tag(filter.key));
    if (filter.negated == equal)
      return false;
  }
  return true;
}

} // namespace pm::input
