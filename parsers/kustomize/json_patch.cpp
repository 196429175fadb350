#include "parsers/kustomize/json_patch.h"

#include <fmt/format.h>

#include <charconv>
#include <optional>
#include <vector>

#include "parsers/kustomize/value_edit.h"

namespace palisade::kustomize {

namespace {

std::vector<std::string> splitPointer(std::string_view pointer) {
  std::vector<std::string> tokens;
  if (pointer.empty()) return tokens;
  std::size_t i = pointer.front() == '/' ? 1 : 0;
  while (true) {
    std::size_t slash = pointer.find('/', i);
    std::string_view raw = pointer.substr(i, slash == std::string_view::npos ? std::string_view::npos : slash - i);
    std::string token;
    for (std::size_t k = 0; k < raw.size(); ++k) {
      if (raw[k] == '~' && k + 1 < raw.size() && (raw[k + 1] == '0' || raw[k + 1] == '1')) {
        token += raw[k + 1] == '0' ? '~' : '/';
        ++k;
      } else {
        token += raw[k];
      }
    }
    tokens.push_back(std::move(token));
    if (slash == std::string_view::npos) break;
    i = slash + 1;
  }
  return tokens;
}

std::optional<std::size_t> indexOf(const std::string& token) {
  std::size_t i = 0;
  auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), i);
  if (ec != std::errc() || end != token.data() + token.size() || token.empty()) return std::nullopt;
  return i;
}

Value* resolve(Value& root, const std::vector<std::string>& tokens, std::size_t count) {
  Value* node = &root;
  for (std::size_t i = 0; i < count; ++i) {
    if (node->isObject()) {
      node = node->find(tokens[i]);
    } else if (node->isArray()) {
      auto index = indexOf(tokens[i]);
      node = index && *index < node->items().size() ? &node->items()[*index] : nullptr;
    } else {
      node = nullptr;
    }
    if (!node) return nullptr;
  }
  return node;
}

std::string addAt(Value& root, const std::vector<std::string>& tokens, Value value, bool replace) {
  if (tokens.empty()) {
    root = std::move(value);
    return "";
  }
  Value* parent = resolve(root, tokens, tokens.size() - 1);
  if (!parent) return "its parent does not exist";
  const std::string& last = tokens.back();
  if (parent->isObject()) {
    // kustomize's JSON patch replaces a missing member by adding it.
    setMember(*parent, last, std::move(value));
    return "";
  }
  if (parent->isArray()) {
    auto& items = parent->items();
    if (last == "-" && !replace) {
      items.push_back(std::move(value));
      return "";
    }
    auto index = indexOf(last);
    if (!index || *index > items.size() || (replace && *index == items.size())) return "the index is out of range";
    if (replace) {
      items[*index] = std::move(value);
    } else {
      items.insert(items.begin() + static_cast<std::ptrdiff_t>(*index), std::move(value));
    }
    return "";
  }
  return "its parent is not an object or list";
}

std::optional<Value> removeAt(Value& root, const std::vector<std::string>& tokens) {
  if (tokens.empty()) return std::nullopt;
  Value* parent = resolve(root, tokens, tokens.size() - 1);
  if (!parent) return std::nullopt;
  if (parent->isObject()) {
    Value* v = parent->find(tokens.back());
    if (!v) return std::nullopt;
    Value out = std::move(*v);
    removeMember(*parent, tokens.back());
    return out;
  }
  if (parent->isArray()) {
    auto index = indexOf(tokens.back());
    if (!index || *index >= parent->items().size()) return std::nullopt;
    Value out = std::move(parent->items()[*index]);
    parent->items().erase(parent->items().begin() + static_cast<std::ptrdiff_t>(*index));
    return out;
  }
  return std::nullopt;
}

}  // namespace

std::string applyJsonPatch(Value& target, const Value& operations) {
  if (!operations.isArray()) return "a JSON patch is a list of operations";
  for (const Value& op : operations.items()) {
    const std::string* name = stringAt(op, {"op"});
    const std::string* path = stringAt(op, {"path"});
    if (!name || !path) return "an operation without op or path";
    auto tokens = splitPointer(*path);
    if (*name == "add" || *name == "replace") {
      const Value* value = op.find("value");
      if (!value) return fmt::format("{} {}: no value", *name, *path);
      std::string why = addAt(target, tokens, *value, *name == "replace");
      if (!why.empty()) return fmt::format("{} {}: {}", *name, *path, why);
    } else if (*name == "remove") {
      if (!removeAt(target, tokens)) return fmt::format("remove {}: it does not exist", *path);
    } else if (*name == "move" || *name == "copy") {
      const std::string* from = stringAt(op, {"from"});
      if (!from) return fmt::format("{} {}: no from", *name, *path);
      auto from_tokens = splitPointer(*from);
      std::optional<Value> moved;
      if (*name == "move") {
        moved = removeAt(target, from_tokens);
      } else if (Value* found = resolve(target, from_tokens, from_tokens.size())) {
        moved = *found;
      }
      if (!moved) return fmt::format("{} from {}: it does not exist", *name, *from);
      std::string why = addAt(target, tokens, std::move(*moved), false);
      if (!why.empty()) return fmt::format("{} {}: {}", *name, *path, why);
    } else if (*name == "test") {
      const Value* value = op.find("value");
      Value* found = resolve(target, tokens, tokens.size());
      if (!value || !found || !found->sameContent(*value)) return fmt::format("test {}: the value differs", *path);
    } else {
      return fmt::format("unknown operation '{}'", *name);
    }
  }
  return "";
}

}  // namespace palisade::kustomize
