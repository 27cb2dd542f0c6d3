// Flag, environment, default: the resolution every tool's settings go through.
#include "libpm/cli/setting.hpp"

#include "libpm/util/file.hpp"

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <sys/stat.h>

namespace pm::cli {

std::optional<std::string> environment(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0')
    return std::nullopt;
  return std::string(value);
}

std::optional<SettingText> setting_text(std::string_view flag_text, std::string_view flag, const char* variable) {
  if (!flag_text.empty())
    return SettingText{std::string(flag_text), std::string(flag), false};
  if (variable != nullptr)
    if (auto value = environment(variable))
      return SettingText{std::move(*value), variable, true};
  return std::nullopt;
}

time::Duration resolve_retention(std::string_view flag) {
  return resolve_setting(flag, "--retention", k_retention_variable, k_default_retention,
                         [](const SettingText& given) -> Expected<time::Duration> {
                           auto retention = time::parse_duration(given.text);
                           if (retention && retention->count() <= 0)
                             return unexpected("the retention period must be longer than zero");
                           return retention;
                         });
}

namespace {

/// `text` as bytes: digits with an optional binary suffix (`B`, `K`/`KiB`, `M`/`MiB`,
/// `G`/`GiB`); nullopt for anything else and past 2^63.
std::optional<std::uint64_t> parse_byte_size(std::string_view text) {
  std::size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9')
    ++digits;
  const std::string_view unit = text.substr(digits);
  int shift = -1;
  if (unit.empty() || unit == "B")
    shift = 0;
  else if (unit == "K" || unit == "KiB")
    shift = 10;
  else if (unit == "M" || unit == "MiB")
    shift = 20;
  else if (unit == "G" || unit == "GiB")
    shift = 30;
  auto n = digits > 0 && digits <= 18 ? util::parse_integer(text.substr(0, digits)) : std::nullopt;
  if (shift < 0 || !n || *n > (std::numeric_limits<long long>::max() >> shift))
    return std::nullopt;
  return static_cast<std::uint64_t>(*n) << shift;
}

} // namespace

std::size_t resolve_max_series(std::string_view flag) {
  return resolve_setting(flag, "--max-series", k_max_series_variable, k_default_max_series,
                         [](const SettingText& given) -> Expected<std::size_t> {
                           auto n = util::parse_integer(given.text);
                           if (!n || *n <= 0 || static_cast<std::uint64_t>(*n) > k_max_max_series)
                             return got_text("must be a whole number of series from 1 to " +
                                                 std::to_string(k_max_max_series),
                                             given);
                           return static_cast<std::size_t>(*n);
                         });
}

std::size_t resolve_max_state_size(std::string_view flag) {
  return resolve_setting(flag, "--max-state-size", k_max_state_size_variable, k_default_max_state_size,
                         [](const SettingText& given) -> Expected<std::size_t> {
                           auto n = parse_byte_size(given.text);
                           if (!n || *n < 1024 || *n > (std::uint64_t{1} << 40))
                             return got_text("must be a size from 1K to 1T (bytes, or a number with K, M or G)", given);
                           return static_cast<std::size_t>(*n);
                         });
}

namespace {

/// Throws UsageError when something other than a directory is where the store belongs (a
/// store that does not exist yet is fine: readers find no records, pm-ingest creates it).
/// Without this, `-H FILE` read as an empty store and gave an empty, healthy report.
void check_store_directory(const std::string& path, const std::string& source) {
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0) {
    if (!S_ISDIR(info.st_mode))
      throw UsageError(source + ": " + util::quote(path) + " is " + std::string(util::file_kind(info.st_mode)) +
                       ", not a history store directory");
  } else if (errno == ENOTDIR) {
    throw UsageError(source + ": " + util::quote(path) +
                     " cannot be a history store directory: a part of its path is not a directory");
  }
}

} // namespace

std::string resolve_store_directory(std::string_view given) {
  std::string path;
  std::string source;
  if (!given.empty()) {
    path = std::string(given);
    source = "--history";
  } else if (auto store = environment("PM_HISTORY")) {
    path = *store;
    source = "PM_HISTORY";
  } else if (auto state = environment("XDG_STATE_HOME")) {
    path = *state + "/pm";
    source = "XDG_STATE_HOME";
  } else if (auto home = environment("HOME")) {
    path = *home + "/.local/state/pm";
    source = "HOME";
  } else {
    throw Error("no history store: set PM_HISTORY or HOME, or name the store with --history DIR");
  }
  check_store_directory(path, source);
  return path;
}

std::size_t resolve_max_history() {
  return resolve_setting({}, {}, k_max_history_variable, std::size_t{1000},
                         [](const SettingText& given) -> Expected<std::size_t> {
                           auto n = util::parse_integer(given.text);
                           if (!n || *n <= 0)
                             return got_text("must be a positive integer", given);
                           return static_cast<std::size_t>(*n);
                         });
}

std::size_t resolve_limit(const util::Limit& limit) {
  return resolve_setting({}, {}, limit.variable, limit.fallback, [&](const SettingText& given) -> Expected<std::size_t> {
    if (limit.bytes) {
      auto n = parse_byte_size(given.text);
      if (!n || *n == 0)
        return got_text("must be a positive number of bytes (or KiB, MiB, GiB)", given);
      return static_cast<std::size_t>(*n);
    }
    auto n = util::parse_integer(given.text);
    if (!n || *n <= 0)
      return got_text("must be a positive integer", given);
    return static_cast<std::size_t>(*n);
  });
}

} // namespace pm::cli
