// Tag matching: `--tag KEY=VALUE` and a rule's `{key="value"}` are one matcher, every edge.
#include "libpm/alert/rule.hpp"
#include "libpm/input/selection.hpp"
#include "libpm/record/tag_matcher.hpp"

#include <catch2/catch.hpp>

using pm::record::parse_tag_matcher;
using pm::record::TagMatcher;
using pm::record::Tags;

namespace {

const Tags k_web{{"env", "prod"}, {"host", "web-1"}, {"note", ""}};

bool matches(const char* text, const Tags& tags = k_web) { return parse_tag_matcher(text).matches(tags); }

} // namespace

TEST_CASE("KEY=VALUE matches the tag's exact value, KEY!=VALUE any other", "[record]") {
  CHECK(matches("host=web-1"));
  CHECK_FALSE(matches("host=web-2"));
  CHECK_FALSE(matches("host=WEB-1")); // values are case-sensitive
  CHECK_FALSE(matches("host=web"));   // whole value, not a prefix
  CHECK(matches("host!=web-2"));
  CHECK_FALSE(matches("host!=web-1"));
}

TEST_CASE("a VALUE with * ? or [...] is a shell glob", "[record]") {
  CHECK(matches("host=web-*"));
  CHECK(matches("host=web-?"));
  CHECK(matches("host=web-[0-9]"));
  CHECK_FALSE(matches("host=db-*"));
  CHECK(matches("host!=db-*"));
  CHECK_FALSE(matches("host!=web-*"));
}

TEST_CASE("a record without the tag has it as empty text, as in Prometheus", "[record]") {
  CHECK_FALSE(matches("region=eu"));
  CHECK(matches("region!=eu")); // selects records without the tag
  CHECK(matches("region="));    // the tag is absent or empty
  CHECK(matches("note="));
  CHECK_FALSE(matches("host="));
  CHECK(matches("host!="));     // the tag with a value
  CHECK_FALSE(matches("region!="));
  CHECK_FALSE(matches("note!="));
  CHECK(matches("region=*"));   // * matches the empty text too
}

TEST_CASE("the --tag form needs a key and = or !=; the value may hold = and be empty", "[record]") {
  for (const char* bad : {"novalue", "=x", "!=x", "", "!"}) {
    INFO("tag filter \"" << bad << "\"");
    CHECK_THROWS_AS(parse_tag_matcher(bad), pm::UsageError);
  }
  TagMatcher m = parse_tag_matcher("status!=200");
  CHECK(m.key == "status");
  CHECK(m.value == "200");
  CHECK(m.negated);
  m = parse_tag_matcher("q=a=b");
  CHECK(m.key == "q");
  CHECK(m.value == "a=b");
  CHECK_FALSE(m.negated);
  CHECK(parse_tag_matcher("k=").value.empty());
  CHECK(parse_tag_matcher("a!b=c").key == "a!b"); // only != right before = negates
  CHECK_FALSE(parse_tag_matcher("a!b=c").negated);
}

TEST_CASE("all matchers must hold, none holds always", "[record]") {
  CHECK(pm::record::matches_all({}, k_web));
  CHECK(pm::record::matches_all({parse_tag_matcher("host=web-*"), parse_tag_matcher("env!=dev")}, k_web));
  CHECK_FALSE(pm::record::matches_all({parse_tag_matcher("host=web-*"), parse_tag_matcher("env=dev")}, k_web));
}

TEST_CASE("a matcher shows as a rule writes it", "[record]") {
  CHECK(parse_tag_matcher("module=db").text() == R"(module="db")");
  CHECK(parse_tag_matcher(R"(path!=/a"b)").text() == R"(path!="/a\"b")");
}

TEST_CASE("--tag and a rule's selector answer alike on the same records", "[record]") {
  // The same matcher behind both: each pair of spellings selects the same records.
  const std::vector<std::pair<const char*, const char*>> pairs{
      {"host=web-1", R"(m{host="web-1"})"}, {"host=web-*", R"(m{host="web-*"})"}, {"host!=web-1", R"(m{host!="web-1"})"},
      {"region=", R"(m{region=""})"},       {"region!=eu", R"(m{region!="eu"})"}, {"host!=", R"(m{host!=""})"},
  };
  const std::vector<Tags> records{k_web, {{"host", "db-1"}}, {}, {{"region", "eu"}}};
  for (const auto& [flag, rule] : pairs) {
    pm::input::Selection selection;
    selection.tags = {parse_tag_matcher(flag)};
    pm::alert::Rule parsed = pm::alert::parse_rule(std::string(rule) + " > 1", "test");
    for (const auto& tags : records) {
      pm::record::Record r = pm::record::sample(pm::time::TimePoint{}, "m", 2);
      r.tags = tags;
      INFO(flag << " vs " << rule << " on " << r.series_key());
      CHECK(selection.selects_series(r) == parsed.selector.matches(r));
    }
  }
}
