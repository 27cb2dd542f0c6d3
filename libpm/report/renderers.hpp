// The output formats of pm-report: one registry row per format, name → renderer.
#pragma once

#include "libpm/report/model.hpp"
#include "libpm/util/output.hpp"

#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace pm::report {

/// What a renderer may know about where its output goes.
struct RenderContext {
  bool terminal = false; ///< stdout is a terminal: sparklines in text
  bool colour = false;   ///< terminal and NO_COLOR unset
  std::size_t width = 0; ///< columns the text format fits in ($COLUMNS, else the terminal's); 0: no limit
};

using RenderFunction = void (*)(const Report& report, const RenderContext& context, std::string& out);

/// A format that exports the selected samples themselves (through libpm/format) rather
/// than the summary. It sees every record as it is read, then the finished report, whose
/// gates it writes as samples of `pm_report.gate.failed` (tag `gate`, value 1 or 0) so that
/// failing gates are named in these formats too.
class Exporter {
public:
  virtual ~Exporter() = default;
  virtual void add(const record::Record& record, util::Output& out) = 0;
  virtual void finish(const Report& report, util::Output& out) = 0;
  /// What the export could not carry, one message each (said on stderr).
  virtual std::vector<std::string> warnings() const { return {}; }
};
using ExporterFactory = std::unique_ptr<Exporter> (*)();

struct Renderer {
  std::string_view name;
  std::string_view description;
  RenderFunction render;            ///< the summary formats
  ExporterFactory exporter = nullptr; ///< the export formats (render is then nullptr)
  bool charts = false; ///< draws SeriesReport::chart (else its points are not collected)
};

/// Every format, in the order --help lists them. Adding a format is adding a row here and
/// a render_<name>.cpp beside it.
std::span<const Renderer> renderers();
/// The renderer called `name`, or nullptr.
const Renderer* find_renderer(std::string_view name);
/// "text, json, ..." for messages and --help.
std::string renderer_names();

void render_text(const Report& report, const RenderContext& context, std::string& out);
void render_json(const Report& report, const RenderContext& context, std::string& out);
void render_markdown(const Report& report, const RenderContext& context, std::string& out);
void render_html(const Report& report, const RenderContext& context, std::string& out);
void render_junit(const Report& report, const RenderContext& context, std::string& out);
void render_csv(const Report& report, const RenderContext& context, std::string& out);

std::unique_ptr<Exporter> make_openmetrics_exporter();
std::unique_ptr<Exporter> make_prometheus_exporter();
std::unique_ptr<Exporter> make_influx_exporter();

/// The gates as records `pm_report.gate.failed{gate="NAME"}` = 1 (failed) or 0, at `report.now`.
std::vector<record::Record> gate_records(const Report& report);

/// The module dashboard of pm-report(1) `--format json` as a JSON value (render_json prints it).
nlohmann::ordered_json dashboard_json(const Report& report);
/// The message of an alert: its own, else "module: metric = 0.650 (threshold: 0.500)".
std::string alert_message(const AlertItem& alert);
/// What the alert judged as the dashboard names it (`latency_p95`), else its metric.
inline const std::string& judged_name(const AlertItem& alert) { return alert.judged.empty() ? alert.metric : alert.judged; }

} // namespace pm::report
