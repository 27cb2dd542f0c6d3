// Unit tests of the plain-HTTP GET client and the deadline-bound TCP connect.
#include "libpm/util/http.hpp"
#include "libpm/util/net.hpp"
#include "test_server.hpp"

#include <catch2/catch.hpp>

using namespace pm;
using namespace std::chrono_literals;

namespace {
util::Deadline in(std::chrono::milliseconds d) { return std::chrono::steady_clock::now() + d; }
} // namespace

TEST_CASE("parse_http_url splits host, port and target") {
  auto url = util::parse_http_url("http://localhost:9100/metrics?x=1");
  REQUIRE(url);
  CHECK(url->host == "localhost");
  CHECK(url->port == 9100);
  CHECK(url->target == "/metrics?x=1");
  CHECK(url->authority == "localhost:9100");

  auto bare = util::parse_http_url("http://example.org");
  REQUIRE(bare);
  CHECK(bare->port == 80);
  CHECK(bare->target == "/");

  auto v6 = util::parse_http_url("http://[::1]:8080/x");
  REQUIRE(v6);
  CHECK(v6->host == "::1");
  CHECK(v6->port == 8080);
}

TEST_CASE("parse_http_url refuses what it cannot fetch") {
  CHECK(util::parse_http_url("https://example.org/").error().find("https is not supported") != std::string::npos);
  CHECK_FALSE(util::parse_http_url("ftp://example.org/"));
  CHECK_FALSE(util::parse_http_url("http://:80/"));
  CHECK_FALSE(util::parse_http_url("http://host:0/"));
  CHECK_FALSE(util::parse_http_url("http://host:70000/"));
  CHECK_FALSE(util::parse_http_url("http://host:8x/"));
  CHECK_FALSE(util::parse_http_url("http://user@host/"));
  CHECK_FALSE(util::parse_http_url("http://host/a b"));
}

TEST_CASE("decode_chunked joins chunks and notices the end") {
  bool complete = false;
  auto body = util::decode_chunked("4\r\nWiki\r\n5;ext=1\r\npedia\r\n0\r\n\r\n", complete);
  REQUIRE(body);
  CHECK(*body == "Wikipedia");
  CHECK(complete);
  auto partial = util::decode_chunked("4\r\nWi", complete);
  REQUIRE(partial);
  CHECK_FALSE(complete);
  CHECK_FALSE(util::decode_chunked("zz\r\nabc\r\n", complete));
}

TEST_CASE("http_get reads a Content-Length body and sends a proper request") {
  test::OneShotServer server;
  server.serve("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello");
  auto url = util::parse_http_url("http://127.0.0.1:" + std::to_string(server.port()) + "/metrics");
  REQUIRE(url);
  auto response = util::http_get(*url, in(5s));
  REQUIRE(response);
  CHECK(response->status == 200);
  CHECK(response->reason == "OK");
  CHECK(response->header("content-type") == "text/plain");
  CHECK(response->body == "hello");
  const std::string& request = server.request();
  CHECK(request.rfind("GET /metrics HTTP/1.1\r\n", 0) == 0);
  CHECK(request.find("\r\nHost: 127.0.0.1:" + std::to_string(server.port()) + "\r\n") != std::string::npos);
  CHECK(request.find("Connection: close") != std::string::npos);
}

TEST_CASE("http_get decodes a chunked body") {
  test::OneShotServer server;
  server.serve("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");
  auto response = util::http_get(*util::parse_http_url("http://127.0.0.1:" + std::to_string(server.port())), in(5s));
  REQUIRE(response);
  CHECK(response->body == "abcde");
}

TEST_CASE("http_get reads to the end of the stream without a length") {
  test::OneShotServer server;
  server.serve("HTTP/1.0 404 Not Found\r\n\r\nnothing here\n");
  auto response = util::http_get(*util::parse_http_url("http://127.0.0.1:" + std::to_string(server.port())), in(5s));
  REQUIRE(response);
  CHECK(response->status == 404);
  CHECK(response->body == "nothing here\n");
}

TEST_CASE("http_get fails on a body cut short, on junk and over the size limit") {
  {
    test::OneShotServer server;
    server.serve("HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\nshort");
    auto response = util::http_get(*util::parse_http_url("http://127.0.0.1:" + std::to_string(server.port())), in(5s));
    REQUIRE_FALSE(response);
    CHECK(response.error() == "connection closed before the end of the HTTP body");
  }
  {
    test::OneShotServer server;
    server.serve("SSH-2.0-OpenSSH_9.2\r\n\r\n");
    auto response = util::http_get(*util::parse_http_url("http://127.0.0.1:" + std::to_string(server.port())), in(5s));
    REQUIRE_FALSE(response);
    CHECK(response.error().find("not an HTTP response") != std::string::npos);
  }
  {
    test::OneShotServer server;
    server.serve("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" + std::string(100, 'x'));
    auto response = util::http_get(*util::parse_http_url("http://127.0.0.1:" + std::to_string(server.port())),
                                   in(5s), util::BodyMode::read, 10);
    REQUIRE_FALSE(response);
    CHECK(response.error().find("larger than 10 bytes") != std::string::npos);
  }
}

TEST_CASE("connect_tcp to a closed port fails at once, not at the deadline") {
  auto start = std::chrono::steady_clock::now();
  auto socket = util::connect_tcp("127.0.0.1", test::closed_port(), in(5s));
  REQUIRE_FALSE(socket);
  CHECK(socket.error() == "connection refused");
  CHECK(std::chrono::steady_clock::now() - start < 1s);
}

TEST_CASE("connect_tcp to a name that does not resolve says so") {
  auto socket = util::connect_tcp("no-such-host.invalid", 80, in(2s));
  REQUIRE_FALSE(socket);
  CHECK(socket.error().find("cannot resolve \"no-such-host.invalid\"") == 0);
}

TEST_CASE("connect_tcp gives up at the deadline on an address that drops packets") {
  test::BlackHole hole;
  auto start = std::chrono::steady_clock::now();
  auto socket = util::connect_tcp("127.0.0.1", hole.port(), in(300ms));
  auto waited = std::chrono::steady_clock::now() - start;
  REQUIRE_FALSE(socket);
  CHECK(socket.error() == "timed out");
  CHECK(waited >= 290ms);
  CHECK(waited < 1500ms);
}
