// The output formats of pm-report: one registry row per format, name → renderer.
#pragma once

#include "libpm/report/model.hpp"

#include <span>
#include <string>
#include <string_view>

namespace pm::report {

/// What a renderer may know about where its output goes.
struct RenderContext {
  bool terminal = false; ///< stdout is a terminal: sparklines in text
  bool colour = false;   ///< terminal and NO_COLOR unset
};

using RenderFunction = void (*)(const Report& report, const RenderContext& context, std::string& out);

struct Renderer {
  std::string_view name;
  std::string_view description;
  RenderFunction render;
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

/// The dashboard of DESIGN §4 as a JSON value (render_json prints it).
nlohmann::ordered_json dashboard_json(const Report& report);
/// The message of an alert: its own, else "module: metric = 0.650 (threshold: 0.500)".
std::string alert_message(const AlertItem& alert);

} // namespace pm::report
