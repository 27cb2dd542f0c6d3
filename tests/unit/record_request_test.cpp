// The request contract: what a failed request is (every accepted spelling) and its component.
#include "libpm/record/request.hpp"

#include <catch2/catch.hpp>

using pm::record::Record;

namespace {

Record request(pm::record::Tags tags) {
  Record r = pm::record::sample(pm::time::TimePoint{}, std::string(pm::record::k_request_metric), 0.1, "seconds");
  for (auto& [k, v] : tags)
    r.set_tag(k, v);
  return r;
}

} // namespace

TEST_CASE("a request fails by a status of 500 or more", "[record]") {
  CHECK(is_failed_request(request({{"status", "500"}})));
  CHECK(is_failed_request(request({{"status", "503"}})));
  CHECK(is_failed_request(request({{"status", "599"}})));
  CHECK_FALSE(is_failed_request(request({{"status", "499"}})));
  CHECK_FALSE(is_failed_request(request({{"status", "404"}})));
  CHECK_FALSE(is_failed_request(request({{"status", "200"}})));
  // Not an integer: not a failure by status.
  CHECK_FALSE(is_failed_request(request({{"status", "5xx"}})));
  CHECK_FALSE(is_failed_request(request({{"status", ""}})));
  CHECK_FALSE(is_failed_request(request({})));
}

TEST_CASE("a request fails by its error tag saying yes, in any case", "[record]") {
  for (const char* yes : {"true", "TRUE", "True", "yes", "YES", "Yes", "1"})
    CHECK(is_failed_request(request({{"error", yes}})));
  for (const char* no : {"false", "FALSE", "no", "0", "", "maybe", "2", "y"})
    CHECK_FALSE(is_failed_request(request({{"error", no}})));
}

TEST_CASE("a request fails by its success tag saying no, in any case", "[record]") {
  for (const char* no : {"false", "FALSE", "False", "no", "NO", "No", "0"})
    CHECK(is_failed_request(request({{"success", no}})));
  for (const char* yes : {"true", "TRUE", "yes", "1", "", "maybe", "n"})
    CHECK_FALSE(is_failed_request(request({{"success", yes}})));
}

TEST_CASE("any one failing sign makes a request failed", "[record]") {
  CHECK(is_failed_request(request({{"status", "200"}, {"error", "yes"}})));
  CHECK(is_failed_request(request({{"status", "502"}, {"success", "true"}})));
  CHECK_FALSE(is_failed_request(request({{"status", "200"}, {"error", "no"}, {"success", "yes"}})));
}

TEST_CASE("the tags that say how a request ended", "[record]") {
  CHECK(pm::record::is_outcome_tag("status"));
  CHECK(pm::record::is_outcome_tag("error"));
  CHECK(pm::record::is_outcome_tag("success"));
  CHECK_FALSE(pm::record::is_outcome_tag("module"));
  CHECK_FALSE(pm::record::is_outcome_tag("Status"));
}

TEST_CASE("a request's component is module, else endpoint, unless a tag is named", "[record]") {
  CHECK(component_of(request({{"module", "db"}, {"endpoint", "/u"}})) == "db");
  CHECK(component_of(request({{"endpoint", "/u"}})) == "/u");
  CHECK(component_of(request({})).empty());
  CHECK(component_of(request({{"module", "db"}, {"host", "a"}}), "host") == "a");
  // A named tag is the only one asked: no fallback to module or endpoint.
  CHECK(component_of(request({{"module", "db"}}), "host").empty());
}
