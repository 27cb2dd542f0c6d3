// Renderers: the registry, the dashboard JSON shape, JUnit failures, CSV quoting, HTML charts.
#include "libpm/report/collect.hpp"
#include "libpm/report/health.hpp"
#include "libpm/report/renderers.hpp"

#include <catch2/catch.hpp>
#include <set>

using namespace pm;

namespace {

report::Report sample_report() {
  report::Collector c(report::CollectOptions{});
  record::Parser parser;
  for (int i = 0; i < 20; ++i) {
    std::string line = R"({"ts":)" + std::to_string(1795341600 + i) +
                       R"(,"name":"api.request.duration","value":)" + std::to_string(0.01 * (i + 1)) +
                       R"(,"unit":"seconds","tags":{"module":"db|x","status":")" + (i == 0 ? "500" : "200") + "\"}}";
    c.add(parser.parse(line).value_or_throw());
  }
  c.add(parser.parse(R"({"ts":1795341610,"kind":"anomaly","name":"api.request.duration","value":0.11,"tags":{"module":"db|x","status":"200"},"severity":"warning"})")
            .value_or_throw());
  auto r = c.finish(time::TimePoint{std::chrono::seconds(1795341700)});
  r.gates.push_back({"regression: a<b>", "regression", true, "a mean 1 -> 2 (+100.0%, allowed +5%)"});
  r.gates.push_back({"regression: ok", "regression", false, "fine"});
  report::assess_health(r);
  return r;
}

std::string render(std::string_view format, const report::Report& r) {
  std::string out;
  report::find_renderer(format)->render(r, report::RenderContext{}, out);
  return out;
}

} // namespace

TEST_CASE("render: one registry row per format, names unique") {
  std::set<std::string_view> names;
  for (const auto& row : report::renderers()) {
    CHECK(names.insert(row.name).second);
    CHECK((row.render != nullptr) != (row.exporter != nullptr)); // a summary format or an export
  }
  for (auto name : {"text", "json", "markdown", "html", "junit", "csv", "openmetrics", "prometheus", "influx"})
    CHECK(report::find_renderer(name) != nullptr);
  CHECK(report::find_renderer("yaml") == nullptr);
}

TEST_CASE("render: json has the keys of the module dashboard, in order") {
  auto r = sample_report();
  auto j = nlohmann::ordered_json::parse(render("json", r));
  std::vector<std::string> keys;
  for (auto it = j.begin(); it != j.end(); ++it)
    keys.push_back(it.key());
  CHECK(keys == std::vector<std::string>{"timestamp", "modules", "alerts", "summary", "metrics", "predictions",
                                         "anomalies", "recommendations", "health"});
  CHECK(j["timestamp"] == 1795341700.0);
  auto& db = j["modules"]["db|x"];
  CHECK(db["total_requests"] == 20);
  CHECK(db["total_errors"] == 1);
  CHECK(db["metrics"]["error_rate"] == 0.05);
  CHECK(db["metrics"]["latency_p50"] == Approx(0.10));
  CHECK(db["metrics"]["requests_per_second"] == Approx(20.0 / 19.0));
  CHECK(db["last_update"] == 1795341619.0);
  CHECK(j["summary"]["total_modules"] == 1);
  CHECK(j["health"]["overall_status"] == "unhealthy");
  CHECK(j["health"]["failed_gates"] == nlohmann::ordered_json::array({"regression: a<b>"}));
  CHECK(j["anomalies"].size() == 1);
}

TEST_CASE("render: junit has one testcase per gate and a failure for the failed one") {
  auto out = render("junit", sample_report());
  CHECK(out.find("<testsuites name=\"pm-report\" tests=\"2\" failures=\"1\"") != std::string::npos);
  CHECK(out.find("<testcase classname=\"pm-report.regression\" name=\"regression: a&lt;b&gt;\">") != std::string::npos);
  CHECK(out.find("<failure message=\"a mean 1 -&gt; 2 (+100.0%, allowed +5%)\"") != std::string::npos);
  CHECK(out.find("<testcase classname=\"pm-report.regression\" name=\"regression: ok\">\n      <system-out>fine</system-out>") != std::string::npos);
}

TEST_CASE("render: csv quotes fields with commas and quotes") {
  auto out = render("csv", sample_report());
  CHECK(out.rfind("series,name,tags,unit,bucket,count,", 0) == 0);
  CHECK(out.find("\"api.request.duration{module=\"\"db|x\"\",status=\"\"200\"\"}\"") != std::string::npos);
}

TEST_CASE("render: markdown escapes pipes in cells and names failed gates") {
  auto out = render("markdown", sample_report());
  CHECK(out.find("| db\\|x |") != std::string::npos);
  CHECK(out.find("❌ failed") != std::string::npos);
  CHECK(out.find("## pm-report: ❌ unhealthy") == 0);
  // text from the input is not markup: GitHub shows a<b> and *x* as written
  CHECK(out.find("| regression: a\\<b\\> | ❌ failed |") != std::string::npos);
  report::Report r = sample_report();
  r.gates.push_back({"*bold* _it_ [l](u) `c` &amp;", "fail-on", false, "ok"});
  CHECK(render("markdown", r).find("| \\*bold\\* \\_it\\_ \\[l\\](u) \\`c\\` \\&amp; | ✅ passed |") != std::string::npos);
}

