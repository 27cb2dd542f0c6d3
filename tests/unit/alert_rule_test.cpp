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
  // Control characters in a label value are written as JSON escapes and read back as such
  // (a fuzz finding: "\r" came back as "r").
  Rule controls = parse_rule(std::string("c: x{a=\"p\rq\bs\ft\x01\"} > 1"), "--rule");
  REQUIRE(controls.selector.labels.size() == 1);
  CHECK(controls.selector.labels[0].value == "p\rq\bs\ft\x01");
  CHECK(controls.canonical() == "c: x{a=\"p\\rq\\u0008s\\u000ct\\u0001\"} > 1 severity=warning");
  CHECK(parse_rule(controls.canonical(), "--rule").selector.labels[0].value == "p\rq\bs\ft\x01");
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
                    "r.json: rule \"x\": \"threshold\" must be a number, or a number with a unit such as \"500ms\"");
  // A threshold with a unit of the one table is in base units, as a rule expression's is.
  auto slow = parse_rules_json(R"({"slow": {"metric": "api.request.duration", "threshold": "500ms", "critical": "1.5s"}})",
                               "rules.json");
  REQUIRE(slow.size() == 1);
  CHECK(slow[0].canonical() == "slow: api.request.duration > 0.5 severity=warning critical=1.5");
  CHECK(parse_rule("big: mem.rss > 512MiB", "test").levels.front().condition.threshold == 536870912);
}

TEST_CASE("a list of rule objects and expressions reads", "[alert]") {
  auto rules = parse_rules_json(R"(["a: x > 1", {"name": "b", "metric": "y", "aggregate": "avg", "window": "1m",
    "threshold": 3, "condition": "below", "tags": {"host": "h1"}}])", "r.json");
  REQUIRE(rules.size() == 2);
  CHECK(rules[1].canonical() == "b: avg(y{host=\"h1\"}) over 1m < 3 severity=warning");
}

