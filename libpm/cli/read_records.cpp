// Reading records from files and stdin: lines are read and parsed on a second thread while
// the tool's own work runs on the calling one, batch by batch, in input order.
#include "libpm/cli/options.hpp"

#include "libpm/cli/series_limit.hpp"
#include "libpm/cli/setting.hpp"
#include "libpm/record/series_index.hpp"
#include "libpm/record/units.hpp"
#include "libpm/store/layout.hpp"
#include "libpm/store/reader.hpp"
#include "libpm/util/error.hpp"
#include "libpm/util/signals.hpp"
#include "libpm/util/strings.hpp"

#include <array>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <ctime>
#include <exception>
#include <set>
#include <linux/futex.h>
#include <memory>
#include <pthread.h>
#include <sys/syscall.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace pm::cli {

namespace {

/// One non-blank input line, parsed (or the reason it is bad).
struct ParsedLine {
  record::Record record;
  std::size_t source = 0; ///< index into the sources
  std::size_t number = 0; ///< line number within its source
  bool ok = true;
  std::string error;
};

struct Batch {
  std::vector<ParsedLine> lines; ///< slots reused from batch to batch (their strings too)
  std::size_t size = 0;
};

constexpr std::size_t k_batch_lines = 1024;
constexpr std::uint32_t k_slots = 4; ///< batches in flight (a power of two): bounds memory

void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

/// Waits until `word` is no longer `seen`, or about 100 ms passed (so that the caller can
/// look at its stop flags). Spins for up to 200 us first: the other thread usually moves on
/// within that, while a thread put to sleep can take milliseconds to run again on a VM.
void wait_change(const std::atomic<std::uint32_t>& word, std::uint32_t seen) {
  auto spin_until = std::chrono::steady_clock::now() + std::chrono::microseconds(200);
  for (unsigned i = 1;; ++i) {
    if (word.load(std::memory_order_acquire) != seen)
      return;
    cpu_relax();
    if (i % 64 == 0 && std::chrono::steady_clock::now() > spin_until)
      break;
  }
  timespec timeout{0, 100'000'000};
  ::syscall(SYS_futex, reinterpret_cast<const std::uint32_t*>(&word), FUTEX_WAIT_PRIVATE, seen, &timeout, nullptr, 0);
}

void wake(std::atomic<std::uint32_t>& word) {
  ::syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&word), FUTEX_WAKE_PRIVATE, 1, nullptr, nullptr, 0);
}

/// Numbers each distinct series (name and tags) the reading thread sees, so that the consumer
/// finds its state by index: the hashing and comparing happen on the thread with time to
/// spare. Numbers are unique in the process (several reads may feed one consumer). At most
/// `limit` series are numbered (the series limit: the consumer admits no more than that),
/// so that a series explosion costs this thread bounded memory; the records of further
/// series go unnumbered (0), and the consumer's SeriesLimit sorts them out.
class SeriesNumbers {
public:
  explicit SeriesNumbers(std::size_t limit) : m_limit(limit) {}

  std::uint32_t number(const record::Record& record) {
    std::size_t index = m_index.find(record);
    if (index != SIZE_MAX)
      return m_numbers[index];
    if (m_index.size() >= m_limit)
      return 0;
    m_index.find_or_add(record);
    m_numbers.push_back(new_series_id());
    return m_numbers.back();
  }

private:
  std::size_t m_limit;
  record::SeriesIndex m_index;
  std::vector<std::uint32_t> m_numbers; ///< by m_index's number
};

/// What the reading thread and the consuming thread share: a ring of batches that the reader
/// fills and the consumer empties, in order. Owned by both, so that a reader left blocked on
/// a quiet pipe when the consumer stops early touches nothing freed.
struct Pipeline {
  std::vector<input::Source> sources;
  std::array<Batch, k_slots> slots;
  std::atomic<std::uint32_t> produced{0}; ///< batches handed over (wrapping)
  std::atomic<std::uint32_t> consumed{0}; ///< batches given back (wrapping)
  /// Bumped by the reader at each hand-over and when it finishes: what the consumer waits on.
  std::atomic<std::uint32_t> to_consumer{0};
  /// Bumped by the consumer at each batch given back and when it stops: what the reader waits on.
  std::atomic<std::uint32_t> to_reader{0};
  std::atomic<bool> done{false};          ///< the reader has finished (or failed)
  std::atomic<bool> stopped{false};       ///< the consumer wants no more
  std::exception_ptr failure;             ///< set before `done`
  Batch* filling = nullptr;               ///< reader: the batch being filled, if any
  /// Reader: number series (work the consumer is then spared) only while the consumer is the
  /// slower one: set when the ring was full, cleared when the consumer had caught up.
  bool number_series = false;

  /// Reader: hands the batch being filled over when it holds lines; false when stopped.
  bool hand_over() {
    if (filling && filling->size > 0) {
      filling = nullptr;
      if (produced.load(std::memory_order_relaxed) == consumed.load(std::memory_order_acquire))
        number_series = false; // the consumer is waiting for this batch
      produced.fetch_add(1, std::memory_order_release);
      bump(to_consumer);
    }
    return !stopped.load(std::memory_order_acquire);
  }

