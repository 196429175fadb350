// The command line in one table: every sub-command, its synopsis, its
// options (long and short names, the value they take, one line of help) and
// an example. Parsing (which options exist, which take a value, the error for
// an unknown one), `palisade --help`, `palisade COMMAND --help` and the man
// page are all generated from it, so an option cannot be parsed without being
// documented or documented without being parsed.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace palisade {

struct OptionSpec {
  std::string_view name;        // "--select"
  std::string_view short_name;  // "-f", or empty
  std::string_view value;       // "IDS", or empty for a flag
  std::string_view help;        // '\n' starts a continuation line
};

struct CommandSpec {
  std::string_view name;      // "scan"
  std::string_view usage;     // "palisade scan [PATH...|-] [options]"
  std::string_view summary;   // one line for the general help
  std::string_view details;   // paragraphs after the usage line, may be empty
  std::vector<OptionSpec> options;
  std::vector<std::string_view> examples;
};

const std::vector<CommandSpec>& commandSpecs();
const CommandSpec* findCommandSpec(std::string_view name);

// `palisade --help`, and `palisade COMMAND --help`.
std::string generalHelp();
std::string commandHelp(const CommandSpec& command);
// The whole help as a roff man page (section 1), for `palisade help --man`.
std::string manPage(std::string_view version);
// The whole help as Markdown (docs/cli.md is generated from it).
std::string helpMarkdown();

struct UsageError {
  std::string message;
};

// One option met on the command line, with its value ("" for a flag).
struct ParsedOption {
  const OptionSpec* spec = nullptr;
  std::string value;
  bool is(std::string_view name) const { return spec->name == name; }
};

struct ParsedArgs {
  std::vector<ParsedOption> options;  // in command-line order
  std::vector<std::string> positionals;
};

// Splits arguments by the command's table: `--name VALUE`, `--name=VALUE`,
// `-x VALUE`, flags, and positionals ("-" is a positional). An option the
// table does not list, or one missing its value, is a usage error.
std::variant<ParsedArgs, UsageError> parseArguments(const CommandSpec& command, const std::vector<std::string>& args);

}  // namespace palisade
