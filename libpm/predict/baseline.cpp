// Learned baselines: binned moments per hour of week, robust derived statistics, the JSON file.
#include "libpm/predict/baseline.hpp"

#include "libpm/util/error.hpp"
#include "libpm/util/output.hpp"
#include "libpm/util/strings.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <limits>
#include <nlohmann/json.hpp>
#include <system_error>

namespace pm::predict {

namespace {

using json = nlohmann::json;

constexpr double k_gamma = (1 + k_baseline_alpha) / (1 - k_baseline_alpha);
const double k_log_gamma = std::log(k_gamma);
constexpr double k_min_magnitude = 1e-9; // as stats::Sketch: nearer zero counts as zero
/// Keys past this cannot come from a finite double (1.8e308 / 1e-9 is γ^36,500).
constexpr std::int32_t k_max_key = 40000;
constexpr std::array<std::string_view, 7> k_days = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
/// Consistency constants that make MAD and mean absolute deviation estimate σ of a normal.
constexpr double k_mad_to_sigma = 1.4826;
constexpr double k_meanad_to_sigma = 1.2533;
/// The fence is never narrower than this many bin spacings (2α|median|) around the median,
/// so that values rounded into a neighbouring bin are never taken for outliers.
constexpr double k_min_fence_bins = 3;

using Bin = BinnedMoments::Bin;

void combine(Bin& into, const Bin& other) {
  if (other.count == 0)
    return;
  if (into.count == 0) {
    std::int32_t key = into.key;
    into = other;
    into.key = key;
    return;
  }
  double na = static_cast<double>(into.count), nb = static_cast<double>(other.count);
  double n = na + nb;
  double delta = other.mean - into.mean;
  into.mean += delta * nb / n;
  into.m2 += other.m2 + delta * delta * na * nb / n;
  into.count += other.count;
}

/// The value of nearest rank ceil(q·n) (at least 1) among `entries` of (value, count) sorted
/// by value.
template <class Entries>
double nearest_rank(const Entries& entries, std::uint64_t n, double q) {
  auto rank = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(n)));
  rank = std::clamp<std::uint64_t>(rank, 1, n);
  std::uint64_t seen = 0;
  for (const auto& [value, count] : entries) {
    seen += count;
    if (seen >= rank)
      return value;
  }
  return entries.empty() ? 0 : entries.back().first;
}

} // namespace

struct Baseline::Derived {
  std::array<CellStats, k_cells_per_week> hour_of_week;
  std::array<CellStats, 24> hour_of_day;
  std::array<CellStats, 7> day_of_week;
  CellStats overall;
};

namespace {

Error bad(const std::string& origin, const std::string& where, const std::string& what) {
  return Error(origin + ": " + where + (where.empty() ? "" : ": ") + what);
}

} // namespace

// ---- cells -------------------------------------------------------------------------------

int hour_of_week(time::TimePoint ts) {
  using namespace std::chrono;
  auto day = floor<days>(ts);
  auto weekday_index = static_cast<int>(weekday(day).iso_encoding()) - 1;
  auto hour = static_cast<int>(floor<hours>(ts - day).count());
  return weekday_index * 24 + hour;
}

std::string cell_name(int index) {
  std::string name(k_days.at(static_cast<std::size_t>(index / 24)));
  int hour = index % 24;
  name += ' ';
  name += static_cast<char>('0' + hour / 10);
  name += static_cast<char>('0' + hour % 10);
  name += 'h';
  return name;
}

std::optional<int> parse_cell_name(std::string_view text) {
  if (text.size() != 7 || text[3] != ' ' || text[6] != 'h' || text[4] < '0' || text[4] > '9' || text[5] < '0' ||
      text[5] > '9')
    return std::nullopt;
  auto day = std::find(k_days.begin(), k_days.end(), text.substr(0, 3));
  int hour = (text[4] - '0') * 10 + (text[5] - '0');
  if (day == k_days.end() || hour > 23)
    return std::nullopt;
  return static_cast<int>(day - k_days.begin()) * 24 + hour;
}

