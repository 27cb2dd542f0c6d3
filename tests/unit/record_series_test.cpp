// The series key and its text: one form for reports, alert messages, hooks and diagnostics.
#include "libpm/record/record.hpp"

#include <catch2/catch.hpp>

using pm::record::Record;
using pm::record::series_key;

TEST_CASE("a series key is the name, then the tags as key=\"value\" in braces", "[record]") {
  CHECK(series_key("system.cpu.usage", {}) == "system.cpu.usage");
  CHECK(series_key("api.request.duration", {{"method", "GET"}, {"module", "db"}}) ==
        R"(api.request.duration{method="GET",module="db"})");
  CHECK(series_key("a", {{"k", ""}}) == R"(a{k=""})");
}

TEST_CASE("tag values in a series key are JSON-quoted, so the key reads back unambiguously", "[record]") {
  CHECK(series_key("a", {{"path", R"(/x "y"\z)"}}) == R"(a{path="/x \"y\"\\z"})");
  CHECK(series_key("a", {{"k", "a,b=c}"}}) == R"(a{k="a,b=c}"})");
  CHECK(series_key("a", {{"k", "line\nbreak"}}) == R"(a{k="line\nbreak"})");
}

TEST_CASE("a record's series key is the free function's, whatever else it carries", "[record]") {
  Record r = pm::record::sample(pm::time::TimePoint{}, "api.request.duration", 0.5, "seconds");
  r.set_tag("module", "db");
  r.set_tag("endpoint", "/u");
  r.kind = "alert";
  r.extra = R"("rule":"slow")";
  CHECK(r.series_key() == series_key(r.name, r.tags));
  CHECK(r.series_key() == R"(api.request.duration{endpoint="/u",module="db"})"); // tags sorted by set_tag
}

TEST_CASE("tag_value finds a tag or gives empty text", "[record]") {
  pm::record::Tags tags{{"a", "1"}, {"b", ""}};
  CHECK(pm::record::tag_value(tags, "a") == "1");
  CHECK(pm::record::tag_value(tags, "b").empty());
  CHECK(pm::record::tag_value(tags, "c").empty());
  CHECK(pm::record::tag_value({}, "a").empty());
}
