// The rule expression grammar: a small lexer and a recursive-descent parser with column-precise errors.
#include "libpm/alert/rule.hpp"

#include "libpm/alert/message.hpp"
#include "libpm/record/units.hpp"
#include "libpm/util/error.hpp"
#include "libpm/util/strings.hpp"

#include <cctype>
#include <charconv>
#include <cmath>

namespace pm::alert {

namespace {

// Appends the character of the four hex digits `hex` (a \u escape) as UTF-8; false when they
// are not four hex digits or name a surrogate (the escape is then read as plain text).
bool append_unicode_escape(std::string_view hex, std::string& out) {
  unsigned code = 0;
  auto [ptr, ec] = std::from_chars(hex.data(), hex.data() + hex.size(), code, 16);
  if (ec != std::errc() || ptr != hex.data() + hex.size() || (code >= 0xD800 && code <= 0xDFFF))
    return false;
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
  return true;
}


enum class TokenKind { word, string, punct, end };

struct Token {
  TokenKind kind = TokenKind::end;
  std::string text; ///< a string token holds its unescaped content
  std::size_t column = 0;
};

bool is_punct_char(char c) { return c == '(' || c == ')' || c == '{' || c == '}' || c == ',' || c == '=' || c == '!' || c == '<' || c == '>'; }

class Parser {
public:
  Parser(std::string_view text, std::string_view origin, bool allow_unbounded)
      : m_text(text), m_origin(origin), m_allow_unbounded(allow_unbounded) {
    lex();
  }

  Rule parse();

private:
  [[noreturn]] void fail_at(std::size_t column, std::string_view what) const {
    throw UsageError(std::string(m_origin) + " 1:" + std::to_string(column) + ": " + std::string(what));
  }
  [[noreturn]] void expected(std::string_view what) const {
    const Token& token = peek();
    std::string got = token.kind == TokenKind::end ? "end of rule"
                                                   : util::quote(token.kind == TokenKind::string ? "\"" + token.text + "\"" : token.text);
    fail_at(token.column, "expected " + std::string(what) + ", got " + got);
  }

  void lex();
  const Token& peek(std::size_t ahead = 0) const {
    std::size_t i = m_pos + ahead;
    return i < m_tokens.size() ? m_tokens[i] : m_tokens.back();
  }
  Token next() { return m_pos < m_tokens.size() - 1 ? m_tokens[m_pos++] : m_tokens.back(); }
  bool at_punct(std::string_view p) const { return peek().kind == TokenKind::punct && peek().text == p; }
  bool at_word(std::string_view w) const { return peek().kind == TokenKind::word && peek().text == w; }
  void expect_punct(std::string_view p, std::string_view what) {
    if (!at_punct(p))
      expected(what);
    next();
  }

  Selector parse_selector();
  void parse_query(Rule& rule);
  void parse_anomaly_arguments(Rule& rule);
  Condition parse_condition();
  time::Duration parse_duration_token(std::string_view what);
  void parse_option(Rule& rule, std::vector<std::string>& seen);
  void check(Rule& rule, std::size_t end_column);

