#include "scan/kustomize_scan.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <tuple>

#include "parsers/kubernetes/kubernetes_classifier.h"
#include "parsers/kustomize/builder.h"

namespace palisade {

namespace fs = std::filesystem;

namespace {

// The identity of an object as its own file declares it (kind, namespace and
// name before any overlay changed them): the same base object reached through
// several overlays is one object for fingerprints.
std::string sourceIdentity(const kustomize::BuiltObject& o) {
  return fmt::format("{}|{}|{}", o.kind(), o.namespaces.empty() ? "" : o.namespaces.front(), o.names.empty() ? "" : o.names.front());
}

}  // namespace

KustomizeScan buildKustomizations(const fs::path& root, const std::vector<InputFile>& inputs, const std::vector<FileModel>& models,
                                  const ReadLimits& limits) {
  KustomizeScan out;
  kustomize::SourceCache cache(root, limits);
  std::set<fs::path> discovered;
  std::set<fs::path> folders;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    if (inputs[i].absolute.empty()) continue;
    discovered.insert(inputs[i].absolute);
    folders.insert(inputs[i].absolute.parent_path());
    if (i < models.size() && models[i].files.size() == 1 && inputs[i].kind == InputKind::Yaml) {
      cache.add(inputs[i].absolute, models[i].files.front());
    }
  }
  std::vector<fs::path> kustomizations;
  for (const fs::path& dir : folders) {
    if (!kustomize::kustomizationFileIn(dir).empty()) kustomizations.push_back(dir);
  }
  if (kustomizations.empty()) return out;
  std::set<fs::path> used;
  for (const fs::path& dir : kustomizations) {
    for (const fs::path& base : kustomize::referencedKustomizations(dir, cache)) used.insert(base);
  }
  std::set<std::tuple<std::string, std::string, uint32_t, uint32_t, std::string>> reported;
  for (const fs::path& dir : kustomizations) {
    if (used.count(dir)) continue;  // a base or component: judged through what uses it
    ++out.roots;
    kustomize::BuildResult result = kustomize::build(dir, cache);
    for (const fs::path& f : result.files) out.consumed.insert(f);
    Span built_by;
    if (result.root_kustomization) built_by = result.root_kustomization->pointAt(0);
    std::vector<YamlDocument> documents;
    std::vector<std::string> identities;
    for (kustomize::BuiltObject& o : result.objects) {
      identities.push_back(sourceIdentity(o));
      YamlDocument doc;
      doc.root = std::move(o.body);
      documents.push_back(std::move(doc));
    }
    std::vector<Resource> resources = classifyKubernetesDocuments(std::move(documents));
    for (std::size_t i = 0; i < resources.size(); ++i) {
      Resource& r = resources[i];
      r.built_by = built_by;
      if (i < identities.size()) r.source_identity = r.type + "|" + identities[i];
      out.built.resources.push_back(std::move(r));
    }
    for (Diagnostic& d : result.diagnostics) {
      // What reading a file found is reported by the raw read of a discovered file, once.
      bool read_problem = d.code == GenCode::ParseError || d.code == GenCode::DuplicateKey || d.code == GenCode::InvalidEncoding;
      if (read_problem && d.span.file) {
        auto it = std::find_if(inputs.begin(), inputs.end(), [&](const InputFile& in) { return in.display == d.span.file->path(); });
        if (it != inputs.end()) continue;
      }
      // The same problem of a base met through several overlays is one.
      auto key = std::make_tuple(std::string(d.ruleId()), d.path, d.span.start.line, d.span.start.column, d.message);
      if (!reported.insert(key).second) continue;
      out.built.diagnostics.push_back(std::move(d));
    }
  }
  for (const auto& [path, file] : cache.files()) {
    if (!discovered.count(path) && out.consumed.count(path)) out.built.files.push_back(file);
  }
  return out;
}

}  // namespace palisade
