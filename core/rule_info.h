// RuleInfo: what reporters and docs need to know about a rule — identity,
// metadata and documentation — independent of how the rule is checked.
#pragma once

#include <string>
#include <vector>

#include "core/cis_reference.h"
#include "core/severity.h"

namespace palisade {

struct RuleInfo {
  std::string id;    // stable, e.g. K8S001
  std::string name;  // kebab-case, e.g. default-service-account
  std::string title;
  std::string pack;  // kubernetes, azure, calico, general, or a user pack's folder name
  Severity severity = Severity::Medium;
  std::vector<std::string> tags;  // `security`, `cis-kubernetes-1.8.0:5.1.5`, ...
  std::vector<CisReference> cis;  // the CIS tags, parsed when the rule loads
  std::string description;        // Markdown
  std::string remediation;        // Markdown
  std::string precision = "high";  // SARIF: very-high, high, medium, low
  std::string help_uri;
  // Bicep linter rule codes that report the same thing (`outputs-should-not-contain-secrets`):
  // Bicep's `#disable-next-line CODE` suppresses this rule too. Not names: nothing else accepts them.
  std::vector<std::string> bicep_linter_equivalents;
  // GEN rules: the level of their diagnostics as SARIF toolExecutionNotifications.
  Level notification_level = Level::Note;
  // `default-enabled: false`: the rule runs only when a selection (--select, the
  // configuration's `select`) names it, its pack's tag or its name; a default
  // scan does not run it (the resilience pack).
  bool default_enabled = true;
};

// Where the generated documentation of a rule lives.
std::string ruleHelpUri(const RuleInfo& rule);
inline constexpr const char* kProjectUri = "https://github.com/palisade-lint/palisade";

}  // namespace palisade
