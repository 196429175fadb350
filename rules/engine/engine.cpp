#include "rules/engine/engine.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <optional>
#include <set>
#include <unordered_map>

#include "core/ascii.h"
#include "core/message_words.h"
#include "core/parallel.h"
#include "core/source_file.h"
#include "rules/checks/kubernetes/pod_security_admission.h"
#include "rules/engine/incremental.h"

namespace palisade {

bool RuleMatch::selects(const Resource& resource) const {
  if (!types.empty() && std::find(types.begin(), types.end(), lowerAscii(resource.type)) == types.end()) return false;
  return selectsBesidesType(resource);
}

bool RuleMatch::selectsBesidesType(const Resource& resource) const {
  if (resource.existing && !include_existing) return false;
  if (resource.condition == Tri::False) return false;
  if (!formats.empty() && std::find(formats.begin(), formats.end(), resource.format) == formats.end()) return false;
  if (!kinds.empty() && std::find(kinds.begin(), kinds.end(), resource.kind) == kinds.end()) return false;
  if (pod_spec && resource.podSpec() == nullptr) return false;
  return true;
}

namespace {

// The per-resource rules by the resource type they name: most Azure rules name
// one or two types, so a resource is tried only against the rules that can
// apply to it (and its type is lowered once, not once per rule).
class RulesByType {
 public:
  explicit RulesByType(const std::vector<const Rule*>& rules) {
    for (const Rule* rule : rules) {
      if (rule->match.types.empty()) any_type_.push_back(rule);
      for (const std::string& type : rule->match.types) by_type_.try_emplace(type);
    }
    // Each type's list holds the rules for any type too, in rule order, so findings keep their order.
    for (auto& [type, list] : by_type_) {
      for (const Rule* rule : rules) {
        const auto& types = rule->match.types;
        if (types.empty() || std::find(types.begin(), types.end(), type) != types.end()) list.push_back(rule);
      }
    }
  }

  const std::vector<const Rule*>& forType(const std::string& type) const {
    auto it = by_type_.find(lowerAscii(type));
    return it == by_type_.end() ? any_type_ : it->second;
  }

 private:
  std::vector<const Rule*> any_type_;
  std::unordered_map<std::string, std::vector<const Rule*>> by_type_;
};

// The `name` of the element the blame is in; when that element has none (an
// entry of a container's `drop` list), the innermost named element of the
// path (`containers[web].securityContext…` → web); else "unnamed".
std::string elementName(const Blame& blame) {
  if (blame.element) {
    if (const Value* name = blame.element->find("name"); name && name->isString() && !name->asString().empty()) {
      return name->asString();
    }
  }
  std::string_view trail = blame.trail;
  for (std::size_t close = trail.rfind(']'); close != std::string_view::npos && close > 0;
       close = trail.rfind(']', close - 1)) {
    std::size_t open = trail.rfind('[', close);
    if (open == std::string_view::npos) break;
    std::string_view inside = trail.substr(open + 1, close - open - 1);
    if (!inside.empty() && inside.find_first_not_of("0123456789") != std::string_view::npos) return std::string(inside);
    if (open == 0) break;
    close = open;
  }
  return std::string(kUnnamed);
}

}  // namespace

std::string renderMessage(const Rule& rule, const Resource& resource, const Blame& blame, std::string_view value_note) {
  return renderTemplate(rule.message.empty() ? rule.info.title : rule.message, resource, blame, value_note);
}

std::string renderTemplate(std::string_view pattern, const Resource& resource, const Blame& blame, std::string_view value_note) {
  std::string out;
  out.reserve(pattern.size() + 32);
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '{') {
      out.push_back(pattern[i]);
      continue;
    }
    std::size_t close = pattern.find('}', i);
    if (close == std::string::npos) {
      out.append(pattern, i, std::string::npos);
      break;
    }
    std::string_view key(pattern.data() + i + 1, close - i - 1);
    // A placeholder that renders as a word ("not set", "unnamed", "unknown (…)")
    // loses the quotes the template put around it: `'{name}'` reads "unnamed".
    auto word = [&](std::string text) {
      if (isMessageWord(text) && !out.empty() && out.back() == '\'' && close + 1 < pattern.size() &&
          pattern[close + 1] == '\'') {
        out.pop_back();
        ++close;  // the closing quote
      }
      out += text;
    };
    if (key == "resource") {
      out += resource.displayName();
    } else if (key == "value") {
      word(valueForMessage(blame.missing ? nullptr : blame.node));
      if (!value_note.empty()) out += fmt::format(" ({})", value_note);
    } else if (key == "path") {
      out += blame.trail;
    } else if (key == "name") {
      word(elementName(blame));
    } else if (key == "kind") {
      out += resource.kind.empty() ? resource.type : resource.kind;
    } else if (key == "namespace") {
      out += resource.namespace_name.empty() ? "default" : resource.namespace_name;
    } else if (key == "type") {
      out += resource.type;
    } else {
      out.append(pattern, i, close - i + 1);
    }
    i = close;
  }
  return out;
}

