#include "parsers/kustomize/value_edit.h"

#include <algorithm>

namespace palisade::kustomize {

Value* memberOrInsert(Value& object, std::string_view key, Value fresh, const Span& key_span) {
  if (!object.isObject()) return nullptr;
  if (Value* found = object.find(key)) return found;
  object.members().push_back(Member{std::string(key), key_span, std::move(fresh)});
  return &object.members().back().value;
}

Value& setMember(Value& object, std::string_view key, Value value, const Span& key_span) {
  if (Value* found = object.find(key)) {
    *found = std::move(value);
    return *found;
  }
  object.members().push_back(Member{std::string(key), key_span, std::move(value)});
  return object.members().back().value;
}

bool removeMember(Value& object, std::string_view key) {
  if (!object.isObject()) return false;
  auto& members = object.members();
  auto it = std::find_if(members.begin(), members.end(), [&](const Member& m) { return m.key == key; });
  if (it == members.end()) return false;
  members.erase(it);
  return true;
}

const Value* valueAt(const Value& root, std::initializer_list<std::string_view> path) {
  const Value* node = &root;
  for (std::string_view key : path) {
    node = node->find(key);
    if (!node) return nullptr;
  }
  return node;
}

Value* valueAt(Value& root, std::initializer_list<std::string_view> path) {
  Value* node = &root;
  for (std::string_view key : path) {
    node = node->find(key);
    if (!node) return nullptr;
  }
  return node;
}

const std::string* stringAt(const Value& root, std::initializer_list<std::string_view> path) {
  const Value* v = valueAt(root, path);
  return v && v->isString() ? &v->asString() : nullptr;
}

Value locatedString(std::string text, const Span& span, const Span& origin) {
  Value v = Value::string(std::move(text), span);
  if (origin.valid() && (origin.file != span.file || origin.begin != span.begin)) v.setOrigin(origin);
  return v;
}

}  // namespace palisade::kustomize
