// pm-sample --scrape URL: a Prometheus text endpoint (plain HTTP) turned into records.
#include "libpm/collect/scrape.hpp"

#include "libpm/cli/setting.hpp"

#include "libpm/format/prometheus.hpp"
#include "libpm/util/error.hpp"
#include "libpm/util/strings.hpp"

#include <chrono>

namespace pm::collect {

namespace {

record::Record scrape_record(const ScrapeTarget& target, std::string_view name, double value, std::string_view unit,
                             time::TimePoint now) {
  record::Record record = record::sample(now, std::string(name), value, std::string(unit));
  record.set_tag("instance", target.url.authority);
  return record;
}

bool is_openmetrics(std::string_view content_type) {
  std::string lower(content_type.substr(0, content_type.find(';')));
  for (char& c : lower)
    c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return util::trim(lower) == "application/openmetrics-text";
}

} // namespace

ScrapeTarget parse_scrape_target(std::string_view text) {
  auto url = util::parse_http_url(text);
  if (!url)
    throw UsageError("--scrape: " + url.error());
  return ScrapeTarget{std::string(text), std::move(*url), cli::resolve_limit(util::k_body_limit)};
}

std::vector<record::Record> exposition_records(std::string_view body, bool openmetrics, const ScrapeTarget& target,
                                               time::TimePoint now, util::Diagnostics& diagnostics) {
  std::vector<record::Record> records;
  format::PrometheusParser parser(openmetrics ? format::PrometheusFlavour::openmetrics : format::PrometheusFlavour::text);
  format::parse_lines(body, parser, target.text, diagnostics, [&](record::Record& record) {
    record::stamp_if_missing(record, now);
    if (!record.has_tag("instance"))
      record.set_tag("instance", target.url.authority);
    records.push_back(std::move(record));
  });
  return records;
}

ScrapeResult scrape(const ScrapeTarget& target, time::Duration timeout, time::TimePoint now,
                    util::Diagnostics& diagnostics) {
  ScrapeResult result;
  const auto start = std::chrono::steady_clock::now();
  auto response = util::http_get(target.url, start + timeout, util::BodyMode::read, target.max_body);
  const double duration = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!response) {
    result.error = response.error();
  } else if (response->status < 200 || response->status > 299) {
    result.error = "HTTP " + std::to_string(response->status) +
                   (response->reason.empty() ? std::string() : " " + response->reason);
  } else {
    result.ok = true;
    result.records =
        exposition_records(response->body, is_openmetrics(response->header("content-type")), target, now, diagnostics);
  }
  const std::size_t samples = result.records.size();
  result.records.push_back(scrape_record(target, "scrape.up", result.ok ? 1 : 0, "", now));
  result.records.push_back(scrape_record(target, "scrape.duration", duration, "seconds", now));
  if (result.ok)
    result.records.push_back(scrape_record(target, "scrape.samples", static_cast<double>(samples), "count", now));
  return result;
}

} // namespace pm::collect
