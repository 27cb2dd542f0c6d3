// The one wrapper every tool runs in.
#include "libpm/cli/run.hpp"

#include <CLI/CLI.hpp>

#include "libpm/util/error.hpp"
#include "libpm/util/signals.hpp"
#include "libpm/util/strings.hpp"

#include <algorithm>
#include <iostream>
#include <unistd.h>

namespace pm::cli {

void configure_app(CLI::App& app, std::string_view tool, std::string_view description) {
  app.name(std::string(tool));
  app.description(std::string(description));
  app.set_version_flag("-V,--version", std::string(tool) + " " PM_VERSION);
  app.get_formatter()->column_width(32);
  app.option_defaults()->always_capture_default(false);
}

namespace {

void print_error(std::string_view tool, std::string_view message) {
  std::string line(tool);
  line += ": error: ";
  line += message;
  line += '\n';
  (void)!::write(STDERR_FILENO, line.data(), line.size());
}

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }
bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

std::string quoted_list(const std::vector<std::string>& items) {
  std::string text;
  for (const auto& item : items)
    text += (text.empty() ? "" : ", ") + util::quote(item);
  return text;
}

std::string type_of(const CLI::App& app, const std::string& name) {
  const CLI::Option* option = app.get_option_no_throw(name);
  return option ? option->get_type_name() : std::string();
}

bool is_flag(const CLI::App& app, const std::string& name) {
  const CLI::Option* option = app.get_option_no_throw(name);
  return option && option->get_expected_max() == 0;
}

/// The choices CLI::IsMember writes as "{a,b,c}" (in a type name "FORMAT:{a,b,c}", in an
/// error "x not in {a,b,c}") as "a, b, c"; empty when `text` has none.
std::string choices_of(std::string_view text) {
  auto open = text.find('{');
  if (open == std::string_view::npos || text.back() != '}')
    return {};
  std::string list;
  for (auto choice : util::split(text.substr(open + 1, text.size() - open - 2), ','))
    list += (list.empty() ? "" : ", ") + std::string(choice);
  return list;
}

/// CLI11's message for a parse error in pm's words: what is wrong first, the subject quoted.
/// A message this does not know is passed on as CLI11 wrote it.
std::string describe_parse_error(const CLI::ParseError& error, const CLI::App& app) {
  const std::string what = error.what();
  // Arguments no option took: CLI11 says "The following argument(s) was/were not expected: ...".
  if (dynamic_cast<const CLI::ExtrasError*>(&error)) {
    std::vector<std::string> extras = app.remaining(false);
    if (extras.empty())
      return what;
    bool options = std::all_of(extras.begin(), extras.end(), [](const std::string& a) { return starts_with(a, "-"); });
    return std::string(options ? "unknown option" : "unexpected argument") + (extras.size() > 1 ? "s " : " ") +
           quoted_list(extras);
  }
  // "Could not convert: --count = abc": a value of the wrong type.
  if (starts_with(what, "Could not convert: ")) {
    std::string rest = what.substr(19);
    auto equals = rest.find(" = ");
    if (equals != std::string::npos) {
      std::string name = rest.substr(0, equals);
      std::string value = util::quote(rest.substr(equals + 3));
      if (is_flag(app, name))
        return name + " takes no value, got " + value;
      std::string type = type_of(app, name);
      return name + ": " + (type.empty() ? "not a valid value" : "expected " + type) + ", got " + value;
    }
  }
  if (starts_with(what, "The value ")) { // "The value X is not an allowed value for NAME"
    auto marker = what.find(" is not an allowed value for ");
    if (marker != std::string::npos)
      return what.substr(marker + 29) + ": " + util::quote(what.substr(10, marker - 10)) + " is not allowed";
  }
  if (ends_with(what, ": Should be true/false or a number") || ends_with(what, ": too many inputs for a flag") ||
      ends_with(what, " was given a disallowed flag override"))
    return what.substr(0, what.find_first_of(": ")) + " takes no value";
  // "--count: 1 required N missing", "--count: At Most 1 required but received 2", ...
  if (dynamic_cast<const CLI::ArgumentMismatch*>(&error)) {
    auto colon = what.find(": ");
    if (colon != std::string::npos) {
      std::string name = what.substr(0, colon);
      std::string rest = what.substr(colon + 2);
      if (ends_with(rest, " missing")) {
        std::string type = type_of(app, name);
        std::string choices = type.find(":{") != std::string::npos ? choices_of(type) : std::string();
        if (!choices.empty())
          return name + " needs a value, one of " + choices;
        return name + " needs a value" + (type.empty() ? "" : " (" + type + ")");
      }
      auto received = rest.find(" required but received ");
      if (starts_with(rest, "At Most 1 ") && received != std::string::npos)
        return name + " is given " + rest.substr(received + 23) + " times, but takes one value";
      if (starts_with(rest, "At Most ") && received != std::string::npos)
        return name + " takes at most " + rest.substr(8, received - 8) + " values, got " + rest.substr(received + 23);
      if (starts_with(rest, "At least ") && received != std::string::npos)
        return name + " takes at least " + rest.substr(9, received - 9) + " values, got " + rest.substr(received + 23);
    }
  }
  if (ends_with(what, " is required") && dynamic_cast<const CLI::RequiredError*>(&error))
    return what.substr(0, what.size() - 12) + " must be given";
  if (dynamic_cast<const CLI::RequiresError*>(&error)) {
    auto marker = what.find(" requires ");
    if (marker != std::string::npos)
      return what.substr(0, marker) + " needs " + what.substr(marker + 10);
  }
  if (dynamic_cast<const CLI::ExcludesError*>(&error)) {
    auto marker = what.find(" excludes ");
    if (marker != std::string::npos)
      return what.substr(0, marker) + " and " + what.substr(marker + 10) + " cannot be given together";
  }
  // CLI::IsMember: "--format: xml not in {auto,ndjson,...}".
  if (dynamic_cast<const CLI::ValidationError*>(&error) && ends_with(what, "}")) {
    auto colon = what.find(": ");
    auto marker = what.rfind(" not in {");
    if (colon != std::string::npos && marker != std::string::npos && marker > colon) {
      return what.substr(0, colon) + ": " + util::quote(what.substr(colon + 2, marker - colon - 2)) + " is not one of " +
             choices_of(std::string_view(what).substr(marker + 5));
    }
  }
  return what;
}

} // namespace

