// `palisade init [DIR]`: a commented starter `.palisade.yaml` for what DIR
// holds. The walk is the scan's own discovery; each file's kind is guessed
// from its name and first bytes (cheap, nothing is evaluated), so the file
// says which formats were found and lists the parameter files it suggests.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "cli/commands.h"
#include "cli/option_table.h"
#include "core/atomic_file.h"
#include "core/discovery.h"

namespace palisade {

namespace {

namespace fs = std::filesystem;

struct Inventory {
  std::map<std::string, std::size_t> formats;  // "Kubernetes manifests" -> count
  std::vector<std::string> parameter_files;    // relative to DIR
  std::vector<std::string> helm_charts;        // folders holding Chart.yaml
};

std::string headOf(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string text(16 * 1024, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  return text;
}

Inventory inventoryOf(const fs::path& dir) {
  Inventory out;
  std::vector<std::string> paths = {dir.string()};
  Discovery found = discoverInputs(paths, scanRootFor(paths, dir));
  for (const InputFile& file : found.files) {
    std::string name = file.absolute.filename().string();
    switch (file.kind) {
      case InputKind::Bicep: ++out.formats["Bicep files"]; break;
      case InputKind::BicepParams:
        ++out.formats["Bicep parameter files"];
        out.parameter_files.push_back(file.display);
        break;
      case InputKind::Json: {
        std::string head = headOf(file.absolute);
        if (head.find("deploymentParameters.json") != std::string::npos) {
          ++out.formats["ARM parameter files"];
          out.parameter_files.push_back(file.display);
        } else if (head.find("deploymentTemplate.json") != std::string::npos) {
          ++out.formats["ARM templates"];
        }
        break;
      }
      case InputKind::Yaml: {
        if (name == "Chart.yaml") {
          out.helm_charts.push_back(fs::path(file.display).parent_path().generic_string());
          break;
        }
        std::string head = headOf(file.absolute);
        if (head.find("projectcalico.org/") != std::string::npos) ++out.formats["Calico policies"];
        else if (head.find("apiVersion:") != std::string::npos && head.find("kind:") != std::string::npos)
          ++out.formats["Kubernetes manifests"];
        break;
      }
    }
  }
  return out;
}

std::string starterConfig(const Inventory& inventory) {
  std::string found;
  for (const auto& [format, count] : inventory.formats) found += fmt::format("#   {} {}\n", count, format);
  if (found.empty()) found = "#   no Bicep, ARM, Kubernetes or Calico files yet\n";
  std::string params;
  for (const std::string& file : inventory.parameter_files) params += fmt::format("#   - {}\n", file);
  std::string helm;
  for (const std::string& chart : inventory.helm_charts) {
    helm += fmt::format("#   Helm chart {}: rendered by the scan with its values.yaml (see `helm:` below)\n",
                        chart.empty() ? "." : chart);
  }
  return fmt::format(R"(# palisade configuration, written by `palisade init`. Every setting is
# optional; `palisade config` shows what applies and where each value comes from.
# This folder holds:
{}{}
version: 1

# Rules to run (default: every rule): ids, id prefixes (K8S0), names,
# packs (kubernetes, azure, calico, general) or tags (security, cis-kubernetes).
# select: [security]
# Rules not to run, in the same forms.
# ignore: [probes-missing]

# A rule's severity: critical, high, medium, low or info.
# severity: {{probes-missing: low}}

# Exit with 1 when a finding is at or above error, warning or note; none never fails.
fail-on: warning

# Files and folders to read (default: all) and not to read; globs relative
# to this folder, a glob without '/' matching at any depth.
# include: [infra/, k8s/]
exclude: [node_modules/, vendor/]

# Bicep/ARM parameter files, whose values the templates are evaluated with.
# Parameter files found here:
{}# params: []

# Findings recorded as known debt (`palisade baseline . --output FILE`).
# baseline: .palisade-baseline.json

# Helm charts render as `helm template` would; what a chart renders with
# besides its values.yaml (values files relative to this folder):
# helm:
#   {}: {{values: [values-prod.yaml], set: [image.tag=1.2.3], release: web, namespace: shop}}

# Rule settings for some paths.
# overrides:
#   - paths: ["test/**"]
#     ignore: [security]
)",
                     found, helm, params.empty() ? "#   (none)\n" : params,
                     inventory.helm_charts.empty() || inventory.helm_charts.front().empty() ? "charts/web" : inventory.helm_charts.front());
}

}  // namespace

int runInitCommand(const std::vector<std::string>& args) {
  auto parsed = parseArguments(*findCommandSpec("init"), args);
  if (auto* error = std::get_if<UsageError>(&parsed)) {
    fmt::print(stderr, "palisade init: {}\n", error->message);
    return 2;
  }
  const ParsedArgs& a = std::get<ParsedArgs>(parsed);
  bool force = false, to_stdout = false;
  for (const ParsedOption& o : a.options) {
    force = force || o.is("--force");
    to_stdout = to_stdout || o.is("--stdout");
  }
  if (a.positionals.size() > 1) {
    fmt::print(stderr, "palisade init: name one folder (default: .)\n");
    return 2;
  }
  fs::path dir = a.positionals.empty() ? fs::path(".") : fs::path(a.positionals[0]);
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    fmt::print(stderr, "palisade init: {} is not a folder\n", dir.string());
    return 2;
  }
  std::string text = starterConfig(inventoryOf(dir));
  if (to_stdout) {
    fmt::print("{}", text);
    return 0;
  }
  fs::path target = dir / kConfigFileName;
  if (fs::exists(target, ec) && !force) {
    fmt::print(stderr, "palisade init: {} exists; --force overwrites it, --stdout prints the starter instead\n",
               target.string());
    return 2;
  }
  if (std::string error = writeFileAtomically(target.string(), text); !error.empty()) {
    fmt::print(stderr, "palisade init: {}\n", error);
    return 2;
  }
  fmt::print(stderr, "palisade init: wrote {}; `palisade config` shows what applies\n", target.string());
  return 0;
}

}  // namespace palisade