namespace {

// A property missing from the resource (or pod spec) itself is reported at the
// resource's declaration, where a reviewer looks for it, not at its first key.
const Span& blameSpan(const Resource& resource, const Blame& blame) {
  if (!blame.node || !blame.node->span().valid()) return resource.declaration;
  if (blame.missing && (blame.node == &resource.body || blame.node == resource.podSpec())) return resource.declaration;
  return blame.node->span();
}

}  // namespace

void addProvenance(const Resource& resource, Finding& f) {
  auto add = [&f](const Span& at, std::string message, Location::Role role) {
    Location l = locate(at, std::move(message));
    l.role = role;
    bool known = std::any_of(f.related.begin(), f.related.end(), [&l](const Location& have) {
      return have.role == l.role && have.uri == l.uri && have.start_line == l.start_line;
    });
    if (!known) f.related.push_back(std::move(l));
  };
  for (const ModuleCall& call : resource.module_chain) {
    if (call.span.valid()) add(call.span, fmt::format("through module '{}'", call.name), Location::Role::ModuleCall);
  }
  if (resource.built_by.valid()) add(resource.built_by, "built by this kustomization", Location::Role::BuiltBy);
  if (resource.rendered_by.valid()) {
    // The values file is named once: a value blamed on one of its lines already says which chart rendered it.
    Location chart = locate(resource.rendered_by);
    bool named = std::any_of(f.related.begin(), f.related.end(), [&chart](const Location& l) { return l.uri == chart.uri; });
    if (!named) add(resource.rendered_by, fmt::format("rendered by Helm chart '{}'", resource.chart_name), Location::Role::RenderedBy);
  }
}

void refuseRenderedFix(Fix& fix) {
  fix.edits.clear();
  fix.refused = "the object is rendered from a Helm chart: change its values or template (palisade fix does not edit templates)";
}

Location valueOriginLocation(const Span& origin, std::string message) {
  Location l = locate(origin, std::move(message));
  l.role = Location::Role::ValueFrom;
  return l;
}

bool builtThrough(const Finding& f) {
  return std::any_of(f.related.begin(), f.related.end(), [](const Location& l) { return l.role == Location::Role::BuiltBy; });
}

bool reachedThroughModule(const Finding& f) {
  return std::any_of(f.related.begin(), f.related.end(), [](const Location& l) { return l.role == Location::Role::ModuleCall; });
}

