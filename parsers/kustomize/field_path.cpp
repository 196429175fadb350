#include "parsers/kustomize/field_path.h"

#include <charconv>

#include "parsers/kustomize/value_edit.h"

namespace palisade::kustomize {

std::vector<std::string> splitFieldPath(std::string_view path) {
  std::vector<std::string> out;
  std::string current;
  int depth = 0;
  for (char c : path) {
    if (c == '[') ++depth;
    if (c == ']' && depth > 0) --depth;
    if (c == '.' && depth == 0) {
      out.push_back(std::move(current));
      current.clear();
      continue;
    }
    current += c;
  }
  out.push_back(std::move(current));
  return out;
}

Value* findField(Value& root, std::string_view path, bool create) {
  Value* node = &root;
  for (const std::string& raw : splitFieldPath(path)) {
    std::string segment = raw;
    bool bracketed = segment.size() >= 2 && segment.front() == '[' && segment.back() == ']';
    if (bracketed) segment = segment.substr(1, segment.size() - 2);
    if (node->isArray()) {
      auto eq = segment.find('=');
      if (bracketed && eq != std::string::npos) {
        std::string key = segment.substr(0, eq), want = segment.substr(eq + 1);
        Value* found = nullptr;
        for (Value& item : node->items()) {
          const Value* v = item.find(key);
          if (v && v->isScalar() && (v->isString() ? v->asString() : v->toDisplayString()) == want) {
            found = &item;
            break;
          }
        }
        node = found;
      } else {
        std::size_t index = 0;
        auto [end, ec] = std::from_chars(segment.data(), segment.data() + segment.size(), index);
        node = ec == std::errc() && end == segment.data() + segment.size() && index < node->items().size() ? &node->items()[index] : nullptr;
      }
    } else if (node->isObject()) {
      Value* child = node->find(segment);
      if (!child && create) child = memberOrInsert(*node, segment, Value::object({}, node->span()));
      node = child;
    } else if (node->isNull() && create) {
      *node = Value::object({}, node->span());
      node = memberOrInsert(*node, segment, Value::object({}, node->span()));
    } else {
      node = nullptr;
    }
    if (!node) return nullptr;
  }
  return node;
}

const Value* findField(const Value& root, std::string_view path) {
  return findField(const_cast<Value&>(root), path, false);
}

std::vector<std::string> splitBy(const std::string& text, const std::string& delimiter) {
  std::vector<std::string> out;
  if (delimiter.empty()) return {text};
  std::size_t start = 0;
  while (true) {
    std::size_t at = text.find(delimiter, start);
    out.push_back(text.substr(start, at == std::string::npos ? std::string::npos : at - start));
    if (at == std::string::npos) break;
    start = at + delimiter.size();
  }
  return out;
}

}  // namespace palisade::kustomize
