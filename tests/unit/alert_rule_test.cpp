// Unit tests of the alert rule grammar: parsing, canonical text, ranges, JSON rules files, defaults.
#include "libpm/alert/rule.hpp"
#include "libpm/util/error.hpp"

#include <catch2/catch.hpp>
#include <cmath>

using namespace pm::alert;

TEST_CASE("a full rule expression parses into its parts", "[alert]") {
  Rule r = parse_rule("db_slow: p95(api.request.duration{module=\"database\",method!=\"GET\"}) over 5m > 0.5 for 2m "
                      "severity=warning critical=1 clear=0.4 repeat=1h",
                      "--rule");
  CHECK(r.name == "db_slow");
  CHECK(r.aggregate == Aggregate::p95);
  CHECK(r.selector.metric == "api.request.duration");
  REQUIRE(r.selector.labels.size() == 2);
  CHECK(r.selector.labels[1].negated);
  CHECK(r.window == std::chrono::minutes(5));
  CHECK(r.for_duration == std::chrono::minutes(2));
  REQUIRE(r.levels.size() == 2);
  CHECK(r.levels[1].severity == pm::record::Severity::critical);
  CHECK(r.levels[1].condition.threshold == 1);
  CHECK(*r.clear == 0.4);
  CHECK(r.repeat == std::chrono::hours(1));
}

TEST_CASE("the canonical text reads back as the same rule", "[alert]") {
  for (const char* text : {"high_cpu: system.cpu.usage > 80 for 5m severity=warning",
                           "e: error_rate(api.request.duration) by (module) over 5m > 0.05 severity=warning critical=0.1",
                           "stale: absent(system.cpu.usage) for 10m severity=critical",
                           "r: system.load.1 outside 0:4 severity=warning critical=0:8 on_missing=unknown stale_after=2m",
                           "m: x{a=\"b c\"} <= -3 severity=info message=\"{name} is low: {value}\" flapping=off"}) {
    Rule r = parse_rule(text, "--rule");
    CHECK(parse_rule(r.canonical(), "--rule").canonical() == r.canonical());
  }
  CHECK(parse_rule("high_cpu: system.cpu.usage > 80 for 5m", "x").canonical() ==
        "high_cpu: system.cpu.usage > 80 for 5m severity=warning");
}

TEST_CASE("a bad rule names the column and what was expected", "[alert]") {
  try {
    parse_rule("high_cpu: system.cpu.usage 80", "--rule");
    FAIL("no error");
  } catch (const pm::UsageError& e) {
    CHECK(std::string(e.what()) == "--rule 1:28: expected a comparison operator (> < >= <= == !=), got \"80\"");
  }
}

TEST_CASE("Monitoring Plugins ranges alert outside, or inside with @", "[alert]") {
  Condition c;
  c.op = Op::outside;
  c.range = parse_range("10");
  CHECK(c.holds(11));
  CHECK(c.holds(-1));
  CHECK_FALSE(c.holds(10));
  c.range = parse_range("10:");
  CHECK(c.holds(9.9));
  CHECK_FALSE(c.holds(1e9));
  c.range = parse_range("~:10");
  CHECK(c.holds(10.1));
  CHECK_FALSE(c.holds(-1e9));
  c.range = parse_range("10:20");
  CHECK(c.holds(9));
  CHECK(c.holds(21));
  CHECK_FALSE(c.holds(15));
  Range at = parse_range("@10:20");
  CHECK(at.inside);
  c.op = Op::inside;
  c.range = at;
  CHECK(c.holds(10));
  CHECK(c.holds(20));
  CHECK_FALSE(c.holds(21));
  CHECK_THROWS_AS(parse_range("20:10"), pm::UsageError);
  CHECK_THROWS_AS(parse_range("a:b"), pm::UsageError);
}

TEST_CASE("the original module's dictionary form reads", "[alert]") {
  auto rules = parse_rules_json(R"({"high_cpu": {"metric": "system.cpu.usage", "threshold": 80, "severity": "warning",
    "condition": "above", "duration": 120}, "low_mem": {"metric": "system.memory.free", "threshold": 5,
    "condition": "below", "enabled": false}})", "rules.json");
  REQUIRE(rules.size() == 1);
  CHECK(rules[0].canonical() == "high_cpu: system.cpu.usage > 80 for 2m severity=warning");
  CHECK_THROWS_WITH(parse_rules_json(R"({"x": {"metric": "a", "threshold": "high"}})", "r.json"),
                    "r.json: rule \"x\": \"threshold\" must be a number");
}

TEST_CASE("a list of rule objects and expressions reads", "[alert]") {
  auto rules = parse_rules_json(R"(["a: x > 1", {"name": "b", "metric": "y", "aggregate": "avg", "window": "1m",
    "threshold": 3, "condition": "below", "tags": {"host": "h1"}}])", "r.json");
  REQUIRE(rules.size() == 2);
  CHECK(rules[1].canonical() == "b: avg(y{host=\"h1\"}) over 1m < 3 severity=warning");
}

TEST_CASE("the defaults cover DESIGN's table", "[alert]") {
  auto rules = default_rules();
  REQUIRE(rules.size() == 7);
  CHECK(rules[3].name == "latency_p95");
  CHECK(rules[3].levels.size() == 2);
  CHECK(rules[6].aggregate == Aggregate::rate);
}

TEST_CASE("the plugin form builds warning and critical ranges", "[alert]") {
  Rule r = plugin_rule("system.cpu.usage", "80", "@90:95");
  REQUIRE(r.levels.size() == 2);
  CHECK(r.levels[0].condition.op == Op::outside);
  CHECK(r.levels[1].condition.op == Op::inside);
  CHECK(r.levels[1].condition.plugin_text() == "@90:95");
  CHECK_THROWS_AS(plugin_rule("m", "", ""), pm::UsageError);
}
