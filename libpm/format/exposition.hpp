// Writers of records as Prometheus exposition text and OpenMetrics (pm-report's exports).
#pragma once

#include "libpm/record/record.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace pm::format {

/// How a pm unit appears in a Prometheus metric name, and the factor that brings a value
/// into it: "" and "count" → no suffix; "seconds", "bytes", "percent", "celsius", "ratio" →
/// themselves; `X/s` → `X_per_second` ("bytes/s" → "bytes_per_second"); the time and size
/// units of record::base_unit ("ms", "µs", "min", "KB", "MiB", "KiB/s"…) → "seconds",
/// "bytes", "bytes_per_second" scaled (promtool wants base units); other units sanitised.
struct PrometheusUnit {
  std::string suffix;
  double factor = 1;
};
PrometheusUnit prometheus_unit(std::string_view unit);

/// A name reduced to `[a-z_][a-z0-9_]*` in snake_case: every other byte (`.`, `-`, `:`)
/// becomes `_`, camelCase becomes snake_case (`MemTotal` → `mem_total`), a leading digit
/// gets a `_` before it. Colons are replaced too: Prometheus reserves them for recording
/// rules, and `promtool check metrics` flags colons and camelCase.
std::string sanitize_metric_name(std::string_view name);

/// A tag key as a label name (same rules; a key starting with `__`, reserved by Prometheus,
/// gets `tag` before it).
std::string sanitize_label_name(std::string_view key);

/// Appends a label value with `\`, `"` and newline escaped.
void append_label_value(std::string& out, std::string_view value);

/// Which exposition: `openmetrics` writes every sample with its timestamp (seconds with a
/// millisecond fraction), sorted by time within each series, `# UNIT` lines and `# EOF` —
/// what `promtool tsdb create-blocks-from openmetrics` backfills. `prometheus` writes the
/// text format 0.0.4 with the latest value of each series and no timestamps — what the
/// node_exporter textfile collector reads and `promtool check metrics` accepts.
enum class Exposition { openmetrics, prometheus };

/// Collects samples, then writes them as one exposition. Families (one per exported name)
/// come out sorted by name, each with `# HELP` (naming the pm metric) and `# TYPE`; the
/// series of a family are grouped together (OpenMetrics requires it).
///
/// Naming: `sanitize_metric_name(name)` plus `_` and the unit suffix unless the name already
/// ends with it (`api.request.duration` in seconds → `api_request_duration_seconds`). The
/// type comes from the record's extra member `type` (what pm-ingest keeps from `# TYPE`):
/// `counter` → a counter (`_total` on the samples), `histogram`/`summary` series keep their
/// `_bucket`/`_sum`/`_count` names under one family of that type in the Prometheus text
/// (in OpenMetrics, where a histogram point must carry all its buckets at one time, such
/// series are written as gauges of their own), everything else is a gauge. A gauge whose
/// name would end in `_total`, `_count`, `_sum`, `_bucket` or `_created` gets `_value`
/// appended, and its tags `le`/`quantile` become labels `tag_le`/`tag_quantile`, so that no
/// reader takes it for part of another type (promtool's lint flags exactly these).
/// Not rewritten (promtool's lint may name them): a pm name that itself holds a non-base
/// unit word (`_milliseconds`, `_bits`), a unit abbreviation (`_ms_`) or a type word
/// (`_counter_`).
class ExpositionWriter {
public:
  explicit ExpositionWriter(Exposition exposition) : m_exposition(exposition) {}

  /// Adds one sample. Derived records (with `kind`) and records without a value are left
  /// out and counted in skipped(). In OpenMetrics a later sample of a series at the same
  /// millisecond replaces the earlier one (timestamps must increase; the one added last is
  /// kept), and write() counts each one replaced in replaced().
  void add(const record::Record& record);

  /// Writes the exposition to `sink` in pieces of about 64 KiB. With no samples at all the
  /// OpenMetrics exposition is `# EOF` alone and the Prometheus text is empty.
  void write(const std::function<void(std::string_view)>& sink) const;
  std::string str() const;

  std::size_t skipped() const { return m_skipped; }
  /// Series left out because another series already exported under the same name and
  /// labels (`a.b` and `a_b`), and tags left out because an earlier tag of the series has
  /// the same label name (`x-y` and `x_y`): one message per series.
  const std::vector<std::string>& collisions() const { return m_collisions; }
  /// After write(), in OpenMetrics: the samples it left out because a later sample of the
  /// same series shares their millisecond, one message per series with the count (the
  /// first 10 series, then one message for the rest); empty when none was.
  std::vector<std::string> replaced() const;
  std::size_t series_count() const;

private:
  struct Point {
    long long ms;
    bool has_ts;
    double value;
    std::size_t order; ///< arrival, to keep the latest of equal times
  };
  struct Series {
    std::vector<Point> points;
    std::uint64_t source_hash = 0; ///< record::series_hash of the pm series written here
    std::string source;            ///< its series_key, for messages
  };
  struct Family {
    std::string type; ///< gauge, counter, histogram, summary
    std::string unit; ///< OpenMetrics unit suffix, "" for none
    std::string help;
    std::map<std::string, Series> series; ///< key: `sample_name{labels}` as written
  };

  void write_family(std::string& out, const std::string& name, const Family& family,
                    const std::function<void(std::string_view)>& sink) const;

  Exposition m_exposition;
  std::map<std::string, Family> m_families;
  std::size_t m_skipped = 0;
  std::size_t m_order = 0;
  std::string m_key; ///< scratch
  std::vector<std::string> m_collisions;
  std::set<std::uint64_t> m_left_out;     ///< series_hash of series left out
  std::set<std::uint64_t> m_tag_left_out; ///< series_hash of series with a tag left out
  /// Counted by write() (so reset by it): per series written, samples replaced at one millisecond.
  mutable std::vector<std::pair<std::string, std::size_t>> m_replaced;
};

/// Appends one record as an InfluxDB line (with its newline): measurement = the record's
/// name, tags as tags (empty values left out, newlines as blanks, a trailing backslash
/// dropped: the protocol cannot carry them), its unit as tag `unit` unless a tag of that
/// name exists, one float field `value`, and the time in nanoseconds when it has one.
/// pm-ingest reads it back as the same record (a `value` field is named after the
/// measurement). Escapes `,` and blanks in the measurement; `,` `=` blanks in tags.
void append_influx(std::string& out, const record::Record& record);

} // namespace pm::format