std::string_view to_string(CellLevel level) {
  switch (level) {
  case CellLevel::hour_of_week:
    return "hour_of_week";
  case CellLevel::hour_of_day:
    return "hour_of_day";
  case CellLevel::day_of_week:
    return "day_of_week";
  case CellLevel::overall:
    return "overall";
  }
  return "overall";
}

// ---- binned moments ----------------------------------------------------------------------

std::int32_t BinnedMoments::key_of(double value) {
  double magnitude = std::fabs(value);
  if (!(magnitude >= k_min_magnitude))
    return 0;
  double index = std::ceil(std::log(magnitude / k_min_magnitude) / k_log_gamma);
  auto key = static_cast<std::int32_t>(std::min(index, static_cast<double>(k_max_key - 1))) + 1;
  return value < 0 ? -key : key;
}

double BinnedMoments::representative(std::int32_t key) {
  if (key == 0)
    return 0;
  double index = static_cast<double>(std::abs(key) - 1);
  double magnitude = k_min_magnitude * 2 * std::exp(index * k_log_gamma) / (k_gamma + 1);
  return key < 0 ? -magnitude : magnitude;
}

void BinnedMoments::add(double value) {
  std::int32_t key = key_of(value);
  auto it = std::lower_bound(m_bins.begin(), m_bins.end(), key, [](const Bin& b, std::int32_t k) { return b.key < k; });
  ++m_count;
  if (it != m_bins.end() && it->key == key) {
    ++it->count;
    double delta = value - it->mean;
    it->mean += delta / static_cast<double>(it->count);
    it->m2 += delta * (value - it->mean);
    return;
  }
  m_bins.insert(it, Bin{key, 1, value, 0});
  fold();
}

void BinnedMoments::insert(const Bin& bin) {
  auto it =
      std::lower_bound(m_bins.begin(), m_bins.end(), bin.key, [](const Bin& b, std::int32_t k) { return b.key < k; });
  m_count += bin.count;
  if (it != m_bins.end() && it->key == bin.key)
    combine(*it, bin);
  else
    m_bins.insert(it, bin);
}

void BinnedMoments::fold() {
  if (m_bins.size() <= k_baseline_max_bins)
    return;
  // The lowest bins go into the lowest one kept: the bins left are then those of the
  // k_baseline_max_bins highest keys ever seen, however the values were split across runs.
  std::size_t excess = m_bins.size() - k_baseline_max_bins;
  Bin& target = m_bins[excess];
  for (std::size_t i = 0; i < excess; ++i)
    combine(target, m_bins[i]);
  m_bins.erase(m_bins.begin(), m_bins.begin() + static_cast<std::ptrdiff_t>(excess));
}

void BinnedMoments::merge(const BinnedMoments& other) {
  if (other.empty())
    return;
  std::vector<Bin> merged;
  merged.reserve(m_bins.size() + other.m_bins.size());
  auto a = m_bins.cbegin();
  auto b = other.m_bins.cbegin();
  while (a != m_bins.cend() || b != other.m_bins.cend()) {
    if (b == other.m_bins.cend() || (a != m_bins.cend() && a->key < b->key)) {
      merged.push_back(*a++);
    } else if (a == m_bins.cend() || b->key < a->key) {
      merged.push_back(*b++);
    } else {
      merged.push_back(*a++);
      combine(merged.back(), *b++);
    }
  }
  m_bins = std::move(merged);
  m_count += other.m_count;
  fold();
}

void BinnedMoments::add_bin(const Bin& bin) {
  if (bin.count == 0)
    throw Error("a bin must hold at least one value");
  if (!m_bins.empty() && bin.key <= m_bins.back().key)
    throw Error("bins must come in increasing key order");
  if (m_bins.size() >= k_baseline_max_bins)
    throw Error("more than " + std::to_string(k_baseline_max_bins) + " bins");
  insert(bin);
}

