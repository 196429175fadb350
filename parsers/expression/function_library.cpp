#include "parsers/expression/function_library.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "core/ascii.h"
#include "parsers/expression/function_families.h"

namespace palisade {

namespace {

// Sorted by name: builtinFunctions() is searched by binary search.
constexpr std::array kFunctions = {
    FunctionInfo{"add", 2, 2, false, functions::fnAdd},
    FunctionInfo{"and", 2, 255, true, functions::fnAnd},
    FunctionInfo{"array", 1, 1, false, functions::fnArray},
    FunctionInfo{"base64", 1, 1, false, functions::fnBase64},
    FunctionInfo{"bool", 1, 1, false, functions::fnBool},
    FunctionInfo{"coalesce", 1, 255, true, functions::fnCoalesce},
    FunctionInfo{"concat", 1, 255, true, functions::fnConcat},
    FunctionInfo{"contains", 2, 2, false, functions::fnContains},
    FunctionInfo{"createarray", 0, 255, true, functions::fnCreateArray},
    FunctionInfo{"createobject", 0, 255, true, functions::fnCreateObject},
    FunctionInfo{"datetimeadd", 2, 3, true, functions::fnDateTimeAdd},
    FunctionInfo{"deployer", 0, 0, false, functions::fnDeployer},
    FunctionInfo{"deployment", 0, 0, false, functions::fnDeployment},
    FunctionInfo{"div", 2, 2, false, functions::fnDiv},
    FunctionInfo{"empty", 1, 1, false, functions::fnEmpty},
    FunctionInfo{"endswith", 2, 2, false, functions::fnEndsWith},
    FunctionInfo{"environment", 0, 0, false, functions::fnEnvironment},
    FunctionInfo{"equals", 2, 2, true, functions::fnEquals},
    FunctionInfo{"extensionresourceid", 3, 255, true, functions::fnExtensionResourceId},
    FunctionInfo{"false", 0, 0, false, functions::fnFalse},
    FunctionInfo{"first", 1, 1, false, functions::fnFirst},
    FunctionInfo{"flatten", 1, 1, false, functions::fnFlatten},
    FunctionInfo{"format", 1, 255, true, functions::fnFormat},
    FunctionInfo{"greater", 2, 2, true, functions::fnGreater},
    FunctionInfo{"greaterorequals", 2, 2, true, functions::fnGreaterOrEquals},
    FunctionInfo{"guid", 1, 255, true, functions::fnGuid},
    FunctionInfo{"if", 3, 3, true, functions::fnIf},
    FunctionInfo{"indexof", 2, 2, false, functions::fnIndexOf},
    FunctionInfo{"int", 1, 1, false, functions::fnInt},
    FunctionInfo{"intersection", 2, 255, false, functions::fnIntersection},
    FunctionInfo{"items", 1, 1, false, functions::fnItems},
    FunctionInfo{"join", 2, 2, false, functions::fnJoin},
    FunctionInfo{"json", 1, 1, false, functions::fnJson},
    FunctionInfo{"last", 1, 1, false, functions::fnLast},
    FunctionInfo{"lastindexof", 2, 2, false, functions::fnLastIndexOf},
    FunctionInfo{"length", 1, 1, false, functions::fnLength},
    FunctionInfo{"less", 2, 2, true, functions::fnLess},
    FunctionInfo{"lessorequals", 2, 2, true, functions::fnLessOrEquals},
    FunctionInfo{"managementgroup", 0, 1, true, functions::fnManagementGroup},
    FunctionInfo{"managementgroupresourceid", 2, 255, true, functions::fnManagementGroupResourceId},
    FunctionInfo{"max", 1, 255, false, functions::fnMax},
    FunctionInfo{"min", 1, 255, false, functions::fnMin},
    FunctionInfo{"mod", 2, 2, false, functions::fnMod},
    FunctionInfo{"mul", 2, 2, false, functions::fnMul},
    FunctionInfo{"newguid", 0, 0, false, functions::fnNewGuid},
    FunctionInfo{"not", 1, 1, false, functions::fnNot},
    FunctionInfo{"null", 0, 0, false, functions::fnNull},
    FunctionInfo{"objectkeys", 1, 1, false, functions::fnObjectKeys},
    FunctionInfo{"or", 2, 255, true, functions::fnOr},
    FunctionInfo{"padleft", 2, 3, false, functions::fnPadLeft},
    FunctionInfo{"pickzones", 3, 5, true, functions::fnPickZones},
    FunctionInfo{"range", 2, 2, false, functions::fnRange},
    FunctionInfo{"reference", 1, 3, true, functions::fnReference},
    FunctionInfo{"replace", 3, 3, false, functions::fnReplace},
    FunctionInfo{"resourcegroup", 0, 2, true, functions::fnResourceGroup},
    FunctionInfo{"resourceid", 2, 255, true, functions::fnResourceId},
    FunctionInfo{"shallowmerge", 1, 1, false, functions::fnShallowMerge},
    FunctionInfo{"skip", 2, 2, false, functions::fnSkip},
    FunctionInfo{"split", 2, 2, false, functions::fnSplit},
    FunctionInfo{"startswith", 2, 2, false, functions::fnStartsWith},
    FunctionInfo{"string", 1, 1, false, functions::fnString},
    FunctionInfo{"sub", 2, 2, false, functions::fnSub},
    FunctionInfo{"subscription", 0, 1, true, functions::fnSubscription},
    FunctionInfo{"subscriptionresourceid", 2, 255, true, functions::fnSubscriptionResourceId},
    FunctionInfo{"substring", 1, 3, false, functions::fnSubstring},
    FunctionInfo{"take", 2, 2, false, functions::fnTake},
    FunctionInfo{"tenant", 0, 0, false, functions::fnTenant},
    FunctionInfo{"tenantresourceid", 2, 255, true, functions::fnTenantResourceId},
    FunctionInfo{"tolower", 1, 1, false, functions::fnToLower},
    FunctionInfo{"toupper", 1, 1, false, functions::fnToUpper},
    FunctionInfo{"trim", 1, 1, false, functions::fnTrim},
    FunctionInfo{"true", 0, 0, false, functions::fnTrue},
    FunctionInfo{"tryget", 2, 255, true, functions::fnTryGet},
    FunctionInfo{"union", 1, 255, true, functions::fnUnion},
    FunctionInfo{"uniquestring", 1, 255, true, functions::fnUniqueString},
    FunctionInfo{"utcnow", 0, 1, true, functions::fnUtcNow},
};

}  // namespace

std::span<const FunctionInfo> builtinFunctions() { return kFunctions; }

const FunctionInfo* findFunction(std::string_view name) {
  std::string key = lowerAscii(name);
  auto it = std::lower_bound(kFunctions.begin(), kFunctions.end(), key,
                             [](const FunctionInfo& f, const std::string& k) { return f.name < k; });
  if (it == kFunctions.end() || it->name != key) return nullptr;
  return &*it;
}

Value callFunction(const FunctionInfo& function, const FunctionArgs& call) {
  std::size_t n = call.args.size();
  if (n < function.min_args || (function.max_args != 255 && n > function.max_args)) {
    return Value::unknown(fmt::format("{}() called with {} arguments", function.name, n), call.span);
  }
  if (!function.takes_unknown) {
    for (const Value& v : call.args) {
      if (v.isUnknown()) return Value::unknown(v.asString(), call.span);
    }
  }
  return function.impl(call);
}

Value mergeObjects(const Value& base, const Value& overlay, bool deep) {
  Value out = base;
  for (const Member& m : overlay.members()) {
    Value* existing = out.find(m.key);
    if (!existing) {
      out.members().push_back(m);
    } else if (deep && existing->isObject() && m.value.isObject()) {
      *existing = mergeObjects(*existing, m.value, true);
    } else {
      *existing = m.value;
    }
  }
  return out;
}

std::string valueToArmString(const Value& v) {
  if (v.isString()) return v.asString();
  if (v.isBool()) return v.asBool() ? "True" : "False";  // ARM's string(true), concat() and format() give 'True'
  return v.toDisplayString();
}

}  // namespace palisade