TEST_CASE("render: html is self-contained with one SVG chart per series and anomaly markers") {
  auto out = render("html", sample_report());
  CHECK(out.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(out.find("<path class=\"series\" d=\"M") != std::string::npos);
  CHECK(out.find("class=\"anomaly\"") != std::string::npos);
  CHECK(out.find(" src=") == std::string::npos);
  CHECK(out.find(" href=") == std::string::npos);
  CHECK(out.find("url(") == std::string::npos);
  CHECK(out.find("regression: a&lt;b&gt;") != std::string::npos);
}

namespace {

/// A filling disk with its trend, a forecast path past its last sample, an anomaly and a
/// recommendation, as pm-predict writes them.
report::Report predicted_report() {
  report::Collector c(report::CollectOptions{});
  record::Parser parser;
  for (int i = 0; i < 30; ++i)
    c.add(parser.parse(R"({"ts":)" + std::to_string(1795341600 + 60 * i) +
                       R"(,"name":"fs.usage","value":)" + std::to_string(50 + i) +
                       R"(,"unit":"percent","tags":{"mount":"/var"}})")
              .value_or_throw());
  for (const char* line : {
           R"({"ts":1795343400,"kind":"forecast","name":"fs.usage","unit":"percent","tags":{"mount":"/var"},"value":81,"lower":79,"upper":83,"confidence":0.95,"model":"holt","horizon":"10m"})",
           R"({"ts":1795344000,"kind":"forecast","name":"fs.usage","unit":"percent","tags":{"mount":"/var"},"value":91,"lower":88,"upper":94,"confidence":0.95,"model":"holt","horizon":"20m"})",
           R"({"ts":1795343340,"kind":"trend","name":"fs.usage","unit":"percent","tags":{"mount":"/var"},"slope":60,"r2":0.99,"trend":"increasing","eta":"2026-11-22T07:16:00.000Z","eta_in":"16m"})",
           R"({"ts":1795342200,"kind":"anomaly","name":"fs.usage","tags":{"mount":"/var"},"value":60,"expected":[58,62],"z":5.5,"severity":"critical","method":"zscore"})",
           R"({"ts":1795343340,"kind":"recommendation","name":"fs.usage","tags":{"mount":"/var"},"severity":"warning","message":"/var fills in about 16m","eta":"2026-11-22T07:16:00.000Z"})"})
    c.add(parser.parse(line).value_or_throw());
  auto r = c.finish(time::TimePoint{std::chrono::seconds(1795343400)});
  report::assess_health(r);
  return r;
}

} // namespace

TEST_CASE("render: predictions, anomalies and recommendations in text, markdown and html") {
  auto r = predicted_report();
  CHECK(r.health.status == "degraded"); // the critical anomaly
  auto text = render("text", r);
  CHECK(text.find("fs.usage{mount=\"/var\"}  holt       20m  91.0%  95% 88.0%..94.0%  increasing +60.0%/h  "
                  "2026-11-22T07:16:00.000Z (in 16m)") != std::string::npos);
  CHECK(text.find("critical  fs.usage{mount=\"/var\"}  60.0%  58.0%..62.0%  +5.5  zscore") != std::string::npos);
  CHECK(text.find("  - [warning] /var fills in about 16m\n    fs.usage{mount=\"/var\"}: eta=2026-11-22T07:16:00.000Z")
        != std::string::npos);
  auto markdown = render("markdown", r);
  CHECK(markdown.find("| `fs.usage{mount=\"/var\"}` | holt | 20m | 91.0% | 95% 88.0%..94.0% | increasing +60.0%/h |")
        != std::string::npos);
  CHECK(markdown.find("- **warning**: /var fills in about 16m") != std::string::npos);
  auto html = render("html", r);
  CHECK(html.find("<path class=\"forecast-band\" d=\"M") != std::string::npos);
  CHECK(html.find("<path class=\"forecast\" d=\"M") != std::string::npos);
  CHECK(html.find("<circle class=\"anomaly\"") != std::string::npos);
  CHECK(html.find("<table class=\"predictions\">") != std::string::npos);
}

TEST_CASE("render: html draws no band for a series without a forecast") {
  auto html = render("html", sample_report());
  CHECK(html.find("forecast-band") == std::string::npos);
}

TEST_CASE("render: text names failed gates and has no colour when not asked") {
  auto out = render("text", sample_report());
  CHECK(out.find("FAIL  regression: a<b>") != std::string::npos);
  CHECK(out.find('\033') == std::string::npos);
  std::string coloured;
  report::render_text(sample_report(), report::RenderContext{true, true}, coloured);
  CHECK(coloured.find("\033[31;1mFAIL\033[0m") != std::string::npos);
  CHECK(coloured.find("▁") != std::string::npos); // sparklines on a terminal
}
