// Fuzz target: a --rules file, JSON (a list or the original module's dictionary) or the rule
// language one rule per line, chosen as load_rules_file chooses. Every rule read must have
// a canonical form that reads back as itself.
#include "tests/fuzz/fuzz.hpp"

#include "libpm/alert/rule.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pm;
  std::string_view text = fuzz::text_of(data, size);
  std::size_t first = text.find_first_not_of(" \t\r\n");
  bool json = first != std::string_view::npos && (text[first] == '[' || text[first] == '{');
  std::vector<alert::Rule> rules;
  try {
    rules = json ? alert::parse_rules_json(text, "rules.json") : alert::parse_rules_text(text, "rules");
    alert::check_unique_names(rules);
  } catch (const UsageError& e) {
    PM_FUZZ_CHECK(std::string_view(e.what()).starts_with("rules"), e.what());
    return 0;
  }
  PM_FUZZ_CHECK(rules.size() <= alert::k_rules_limit.fallback, std::to_string(rules.size()));
  for (const auto& rule : rules) {
    std::string canonical = rule.canonical();
    std::string again;
    try {
      again = alert::parse_rule(canonical, "rule").canonical();
    } catch (const UsageError& e) {
      fuzz::fail(__FILE__, __LINE__, "the canonical form reads back", canonical + "\n  " + e.what());
    }
    PM_FUZZ_CHECK(again == canonical, canonical + "\n  read back as " + again);
  }
  return 0;
}