  /// Reader: makes sure there is a batch to fill, waiting for the consumer to give one
  /// back; false when stopped.
  bool take() {
    if (filling)
      return true;
    const std::uint32_t next = produced.load(std::memory_order_relaxed);
    while (true) {
      const std::uint32_t seen = to_reader.load(std::memory_order_acquire);
      if (stopped.load(std::memory_order_acquire))
        return false;
      if (next - consumed.load(std::memory_order_acquire) < k_slots)
        break;
      number_series = true; // the consumer is behind
      wait_change(to_reader, seen);
    }
    filling = &slots[next % k_slots];
    filling->size = 0;
    return true;
  }

  void read(std::size_t max_line, std::size_t max_series) {
    try {
      record::Parser parser;
      SeriesNumbers series(max_series);
      for (std::size_t index = 0; index < sources.size(); ++index) {
        bool go_on = input::read_lines(
            sources[index],
            [&](const input::Line& line) {
              if (util::trim(line.text).empty())
                return true;
              if (filling && filling->size == k_batch_lines && !hand_over())
                return false;
              if (!take())
                return false;
              if (filling->size == filling->lines.size())
                filling->lines.emplace_back();
              ParsedLine& out = filling->lines[filling->size++];
              out.source = index;
              out.number = line.number;
              if (line.truncated) {
                out.ok = false;
                out.error = "line longer than " + std::to_string(line.text.size()) + " bytes (" + input::k_line_limit.variable + ")";
              } else {
                out.ok = parser.parse(line.text, out.record, out.error);
                if (out.ok && number_series)
                  out.record.series_id = series.number(out.record);
              }
              return true;
            },
            max_line,
            [&] { hand_over(); }); // the input may pause here: what was read goes on now
        if (!go_on)
          break;
      }
      hand_over();
    } catch (...) {
      hand_over(); // the lines before the failure (a FILE that cannot be opened) go first
      failure = std::current_exception();
    }
    done.store(true, std::memory_order_release);
    bump(to_consumer);
  }

  /// Consumer: the next filled batch, or null at the end. After SIGINT/SIGTERM the reader
  /// stops at the end of the block it is reading and hands its lines over; the consumer
  /// waits for that a little while, but not for a reader blocked on a quiet pipe.
  /// `on_idle` is called each time a wait ends (after at most about 100 ms) with no batch.
  Batch* next(const std::function<void()>& on_idle) {
    const std::uint32_t mine = consumed.load(std::memory_order_relaxed);
    std::chrono::steady_clock::time_point give_up{};
    while (true) {
      const std::uint32_t seen = to_consumer.load(std::memory_order_acquire);
      if (produced.load(std::memory_order_acquire) != mine)
        return &slots[mine % k_slots];
      if (done.load(std::memory_order_acquire)) {
        if (produced.load(std::memory_order_acquire) != mine)
          continue; // handed over just before finishing
        if (failure)
          std::rethrow_exception(failure);
        return nullptr;
      }
      if (util::stop_requested()) {
        auto now = std::chrono::steady_clock::now();
        if (give_up == std::chrono::steady_clock::time_point{})
          give_up = now + std::chrono::milliseconds(200);
        else if (now > give_up)
          return nullptr;
      }
      wait_change(to_consumer, seen);
      if (on_idle && produced.load(std::memory_order_acquire) == mine && !done.load(std::memory_order_acquire))
        on_idle();
    }
  }

  /// Consumer: the batch from next() is done with.
  void give_back() {
    consumed.fetch_add(1, std::memory_order_release);
    bump(to_reader);
  }

  void stop() {
    stopped.store(true, std::memory_order_release);
    bump(to_reader);
  }

  /// Tells the thread waiting on `word` that something changed.
  static void bump(std::atomic<std::uint32_t>& word) {
    word.fetch_add(1, std::memory_order_release);
    wake(word);
  }
};

/// Joins the reader when it has finished; a reader still blocked on input (the consumer
/// stopped early, or threw) is left to end with the process.
class ReaderThread {
public:
  ReaderThread(std::shared_ptr<Pipeline> pipeline, std::size_t max_line, std::size_t max_series)
      : m_pipeline(std::move(pipeline)) {
    // Signals go to the calling thread, which decides when to stop: the reader is started
    // with them blocked (it inherits the mask), and the mask is restored here.
    sigset_t signals, previous;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, &previous);
    try {
      m_thread = std::thread([p = m_pipeline, max_line, max_series] { p->read(max_line, max_series); });
    } catch (...) {
      pthread_sigmask(SIG_SETMASK, &previous, nullptr);
      throw;
    }
    pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  }
  ReaderThread(const ReaderThread&) = delete;
  ReaderThread& operator=(const ReaderThread&) = delete;
  ~ReaderThread() {
    bool done = m_pipeline->done.load(std::memory_order_acquire);
    m_pipeline->stop();
    if (done)
      m_thread.join();
    else
      m_thread.detach();
  }

private:
  std::shared_ptr<Pipeline> m_pipeline;
  std::thread m_thread;
};

