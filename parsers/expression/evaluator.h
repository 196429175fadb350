// Evaluator: computes the Value of an Expr (Bicep or ARM) with the shared
// function library and operators. Names and format-specific functions
// (parameters(), variables(), copyIndex(), loadJsonContent(), user functions)
// are answered by the front end through an EvalScope.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/value.h"
#include "parsers/expression/expr.h"
#include "parsers/expression/function_library.h"

namespace palisade {

class Evaluator;

class EvalScope {
 public:
  virtual ~EvalScope() = default;
  // The value of a free identifier (parameter, variable, resource, module); nullopt when unknown to the scope.
  virtual std::optional<Value> resolve(std::string_view name, const Span& use) = 0;
  // A call the shared library does not answer; nullopt to fall through to the library.
  virtual std::optional<Value> call(const Expr& call, const std::vector<Value>& args, Evaluator& evaluator) {
    (void)call;
    (void)args;
    (void)evaluator;
    return std::nullopt;
  }
};

struct EvalLimits {
  std::size_t max_depth = 256;
  std::size_t max_loop_expansion = 10000;
};

class Evaluator {
 public:
  Evaluator(EvalScope& scope, const DeploymentContext& context, EvalLimits limits = {})
      : scope_(scope), context_(context), limits_(limits) {}

  Value evaluate(const Expr& expr);
  // Calls a lambda expression with the given arguments.
  Value callLambda(const Expr& lambda, std::vector<Value> args);

  // Loop and lambda variables shadow the scope's names while bound.
  void bind(std::string name, Value value) { locals_.emplace_back(std::move(name), std::move(value)); }
  void unbind(std::size_t count) { locals_.resize(locals_.size() - std::min(count, locals_.size())); }

  const DeploymentContext& context() const { return context_; }
  const EvalLimits& limits() const { return limits_; }

 private:
  Value evaluateInner(const Expr& expr);
  Value evaluateCall(const Expr& expr);
  Value evaluateLambdaFunction(const Expr& expr, std::string_view name);
  Value evaluateFor(const Expr& expr);
  Value evaluateMember(const Expr& expr);
  Value evaluateIndex(const Expr& expr);

  EvalScope& scope_;
  const DeploymentContext& context_;
  EvalLimits limits_;
  std::vector<std::pair<std::string, Value>> locals_;
  std::size_t depth_ = 0;
};

// A value read from elsewhere (a variable, a parameter, a member), relocated to
// where it is used; where it was defined becomes its origin.
Value relocated(Value v, const Span& use);

}  // namespace palisade
