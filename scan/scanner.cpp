#include "scan/scanner.h"

#include <fmt/format.h>

#include <mutex>
#include <string_view>
#include <unordered_map>

#include "core/parallel.h"
#include "core/read_file.h"
#include "core/text_encoding.h"
#include "parsers/arm/arm_reader.h"
#include "parsers/bicep/bicep_reader.h"
#include "parsers/kubernetes/kubernetes_classifier.h"
#include "parsers/yaml/yaml_reader.h"

namespace palisade {

namespace fs = std::filesystem;

namespace {

// Reads a file's bytes, refusing what is over the size limit.
std::optional<std::string> readBytes(const InputFile& input, const ReadLimits& limits, FileModel& out) {
  auto read = readFileBytes(input.absolute, limits.max_file_bytes);
  if (auto* text = std::get_if<std::string>(&read)) return std::move(*text);
  const ReadFailure& failure = std::get<ReadFailure>(read);
  out.diagnostics.push_back(Diagnostic{
      "GEN005",
      failure.kind == ReadFailure::Kind::TooLarge
          ? fmt::format("file is {} bytes, over the {} byte limit; not scanned", failure.size, limits.max_file_bytes)
          : fmt::format("cannot read file: {}", failure.reason),
      {},
      input.display});
  return std::nullopt;
}

// Encoding problems: UTF-16/32 files are not read; invalid UTF-8 is reported and read anyway.
bool checkEncoding(const SourceFile& file, std::vector<Diagnostic>& diagnostics) {
  if (std::string_view wide = wideEncodingByBom(file.text()); !wide.empty()) {
    diagnostics.push_back(Diagnostic{"GEN004", fmt::format("file is {}; palisade reads UTF-8 only: convert it", wide),
                                     file.pointAt(0), file.path()});
    return false;
  }
  if (auto bad = firstInvalidUtf8(file.text())) {
    diagnostics.push_back(Diagnostic{"GEN004", "file is not valid UTF-8 (first invalid byte here)", file.pointAt(static_cast<uint32_t>(*bad)), file.path()});
  }
  return true;
}

void readYamlInput(SourceFilePtr file, const ReadLimits& limits, FileModel& out) {
  out.files.push_back(file);
  if (!checkEncoding(*file, out.diagnostics)) return;
  if (looksLikeHelmTemplate(file->path(), file->text())) {
    out.diagnostics.push_back(Diagnostic{"GEN003",
                                         "Helm template ({{ }}) is not YAML until rendered; skipped — pipe `helm template` "
                                         "output to `palisade scan -` to check it",
                                         file->pointAt(static_cast<uint32_t>(file->text().find("{{"))), file->path()});
    return;
  }
  YamlReadResult yaml = readYaml(*file, limits);
  bool templated = templateLikeParseFailure(file->text());
  for (Diagnostic& d : yaml.diagnostics) {
    if (templated && d.rule_id == "GEN001") {
      d.rule_id = "GEN003";
      d.message = "document does not parse and holds template directives ({{ }} / {% %}); skipped — scan the "
                  "rendered output instead (" + d.message + ")";
    }
    out.diagnostics.push_back(std::move(d));
  }
  if (templated) {
    // `name: {{ .Values.name }}` is a legal flow mapping: such documents are templates, not manifests.
    std::erase_if(yaml.documents, [&](const YamlDocument& doc) {
      if (!doc.complex_key) return false;
      out.diagnostics.push_back(Diagnostic{"GEN003",
                                           "template directive ({{ }}) where YAML expects a value; document skipped — "
                                           "scan the rendered output instead",
                                           *doc.complex_key, file->path()});
      return true;
    });
  }
  for (Resource& r : classifyKubernetesDocuments(std::move(yaml.documents))) out.resources.push_back(std::move(r));
}

AzureReadOptions azureOptions(const ScanRequest& request) {
  AzureReadOptions options;
  options.parameter_files = request.parameter_files;
  options.limits = request.limits;
  options.jobs = request.jobs;
  return options;
}

// YAML and ARM JSON are read file by file; Bicep files are read together
// afterwards, since modules and parameter files connect them.
FileModel readOne(const InputFile& input, const ScanRequest& request, const ScanRoot& root) {
  FileModel out;
  if (input.kind == InputKind::Bicep || input.kind == InputKind::BicepParams) return out;
  auto text = readBytes(input, request.limits, out);
  if (!text) return out;
  if (input.kind == InputKind::Json) {
    // Only deployment templates are ours; other JSON (package.json, parameter files) is left alone.
    if (looksLikeArmTemplate(*text)) {
      out.append(readArmTemplate(std::make_shared<const SourceFile>(input.display, std::move(*text)), root,
                                 azureOptions(request)));
    }
    return out;
  }
  readYamlInput(std::make_shared<const SourceFile>(input.display, std::move(*text)), request.limits, out);
  return out;
}

}  // namespace

ScanResult readProject(const ScanRequest& request) {
  std::vector<std::string> paths;
  bool use_stdin = false;
  for (const std::string& p : request.paths) {
    if (p == "-") {
      use_stdin = true;
    } else {
      paths.push_back(p);
    }
  }
  // Files are read while the walk goes on (on a tree of small files the walk
  // is a large share of the time), then put in display order.
  const ScanRoot root = scanRootFor(paths, request.root);
  ParallelStream<InputFile, FileModel> reading(request.jobs,
                                               [&](const InputFile& input) { return readOne(input, request, root); });
  std::unordered_map<std::string, std::size_t> arrival_of;
  Discovery discovery = discoverInputs(paths, root, [&](const InputFile& input) {
    arrival_of.emplace(input.display, arrival_of.size());
    reading.push(input);
  }, request.skip);
  std::vector<FileModel> arrived = reading.finish();
  ScanResult result{Project(discovery.root.directory.string()), {}, 0, 0};
  for (Diagnostic& d : discovery.problems) result.project.addDiagnostic(std::move(d));

  std::vector<FileModel> models;
  models.reserve(discovery.files.size() + 2);
  for (const InputFile& input : discovery.files) models.push_back(std::move(arrived[arrival_of.at(input.display)]));
  std::vector<fs::path> bicep_files;
  for (const InputFile& input : discovery.files) {
    if (input.kind == InputKind::Bicep || input.kind == InputKind::BicepParams) bicep_files.push_back(input.absolute);
  }
  if (!bicep_files.empty()) models.push_back(readBicepFiles(bicep_files, discovery.root, azureOptions(request)));
  if (use_stdin) {
    FileModel in;
    auto file = std::make_shared<const SourceFile>(request.stdin_filename, request.stdin_text.value_or(""));
    readYamlInput(file, request.limits, in);
    models.push_back(std::move(in));
  }
  std::size_t files = 0, resources = 0;
  for (const FileModel& model : models) {
    files += model.files.size();
    resources += model.resources.size();
  }
  result.project.reserve(files, resources);
  for (FileModel& model : models) {
    for (const SourceFilePtr& f : model.files) {
      result.bytes_scanned += f->text().size();
      ++result.files_scanned;
      result.project.addFile(f);
    }
    for (Resource& r : model.resources) result.project.addResource(std::move(r));
    for (Diagnostic& d : model.diagnostics) result.project.addDiagnostic(std::move(d));
  }
  result.project.finalize();
  return result;
}

void addLineHashes(std::vector<Finding>& findings, const Project& project, std::size_t jobs) {
  std::unordered_map<std::string_view, const SourceFile*> file_of;
  for (const SourceFilePtr& f : project.files()) file_of.emplace(f->path(), f.get());
  // Hashing reads a whole file: each run of findings in one file is one task
  // (findings come sorted by file), and the files are spread over the cores.
  std::vector<std::pair<std::size_t, std::size_t>> runs;
  for (std::size_t i = 0; i < findings.size(); ++i) {
    if (runs.empty() || findings[i].location.uri != findings[i - 1].location.uri) runs.emplace_back(i, i);
    runs.back().second = i + 1;
  }
  parallelFor(runs.size(), jobs, [&](std::size_t r) {
    for (std::size_t i = runs[r].first; i < runs[r].second; ++i) {
      Location& at = findings[i].location;
      if (!at.valid()) continue;
      auto it = file_of.find(at.uri);
      if (it != file_of.end()) at.line_hash = it->second->lineHash(at.start_line);
    }
  });
}

ScanResult runScan(const ScanRequest& request, const RuleSet& rules) {
  ScanResult result = readProject(request);
  result.findings = runRules(rules, result.project, EngineOptions{request.strict, request.jobs});
  return result;
}

}  // namespace palisade
