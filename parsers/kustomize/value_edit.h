// Small edits of located Values that the Kustomize stages share: find or make
// a member, remove one, walk a path of keys. Every inserted value keeps the
// span it is given, so an edit stays located where a person wrote it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/value.h"

namespace palisade::kustomize {

// The member's value, inserted as `fresh` when absent (or when `value` is not an object, nullptr).
Value* memberOrInsert(Value& object, std::string_view key, Value fresh, const Span& key_span = {});
// Sets a member (replacing its value, keeping its place), or appends it.
Value& setMember(Value& object, std::string_view key, Value value, const Span& key_span = {});
bool removeMember(Value& object, std::string_view key);
// The string at a path of object keys, or nullptr.
const std::string* stringAt(const Value& root, std::initializer_list<std::string_view> path);
const Value* valueAt(const Value& root, std::initializer_list<std::string_view> path);
Value* valueAt(Value& root, std::initializer_list<std::string_view> path);
// A string Value of `text`, located at `span` (with `origin` as where it was before, when different).
Value locatedString(std::string text, const Span& span, const Span& origin = {});

}  // namespace palisade::kustomize
