// Fuzz target: an HTTP/1.1 answer as the scrape and check client reads it. The first byte
// says how the answer arrives (its low six bits plus one: the bytes per read) and whether
// the body is read or skipped; the rest is the answer, then the end of the stream.
#include "tests/fuzz/fuzz.hpp"

#include "libpm/util/http.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace pm;
  if (size == 0)
    return 0;
  const std::size_t step = (data[0] & 0x3FU) + 1U;
  const auto mode = (data[0] & 0x40U) ? util::BodyMode::skip : util::BodyMode::read;
  const std::size_t max_body = (data[0] & 0x80U) ? 64 : 4096; // small, so the limits are reached
  std::string_view answer = fuzz::text_of(data + 1, size - 1);
  std::size_t at = 0, reads = 0;
  auto receive = [&](std::string& out) -> Expected<std::size_t> {
    PM_FUZZ_CHECK(++reads <= answer.size() + 2, "read again after the end of the stream");
    std::size_t n = std::min(step, answer.size() - at);
    out.append(answer.substr(at, n));
    at += n;
    return n;
  };
  auto response = util::read_http_response(receive, mode, max_body);
  if (!response) {
    PM_FUZZ_CHECK(!response.error().empty(), std::string(answer));
    return 0;
  }
  PM_FUZZ_CHECK(response->status >= 100 && response->status <= 999, std::to_string(response->status));
  PM_FUZZ_CHECK(response->body.size() <= max_body, std::to_string(response->body.size()));
  if (mode == util::BodyMode::skip)
    PM_FUZZ_CHECK(response->body.empty(), response->body);
  return 0;
}
