#include "parsers/arm/api_version_defaults.h"

#include <algorithm>
#include <cctype>
#include <string_view>

#include "core/ascii.h"

namespace palisade {

namespace {

// `properties` of a body, created when the body has none; nullptr when it is not an object.
Value* propertiesOf(Value& body, const Span& at) {
  if (!body.isObject()) return nullptr;
  if (Value* properties = body.find("properties")) return properties->isObject() ? properties : nullptr;
  body.members().push_back(Member{"properties", at, Value::object({}, at)});
  return &body.members().back().value;
}

}  // namespace

void applyApiVersionDefaults(Resource& resource, const Span& api_version_span) {
  if (resource.existing || resource.api_version.empty()) return;
  // API versions are dates (`2018-07-01`, `2019-02-01-preview`): their text sorts by date.
  std::string_view version = resource.api_version;
  if (equalsIgnoreCase(resource.type, "Microsoft.Storage/storageAccounts") && version < "2019-04-01") {
    Value* properties = propertiesOf(resource.body, api_version_span);
    if (properties && !properties->find("supportsHttpsTrafficOnly") && !properties->find("...")) {
      Value off = Value::boolean(false, api_version_span);
      properties->members().push_back(Member{"supportsHttpsTrafficOnly", api_version_span, std::move(off)});
    }
    return;
  }
  if (equalsIgnoreCase(resource.type, "Microsoft.ContainerService/managedClusters")) {
    Value* properties = resource.body.isObject() ? resource.body.find("properties") : nullptr;
    const Value* legacy = properties && properties->isObject() ? properties->find("apiServerAuthorizedIPRanges") : nullptr;
    if (!legacy) return;
    Value ranges = *legacy;
    Value* profile = properties->find("apiServerAccessProfile");
    if (!profile) {
      properties->members().push_back(Member{"apiServerAccessProfile", ranges.span(), Value::object({}, ranges.span())});
      profile = &properties->members().back().value;
    }
    if (profile->isObject() && !profile->find("authorizedIPRanges")) {
      profile->members().push_back(Member{"authorizedIPRanges", ranges.span(), std::move(ranges)});
    }
  }
}

}  // namespace palisade
