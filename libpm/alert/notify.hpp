// Where alert events go beyond stdout: hooks run without a shell, and the bounded alert history file.
#pragma once

#include "libpm/alert/engine.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace pm::alert {

/// How long a hook may run before its process group is killed (`--exec-timeout`).
inline constexpr time::Duration k_default_hook_timeout = std::chrono::seconds(30);

/// Splits a command line into words as a shell would, but with no expansion of any kind:
/// blanks separate words, '...' and "..." quote (backslash escapes \" \\ inside double
/// quotes), a backslash outside quotes escapes the next character. Throws UsageError for
/// an unterminated quote or an empty command.
std::vector<std::string> split_command(std::string_view command);

/// The PM_ALERT_* variables for an event: RULE, STATE, SEVERITY, VALUE, THRESHOLD, NAME,
/// SERIES, TAGS (a JSON object), MESSAGE, CONDITION, SINCE, TS, NOTIFICATION, FLAPPING.
std::vector<std::pair<std::string, std::string>> hook_environment(const Event& event);

/// Runs `argv` (found on PATH as execvp does) in a process group of its own with `input`
/// on its stdin and `env` added to the environment, and waits for it at most `timeout`:
/// past it the whole group is killed (SIGKILL). A value of `env` longer than 32 KiB is left
/// out (its name listed in PM_ALERT_OMITTED) so that the hook always starts; the record on
/// stdin has it whole. Returns "" on exit status 0, else what went wrong ("exited with
/// status 1", "could not be run: no such file or directory", "killed by signal 9", "ran
/// longer than 10s (--exec-timeout): its process group was killed").
std::string run_hook(const std::vector<std::string>& argv, std::string_view input,
                     const std::vector<std::pair<std::string, std::string>>& env,
                     time::Duration timeout = k_default_hook_timeout);

/// Appends `lines` (each ending in '\n') to the history file under an exclusive lock, then
/// keeps only its last `max_entries` lines (rewritten in place under the lock). Creates the file 0600 and
/// missing directories 0700. Throws Error naming the path on failure.
void append_history(const std::string& path, std::string_view lines, std::size_t max_entries);

} // namespace pm::alert
