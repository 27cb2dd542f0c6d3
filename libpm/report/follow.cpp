// The live view's state and its frames: rings of recent values, alerts, health, one screen.
#include "libpm/report/follow.hpp"

#include "libpm/alert/engine.hpp"
#include "libpm/record/request.hpp"
#include "libpm/report/health.hpp"
#include "libpm/report/renderers.hpp"
#include "libpm/report/rules.hpp"
#include "libpm/stats/rank.hpp"
#include "libpm/util/strings.hpp"
#include "libpm/util/table.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <deque>
#include <map>
#include <unordered_map>
#include <unordered_set>

namespace pm::report {

namespace {

using util::cut_to_width;
using util::display_width;

/// The last `capacity` values of a series, oldest overwritten first.
class Ring {
public:
  explicit Ring(std::size_t capacity) : m_values(std::max<std::size_t>(capacity, 1)) {}
  void add(double value) {
    m_values[m_next] = value;
    m_next = (m_next + 1) % m_values.size();
    m_size = std::min(m_size + 1, m_values.size());
  }
  std::size_t size() const { return m_size; }
  /// The last `n` values (at most size()), oldest first.
  std::vector<double> last(std::size_t n) const {
    n = std::min(n, m_size);
    std::vector<double> out;
    out.reserve(n);
    std::size_t start = (m_next + m_values.size() - n) % m_values.size();
    for (std::size_t i = 0; i < n; ++i)
      out.push_back(m_values[(start + i) % m_values.size()]);
    return out;
  }

private:
  std::vector<double> m_values;
  std::size_t m_next = 0;
  std::size_t m_size = 0;
};

struct FollowSeries {
  std::string name;
  record::Tags tags;
  std::string unit;
  std::string key;
  Ring ring;
  double last = 0;
  std::string component; ///< for requests: the component; error tells whether they failed
  bool request = false;
  bool error = false;
  FollowSeries(const record::Record& record, std::size_t points)
      : name(record.name), tags(record.tags), unit(record.unit), key(record.series_key()), ring(points) {}
};

/// Where a series goes among the key figures (lower first): the columns vmstat and sar lead
/// with. Series of other names come after all of these.
constexpr std::array<std::string_view, 22> k_key_figures = {
    "system.cpu.usage",        "system.cpu.user",         "system.cpu.system",       "system.cpu.iowait",
    "system.memory.usage",     "system.swap.usage",       "system.load.1m",          "system.load.5m",
    "system.load.15m",         "system.disk.read_bytes",  "system.disk.write_bytes", "system.disk.busy",
    "system.network.rx_bytes", "system.network.tx_bytes", "system.network.rx_packets",
    "system.network.tx_packets", "system.filesystem.usage", "api.request.duration",  "task.duration",
    "health.up",               "health.latency",          "system.processes.running"};

/// The rank of a series among the key figures; a part of the whole (one CPU of many, the
/// loopback interface) after the whole.
std::size_t key_rank(const FollowSeries& s) {
  auto at = std::find(k_key_figures.begin(), k_key_figures.end(), s.name);
  std::size_t rank = static_cast<std::size_t>(at - k_key_figures.begin());
  for (const auto& [key, value] : s.tags)
    if ((key == "cpu" && value != "total") || (key == "interface" && value == "lo"))
      rank += k_key_figures.size() + 1;
  return rank;
}

/// A number as short as it reads: units scaled (ms, KiB/s, %), other rates as `14.1k/s`.
std::string compact(double value, std::string_view unit) {
  if (unit == "bytes" || unit == "bytes/s") {
    // Three digits, as free -h: "14.1KiB/s", "512B".
    std::string text = util::human_number(value, 1024);
    bool scaled = !text.empty() && std::isalpha(static_cast<unsigned char>(text.back()));
    return text + (scaled ? "iB" : "B") + (unit == "bytes/s" ? "/s" : "");
  }
  if (unit.ends_with("/s"))
    return short_number(value) + "/s";
  if (unit == "celsius")
    return short_number(value) + "°C";
  if (unit == "percent" || unit == "seconds" || unit == "s" || unit.size() <= 3)
    return humanize(value, unit);
  return short_number(value); // a long unit name would crowd the columns: the name tells
}

std::string paint(const Screen& screen, std::string_view code, std::string_view text) {
  if (!screen.colour)
    return std::string(text);
  return "\033[" + std::string(code) + "m" + std::string(text) + "\033[0m";
}

std::string status_code(std::string_view status) {
  return status == "healthy" ? "32" : status == "degraded" ? "33" : "31;1";
}

std::string upper(std::string text) {
  for (auto& c : text)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

/// `text` padded with spaces to `width` columns, on the right (`left`) or the left.
std::string pad(const std::string& text, std::size_t width, bool left) {
  std::size_t w = display_width(text);
  if (w >= width)
    return text;
  std::string spaces(width - w, ' ');
  return left ? text + spaces : spaces + text;
}

/// The time of day of `t` in UTC, `10:15:03`.
std::string clock_of(time::TimePoint t) { return time::format_timestamp(t).substr(11, 8); }

} // namespace

struct FollowView::Impl {
  FollowLimits limits;
  std::string group_by;
  std::unique_ptr<alert::Engine> engine;
  std::deque<FollowSeries> series;
  std::unordered_map<std::uint64_t, std::vector<std::size_t>> by_hash; ///< series_hash → indices
  std::unordered_set<std::uint64_t> left_out; ///< hashes of series beyond the limit (at most 10000)
  std::map<std::string, AlertItem> input_alerts; ///< rule + series → firing alert of the input
  std::deque<EventItem> anomalies;
  std::deque<EventItem> recommendations;
  std::uint64_t records = 0;
  time::TimePoint latest{};
  bool any = false;

