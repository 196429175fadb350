// The implementations behind the function table (function_library.cpp), one
// file per family, and the helpers they share. Internal to parsers/expression.
#pragma once

#include <string>
#include <string_view>

#include "parsers/expression/function_library.h"

namespace palisade::functions {

using Args = FunctionArgs;

inline Value fail(const Args& a, std::string_view why) { return Value::unknown(std::string(why), a.span); }

inline Value deploymentOnly(const Args& a, std::string_view what) {
  return Value::unknown(std::string(what) + " is known only at deployment", a.span);
}

inline Value str(std::string s, const Args& a) { return Value::string(std::move(s), a.span); }

// Copies a value and relocates it to the call (its content keeps its own spans).
inline Value relocated(Value v, const Args& a) {
  v.setSpan(a.span);
  return v;
}

inline const Value& arg(const Args& a, std::size_t i) { return a.args[i]; }

// strings (functions_strings.cpp)
Value fnConcat(const Args& a);
Value fnFormat(const Args& a);
Value fnToLower(const Args& a);
Value fnToUpper(const Args& a);
Value fnTrim(const Args& a);
Value fnReplace(const Args& a);
Value fnSplit(const Args& a);
Value fnJoin(const Args& a);
Value fnStartsWith(const Args& a);
Value fnEndsWith(const Args& a);
Value fnIndexOf(const Args& a);
Value fnLastIndexOf(const Args& a);
Value fnSubstring(const Args& a);
Value fnPadLeft(const Args& a);
Value fnString(const Args& a);
Value fnBase64(const Args& a);

// conversions (functions_conversions.cpp)
Value fnInt(const Args& a);
Value fnBool(const Args& a);
Value fnArray(const Args& a);
Value fnCreateArray(const Args& a);
Value fnCreateObject(const Args& a);
Value fnJson(const Args& a);

// collections (functions_collections.cpp)
Value fnLength(const Args& a);
Value fnEmpty(const Args& a);
Value fnContains(const Args& a);
Value fnFirst(const Args& a);
Value fnLast(const Args& a);
Value fnTake(const Args& a);
Value fnSkip(const Args& a);
Value fnRange(const Args& a);
Value fnUnion(const Args& a);
Value fnIntersection(const Args& a);
Value fnCoalesce(const Args& a);
Value fnMin(const Args& a);
Value fnMax(const Args& a);
Value fnItems(const Args& a);
Value fnObjectKeys(const Args& a);
Value fnFlatten(const Args& a);
Value fnShallowMerge(const Args& a);

// logic (functions_logic.cpp)
Value fnEquals(const Args& a);
Value fnLess(const Args& a);
Value fnLessOrEquals(const Args& a);
Value fnGreater(const Args& a);
Value fnGreaterOrEquals(const Args& a);
Value fnAdd(const Args& a);
Value fnSub(const Args& a);
Value fnMul(const Args& a);
Value fnDiv(const Args& a);
Value fnMod(const Args& a);
Value fnNot(const Args& a);
Value fnAnd(const Args& a);
Value fnOr(const Args& a);
Value fnIf(const Args& a);
Value fnTryGet(const Args& a);
Value fnTrue(const Args& a);
Value fnFalse(const Args& a);
Value fnNull(const Args& a);

// deployment (functions_deployment.cpp)
Value fnResourceGroup(const Args& a);
Value fnSubscription(const Args& a);
Value fnTenant(const Args& a);
Value fnManagementGroup(const Args& a);
Value fnDeployment(const Args& a);
Value fnDeployer(const Args& a);
Value fnEnvironment(const Args& a);
Value fnUniqueString(const Args& a);
Value fnGuid(const Args& a);
Value fnNewGuid(const Args& a);
Value fnUtcNow(const Args& a);
Value fnReference(const Args& a);
Value fnDateTimeAdd(const Args& a);
Value fnPickZones(const Args& a);
Value fnResourceId(const Args& a);
Value fnSubscriptionResourceId(const Args& a);
Value fnTenantResourceId(const Args& a);
Value fnManagementGroupResourceId(const Args& a);
Value fnExtensionResourceId(const Args& a);

}  // namespace palisade::functions
