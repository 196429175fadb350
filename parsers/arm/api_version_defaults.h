// Settings whose value, when a template leaves them out, depends on the
// resource's API version, and properties an old API version named
// differently. Both Azure front ends (Bicep and ARM) apply them to each
// deployed resource's body, so rules read the value Azure applies:
// - a Storage account before API version 2019-04-01 did not require secure
//   transfer unless told (`supportsHttpsTrafficOnly` defaulted to false);
// - AKS API versions before `apiServerAccessProfile` named the API server's
//   authorized ranges `properties.apiServerAuthorizedIPRanges`.
// A value filled in is located at the API version that implies it.
#pragma once

#include "core/resource.h"

namespace palisade {

// `api_version_span`: where the API version is written (a Bicep type string, an ARM `apiVersion`).
void applyApiVersionDefaults(Resource& resource, const Span& api_version_span);

}  // namespace palisade
