// A small plain-HTTP/1.1 GET client for health checks and Prometheus scrapes.
#pragma once

#include "libpm/util/error.hpp"
#include "libpm/util/limit.hpp"
#include "libpm/util/net.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pm::util {

/// A parsed `http://HOST[:PORT][/PATH][?QUERY]` URL.
struct HttpUrl {
  std::string host;        ///< without brackets for IPv6
  std::uint16_t port = 80; ///< 80 unless given
  std::string target;      ///< path and query sent in the request line, "/" when absent
  std::string authority;   ///< HOST[:PORT] as written, for the Host header
};

/// Parses a plain http:// URL. Fails with a message for https:// (not supported: no TLS
/// library), user info, a fragment, a missing host or a bad port.
Expected<HttpUrl> parse_http_url(std::string_view text);

struct HttpResponse {
  int status = 0;                                           ///< 200, 404, ...
  std::string reason;                                       ///< "OK"
  std::vector<std::pair<std::string, std::string>> headers; ///< names lower-cased, in order
  std::string body;                                         ///< de-chunked; empty with BodyMode::skip

  /// The first header of that (lower-case) name, or "".
  std::string_view header(std::string_view name) const;
};

enum class BodyMode { read, skip };

/// The largest body a scrape accepts (64 MiB).
inline constexpr Limit k_body_limit{"PM_MAX_BODY_BYTES", std::size_t{64} << 20, true};

/// Sends `GET` for `url` with `Connection: close` and reads the answer before `deadline`.
/// The body is read by Content-Length, chunked transfer coding, or to the end of the
/// stream; at most `max_body` bytes are accepted. With BodyMode::skip only the status line
/// and headers are read (health checks). Fails with a message on connection errors,
/// timeouts, a malformed answer or a body over the limit; any HTTP status is a success
/// here (the caller judges it). Compressed bodies are never asked for.
Expected<HttpResponse> http_get(const HttpUrl& url, Deadline deadline, BodyMode mode = BodyMode::read,
                                std::size_t max_body = k_body_limit.fallback);

/// Appends the next bytes of an answer to its argument and returns how many (0 at the end
/// of the stream), or why it cannot (a timeout).
using HttpReceive = std::function<Expected<std::size_t>(std::string&)>;

/// The reading half of http_get: the answer from `receive`, judged and bounded as
/// http_get says (the head at most 64 KiB, the body at most `max_body`).
Expected<HttpResponse> read_http_response(const HttpReceive& receive, BodyMode mode = BodyMode::read,
                                          std::size_t max_body = k_body_limit.fallback);

/// Decodes a chunked body (RFC 9112 §7.1); trailers are dropped. `complete` tells whether
/// the final zero-size chunk was seen. Fails on malformed chunk sizes.
Expected<std::string> decode_chunked(std::string_view body, bool& complete);

} // namespace pm::util