TEST_CASE("the defaults cover pm-alert(1)'s Default rules", "[alert]") {
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

TEST_CASE("anomaly() rules read with and without a method", "[alert]") {
  Rule r = parse_rule("anom: anomaly(api.request.duration{module=\"db\"}) > 0.99 for 5m severity=warning", "--rule");
  CHECK(r.name == "anom");
  CHECK(r.aggregate == Aggregate::anomaly);
  CHECK(r.anomaly_method == pm::predict::AnomalyMethod::automatic);
  CHECK(r.selector.metric == "api.request.duration");
  REQUIRE(r.selector.labels.size() == 1);
  CHECK(r.selector.labels[0].value == "db");
  CHECK(r.window.count() == 0);
  CHECK(r.for_duration == std::chrono::minutes(5));
  REQUIRE(r.levels.size() == 1);
  CHECK(r.levels[0].condition.threshold == 0.99);
  CHECK(r.canonical() == "anom: anomaly(api.request.duration{module=\"db\"}) > 0.99 for 5m severity=warning");
  CHECK(r.anomaly_settings().method == pm::predict::AnomalyMethod::automatic);

  Rule robust = parse_rule("anomaly( x , method = robust ) >= 0.9 critical=0.999 clear=0.5", "--rule");
  CHECK(robust.name == "anomaly_x"); // named after its function and metric, as aggregates are
  CHECK(robust.anomaly_method == pm::predict::AnomalyMethod::robust);
  CHECK(robust.anomaly_settings().method == pm::predict::AnomalyMethod::robust);
  CHECK(robust.levels.size() == 2);
  CHECK(robust.canonical() == "anomaly_x: anomaly(x, method=robust) >= 0.9 severity=warning critical=0.999 clear=0.5");
  CHECK(parse_rule(robust.canonical(), "--rule").canonical() == robust.canonical());
  // The method is part of the rule's identity (its canonical text keys the saved state).
  CHECK(parse_rule("a: anomaly(x, method=zscore) > 0.9", "r").canonical() !=
        parse_rule("a: anomaly(x) > 0.9", "r").canonical());
}

TEST_CASE("a bad anomaly() rule says what is wrong where", "[alert]") {
  auto error_of = [](const std::string& text) -> std::string {
    try {
      parse_rule(text, "--rule");
    } catch (const pm::UsageError& e) {
      return e.what();
    }
    return "no error";
  };
  CHECK(error_of("a: anomaly(x) over 5m > 0.9") ==
        "--rule 1:15: anomaly() scores each point against the points before it: it takes no \"over\" window");
  CHECK(error_of("a: anomaly(x) by (host) > 0.9") == "--rule 1:15: anomaly() scores each series on its own: it takes no \"by\"");
  CHECK(error_of("a: anomaly(x, window=5) > 0.9") == "--rule 1:15: unknown anomaly() option \"window\": expected method=");
  CHECK(error_of("a: anomaly(x, robust) > 0.9") == "--rule 1:15: expected method=METHOD after \",\", got \"robust\"");
  CHECK(error_of("a: anomaly(x, method) > 0.9") == "--rule 1:21: expected \"=\" after \"method\", got \")\"");
  CHECK_THAT(error_of("a: anomaly(x, method=magic) > 0.9"),
             Catch::StartsWith("--rule 1:22: unknown anomaly method \"magic\": expected ") &&
                 Catch::Contains("robust") && Catch::Contains("auto"));
  CHECK(error_of("a: anomaly(x > 0.9") == "--rule 1:14: expected \")\" or \", method=METHOD\" after the selector, got \">\"");
  CHECK(error_of("a: anomaly(x)") == "--rule 1:14: expected a comparison operator (> < >= <= == !=), got end of rule");
  CHECK(error_of("a: anomaly() > 1") == "--rule 1:12: expected a metric name, got \")\"");
  CHECK_THAT(error_of("a: anomoly(x) > 1"), Catch::Contains("unknown aggregate \"anomoly\"") && Catch::Contains("anomaly"));
}

TEST_CASE("a bad anomaly() rule in a rules file names its line", "[alert]") {
  std::string text = "# rules\n"
                     "anom: anomaly(api.request.duration) > 0.99 for 5m severity=warning\n"
                     "\n"
                     "bad: anomaly(api.request.duration) over 5m > 0.99\n";
  CHECK_THROWS_WITH(parse_rules_text(text, "rules"),
                    "rules:4:36: anomaly() scores each point against the points before it: it takes no \"over\" window");
  auto rules = parse_rules_text(text.substr(0, text.find("bad:")), "rules");
  REQUIRE(rules.size() == 1);
  CHECK(rules[0].aggregate == Aggregate::anomaly);
}

TEST_CASE("JSON rules say anomaly as their aggregate", "[alert]") {
  auto rules = parse_rules_json(R"([{"name": "anom", "metric": "api.request.duration", "tags": {"module": "db"},
    "aggregate": "anomaly", "threshold": 0.99, "for": "5m", "severity": "warning"},
    {"name": "r", "metric": "y", "aggregate": "anomaly", "method": "robust", "threshold": 0.9}])", "r.json");
  REQUIRE(rules.size() == 2);
  CHECK(rules[0].canonical() == "anom: anomaly(api.request.duration{module=\"db\"}) > 0.99 for 5m severity=warning");
  CHECK(rules[1].anomaly_method == pm::predict::AnomalyMethod::robust);
  CHECK_THROWS_WITH(parse_rules_json(R"([{"name": "a", "metric": "y", "aggregate": "avg", "window": "1m",
    "method": "robust", "threshold": 1}])", "r.json"),
                    "r.json: rule \"a\": \"method\" applies only to \"aggregate\": \"anomaly\"");
  CHECK_THROWS_WITH(parse_rules_json(R"({"a": {"metric": "y", "aggregate": "anomaly", "window": "5m", "threshold": 1}})",
                                     "r.json"),
                    "r.json: rule \"a\": anomaly() scores each point against the points before it: it takes no \"window\"");
  CHECK_THROWS_WITH(parse_rules_json(R"({"a": {"metric": "y", "aggregate": "anomaly", "method": "magic", "threshold": 1}})",
                                     "r.json"),
                    Catch::StartsWith("r.json: rule \"a\" (read as \"a: anomaly(y, method=magic) > 1\") 1:22: unknown "
                                      "anomaly method \"magic\""));
}
