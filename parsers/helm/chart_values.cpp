#include "parsers/helm/chart_values.h"

namespace palisade::helm {

namespace {

Value* memberValue(Value& map, std::string_view key) { return map.isObject() ? map.find(key) : nullptr; }

void eraseMember(Value& map, std::string_view key) {
  auto& members = map.members();
  for (auto it = members.begin(); it != members.end(); ++it) {
    if (it->key == key) {
      members.erase(it);
      return;
    }
  }
}

// Helm's coalesceGlobals: the parent's `global` entries win over the
// subchart's (maps merged, the parent's side first), into dest["global"].
void coalesceGlobals(Value& dest, const Value& parent) {
  const Value* parent_global = parent.isObject() ? parent.find("global") : nullptr;
  Value merged = Value::object();
  if (Value* own = memberValue(dest, "global"); own != nullptr && own->isObject()) merged = *own;
  if (parent_global != nullptr && parent_global->isObject()) {
    for (const Member& m : parent_global->members()) {
      Value* existing = merged.find(m.key);
      if (m.value.isObject() && existing != nullptr && existing->isObject()) {
        Value top = m.value;
        coalesceTables(top, *existing);
        *existing = std::move(top);
      } else if (existing != nullptr && (m.value.isObject() || existing->isObject())) {
        // Helm warns (a table against a non-table) and keeps the subchart's value.
      } else if (existing != nullptr) {
        *existing = m.value;
      } else {
        merged.members().push_back(m);
      }
    }
  }
  if (Value* own = memberValue(dest, "global")) {
    *own = std::move(merged);
  } else {
    dest.members().push_back(Member{"global", Span{}, std::move(merged)});
  }
}

// Helm's coalesce(chart, dest): the chart's own values under `dest`, then each subchart's.
void coalesceChart(const ChartNode& chart, Value& dest) {
  if (!dest.isObject()) return;
  for (const Member& m : chart.values.members()) {
    Value* have = dest.find(m.key);
    if (have == nullptr) {
      dest.members().push_back(m);
    } else if (have->isNull()) {
      eraseMember(dest, m.key);  // a null from the user removes the chart's default
    } else if (have->isObject() && m.value.isObject()) {
      coalesceTables(*have, m.value);
    }
  }
  for (const auto& sub : chart.subcharts) {
    Value* scoped = dest.find(sub->name);
    if (scoped == nullptr) {
      dest.members().push_back(Member{sub->name, Span{}, Value::object()});
      scoped = &dest.members().back().value;
    }
    if (!scoped->isObject()) continue;
    coalesceGlobals(*scoped, dest);
    coalesceChart(*sub, *scoped);
  }
}

}  // namespace

void coalesceTables(Value& dst, const Value& src) {
  if (!dst.isObject() || !src.isObject()) return;
  for (const Member& m : src.members()) {
    Value* have = dst.find(m.key);
    if (have == nullptr) {
      dst.members().push_back(m);
    } else if (have->isNull()) {
      eraseMember(dst, m.key);
    } else if (m.value.isObject() && have->isObject()) {
      coalesceTables(*have, m.value);
    }
  }
}

Value coalesceChartValues(const ChartNode& chart, Value user) {
  if (!user.isObject()) user = Value::object();
  coalesceChart(chart, user);
  return user;
}

const Value* valueAtPath(const Value& values, std::string_view dotted) {
  const Value* cur = &values;
  while (!dotted.empty()) {
    std::size_t dot = dotted.find('.');
    std::string_view key = dotted.substr(0, dot);
    if (!cur->isObject()) return nullptr;
    cur = cur->find(key);
    if (cur == nullptr) return nullptr;
    if (dot == std::string_view::npos) break;
    dotted.remove_prefix(dot + 1);
  }
  return cur;
}

}  // namespace palisade::helm
