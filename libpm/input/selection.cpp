// Which records a query wants.
#include "libpm/input/selection.hpp"

#include "libpm/util/strings.hpp"

#include <algorithm>

namespace pm::input {

bool Selection::selects_series(const record::Record& record) const {
  if (!metrics.empty() &&
      std::none_of(metrics.begin(), metrics.end(), [&](const std::string& g) { return util::glob_match(g, record.name); }))
    return false;
  return record::matches_all(tags, record.tags);
}

} // namespace pm::input