std::pair<double, double> BinnedMoments::fence() const {
  constexpr double k_inf = std::numeric_limits<double>::infinity();
  if (m_count < k_baseline_min_points_to_trim)
    return {-k_inf, k_inf};
  // Everything here reads bins by their representatives and counts, never by their float
  // moments, so the fence is the same for every split of the same values.
  std::vector<std::pair<double, std::uint64_t>> by_value;
  by_value.reserve(m_bins.size());
  for (const Bin& bin : m_bins)
    by_value.emplace_back(representative(bin.key), bin.count);
  double median = nearest_rank(by_value, m_count, 0.5);
  std::vector<std::pair<double, std::uint64_t>> deviations;
  deviations.reserve(by_value.size());
  double total_deviation = 0;
  for (const auto& [value, count] : by_value) {
    deviations.emplace_back(std::fabs(value - median), count);
    total_deviation += std::fabs(value - median) * static_cast<double>(count);
  }
  std::sort(deviations.begin(), deviations.end());
  double scale = k_mad_to_sigma * nearest_rank(deviations, m_count, 0.5);
  if (scale == 0)
    scale = k_meanad_to_sigma * total_deviation / static_cast<double>(m_count);
  if (scale == 0)
    return {-k_inf, k_inf};
  double floor = k_min_fence_bins * 2 * k_baseline_alpha * std::fabs(median);
  double half_width = std::max(k_baseline_outlier_scales * scale, floor);
  // Second look: the MAD of a few dozen values is off by 20 % and more, and a low one would
  // cut ordinary values. The standard deviation of what the first fence keeps is free of the
  // outliers and far steadier: the fence is never narrower than 5 of those.
  double n = 0, sum = 0, sum_squares = 0;
  for (const auto& [value, count] : by_value)
    if (std::fabs(value - median) <= half_width) {
      auto c = static_cast<double>(count);
      n += c;
      sum += c * (value - median);
      sum_squares += c * (value - median) * (value - median);
    }
  if (n > 1) {
    double variance = std::max(0.0, (sum_squares - sum * sum / n) / (n - 1));
    half_width = std::max(half_width, k_baseline_outlier_scales * std::sqrt(variance));
  }
  return {median - half_width, median + half_width};
}

BinnedMoments BinnedMoments::trimmed() const {
  auto [lowest, highest] = fence();
  BinnedMoments kept;
  for (const Bin& bin : m_bins) {
    double value = representative(bin.key);
    if (value >= lowest && value <= highest) {
      kept.m_bins.push_back(bin);
      kept.m_count += bin.count;
    }
  }
  return kept;
}

CellStats BinnedMoments::describe() const {
  CellStats stats;
  stats.count = stats.kept = m_count;
  if (m_count == 0)
    return stats;
  Bin all;
  std::vector<std::pair<double, std::uint64_t>> means;
  means.reserve(m_bins.size());
  for (const Bin& bin : m_bins) {
    combine(all, bin);
    means.emplace_back(bin.mean, bin.count);
  }
  stats.mean = all.mean;
  stats.stddev = all.count > 1 ? std::sqrt(std::max(0.0, all.m2) / static_cast<double>(all.count - 1)) : 0;
  // A folded bin's mean can sit below a later bin's: percentiles read the bins in key order.
  stats.p05 = nearest_rank(means, all.count, 0.05);
  stats.p50 = nearest_rank(means, all.count, 0.50);
  stats.p95 = nearest_rank(means, all.count, 0.95);
  return stats;
}

CellStats BinnedMoments::stats() const {
  CellStats stats = trimmed().describe();
  stats.count = m_count;
  return stats;
}

// ---- series ------------------------------------------------------------------------------

std::string SeriesBaseline::key() const { return record::series_key(name, tags); }

CellStats SeriesBaseline::cell_stats(int index) const { return cells.at(static_cast<std::size_t>(index)).stats(); }

