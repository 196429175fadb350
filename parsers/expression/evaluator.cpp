#include "parsers/expression/evaluator.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "core/ascii.h"
#include "parsers/expression/operators.h"

namespace palisade {

namespace {

const Value* findMemberLenient(const Value& object, std::string_view key) {
  if (const Value* exact = object.find(key)) return exact;
  for (const Member& m : object.members()) {
    if (equalsIgnoreCase(m.key, key)) return &m.value;
  }
  return nullptr;
}

constexpr std::string_view kLambdaFunctions[] = {"filter", "groupBy", "map", "mapValues", "reduce", "sort", "toObject"};

}  // namespace

Value relocated(Value v, const Span& use) {
  if (!v.origin().valid() && v.span().valid() && v.span().begin != use.begin) v.setOrigin(v.span());
  if (use.valid()) v.setSpan(use);
  return v;
}

Value Evaluator::evaluate(const Expr& expr) {
  if (depth_ >= limits_.max_depth) return Value::unknown("expression nesting exceeds the depth limit", expr.span);
  ++depth_;
  Value v = evaluateInner(expr);
  --depth_;
  return v;
}

Value Evaluator::evaluateInner(const Expr& e) {
  switch (e.kind) {
    case Expr::Kind::Literal: return e.literal;
    case Expr::Kind::Unsupported: return Value::unknown(e.name, e.span);
    case Expr::Kind::Identifier: {
      for (auto it = locals_.rbegin(); it != locals_.rend(); ++it) {
        if (it->first == e.name) return relocated(it->second, e.span);
      }
      if (auto v = scope_.resolve(e.name, e.span)) return std::move(*v);
      return Value::unknown(fmt::format("'{}' is not defined", e.name), e.span);
    }
    case Expr::Kind::Interpolated: {
      std::string out = e.parts.empty() ? std::string() : e.parts[0];
      for (std::size_t i = 0; i < e.children.size(); ++i) {
        Value v = evaluate(e.children[i]);
        if (v.isUnknown()) return Value::unknown(v.asString(), e.span);
        out += valueToArmString(v);
        if (i + 1 < e.parts.size()) out += e.parts[i + 1];
      }
      return Value::string(std::move(out), e.span);
    }
    case Expr::Kind::Array: {
      Value::Array items;
      for (std::size_t i = 0; i < e.children.size(); ++i) {
        Value v = evaluate(e.children[i]);
        if (i < e.spread.size() && e.spread[i]) {
          if (v.isArray()) {
            for (Value& item : v.items()) items.push_back(std::move(item));
          } else if (!v.isNull()) {
            return Value::unknown(v.isUnknown() ? v.asString() : "spread of a value that is not an array", e.span);
          }
        } else {
          items.push_back(std::move(v));
        }
      }
      return Value::array(std::move(items), e.span);
    }
    case Expr::Kind::Object: {
      Value out = Value::object({}, e.span);
      for (std::size_t i = 0; i < e.children.size(); ++i) {
        Value v = evaluate(e.children[i]);
        if (i < e.spread.size() && e.spread[i]) {
          if (v.isObject()) {
            out = mergeObjects(out, v, false);
          } else if (v.isUnknown()) {
            // The spread's keys are unknown: mark it, keep the known members.
            out.members().push_back(Member{"...", e.children[i].span, std::move(v)});
          }
          continue;
        }
        std::string key = e.keys[i];
        if (i < e.key_exprs.size() && e.key_exprs[i].kind != Expr::Kind::Literal) {
          // A computed key: a key that cannot be known is one of the object's unknown keys.
          Value k = evaluate(e.key_exprs[i]);
          if (!k.isString()) {
            std::string why = k.isUnknown() ? k.asString() : fmt::format("a key that is a {}", kindName(k.kind()));
            out.members().push_back(Member{"...", e.key_spans[i], Value::unknown(fmt::format("a key is unknown: {}", why), e.key_spans[i])});
            continue;
          }
          key = k.asString();
        }
        if (Value* existing = out.find(key)) {
          *existing = std::move(v);
        } else {
          out.members().push_back(Member{std::move(key), e.key_spans[i], std::move(v)});
        }
      }
      return out;
    }
    case Expr::Kind::Member: return evaluateMember(e);
    case Expr::Kind::Index: return evaluateIndex(e);
    case Expr::Kind::Call: return evaluateCall(e);
    case Expr::Kind::Unary: return applyUnaryOperator(e.name, evaluate(e.children[0]), e.span);
    case Expr::Kind::Binary: {
      Value left = evaluate(e.children[0]);
      if (e.name == "??" && !left.isNull() && !left.isUnknown()) return relocated(std::move(left), e.span);
      if (e.name == "&&" && left.isBool() && !left.asBool()) return Value::boolean(false, e.span);
      if (e.name == "||" && left.isBool() && left.asBool()) return Value::boolean(true, e.span);
      Value right = evaluate(e.children[1]);
      if (e.name == "??") {
        if (left.isNull()) return relocated(std::move(right), e.span);
        return Value::unknown(left.asString(), e.span);
      }
      return applyBinaryOperator(e.name, left, right, e.span);
    }
    case Expr::Kind::Ternary: {
      Value condition = evaluate(e.children[0]);
      Tri t = truthOf(condition);
      if (t == Tri::True) return relocated(evaluate(e.children[1]), e.span);
      if (t == Tri::False) return relocated(evaluate(e.children[2]), e.span);
      Value a = evaluate(e.children[1]);
      Value b = evaluate(e.children[2]);
      if (!a.containsUnknown() && a.sameContent(b)) return relocated(std::move(a), e.span);
      return Value::unknown(condition.isUnknown() ? condition.asString() : "condition is not a boolean", e.span);
    }
    case Expr::Kind::Lambda: return Value::unknown("a lambda is not a value", e.span);
    case Expr::Kind::For: return evaluateFor(e);
  }
  return Value::unknown("unsupported expression", e.span);
}

Value Evaluator::evaluateMember(const Expr& e) {
  Value object = evaluate(e.children[0]);
  if (object.isUnknown()) return Value::unknown(object.asString(), e.span);
  if (object.isNull() && e.safe) return Value::null(e.span);
  if (!object.isObject()) {
    return Value::unknown(fmt::format("property '{}' of a {}", e.name, kindName(object.kind())), e.span);
  }
  std::string key = e.nested_resource ? "::" + e.name : e.name;
  if (const Value* v = findMemberLenient(object, key)) return relocated(*v, e.span);
  if (e.safe) return Value::null(e.span);
  // A spread of unknown keys may hold it.
  if (const Value* unknown_spread = object.find("...")) return Value::unknown(unknown_spread->asString(), e.span);
  return Value::unknown(fmt::format("property '{}' is not set", e.name), e.span);
}

Value Evaluator::evaluateIndex(const Expr& e) {
  Value object = evaluate(e.children[0]);
  Value index = evaluate(e.children[1]);
  if (object.isUnknown()) return Value::unknown(object.asString(), e.span);
  if (index.isUnknown()) return Value::unknown(index.asString(), e.span);
  if (object.isNull() && e.safe) return Value::null(e.span);
  if (object.isArray() && index.isInt()) {
    if (const Value* v = object.at(static_cast<std::size_t>(index.asInt())); v && index.asInt() >= 0) {
      return relocated(*v, e.span);
    }
    if (e.safe) return Value::null(e.span);
    return Value::unknown(fmt::format("index {} is out of range", index.asInt()), e.span);
  }
  if (object.isObject() && index.isString()) {
    if (const Value* v = findMemberLenient(object, index.asString())) return relocated(*v, e.span);
    if (e.safe) return Value::null(e.span);
    if (const Value* unknown_spread = object.find("...")) return Value::unknown(unknown_spread->asString(), e.span);
    return Value::unknown(fmt::format("property '{}' is not set", index.asString()), e.span);
  }
  return Value::unknown(fmt::format("cannot index a {} with a {}", kindName(object.kind()), kindName(index.kind())),
                        e.span);
}

Value Evaluator::evaluateCall(const Expr& e) {
  std::size_t first_arg = e.method ? 1 : 0;
  for (std::string_view name : kLambdaFunctions) {
    if (!e.method && equalsIgnoreCase(e.name, name)) return evaluateLambdaFunction(e, name);
  }
  std::vector<Value> args;
  args.reserve(e.children.size());
  for (std::size_t i = first_arg; i < e.children.size(); ++i) args.push_back(evaluate(e.children[i]));
  if (auto handled = scope_.call(e, args, *this)) return std::move(*handled);
  if (e.method) {
    return Value::unknown(fmt::format("{}() is known only at deployment", e.name), e.span);
  }
  if (e.name.size() > 4 && equalsIgnoreCase(std::string_view(e.name).substr(0, 4), "list")) {
    return Value::unknown(fmt::format("{}() is known only at deployment", e.name), e.span);
  }
  if (const FunctionInfo* f = findFunction(e.name)) {
    Value result = callFunction(*f, FunctionArgs{args, e.span, context_});
    if (result.span().begin != e.span.begin || result.span().file != e.span.file) result = relocated(std::move(result), e.span);
    return result;
  }
  return Value::unknown(fmt::format("function '{}' is not supported", e.name), e.span);
}

Value Evaluator::callLambda(const Expr& lambda, std::vector<Value> args) {
  if (lambda.kind != Expr::Kind::Lambda) return Value::unknown("expected a lambda", lambda.span);
  std::size_t bound = 0;
  for (std::size_t i = 0; i < lambda.keys.size(); ++i) {
    bind(lambda.keys[i], i < args.size() ? std::move(args[i]) : Value::null(lambda.span));
    ++bound;
  }
  Value result = evaluate(lambda.children[0]);
  unbind(bound);
  return result;
}

Value Evaluator::evaluateLambdaFunction(const Expr& e, std::string_view name) {
  if (e.children.size() < 2) return Value::unknown(fmt::format("{}() needs a lambda", name), e.span);
  Value input = evaluate(e.children[0]);
  if (input.isUnknown()) return Value::unknown(input.asString(), e.span);
  const Expr& lambda = e.children[1];
  if (name == "mapValues") {
    if (!input.isObject()) return Value::unknown("mapValues() needs an object", e.span);
    Value out = Value::object({}, e.span);
    for (const Member& m : input.members()) {
      out.members().push_back(Member{m.key, m.key_span, callLambda(lambda, {m.value})});
    }
    return out;
  }
  if (!input.isArray()) return Value::unknown(fmt::format("{}() needs an array", name), e.span);
  const Value::Array& items = input.items();
  if (items.size() > limits_.max_loop_expansion) return Value::unknown("loop exceeds the expansion limit", e.span);
  if (name == "map") {
    Value::Array out;
    for (std::size_t i = 0; i < items.size(); ++i) {
      out.push_back(callLambda(lambda, {items[i], Value::integer(static_cast<int64_t>(i), e.span)}));
    }
    return Value::array(std::move(out), e.span);
  }
  if (name == "filter") {
    Value::Array out;
    for (std::size_t i = 0; i < items.size(); ++i) {
      Tri keep = truthOf(callLambda(lambda, {items[i], Value::integer(static_cast<int64_t>(i), e.span)}));
      if (keep == Tri::Unknown) return Value::unknown("filter() condition is unknown", e.span);
      if (keep == Tri::True) out.push_back(items[i]);
    }
    return Value::array(std::move(out), e.span);
  }
  if (name == "reduce") {
    if (e.children.size() < 3) return Value::unknown("reduce() needs an initial value and a lambda", e.span);
    Value acc = evaluate(e.children[1]);
    for (std::size_t i = 0; i < items.size(); ++i) {
      acc = callLambda(e.children[2], {acc, items[i], Value::integer(static_cast<int64_t>(i), e.span)});
    }
    return relocated(std::move(acc), e.span);
  }
  if (name == "toObject") {
    Value out = Value::object({}, e.span);
    for (const Value& item : items) {
      Value key = callLambda(lambda, {item});
      if (!key.isString()) return Value::unknown(key.isUnknown() ? key.asString() : "toObject() key is not a string", e.span);
      Value value = e.children.size() > 2 ? callLambda(e.children[2], {item}) : item;
      if (Value* existing = out.find(key.asString())) {
        *existing = std::move(value);
      } else {
        out.members().push_back(Member{key.asString(), e.span, std::move(value)});
      }
    }
    return out;
  }
  if (name == "groupBy") {
    Value out = Value::object({}, e.span);
    for (const Value& item : items) {
      Value key = callLambda(lambda, {item});
      if (!key.isString()) return Value::unknown("groupBy() key is not a string", e.span);
      Value* group = out.find(key.asString());
      if (!group) {
        out.members().push_back(Member{key.asString(), e.span, Value::array({}, e.span)});
        group = &out.members().back().value;
      }
      group->items().push_back(item);
    }
    return out;
  }
  // sort: a stable insertion sort driven by the lambda, bounded by the loop limit above.
  Value::Array sorted;
  for (const Value& item : items) {
    std::size_t pos = sorted.size();
    while (pos > 0) {
      Tri before = truthOf(callLambda(lambda, {item, sorted[pos - 1]}));
      if (before == Tri::Unknown) return Value::unknown("sort() comparison is unknown", e.span);
      if (before == Tri::False) break;
      --pos;
    }
    sorted.insert(sorted.begin() + static_cast<std::ptrdiff_t>(pos), item);
  }
  return Value::array(std::move(sorted), e.span);
}

Value Evaluator::evaluateFor(const Expr& e) {
  Value iterable = evaluate(e.children[0]);
  if (iterable.isUnknown()) return Value::unknown(iterable.asString(), e.span);
  if (!iterable.isArray()) return Value::unknown("for loop over a value that is not an array", e.span);
  if (iterable.items().size() > limits_.max_loop_expansion) return Value::unknown("loop exceeds the expansion limit", e.span);
  Value::Array out;
  for (std::size_t i = 0; i < iterable.items().size(); ++i) {
    std::size_t bound = 0;
    if (!e.name.empty()) {
      bind(e.name, iterable.items()[i]);
      ++bound;
    }
    if (!e.index_name.empty()) {
      bind(e.index_name, Value::integer(static_cast<int64_t>(i), e.span));
      ++bound;
    }
    Tri keep = Tri::True;
    if (e.has_condition) keep = truthOf(evaluate(e.children[2]));
    if (keep == Tri::Unknown) {
      unbind(bound);
      return Value::unknown("for loop filter is unknown", e.span);
    }
    if (keep == Tri::True) out.push_back(evaluate(e.children[1]));
    unbind(bound);
  }
  return Value::array(std::move(out), e.span);
}

}  // namespace palisade
