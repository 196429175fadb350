// Helm in the scan: every folder of a scan that holds a Chart.yaml (and is
// not a subchart in another chart's charts/) is rendered as `helm template`
// would render it; the rendered objects enter the model in place of the raw
// template files, located at the template lines that wrote them with the
// values-file lines as their origins, and what stops a template is a located
// GEN04x diagnostic. `--no-helm` reads the templates raw (GEN003 notes).
#pragma once

#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/discovery.h"
#include "parsers/file_model.h"
#include "parsers/helm/chart_renderer.h"

namespace palisade {

// What one chart (or every chart) renders with beyond its values.yaml.
struct HelmValues {
  std::vector<helm::ValuesFile> values_files;  // merged in order over values.yaml
  std::vector<std::string> set_values;         // `--set` expressions, after the files
  std::optional<std::string> release_name;     // unset: `release-name`
  std::optional<std::string> release_namespace;  // unset: `default`
};

struct HelmScanOptions {
  bool render = true;  // false: --no-helm
  // The configuration's `helm:` entries, chart folder (absolute, lexically normal) → its values.
  std::vector<std::pair<std::filesystem::path, HelmValues>> charts;
  HelmValues command_line;  // --helm-values, --helm-set, --helm-release, --helm-namespace: every chart, after its entry
  std::string kube_version;               // empty: the renderer's default
  std::vector<std::string> api_versions;  // added to the default ones
};

struct HelmScan {
  FileModel rendered;                         // rendered resources, render diagnostics, the files the renders read
  std::set<std::filesystem::path> consumed;   // discovered files whose raw reading the renders replace
  std::set<std::string> read_by_renders;      // display paths of the files in `rendered.files`
  std::size_t charts = 0;
  std::size_t rendered_bytes = 0;             // the size of every rendered template's output
};

// The chart folder a file belongs to: the nearest folder at or above `dir`,
// inside `root`, with a Chart.yaml, and for a subchart (in a chart's
// charts/) the chart that holds it; nullopt when none.
std::optional<std::filesystem::path> chartFolderOf(const std::filesystem::path& dir, const std::filesystem::path& root);

// The options a chart folder renders with: its configuration entry, then the command line's.
helm::ChartOptions chartOptionsFor(const std::filesystem::path& chart, const HelmScanOptions& options);

// Renders the charts the discovered files (`inputs`) belong to, `jobs` charts at a time.
HelmScan renderCharts(const ScanRoot& root, const std::vector<InputFile>& inputs, const HelmScanOptions& options,
                      std::size_t jobs = 1);

}  // namespace palisade
