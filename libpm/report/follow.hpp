// pm-report --follow: a live dashboard of a stream, redrawn in place like top, in bounded memory.
#pragma once

#include "libpm/alert/rule.hpp"
#include "libpm/record/record.hpp"
#include "libpm/report/model.hpp"
#include "libpm/report/report.hpp"
#include "libpm/report/units.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace pm::report {

/// What the live view keeps, whatever the stream's length: memory is about
/// series × points × 8 bytes (200 × 120: under 200 KiB) plus the lists below.
struct FollowLimits {
  std::size_t points = 120;        ///< recent values kept per series (a fixed ring)
  std::size_t series = 200;        ///< series followed; later ones are counted, not kept
  std::size_t events = 20;         ///< recent anomalies and recommendations kept
  std::size_t alerts = 1000;       ///< firing alerts of the input kept
  time::Duration event_age{300000}; ///< anomalies count this long (record time) after their ts
};

/// Where a frame goes: its size and how it may draw.
struct Screen {
  std::size_t rows = 24;    ///< lines a frame may take; 0: as many as it needs
  std::size_t columns = 80; ///< no line is wider
  Glyphs glyphs = Glyphs::unicode;
  bool colour = false;
};

/// Folds records into the live state: per series a ring of its last values, the input's
/// firing alerts, its recent anomalies and recommendations, and the alert rules (--rules,
/// --defaults) run through alert::Engine as records arrive. A frame is one screen of it.
class FollowView {
public:
  /// `group_by` names the component tag (empty: module, else endpoint). Throws UsageError
  /// when a rule cannot run in a stream (see alert::Engine).
  FollowView(FollowLimits limits, std::vector<alert::Rule> rules, std::string group_by);
  ~FollowView();
  FollowView(const FollowView&) = delete;
  FollowView& operator=(const FollowView&) = delete;

  void add(const record::Record& record);
  /// Records taken so far (samples and derived).
  std::uint64_t records() const;

  /// One screen: a title line with the latest record time, counts and the health verdict
  /// (assess_health over the recent state: active alerts, components over their recent
  /// requests, recent severe anomalies and recommendations) and its reasons; the active
  /// alerts; the components; then one line per series, the most telling first (those with
  /// an active alert, then the figures vmstat and sar lead with: CPU, memory, load, disk,
  /// network; then the rest by name) with its last value, min, mean and max over the
  /// recent values and a sparkline of them; and a line saying how many series did not fit
  /// or were not followed. At most `screen.rows` lines (when not 0), none wider than
  /// `screen.columns`, each without a newline.
  std::vector<std::string> frame(const Screen& screen) const;

private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

/// pm-report --follow: reads the inputs as they grow and redraws the view every
/// `--refresh` (default 1 s). On a terminal the frame is redrawn in place on the alternate
/// screen with the cursor hidden; at the end of input or on SIGINT/SIGTERM the terminal is
/// restored and the final frame is printed on the normal screen. Elsewhere (a pipe, a
/// file) frames are written one after another, each followed by an empty line, without
/// escape codes, as `top -b` does: one when records arrived since the last, and a final
/// one. The size comes from LINES and COLUMNS, else the terminal, else 24×80 on a terminal
/// and 80 columns of any length elsewhere. Returns 0, or 1 when an input line was bad.
/// Throws UsageError for options that mean nothing for a live view.
int run_follow(const Options& options, cli::Context& context);

} // namespace pm::report
