#include "rules/engine/rule_set.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <optional>
#include <sstream>

#include "core/parallel.h"
#include "core/rule_selector.h"
#include "parsers/json/located_json.h"
#include "rules/engine/embedded_file.h"
#include "rules/engine/rule_loader.h"

namespace palisade {

namespace {

Span fileStart(const SourceFile* file) {
  Span s;
  s.file = file;
  s.start = s.stop = {1, 1};
  return s;
}

}  // namespace

RuleSet RuleSet::load(const std::vector<std::filesystem::path>& user_dirs, std::vector<Diagnostic>& errors) {
  RuleSet set;
  // The built-in packs are embedded as JSON (tools/rulepack_compiler): read
  // with the located JSON reader they cost a few milliseconds, where YAML (read
  // with yaml-cpp then) took most of a one-file scan's time.
  auto builtin = builtinPackFiles();
  std::vector<std::optional<Rule>> loaded(builtin.size());
  std::vector<std::vector<Diagnostic>> load_errors(builtin.size());
  std::vector<SourceFilePtr> builtin_files(builtin.size());
  parallelFor(builtin.size(), defaultJobs(), [&](std::size_t i) {
    std::string path(builtin[i].path);
    builtin_files[i] = std::make_shared<const SourceFile>("builtin:" + path, std::string(builtin[i].text));
    LocatedJsonResult json = parseLocatedJson(*builtin_files[i]);
    if (!json.ok) {
      load_errors[i].push_back(Diagnostic{GenCode::InvalidRuleFile, "built-in rule: " + json.error, json.error_span, path});
      return;
    }
    loaded[i] = loadRuleFromValue(json.value, *builtin_files[i], path.substr(0, path.find('/')), load_errors[i]);
  });
  for (std::size_t i = 0; i < builtin.size(); ++i) {
    set.files_.push_back(builtin_files[i]);
    for (Diagnostic& d : load_errors[i]) errors.push_back(std::move(d));
    if (loaded[i]) set.add(std::move(*loaded[i]), errors);
  }
  for (const std::filesystem::path& dir : user_dirs) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) {
      errors.push_back(Diagnostic{GenCode::InvalidRuleFile, fmt::format("--rules {}: not a directory", dir.string()), {}, dir.string()});
      continue;
    }
    std::vector<std::filesystem::path> paths;
    for (auto it = std::filesystem::recursive_directory_iterator(dir, ec); !ec && it != std::filesystem::recursive_directory_iterator();
         it.increment(ec)) {
      if (it->is_regular_file() && (it->path().extension() == ".yaml" || it->path().extension() == ".yml")) {
        paths.push_back(it->path());
      }
    }
    std::sort(paths.begin(), paths.end());
    std::string pack = std::filesystem::absolute(dir).lexically_normal().filename().string();
    if (pack.empty()) pack = std::filesystem::absolute(dir).lexically_normal().parent_path().filename().string();
    for (const auto& path : paths) {
      std::ifstream in(path, std::ios::binary);
      if (!in) {
        errors.push_back(Diagnostic{GenCode::InvalidRuleFile, "cannot read rule file", {}, path.string()});
        continue;
      }
      std::ostringstream text;
      text << in.rdbuf();
      auto file = std::make_shared<const SourceFile>(path.string(), text.str());
      set.files_.push_back(file);
      if (auto rule = loadRule(*file, pack, errors)) set.add(std::move(*rule), errors);
    }
  }
  // Default-off rules wait until a selection names them.
  for (Rule& rule : set.rules_) {
    if (!rule.info.default_enabled) set.dormant_.push_back(std::move(rule));
  }
  std::erase_if(set.rules_, [](const Rule& r) { return !r.info.default_enabled; });
  set.sortById();
  std::sort(set.dormant_.begin(), set.dormant_.end(), [](const Rule& a, const Rule& b) { return a.info.id < b.info.id; });
  return set;
}

void RuleSet::sortById() {
  std::sort(rules_.begin(), rules_.end(), [](const Rule& a, const Rule& b) { return a.info.id < b.info.id; });
}

void RuleSet::add(Rule rule, std::vector<Diagnostic>& errors) {
  auto fail = [&](std::string message) {
    const SourceFile* file = nullptr;
    for (const auto& f : files_) {
      if (f->path() == rule.source) file = f.get();
    }
    errors.push_back(Diagnostic{GenCode::InvalidRuleFile, std::move(message), fileStart(file), rule.source});
  };
  // A `#disable-next-line` word that named one rule and was the Bicep linter equivalent of another would be ambiguous.
  auto hasEquivalent = [](const Rule& of, const std::string& code) {
    const auto& codes = of.info.bicep_linter_equivalents;
    return std::find(codes.begin(), codes.end(), code) != codes.end();
  };
  for (const Rule& existing : rules_) {
    if (existing.info.id == rule.info.id || existing.info.name == rule.info.name) {
      fail(fmt::format("rule {} ({}) clashes with {} ({}) from {}", rule.info.id, rule.info.name, existing.info.id,
                       existing.info.name, existing.source));
      return;
    }
    if (hasEquivalent(rule, existing.info.name) || hasEquivalent(existing, rule.info.name)) {
      fail(fmt::format("rule {} ({}) and {} ({}) from {}: a Bicep linter equivalent must not be a rule's name",
                       rule.info.id, rule.info.name, existing.info.id, existing.info.name, existing.source));
      return;
    }
  }
  rules_.push_back(std::move(rule));
}

const Rule* RuleSet::find(std::string_view id_or_name) const {
  return const_cast<RuleSet*>(this)->findMutable(id_or_name);
}

Rule* RuleSet::findMutable(std::string_view id_or_name) {
  for (auto* list : {&rules_, &dormant_}) {
    for (Rule& r : *list) {
      if (r.info.id == id_or_name || r.info.name == id_or_name) return &r;
    }
  }
  return nullptr;
}

std::string unknownSelector(const RuleSet& rules, const std::vector<std::string>& selectors) {
  for (const std::string& selector : selectors) {
    bool names_a_rule = false;
    for (const auto* list : {&rules.rules(), &rules.dormant()}) {
      names_a_rule = names_a_rule || std::any_of(list->begin(), list->end(),
                                                 [&](const Rule& r) { return ruleMatchesSelector(r.info, selector); });
    }
    if (!names_a_rule) {
      return fmt::format("'{}' is no rule id, rule name or tag, nor an id prefix or pack (see palisade rules)", selector);
    }
  }
  return {};
}

std::string selectRules(RuleSet& rules, const std::vector<std::string>& select, const std::vector<std::string>& ignore) {
  for (const auto* list : {&select, &ignore}) {
    if (std::string error = unknownSelector(rules, *list); !error.empty()) return error;
  }
  auto named = [](const Rule& r, const std::vector<std::string>& selectors) {
    return std::any_of(selectors.begin(), selectors.end(), [&](const std::string& s) { return ruleMatchesSelector(r.info, s); });
  };
  if (!select.empty()) rules.select([&](const Rule& r) { return named(r, select); });
  rules.filter([&](const Rule& r) { return !named(r, ignore); });
  return {};
}

}  // namespace palisade