  FollowSeries* find_series(const record::Record& record) {
    std::uint64_t hash = record::series_hash(record);
    auto& bucket = by_hash[hash];
    for (std::size_t i : bucket)
      if (series[i].name == record.name && series[i].tags == record.tags)
        return &series[i];
    if (series.size() >= limits.series) {
      if (bucket.empty())
        by_hash.erase(hash);
      if (left_out.size() < 10000)
        left_out.insert(hash);
      return nullptr;
    }
    bucket.push_back(series.size());
    series.emplace_back(record, limits.points);
    FollowSeries& s = series.back();
    if (record.name == record::k_request_metric) {
      s.request = true;
      std::string_view component = record::component_of(record, group_by);
      s.component = component.empty() ? "(none)" : std::string(component);
      s.error = record::is_failed_request(record);
    }
    return &s;
  }

  EventItem event_of(const record::Record& record) const {
    EventItem item;
    item.kind = record.kind;
    item.ts = record.ts;
    item.series = record.series_key();
    item.name = record.name;
    item.unit = record.unit;
    if (record.has_value)
      item.value = record.value;
    auto fields = record.extra_fields();
    if (fields.is_object()) {
      if (auto it = fields.find("severity"); it != fields.end() && it->is_string())
        item.severity = it->get<std::string>();
      if (auto it = fields.find("message"); it != fields.end() && it->is_string())
        item.message = it->get<std::string>();
    }
    return item;
  }

