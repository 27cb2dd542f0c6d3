// Alert messages: the placeholders a rule's message may use, and the default message.
#pragma once

#include "libpm/alert/engine.hpp"
#include "libpm/alert/rule.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace pm::alert {

/// Fills the rule's message (or the default one) for `event`. Placeholders: {rule} {name}
/// {series} {value} {threshold} {severity} {state} {condition} {since} {tags.KEY}; `{{` and
/// `}}` are literal braces; an unknown placeholder is left as written.
std::string render_message(const Rule& rule, const Event& event);

/// What is wrong with a `message=` template, or nothing: an unknown placeholder, a `{`
/// without its `}`, a lone `}` (braces are written `{{` and `}}`).
std::optional<std::string> message_error(std::string_view text);

/// A number for messages: at most 6 significant digits (`0.65`, `91.5`, `1.23457e+06`).
std::string short_number(double value);

} // namespace pm::alert