namespace {

/// A rollup: each cell's outliers dropped against the cell itself, then the union trimmed
/// once more (which catches the outliers of cells too small to trim on their own).
template <class Cells>
CellStats rollup(const Cells& cells) {
  BinnedMoments all;
  std::uint64_t count = 0;
  for (const BinnedMoments* cell : cells) {
    all.merge(cell->trimmed());
    count += cell->count();
  }
  CellStats stats = all.stats();
  stats.count = count;
  return stats;
}

} // namespace

CellStats SeriesBaseline::hour_of_day_stats(int hour) const {
  std::vector<const BinnedMoments*> selected;
  for (int day = 0; day < 7; ++day)
    selected.push_back(&cells.at(static_cast<std::size_t>(day * 24 + hour)));
  return rollup(selected);
}

CellStats SeriesBaseline::day_of_week_stats(int day) const {
  std::vector<const BinnedMoments*> selected;
  for (int hour = 0; hour < 24; ++hour)
    selected.push_back(&cells.at(static_cast<std::size_t>(day * 24 + hour)));
  return rollup(selected);
}

CellStats SeriesBaseline::overall_stats() const {
  std::vector<const BinnedMoments*> selected;
  for (const auto& cell : cells)
    selected.push_back(&cell);
  return rollup(selected);
}

// ---- baseline ----------------------------------------------------------------------------

void Baseline::invalidate(std::size_t position) {
  if (position < m_derived.size())
    m_derived[position].reset();
}

SeriesBaseline& Baseline::series_for_key(const std::string& key, const SeriesBaseline& like) {
  auto [it, inserted] = m_index.try_emplace(key, m_series.size());
  if (inserted) {
    SeriesBaseline series;
    series.name = like.name;
    series.tags = like.tags;
    series.unit = like.unit;
    m_series.push_back(std::move(series));
  }
  invalidate(it->second);
  return m_series[it->second];
}

SeriesBaseline& Baseline::series_for(const record::Record& record) {
  if (record.series_id != 0 && record.series_id < m_by_id.size() && m_by_id[record.series_id] != 0) {
    std::size_t position = m_by_id[record.series_id] - 1;
    invalidate(position);
    return m_series[position];
  }
  SeriesBaseline like;
  like.name = record.name;
  like.tags = record.tags;
  like.unit = record.unit;
  std::string key = record.series_key();
  SeriesBaseline& series = series_for_key(key, like);
  if (record.series_id != 0) {
    if (record.series_id >= m_by_id.size())
      m_by_id.resize(record.series_id + 1, 0);
    m_by_id[record.series_id] = static_cast<std::uint32_t>(m_index[key] + 1);
  }
  return series;
}

bool Baseline::add(const record::Record& record) {
  if (!record.is_sample() || !record.has_value || !record.has_ts || !std::isfinite(record.value))
    return false;
  SeriesBaseline& series = series_for(record);
  if (series.unit.empty())
    series.unit = record.unit;
  series.cells[static_cast<std::size_t>(hour_of_week(record.ts))].add(record.value);
  ++series.points;
  ++m_points;
  m_from = std::min(m_from, record.ts);
  m_to = std::max(m_to, record.ts);
  return true;
}

void Baseline::merge(const Baseline& other) {
  if (&other == this) {
    Baseline copy = other;
    merge(copy);
    return;
  }
  for (const SeriesBaseline& theirs : other.m_series) {
    SeriesBaseline& ours = series_for_key(theirs.key(), theirs);
    if (ours.unit.empty())
      ours.unit = theirs.unit;
    // A series new here was created with no cells: the merge below fills them.
    for (std::size_t i = 0; i < ours.cells.size(); ++i)
      ours.cells[i].merge(theirs.cells[i]);
    ours.points += theirs.points;
  }
  m_points += other.m_points;
  m_from = std::min(m_from, other.m_from);
  m_to = std::max(m_to, other.m_to);
}

const SeriesBaseline* Baseline::find(std::string_view series_key) const {
  auto it = m_index.find(std::string(series_key));
  return it == m_index.end() ? nullptr : &m_series[it->second];
}

