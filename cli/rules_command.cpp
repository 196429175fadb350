#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/option_table.h"
#include "cli/options.h"
#include "core/atomic_file.h"
#include "core/source_file.h"
#include "reporters/rule_docs.h"
#include "rules/engine/rule_set.h"

namespace palisade {

namespace {

// Loads built-in and --rules DIR packs; prints located errors and returns false on any.
bool loadRules(const std::vector<std::string>& dirs, RuleSet& out) {
  std::vector<Diagnostic> errors;
  std::vector<std::filesystem::path> paths(dirs.begin(), dirs.end());
  out = RuleSet::load(paths, errors);
  for (const Diagnostic& d : errors) {
    fmt::print(stderr, "{}:{}:{}: error: {}\n", d.span.file ? d.span.file->path() : d.path, d.span.start.line,
               d.span.start.column, d.message);
  }
  return errors.empty();
}

}  // namespace

int runRulesCommand(const std::vector<std::string>& args) {
  std::string format = "text";
  std::string output_dir;
  std::vector<std::string> dirs;
  std::vector<std::string> select;
  auto parsed = parseArguments(*findCommandSpec("rules"), args);
  if (auto* error = std::get_if<UsageError>(&parsed)) {
    fmt::print(stderr, "palisade rules: {}\n", error->message);
    return 2;
  }
  const ParsedArgs& a = std::get<ParsedArgs>(parsed);
  if (!a.positionals.empty()) {
    fmt::print(stderr, "palisade rules: unexpected argument '{}'\n", a.positionals[0]);
    return 2;
  }
  for (const ParsedOption& o : a.options) {
    if (o.is("--format")) format = o.value;
    else if (o.is("--output-dir")) output_dir = o.value;
    else if (o.is("--rules")) dirs.push_back(o.value);
    else if (o.is("--select")) {
      for (auto& s : splitList(o.value)) select.push_back(s);
    }
  }
  RuleSet rules;
  if (!loadRules(dirs, rules)) return 2;
  // The catalogue lists every rule, the default-off ones too (marked so).
  rules.enableAll();
  if (std::string error = selectRules(rules, select, {}); !error.empty()) {
    fmt::print(stderr, "palisade rules: {}\n", error);
    return 2;
  }
  if (!output_dir.empty()) {
    // docs/rules/: the catalogue as README.md and one page per rule, named by id.
    std::vector<std::pair<std::string, std::string>> pages = {{"README.md", ruleCatalogueMarkdown(rules.rules())}};
    for (const Rule& r : rules.rules()) pages.emplace_back(r.info.id + ".md", ruleMarkdownPage(r));
    for (const auto& [name, text] : pages) {
      if (std::string error = writeFileAtomically(output_dir + "/" + name, text); !error.empty()) {
        fmt::print(stderr, "palisade rules: {}\n", error);
        return 2;
      }
    }
    fmt::print("wrote {} pages to {}\n", pages.size(), output_dir);
    return 0;
  }
  if (format == "text") {
    fmt::print("{}", ruleCatalogueText(rules.rules()));
  } else if (format == "json") {
    fmt::print("{}", ruleCatalogueJson(rules.rules()));
  } else if (format == "markdown") {
    fmt::print("{}", ruleCatalogueMarkdown(rules.rules()));
    for (const Rule& r : rules.rules()) fmt::print("\n---\n\n{}", ruleMarkdownPage(r));
  } else {
    fmt::print(stderr, "palisade rules: --format takes text, json or markdown, not '{}'\n", format);
    return 2;
  }
  return 0;
}

int runExplainCommand(const std::vector<std::string>& args) {
  auto parsed = parseArguments(*findCommandSpec("explain"), args);
  if (auto* error = std::get_if<UsageError>(&parsed)) {
    fmt::print(stderr, "palisade explain: {}\n", error->message);
    return 2;
  }
  const ParsedArgs& a = std::get<ParsedArgs>(parsed);
  if (a.positionals.size() != 1) {
    fmt::print(stderr, "palisade explain: name one rule, e.g. palisade explain K8S001\n");
    return 2;
  }
  std::vector<std::string> dirs;
  for (const ParsedOption& o : a.options) {
    if (o.is("--rules")) dirs.push_back(o.value);
  }
  RuleSet rules;
  if (!loadRules(dirs, rules)) return 2;
  const Rule* rule = rules.find(a.positionals[0]);
  if (!rule) {
    fmt::print(stderr, "palisade explain: no rule '{}' (see palisade rules)\n", a.positionals[0]);
    return 2;
  }
  fmt::print("{}", ruleMarkdownPage(*rule));
  return 0;
}

}  // namespace palisade
