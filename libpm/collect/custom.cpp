// pm-sample --value NAME=NUMBER: custom metrics given on the command line.
#include "libpm/collect/custom.hpp"

#include "libpm/util/error.hpp"
#include "libpm/util/strings.hpp"

namespace pm::collect {

CustomValue parse_custom_value(std::string_view text) {
  const std::size_t equals = text.find('=');
  if (equals == std::string_view::npos)
    throw UsageError("--value wants NAME=NUMBER, got " + util::quote(text));
  CustomValue value;
  value.name = std::string(text.substr(0, equals));
  if (auto valid = record::validate_name(value.name); !valid)
    throw UsageError("--value " + util::quote(text) + ": " + valid.error());
  std::string_view number = text.substr(equals + 1);
  auto parsed = util::parse_number(number);
  if (!parsed)
    throw UsageError("--value " + value.name + ": " + util::quote(number) + " is not a finite number");
  value.value = *parsed;
  return value;
}

std::vector<record::Record> custom_records(const std::vector<CustomValue>& values, time::TimePoint now) {
  std::vector<record::Record> records;
  records.reserve(values.size());
  for (const CustomValue& value : values)
    records.push_back(record::sample(now, value.name, value.value));
  return records;
}

} // namespace pm::collect
