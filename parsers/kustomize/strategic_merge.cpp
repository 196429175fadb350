#include "parsers/kustomize/strategic_merge.h"

#include <algorithm>
#include <array>
#include <string_view>

#include "parsers/kustomize/value_edit.h"

namespace palisade::kustomize {

namespace {

// Lists of the built-in types that have no merge key: a patch replaces them.
constexpr std::array<std::string_view, 14> kAtomicLists = {
    "args", "command", "tolerations", "subjects", "rules", "accessModes", "matchExpressions", "values",
    "nodeSelectorTerms", "finalizers", "sources", "items", "verbs", "resources"};

bool everyElementHas(const Value& list, std::string_view key) {
  if (!list.isArray() || list.items().empty()) return false;
  return std::all_of(list.items().begin(), list.items().end(), [&](const Value& v) {
    // A directive element ($patch: replace) names no key.
    return v.isObject() && (v.find(key) || v.find("$patch"));
  });
}

const Value* directive(const Value& v) { return v.isObject() ? v.find("$patch") : nullptr; }

bool isDirective(const Value& v, std::string_view what) {
  const Value* d = directive(v);
  return d && d->isString() && d->asString() == what;
}

// Copy of an object without its `$patch`, `$retainKeys` and other directive keys.
Value withoutDirectives(const Value& v) {
  if (!v.isObject()) return v;
  Value out = Value::object({}, v.span());
  for (const Member& m : v.members()) {
    if (m.key.starts_with("$")) continue;
    out.members().push_back(Member{m.key, m.key_span, withoutDirectives(m.value)});
  }
  return out;
}

Value withoutDirectiveItems(const Value& list) {
  Value out = Value::array({}, list.span());
  for (const Value& item : list.items()) {
    if (isDirective(item, "replace") && item.members().size() == 1) continue;
    out.items().push_back(withoutDirectives(item));
  }
  return out;
}

bool sameKey(const Value& a, const Value& b) {
  if (a.isNumber() && b.isNumber()) return a.asNumber() == b.asNumber();
  if (a.isString() && b.isString()) return a.asString() == b.asString();
  // Kustomize compares merge keys as written: port 80 and "80" are the same element.
  if (a.isScalar() && b.isScalar()) return a.toDisplayString() == b.toDisplayString();
  return false;
}

void mergeValue(Value& target, const Value& patch);

void mergeList(std::string_view field, Value& target, const Value& patch) {
  // `$patch: replace` as an element: the list becomes the patch's other elements.
  for (const Value& item : patch.items()) {
    if (isDirective(item, "replace")) {
      target = withoutDirectiveItems(patch);
      return;
    }
  }
  std::string key = mergeKeyOf(field, target, patch);
  if (key.empty() || !target.isArray()) {
    target = withoutDirectiveItems(patch);
    return;
  }
  // As kustomize orders a merged list: the patch's elements first, in the patch's
  // order (merged with the element they match), then the elements only the target has.
  auto& items = target.items();
  std::vector<bool> taken(items.size(), false);
  Value::Array merged;
  for (const Value& item : patch.items()) {
    const Value* k = item.isObject() ? item.find(key) : nullptr;
    if (!k) continue;
    std::size_t at = items.size();
    for (std::size_t i = 0; i < items.size(); ++i) {
      const Value* vk = items[i].isObject() ? items[i].find(key) : nullptr;
      if (!taken[i] && vk && sameKey(*vk, *k)) {
        at = i;
        break;
      }
    }
    if (at < items.size()) taken[at] = true;
    if (isDirective(item, "delete")) continue;
    if (at == items.size()) {
      merged.push_back(withoutDirectives(item));
    } else if (isDirective(item, "replace")) {
      merged.push_back(withoutDirectives(item));
    } else {
      Value element = std::move(items[at]);
      mergeValue(element, item);
      merged.push_back(std::move(element));
    }
  }
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (!taken[i]) merged.push_back(std::move(items[i]));
  }
  items = std::move(merged);
}

void mergeObject(Value& target, const Value& patch) {
  if (isDirective(patch, "replace")) {
    target = withoutDirectives(patch);
    return;
  }
  if (!target.isObject()) {
    target = withoutDirectives(patch);
    return;
  }
  for (const Member& m : patch.members()) {
    if (m.key == "$patch" || m.key == "$retainKeys" || m.key.starts_with("$setElementOrder/")) continue;
    if (m.key.starts_with("$deleteFromPrimitiveList/")) {
      Value* list = target.find(std::string_view(m.key).substr(std::string_view("$deleteFromPrimitiveList/").size()));
      if (list && list->isArray() && m.value.isArray()) {
        std::erase_if(list->items(), [&](const Value& v) {
          return std::any_of(m.value.items().begin(), m.value.items().end(), [&](const Value& d) { return d.sameContent(v); });
        });
      }
      continue;
    }
    if (m.value.isNull()) {
      removeMember(target, m.key);
      continue;
    }
    if (isDirective(m.value, "delete")) {
      removeMember(target, m.key);
      continue;
    }
    Value* existing = target.find(m.key);
    if (!existing) {
      if (m.value.isArray()) {
        target.members().push_back(Member{m.key, m.key_span, withoutDirectiveItems(m.value)});
      } else {
        target.members().push_back(Member{m.key, m.key_span, withoutDirectives(m.value)});
      }
      continue;
    }
    if (m.value.isObject() && existing->isObject()) {
      mergeObject(*existing, m.value);
    } else if (m.value.isArray() && existing->isArray()) {
      mergeList(m.key, *existing, m.value);
    } else if (m.value.isArray()) {
      *existing = withoutDirectiveItems(m.value);
    } else if (!existing->sameContent(m.value)) {
      // A value the patch only repeats (its kind, a merge key) stays where the base wrote it.
      *existing = withoutDirectives(m.value);
    }
  }
}

void mergeValue(Value& target, const Value& patch) {
  if (patch.isObject()) {
    mergeObject(target, patch);
  } else {
    target = patch;
  }
}

}  // namespace

std::string mergeKeyOf(std::string_view field, const Value& base_list, const Value& patch_list) {
  if (std::find(kAtomicLists.begin(), kAtomicLists.end(), field) != kAtomicLists.end()) return "";
  if (field == "containers" || field == "initContainers" || field == "ephemeralContainers" || field == "env" ||
      field == "volumes" || field == "imagePullSecrets") {
    return "name";
  }
  if (field == "volumeMounts") return "mountPath";
  if (field == "volumeDevices") return "devicePath";
  if (field == "hostAliases") return "ip";
  if (field == "topologySpreadConstraints") return "topologyKey";
  if (field == "ports") {
    // Container ports merge by containerPort, a Service's by port.
    if (everyElementHas(patch_list, "containerPort") || everyElementHas(base_list, "containerPort")) return "containerPort";
    return "port";
  }
  // Other lists: the keys kyaml infers when it has no schema, first that every patch element has.
  for (std::string_view key : {"mountPath", "devicePath", "ip", "type", "topologyKey", "name", "containerPort"}) {
    if (everyElementHas(patch_list, key)) return std::string(key);
  }
  return "";
}

bool strategicMerge(Value& target, const Value& patch) {
  if (isDirective(patch, "delete")) return false;
  mergeValue(target, patch);
  return true;
}

}  // namespace palisade::kustomize
