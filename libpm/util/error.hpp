// Error types library code throws or returns; only the tool wrapper turns them into exit codes.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>
#include <variant>

namespace pm {

/// A runtime failure: unreadable file, failed write, rejected input. Exit status 1.
class Error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// The user asked for something that cannot be done as asked: unknown option, bad
/// duration, bad rule. Exit status 2 (3 for pm-alert, which follows the Monitoring Plugins).
class UsageError : public Error {
public:
  using Error::Error;
};

/// The reader downstream went away (EPIPE). The wrapper ends the tool quietly with status 0.
class BrokenPipe : public std::exception {
public:
  const char* what() const noexcept override { return "broken pipe"; }
};

/// The message of a failed Expected.
struct Unexpected {
  std::string message;
};

inline Unexpected unexpected(std::string message) { return Unexpected{std::move(message)}; }

/// A value or the message saying why there is none. Used where failure is ordinary
/// (a bad input line) and an exception would be the wrong tool.
template <class T>
class Expected {
public:
  Expected(T value) : m_state(std::in_place_index<0>, std::move(value)) {}
  Expected(Unexpected error) : m_state(std::in_place_index<1>, std::move(error)) {}

  bool has_value() const noexcept { return m_state.index() == 0; }
  explicit operator bool() const noexcept { return has_value(); }

  T& operator*() & { return std::get<0>(m_state); }
  const T& operator*() const& { return std::get<0>(m_state); }
  T&& operator*() && { return std::get<0>(std::move(m_state)); }
  T* operator->() { return &std::get<0>(m_state); }
  const T* operator->() const { return &std::get<0>(m_state); }

  /// The message; only valid when there is no value.
  const std::string& error() const { return std::get<1>(m_state).message; }

  /// The value, or throws Error (or E) carrying the message.
  template <class E = Error>
  T value_or_throw() && {
    if (!has_value())
      throw E(error());
    return std::get<0>(std::move(m_state));
  }

private:
  std::variant<T, Unexpected> m_state;
};

} // namespace pm