  void add_alert(const record::Record& record) {
    auto fields = record.extra_fields();
    if (!fields.is_object())
      fields = nlohmann::json::object();
    auto text = [&](const char* key) {
      auto it = fields.find(key);
      return it != fields.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    AlertItem item;
    item.ts = record.ts;
    item.metric = record.name;
    item.judged = judged_metric(text("aggregate"), record.name);
    item.series = record.series_key();
    item.rule = text("rule");
    item.module = std::string(record::component_of(record, group_by));
    if (item.module.empty())
      item.module = item.series;
    item.value = record.value;
    if (auto it = fields.find("value"); !record.has_value && it != fields.end() && it->is_number())
      item.value = it->get<double>();
    if (auto it = fields.find("threshold"); it != fields.end() && it->is_number())
      item.threshold = it->get<double>();
    item.level = text("severity");
    if (item.level.empty())
      item.level = "warning";
    item.state = text("state");
    item.message = text("message");
    std::string key = item.rule + '\x1f' + item.series;
    if (item.state == "resolved")
      input_alerts.erase(key);
    else if (input_alerts.size() < limits.alerts || input_alerts.count(key))
      input_alerts.insert_or_assign(key, std::move(item));
  }

  void add(const record::Record& record) {
    ++records;
    if (!any || record.ts > latest)
      latest = record.ts;
    any = true;
    if (record.is_sample()) {
      if (FollowSeries* s = find_series(record)) {
        s->ring.add(record.value);
        s->last = record.value;
        if (s->unit.empty())
          s->unit = record.unit;
      }
      if (engine)
        engine->process(record, [](const alert::Event&) {}); // firing() is read per frame
    } else if (record.kind == "alert") {
      add_alert(record);
    } else if (record.kind == "anomaly") {
      anomalies.push_back(event_of(record));
      if (anomalies.size() > limits.events)
        anomalies.pop_front();
    } else if (record.kind == "recommendation") {
      EventItem item = event_of(record);
      std::erase_if(recommendations, [&](const EventItem& r) { return r.message == item.message && r.series == item.series; });
      recommendations.push_back(std::move(item));
      if (recommendations.size() > limits.events)
        recommendations.pop_front();
    }
  }

  std::vector<AlertItem> active_alerts() const {
    std::vector<AlertItem> out;
    for (const auto& [key, alert] : input_alerts)
      out.push_back(alert);
    if (engine)
      for (const auto& event : engine->firing()) {
        AlertItem item;
        item.ts = event.since;
        item.rule = event.rule;
        item.metric = event.name;
        item.judged = judged_metric(event.aggregate, event.name);
        record::Record r;
        r.name = event.name;
        r.tags = event.tags;
        item.series = r.series_key();
        std::string_view module = record::component_of(r, group_by);
        item.module = module.empty() ? item.series : std::string(module);
        item.value = event.value;
        item.threshold = event.threshold;
        item.level = std::string(record::to_string(event.severity));
        item.state = "firing";
        item.message = event.message;
        out.push_back(std::move(item));
      }
    std::sort(out.begin(), out.end(), [](const AlertItem& a, const AlertItem& b) { return a.ts < b.ts; });
    return out;
  }

  /// The components over the recent requests their series hold.
  std::vector<ComponentReport> components() const {
    struct Values {
      std::vector<double> all;
      std::uint64_t errors = 0;
    };
    std::map<std::string, Values> by_name;
    for (const auto& s : series) {
      if (!s.request)
        continue;
      auto values = s.ring.last(s.ring.size());
      auto& v = by_name[s.component];
      v.all.insert(v.all.end(), values.begin(), values.end());
      if (s.error)
        v.errors += values.size();
    }
    std::vector<ComponentReport> out;
    for (auto& [name, values] : by_name) {
      auto& v = values; // the lambda below captures it (clang 14 captures no structured binding)
      if (v.all.empty())
        continue;
      std::sort(v.all.begin(), v.all.end());
      ComponentReport c;
      c.name = name;
      c.requests = v.all.size();
      c.errors = v.errors;
      double sum = 0;
      for (double x : v.all)
        sum += x;
      c.latency_mean = sum / static_cast<double>(v.all.size());
      auto at = [&](double q) { return v.all[stats::nearest_rank(q, v.all.size()) - 1]; };
      c.latency_p50 = at(0.50);
      c.latency_p95 = at(0.95);
      c.latency_p99 = at(0.99);
      c.error_rate = static_cast<double>(c.errors) / static_cast<double>(c.requests);
      out.push_back(std::move(c));
    }
    return out;
  }

  /// The state as a Report, for assess_health.
  Report health_report() const {
    Report report;
    report.alerts = active_alerts();
    report.components = components();
    for (const auto& a : anomalies)
      if (a.ts + limits.event_age >= latest)
        report.anomalies.push_back(a);
    report.recommendations.assign(recommendations.begin(), recommendations.end());
    assess_health(report);
    return report;
  }
};

FollowView::FollowView(FollowLimits limits, std::vector<alert::Rule> rules, std::string group_by)
    : m_impl(std::make_unique<Impl>()) {
  m_impl->limits = limits;
  m_impl->group_by = std::move(group_by);
  if (!rules.empty()) {
    alert::check_unique_names(rules);
    m_impl->engine = std::make_unique<alert::Engine>(std::move(rules));
  }
}

FollowView::~FollowView() = default;

void FollowView::add(const record::Record& record) { m_impl->add(record); }

std::uint64_t FollowView::records() const { return m_impl->records; }

std::vector<std::string> FollowView::frame(const Screen& screen) const {
  const Impl& impl = *m_impl;
  const std::size_t columns = std::max<std::size_t>(screen.columns, 20);
  const Report health = impl.health_report();
  std::vector<std::string> lines;
  auto room = [&](std::size_t reserve) {
    return screen.rows == 0 || lines.size() + reserve < screen.rows;
  };
  auto push = [&](const std::string& line) { lines.push_back(cut_to_width(line, columns)); };

  // The title and the verdict.
  const std::size_t total_series = impl.series.size() + impl.left_out.size();
  // The verdict before anything that may be cut.
  std::string when = "waiting for records";
  if (impl.any) {
    when = time::format_timestamp(impl.latest);
    when = when.substr(0, 19) + "Z"; // to the second
  }
  push("pm-report  health " + paint(screen, status_code(health.health.status), upper(health.health.status)) + "  " +
       when + "  " + std::to_string(impl.records) + " records  " + std::to_string(total_series) + " series");
  const auto& reasons = health.health.reasons;
  for (std::size_t i = 0; i < reasons.size() && i < 2 && room(2); ++i)
    push(i == 1 && reasons.size() > 2 ? "  - " + reasons[i] + " (and " + std::to_string(reasons.size() - 2) + " more)"
                                      : "  - " + reasons[i]);

  // Alerts: at most a quarter of the screen, the newest last.
  if (!health.alerts.empty() && room(3)) {
    push("");
    push("Active alerts (" + std::to_string(health.alerts.size()) + ")");
    std::size_t most = screen.rows ? std::max<std::size_t>(1, screen.rows / 4) : health.alerts.size();
    std::size_t shown = std::min(most, health.alerts.size());
    for (std::size_t i = health.alerts.size() - shown; i < health.alerts.size() && room(1); ++i) {
      const auto& a = health.alerts[i];
      push("  " + clock_of(a.ts) + "  " + pad(paint(screen, a.level == "warning" ? "33" : "31", a.level), 8, true) +
           "  " + alert_message(a));
    }
  }

  // Components, when the stream holds requests.
  if (!health.components.empty() && room(3)) {
    push("");
    push("  " + pad("component", 16, true) + pad("req", 7, false) + pad("err%", 8, false) + pad("p50", 9, false) +
         pad("p95", 9, false) + pad("p99", 9, false));
    std::size_t shown = 0;
    for (const auto& c : health.components) {
      if (shown++ == 3 || !room(1))
        break;
      char rate[16];
      std::snprintf(rate, sizeof rate, "%.1f%%", c.error_rate * 100);
      push("  " + pad(cut_to_width(c.name, 15), 16, true) + pad(std::to_string(c.requests), 7, false) +
           pad(rate, 8, false) + pad(humanize(c.latency_p50, "seconds"), 9, false) +
           pad(humanize(c.latency_p95, "seconds"), 9, false) + pad(humanize(c.latency_p99, "seconds"), 9, false));
    }
  }

  if (impl.series.empty() || (screen.rows && lines.size() + 3 > screen.rows))
    return lines; // no room for a head and a series

  // Series, the most telling first.
  std::unordered_set<std::string> alerting;
  for (const auto& a : health.alerts)
    alerting.insert(a.series);
  std::vector<const FollowSeries*> order;
  for (const auto& s : impl.series)
    order.push_back(&s);
  std::stable_sort(order.begin(), order.end(), [&](const FollowSeries* a, const FollowSeries* b) {
    bool fa = alerting.count(a->key) > 0, fb = alerting.count(b->key) > 0;
    if (fa != fb)
      return fa;
    std::size_t ra = key_rank(*a), rb = key_rank(*b);
    if (ra != rb)
      return ra < rb;
    return a->key < b->key;
  });
  // A host tag all series that have one share says nothing on each line.
  std::string host;
  bool one_host = true, seen_host = false;
  for (const auto* s : order) {
    auto it = std::find_if(s->tags.begin(), s->tags.end(), [](const auto& t) { return t.first == "host"; });
    if (it == s->tags.end())
      continue;
    if (!seen_host)
      host = it->second;
    else if (it->second != host)
      one_host = false;
    seen_host = true;
  }
  auto label_of = [&](const FollowSeries& s) {
    std::string label = s.name;
    std::string values;
    for (const auto& [key, value] : s.tags) {
      if (key == "host" && one_host)
        continue;
      values += (values.empty() ? "" : ",") + value;
    }
    return values.empty() ? label : label + " " + values;
  };

  push("");
  const std::size_t header_at = lines.size();
  lines.emplace_back(); // the column heads, once the widths are known
  std::size_t capacity = screen.rows == 0 ? order.size() : (lines.size() < screen.rows ? screen.rows - lines.size() : 0);
  const std::size_t not_followed = impl.left_out.size();
  bool clipped = order.size() > capacity || not_followed > 0;
  if (screen.rows && clipped && capacity > 0 && order.size() + 1 > capacity)
    --capacity; // room for the note line
  const std::size_t shown = std::min(order.size(), capacity);

  struct Row {
    std::string label, last, min, mean, max;
    std::vector<double> values;
  };
  std::vector<Row> rows;
  std::size_t w_label = 6, w_number = 4;
  for (std::size_t i = 0; i < shown; ++i) {
    const FollowSeries& s = *order[i];
    Row row;
    row.label = label_of(s);
    row.values = s.ring.last(s.ring.size());
    double lo = row.values.front(), hi = lo, sum = 0;
    for (double v : row.values) {
      lo = std::min(lo, v);
      hi = std::max(hi, v);
      sum += v;
    }
    row.last = compact(s.last, s.unit);
    row.min = compact(lo, s.unit);
    row.mean = compact(sum / static_cast<double>(row.values.size()), s.unit);
    row.max = compact(hi, s.unit);
    w_label = std::max(w_label, display_width(row.label));
    for (const auto* cell : {&row.last, &row.min, &row.mean, &row.max})
      w_number = std::max(w_number, display_width(*cell));
    rows.push_back(std::move(row));
  }
  // Room: the label (up to 40 columns), the figures, a sparkline of at least 16 (or of all
  // the values held, when fewer); min goes first when narrow, then max.
  std::size_t longest = 0;
  for (const auto& row : rows)
    longest = std::max(longest, row.values.size());
  const std::size_t spark_min = std::min<std::size_t>(16, longest);
  bool with_min = true, with_max = true;
  auto figures_width = [&] { return (2 + (with_min ? 1 : 0) + (with_max ? 1 : 0)) * (w_number + 2); };
  auto fits = [&](std::size_t label) { return 2 + label + figures_width() + 2 + spark_min <= columns; };
  const std::size_t label_want = std::min<std::size_t>(w_label, 40);
  if (!fits(label_want))
    with_min = false;
  if (!fits(std::min<std::size_t>(label_want, 20)))
    with_max = false;
  std::size_t used = 2 + figures_width() + 2;
  std::size_t rest = columns > used ? columns - used : 0;
  std::size_t label_width = std::min(label_want, rest > spark_min + 8 ? rest - spark_min : std::min<std::size_t>(rest, 8));
  std::size_t spark = std::min(rest > label_width ? rest - label_width : 0, impl.limits.points);

  auto figures_of = [&](const std::string& last, const std::string& min, const std::string& mean, const std::string& max) {
    std::string out = "  " + pad(last, w_number, false);
    if (with_min)
      out += "  " + pad(min, w_number, false);
    out += "  " + pad(mean, w_number, false);
    if (with_max)
      out += "  " + pad(max, w_number, false);
    return out;
  };
  lines[header_at] = cut_to_width("  " + pad("series", label_width, true) + figures_of("last", "min", "mean", "max") +
                                      (spark >= 6 ? "  recent" : ""),
                                  columns);
  for (const auto& row : rows) {
    std::string line = "  " + pad(cut_to_width(row.label, label_width), label_width, true) +
                       figures_of(row.last, row.min, row.mean, row.max);
    if (spark) {
      std::vector<double> tail(row.values.end() - static_cast<std::ptrdiff_t>(std::min(spark, row.values.size())),
                               row.values.end());
      line += "  " + sparkline(tail, screen.glyphs);
    }
    push(line);
  }
  if (clipped && (screen.rows == 0 || lines.size() < screen.rows)) {
    std::string note = "  ";
    if (order.size() > shown)
      note += std::to_string(order.size() - shown) + " more series not shown (choose with --metric)";
    if (not_followed > 0)
      note += std::string(order.size() > shown ? "; " : "") + std::to_string(not_followed) +
              (not_followed >= 10000 ? "+" : "") + " series not followed (at most " +
              std::to_string(impl.limits.series) + ")";
    push(note);
  }
  return lines;
}

} // namespace pm::report
