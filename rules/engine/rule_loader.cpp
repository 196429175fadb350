#include "rules/engine/rule_loader.h"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <span>

#include "core/ascii.h"
#include "parsers/yaml/yaml_reader.h"

namespace palisade {

namespace {

constexpr std::string_view kRuleKeys[] = {"check",    "description", "diagnostic", "id",          "match",
                                          "message",  "name",        "params",     "precision",   "remediation",
                                          "severity", "tags",        "title",      "assert",      "bicep-linter-equivalents",
                                          "default-enabled",    "notification-level", "help",
                                          "fix"};
constexpr std::string_view kMatchKeys[] = {"components", "formats", "include-existing", "kinds", "pod-spec", "types", "where"};
constexpr std::string_view kComponents[] = {"kube-apiserver", "kube-controller-manager", "kube-scheduler", "etcd", "kubelet"};

class RuleReader {
 public:
  RuleReader(const SourceFile& file, std::vector<Diagnostic>& errors) : file_(file), errors_(errors) {}

  void error(const Span& at, std::string message) {
    errors_.push_back(Diagnostic{GenCode::InvalidRuleFile, std::move(message), at, file_.path()});
    ok_ = false;
  }
  bool ok() const { return ok_; }

  void checkKeys(const Value& node, std::span<const std::string_view> allowed, std::string_view where) {
    for (const Member& m : node.members()) {
      if (std::find(allowed.begin(), allowed.end(), m.key) == allowed.end()) {
        error(m.key_span, fmt::format("unknown key '{}' in {}", m.key, where));
      }
    }
  }

  std::string requiredString(const Value& node, std::string_view key) {
    const Value* v = node.find(key);
    if (!v) {
      error(node.span(), fmt::format("rule file lacks '{}'", key));
      return {};
    }
    if (!v->isString() || v->asString().empty()) {
      error(v->span(), fmt::format("'{}' must be a non-empty string", key));
      return {};
    }
    return v->asString();
  }

  std::string optionalString(const Value& node, std::string_view key) {
    const Value* v = node.find(key);
    if (!v) return {};
    if (!v->isString()) {
      error(v->span(), fmt::format("'{}' must be a string", key));
      return {};
    }
    return v->asString();
  }

  std::vector<std::string> stringList(const Value& node, std::string_view key) {
    std::vector<std::string> out;
    const Value* v = node.find(key);
    if (!v) return out;
    if (!v->isArray()) {
      error(v->span(), fmt::format("'{}' must be a list of strings", key));
      return out;
    }
    for (const Value& item : v->items()) {
      if (!item.isString()) {
        error(item.span(), fmt::format("'{}' must be a list of strings", key));
        continue;
      }
      out.push_back(item.asString());
    }
    return out;
  }

