// Failed requests and components: the one definition every tool asks.
#include "libpm/record/request.hpp"

#include "libpm/util/strings.hpp"

namespace pm::record {

bool is_true_spelling(std::string_view text) {
  return text == "1" || util::iequals(text, "true") || util::iequals(text, "yes");
}

bool is_false_spelling(std::string_view text) {
  return text == "0" || util::iequals(text, "false") || util::iequals(text, "no");
}

bool is_failed_request(const Record& record) {
  for (const auto& [key, value] : record.tags) {
    if (key == "status") {
      if (auto code = util::parse_integer(value); code && *code >= 500)
        return true;
    } else if (key == "error") {
      if (is_true_spelling(value))
        return true;
    } else if (key == "success") {
      if (is_false_spelling(value))
        return true;
    }
  }
  return false;
}

bool is_outcome_tag(std::string_view key) { return key == "status" || key == "error" || key == "success"; }

std::string_view component_of(const Tags& tags, std::string_view group_by) {
  if (!group_by.empty())
    return tag_value(tags, group_by);
  auto module = tag_value(tags, "module");
  return module.empty() ? tag_value(tags, "endpoint") : module;
}

} // namespace pm::record
