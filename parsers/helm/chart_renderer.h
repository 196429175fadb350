// Renders a Helm chart (a folder with Chart.yaml) as `helm template` does
// with its default values.yaml: every file under templates/ is parsed into
// one template set (named "<chart>/templates/<file>"), each file whose name
// does not start with '_' (and is not NOTES.txt) is executed over .Values,
// .Release, .Chart, .Capabilities and .Template, and its output is read as
// YAML documents and classified into Kubernetes resources. Every value of
// those resources is located at the template line that emitted it, with the
// values.yaml line as its origin when the value was printed from there.
// A template that does not parse or execute is a located diagnostic and the
// rest of the chart still renders.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "core/resource.h"
#include "core/source_file.h"
#include "parsers/helm/template_exec.h"

namespace palisade::helm {

// A values file given to a chart (`helm template -f`): where to read it and how reports name it.
struct ValuesFile {
  std::filesystem::path path;
  std::string display;
};

struct ChartOptions {
  std::string release_name = "release-name";  // as `helm template`
  std::string release_namespace = "default";
  // False: nobody chose the namespace (`helm install -n` will). An object whose
  // metadata.namespace is printed from .Release.Namespace then has none: its
  // namespace is decided at deploy time, as a manifest without one.
  bool release_namespace_chosen = false;
  std::string kube_version = "v1.35.0";       // .Capabilities.KubeVersion (helm v4.1's default)
  std::vector<std::string> api_versions;      // added to .Capabilities.APIVersions (--api-versions)
  std::vector<ValuesFile> values_files;       // merged over values.yaml in order (-f); their lines are the values' origins
  std::vector<std::string> set_values;        // `--set` expressions, applied after the files in order
};

struct RenderedChartTemplate {
  std::string name;      // "<chart>/templates/<file>", as Helm names it
  SourceFilePtr source;  // the template file
  RenderedText output;   // what it rendered to, with the source of every byte
};

struct ChartRender {
  std::string chart_name;
  std::vector<SourceFilePtr> files;  // every file read (kept alive for the spans)
  // The text .Release.Namespace is read from when nobody chose it: only to tell
  // what was printed from it; no span of the resources points into it.
  SourceFilePtr release_namespace_source;
  std::vector<RenderedChartTemplate> templates;
  std::vector<Resource> resources;
  std::vector<Diagnostic> diagnostics;
};

// `dir` holds Chart.yaml; `display_dir` is how reports show that folder
// ("" for the scan root itself, else a '/'-separated relative path).
ChartRender renderChart(const std::filesystem::path& dir, const std::string& display_dir,
                        const ChartOptions& options = {});

// True when `dir` holds a Chart.yaml.
bool isChartDirectory(const std::filesystem::path& dir);

}  // namespace palisade::helm
