// palisade: the command-line entry point; dispatches to the sub-commands.
// Every command's options and help come from one table (cli/option_table.h).
#include <fmt/format.h>

#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/option_table.h"

namespace {

int runHelpCommand(const std::vector<std::string>& args) {
  for (const std::string& a : args) {
    if (a == "--help" || a == "-h") {
      fmt::print("{}", palisade::commandHelp(*palisade::findCommandSpec("help")));
      return 0;
    }
    if (a == "--man") {
      fmt::print("{}", palisade::manPage(PALISADE_VERSION));
      return 0;
    }
    if (a == "--markdown") {
      fmt::print("{}", palisade::helpMarkdown());
      return 0;
    }
  }
  if (args.empty()) {
    fmt::print("{}", palisade::generalHelp());
    return 0;
  }
  const palisade::CommandSpec* spec = palisade::findCommandSpec(args[0]);
  if (!spec) {
    fmt::print(stderr, "palisade help: no command '{}'\n\n{}", args[0], palisade::generalHelp());
    return 2;
  }
  fmt::print("{}", palisade::commandHelp(*spec));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    std::fputs(palisade::generalHelp().c_str(), args.empty() ? stderr : stdout);
    return args.empty() ? 2 : 0;
  }
  std::string command = args[0];
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (command == "--version") command = "version";
  const palisade::CommandSpec* spec = palisade::findCommandSpec(command);
  if (!spec) {
    fmt::print(stderr, "palisade: unknown command '{}'\n\n{}", command, palisade::generalHelp());
    return 2;
  }
  if (command != "help") {
    for (const std::string& a : rest) {
      if (a == "--") break;
      if (a == "--help" || a == "-h") {
        fmt::print("{}", palisade::commandHelp(*spec));
        return 0;
      }
    }
  }
  try {
    if (command == "scan") return palisade::runScanCommand(rest);
    if (command == "fix") return palisade::runFixCommand(rest);
    if (command == "baseline") return palisade::runBaselineCommand(rest);
    if (command == "config") return palisade::runConfigCommand(rest);
    if (command == "init") return palisade::runInitCommand(rest);
    if (command == "rules") return palisade::runRulesCommand(rest);
    if (command == "audit") return palisade::runAuditCommand(rest);
    if (command == "merge") return palisade::runMergeCommand(rest);
    if (command == "explain") return palisade::runExplainCommand(rest);
    if (command == "kustomize") return palisade::runKustomizeCommand(rest);
    if (command == "lsp") return palisade::runLspCommand(rest);
    if (command == "help") return runHelpCommand(rest);
    fmt::print("palisade {}\n", PALISADE_VERSION);  // version
    return 0;
  } catch (const std::exception& e) {
    fmt::print(stderr, "palisade: internal error: {}\n", e.what());
    return 2;
  }
}
