#include "parsers/calico/calico_model.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/source_file.h"

namespace palisade::calico {

namespace {

EntityRuleView readEntity(const Value* node) {
  EntityRuleView e;
  if (!node || !node->isObject()) return e;
  e.node = node;
  e.nets = node->find("nets");
  e.not_nets = node->find("notNets");
  e.selector = node->find("selector");
  e.not_selector = node->find("notSelector");
  e.namespace_selector = node->find("namespaceSelector");
  e.service_accounts = node->find("serviceAccounts");
  e.services = node->find("services");
  e.ports = node->find("ports");
  e.not_ports = node->find("notPorts");
  return e;
}

bool present(const Value* v) {
  if (!v || v->isNull()) return false;
  if (v->isArray()) return !v->items().empty();
  if (v->isString()) return !v->asString().empty();
  return true;
}

bool isEverythingCidr(const Value& v) {
  return v.isString() && (v.asString() == "0.0.0.0/0" || v.asString() == "::/0");
}

void readRules(const Value* list, bool ingress, std::vector<RuleView>& out) {
  if (!list || !list->isArray()) return;
  std::size_t index = 0;
  for (const Value& node : list->items()) {
    RuleView r;
    r.node = &node;
    r.ingress = ingress;
    r.index = index;
    r.path = fmt::format("spec.{}[{}]", ingress ? "ingress" : "egress", index);
    ++index;
    if (node.isObject()) {
      r.action = node.find("action");
      r.protocol = node.find("protocol");
      r.not_protocol = node.find("notProtocol");
      r.icmp = node.find("icmp");
      r.not_icmp = node.find("notICMP");
      r.ip_version = node.find("ipVersion");
      r.http = node.find("http");
      r.source = readEntity(node.find("source"));
      r.destination = readEntity(node.find("destination"));
    }
    out.push_back(std::move(r));
  }
}

}  // namespace

bool isPolicyKind(std::string_view kind) {
  return kind == "NetworkPolicy" || kind == "GlobalNetworkPolicy" || kind == "StagedNetworkPolicy" ||
         kind == "StagedGlobalNetworkPolicy";
}
bool isGlobalPolicyKind(std::string_view kind) {
  return kind == "GlobalNetworkPolicy" || kind == "StagedGlobalNetworkPolicy";
}
bool isStagedKind(std::string_view kind) { return kind.starts_with("Staged") && kind.ends_with("NetworkPolicy"); }

bool EntityRuleView::anyPeer() const {
  if (present(selector) || present(namespace_selector) || present(service_accounts) || present(services)) return false;
  // Fields this model does not know (Calico Enterprise `domains`, ...) may restrict the peer.
  if (node) {
    for (const Member& m : node->members()) {
      if (m.key != "nets" && m.key != "notNets" && m.key != "notSelector" && m.key != "ports" && m.key != "notPorts" &&
          present(&m.value)) {
        return false;
      }
    }
  }
  if (!present(nets)) return true;
  if (!nets->isArray()) return false;
  for (const Value& n : nets->items())
    if (isEverythingCidr(n)) return true;
  return false;
}

bool EntityRuleView::hasPorts() const { return present(ports); }

std::string RuleView::actionName() const { return action && action->isString() ? action->asString() : std::string(); }

bool RuleView::isTerminal() const {
  const std::string a = actionName();
  return a == "Allow" || a == "Deny" || a == "Pass";
}

Span RuleView::anchor() const { return action ? action->span() : node->span(); }

std::string RuleView::describe() const {
  const std::string a = actionName();
  return fmt::format("{} rule {}{}", ingress ? "ingress" : "egress", index + 1, a.empty() ? "" : " (" + a + ")");
}

std::optional<double> PolicyView::orderValue() const {
  if (order && order->isNumber()) return order->asNumber();
  return std::nullopt;
}

std::string PolicyView::tierName() const {
  return tier && tier->isString() && !tier->asString().empty() ? tier->asString() : "default";
}

bool PolicyView::governsIngress() const {
  if (types && types->isArray() && !types->items().empty()) {
    for (const Value& t : types->items())
      if (t.isString() && t.asString() == "Ingress") return true;
    return false;
  }
  return !ingress.empty() || egress.empty();
}

bool PolicyView::governsEgress() const {
  if (types && types->isArray() && !types->items().empty()) {
    for (const Value& t : types->items())
      if (t.isString() && t.asString() == "Egress") return true;
    return false;
  }
  return !egress.empty();
}

std::optional<PolicyView> readPolicy(const Resource& resource) {
  if (!isPolicyKind(resource.kind)) return std::nullopt;
  const Value* spec = resource.body.find("spec");
  PolicyView p;
  p.resource = &resource;
  p.global = isGlobalPolicyKind(resource.kind);
  p.staged = isStagedKind(resource.kind);
  if (!spec || !spec->isObject()) return p;
  p.spec = spec;
  p.selector = spec->find("selector");
  p.namespace_selector = spec->find("namespaceSelector");
  p.service_account_selector = spec->find("serviceAccountSelector");
  p.order = spec->find("order");
  p.tier = spec->find("tier");
  p.types = spec->find("types");
  p.pre_dnat = spec->find("preDNAT");
  p.do_not_track = spec->find("doNotTrack");
  p.apply_on_forward = spec->find("applyOnForward");
  readRules(spec->find("ingress"), true, p.ingress);
  readRules(spec->find("egress"), false, p.egress);
  return p;
}

Span spanWithin(const Value& string_value, uint32_t offset, uint32_t length) {
  const Span& whole = string_value.span();
  if (!whole.valid() || !string_value.isString() || whole.start.line != whole.stop.line) return whole;
  const std::string& text = whole.file->text();
  if (whole.end > text.size() || whole.begin >= whole.end) return whole;
  std::string_view raw(text.data() + whole.begin, whole.end - whole.begin);
  uint32_t quote = 0;
  if (raw.size() >= 2 && (raw.front() == '"' || raw.front() == '\'') && raw.back() == raw.front()) {
    quote = 1;
    raw = raw.substr(1, raw.size() - 2);
  }
  if (raw != string_value.asString()) return whole;  // escapes or folding: columns would lie
  const uint32_t size = static_cast<uint32_t>(raw.size());
  offset = std::min(offset, size);
  length = std::max<uint32_t>(1, std::min(length, size - offset));
  Span s = whole;
  s.begin = whole.begin + quote + offset;
  s.end = s.begin + length;
  s.start.column = whole.start.column + quote + offset;
  s.stop.column = s.start.column + length;
  if (s.end > whole.end) {
    s.end = whole.end;
    s.stop = whole.stop;
  }
  return s;
}

SelectorField readSelector(const Value* value) {
  SelectorField field;
  field.value = value;
  if (value && value->isString()) field.parsed = parseSelector(value->asString());
  return field;
}

namespace {

bool isSelectorKey(std::string_view key) {
  return key == "selector" || key == "notSelector" || key == "namespaceSelector" || key == "serviceAccountSelector" ||
         key == "nodeSelector" || key == "peerSelector";
}

void selectorLimits(const Value& v, const std::string& file, std::vector<Diagnostic>& out, std::size_t depth) {
  if (depth > 64) return;  // selectors sit a few levels down a policy
  if (v.isArray()) {
    for (const Value& item : v.items()) selectorLimits(item, file, out, depth + 1);
    return;
  }
  if (!v.isObject()) return;
  for (const Member& m : v.members()) {
    if (m.value.isString() && isSelectorKey(m.key)) {
      const std::string& text = m.value.asString();
      // Past the limit needs more '(' than the limit allows: the rest is not parsed twice.
      if (static_cast<std::size_t>(std::count(text.begin(), text.end(), '(')) <= kMaxSelectorDepth) continue;
      ParsedSelector parsed = parseSelector(text);
      if (parsed.error && parsed.error->limit) {
        out.push_back(Diagnostic{GenCode::AnalysisLimit, fmt::format("not analysed: {} ({} characters)", parsed.error->message, text.size()),
                                 spanWithin(m.value, parsed.error->offset, 1), file});
      }
      continue;
    }
    selectorLimits(m.value, file, out, depth + 1);
  }
}

}  // namespace

void reportSelectorLimits(const Resource& resource, std::vector<Diagnostic>& out) {
  if (resource.format != Format::Calico) return;
  const Span& at = resource.body.span();
  selectorLimits(resource.body, at.file ? at.file->path() : std::string(), out, 0);
}

LabelSet readLabels(const Value* labels) {
  LabelSet set;
  if (!labels || !labels->isObject()) return set;
  for (const Member& m : labels->members()) {
    if (m.value.isString()) {
      set.known[m.key] = m.value.asString();
    } else if (m.value.isInt() || m.value.isBool()) {
      set.known[m.key] = m.value.toDisplayString();
    } else {
      set.unknown.insert(m.key);
    }
  }
  return set;
}

const Value* metadataField(const Resource& resource, std::string_view key) {
  const Value* metadata = resource.body.find("metadata");
  return metadata ? metadata->find(key) : nullptr;
}

}  // namespace palisade::calico