namespace {

Finding findingFor(const Rule& rule, const Resource& resource, const Blame& blame, bool unknown,
                   const ComponentConfig* component = nullptr) {
  Finding f = findingOfRule(rule.info);
  const std::string value_note = component ? component->defaultNote(blame.node) : std::string();
  f.message = renderMessage(rule, resource, blame, value_note);
  if (!rule.help.empty()) f.help = renderTemplate(rule.help, resource, blame, value_note);
  if (unknown) f.strict_reason = "the value cannot be known statically";
  if (component) {
    // A flag that is absent is reported where it would be written (the command or extraArgs block).
    bool at_block = !blame.node || !blame.node->span().valid() || blame.node == &component->view ||
                    blame.node == &component->flags();
    f.location = locate(at_block ? component->anchor : blame.node->span());
  } else {
    f.location = locate(blameSpan(resource, blame));
  }
  if (blame.node && blame.node->origin().valid()) {
    bool decided_by_allowed = blame.node->candidates() != nullptr;
    f.related.push_back(valueOriginLocation(blame.node->origin(), decided_by_allowed ? "every value this parameter allows fails the rule"
                                                                                     : "the value comes from here"));
  }
  addProvenance(resource, f);
  f.resource = resource.displayName();
  std::string identity = resource.identity();
  if (component) identity += "#" + component->component + "/" + component->identity;
  f.fingerprint = fingerprintOf(rule.info.id, f.location.uri, identity, blame.trail);
  return f;
}

// The rule's `match.where`, for C++ checks (assertion rules test it in failingVerdict).
bool whereHolds(const Rule& rule, const Resource& resource, const EngineOptions& options) {
  if (!rule.match.where) return true;
  const Value* pod = rule.match.pod_spec ? resource.podSpec() : nullptr;
  AssertionScope scope{resource.body, pod ? *pod : resource.body, "", nullptr};
  Verdict applies = evaluate(*rule.match.where, scope);
  return applies.value == Tri::True || (applies.value == Tri::Unknown && options.strict);
}

// The rule's verdict where it applies and fails (Unknown counting with --strict); nullopt otherwise.
std::optional<Verdict> failingVerdict(const Rule& rule, const AssertionScope& scope, const EngineOptions& options) {
  if (rule.match.where) {
    Verdict applies = evaluate(*rule.match.where, scope);
    if (applies.value == Tri::False || (applies.value == Tri::Unknown && !options.strict)) return std::nullopt;
  }
  Verdict verdict = evaluate(*rule.assertion, scope);
  bool report = verdict.value == Tri::False || (verdict.value == Tri::Unknown && options.strict);
  if (!report) return std::nullopt;
  return verdict;
}

void runAssertionRule(const Rule& rule, const Resource& resource, const EngineOptions& options, std::vector<Finding>& out) {
  const Value* pod = rule.match.pod_spec ? resource.podSpec() : nullptr;
  const Value& current = pod ? *pod : resource.body;
  std::optional<Verdict> failed = failingVerdict(rule, AssertionScope{resource.body, current, "", nullptr}, options);
  if (!failed) return;
  const Verdict& verdict = *failed;
  // One finding per place: failures that land on the same span (two settings
  // missing from one `properties` object, say) are one finding naming every path.
  std::vector<Blame> merged;
  std::vector<const Span*> spans;
  std::vector<std::vector<const Blame*>> sources;  // the blames each merged one stands for
  for (const Blame& blame : verdict.blames) {
    const Span& at = blameSpan(resource, blame);
    auto same = std::find_if(spans.begin(), spans.end(), [&](const Span* s) {
      return s->file == at.file && s->begin == at.begin && s->end == at.end && s->start.line == at.start.line;
    });
    if (same == spans.end()) {
      spans.push_back(&at);
      merged.push_back(blame);
      sources.push_back({&blame});
      continue;
    }
    sources[static_cast<std::size_t>(same - spans.begin())].push_back(&blame);
    Blame& into = merged[static_cast<std::size_t>(same - spans.begin())];
    bool listed = into.trail == blame.trail || into.trail.starts_with(blame.trail + ", ") ||
                  into.trail.ends_with(", " + blame.trail) || into.trail.find(", " + blame.trail + ", ") != std::string::npos;
    if (!listed) into.trail += ", " + blame.trail;
  }
  for (std::size_t i = 0; i < merged.size(); ++i) {
    out.push_back(findingFor(rule, resource, merged[i], verdict.value == Tri::Unknown));
    if (rule.fix && verdict.value == Tri::False) {
      out.back().fix = buildRuleFix(*rule.fix, current, sources[i]);
      if (resource.rendered_by.valid()) refuseRenderedFix(*out.back().fix);
    }
  }
  if (verdict.blames.empty()) out.push_back(findingFor(rule, resource, Blame{nullptr, true, "", nullptr}, verdict.value == Tri::Unknown));
}

// A rule on cluster components: its assertion runs on each component
// configuration read from the resource (flags at `.`, the rest at `$.`).
void runComponentRule(const Rule& rule, const Resource& resource, const std::vector<const ComponentConfig*>& configs,
                      const EngineOptions& options, std::vector<Finding>& out) {
  for (const ComponentConfig* config : configs) {
    const auto& wanted = rule.match.components;
    if (std::find(wanted.begin(), wanted.end(), config->component) == wanted.end()) continue;
    std::optional<Verdict> failed = failingVerdict(rule, AssertionScope{config->view, config->flags(), "", nullptr}, options);
    if (!failed) continue;
    const Verdict& verdict = *failed;
    bool unknown = verdict.value == Tri::Unknown;
    // Two absent flags of one rule (a certificate and its key) are one finding at the block.
    std::set<std::pair<uint32_t, uint32_t>> at;
    for (const Blame& blame : verdict.blames) {
      Finding f = findingFor(rule, resource, blame, unknown, config);
      if (!at.insert({f.location.start_line, f.location.start_column}).second) continue;
      out.push_back(std::move(f));
    }
    if (verdict.blames.empty()) out.push_back(findingFor(rule, resource, Blame{nullptr, true, "", nullptr}, unknown, config));
  }
}

Finding diagnosticFinding(const Rule& rule, const Diagnostic& d) {
  Finding f = findingOfRule(rule.info);
  f.message = d.message;
  f.help = d.help;
  f.location = locate(d.span);
  if (f.location.uri.empty()) f.location.uri = d.path;
  if (!f.location.valid()) {
    f.location.start_line = f.location.end_line = 1;
    f.location.start_column = 1;
    f.location.end_column = 2;
  }
  // Input problems have no resource: the message (without positions) identifies them.
  f.fingerprint = fingerprintOf(rule.info.id, f.location.uri, "", d.message);
  return f;
}

// One finding per rule per offending value: the same finding reported again
// (a module evaluated for two callers, a template for two parameter files,
// with the same outcome at the same place) is dropped. Findings come sorted by
// place and rule, so repeats are neighbours or within one place's run.
void dropRepeatedFindings(std::vector<Finding>& findings) {
  auto same_place = [](const Finding& a, const Finding& b) {
    return a.rule_id == b.rule_id && a.location.uri == b.location.uri && a.location.start_line == b.location.start_line &&
           a.location.start_column == b.location.start_column;
  };
  auto same = [](const Finding& a, const Finding& b) {
    return a.location.end_line == b.location.end_line && a.location.end_column == b.location.end_column &&
           a.message == b.message && a.fingerprint == b.fingerprint;
  };
  // A base line reached through several Kustomize overlays: one finding, every overlay related.
  auto same_base = [](const Finding& a, const Finding& b) {
    return a.location.end_line == b.location.end_line && a.location.end_column == b.location.end_column &&
           a.fingerprint == b.fingerprint && builtThrough(a) && builtThrough(b);
  };
  // A module's line reached through several calls (each with its own arguments): one finding,
  // with every failing call and the value it passes as related locations (issue 18). A call
  // whose values pass makes no finding, so only failing callers are listed.
  auto same_module_line = [](const Finding& a, const Finding& b) {
    return a.location.end_line == b.location.end_line && a.location.end_column == b.location.end_column &&
           reachedThroughModule(a) && reachedThroughModule(b);
  };
  std::size_t kept = 0;
  std::size_t run_start = 0;
  for (std::size_t i = 0; i < findings.size(); ++i) {
    if (kept > 0 && !same_place(findings[kept - 1], findings[i])) run_start = kept;
    bool repeat = false;
    for (std::size_t k = run_start; k < kept && !repeat; ++k) {
      if (!same_place(findings[k], findings[i])) continue;
      if (same(findings[k], findings[i])) {
        repeat = true;
      } else if (same_base(findings[k], findings[i]) || same_module_line(findings[k], findings[i])) {
        repeat = true;
        for (const Location& l : findings[i].related) {
          bool known = std::any_of(findings[k].related.begin(), findings[k].related.end(), [&](const Location& have) {
            return have.uri == l.uri && have.start_line == l.start_line && have.message == l.message;
          });
          if (!known) findings[k].related.push_back(l);
        }
      }
    }
    if (repeat) continue;
    if (kept != i) findings[kept] = std::move(findings[i]);
    ++kept;
  }
  findings.resize(kept);
}

// Keeps the first `limit` findings of each file (they are sorted) and counts
// the rest in one GEN012 note at the first dropped finding.
void capFindingsPerFile(std::vector<Finding>& findings, const RuleSet& rules, std::size_t limit) {
  if (findings.size() <= limit) return;
  bool over = false;
  for (std::size_t i = 0, first = 0; i < findings.size() && !over; ++i) {
    if (findings[i].location.uri != findings[first].location.uri) first = i;
    over = i - first >= limit;
  }
  if (!over) return;  // the usual case: nothing to drop, nothing to move
  std::vector<Finding> kept;
  kept.reserve(findings.size());
  std::size_t i = 0;
  while (i < findings.size()) {
    std::size_t end = i;
    while (end < findings.size() && findings[end].location.uri == findings[i].location.uri) ++end;
    std::size_t count = end - i;
    for (std::size_t k = i; k < end && k - i < limit; ++k) kept.push_back(std::move(findings[k]));
    if (count > limit) {
      if (const Rule* note = rules.find(GenCode::TooManyFindings)) {
        Finding f = findingOfRule(note->info);
        f.location = findings[i + limit].location;
        f.message = fmt::format("{} more findings in this file are not listed (limit: {} per file)", count - limit, limit);
        f.fingerprint = fingerprintOf(f.rule_id, f.location.uri, "", "");
        kept.push_back(std::move(f));
      }
    }
    i = end;
  }
  findings = std::move(kept);
}

}  // namespace

