// The rule engine: runs a RuleSet over a Project and returns its findings —
// assertion rules per selected resource, C++ checks, and the input
// diagnostics (parse errors…) as findings of the GEN rules.
#pragma once

#include <vector>

#include "core/finding.h"
#include "core/project.h"
#include "parsers/kubernetes/component_config.h"
#include "rules/engine/rule_set.h"

namespace palisade {

struct EngineOptions {
  bool strict = false;  // Unknown counts as failing
  std::size_t jobs = 1;
  // More findings than this in one file are counted in one GEN012 note instead.
  std::size_t max_findings_per_file = 1000;
  // The release whose defaults absent component flags take (rules with `components:`).
  KubernetesVersion kubernetes_version = kDefaultKubernetesVersion;
};

// Where a resource came from, as related locations of its findings: the
// module calls that deployed it (Bicep) and the kustomization that built it.
// Every finding on a resource carries them; findings of one line reached
// through several calls or builds are merged into one.
void addProvenance(const Resource& resource, Finding& f);
// An object rendered from a Helm chart is fixed in its values or template, not
// at the rendered line: its fix offers no edit and says so.
void refuseRenderedFix(Fix& fix);
// A related location where the offending value was written (Role::ValueFrom).
Location valueOriginLocation(const Span& origin, std::string message);
bool builtThrough(const Finding& f);
bool reachedThroughModule(const Finding& f);

std::vector<Finding> runRules(const RuleSet& rules, const Project& project, const EngineOptions& options);

// Renders a rule's message template for a resource and a blamed value.
// `value_note` (why a value was not written, e.g. a component default) follows `{value}`.
std::string renderMessage(const Rule& rule, const Resource& resource, const Blame& blame, std::string_view value_note = {});
// Renders any template of the rule language (`message`, `help`): the
// placeholders of kTemplatePlaceholders (rules/engine/rule.h).
std::string renderTemplate(std::string_view pattern, const Resource& resource, const Blame& blame,
                           std::string_view value_note = {});

}  // namespace palisade