std::optional<Deviation> Baseline::check(const record::Record& sample, const BaselineSettings& settings) const {
  if (!sample.has_ts || !std::isfinite(sample.value))
    return std::nullopt;
  return check(sample.series_key(), sample.ts, sample.value, settings);
}

std::optional<Deviation> Baseline::check(std::string_view series_key, time::TimePoint ts, double value,
                                         const BaselineSettings& settings) const {
  auto it = m_index.find(std::string(series_key));
  if (it == m_index.end() || !std::isfinite(value))
    return std::nullopt;
  std::size_t position = it->second;
  if (m_derived.size() < m_series.size())
    m_derived.resize(m_series.size());
  auto& slot = m_derived[position];
  if (!slot) {
    const SeriesBaseline& series = m_series[position];
    auto derived = std::make_shared<Derived>();
    for (int i = 0; i < k_cells_per_week; ++i)
      derived->hour_of_week[static_cast<std::size_t>(i)] = series.cell_stats(i);
    for (int h = 0; h < 24; ++h)
      derived->hour_of_day[static_cast<std::size_t>(h)] = series.hour_of_day_stats(h);
    for (int d = 0; d < 7; ++d)
      derived->day_of_week[static_cast<std::size_t>(d)] = series.day_of_week_stats(d);
    derived->overall = series.overall_stats();
    slot = std::move(derived);
  }
  const Derived* derived = slot.get();

  int index = hour_of_week(ts);
  Deviation deviation;
  const CellStats* stats = &derived->hour_of_week[static_cast<std::size_t>(index)];
  deviation.level = CellLevel::hour_of_week;
  deviation.cell = cell_name(index);
  if (stats->kept < settings.min_points) {
    stats = &derived->hour_of_day[static_cast<std::size_t>(index % 24)];
    deviation.level = CellLevel::hour_of_day;
    deviation.cell = deviation.cell.substr(4); // "14h"
  }
  if (stats->kept < settings.min_points) {
    stats = &derived->day_of_week[static_cast<std::size_t>(index / 24)];
    deviation.level = CellLevel::day_of_week;
    deviation.cell = std::string(k_days.at(static_cast<std::size_t>(index / 24)));
  }
  if (stats->kept < settings.min_points) {
    stats = &derived->overall;
    deviation.level = CellLevel::overall;
    deviation.cell = "all";
  }
  if (stats->kept < settings.min_points || stats->kept == 0)
    return std::nullopt;

  deviation.value = value;
  deviation.expected = stats->mean;
  deviation.stddev = std::max({stats->stddev, k_baseline_alpha * std::fabs(stats->mean), 1e-9});
  deviation.low = stats->mean - settings.warning_z * deviation.stddev;
  deviation.high = stats->mean + settings.warning_z * deviation.stddev;
  deviation.p05 = stats->p05;
  deviation.p50 = stats->p50;
  deviation.p95 = stats->p95;
  deviation.points = stats->kept;
  deviation.z = (value - stats->mean) / deviation.stddev;
  double magnitude = std::fabs(deviation.z);
  deviation.outside = magnitude > settings.warning_z;
  if (magnitude > settings.critical_z)
    deviation.severity = record::Severity::critical;
  else if (deviation.outside)
    deviation.severity = record::Severity::warning;
  return deviation;
}

// ---- the file ----------------------------------------------------------------------------

