// pm-ingest: validate and normalise records and append them to the history store.
#include "libpm/ingest/ingest.hpp"

#include "libpm/input/lines.hpp"
#include "libpm/record/record.hpp"
#include "libpm/store/layout.hpp"
#include "libpm/store/writer.hpp"
#include "libpm/util/error.hpp"
#include "libpm/util/signals.hpp"
#include "libpm/util/strings.hpp"

#include <optional>

namespace pm::ingest {

const std::vector<std::string>& format_names() {
  static const std::vector<std::string> names{"ndjson"};
  return names;
}

namespace {

// What one run has done so far, for the summary line.
struct Counts {
  std::size_t accepted = 0;
  std::size_t rejected = 0;
};

// Turns input lines into stored records: the per-line work of pm-ingest.
class Ingester {
public:
  Ingester(const Options& options, cli::Context& context, store::Writer* writer, time::TimePoint oldest,
           time::Duration retention)
      : m_options(options), m_context(context), m_writer(writer), m_oldest(oldest), m_retention(retention) {}

  void line(std::string_view source, const input::Line& line) {
    if (line.truncated)
      return reject(source, line, "line longer than " + std::to_string(line.text.size()) + " bytes");
    std::string_view text = line.text;
    if (!text.empty() && text.back() == '\r')
      text.remove_suffix(1); // CRLF input
    time::TimePoint ts;
    bool canonical = record::is_canonical(text, ts);
    if (!canonical) {
      if (util::trim(text).empty())
        return;
      if (!m_parser.parse(text, m_record, m_error))
        return reject(source, line, m_error);
      if (!m_record.has_ts) {
        m_record.ts = m_arrival;
        m_record.has_ts = true;
      }
      ts = m_record.ts;
    }
    if (ts < m_oldest)
      return reject(source, line,
                    "\"ts\" " + time::format_timestamp(ts) + " is older than the retention period (" +
                        time::format_duration(m_retention) + "); raise --retention to keep it");
    ++m_counts.accepted;
    std::string_view stored;
    if (m_writer != nullptr) {
      if (canonical && line.complete && text.size() == line.text.size())
        m_writer->append_borrowed(ts, std::string_view(text.data(), text.size() + 1)); // with its '\n'
      else if (canonical)
        m_writer->append(ts, text);
      else
        m_writer->append_with(ts, [&](std::string& out) { record::append_json(out, m_record); });
      stored = m_writer->last_line();
    }
    if (m_options.tee) {
      auto& out = m_context.out.buffer();
      if (!stored.empty()) {
        out.append(stored);
      } else {
        if (canonical)
          out.append(text);
        else
          record::append_json(out, m_record);
        out += '\n';
      }
      m_context.out.maybe_drain();
    }
  }

  // The end of a batch of input: store it and pass it on.
  void flush() {
    if (m_writer != nullptr)
      m_writer->flush();
    if (m_options.tee)
      m_context.out.flush();
    m_arrival = m_options.clock.now();
  }

  const Counts& counts() const { return m_counts; }

private:
  void reject(std::string_view source, const input::Line& line, const std::string& reason) {
    ++m_counts.rejected;
    if (m_writer != nullptr)
      m_writer->reject(source, line.number, line.text, reason);
    if (m_options.input.strict) {
      flush();
      throw Error(std::string(source) + ":" + std::to_string(line.number) + ": " + reason);
    }
    m_context.diagnostics.bad_input(source, line.number, reason);
  }

  const Options& m_options;
  cli::Context& m_context;
  store::Writer* m_writer;
  time::TimePoint m_oldest;
  time::Duration m_retention;
  time::TimePoint m_arrival = m_options.clock.now();
  record::Parser m_parser;
  record::Record m_record;
  std::string m_error;
  Counts m_counts;
};

std::string plural(std::size_t n, std::string_view word) {
  return std::to_string(n) + " " + std::string(word) + (n == 1 ? "" : "s");
}

} // namespace

int run(const Options& options, cli::Context& context) {
  const auto retention = store::resolve_retention(options.input.retention);
  const auto sources = input::sources_from_arguments(options.input.files, context.tool);
  const auto now = options.clock.now();
  std::optional<store::Writer> writer;
  if (!options.check) {
    writer.emplace(options.input.store_directory(), options.clock);
    writer->prune(now - retention);
  }
  Ingester ingester(options, context, writer ? &*writer : nullptr, now - retention, retention);
  auto summary = [&] {
    const auto& counts = ingester.counts();
    std::string text = plural(counts.accepted, "record") + " accepted, " + std::to_string(counts.rejected) +
                       " rejected, " + plural(writer ? writer->segments_touched() : 0, "segment") + " touched";
    if (options.check)
      text += " (--check: nothing stored)";
    if (writer && writer->torn_lines_repaired() > 0)
      text += ", " + plural(writer->torn_lines_repaired(), "torn line") + " moved to rejected/";
    context.diagnostics.info(text);
  };
  try {
    for (const auto& source : sources) {
      const std::string name = source.display_name();
      bool go_on = input::read_lines(
          source, [&](const input::Line& line) { ingester.line(name, line); return true; }, 16 << 20,
          [&] { ingester.flush(); });
      ingester.flush();
      if (!go_on)
        break; // SIGINT/SIGTERM: what was read is stored
    }
  } catch (const Error&) {
    summary();
    throw;
  }
  summary();
  return ingester.counts().rejected > 0 ? 1 : 0;
}

} // namespace pm::ingest
