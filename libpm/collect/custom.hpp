// pm-sample --value NAME=NUMBER: custom metrics given on the command line.
#pragma once

#include "libpm/record/record.hpp"
#include "libpm/time/time.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace pm::collect {

struct CustomValue {
  std::string name;
  double value = 0;
};

/// Parses `NAME=NUMBER`: NAME a valid metric name (pm(7) THE RECORD), NUMBER a finite decimal
/// (`42`, `-1.5`, `2e3`). Throws UsageError naming the argument and what is wrong.
CustomValue parse_custom_value(std::string_view text);

/// One record per value, in order, stamped `now`, without unit or tags (--tag adds them).
std::vector<record::Record> custom_records(const std::vector<CustomValue>& values, time::TimePoint now);

} // namespace pm::collect