std::string Baseline::to_json() const {
  std::string out;
  out += "{\"version\":";
  out += std::to_string(k_baseline_version);
  out += ",\"kind\":";
  util::append_json_string(out, k_baseline_kind);
  out += ",\"alpha\":";
  util::append_number(out, k_baseline_alpha);
  out += ",\"max_bins\":";
  out += std::to_string(k_baseline_max_bins);
  out += ",\n\"learned\":{\"from\":";
  if (m_points == 0) {
    out += "null,\"to\":null";
  } else {
    util::append_json_string(out, time::format_timestamp(m_from));
    out += ",\"to\":";
    util::append_json_string(out, time::format_timestamp(m_to));
  }
  out += ",\"points\":";
  out += std::to_string(m_points);
  out += "},\n\"series\":[";
  bool first_series = true;
  for (const SeriesBaseline& series : m_series) {
    out += first_series ? "\n" : ",\n";
    first_series = false;
    out += "{\"name\":";
    util::append_json_string(out, series.name);
    out += ",\"tags\":{";
    for (std::size_t i = 0; i < series.tags.size(); ++i) {
      if (i > 0)
        out += ',';
      util::append_json_string(out, series.tags[i].first);
      out += ':';
      util::append_json_string(out, series.tags[i].second);
    }
    out += "}";
    if (!series.unit.empty()) {
      out += ",\"unit\":";
      util::append_json_string(out, series.unit);
    }
    out += ",\"points\":";
    out += std::to_string(series.points);
    out += ",\"cells\":[";
    bool first_cell = true;
    for (int i = 0; i < k_cells_per_week; ++i) {
      const BinnedMoments& cell = series.cells[static_cast<std::size_t>(i)];
      if (cell.empty())
        continue;
      out += first_cell ? "\n" : ",\n";
      first_cell = false;
      CellStats stats = cell.stats();
      out += " {\"cell\":";
      util::append_json_string(out, cell_name(i));
      out += ",\"count\":";
      out += std::to_string(stats.count);
      out += ",\"kept\":";
      out += std::to_string(stats.kept);
      for (auto [label, number] : {std::pair{",\"mean\":", stats.mean}, std::pair{",\"stddev\":", stats.stddev},
                                   std::pair{",\"p05\":", stats.p05}, std::pair{",\"p50\":", stats.p50},
                                   std::pair{",\"p95\":", stats.p95}}) {
        out += label;
        util::append_number(out, number);
      }
      out += ",\"bins\":[";
      bool first_bin = true;
      for (const Bin& bin : cell.bins()) {
        out += first_bin ? "[" : ",[";
        first_bin = false;
        out += std::to_string(bin.key);
        out += ',';
        out += std::to_string(bin.count);
        out += ',';
        util::append_number(out, bin.mean);
        out += ',';
        util::append_number(out, bin.m2);
        out += ']';
      }
      out += "]}";
    }
    out += "]}";
  }
  out += "\n]}\n";
  return out;
}

