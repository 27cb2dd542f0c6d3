// The per-line work of pm-ingest.
#include "libpm/ingest/ingester.hpp"

#include "libpm/util/error.hpp"
#include "libpm/util/strings.hpp"

#include <limits>
#include <thread>

namespace pm::ingest {

Ingester::Ingester(IngestSettings settings, cli::Context& context, store::Writer* writer, const time::Clock& clock)
    : m_settings(std::move(settings)), m_context(context), m_writer(writer), m_clock(clock), m_arrival(clock.now()) {}

void Ingester::begin_source(std::string name) {
  m_source = std::move(name);
  m_format = m_settings.format;
  m_parser.reset();
  m_waiting.clear();
  m_last_line = 0;
}

void Ingester::line(const input::Line& line) {
  m_last_line = line.number;
  if (line.truncated)
    return reject(line.number, line.text,
                  "line longer than " + std::to_string(line.text.size()) + " bytes (" + input::k_line_limit.variable + ")");
  std::string_view text = line.text;
  if (!text.empty() && text.back() == '\r')
    text.remove_suffix(1); // CRLF input
  if (!m_format) {
    if (util::trim(text).empty())
      return;
    // The first line that tells the format decides it. Lines before it (comments) wait and
    // are then parsed in that format; NDJSON, the default, when nothing fits.
    auto detected = format::detect_format(text);
    if (!detected && m_waiting.size() < k_max_waiting && text.front() == '#') {
      m_waiting.push_back(Waiting{std::string(line.text), line.number, line.complete});
      return;
    }
    decide(detected.value_or(format::Format::ndjson), true);
  } else if (*m_format != format::Format::ndjson && !m_parser) {
    m_parser = format::make_parser(*m_format, m_settings.parser);
  }
  if (*m_format != format::Format::ndjson)
    format_line(line, text);
  else if (m_settings.strict || m_replaying)
    ndjson_line(line, text, std::nullopt);
  else
    m_block.push_back(line); // checked in bulk, on two threads, at the end of the block
}

void Ingester::process_block() {
  const std::size_t n = m_block.size();
  if (n == 0)
    return;
  // The canonical check of every line, the bulk of the work, splits across two threads
  // for a large block; storing then goes in input order on this thread.
  constexpr long long k_not_canonical = std::numeric_limits<long long>::min();
  m_checked.resize(n);
  auto check = [this](std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to; ++i) {
      time::TimePoint ts;
      m_checked[i] = record::is_canonical(m_block[i].text, ts) ? ts.time_since_epoch().count() : k_not_canonical;
    }
  };
  if (n >= k_parallel_lines) {
    std::thread worker(check, n / 2, n);
    check(0, n / 2);
    worker.join();
  } else {
    check(0, n);
  }
  for (std::size_t i = 0; i < n; ++i) {
    const auto& line = m_block[i];
    std::optional<time::TimePoint> ts;
    if (m_checked[i] != k_not_canonical)
      ts = time::TimePoint{time::Duration{m_checked[i]}};
    std::string_view text = line.text;
    if (!ts && !text.empty() && text.back() == '\r')
      text.remove_suffix(1);
    ndjson_line(line, text, ts);
  }
  m_block.clear();
}

void Ingester::decide(format::Format format, bool detected) {
  m_format = format;
  format::ParserOptions options = m_settings.parser;
  options.prometheus_guess_timestamps = detected;
  if (format != format::Format::ndjson)
    m_parser = format::make_parser(format, options);
  // The waiting lines are stored now, copied (`complete` false: nothing may borrow them).
  auto waiting = std::move(m_waiting);
  m_waiting.clear();
  m_replaying = true;
  for (const auto& w : waiting)
    line(input::Line{w.text, w.number, false, false});
  m_replaying = false;
}

