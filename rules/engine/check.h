// Check: a rule's test written in C++ when the rule language cannot say it
// (cross-resource links, Calico selectors, CIDR arithmetic). A rule file names
// its check with `check: NAME`; the registry in rules/checks/registry.cpp lists
// every check explicitly.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/finding.h"
#include "core/project.h"
#include "core/rule_info.h"
#include "core/tri.h"

namespace palisade {

class CheckContext {
 public:
  // `help` is the rule file's `help:`: the help of every finding the check
  // reports unless it gives its own (addHelp).
  CheckContext(const Project& project, const RuleInfo& rule, const Value& params, bool strict,
               std::vector<Finding>& out, std::size_t jobs = 1, std::string_view help = {})
      : project_(project), rule_(rule), params_(params), strict_(strict), out_(out), jobs_(jobs), help_(help) {}

  // The whole project: what a check reads beyond its resource (other
  // resources, derived facts). Reading it is recorded (projectRead), so an
  // incremental run re-runs only the evaluations whose result can depend on
  // other resources (rules/engine/incremental.h).
  const Project& project() const {
    project_read_ = true;
    return project_;
  }
  // Whether the check asked for the project since this context was made.
  bool projectRead() const { return project_read_; }
  const RuleInfo& rule() const { return rule_; }
  // The rule file's `params:` object (Null when absent).
  const Value& params() const { return params_; }
  // --strict: Unknown counts as failing.
  bool strict() const { return strict_; }
  // Threads the scan runs on: work every rule waits for (derived project
  // facts) may use them all.
  std::size_t jobs() const { return jobs_; }

  // Reports a finding on a resource at `at` (the resource's declaration when
  // `at` is invalid). `property_path` names what is wrong inside the resource
  // (e.g. "spec.containers[web].securityContext.privileged") and feeds the
  // fingerprint, so it must not contain line numbers.
  void report(const Resource& resource, const Span& at, std::string message, std::string_view property_path,
              std::vector<Location> related = {});
  // Like report(), at a severity other than the rule's: for checks whose
  // findings weigh differently by what they expose (CAL011).
  void reportWithSeverity(Severity severity, const Resource& resource, const Span& at, std::string message,
                          std::string_view property_path, std::vector<Location> related = {});
  // Reports a finding that belongs to no single resource.
  void reportAt(const Span& at, std::string message, std::string_view identity, std::vector<Location> related = {});

  // Gives the finding just reported its help: what to do about it, kept
  // apart from the message (Finding::help), in place of the rule file's.
  void addHelp(std::string help);

  // Whether a test's outcome is a finding: a failure is; a failure that
  // cannot be known (Unknown) only under --strict.
  bool reportable(Tri failing) const { return failing == Tri::True || (failing == Tri::Unknown && strict_); }
  // Marks the finding just reported as standing only because of --strict;
  // `what_is_unknown` says what cannot be known statically.
  void markReportedBecauseStrict(std::string what_is_unknown);
  // Offers a fix for the finding just reported: `keys` under `base` set to
  // `value` (rules/engine/fix_builder.h), or the reason it cannot be done.
  void offerFix(std::string title, bool safe, const Value& base, const std::vector<std::string>& keys, const Value& value);

 private:
  const Project& project_;
  const RuleInfo& rule_;
  const Value& params_;
  bool strict_;
  std::vector<Finding>& out_;
  std::size_t jobs_;
  std::string_view help_;
  bool last_rendered_ = false;  // the last finding is on an object rendered from a Helm chart
  mutable bool project_read_ = false;
};

// A per-resource check runs for each resource the rule's `match:` selects; a
// project check runs once per scan root with the whole project.
using ResourceCheck = void (*)(const Resource& resource, CheckContext& context);
using ProjectCheck = void (*)(CheckContext& context);

// What a check parameter holds; a rule file's `params:` is checked against
// it when the rule loads, so a misspelt or mistyped parameter is an error,
// never silently ignored.
enum class ParameterType {
  Boolean,
  Integer,
  String,
  StringList,  // a list of strings
  PortList,    // a list of port numbers or names (80, "https")
  ObjectList,  // a list of objects (RBAC grants)
};
std::string_view parameterTypeName(ParameterType type);

struct CheckParameter {
  std::string_view name;
  ParameterType type;
  bool required;
  std::string_view meaning;  // one line, for the generated rule docs
};

// The fix a check offers (CheckContext::offerFix), for the generated rule docs; an empty title: none.
struct CheckFixInfo {
  std::string_view title;
  bool safe;
};

struct CheckDefinition {
  constexpr CheckDefinition(std::string_view name_, ResourceCheck per_resource_, ProjectCheck per_project_,
                            std::span<const CheckParameter> parameters_ = {}, CheckFixInfo fix_ = {{}, true})
      : name(name_), per_resource(per_resource_), per_project(per_project_), parameters(parameters_), fix(fix_) {}

  std::string_view name;
  ResourceCheck per_resource = nullptr;
  ProjectCheck per_project = nullptr;
  std::span<const CheckParameter> parameters;  // the `params:` a rule may give it
  CheckFixInfo fix;                             // what its offerFix does, if it offers one
};

// Every built-in check, sorted by name.
const std::vector<CheckDefinition>& builtinChecks();
const CheckDefinition* findCheck(std::string_view name);

}  // namespace palisade
