// A small plain-HTTP/1.1 GET client for health checks and Prometheus scrapes.
#include "libpm/util/http.hpp"

#include "libpm/util/strings.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>

namespace pm::util {

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool starts_with_ci(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && iequals(text.substr(0, prefix.size()), prefix);
}

} // namespace

Expected<HttpUrl> parse_http_url(std::string_view text) {
  if (starts_with_ci(text, "https://"))
    return unexpected("https is not supported, only plain http:// URLs: " + quote(text));
  if (!starts_with_ci(text, "http://"))
    return unexpected("URL must start with http://: " + quote(text));
  std::string_view rest = text.substr(7);
  std::size_t end_of_authority = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, end_of_authority);
  std::string_view target = end_of_authority == std::string_view::npos ? "" : rest.substr(end_of_authority);
  if (target.find('#') != std::string_view::npos)
    return unexpected("URL must not have a fragment: " + quote(text));
  if (authority.find('@') != std::string_view::npos)
    return unexpected("URL must not carry user info: " + quote(text));
  HttpUrl url;
  url.authority = std::string(authority);
  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {
    std::size_t close = authority.find(']');
    if (close == std::string_view::npos)
      return unexpected("URL has an unclosed [ in its host: " + quote(text));
    url.host = std::string(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':')
        return unexpected("URL has junk after its host: " + quote(text));
      port_text = after.substr(1);
    }
  } else {
    std::size_t colon = authority.rfind(':');
    url.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos)
      port_text = authority.substr(colon + 1);
  }
  if (url.host.empty())
    return unexpected("URL has no host: " + quote(text));
  if (!port_text.empty()) {
    auto port = parse_integer(port_text);
    if (!port || *port < 1 || *port > 65535)
      return unexpected("URL has a bad port " + quote(port_text) + ": " + quote(text));
    url.port = static_cast<std::uint16_t>(*port);
  }
  url.target = target.empty() ? "/" : std::string(target);
  if (url.target.front() == '?')
    url.target.insert(0, "/");
  for (char c : url.target)
    if (static_cast<unsigned char>(c) <= ' ' || c == 0x7f)
      return unexpected("URL has a blank or control character: " + quote(text));
  return url;
}

std::string_view HttpResponse::header(std::string_view name) const {
  for (const auto& [key, value] : headers)
    if (key == name)
      return value;
  return {};
}

Expected<std::string> decode_chunked(std::string_view body, bool& complete) {
  complete = false;
  std::string out;
  std::size_t at = 0;
  while (at < body.size()) {
    std::size_t line_end = body.find("\r\n", at);
    if (line_end == std::string_view::npos)
      return out; // the size line has not fully arrived
    std::string_view size_text = body.substr(at, line_end - at);
    size_text = size_text.substr(0, size_text.find(';')); // chunk extensions
    size_text = trim(size_text);
    std::size_t size = 0;
    auto [ptr, ec] = std::from_chars(size_text.data(), size_text.data() + size_text.size(), size, 16);
    if (size_text.empty() || ec != std::errc() || ptr != size_text.data() + size_text.size())
      return unexpected("bad chunk size " + quote(size_text));
    at = line_end + 2;
    if (size == 0) {
      complete = true;
      return out;
    }
    if (body.size() - at < size + 2)
      return out; // the chunk has not fully arrived
    out.append(body.substr(at, size));
    at += size + 2;
  }
  return out;
}

namespace {

/// Splits the head (status line and headers) into `response`; false with `error` set when
/// it is not HTTP.
bool parse_head(std::string_view head, HttpResponse& response, std::string& error) {
  std::size_t line_end = head.find("\r\n");
  std::string_view status_line = head.substr(0, line_end);
  // HTTP/1.x SP 3DIGIT [SP reason]
  if (!starts_with_ci(status_line, "HTTP/1.") || status_line.size() < 12 || status_line[8] != ' ') {
    error = "not an HTTP response: " + quote(status_line);
    return false;
  }
  auto status = parse_integer(status_line.substr(9, 3));
  if (!status || *status < 100 || *status > 999) {
    error = "bad HTTP status line: " + quote(status_line);
    return false;
  }
  response.status = static_cast<int>(*status);
  response.reason = status_line.size() > 13 ? std::string(status_line.substr(13)) : std::string();
  std::size_t at = line_end == std::string_view::npos ? head.size() : line_end + 2;
  while (at < head.size()) {
    std::size_t end = head.find("\r\n", at);
    if (end == std::string_view::npos)
      end = head.size();
    std::string_view line = head.substr(at, end - at);
    at = end + 2;
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      error = "bad HTTP header line: " + quote(line);
      return false;
    }
    response.headers.emplace_back(lower(trim(line.substr(0, colon))), std::string(trim(line.substr(colon + 1))));
  }
  return true;
}

} // namespace