namespace {

json parse_document(std::string_view text, const std::string& origin) {
  try {
    return json::parse(text);
  } catch (const json::parse_error& e) {
    // e.byte is 1-based and points just past where parsing stopped: name its line and column.
    std::size_t at = std::min<std::size_t>(e.byte == 0 ? 0 : e.byte - 1, text.size());
    auto line = 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
    std::size_t line_start = at == 0 ? std::string_view::npos : text.rfind('\n', at - 1);
    std::size_t column = line_start == std::string_view::npos ? at + 1 : at - line_start;
    std::string what = e.what();
    if (auto colon = what.find(": "); colon != std::string::npos)
      what = what.substr(colon + 2); // nlohmann's own prefix names no file
    throw Error(origin + ":" + std::to_string(line) + ":" + std::to_string(column) + ": not valid JSON: " + what);
  } catch (const json::exception& e) {
    // A number past a double (2.8e45936344) is an out_of_range error, not a parse_error
    // (found by tests/fuzz/baseline.cpp: it ended pm-predict with std::terminate).
    std::string what = e.what();
    if (auto space = what.find("] "); space != std::string::npos)
      what = what.substr(space + 2);
    throw Error(origin + ": not valid JSON: " + what);
  }
}

const json& member(const json& object, const char* name, const std::string& origin, const std::string& where) {
  auto it = object.find(name);
  if (it == object.end())
    throw bad(origin, where, std::string("\"") + name + "\" is missing");
  return *it;
}

std::uint64_t unsigned_of(const json& value, const char* name, const std::string& origin, const std::string& where) {
  if (!value.is_number_unsigned())
    throw bad(origin, where, std::string("\"") + name + "\" must be a non-negative integer, got " + value.dump());
  return value.get<std::uint64_t>();
}

double number_of(const json& value, const char* name, const std::string& origin, const std::string& where) {
  if (!value.is_number())
    throw bad(origin, where, std::string("\"") + name + "\" must be a number, got " + value.dump());
  double number = value.get<double>();
  if (!std::isfinite(number))
    throw bad(origin, where, std::string("\"") + name + "\" must be finite");
  return number;
}

std::optional<time::TimePoint> time_of(const json& value, const char* name, const std::string& origin) {
  if (value.is_null())
    return std::nullopt;
  if (!value.is_string())
    throw bad(origin, "learned", std::string("\"") + name + "\" must be a time or null, got " + value.dump());
  auto ts = time::parse_timestamp(value.get<std::string>());
  if (!ts)
    throw bad(origin, "learned", std::string("\"") + name + "\": " + ts.error());
  return *ts;
}

BinnedMoments cell_of(const json& bins, const std::string& origin, const std::string& where) {
  if (!bins.is_array())
    throw bad(origin, where, "\"bins\" must be an array");
  BinnedMoments cell;
  for (std::size_t i = 0; i < bins.size(); ++i) {
    const json& item = bins[i];
    std::string at = where + ": bin " + std::to_string(i + 1);
    if (!item.is_array() || item.size() != 4)
      throw bad(origin, at, "must be [key, count, mean, m2], got " + util::quote(item.dump()));
    if (!item[0].is_number_integer() || std::llabs(item[0].get<long long>()) > k_max_key)
      throw bad(origin, at, "key must be an integer within ±" + std::to_string(k_max_key) + ", got " + item[0].dump());
    Bin bin;
    bin.key = static_cast<std::int32_t>(item[0].get<long long>());
    bin.count = unsigned_of(item[1], "count", origin, at);
    bin.mean = number_of(item[2], "mean", origin, at);
    bin.m2 = number_of(item[3], "m2", origin, at);
    if (bin.m2 < 0)
      throw bad(origin, at, "m2 must not be negative");
    try {
      cell.add_bin(bin);
    } catch (const Error& e) {
      throw bad(origin, at, e.what());
    }
  }
  if (cell.empty())
    throw bad(origin, where, "a cell must have bins");
  return cell;
}

} // namespace

