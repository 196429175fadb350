// Diagnostic settings (`Microsoft.Insights/diagnosticSettings`) and the
// resource each one exports the logs of: Bicep's `scope:` (a symbolic name in
// the same file and module instance), ARM's `scope` (a resource id, relative
// or full) or the older `TYPE/providers/diagnosticSettings` form.
#pragma once

#include <string>
#include <vector>

#include "core/project.h"

namespace palisade::azure {

struct DiagnosticTarget {
  bool known = false;   // false: the scope could not be told (a parameter, a nested ARM child)
  std::string type;     // empty with known: the deployment's own scope (resource group, subscription)
  std::string name;     // full name (`st/default`); empty when not known statically
  const Resource* resource = nullptr;  // the resource in the model, when it is there
};

bool isDiagnosticSetting(const Resource& resource);
DiagnosticTarget diagnosticTarget(const Project& project, const Resource& setting);
// Every diagnostic setting of the project (deployed, or possibly deployed).
std::vector<const Resource*> diagnosticSettings(const Project& project);

}  // namespace palisade::azure