Expected<HttpResponse> http_get(const HttpUrl& url, Deadline deadline, BodyMode mode, std::size_t max_body) {
  auto socket = connect_tcp(url.host, url.port, deadline);
  if (!socket)
    return unexpected(socket.error());
  std::string request = "GET " + url.target + " HTTP/1.1\r\nHost: " + url.authority +
                        "\r\nUser-Agent: pm/" PM_VERSION "\r\n"
                        "Accept: application/openmetrics-text;version=1.0.0;q=0.5,"
                        "text/plain;version=0.0.4;q=0.4,*/*;q=0.1\r\n"
                        "Accept-Encoding: identity\r\nConnection: close\r\n\r\n";
  if (auto sent = send_all(socket->get(), request, deadline); !sent)
    return unexpected(sent.error());
  return read_http_response([&](std::string& out) { return receive_some(socket->get(), out, deadline); }, mode,
                            max_body);
}

Expected<HttpResponse> read_http_response(const HttpReceive& receive, BodyMode mode, std::size_t max_body) {
  std::string data;
  std::size_t head_end = std::string::npos;
  constexpr std::size_t k_max_head = 64 * 1024; // far above any real header block
  HttpResponse response;
  for (;;) {
    auto got = receive(data);
    if (!got)
      return unexpected(got.error());
    head_end = data.find("\r\n\r\n");
    if (head_end != std::string::npos)
      break;
    if (*got == 0)
      return unexpected(data.empty() ? "connection closed without an answer"
                                     : "not an HTTP response: " + quote(data.substr(0, data.find('\n'))));
    if (data.size() > k_max_head)
      return unexpected("HTTP header block too large");
  }
  std::string error;
  if (!parse_head(std::string_view(data).substr(0, head_end), response, error))
    return unexpected(error);
  if (mode == BodyMode::skip)
    return response;

  std::string raw = data.substr(head_end + 4);
  const bool chunked = lower(response.header("transfer-encoding")).find("chunked") != std::string::npos;
  std::optional<std::size_t> length;
  if (!chunked && !response.header("content-length").empty()) {
    auto parsed = parse_integer(response.header("content-length"));
    if (!parsed || *parsed < 0)
      return unexpected("bad Content-Length " + quote(response.header("content-length")));
    length = static_cast<std::size_t>(*parsed);
    if (*length > max_body)
      return unexpected("HTTP body larger than " + std::to_string(max_body) + " bytes (" + k_body_limit.variable + ")");
  }
  for (;;) {
    if (length && raw.size() >= *length) {
      raw.resize(*length);
      break;
    }
    if (chunked && raw.ends_with("\r\n\r\n")) { // the last chunk and trailers end so; decode only then
      bool complete = false;
      auto decoded = decode_chunked(raw, complete);
      if (!decoded)
        return unexpected(decoded.error());
      if (complete) {
        raw = std::move(*decoded);
        break;
      }
    }
    if (raw.size() > max_body + 4096)
      return unexpected("HTTP body larger than " + std::to_string(max_body) + " bytes (" + k_body_limit.variable + ")");
    auto got = receive(raw);
    if (!got)
      return unexpected(got.error());
    if (*got == 0) {
      if (length || chunked)
        return unexpected("connection closed before the end of the HTTP body");
      break;
    }
  }
  if (raw.size() > max_body)
    return unexpected("HTTP body larger than " + std::to_string(max_body) + " bytes (" + k_body_limit.variable + ")");
  response.body = std::move(raw);
  return response;
}

} // namespace pm::util
