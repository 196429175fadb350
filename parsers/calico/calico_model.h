// A typed, read-only view of Calico policy objects (NetworkPolicy,
// GlobalNetworkPolicy and their staged forms): rules, entity rules and
// actions over the located Values of a Resource, plus the helpers checks
// share — selector spans that point at a column, labels of an object.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "core/resource.h"
#include "core/span.h"
#include "core/value.h"
#include "parsers/calico/selector.h"

namespace palisade::calico {

bool isPolicyKind(std::string_view kind);        // the four policy kinds, staged or not
bool isGlobalPolicyKind(std::string_view kind);  // GlobalNetworkPolicy, StagedGlobalNetworkPolicy
bool isStagedKind(std::string_view kind);        // Staged*NetworkPolicy

// The match criteria of a rule's `source` or `destination`.
struct EntityRuleView {
  const Value* node = nullptr;
  const Value* nets = nullptr;
  const Value* not_nets = nullptr;
  const Value* selector = nullptr;
  const Value* not_selector = nullptr;
  const Value* namespace_selector = nullptr;
  const Value* service_accounts = nullptr;
  const Value* services = nullptr;
  const Value* ports = nullptr;
  const Value* not_ports = nullptr;

  // True when nothing restricts which peer matches (ports aside; exclusions
  // such as notNets still leave "anywhere else"); unknown fields count as
  // restrictions.
  bool anyPeer() const;
  bool hasPorts() const;
};

struct RuleView {
  const Value* node = nullptr;
  bool ingress = true;
  std::size_t index = 0;
  std::string path;  // "spec.ingress[2]": no line numbers, for fingerprints
  const Value* action = nullptr;
  const Value* protocol = nullptr;
  const Value* not_protocol = nullptr;
  const Value* icmp = nullptr;
  const Value* not_icmp = nullptr;
  const Value* ip_version = nullptr;
  const Value* http = nullptr;
  EntityRuleView source;
  EntityRuleView destination;

  // The action as written ("" when missing or not a string).
  std::string actionName() const;
  bool isTerminal() const;  // Allow, Deny or Pass
  // Where to point at the rule as a whole: its action, else the rule itself.
  Span anchor() const;
  std::string describe() const;  // "ingress rule 3 (Allow)"
};

struct PolicyView {
  const Resource* resource = nullptr;
  const Value* spec = nullptr;
  bool global = false;
  bool staged = false;
  const Value* selector = nullptr;
  const Value* namespace_selector = nullptr;
  const Value* service_account_selector = nullptr;
  const Value* order = nullptr;
  const Value* tier = nullptr;
  const Value* types = nullptr;
  const Value* pre_dnat = nullptr;
  const Value* do_not_track = nullptr;
  const Value* apply_on_forward = nullptr;
  std::vector<RuleView> ingress;
  std::vector<RuleView> egress;

  // True when the flag is present and literally true.
  static bool isTrue(const Value* flag) { return flag && flag->isBool() && flag->asBool(); }
  std::optional<double> orderValue() const;
  std::string tierName() const;  // "default" when unset
  // The directions the policy governs: its `types`, or Calico's default
  // from the rules present (Ingress unless only egress rules exist).
  bool governsIngress() const;
  bool governsEgress() const;
};

// The view of a policy Resource; nullopt for other kinds or a spec that is not an object.
std::optional<PolicyView> readPolicy(const Resource& resource);

// The span of `length` bytes at `offset` inside a string value's text, when
// the scalar's bytes in the file are exactly the string (plain or quoted
// without escapes, on one line); the whole value's span otherwise.
Span spanWithin(const Value& string_value, uint32_t offset, uint32_t length);

// A selector field: parsed when it is a string; `parsed` is empty otherwise.
struct SelectorField {
  const Value* value = nullptr;
  std::optional<ParsedSelector> parsed;
  // The selector tree when the field is a string that parsed.
  const SelectorNode* node() const { return parsed && parsed->ok() ? &*parsed->root : nullptr; }
};
SelectorField readSelector(const Value* value);

// GEN015 for each selector string of a Calico object that nests past the
// selector parser's depth limit: not analysed, which no rule reports as wrong.
void reportSelectorLimits(const Resource& resource, std::vector<Diagnostic>& out);

// Labels from a `metadata.labels`-style object; values that are not plain
// strings go into `unknown`.
struct LabelSet {
  Labels known;
  std::set<std::string, std::less<>> unknown;
};
LabelSet readLabels(const Value* labels);
const Value* metadataField(const Resource& resource, std::string_view key);

}  // namespace palisade::calico
