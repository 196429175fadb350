#include "core/value.h"

#include "core/json_string.h"

#include <fmt/format.h>

#include <cmath>

namespace palisade {

namespace {


void appendDisplay(std::string& out, const Value& v, bool quote_strings) {
  switch (v.kind()) {
    case Value::Kind::Null: out += "null"; break;
    case Value::Kind::Bool: out += v.asBool() ? "true" : "false"; break;
    case Value::Kind::Int: out += std::to_string(v.asInt()); break;
    case Value::Kind::Number: out += fmt::format("{}", v.asNumber()); break;
    case Value::Kind::String:
      if (quote_strings) {
        appendJsonString(out, v.asString());
      } else {
        out += v.asString();
      }
      break;
    case Value::Kind::Unknown: out += "<unknown>"; break;
    case Value::Kind::Array: {
      out.push_back('[');
      bool first = true;
      for (const Value& item : v.items()) {
        if (!first) out.push_back(',');
        first = false;
        appendDisplay(out, item, true);
      }
      out.push_back(']');
      break;
    }
    case Value::Kind::Object: {
      out.push_back('{');
      bool first = true;
      for (const Member& m : v.members()) {
        if (!first) out.push_back(',');
        first = false;
        appendJsonString(out, m.key);
        out.push_back(':');
        appendDisplay(out, m.value, true);
      }
      out.push_back('}');
      break;
    }
  }
}

}  // namespace

Value::Value(const Value& other) = default;
Value::Value(Value&& other) noexcept = default;
// Assigning a value from inside itself (`v = *v.find("x")`, common when walking
// a tree) must not destroy the source before it is read: take it out first.
Value& Value::operator=(const Value& other) {
  Value copy(other);
  return *this = std::move(copy);
}

Value& Value::operator=(Value&& other) noexcept {
  if (this == &other) return *this;
  Value taken(std::move(other));
  kind_ = taken.kind_;
  span_ = taken.span_;
  origin_ = taken.origin_;
  data_ = std::move(taken.data_);
  return *this;
}
Value::~Value() = default;

Value Value::null(Span span) {
  Value v;
  v.kind_ = Kind::Null;
  v.span_ = span;
  return v;
}

Value Value::boolean(bool b, Span span) {
  Value v;
  v.kind_ = Kind::Bool;
  v.span_ = span;
  v.data_ = b;
  return v;
}

Value Value::integer(int64_t i, Span span) {
  Value v;
  v.kind_ = Kind::Int;
  v.span_ = span;
  v.data_ = i;
  return v;
}

Value Value::number(double d, Span span) {
  Value v;
  v.kind_ = Kind::Number;
  v.span_ = span;
  v.data_ = d;
  return v;
}

Value Value::string(std::string s, Span span) {
  Value v;
  v.kind_ = Kind::String;
  v.span_ = span;
  v.data_ = std::move(s);
  return v;
}

Value Value::array(Array items, Span span) {
  Value v;
  v.kind_ = Kind::Array;
  v.span_ = span;
  v.data_ = std::move(items);
  return v;
}

Value Value::object() { return object(Object{}); }

Value Value::object(Object members, Span span) {
  Value v;
  v.kind_ = Kind::Object;
  v.span_ = span;
  v.data_ = std::move(members);
  return v;
}

Value Value::unknown(std::string reason, Span span) {
  Value v;
  v.kind_ = Kind::Unknown;
  v.span_ = span;
  v.data_ = std::move(reason);
  return v;
}

struct Value::OneOf {
  std::string reason;
  Array candidates;
};

Value Value::unknownOneOf(std::string reason, Array candidates, Span span) {
  Value v;
  v.kind_ = Kind::Unknown;
  v.span_ = span;
  v.data_ = std::make_shared<const OneOf>(OneOf{std::move(reason), std::move(candidates)});
  return v;
}

const Value::Array* Value::candidates() const {
  const auto* one_of = std::get_if<std::shared_ptr<const OneOf>>(&data_);
  return one_of ? &(*one_of)->candidates : nullptr;
}

const std::string& Value::oneOfReason() const { return std::get<std::shared_ptr<const OneOf>>(data_)->reason; }

double Value::asNumber() const {
  if (kind_ == Kind::Int) return static_cast<double>(std::get<int64_t>(data_));
  return std::get<double>(data_);
}

const Member* Value::findMember(std::string_view key) const {
  if (kind_ != Kind::Object) return nullptr;
  for (const Member& m : std::get<Object>(data_)) {
    if (m.key == key) return &m;
  }
  return nullptr;
}

const Value* Value::find(std::string_view key) const {
  const Member* m = findMember(key);
  return m ? &m->value : nullptr;
}

Value* Value::find(std::string_view key) {
  if (kind_ != Kind::Object) return nullptr;
  for (Member& m : std::get<Object>(data_)) {
    if (m.key == key) return &m.value;
  }
  return nullptr;
}

const Value* Value::at(std::size_t index) const {
  if (kind_ != Kind::Array) return nullptr;
  const auto& list = std::get<Array>(data_);
  return index < list.size() ? &list[index] : nullptr;
}

std::string Value::toDisplayString() const {
  std::string out;
  appendDisplay(out, *this, false);
  return out;
}

bool Value::sameContent(const Value& other) const {
  if (isNumber() && other.isNumber()) return asNumber() == other.asNumber();
  if (kind_ != other.kind_) return false;
  switch (kind_) {
    case Kind::Null: return true;
    case Kind::Bool: return asBool() == other.asBool();
    case Kind::String:
    case Kind::Unknown: return asString() == other.asString();
    case Kind::Array: {
      const auto& a = items();
      const auto& b = other.items();
      if (a.size() != b.size()) return false;
      for (std::size_t i = 0; i < a.size(); ++i) {
        if (!a[i].sameContent(b[i])) return false;
      }
      return true;
    }
    case Kind::Object: {
      const auto& a = members();
      const auto& b = other.members();
      if (a.size() != b.size()) return false;
      for (const Member& m : a) {
        const Value* o = other.find(m.key);
        if (!o || !m.value.sameContent(*o)) return false;
      }
      return true;
    }
    default: return false;
  }
}

bool Value::containsUnknown() const {
  switch (kind_) {
    case Kind::Unknown: return true;
    case Kind::Array:
      for (const Value& v : items()) {
        if (v.containsUnknown()) return true;
      }
      return false;
    case Kind::Object:
      for (const Member& m : members()) {
        if (m.value.containsUnknown()) return true;
      }
      return false;
    default: return false;
  }
}

std::string_view kindName(Value::Kind kind) {
  switch (kind) {
    case Value::Kind::Null: return "null";
    case Value::Kind::Bool: return "bool";
    case Value::Kind::Int: return "int";
    case Value::Kind::Number: return "number";
    case Value::Kind::String: return "string";
    case Value::Kind::Array: return "array";
    case Value::Kind::Object: return "object";
    case Value::Kind::Unknown: return "unknown";
  }
  return "?";
}

}  // namespace palisade
