#include <fmt/format.h>

#include "cli/commands.h"
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
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--select" && i + 1 < args.size()) {
      // ids, names or tags, comma-separated, as for scan
      std::string list = args[++i];
      for (std::size_t start = 0; start <= list.size();) {
        std::size_t comma = std::min(list.find(',', start), list.size());
        if (comma > start) select.push_back(list.substr(start, comma - start));
        start = comma + 1;
      }
    } else if ((args[i] == "--format" || args[i] == "-f") && i + 1 < args.size()) {
      format = args[++i];
    } else if (args[i] == "--output-dir" && i + 1 < args.size()) {
      output_dir = args[++i];
    } else if (args[i] == "--rules" && i + 1 < args.size()) {
      dirs.push_back(args[++i]);
    } else {
      fmt::print(stderr, "palisade rules: unexpected argument '{}'\n", args[i]);
      return 2;
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
  if (args.empty()) {
    fmt::print(stderr, "palisade explain: name a rule, e.g. palisade explain K8S001\n");
    return 2;
  }
  std::vector<std::string> dirs;
  for (std::size_t i = 1; i + 1 < args.size(); i += 2) {
    if (args[i] == "--rules") dirs.push_back(args[i + 1]);
  }
  RuleSet rules;
  if (!loadRules(dirs, rules)) return 2;
  const Rule* rule = rules.find(args[0]);
  if (!rule) {
    fmt::print(stderr, "palisade explain: no rule '{}' (see palisade rules)\n", args[0]);
    return 2;
  }
  fmt::print("{}", ruleMarkdownPage(*rule));
  return 0;
}

}  // namespace palisade
