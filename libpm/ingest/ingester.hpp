// The per-line work of pm-ingest: parse in the input's format, stamp, check, store and tee.
#pragma once

#include "libpm/cli/run.hpp"
#include "libpm/format/format.hpp"
#include "libpm/input/lines.hpp"
#include "libpm/record/record.hpp"
#include "libpm/store/writer.hpp"
#include "libpm/time/time.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace pm::ingest {

/// What the Ingester needs to know beyond its input.
struct IngestSettings {
  std::optional<format::Format> format; ///< nullopt: detect per input from its first non-blank line
  format::ParserOptions parser;         ///< for every input's parser (the Influx precision, the CSV limits)
  bool tee = false;
  bool strict = false;
  time::TimePoint oldest;   ///< records before this are older than the retention
  time::Duration retention; ///< for messages
};

/// Turns input lines into stored records. NDJSON lines already in canonical form are stored
/// as they are (zero-copy); every other record is written as record::append_json writes it.
/// A bad line is reported as `SOURCE:LINE: reason` and kept raw in rejected/ (unless there is
/// no writer: --check). With `strict` the first bad line throws Error after what came before
/// is stored.
class Ingester {
public:
  /// `writer` may be null (validate only). `clock` stamps records without a time.
  Ingester(IngestSettings settings, cli::Context& context, store::Writer* writer, const time::Clock& clock);

  /// Starts an input: the format is detected afresh unless one was given.
  void begin_source(std::string name);
  void line(const input::Line& line);
  /// Ends the current input (formats that hold records back emit them here).
  void end_source();
  /// The end of a batch: writes what is queued to the store and stdout.
  void flush();

  std::size_t accepted() const { return m_accepted; }
  std::size_t rejected() const { return m_rejected; }

private:
  void decide(format::Format format, bool detected);
  void process_block();
  /// `checked`: the time, when the line is already known to be canonical.
  void ndjson_line(const input::Line& line, std::string_view text, std::optional<time::TimePoint> checked);
  void format_line(const input::Line& line, std::string_view text);
  bool too_old(time::TimePoint ts, std::string& reason) const;
  void store_record(record::Record& record);
  /// Writes teed records out early only when nothing is stored (see the definition).
  void drain_tee();
  void reject(std::size_t number, std::string_view raw, const std::string& reason);

  IngestSettings m_settings;
  cli::Context& m_context;
  store::Writer* m_writer;
  const time::Clock& m_clock;
  time::TimePoint m_arrival;
  std::string m_source;
  std::optional<format::Format> m_format; ///< of the current input, once known
  std::unique_ptr<format::LineParser> m_parser; ///< for formats other than NDJSON
  std::size_t m_last_line = 0;
  // Comment lines seen before the format is known, parsed once it is.
  struct Waiting {
    std::string text;
    std::size_t number;
    bool complete;
  };
  static constexpr std::size_t k_max_waiting = 1000; // a header of comments longer than this is not one
  std::vector<Waiting> m_waiting;
  bool m_replaying = false;
  // NDJSON lines of the current block (views into the reader's buffer, alive until flush).
  std::vector<input::Line> m_block;
  std::vector<long long> m_checked; ///< per line of m_block: its time in ms if canonical
  static constexpr std::size_t k_parallel_lines = 2000; // below this a thread costs more than it saves
  record::Parser m_ndjson;
  record::Record m_record;
  std::vector<record::Record> m_line_records; ///< the records of one non-NDJSON line
  std::string m_error;
  std::size_t m_accepted = 0;
  std::size_t m_rejected = 0;
};

} // namespace pm::ingest