  std::string_view m_text;
  std::string_view m_origin;
  bool m_allow_unbounded;
  std::vector<Token> m_tokens;
  std::size_t m_pos = 0;
};

void Parser::lex() {
  std::size_t i = 0;
  while (i < m_text.size()) {
    char c = m_text[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
      continue;
    }
    Token token;
    token.column = i + 1;
    if (c == '"' || c == '\'') {
      char quote = c;
      token.kind = TokenKind::string;
      ++i;
      bool closed = false;
      while (i < m_text.size()) {
        char d = m_text[i++];
        if (d == quote) {
          closed = true;
          break;
        }
        if (d == '\\' && i < m_text.size()) {
          char e = m_text[i++];
          if (e == 'u' && i + 4 <= m_text.size() && append_unicode_escape(m_text.substr(i, 4), token.text)) {
            i += 4; // \uXXXX, as a rule's canonical form writes a control character
            continue;
          }
          // The JSON escapes a rule's canonical form writes (append_json_string); any other
          // escaped character stands for itself.
          token.text += e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e == 'b' ? '\b' : e == 'f' ? '\f' : e;
          continue;
        }
        token.text += d;
      }
      if (!closed)
        fail_at(token.column, "unterminated string: expected a closing " + std::string(1, quote));
    } else if (is_punct_char(c)) {
      token.kind = TokenKind::punct;
      if ((c == '!' || c == '<' || c == '>' || c == '=') && i + 1 < m_text.size() && m_text[i + 1] == '=') {
        token.text = std::string(m_text.substr(i, 2));
        i += 2;
      } else {
        if (c == '!')
          fail_at(token.column, "expected \"!=\", got \"!\"");
        token.text = std::string(1, c);
        ++i;
      }
    } else {
      token.kind = TokenKind::word;
      std::size_t start = i;
      while (i < m_text.size() && !std::isspace(static_cast<unsigned char>(m_text[i])) && !is_punct_char(m_text[i]) &&
             m_text[i] != '"' && m_text[i] != '\'')
        ++i;
      token.text = std::string(m_text.substr(start, i - start));
    }
    m_tokens.push_back(std::move(token));
  }
  Token end;
  end.column = m_text.size() + 1;
  m_tokens.push_back(end);
}

bool is_name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
// A metric name (record::is_name_char) that may hold glob characters.
bool is_metric_pattern(std::string_view name) {
  auto is_glob_char = [](char c) { return c == '*' || c == '?' || c == '[' || c == ']'; };
  if (name.empty() || name.size() > record::k_max_name_bytes ||
      !(record::is_name_char(name.front(), true) || (is_glob_char(name.front()) && name.front() != ']')))
    return false;
  for (char c : name)
    if (!(record::is_name_char(c) || is_glob_char(c)))
      return false;
  return true;
}
bool is_tag_key(std::string_view key) {
  if (key.empty() || !is_name_start(key.front()))
    return false;
  for (char c : key)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-'))
      return false;
  return true;
}

std::optional<Aggregate> aggregate_named(std::string_view name) {
  static const Aggregate all[] = {Aggregate::avg, Aggregate::min,  Aggregate::max, Aggregate::sum,
                                  Aggregate::count, Aggregate::rate, Aggregate::p50, Aggregate::p90,
                                  Aggregate::p95, Aggregate::p99, Aggregate::error_rate, Aggregate::absent,
                                  Aggregate::anomaly};
  for (Aggregate a : all)
    if (to_string(a) == name)
      return a;
  return std::nullopt;
}

constexpr std::string_view k_aggregates =
    "avg, min, max, sum, count, rate, p50, p90, p95, p99, error_rate, absent or anomaly";
constexpr std::string_view k_options = "severity, clear, keep_firing_for, escalate, repeat, on_missing, stale_after, "
                                       "flapping, message, or a severity (warning=N, error=N, critical=N)";

Selector Parser::parse_selector() {
  Selector selector;
  if (peek().kind != TokenKind::word || !is_metric_pattern(peek().text))
    expected("a metric name");
  selector.metric = next().text;
  if (!at_punct("{"))
    return selector;
  next();
  while (!at_punct("}")) {
    if (peek().kind != TokenKind::word || !is_tag_key(peek().text))
      expected("a tag key or \"}\"");
    record::TagMatcher label;
    label.key = next().text;
    if (at_punct("="))
      label.negated = false;
    else if (at_punct("!="))
      label.negated = true;
    else
      expected("\"=\" or \"!=\" after the tag key");
    next();
    if (peek().kind != TokenKind::string && peek().kind != TokenKind::word)
      expected("a quoted tag value");
    label.value = next().text;
    selector.labels.push_back(std::move(label));
    if (at_punct(","))
      next();
    else if (!at_punct("}"))
      expected("\",\" or \"}\"");
  }
  next();
  return selector;
}

time::Duration Parser::parse_duration_token(std::string_view what) {
  const Token& token = peek();
  if (token.kind != TokenKind::word)
    expected(what);
  auto d = time::parse_duration(token.text);
  if (!d && d.error().ends_with(time::k_duration_too_long))
    fail_at(token.column, d.error()); // a duration, but past the range: say so, not "expected"
  if (!d)
    expected(what);
  if (d->count() <= 0)
    fail_at(token.column, std::string(what) + " must be more than zero, got " + util::quote(token.text));
  next();
  return *d;
}

void Parser::parse_query(Rule& rule) {
  bool is_call = peek().kind == TokenKind::word && peek(1).kind == TokenKind::punct && peek(1).text == "(";
  if (!is_call) {
    rule.selector = parse_selector();
    if (at_word("over"))
      fail_at(peek().column, "\"over\" needs an aggregate: write e.g. avg(" + rule.selector.metric + ") over 5m");
    return;
  }
  const Token& function = peek();
  auto aggregate = aggregate_named(function.text);
  if (!aggregate)
    fail_at(function.column, "unknown aggregate " + util::quote(function.text) + ": expected " + std::string(k_aggregates));
  rule.aggregate = *aggregate;
  next();
  next(); // (
  rule.selector = parse_selector();
  if (rule.aggregate == Aggregate::anomaly) {
    parse_anomaly_arguments(rule);
    return;
  }
  expect_punct(")", "\")\" after the selector");
  if (rule.aggregate == Aggregate::absent)
    return;
  if (at_word("by")) {
    next();
    expect_punct("(", "\"(\" after \"by\"");
    std::vector<std::string> keys;
    while (!at_punct(")")) {
      if (peek().kind != TokenKind::word || !is_tag_key(peek().text))
        expected("a tag key or \")\"");
      keys.push_back(next().text);
      if (at_punct(","))
        next();
      else if (!at_punct(")"))
        expected("\",\" or \")\"");
    }
    next();
    rule.by = std::move(keys);
  }
  if (at_word("over")) {
    next();
    rule.window = parse_duration_token("a window duration after \"over\" (30s, 5m, 1h)");
  } else if (!m_allow_unbounded) {
    expected("\"over\" and a window duration after " + std::string(to_string(rule.aggregate)) + "(...)");
  }
}

// After anomaly(SELECTOR: an optional `, method=M`, the ")", and no by/over: a score is
// per series and judges each point against all the points before it, not a window.
void Parser::parse_anomaly_arguments(Rule& rule) {
  if (at_punct(",")) {
    next();
    if (!at_word("method")) {
      if (peek().kind == TokenKind::word && peek(1).kind == TokenKind::punct && peek(1).text == "=")
        fail_at(peek().column, "unknown anomaly() option " + util::quote(peek().text) + ": expected method=");
      expected("method=METHOD after \",\"");
    }
    next();
    expect_punct("=", "\"=\" after \"method\"");
    const Token& value = peek();
    if (value.kind != TokenKind::word)
      expected("an anomaly method (" + predict::anomaly_method_names() + ")");
    auto method = predict::parse_anomaly_method(value.text);
    if (!method)
      fail_at(value.column, "unknown anomaly method " + util::quote(value.text) + ": expected " +
                                predict::anomaly_method_names());
    rule.anomaly_method = *method;
    next();
  }
  expect_punct(")", "\")\" or \", method=METHOD\" after the selector");
  if (at_word("by"))
    fail_at(peek().column, "anomaly() scores each series on its own: it takes no \"by\"");
  if (at_word("over"))
    fail_at(peek().column, "anomaly() scores each point against the points before it: it takes no \"over\" window");
}

Condition Parser::parse_condition() {
  Condition condition;
  const Token& token = peek();
  if (token.kind == TokenKind::word && (token.text == "outside" || token.text == "inside")) {
    condition.op = token.text == "outside" ? Op::outside : Op::inside;
    next();
    const Token& range_token = peek();
    if (range_token.kind != TokenKind::word || range_token.text.starts_with('@'))
      expected("a range (10, 10:, ~:10, 10:20)");
    try {
      condition.range = parse_range(range_token.text);
    } catch (const UsageError& e) {
      fail_at(range_token.column, e.what());
    }
    condition.range.inside = condition.op == Op::inside;
    next();
    return condition;
  }
  static const std::pair<std::string_view, Op> ops[] = {{">", Op::gt},  {"<", Op::lt},  {">=", Op::ge},
                                                        {"<=", Op::le}, {"==", Op::eq}, {"!=", Op::ne}};
  bool found = false;
  if (token.kind == TokenKind::punct)
    for (auto [symbol, op] : ops)
      if (token.text == symbol) {
        condition.op = op;
        found = true;
      }
  if (!found)
    expected("a comparison operator (> < >= <= == !=)");
  next();
  if (peek().kind != TokenKind::word || !record::parse_quantity(peek().text))
    expected("a number after \"" + std::string(token.text) + "\"");
  condition.threshold = *record::parse_quantity(next().text);
  return condition;
}

void Parser::parse_option(Rule& rule, std::vector<std::string>& seen) {
  const Token key = peek();
  if (key.kind != TokenKind::word)
    expected("an option (KEY=VALUE) or end of rule");
  if (key.text == "for")
    fail_at(key.column, "\"for\" must come right after the condition");
  if (peek(1).kind != TokenKind::punct || peek(1).text != "=") {
    bool known = key.text == "severity" || key.text == "clear" || key.text == "message" || key.text == "repeat" ||
                 key.text == "escalate" || key.text == "keep_firing_for" || key.text == "on_missing" ||
                 key.text == "stale_after" || key.text == "flapping";
    if (!known)
      expected("an option (KEY=VALUE) or end of rule");
    next();
    expected("\"=\" after " + util::quote(key.text));
  }
  for (const auto& s : seen)
    if (s == key.text)
      fail_at(key.column, "option " + util::quote(key.text) + " is given twice");
  seen.push_back(key.text);
  next();
  next(); // =
  const Token value = peek();
  if (value.kind != TokenKind::word && value.kind != TokenKind::string)
    expected("a value after \"" + key.text + "=\"");
  auto duration = [&] { return parse_duration_token("a duration for " + key.text + " (30s, 5m, 1h)"); };
  if (key.text == "severity") {
    auto severity = record::parse_severity(value.text);
    if (!severity)
      expected("a severity (info, warning, error, critical)");
    next();
    if (rule.levels.empty())
      rule.absent_severity = *severity;
    else
      rule.levels.front().severity = *severity;
  } else if (auto level = record::parse_severity(key.text); level && key.text != "warn") {
    if (rule.levels.empty())
      fail_at(key.column, "absent() has no threshold: " + util::quote(key.text) + "= cannot apply");
    Condition condition = rule.levels.front().condition;
    if (condition.op == Op::outside || condition.op == Op::inside) {
      try {
        condition.range = parse_range(value.text);
      } catch (const UsageError& e) {
        fail_at(value.column, e.what());
      }
      condition.op = condition.range.inside ? Op::inside : Op::outside;
    } else {
      auto number = record::parse_quantity(value.text);
      if (!number)
        expected("a number for " + key.text + "=");
      condition.threshold = *number;
    }
    next();
    rule.levels.push_back(Level{*level, condition});
  } else if (key.text == "clear") {
    auto number = record::parse_quantity(value.text);
    if (!number)
      expected("a number for clear=");
    next();
    rule.clear = *number;
  } else if (key.text == "keep_firing_for") {
    rule.keep_firing_for = duration();
  } else if (key.text == "escalate") {
    rule.escalate = duration();
  } else if (key.text == "repeat") {
    rule.repeat = duration();
  } else if (key.text == "stale_after") {
    rule.stale_after = duration();
  } else if (key.text == "on_missing") {
    static const std::pair<std::string_view, MissingPolicy> policies[] = {
        {"ok", MissingPolicy::ok}, {"keep", MissingPolicy::keep}, {"alert", MissingPolicy::alert}, {"unknown", MissingPolicy::unknown}};
    bool found = false;
    for (auto [word, policy] : policies)
      if (value.text == word) {
        rule.on_missing = policy;
        found = true;
      }
    if (!found)
      expected("ok, keep, alert or unknown for on_missing=");
    next();
  } else if (key.text == "flapping") {
    if (value.text != "on" && value.text != "off")
      expected("on or off for flapping=");
    rule.flapping = value.text == "on";
    next();
  } else if (key.text == "message") {
    if (auto error = message_error(value.text))
      fail_at(value.column, "message=: " + *error);
    rule.message = value.text;
    next();
  } else {
    fail_at(key.column, "unknown option " + util::quote(key.text) + ": expected " + std::string(k_options));
  }
}

// Checks that need the whole rule: thresholds of levels in order, clear on the right side.
void Parser::check(Rule& rule, std::size_t end_column) {
  if (rule.levels.empty())
    return;
  const Level& main = rule.levels.front();
  Op op = main.condition.op;
  for (std::size_t i = 1; i < rule.levels.size(); ++i) {
    const Level& level = rule.levels[i];
    std::string key(record::to_string(level.severity));
    if (level.severity <= rule.levels[i - 1].severity)
      fail_at(end_column, key + "= must name a severity above " + std::string(record::to_string(rule.levels[i - 1].severity)) +
                              " (the levels go info, warning, error, critical)");
    double a = rule.levels[i - 1].condition.threshold, b = level.condition.threshold;
    bool ordered = (op == Op::gt || op == Op::ge) ? b >= a : (op == Op::lt || op == Op::le) ? b <= a : true;
    if (!ordered)
      fail_at(end_column, key + "=" + util::format_number(b) + " is not past the " +
                              std::string(record::to_string(rule.levels[i - 1].severity)) + " threshold " + util::format_number(a));
  }
  if (rule.clear) {
    double t = main.condition.threshold;
    if (op == Op::gt || op == Op::ge) {
      if (*rule.clear > t)
        fail_at(end_column, "clear=" + util::format_number(*rule.clear) + " must be at or below the threshold " + util::format_number(t));
    } else if (op == Op::lt || op == Op::le) {
      if (*rule.clear < t)
        fail_at(end_column, "clear=" + util::format_number(*rule.clear) + " must be at or above the threshold " + util::format_number(t));
    } else {
      fail_at(end_column, "clear= needs a > >= < or <= condition");
    }
  }
}

Rule Parser::parse() {
  Rule rule;
  if (peek().kind == TokenKind::end)
    expected("a rule (NAME: EXPR)");
  // NAME: — the colon ends the first word, or stands alone after it.
  if (peek().kind == TokenKind::word && peek().text.size() > 1 && peek().text.back() == ':') {
    std::string name = peek().text.substr(0, peek().text.size() - 1);
    if (!is_rule_name(name))
      fail_at(peek().column, "expected a rule name ([A-Za-z_][A-Za-z0-9_.-]*), got " + util::quote(name));
    rule.name = name;
    next();
  } else if (peek().kind == TokenKind::word && peek(1).kind == TokenKind::word && peek(1).text == ":") {
    if (!is_rule_name(peek().text))
      fail_at(peek().column, "expected a rule name ([A-Za-z_][A-Za-z0-9_.-]*), got " + util::quote(peek().text));
    rule.name = next().text;
    next();
  }
  parse_query(rule);
  if (rule.aggregate == Aggregate::absent) {
    if (!at_word("for"))
      expected("\"for\" and a duration after absent(...)");
    next();
    rule.for_duration = parse_duration_token("a duration after \"for\" (30s, 5m, 1h)");
    rule.absent_severity = record::Severity::warning;
  } else {
    Level level;
    level.condition = parse_condition();
    rule.levels.push_back(level);
    if (at_word("for")) {
      next();
      rule.for_duration = parse_duration_token("a duration after \"for\" (30s, 5m, 1h)");
    }
  }
  std::vector<std::string> seen;
  while (peek().kind != TokenKind::end)
    parse_option(rule, seen);
  check(rule, peek().column);
  if (rule.name.empty())
    rule.name = rule.aggregate == Aggregate::none ? rule.selector.metric
                                                  : std::string(to_string(rule.aggregate)) + "_" + rule.selector.metric;
  return rule;
}

} // namespace

Rule parse_rule(std::string_view text, std::string_view origin, bool allow_unbounded_window) {
  Rule rule = Parser(text, origin, allow_unbounded_window).parse();
  rule.origin = std::string(origin);
  return rule;
}

} // namespace pm::alert