/// Brings each sample to base units as it is read (record::BaseUnitConverter), so that every
/// tool compares seconds with seconds and bytes with bytes, and says once per unit spelling
/// on stderr that it converted.
class UnitConverter {
public:
  explicit UnitConverter(util::Diagnostics& diagnostics) : m_diagnostics(diagnostics) {}

  void convert(record::Record& record) {
    auto applied = m_converter.convert(record);
    if (applied && applied->factor != 1 && m_noted.insert(m_converter.last_written()).second)
      m_diagnostics.info("note: values in " + util::quote(m_converter.last_written()) + " (first: " + record.name +
                         ") are compared in " + std::string(applied->unit) + ", x " +
                         util::format_number(applied->factor));
  }

private:
  util::Diagnostics& m_diagnostics;
  record::BaseUnitConverter m_converter;
  std::set<std::string, std::less<>> m_noted;
};

/// The series limit as read_records applies it: records past it are left out, with one
/// warning at the first and a count at the end.
class LimitedSeries {
public:
  LimitedSeries(std::size_t max_series, util::Diagnostics& diagnostics)
      : m_limit(max_series), m_diagnostics(diagnostics) {}

  /// True when `record` goes on to the tool.
  bool admit(record::Record& record) {
    if (m_limit.admit(record))
      return true;
    if (m_limit.records_left_out() == 1)
      m_diagnostics.warning("more than " + std::to_string(m_limit.max_series()) +
                            " distinct series: the records of further series are left out of the analysis (first: " +
                            record::series_key(record.name, record.tags) +
                            "); raise the limit with --max-series N or PM_MAX_SERIES");
    return false;
  }

  /// Says how much was left out (nothing when nothing was) and adds it to `stats`.
  void finish(ReadStats& stats) {
    stats.records_left_out = m_limit.records_left_out();
    stats.series_left_out = m_limit.series_left_out();
    if (stats.records_left_out == 0)
      return;
    m_diagnostics.info("left out past --max-series " + std::to_string(m_limit.max_series()) + ": " +
                       (m_limit.left_out_exact() ? "" : "at least ") + std::to_string(stats.series_left_out) +
                       " series, " + std::to_string(stats.records_left_out) +
                       (stats.records_left_out == 1 ? " record" : " records"));
  }

private:
  SeriesLimit m_limit;
  util::Diagnostics& m_diagnostics;
};

} // namespace

ReadStats read_records(const std::vector<input::Source>& sources, const input::Selection& selection,
                       util::Diagnostics& diagnostics, bool strict, time::TimePoint now,
                       const std::function<bool(record::Record&)>& on_record,
                       const std::function<void()>& on_idle, std::size_t max_series) {
  ReadStats stats;
  auto pipeline = std::make_shared<Pipeline>();
  pipeline->sources = sources;
  std::vector<std::string> names;
  for (const auto& source : sources)
    names.push_back(source.display_name());

  ReaderThread reader(pipeline, resolve_limit(input::k_line_limit), max_series);
  UnitConverter units(diagnostics);
  LimitedSeries limit(max_series, diagnostics);
  bool stamped_any = false;
  while (Batch* batch = pipeline->next(on_idle)) {
    for (std::size_t i = 0; i < batch->size; ++i) {
      ParsedLine& line = batch->lines[i];
      if (!line.ok) {
        if (strict)
          throw Error(names[line.source] + ":" + std::to_string(line.number) + ": " + line.error);
        diagnostics.bad_input(names[line.source], line.number, line.error);
        ++stats.rejected;
        continue;
      }
      ++stats.records;
      record::Record& record = line.record;
      if (record::stamp_if_missing(record, now)) {
        if (!stamped_any)
          diagnostics.warning(names[line.source] + ":" + std::to_string(line.number) +
                              ": no \"ts\": stamped with the time of this run (later such lines are not reported)");
        stamped_any = true;
      }
      units.convert(record);
      if (selection.selects(record) && limit.admit(record) && !on_record(record)) {
        limit.finish(stats);
        return stats;
      }
    }
    pipeline->give_back();
  }
  limit.finish(stats);
  return stats;
}

ReadStats read_records(const InputOptions& options, std::string_view tool, const input::Selection& selection,
                       util::Diagnostics& diagnostics, time::TimePoint now,
                       const std::function<bool(record::Record&)>& on_record,
                       const std::function<void()>& on_idle) {
  const std::size_t max_series = resolve_max_series(options.max_series);
  if (!options.history)
    return read_records(input::sources_from_arguments(options.files, tool), selection, diagnostics, options.strict,
                        now, on_record, on_idle, max_series);
  if (!options.files.empty())
    throw UsageError("--history reads the store: give either --history or FILE arguments, not both");
  auto oldest = now - resolve_retention(options.retention);
  UnitConverter units(diagnostics);
  LimitedSeries limit(max_series, diagnostics);
  auto stored = store::read(options.store_directory(), selection, oldest, diagnostics, options.strict,
                            [&](record::Record& record) {
                              units.convert(record);
                              return !limit.admit(record) || on_record(record);
                            });
  ReadStats stats{stored.records, stored.rejected};
  limit.finish(stats);
  return stats;
}

} // namespace pm::cli
