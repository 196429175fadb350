// The function library shared by Bicep and ARM template expressions: a
// sorted table of name → implementation over evaluated Values. Functions
// whose result depends on the deployment (resourceGroup(), uniqueString(),
// reference()) return Unknown with a reason; resourceId() returns a stable
// stand-in id whose subscription and resource group are placeholders.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/deployment_scope.h"
#include "core/value.h"

namespace palisade {

// What the deployment-context functions may know: the scope the template
// deploys to (its kind from `targetScope`/the schema, names from a module's `scope:`).
struct DeploymentContext {
  DeploymentScope scope;
};

struct FunctionArgs {
  const std::vector<Value>& args;
  Span span;  // the call
  const DeploymentContext& context;
};

using FunctionImpl = Value (*)(const FunctionArgs&);

struct FunctionInfo {
  std::string_view name;   // lower case; lookups ignore case
  uint8_t min_args;
  uint8_t max_args;        // 255: variadic
  bool takes_unknown;      // false: any Unknown argument makes the result Unknown before the call
  FunctionImpl impl;
};

// The whole table, sorted by name.
std::span<const FunctionInfo> builtinFunctions();
// Case-insensitive lookup; nullptr for an unknown name.
const FunctionInfo* findFunction(std::string_view name);
// Checks arity and Unknown arguments, then calls. An arity error is an Unknown naming it.
Value callFunction(const FunctionInfo& function, const FunctionArgs& call);

// Deep merge used by union() and the Bicep spread operator on objects.
Value mergeObjects(const Value& base, const Value& overlay, bool deep);
// A value rendered as ARM's string() does: strings as is, others as compact JSON.
std::string valueToArmString(const Value& v);

}  // namespace palisade
