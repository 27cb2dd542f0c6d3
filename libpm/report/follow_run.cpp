// pm-report --follow's loop: read the stream, redraw every --refresh, restore the terminal.
#include "libpm/report/follow.hpp"

#include "libpm/cli/setting.hpp"

#include "libpm/util/error.hpp"
#include "libpm/util/signals.hpp"
#include "libpm/util/strings.hpp"

#include <chrono>
#include <cstdlib>
#include <optional>
#include <sys/ioctl.h>
#include <unistd.h>

namespace pm::report {

namespace {

/// A positive number from the environment variable `name`, or 0.
std::size_t env_size(const char* name) {
  const char* text = std::getenv(name);
  if (text == nullptr || *text == '\0')
    return 0;
  auto n = util::parse_integer(text);
  return n && *n > 0 ? static_cast<std::size_t>(*n) : 0;
}

/// The size frames take: LINES and COLUMNS when set, else the terminal's, else 24×80 on a
/// terminal and 80 columns without a limit on lines elsewhere.
Screen screen_size(bool terminal, Screen screen) {
  winsize size{};
  bool known = terminal && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0 && size.ws_row > 0;
  std::size_t rows = env_size("LINES"), columns = env_size("COLUMNS");
  screen.rows = rows ? rows : known ? size.ws_row : terminal ? 24 : 0;
  screen.columns = columns ? columns : known ? size.ws_col : 80;
  return screen;
}

/// The alternate screen with the cursor hidden while it lives (as top and less use it);
/// the normal screen and the cursor come back when it ends, however the run ends.
class AlternateScreen {
public:
  explicit AlternateScreen(util::Output& out) : m_out(out) {
    m_out.write("\033[?1049h\033[?25l");
    m_out.flush();
  }
  AlternateScreen(const AlternateScreen&) = delete;
  AlternateScreen& operator=(const AlternateScreen&) = delete;
  ~AlternateScreen() { leave(); }
  void leave() {
    if (m_left)
      return;
    m_left = true;
    try {
      m_out.flush();
    } catch (...) {
      // The terminal is restored below whatever became of the frame.
    }
    static constexpr char k_restore[] = "\033[0m\033[?25h\033[?1049l";
    (void)!::write(STDOUT_FILENO, k_restore, sizeof k_restore - 1);
  }

private:
  util::Output& m_out;
  bool m_left = false;
};

void check_follow_options(const Options& options) {
  auto reject = [](const std::string& option) {
    throw UsageError("--follow draws a live view of the stream: " + option + " is for a report (drop --follow)");
  };
  if (options.format != "text")
    reject("--format");
  if (!options.output.empty())
    reject("--output");
  if (!options.every.empty())
    reject("--every");
  if (!options.baseline.empty())
    reject("--baseline");
  if (!options.tolerance.empty())
    reject("--tolerance");
  if (options.compare != "mean")
    reject("--compare");
  if (!options.fail_on_regression.empty())
    reject("--fail-on-regression");
  if (!options.fail_on.empty())
    reject("--fail-on");
  if (!options.horizon.empty())
    reject("--horizon");
  if (options.exact_limit != Options{}.exact_limit)
    reject("--exact-limit");
}

} // namespace

int run_follow(const Options& options, cli::Context& context) {
  check_follow_options(options);
  time::Duration refresh{1000};
  if (!options.refresh.empty()) {
    auto parsed = time::parse_duration(options.refresh);
    if (!parsed)
      throw UsageError("--refresh: " + parsed.error());
    if (parsed->count() <= 0)
      throw UsageError("--refresh: must be positive");
    refresh = *parsed;
  }
  const time::TimePoint now = options.clock.now();
  const input::Selection selection = options.selection.resolve(now);
  std::vector<alert::Rule> rules;
  const alert::RulesLimits limits{cli::resolve_limit(alert::k_rules_limit),
                                  cli::resolve_limit(alert::k_rules_bytes_limit)};
  for (const auto& path : options.rules_files)
    for (auto& rule : alert::load_rules_file(path, limits))
      rules.push_back(std::move(rule));
  if (options.defaults)
    for (auto& rule : alert::default_rules())
      rules.push_back(std::move(rule));
  FollowView view(FollowLimits{}, std::move(rules), options.group_by);

  const bool terminal = ::isatty(STDOUT_FILENO) == 1;
  const char* term = std::getenv("TERM");
  const bool dumb = term != nullptr && std::string_view(term) == "dumb";
  const bool in_place = terminal && !dumb; // a dumb terminal cannot move its cursor
  const char* no_colour = std::getenv("NO_COLOR");
  Screen style;
  style.glyphs = locale_is_utf8() ? Glyphs::unicode : Glyphs::ascii;
  style.colour = in_place && (no_colour == nullptr || *no_colour == '\0');

  util::Output& out = context.out;
  std::optional<AlternateScreen> alternate;
  if (in_place)
    alternate.emplace(out);

  using Clock = std::chrono::steady_clock;
  const auto interval = std::chrono::milliseconds(refresh.count());
  auto last_draw = Clock::now();
  std::uint64_t drawn = 0; // records in the last frame written
  bool any_frame = false;
  auto draw = [&] {
    Screen screen = screen_size(terminal, style);
    auto lines = view.frame(screen);
    if (in_place) {
      std::string text;
      for (std::size_t i = 0; i < lines.size(); ++i)
        text += "\033[" + std::to_string(i + 1) + ";1H\033[2K" + lines[i];
      if (lines.size() < screen.rows) // below the frame, what an earlier, longer one left
        text += "\033[" + std::to_string(lines.size() + 1) + ";1H\033[J";
      out.write(text);
    } else {
      for (const auto& line : lines) {
        out.write(line);
        out.write("\n");
      }
      out.write("\n");
    }
    out.flush();
    drawn = view.records();
    any_frame = true;
    last_draw = Clock::now();
  };
  auto maybe_draw = [&] {
    if (Clock::now() - last_draw < interval)
      return;
    if (in_place || view.records() != drawn)
      draw();
    else
      last_draw = Clock::now();
  };
  if (in_place)
    draw(); // at once: "waiting for records"

  auto read = cli::read_records(
      options.input, context.tool, selection, context.diagnostics, now,
      [&](record::Record& record) {
        view.add(record);
        maybe_draw();
        return !util::stop_requested();
      },
      maybe_draw);

  // The final frame, where it stays: on the normal screen, or after the others.
  if (alternate)
    alternate->leave();
  if (in_place) {
    Screen screen = screen_size(terminal, style);
    std::string text;
    for (const auto& line : view.frame(screen))
      text += line + "\n";
    out.write(text);
  } else if (!any_frame || view.records() != drawn) {
    draw();
  }
  out.flush();
  return context.diagnostics.bad_input_count() > 0 || read.incomplete() ? 1 : 0;
}

} // namespace pm::report
