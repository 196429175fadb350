// Value: the located tree every format is read into. Rules see only Values,
// never YAML, Bicep or JSON syntax. `Unknown` stands for what static analysis
// cannot know (a parameter without default, a registry module's output).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/span.h"

namespace palisade {

struct Member;

class Value {
 public:
  enum class Kind : uint8_t { Null, Bool, Int, Number, String, Array, Object, Unknown };
  using Array = std::vector<Value>;
  using Object = std::vector<Member>;

  Value() = default;
  // Defined in value.cpp, where Member is complete (a vector of an incomplete
  // type may be declared but not destroyed or copied).
  Value(const Value& other);
  Value(Value&& other) noexcept;
  Value& operator=(const Value& other);
  Value& operator=(Value&& other) noexcept;
  ~Value();
  static Value null(Span span = {});
  static Value boolean(bool b, Span span = {});
  static Value integer(int64_t i, Span span = {});
  static Value number(double d, Span span = {});
  static Value string(std::string s, Span span = {});
  static Value array(Array items = {}, Span span = {});
  static Value object();  // empty; no default argument, which would need Member complete here
  static Value object(Object members, Span span = {});
  // `reason` says why the value cannot be known, e.g. "parameter 'sku' has no default".
  static Value unknown(std::string reason, Span span = {});
  // An Unknown that can only be one of `candidates` (a parameter's `@allowed`
  // list or literal union type): a rule decides it when every candidate agrees.
  static Value unknownOneOf(std::string reason, Array candidates, Span span = {});

  Kind kind() const { return kind_; }
  const Span& span() const { return span_; }
  void setSpan(const Span& span) { span_ = span; }
  // Where the value was defined when that is not where it is used
  // (a parameter default, a module argument); invalid when the same.
  const Span& origin() const { return origin_; }
  void setOrigin(const Span& origin) { origin_ = origin; }

  bool isNull() const { return kind_ == Kind::Null; }
  bool isBool() const { return kind_ == Kind::Bool; }
  bool isInt() const { return kind_ == Kind::Int; }
  bool isNumber() const { return kind_ == Kind::Number || kind_ == Kind::Int; }
  bool isString() const { return kind_ == Kind::String; }
  bool isArray() const { return kind_ == Kind::Array; }
  bool isObject() const { return kind_ == Kind::Object; }
  bool isUnknown() const { return kind_ == Kind::Unknown; }
  bool isScalar() const { return kind_ != Kind::Array && kind_ != Kind::Object; }

  bool asBool() const { return std::get<bool>(data_); }
  int64_t asInt() const { return std::get<int64_t>(data_); }
  double asNumber() const;
  // The string of a String, or the reason of an Unknown.
  const std::string& asString() const {
    if (const auto* text = std::get_if<std::string>(&data_)) return *text;
    return oneOfReason();
  }
  // The values an Unknown can only be; nullptr when it could be anything.
  const Array* candidates() const;
  const Array& items() const { return std::get<Array>(data_); }
  Array& items() { return std::get<Array>(data_); }
  const Object& members() const { return std::get<Object>(data_); }
  Object& members() { return std::get<Object>(data_); }

  // Object lookup; nullptr when not an object or the key is absent.
  const Value* find(std::string_view key) const;
  Value* find(std::string_view key);
  const Member* findMember(std::string_view key) const;
  // Array index; nullptr when out of range or not an array.
  const Value* at(std::size_t index) const;

  // Scalars rendered as a user would write them; containers as compact JSON.
  std::string toDisplayString() const;
  // True for whole-tree equality of content, ignoring spans.
  bool sameContent(const Value& other) const;
  // True when this value or anything inside it is Unknown.
  bool containsUnknown() const;

 private:
  struct OneOf;  // reason and candidates of an unknownOneOf, shared by copies
  const std::string& oneOfReason() const;

  Kind kind_ = Kind::Null;
  Span span_;
  Span origin_;
  std::variant<std::monostate, bool, int64_t, double, std::string, Array, Object, std::shared_ptr<const OneOf>> data_;
};

struct Member {
  std::string key;
  Span key_span;
  Value value;
};

std::string_view kindName(Value::Kind kind);

}  // namespace palisade
