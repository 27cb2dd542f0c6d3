// A strict RFC 8259 check of JSON text that is copied through unparsed (a record's extra fields).
#pragma once

#include <string>
#include <string_view>

namespace pm::util {

/// Nesting deeper than this is refused: simdjson's own default, and far beyond any record.
inline constexpr int k_max_json_depth = 1024;

/// True when `text` is exactly one JSON value by RFC 8259 (surrounding blanks allowed):
/// numbers by the grammar (`01`, `1.`, `-`, `1.2.3` refused), literals spelled out, strings
/// with valid escapes (`\u` and four hex digits) and valid UTF-8, no control character,
/// no repeated key in any object, nesting at most k_max_json_depth. On failure sets `why`
/// to what is wrong ("bad number", "repeated key \"a\""). Linear in the size of `text`
/// but for the key check, n log n in the keys of one object.
bool is_strict_json(std::string_view text, std::string& why);

} // namespace pm::util
