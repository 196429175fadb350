#include "scan/config.h"

#include <fmt/format.h>

#include "core/project.h"
#include "core/rule_selector.h"
#include "scan/path_glob.h"

namespace palisade {

namespace {

Diagnostic errorAt(const ConfigText& item, std::string message) {
  return Diagnostic{GenCode::InvalidConfiguration, std::move(message), item.span, item.span.file ? item.span.file->path() : ""};
}

bool namesAnyRule(const RuleSet& rules, std::string_view selector) {
  for (const auto* list : {&rules.rules(), &rules.dormant()}) {
    for (const Rule& rule : *list) {
      if (ruleMatchesSelector(rule.info, selector)) return true;
    }
  }
  return false;
}

bool namedByAny(const RuleInfo& rule, const std::vector<ConfigText>& selectors) {
  for (const ConfigText& s : selectors) {
    if (ruleMatchesSelector(rule, s.text)) return true;
  }
  return false;
}

void checkSelectors(const std::vector<ConfigText>& selectors, const RuleSet& rules, std::vector<Diagnostic>& errors) {
  for (const ConfigText& s : selectors) {
    if (!namesAnyRule(rules, s.text)) {
      errors.push_back(errorAt(s, fmt::format("'{}' is no rule id, rule name or tag, nor an id prefix or pack (see palisade rules)", s.text)));
    }
  }
}

void checkSeverities(const std::vector<SeverityOverride>& overrides, const RuleSet& rules, std::vector<Diagnostic>& errors) {
  for (const SeverityOverride& o : overrides) {
    if (!rules.find(o.rule.text)) {
      errors.push_back(errorAt(o.rule, fmt::format("'{}' is no rule id or name (see palisade rules)", o.rule.text)));
    }
  }
}

std::string configRelativePath(const std::string& uri, const Config& config, const std::filesystem::path& scan_root) {
  if (config.base.empty() || config.base == scan_root) return uri;
  return (scan_root / uri).lexically_normal().lexically_relative(config.base).generic_string();
}

std::vector<std::string> textsOf(const std::vector<ConfigText>& items) {
  std::vector<std::string> out;
  for (const ConfigText& item : items) out.push_back(item.text);
  return out;
}

}  // namespace

std::vector<Diagnostic> configureRules(const Config& config, RuleSet& rules, bool command_line_selects) {
  std::vector<Diagnostic> errors;
  checkSelectors(config.select, rules, errors);
  checkSelectors(config.ignore, rules, errors);
  checkSeverities(config.severity, rules, errors);
  for (const PathOverride& o : config.overrides) {
    checkSelectors(o.ignore, rules, errors);
    checkSeverities(o.severity, rules, errors);
  }
  if (!errors.empty()) return errors;

  for (const SeverityOverride& o : config.severity) rules.findMutable(o.rule.text)->info.severity = o.severity;
  if (!config.select.empty() && !command_line_selects) {
    rules.select([&](const Rule& r) { return namedByAny(r.info, config.select); });
  }
  rules.filter([&](const Rule& r) { return !namedByAny(r.info, config.ignore); });
  return errors;
}

std::vector<Finding> applyConfig(std::vector<Finding> findings, const Config& config, const RuleSet& rules,
                                 const std::filesystem::path& scan_root) {
  if (config.include.empty() && config.exclude.empty() && config.overrides.empty()) return findings;
  std::vector<std::string> include = textsOf(config.include);
  std::vector<std::string> exclude = textsOf(config.exclude);
  std::vector<std::vector<std::string>> override_paths;
  for (const PathOverride& o : config.overrides) override_paths.push_back(textsOf(o.paths));
  std::vector<Finding> kept;
  kept.reserve(findings.size());
  for (Finding& f : findings) {
    if (f.location.uri.empty()) {
      kept.push_back(std::move(f));
      continue;
    }
    std::string path = configRelativePath(f.location.uri, config, scan_root);
    if (!include.empty() && !anyGlobMatches(include, path)) continue;
    if (anyGlobMatches(exclude, path)) continue;
    RuleInfo fallback;
    fallback.id = f.rule_id;
    fallback.name = f.rule_name;
    const Rule* rule = rules.find(f.rule_id);
    const RuleInfo& info = rule ? rule->info : fallback;
    bool ignored = false;
    for (std::size_t i = 0; i < config.overrides.size(); ++i) {
      const PathOverride& o = config.overrides[i];
      if (!anyGlobMatches(override_paths[i], path)) continue;
      if (namedByAny(info, o.ignore)) ignored = true;
      for (const SeverityOverride& s : o.severity) {
        if (ruleMatchesSelector(info, s.rule.text)) {
          f.severity = s.severity;
          f.level = levelOf(s.severity);
        }
      }
    }
    if (!ignored) kept.push_back(std::move(f));
  }
  return kept;
}

}  // namespace palisade