namespace {

// One rule on one resource the rule selects; true when the outcome may depend
// on more than the resource (and the rule and options): component rules read
// the derived component configurations, and a check may have read the project.
bool evaluateRuleOnResource(const Rule& rule, const Resource& resource, const Project& project,
                            const std::vector<const ComponentConfig*>* components, const EngineOptions& options,
                            std::vector<Finding>& out) {
  if (!rule.match.components.empty()) {
    if (components && !components->empty()) runComponentRule(rule, resource, *components, options, out);
    // Only Kubernetes objects hold component configurations (ComponentConfigs
    // reads no other format); theirs may come from other objects of the project.
    return resource.format == Format::Kubernetes;
  }
  if (rule.assertion) {
    runAssertionRule(rule, resource, options, out);
    return false;
  }
  if (rule.match.where && !whereHolds(rule, resource, options)) return false;
  CheckContext context(project, rule.info, rule.params, options.strict, out, options.jobs, rule.help);
  rule.check->per_resource(resource, context);
  return context.projectRead();
}

}  // namespace

std::vector<Finding> runRules(const RuleSet& rules, const Project& project, const EngineOptions& options) {
  return runRulesWithMemo(rules, project, options, nullptr);
}

std::vector<Finding> runRulesWithMemo(const RuleSet& rules, const Project& project, const EngineOptions& options,
                                      RuleMemoPass* memo) {
  const auto& resources = project.resources();
  std::vector<std::vector<Finding>> per_resource(resources.size());
  std::vector<const Rule*> resource_rules;
  std::vector<const Rule*> project_rules;
  for (const Rule& rule : rules.rules()) {
    if (rule.assertion || (rule.check && rule.check->per_resource)) resource_rules.push_back(&rule);
    if (rule.check && rule.check->per_project) project_rules.push_back(&rule);
  }
  RulesByType rules_by_type(resource_rules);
  const bool any_component_rule = std::any_of(resource_rules.begin(), resource_rules.end(),
                                              [](const Rule* r) { return !r->match.components.empty(); });
  std::vector<std::vector<Finding>> per_project(project_rules.size());
  // The cluster components' configurations depend on the Kubernetes version:
  // built here, before any check can ask for them without it.
  const bool needs_components = any_component_rule || std::any_of(rules.rules().begin(), rules.rules().end(), [](const Rule& r) {
    return r.check && r.check->name.starts_with("kubernetes-cluster-");
  });
  if (needs_components) project.derived<ComponentConfigs>(options.kubernetes_version);
  if (memo) {
    memo->previous.resize(resources.size(), nullptr);
    memo->recorded.assign(resources.size(), nullptr);
  }
  std::atomic<std::size_t> reused{0};
  std::atomic<std::size_t> run{0};
  // One pass for both kinds of work, project rules first (each is long), so
  // the cores share them and the resources without waiting at a barrier.
  parallelFor(project_rules.size() + resources.size(), options.jobs, [&](std::size_t task) {
    if (task < project_rules.size()) {
      const Rule& rule = *project_rules[task];
      CheckContext context(project, rule.info, rule.params, options.strict, per_project[task], options.jobs, rule.help);
      rule.check->per_project(context);
      return;
    }
    const std::size_t i = task - project_rules.size();
    const Resource& resource = resources[i];
    std::vector<Finding>& out = per_resource[i];
    const std::vector<const ComponentConfig*>* components = nullptr;
    if (any_component_rule) components = &project.derived<ComponentConfigs>(options.kubernetes_version).of(resource);
    // The previous run's results for this resource: its reusable findings, and the rules to run again.
    if (const ResourceRuleResults* previous = memo ? memo->previous[i] : nullptr) {
      std::size_t again = 0;
      for (const ResourceRuleResults::Evaluation& e : previous->evaluations) {
        if (!e.run_again) {
          out.insert(out.end(), e.findings.begin(), e.findings.end());
          continue;
        }
        evaluateRuleOnResource(*e.rule, resource, project, components, options, out);
        ++again;
      }
      if (memo) {
        reused.fetch_add(previous->reusable, std::memory_order_relaxed);
        run.fetch_add(again, std::memory_order_relaxed);
      }
      return;
    }
    auto recorded = memo ? std::make_shared<ResourceRuleResults>() : nullptr;
    std::size_t evaluated = 0;
    for (const Rule* rule : rules_by_type.forType(resource.type)) {
      if (!rule->match.selectsBesidesType(resource)) continue;
      const std::size_t first = out.size();
      const bool run_again = evaluateRuleOnResource(*rule, resource, project, components, options, out);
      ++evaluated;
      if (!recorded) continue;
      if (run_again) {
        recorded->evaluations.push_back({rule, true, {}});
        continue;
      }
      ++recorded->reusable;
      if (out.size() > first) {
        recorded->evaluations.push_back({rule, false, std::vector<Finding>(out.begin() + static_cast<std::ptrdiff_t>(first), out.end())});
      }
    }
    if (memo) {
      run.fetch_add(evaluated, std::memory_order_relaxed);
      memo->recorded[i] = std::move(recorded);
    }
  });
  if (memo) {
    memo->evaluations_reused = reused.load();
    memo->evaluations_run = run.load();
  }

  notePodSecurityAdmission(project, rules, per_resource);

  std::size_t total = project.diagnostics().size();
  for (const auto& list : per_resource) total += list.size();
  for (const auto& list : per_project) total += list.size();
  std::vector<Finding> findings;
  findings.reserve(total);
  for (auto& list : per_resource) {
    for (Finding& f : list) findings.push_back(std::move(f));
  }
  for (auto& list : per_project) {
    for (Finding& f : list) findings.push_back(std::move(f));
  }
  for (const Diagnostic& d : project.diagnostics()) {
    const Rule* rule = rules.find(d.code);
    if (rule && rule->reports_diagnostics) findings.push_back(diagnosticFinding(*rule, d));
  }
  sortFindings(findings);
  dropRepeatedFindings(findings);
  capFindingsPerFile(findings, rules, options.max_findings_per_file);
  return findings;
}

}  // namespace palisade
