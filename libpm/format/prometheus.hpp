// Parser of the Prometheus text exposition format 0.0.4 and OpenMetrics 1.0 text.
#pragma once

#include "libpm/format/format.hpp"
#include "libpm/format/text.hpp"

#include <string>
#include <unordered_map>

namespace pm::format {

/// Which timestamps the exposition carries: `text` integer milliseconds (format 0.0.4),
/// `openmetrics` seconds with an optional fraction, `guess` (a detected format) decides by
/// the form of each timestamp (see ParserOptions::prometheus_guess_timestamps).
enum class PrometheusFlavour { text, openmetrics, guess };

/// Reads an exposition line by line. Each sample becomes one record: the sample name (as
/// written: `x_bucket`, `x_sum`, `x_count`, `x_total` for histograms, summaries and
/// counters), labels as tags (`\\`, `\"`, `\n` unescaped; `le` and `quantile` kept as
/// tags), the family's `# UNIT` as unit, the family's `# TYPE` as an extra `type` member,
/// and the sample's timestamp when it has one. `# HELP` is checked but not stored (it
/// would repeat on every record). Exemplars (` # {...}`) are ignored. Sample values NaN and
/// ±Inf are valid Prometheus but not a record value: they are skipped and counted in
/// notes(). A label `le="+Inf"` is an ordinary tag. With OpenMetrics, `# EOF` must end the
/// input: text after it is an error, and so is its absence (reported by finish()).
class PrometheusParser final : public LineParser {
public:
  explicit PrometheusParser(PrometheusFlavour flavour) : m_flavour(flavour) {}

  bool parse_valid_line(std::string_view line, const RecordCallback& on_record, std::string& error) override;
  bool finish(const RecordCallback& on_record, std::string& error) override;

private:
  struct Family {
    std::string type;
    std::string unit;
    std::string extra; ///< `"type":"counter"`, ready for Record::extra
  };
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  bool parse_comment(std::string_view line, std::string& error);
  bool parse_sample(std::string_view line, const RecordCallback& on_record, std::string& error);
  bool parse_labels(std::string_view& rest, std::string& error);
  bool parse_time(std::string_view token, std::string& error);
  const Family* family_of(std::string_view name);

  PrometheusFlavour m_flavour;
  bool m_seen_content = false;
  bool m_eof = false;
  std::unordered_map<std::string, Family, Hash, std::equal_to<>> m_families;
  std::string m_cached_name; ///< the sample name family_of answered last
  const Family* m_cached_family = nullptr;
  detail::TagBuilder m_tags;
  record::Record m_record;
};

} // namespace pm::format