Baseline Baseline::parse(std::string_view text, const std::string& origin) {
  json document = parse_document(text, origin);
  if (!document.is_object())
    throw bad(origin, "", "not a pm baseline (expected a JSON object)");
  auto kind = document.find("kind");
  if (kind == document.end() || !kind->is_string() || kind->get<std::string>() != k_baseline_kind)
    throw bad(origin, "", "not a pm baseline (\"kind\" is " + (kind == document.end() ? "missing" : kind->dump()) +
                              ", expected \"pm-baseline\")");
  auto version = document.find("version");
  if (version == document.end() || !version->is_number_integer() || version->get<long long>() != k_baseline_version)
    throw bad(origin, "",
              "baseline version " + (version == document.end() ? std::string("missing") : version->dump()) +
                  " is not supported (this pm reads version " + std::to_string(k_baseline_version) + ")");
  if (number_of(member(document, "alpha", origin, ""), "alpha", origin, "") != k_baseline_alpha ||
      unsigned_of(member(document, "max_bins", origin, ""), "max_bins", origin, "") != k_baseline_max_bins)
    throw bad(origin, "", "learned with \"alpha\" " + document["alpha"].dump() + " and \"max_bins\" " +
                              document["max_bins"].dump() + ", this pm uses " + util::format_number(k_baseline_alpha) +
                              " and " + std::to_string(k_baseline_max_bins));

  Baseline baseline;
  const json& learned = member(document, "learned", origin, "");
  if (!learned.is_object())
    throw bad(origin, "", "\"learned\" must be an object");
  auto from = time_of(member(learned, "from", origin, "learned"), "from", origin);
  auto to = time_of(member(learned, "to", origin, "learned"), "to", origin);
  baseline.m_points = unsigned_of(member(learned, "points", origin, "learned"), "points", origin, "learned");
  if (from.has_value() != to.has_value() || (from && *from > *to) || (baseline.m_points == 0) != !from)
    throw bad(origin, "learned", "\"from\", \"to\" and \"points\" disagree");
  if (from) {
    baseline.m_from = *from;
    baseline.m_to = *to;
  }

  const json& series_list = member(document, "series", origin, "");
  if (!series_list.is_array())
    throw bad(origin, "", "\"series\" must be an array");
  std::uint64_t total = 0;
  for (std::size_t s = 0; s < series_list.size(); ++s) {
    const json& item = series_list[s];
    std::string where = "series " + std::to_string(s + 1);
    if (!item.is_object())
      throw bad(origin, where, "must be an object");
    SeriesBaseline series;
    const json& name = member(item, "name", origin, where);
    if (!name.is_string())
      throw bad(origin, where, "\"name\" must be a string");
    series.name = name.get<std::string>();
    if (auto valid = record::validate_name(series.name); !valid)
      throw bad(origin, where, valid.error());
    if (auto tags = item.find("tags"); tags != item.end()) {
      if (!tags->is_object())
        throw bad(origin, where, "\"tags\" must be an object of strings");
      for (const auto& [key, value] : tags->items()) {
        if (!value.is_string())
          throw bad(origin, where, "tag " + util::quote(key) + " must be a string");
        series.tags.emplace_back(key, value.get<std::string>());
      }
      std::sort(series.tags.begin(), series.tags.end());
    }
    if (auto unit = item.find("unit"); unit != item.end()) {
      if (!unit->is_string())
        throw bad(origin, where, "\"unit\" must be a string");
      series.unit = unit->get<std::string>();
    }
    std::string key = series.key();
    where += " (" + key + ")";
    if (baseline.m_index.count(key) != 0)
      throw bad(origin, where, "appears twice");
    series.points = unsigned_of(member(item, "points", origin, where), "points", origin, where);
    const json& cells = member(item, "cells", origin, where);
    if (!cells.is_array())
      throw bad(origin, where, "\"cells\" must be an array");
    std::uint64_t in_cells = 0;
    for (const json& cell : cells) {
      if (!cell.is_object())
        throw bad(origin, where, "a cell must be an object");
      const json& label = member(cell, "cell", origin, where);
      auto index = label.is_string() ? parse_cell_name(label.get<std::string>()) : std::nullopt;
      if (!index)
        throw bad(origin, where, "\"cell\" must name an hour of week such as \"Tue 14h\", got " + label.dump());
      std::string cell_where = where + ": cell " + label.get<std::string>();
      auto& slot = series.cells[static_cast<std::size_t>(*index)];
      if (!slot.empty())
        throw bad(origin, cell_where, "appears twice");
      slot = cell_of(member(cell, "bins", origin, cell_where), origin, cell_where);
      in_cells += slot.count();
    }
    if (in_cells != series.points)
      throw bad(origin, where,
                "\"points\" is " + std::to_string(series.points) + " but its cells hold " + std::to_string(in_cells));
    total += series.points;
    baseline.m_index.emplace(key, baseline.m_series.size());
    baseline.m_series.push_back(std::move(series));
  }
  if (total != baseline.m_points)
    throw bad(origin, "learned",
              "\"points\" is " + std::to_string(baseline.m_points) + " but the series hold " + std::to_string(total));
  return baseline;
}

Baseline Baseline::load(const std::string& path, IfMissing if_missing) {
  if (if_missing == IfMissing::empty) {
    std::error_code error;
    auto status = std::filesystem::symlink_status(path, error);
    if (status.type() == std::filesystem::file_type::not_found)
      return Baseline{};
  }
  return parse(util::read_file(path), path);
}

void Baseline::save(const std::string& path) const { util::write_file_atomically(path, to_json(), 0600); }

} // namespace pm::predict
