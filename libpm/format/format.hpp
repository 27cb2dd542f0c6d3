// Input formats pm-ingest reads (NDJSON, Prometheus/OpenMetrics, Influx, perfdata, CSV): one line-oriented API.
#pragma once

#include "libpm/record/record.hpp"
#include "libpm/util/diagnostics.hpp"
#include "libpm/util/error.hpp"
#include "libpm/util/limit.hpp"
#include "libpm/util/strings.hpp"

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace pm::format {

/// The input formats. `prometheus` is the text exposition format 0.0.4 (timestamps in
/// milliseconds), `openmetrics` OpenMetrics 1.0 (timestamps in seconds, `# EOF`), `nagios`
/// Monitoring Plugins output (status line and performance data), `sadf` sysstat's `sadf -j` JSON.
enum class Format { ndjson, prometheus, openmetrics, influx, nagios, csv, sadf };

/// The name used on command lines: "ndjson", "prometheus", "openmetrics", "influx",
/// "nagios", "csv", "sadf".
std::string_view to_string(Format format);

/// Reads a format name as `to_string` writes it; also "json" (ndjson), "prom" (prometheus),
/// "om" (openmetrics), "line-protocol"/"lp" (influx), "perfdata" (nagios). "auto" is not a
/// format: callers handle it with `detect_format`. Fails with the list of known names.
Expected<Format> parse_format(std::string_view name);

/// Guesses the format from one line of input (the first non-blank one): `{"sysstat"` (the
/// first line `sadf -j` writes; no record starts so) → sadf; any other `{` → ndjson;
/// `# HELP`/`# TYPE` → prometheus (`# UNIT`/`# EOF` → openmetrics; any other comment
/// decides nothing: look at the next line); a status line with
/// `|` and `label=value` after it, or `OK -`/`WARNING:` status words → nagios; a comma
/// separated header naming `name` and `value` → csv; `name{...} value` or `name value` →
/// prometheus; `measurement[,tags] field=value[ ts]` → influx. nullopt when none fits.
/// Never fails otherwise; blank lines give nullopt.
std::optional<Format> detect_format(std::string_view line);

/// CSV: the most columns a header or row may have (beyond, the line is refused: memory and
/// time stay bounded however a row was produced), and the most bytes one record may span
/// while a quoted field runs over lines (a quote left open would swallow the input).
inline constexpr util::Limit k_csv_columns_limit{"PM_MAX_CSV_COLUMNS", 1024, false};
inline constexpr util::Limit k_csv_record_limit{"PM_MAX_CSV_RECORD_BYTES", std::size_t{1} << 20, true};

/// Settings shared by the parsers; each one reads only what applies to it.
struct ParserOptions {
  /// Influx timestamps: "ns" (default), "us", "ms" or "s", as InfluxDB's `precision`.
  std::string influx_precision = "ns";
  /// Perfdata: record names are `PREFIX.LABEL`. Empty: the service word of the status line
  /// in lower case (`DISK OK - ...` → `disk`), else `perfdata`.
  std::string nagios_prefix;
  /// Prometheus format only: true when the format was detected rather than given. Then a
  /// timestamp with a fraction or below 1e11 is read as OpenMetrics seconds (as milliseconds
  /// it would be before 1973), any other integer as milliseconds.
  bool prometheus_guess_timestamps = false;
  /// CSV: the most columns of a header or row, the most bytes of one record.
  std::size_t csv_max_columns = k_csv_columns_limit.fallback;
  std::size_t csv_max_record_bytes = k_csv_record_limit.fallback;
};

/// Valid input that a record cannot hold and that is therefore left out, counted. None of
/// these is an error: the input is well-formed, pm simply has no place for it.
struct ParserNotes {
  std::size_t non_finite_values = 0; ///< Prometheus/OpenMetrics samples with NaN or ±Inf
  std::size_t string_fields = 0;     ///< Influx string fields
  std::size_t undetermined_values = 0; ///< perfdata values `U` (the plugin could not measure)
  bool any() const { return non_finite_values + string_fields + undetermined_values > 0; }
};

/// One sentence for stderr, e.g. `skipped 2 samples with NaN/Inf values and 1 string
/// field (records hold finite numbers only)`; empty when there is nothing to say.
std::string describe(const ParserNotes& notes);

/// Called with each record a line yields. The record is the parser's buffer: move from it
/// freely; it is reset before the next use.
using RecordCallback = std::function<void(record::Record&)>;

/// A streaming parser of one input. Feed it the lines of the input in order (without their
/// newlines: what `pm::input::read_lines` passes), then call `finish` once.
///
/// Error handling, the same for every format: a line is accepted or rejected as a whole.
/// When it is rejected, `parse_line` returns false, has called `on_record` for none of the
/// line's records, and has set `error` to the reason in the style of STYLE.md, without a
/// place (`"value" must be a number, got "abc"`): the caller prefixes `SOURCE:LINE: ` (for
/// example through `Diagnostics::bad_input`) and, in pm-ingest, keeps the raw line. Later
/// lines are still parsed. Blank lines, comments and status text yield no record and are
/// not errors. Records come out without `ts` when the input has no time (pm-ingest stamps
/// them); a time the input gives is kept with millisecond precision.
class LineParser {
public:
  virtual ~LineParser() = default;

  /// Parses one line; see the class comment for what happens on failure. A line that is
  /// not valid UTF-8 is rejected here for every format (`not valid UTF-8 at byte 7`):
  /// names and tags are never rewritten with U+FFFD, so two inputs cannot become one series.
  bool parse_line(std::string_view line, const RecordCallback& on_record, std::string& error) {
    if (auto at = util::find_invalid_utf8(line); at != std::string_view::npos) {
      error = "not valid UTF-8 at byte " + std::to_string(at + 1);
      return false;
    }
    return parse_valid_line(line, on_record, error);
  }

  /// Ends the input. Returns false with `error` set when the input as a whole is incomplete
  /// (an OpenMetrics exposition without `# EOF`, a CSV quoted field left open); the caller
  /// reports it at the last line number. May emit records that were held back.
  virtual bool finish(const RecordCallback& on_record, std::string& error);

  /// What was valid but left out so far.
  virtual const ParserNotes& notes() const { return m_notes; }

protected:
  /// parse_line for a line that is valid UTF-8: what each format implements.
  virtual bool parse_valid_line(std::string_view line, const RecordCallback& on_record, std::string& error) = 0;

  ParserNotes m_notes;
};

/// A parser for `format`. Throws UsageError for a bad option (an unknown Influx precision).
std::unique_ptr<LineParser> make_parser(Format format, const ParserOptions& options = {});

/// Reads an input whose format is detected (`--format auto`): lines are judged with
/// detect_format until one decides; that line and all after it go to the parser of the
/// detected format (a detected Prometheus exposition guesses its timestamps, see
/// ParserOptions). Blank lines and `#` comments before the deciding line are skipped (no
/// format gives them a record); any other line that decides nothing is rejected with
/// `cannot tell the input format from this line: ... (give --format)`. One AutoParser per
/// input: each input is detected on its own.
class AutoParser final : public LineParser {
public:
  explicit AutoParser(ParserOptions options) : m_options(std::move(options)) {}

  bool parse_valid_line(std::string_view line, const RecordCallback& on_record, std::string& error) override;
  bool finish(const RecordCallback& on_record, std::string& error) override;

  const ParserNotes& notes() const override { return m_parser ? m_parser->notes() : m_notes; }

  /// The format found so far; nullopt before the deciding line.
  std::optional<Format> detected() const { return m_format; }

private:
  ParserOptions m_options;
  std::optional<Format> m_format;
  std::unique_ptr<LineParser> m_parser;
};

/// Counts from parse_text.
struct ParseStats {
  std::size_t records = 0;
  std::size_t rejected = 0; ///< lines reported to diagnostics
};

/// Parses a whole text (a scraped exposition, a plugin's output) with `format`: splits it
/// into lines (`\n`, a `\r` before it dropped), reports each bad line to `diagnostics` as
/// `SOURCE:LINE: reason` with `source` as given, and the notes (if any) as one warning
/// naming `source`. Convenience for callers that already hold the text in memory.
/// With `format` nullopt the text's format is detected (AutoParser).
ParseStats parse_text(std::string_view text, std::optional<Format> format, std::string_view source,
                      util::Diagnostics& diagnostics, const RecordCallback& on_record,
                      const ParserOptions& options = {});

/// Feeds the lines of `text` to `parser` as parse_text does (reporting bad lines as
/// `SOURCE:LINE: reason`), for a caller that builds its parser itself.
ParseStats parse_lines(std::string_view text, LineParser& parser, std::string_view source,
                       util::Diagnostics& diagnostics, const RecordCallback& on_record);

} // namespace pm::format
