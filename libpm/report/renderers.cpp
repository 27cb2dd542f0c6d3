// The format registry.
#include "libpm/report/renderers.hpp"

namespace pm::report {

namespace {

constexpr Renderer k_renderers[] = {
    {"text", "aligned tables for a terminal (sparklines and colour on a terminal only)", render_text, nullptr, true},
    {"json", "the module dashboard with per-series metrics and health", render_json},
    {"markdown", "GitHub-flavoured Markdown, e.g. for $GITHUB_STEP_SUMMARY", render_markdown},
    {"html", "one self-contained page with SVG charts", render_html, nullptr, true},
    {"junit", "JUnit XML, one testcase per gate or alert rule", render_junit},
    {"csv", "one row per series (and per --every bucket)", render_csv},
    {"openmetrics", "every sample with its timestamp, for promtool tsdb create-blocks-from openmetrics", nullptr,
     make_openmetrics_exporter},
    {"prometheus", "the latest value per series, no timestamps, for the node_exporter textfile collector", nullptr,
     make_prometheus_exporter},
    {"influx", "InfluxDB line protocol, one line per sample", nullptr, make_influx_exporter},
};

} // namespace

std::span<const Renderer> renderers() { return k_renderers; }

const Renderer* find_renderer(std::string_view name) {
  for (const auto& renderer : k_renderers)
    if (renderer.name == name)
      return &renderer;
  return nullptr;
}

std::string renderer_names() {
  std::string names;
  for (const auto& renderer : k_renderers) {
    if (!names.empty())
      names += ", ";
    names += renderer.name;
  }
  return names;
}

} // namespace pm::report
