#include "reporters/rule_docs.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

namespace palisade {

namespace {

std::string formatList(const RuleMatch& match) {
  std::vector<std::string> parts;
  for (Format f : match.formats) parts.emplace_back(formatName(f));
  std::string out;
  if (!parts.empty()) out += fmt::format("formats: {}", fmt::join(parts, ", "));
  if (!match.kinds.empty()) out += fmt::format("{}kinds: {}", out.empty() ? "" : "; ", fmt::join(match.kinds, ", "));
  if (!match.types.empty()) out += fmt::format("{}types: {}", out.empty() ? "" : "; ", fmt::join(match.types, ", "));
  if (match.pod_spec) out += fmt::format("{}every workload's pod spec", out.empty() ? "" : "; ");
  if (!match.components.empty()) {
    out += fmt::format("{}the settings of {} (static Pod command and args, kubeadm and Cluster API configuration{})",
                       out.empty() ? "" : "; ", fmt::join(match.components, ", "),
                       std::find(match.components.begin(), match.components.end(), "kubelet") != match.components.end()
                           ? ", KubeletConfiguration"
                           : "");
  }
  return out.empty() ? "every resource" : out;
}

std::string backticked(const std::vector<std::string>& words) {
  std::vector<std::string> quoted;
  for (const std::string& w : words) quoted.push_back(fmt::format("`{}`", w));
  return fmt::format("{}", fmt::join(quoted, ", "));
}

std::string howChecked(const Rule& rule) {
  if (rule.reports_diagnostics) return "reported by the readers while parsing";
  if (rule.check) return fmt::format("C++ check `{}`", rule.check->name);
  return "declarative assertion (see the rule file)";
}

// A parameter's value as a rule file would write it, on one line.
std::string flowText(const Value& value) {
  if (value.isString()) return value.asString().empty() ? "\"\"" : value.asString();
  if (value.isBool()) return value.asBool() ? "true" : "false";
  if (value.isInt()) return std::to_string(value.asInt());
  std::vector<std::string> parts;
  if (value.isArray()) {
    for (const Value& item : value.items()) parts.push_back(flowText(item));
    return fmt::format("[{}]", fmt::join(parts, ", "));
  }
  if (value.isObject()) {
    for (const Member& m : value.members()) parts.push_back(m.key + ": " + flowText(m.value));
    return fmt::format("{{{}}}", fmt::join(parts, ", "));
  }
  return "";
}

// The check's declared parameters and what this rule gives each.
std::string parametersSection(const Rule& rule) {
  if (!rule.check || rule.check->parameters.empty()) return {};
  std::string out = fmt::format("\n## Parameters\n\nThe check `{}` takes these `params:`; a rule file that misspells "
                                "one or gives the wrong type does not load.\n\n| Parameter | Type | This rule | Meaning |\n"
                                "|---|---|---|---|\n",
                                rule.check->name);
  for (const CheckParameter& p : rule.check->parameters) {
    const Value* given = rule.params.isObject() ? rule.params.find(p.name) : nullptr;
    std::string value = given ? fmt::format("`{}`", flowText(*given)) : (p.required ? "(required)" : "default");
    for (std::size_t at = value.find('|'); at != std::string::npos; at = value.find('|', at + 2)) value.replace(at, 1, "\\|");
    out += fmt::format("| `{}` | {} | {} | {} |\n", p.name, parameterTypeName(p.type), value, p.meaning);
  }
  return out;
}

// "Fix: TITLE (safe)": what `palisade fix` does for the rule's findings, when it can.
std::string fixLine(const Rule& rule) {
  std::string_view title;
  bool safe = true;
  if (rule.fix) {
    title = rule.fix->title;
    safe = rule.fix->safe;
  } else if (rule.check && !rule.check->fix.title.empty()) {
    title = rule.check->fix.title;
    safe = rule.check->fix.safe;
  }
  if (title.empty()) return {};
  return fmt::format("\nFix: {} ({}) — `palisade fix{}` applies it; see [fixes](../fix.md).\n", title, safe ? "safe" : "unsafe",
                     safe ? "" : " --unsafe-fixes");
}

}  // namespace

std::string ruleMarkdownPage(const Rule& rule) {
  const RuleInfo& info = rule.info;
  std::string out;
  out += fmt::format("# {} {}: {}\n\n", info.id, info.name, info.title);
  out += "| | |\n|---|---|\n";
  out += fmt::format("| Severity | {} (SARIF level `{}`, security-severity {}) |\n", severityName(info.severity),
                     levelName(levelOf(info.severity)), securitySeverityScore(info.severity));
  out += fmt::format("| Pack | {} |\n", info.pack);
  if (!info.tags.empty()) out += fmt::format("| Tags | {} |\n", fmt::join(info.tags, ", "));
  out += fmt::format("| Applies to | {} |\n", formatList(rule.match));
  out += fmt::format("| Checked by | {} |\n", howChecked(rule));
  out += fmt::format("| Precision | {} |\n", info.precision);
  if (!info.default_enabled) {
    out += fmt::format("| Enabled by default | no: runs when selected (`--select {}`, or `select:` in `.palisade.yaml`) |\n",
                       info.pack);
  }
  if (!info.bicep_linter_equivalents.empty()) {
    out += fmt::format("| Bicep linter equivalent | {} |\n", backticked(info.bicep_linter_equivalents));
  }
  out += "\n";
  out += "## Why\n\n" + info.description;
  if (!info.description.ends_with("\n")) out += "\n";
  out += "\n## How to fix\n\n" + info.remediation;
  if (!info.remediation.ends_with("\n")) out += "\n";
  out += fixLine(rule);
  out += parametersSection(rule);
  out += fmt::format(
      "\n## Suppressing\n\n```yaml\n# palisade-ignore {}: reason\n```\n\nor `// palisade-ignore {}: reason` in Bicep, on the "
      "line or the line before.\n",
      info.id, info.id);
  if (!info.default_enabled) {
    out += fmt::format(
        "\n## Turning it on, and off where it does not apply\n\nThe rule is off by default. Select its pack (with the "
        "packs you already run):\n\n```yaml\n# .palisade.yaml\nselect: [security, {}]\n```\n\nor `palisade scan "
        "--select {} PATH`. Where the design choice it encodes does not apply (development and test environments, "
        "say), lower its severity or ignore it for those paths:\n\n```yaml\noverrides:\n  - paths: "
        "[\"infra/dev/**\", \"k8s/overlays/dev/**\"]\n    severity: {{{}: info}}\n  - paths: [\"infra/sandbox/**\"]\n "
        "   ignore: [{}]\n```\n",
        info.pack, info.pack, info.id, info.id);
  }
  for (const std::string& code : info.bicep_linter_equivalents) {
    out += fmt::format(
        "\nThe Bicep linter's `{}` reports the same thing, so Bicep's `#disable-next-line {}` on the line before "
        "suppresses this rule too.\n",
        code, code);
  }
  return out;
}

std::string ruleCatalogueMarkdown(const std::vector<Rule>& rules) {
  std::string out = "# palisade rules\n\nGenerated from `rules/packs/` by `palisade rules --format markdown`; do not edit.\n\n";
  out += "| Id | Name | Severity | Pack | Title |\n|---|---|---|---|---|\n";
  for (const Rule& r : rules) {
    out += fmt::format("| [{}]({}.md) | {} | {} | {}{} | {} |\n", r.info.id, r.info.id, r.info.name,
                       severityName(r.info.severity), r.info.pack, r.info.default_enabled ? "" : " (off by default)",
                       r.info.title);
  }
  return out;
}

std::string ruleCatalogueText(const std::vector<Rule>& rules) {
  std::string out;
  for (const Rule& r : rules) {
    out += fmt::format("{:<8} {:<9} {:<40} {}", r.info.id, severityName(r.info.severity), r.info.name, r.info.title);
    if (!r.info.bicep_linter_equivalents.empty()) {
      out += fmt::format(" (Bicep linter: {})", fmt::join(r.info.bicep_linter_equivalents, ", "));
    }
    if (!r.info.default_enabled) out += fmt::format(" (off by default: --select {})", r.info.pack);
    out += "\n";
  }
  out += fmt::format("{} rules\n", rules.size());
  return out;
}

std::string ruleCatalogueJson(const std::vector<Rule>& rules) {
  auto list = nlohmann::ordered_json::array();
  for (const Rule& r : rules) {
    list.push_back({{"id", r.info.id},
                    {"name", r.info.name},
                    {"title", r.info.title},
                    {"severity", severityName(r.info.severity)},
                    {"level", levelName(levelOf(r.info.severity))},
                    {"pack", r.info.pack},
                    {"tags", r.info.tags},
                    {"precision", r.info.precision},
                    {"helpUri", r.info.help_uri},
                    {"description", r.info.description},
                    {"remediation", r.info.remediation}});
    if (!r.info.bicep_linter_equivalents.empty()) list.back()["bicepLinterEquivalents"] = r.info.bicep_linter_equivalents;
    if (!r.info.default_enabled) list.back()["defaultEnabled"] = false;
  }
  return list.dump(2) + "\n";
}

}  // namespace palisade