 private:
  const SourceFile& file_;
  std::vector<Diagnostic>& errors_;
  bool ok_ = true;
};

std::optional<Format> parseFormat(std::string_view name) {
  if (name == "kubernetes") return Format::Kubernetes;
  if (name == "calico") return Format::Calico;
  if (name == "bicep") return Format::Bicep;
  if (name == "arm") return Format::Arm;
  return std::nullopt;
}

bool holds(const Value& value, ParameterType type) {
  const auto every = [&](auto&& test) {
    return value.isArray() && std::all_of(value.items().begin(), value.items().end(), test);
  };
  switch (type) {
    case ParameterType::Boolean: return value.isBool();
    case ParameterType::Integer: return value.isInt();
    case ParameterType::String: return value.isString();
    case ParameterType::StringList: return every([](const Value& v) { return v.isString(); });
    case ParameterType::PortList: return every([](const Value& v) { return v.isInt() || v.isString(); });
    case ParameterType::ObjectList: return every([](const Value& v) { return v.isObject(); });
  }
  return false;
}

// A rule's `params:` against what its check declares: every key known, of its type; required ones present.
void checkParameters(RuleReader& reader, const CheckDefinition& check, const Value& params, const Span& check_span) {
  if (!params.isNull() && !params.isObject()) {
    reader.error(params.span(), "'params' is an object of the check's parameters");
    return;
  }
  const auto declared = [&](std::string_view name) -> const CheckParameter* {
    for (const CheckParameter& p : check.parameters)
      if (p.name == name) return &p;
    return nullptr;
  };
  if (params.isObject()) {
    for (const Member& m : params.members()) {
      const CheckParameter* parameter = declared(m.key);
      if (!parameter) {
        std::vector<std::string_view> names;
        for (const CheckParameter& p : check.parameters) names.push_back(p.name);
        reader.error(m.key_span, names.empty() ? fmt::format("check '{}' takes no parameters", check.name)
                                               : fmt::format("check '{}' has no parameter '{}' (it takes: {})",
                                                             check.name, m.key, fmt::join(names, ", ")));
      } else if (!holds(m.value, parameter->type)) {
        reader.error(m.value.span(), fmt::format("parameter '{}' of check '{}' is a {}", m.key, check.name,
                                                 parameterTypeName(parameter->type)));
      }
    }
  }
  for (const CheckParameter& p : check.parameters) {
    if (p.required && (!params.isObject() || !params.find(p.name))) {
      reader.error(params.isObject() ? params.span() : check_span,
                   fmt::format("check '{}' needs the parameter '{}' ({})", check.name, p.name, p.meaning));
    }
  }
}

// A `message` or `help` template names only placeholders the engine fills:
// a misspelt one would otherwise reach every finding as literal braces.
void checkTemplate(RuleReader& reader, const Value& root, std::string_view key, std::string_view pattern) {
  for (std::size_t open = pattern.find('{'); open != std::string_view::npos; open = pattern.find('{', open + 1)) {
    std::size_t close = pattern.find('}', open);
    if (close == std::string_view::npos) break;
    std::string_view name = pattern.substr(open + 1, close - open - 1);
    if (std::find(std::begin(kTemplatePlaceholders), std::end(kTemplatePlaceholders), name) ==
        std::end(kTemplatePlaceholders)) {
      reader.error(root.find(key)->span(),
                   fmt::format("'{}' names the placeholder {{{}}}, which is not one of {{resource}}, {{value}}, "
                               "{{path}}, {{name}}, {{kind}}, {{namespace}}, {{type}}",
                               key, name));
    }
  }
}

}  // namespace

std::optional<Rule> loadRule(const SourceFile& file, const std::string& pack, std::vector<Diagnostic>& errors) {
  ReadLimits limits;
  YamlReadResult yaml = readYaml(file, limits);
  bool yaml_ok = true;
  for (Diagnostic& d : yaml.diagnostics) {
    d.code = GenCode::InvalidRuleFile;
    errors.push_back(std::move(d));
    yaml_ok = false;
  }
  if (!yaml_ok) return std::nullopt;
  if (yaml.documents.size() != 1) {
    errors.push_back(Diagnostic{GenCode::InvalidRuleFile, "a rule file holds exactly one YAML mapping (one rule per file)", file.pointAt(0), file.path()});
    return std::nullopt;
  }
  return loadRuleFromValue(yaml.documents[0].root, file, pack, errors);
}

std::optional<Rule> loadRuleFromValue(const Value& root, const SourceFile& file, const std::string& pack,
                                      std::vector<Diagnostic>& errors) {
  if (!root.isObject()) {
    errors.push_back(Diagnostic{GenCode::InvalidRuleFile, "a rule file holds exactly one YAML mapping (one rule per file)", file.pointAt(0), file.path()});
    return std::nullopt;
  }
  RuleReader reader(file, errors);
  reader.checkKeys(root, kRuleKeys, "a rule file");

  Rule rule;
  rule.source = file.path();
  rule.info.pack = pack;
  rule.info.id = reader.requiredString(root, "id");
  static const RE2 id_pattern(R"([A-Z][A-Z0-9]{1,7}[0-9]{3})");
  static const RE2 name_pattern(R"([a-z0-9]+(-[a-z0-9]+)*)");
  if (!rule.info.id.empty() && !RE2::FullMatch(rule.info.id, id_pattern)) {
    reader.error(root.find("id")->span(), fmt::format("rule id '{}' must be capitals then three digits, e.g. K8S001", rule.info.id));
  }
  rule.info.name = reader.requiredString(root, "name");
  if (!rule.info.name.empty() && !RE2::FullMatch(rule.info.name, name_pattern)) {
    reader.error(root.find("name")->span(), fmt::format("rule name '{}' must be kebab-case", rule.info.name));
  }
  rule.info.title = reader.requiredString(root, "title");
  std::string severity = reader.requiredString(root, "severity");
  if (auto s = parseSeverity(severity)) {
    rule.info.severity = *s;
  } else if (!severity.empty()) {
    reader.error(root.find("severity")->span(), fmt::format("severity '{}' is not one of critical, high, medium, low, info", severity));
  }
  rule.info.tags = reader.stringList(root, "tags");
  for (const std::string& tag : rule.info.tags) {
    if (!isCisTag(tag)) continue;
    if (auto reference = parseCisTag(tag)) {
      rule.info.cis.push_back(std::move(*reference));
    } else {
      reader.error(root.find("tags")->span(),
                   fmt::format("tag '{}' is not a CIS reference: write cis-BENCHMARK-VERSION:CONTROL, e.g. cis-kubernetes-1.8.0:5.2.2", tag));
    }
  }
  rule.info.description = reader.requiredString(root, "description");
  rule.info.remediation = reader.requiredString(root, "remediation");
  if (std::string precision = reader.optionalString(root, "precision"); !precision.empty()) {
    if (precision != "very-high" && precision != "high" && precision != "medium" && precision != "low") {
      reader.error(root.find("precision")->span(), "precision must be very-high, high, medium or low");
    }
    rule.info.precision = precision;
  }
  rule.info.help_uri = ruleHelpUri(rule.info);
  rule.info.bicep_linter_equivalents = reader.stringList(root, "bicep-linter-equivalents");
  for (const std::string& code : rule.info.bicep_linter_equivalents) {
    if (!RE2::FullMatch(code, name_pattern)) {
      reader.error(root.find("bicep-linter-equivalents")->span(),
                   fmt::format("Bicep linter rule code '{}' must be kebab-case, as in `#disable-next-line CODE`", code));
    }
  }
  if (const Value* enabled = root.find("default-enabled")) {
    if (!enabled->isBool()) {
      reader.error(enabled->span(), "'default-enabled' must be true or false");
    } else {
      rule.info.default_enabled = enabled->asBool();
    }
  }
  rule.message = reader.optionalString(root, "message");
  rule.help = reader.optionalString(root, "help");
  checkTemplate(reader, root, "message", rule.message);
  checkTemplate(reader, root, "help", rule.help);

  if (const Value* match = root.find("match")) {
    if (!match->isObject()) {
      reader.error(match->span(), "'match' must be a mapping");
    } else {
      reader.checkKeys(*match, kMatchKeys, "'match'");
      for (const std::string& f : reader.stringList(*match, "formats")) {
        if (auto format = parseFormat(f)) {
          rule.match.formats.push_back(*format);
        } else {
          reader.error(match->find("formats")->span(), fmt::format("unknown format '{}' (kubernetes, calico, bicep, arm)", f));
        }
      }
      rule.match.kinds = reader.stringList(*match, "kinds");
      rule.match.components = reader.stringList(*match, "components");
      for (const std::string& c : rule.match.components) {
        if (std::find(std::begin(kComponents), std::end(kComponents), c) == std::end(kComponents)) {
          reader.error(match->find("components")->span(),
                       fmt::format("unknown component '{}' (kube-apiserver, kube-controller-manager, kube-scheduler, etcd, kubelet)", c));
        }
      }
      for (const std::string& t : reader.stringList(*match, "types")) rule.match.types.push_back(lowerAscii(t));
      if (const Value* pod = match->find("pod-spec")) rule.match.pod_spec = pod->isBool() && pod->asBool();
      if (const Value* existing = match->find("include-existing")) {
        rule.match.include_existing = existing->isBool() && existing->asBool();
      }
      if (const Value* where = match->find("where")) {
        rule.match.where = parseAssertion(*where, errors);
        if (!rule.match.where) reader.error(where->span(), "invalid 'where' assertion");
      }
    }
  }

  const Value* assertion = root.find("assert");
  const Value* check = root.find("check");
  const Value* diagnostic = root.find("diagnostic");
  int modes = (assertion ? 1 : 0) + (check ? 1 : 0) + (diagnostic ? 1 : 0);
  if (modes != 1) {
    reader.error(root.span(), "a rule has exactly one of 'assert', 'check' or 'diagnostic: true'");
  } else if (assertion) {
    rule.assertion = parseAssertion(*assertion, errors);
    if (!rule.assertion) reader.error(assertion->span(), "invalid 'assert'");
  } else if (check) {
    if (!check->isString()) {
      reader.error(check->span(), "'check' names a built-in check");
    } else if (!(rule.check = findCheck(check->asString()))) {
      reader.error(check->span(), fmt::format("no built-in check named '{}'", check->asString()));
    }
  } else {
    rule.reports_diagnostics = diagnostic->isBool() && diagnostic->asBool();
  }
  // How a diagnostic of this rule is listed among SARIF's toolExecutionNotifications:
  // the level of its findings unless the rule says otherwise (an unreadable input is an
  // execution error even though its finding is only a warning).
  rule.info.notification_level = levelOf(rule.info.severity);
  if (std::string level = reader.optionalString(root, "notification-level"); !level.empty()) {
    auto parsed = parseLevel(level);
    if (!parsed || *parsed == Level::None) {
      reader.error(root.find("notification-level")->span(), "notification-level must be error, warning or note");
    } else if (!rule.reports_diagnostics) {
      reader.error(root.find("notification-level")->span(), "notification-level belongs to 'diagnostic: true' rules");
    } else {
      rule.info.notification_level = *parsed;
    }
  }
  if (const Value* params = root.find("params")) {
    if (!rule.check) {
      reader.error(params->span(), "'params' belong to rules with a 'check'");
    } else {
      checkParameters(reader, *rule.check, *params, check->span());
    }
    rule.params = *params;
  } else if (rule.check) {
    checkParameters(reader, *rule.check, Value(), check->span());
  }
  // A check's findings take the rule's help unless the check gives its own;
  // it has no blamed value to fill placeholders with. A diagnostic writes its
  // own help beside its message, so a `help:` there would go unused.
  if (const Value* help = root.find("help"); help && modes == 1) {
    if (diagnostic) {
      reader.error(help->span(), "'help' does not belong to 'diagnostic: true' rules (each diagnostic gives its own)");
    } else if (check && rule.help.find('{') != std::string::npos) {
      reader.error(help->span(), "the 'help' of a rule with a 'check' is plain text: it has no placeholders");
    }
  }
  if (const Value* fix = root.find("fix")) {
    if (!rule.assertion) {
      reader.error(fix->span(), "'fix' belongs to rules with an 'assert' (a check attaches its fixes in C++)");
    } else if (!(rule.fix = parseFixSpec(*fix, errors))) {
      reader.error(fix->span(), "invalid 'fix'");
    }
  }
  if (!rule.match.components.empty() && !rule.assertion) {
    reader.error(root.find("match")->span(), "'components' is for rules with an 'assert'");
  }
  if (!reader.ok()) return std::nullopt;
  return rule;
}

}  // namespace palisade
