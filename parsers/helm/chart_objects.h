// The methods of Helm's built-in objects as templates call them:
// .Capabilities.APIVersions.Has, and .Files.Get/Glob/Lines/AsConfig/AsSecrets
// over the chart's own files (never outside the chart folder), plus the API
// versions `helm template` assumes without a cluster.
#pragma once

#include <filesystem>

#include "core/value.h"
#include "parsers/helm/template_exec.h"

namespace palisade::helm {

// The group/versions `helm template` (v4.1) assumes without a cluster.
Value defaultApiVersions();

// Methods for a chart in `chart_dir`.
TemplateMethods chartMethods(std::filesystem::path chart_dir);

// Go's path.Match extended as Helm's Files.Glob (gobwas/glob): `*` within a
// path segment, `**` across segments, `?`, and `{a,b}` alternatives.
bool helmGlobMatch(std::string_view pattern, std::string_view path);

}  // namespace palisade::helm