void Ingester::ndjson_line(const input::Line& line, std::string_view text, std::optional<time::TimePoint> checked) {
  time::TimePoint ts = checked.value_or(time::TimePoint{});
  const bool canonical = checked.has_value() || record::is_canonical(text, ts);
  if (!canonical) {
    if (util::trim(text).empty())
      return;
    if (!m_ndjson.parse(text, m_record, m_error))
      return reject(line.number, line.text, m_error);
    record::stamp_if_missing(m_record, m_arrival);
    ts = m_record.ts;
  }
  if (too_old(ts, m_error))
    return reject(line.number, line.text, m_error);
  if (!canonical)
    return store_record(m_record);
  ++m_accepted;
  std::string_view stored = text;
  if (m_writer != nullptr) {
    if (line.complete && text.size() == line.text.size())
      m_writer->append_borrowed(ts, std::string_view(text.data(), text.size() + 1)); // with its '\n'
    else
      m_writer->append(ts, text);
    stored = m_writer->last_line();
  }
  if (m_settings.tee) {
    auto& out = m_context.out.buffer();
    out.append(stored);
    if (m_writer == nullptr)
      out += '\n';
    drain_tee();
  }
}

void Ingester::format_line(const input::Line& line, std::string_view text) {
  m_line_records.clear();
  bool ok = m_parser->parse_line(text, [&](record::Record& r) { m_line_records.push_back(std::move(r)); }, m_error);
  if (!ok)
    return reject(line.number, line.text, m_error);
  // A line is taken or refused whole: one record older than the retention refuses it.
  for (auto& r : m_line_records) {
    record::stamp_if_missing(r, m_arrival);
    if (too_old(r.ts, m_error))
      return reject(line.number, line.text, m_error);
  }
  for (auto& r : m_line_records)
    store_record(r);
}

void Ingester::end_source() {
  process_block();
  if (!m_waiting.empty())
    decide(format::Format::ndjson, true); // only comment-like lines: as NDJSON they are bad
  if (m_parser) {
    m_line_records.clear();
    bool ok = m_parser->finish([&](record::Record& r) { m_line_records.push_back(std::move(r)); }, m_error);
    for (auto& r : m_line_records) {
      record::stamp_if_missing(r, m_arrival);
      std::string reason;
      if (too_old(r.ts, reason))
        reject(m_last_line, "", reason);
      else
        store_record(r);
    }
    if (!ok)
      reject(m_last_line, "", m_error); // the input as a whole is incomplete: no single raw line
    if (auto notes = format::describe(m_parser->notes()); !notes.empty())
      m_context.diagnostics.warning(m_source + ": " + notes);
  }
  flush();
}

bool Ingester::too_old(time::TimePoint ts, std::string& reason) const {
  if (ts >= m_settings.oldest)
    return false;
  reason = "\"ts\" " + time::format_timestamp(ts) + " is older than the retention period (" +
           time::format_duration(m_settings.retention) + "); raise --retention to keep it";
  return true;
}

void Ingester::store_record(record::Record& record) {
  ++m_accepted;
  if (m_writer != nullptr)
    m_writer->append_with(record.ts, [&](std::string& out) { record::append_json(out, record); });
  if (m_settings.tee) {
    auto& out = m_context.out.buffer();
    if (m_writer != nullptr) {
      out.append(m_writer->last_line());
    } else {
      record::append_json(out, record);
      out += '\n';
    }
    drain_tee();
  }
}

void Ingester::drain_tee() {
  // A record passed on downstream must be in the store: with a store, the teed records wait
  // for flush(), which writes the batch to its segments first (a SIGKILL between the two
  // would otherwise have sent on records that were never stored).
  if (m_writer == nullptr)
    m_context.out.maybe_drain();
}

void Ingester::reject(std::size_t number, std::string_view raw, const std::string& reason) {
  ++m_rejected;
  if (m_writer != nullptr)
    m_writer->reject(m_source, number, raw, reason);
  if (m_settings.strict) {
    flush();
    throw Error(m_source + ":" + std::to_string(number) + ": " + reason);
  }
  m_context.diagnostics.bad_input(m_source, number, reason);
}

void Ingester::flush() {
  try {
    process_block();
  } catch (const BrokenPipe&) {
    // The reader of --tee went away: store what was read while the borrowed lines live.
    m_block.clear();
    if (m_writer != nullptr)
      m_writer->flush();
    throw;
  }
  if (m_writer != nullptr)
    m_writer->flush();
  if (m_settings.tee)
    m_context.out.flush();
  m_arrival = m_clock.now();
}

} // namespace pm::ingest