std::string given_value(const CLI::App& app, const std::string& name, const std::string& parsed) {
  const CLI::Option* option = app.get_option_no_throw(name);
  if (option && !option->results().empty())
    return option->results().back();
  return parsed;
}

int run_tool(CLI::App& app, int argc, char** argv, ExitStyle style, const std::function<int(Context&)>& body,
             const FailureOutput& on_failure) {
  const std::string tool = app.get_name();
  // An error goes to stderr once, and to stdout whatever on_failure makes of it.
  auto fail = [&](const std::string& message, int status) {
    print_error(tool, message);
    if (on_failure) {
      std::string text = on_failure(message);
      (void)!::write(STDOUT_FILENO, text.data(), text.size());
    }
    return status;
  };
  const int usage_status = style == ExitStyle::plugin ? 3 : 2;
  const int failure_status = style == ExitStyle::plugin ? 3 : 1;
  util::install_stop_handlers();

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return 0;
  } catch (const CLI::CallForAllHelp&) {
    std::cout << app.help("", CLI::AppFormatMode::All);
    return 0;
  } catch (const CLI::CallForVersion&) {
    std::cout << app.version() << '\n';
    return 0;
  } catch (const CLI::ParseError& e) {
    return fail(describe_parse_error(e, app) + " (see " + tool + " --help)", usage_status);
  } catch (const UsageError& e) {
    return fail(e.what(), usage_status);
  } catch (const Error& e) {
    return fail(e.what(), failure_status);
  }

  util::Output out(STDOUT_FILENO, "stdout");
  util::Diagnostics diagnostics([&tool](std::string_view line) {
    std::string text(tool);
    text += ": ";
    text += line;
    text += '\n';
    (void)!::write(STDERR_FILENO, text.data(), text.size());
  });
  Context context{tool, out, diagnostics};
  try {
    int status = body(context);
    out.flush();
    return status;
  } catch (const BrokenPipe&) {
    return 0;
  } catch (const UsageError& e) {
    try {
      out.flush();
    } catch (...) {
    }
    return fail(e.what(), usage_status);
  } catch (const Error& e) {
    try {
      out.flush();
    } catch (...) {
    }
    return fail(e.what(), failure_status);
  } catch (const std::exception& e) {
    return fail(std::string("internal error: ") + e.what(), failure_status);
  }
}

} // namespace pm::cli
