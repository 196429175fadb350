#include "scan/scanner.h"

#include <fmt/format.h>

#include <mutex>
#include <set>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "core/parallel.h"
#include "core/text_encoding.h"
#include "parsers/arm/arm_reader.h"
#include "parsers/bicep/bicep_reader.h"
#include "parsers/calico/calico_model.h"
#include "parsers/kubernetes/json_manifest.h"
#include "parsers/kubernetes/kubernetes_classifier.h"
#include "parsers/yaml/yaml_reader.h"
#include "scan/kustomize_scan.h"
#include "scan/scan_session.h"
#include "parsers/bicep/bicep_session.h"

namespace palisade {

namespace fs = std::filesystem;

namespace {

// Invalid UTF-8 is reported and read anyway (each bad byte stays in place).
void checkUtf8(const SourceFile& file, std::vector<Diagnostic>& diagnostics) {
  if (auto bad = firstInvalidUtf8(file.text())) {
    diagnostics.push_back(Diagnostic{GenCode::InvalidEncoding, "file is not valid UTF-8 (first invalid byte here)", file.pointAt(static_cast<uint32_t>(*bad)), file.path()});
  }
}

void readYamlInput(const SourceFilePtr& file, const ReadLimits& limits, FileModel& out) {
  out.files.push_back(file);
  checkUtf8(*file, out.diagnostics);
  if (looksLikeHelmTemplate(file->path(), file->text())) {
    out.diagnostics.push_back(Diagnostic{GenCode::UnsupportedSyntax,
                                         "Helm template ({{ }}) is not YAML until rendered; skipped — palisade renders the "
                                         "charts it finds (a folder with Chart.yaml, unless --no-helm); for a template "
                                         "outside one, pipe `helm template` output to `palisade scan -`",
                                         file->pointAt(static_cast<uint32_t>(file->text().find("{{"))), file->path()});
    return;
  }
  YamlReadResult yaml = readYaml(*file, limits);
  bool templated = templateLikeParseFailure(file->text());
  for (Diagnostic& d : yaml.diagnostics) {
    // A parse failure in a file holding template directives is a template, not broken YAML:
    // the reader's message stays; the code and the advice say what it means.
    if (templated && d.code == GenCode::ParseError) {
      d.code = GenCode::UnsupportedSyntax;
      d.help = "the document holds template directives ({{ }} / {% %}) and was skipped: scan the rendered output instead";
    }
    out.diagnostics.push_back(std::move(d));
  }
  if (templated) {
    // `name: {{ .Values.name }}` is a legal flow mapping: such documents are templates, not manifests.
    std::erase_if(yaml.documents, [&](const YamlDocument& doc) {
      if (!doc.complex_key) return false;
      out.diagnostics.push_back(Diagnostic{GenCode::UnsupportedSyntax,
                                           "template directive ({{ }}) where YAML expects a value; document skipped — "
                                           "scan the rendered output instead",
                                           *doc.complex_key, file->path()});
      return true;
    });
  }
  for (Resource& r : classifyKubernetesDocuments(std::move(yaml.documents))) {
    calico::reportSelectorLimits(r, out.diagnostics);
    out.resources.push_back(std::move(r));
  }
}

AzureReadOptions azureOptions(const ScanRequest& request) {
  AzureReadOptions options;
  options.parameter_files = request.parameter_files;
  options.registry.module_paths = request.module_paths;
  options.limits = request.limits;
  options.jobs = request.jobs;
  // A parameter value that names no parameter is reported when one template file is named, not for a folder.
  std::error_code ec;
  options.report_unknown_parameters =
      request.paths.size() == 1 && request.paths[0] != "-" && std::filesystem::is_regular_file(request.paths[0], ec);
  return options;
}

struct ReadOutcome {
  FileModel model;
  InputFormat format = InputFormat::Unrecognised;
  std::string skipped;  // why the file was not read
  bool reused = false;  // a session's kept model is unchanged: not read
  RetainedReading::Stamp stamp;  // in a session: what the input was when read
};

// `metadata._generator.name` of an ARM template's text is "bicep": the Bicep compiler wrote it.
// Read from the text (the template is not parsed when it is skipped).
bool compiledByBicep(std::string_view text) {
  std::size_t generator = text.find("\"_generator\"");
  if (generator == std::string_view::npos) return false;
  std::size_t name = text.find("\"name\"", generator);
  std::size_t close = text.find('}', generator);
  if (name == std::string_view::npos || name > close) return false;
  std::size_t open = text.find('"', text.find(':', name + 6));
  return open != std::string_view::npos && text.substr(open, 7) == "\"bicep\"";
}

// A file named on the command line that palisade reads to nothing it checks says so.
void notRecognised(const SourceFile& file, std::string_view what, FileModel& out) {
  out.diagnostics.push_back(Diagnostic{GenCode::InputNotRecognised, fmt::format("{}; nothing in it was checked", what), file.pointAt(0), file.path()});
}

// JSON is classified by content: an ARM template, an ARM parameter file, a
// Kubernetes/Calico object (or List); anything else (package.json) is left alone.
ReadOutcome readJsonInput(SourceFilePtr file, const fs::path& absolute, bool named, const ScanRequest& request,
                          const ScanRoot& root) {
  ReadOutcome out;
  switch (classifyJsonText(file->text())) {
    case JsonContent::ArmTemplate:
      out.format = InputFormat::Arm;
      // The Bicep compiler's output beside its source (same name) is the source scanned twice.
      if (!named && !request.scan_compiled && !absolute.empty() && compiledByBicep(file->text())) {
        fs::path source = fs::path(absolute).replace_extension(".bicep");
        std::error_code ec;
        if (fs::is_regular_file(source, ec) && !(request.skip && request.skip(source, false))) {
          out.skipped = fmt::format("compiled by Bicep from {}, which is scanned; --scan-compiled reads both",
                                    source.filename().string());
          return out;
        }
      }
      out.model = readArmTemplate(std::move(file), root, azureOptions(request),
                                  absolute.empty() ? std::vector<fs::path>{} : pairedParameterFiles(absolute));
      return out;
    case JsonContent::ArmParameters:
      out.format = InputFormat::ArmParameters;
      if (named) {
        out.model.files.push_back(file);
        notRecognised(*file, "an ARM parameter file holds values, not resources: pass it with --params next to its template",
                      out.model);
      }
      return out;
    case JsonContent::Manifest: {
      JsonManifestResult manifest = readJsonManifest(*file, request.limits);
      if (manifest.is_manifest) {
        out.format = InputFormat::Manifest;
        out.model.files.push_back(file);
        out.model.resources = std::move(manifest.resources);
        out.model.diagnostics = std::move(manifest.diagnostics);
        return out;
      }
      break;
    }
    case JsonContent::Other: break;
  }
  if (named) {
    out.model.files.push_back(file);
    notRecognised(*file,
                  "not an ARM template (no deploymentTemplate $schema) nor a Kubernetes or Calico object (no apiVersion "
                  "and kind)",
                  out.model);
  }
  return out;
}

ReadOutcome readYamlFile(const SourceFilePtr& file, bool named, const ScanRequest& request) {
  ReadOutcome out;
  readYamlInput(file, request.limits, out.model);
  if (!out.model.resources.empty() || !out.model.diagnostics.empty()) {
    out.format = InputFormat::Manifest;
  } else if (named) {
    notRecognised(*file, "no Kubernetes or Calico object here (no document with apiVersion and kind)", out.model);
  }
  return out;
}

// Standard input, or a file named without a known extension: JSON when it starts like JSON.
bool startsLikeJson(std::string_view text) {
  std::size_t i = text.find_first_not_of(" \t\r\n");
  return i != std::string_view::npos && (text[i] == '{' || text[i] == '[');
}

// YAML and JSON are read file by file; Bicep files are read together
// afterwards, since modules and parameter files connect them.
ReadOutcome readOne(const InputFile& input, const ScanRequest& request, const ScanRoot& root) {
  ReadOutcome out;
  if (input.kind == InputKind::Bicep || input.kind == InputKind::BicepParams) {
    out.format = InputFormat::Bicep;
    return out;
  }
  auto buffer = request.overlay.find(input.absolute);
  SourceFilePtr file = buffer != request.overlay.end()
                           ? sourceFromBytes(buffer->second, input.display, out.model.diagnostics)
                           : loadSource(input.absolute, input.display, request.limits, out.model.diagnostics);
  if (!file) return out;
  if (input.kind == InputKind::Json || (input.named && !inputKindOf(input.absolute) && startsLikeJson(file->text()))) {
    return readJsonInput(std::move(file), input.absolute, input.named, request, root);
  }
  return readYamlFile(file, input.named, request);
}

// What palisade could not tell from the declarations alone: a Bicep file used only as a
// module, or a .bicepparam file, yields values located in it inside the resources of others.
// `last` is the file of the value marked before: most values of a body come from one file, so
// the set is looked up only when the file changes.
void markFilesWithValues(const Value& value, std::unordered_set<const SourceFile*>& wanted, const SourceFile*& last) {
  if (wanted.empty()) return;
  if (value.span().file && value.span().file != last) {
    last = value.span().file;
    wanted.erase(last);
  }
  if (value.isObject()) {
    for (const Member& m : value.members()) markFilesWithValues(m.value, wanted, last);
  } else if (value.isArray()) {
    for (const Value& v : value.items()) markFilesWithValues(v, wanted, last);
  }
}

// Every file a value of `value` is located in (runs of one file added once).
void collectFilesWithValues(const Value& value, std::vector<const SourceFile*>& out) {
  if (value.span().file && (out.empty() || out.back() != value.span().file)) out.push_back(value.span().file);
  if (value.isObject()) {
    for (const Member& m : value.members()) collectFilesWithValues(m.value, out);
  } else if (value.isArray()) {
    for (const Value& v : value.items()) collectFilesWithValues(v, out);
  }
}

// The module files a resource's calls name, resolved against each caller's folder: many
// resources share a call, and path arithmetic costs more than the lookup.
class CalledModuleFiles {
 public:
  explicit CalledModuleFiles(const std::unordered_map<std::string_view, const SourceFile*>& file_of) : file_of_(file_of) {}

  const SourceFile* of(const ModuleCall& call) {
    if (!call.span.file) return nullptr;
    std::string key = call.span.file->path();
    key += '\0';
    key += call.path;
    auto [it, added] = memo_.try_emplace(std::move(key), nullptr);
    if (added) {
      std::string called = (fs::path(call.span.file->path()).parent_path() / call.path).lexically_normal().generic_string();
      if (auto f = file_of_.find(called); f != file_of_.end()) it->second = f->second;
    }
    return it->second;
  }

 private:
  const std::unordered_map<std::string_view, const SourceFile*>& file_of_;
  std::unordered_map<std::string, const SourceFile*> memo_;
};

// The per-file record of what each input yielded.
// `marks_by_id` (a session's): the files each Bicep resource reached in the last read, by resource identity.
void recordInputs(ScanResult& result, std::unordered_map<std::uint64_t, std::vector<const SourceFile*>>* marks_by_id) {
  std::unordered_map<std::string_view, std::size_t> resources_in, diagnostics_in;
  std::unordered_map<std::string_view, const SourceFile*> file_of;
  for (const SourceFilePtr& f : result.project.files()) file_of.emplace(f->path(), f.get());
  {
    // Counted by file first: hashing a pointer, not the path, for each of thousands of resources.
    std::unordered_map<const SourceFile*, std::size_t> resources_in_file;
    for (const Resource& r : result.project.resources()) {
      if (r.declaration.file) ++resources_in_file[r.declaration.file];
    }
    for (const auto& [file, count] : resources_in_file) resources_in[file->path()] += count;
  }
  std::unordered_map<std::string_view, const Diagnostic*> first_diagnostic;
  for (const Diagnostic& d : result.project.diagnostics()) {
    std::string_view path = d.span.file ? std::string_view(d.span.file->path()) : std::string_view(d.path);
    ++diagnostics_in[path];
    first_diagnostic.try_emplace(path, &d);
  }
  std::unordered_set<const SourceFile*> without_resources;
  for (InputRecord& record : result.inputs) {
    auto file = file_of.find(record.path);
    if (file == file_of.end() && !record.skipped.empty()) continue;  // skipped by choice, the reason said already
    if (file == file_of.end()) {
      // Not read at all: the diagnostic that says why (size limit, unreadable, encoding) is the reason.
      if (auto d = first_diagnostic.find(record.path); d != first_diagnostic.end()) {
        record.skipped = d->second->message;
        record.diagnostics = diagnostics_in[record.path];
      } else if (record.format != InputFormat::Unrecognised && record.format != InputFormat::ArmParameters) {
        record.skipped = "not read";
      }
      continue;
    }
    if (auto it = resources_in.find(record.path); it != resources_in.end()) record.resources = it->second;
    if (auto it = diagnostics_in.find(record.path); it != diagnostics_in.end()) record.diagnostics = it->second;
    if (record.format == InputFormat::Bicep && record.resources == 0 && file != file_of.end()) {
      without_resources.insert(file->second);
    }
  }
  if (without_resources.empty()) return;
  // A Bicep file read only as a module (or a .bicepparam file) counts once a value of it reaches the model,
  // or an instance of it does (also one without resources of its own: an empty deployment on purpose).
  std::unordered_set<const SourceFile*> unreached = without_resources;
  CalledModuleFiles called(file_of);
  const std::vector<Resource>& resources = result.project.resources();
  if (marks_by_id && result.resource_ids.size() == resources.size()) {
    // A session: a resource read before reaches the files it reached then. Entries of resources read
    // again stay behind (their ids never come back) until they outnumber the live ones.
    std::size_t live = 0;
    for (std::size_t i = 0; i < resources.size(); ++i) {
      const Resource& r = resources[i];
      if (r.format != Format::Bicep) continue;
      ++live;
      auto [at, added] = marks_by_id->try_emplace(result.resource_ids[i]);
      std::vector<const SourceFile*>& reached = at->second;
      if (added) {
        collectFilesWithValues(r.body, reached);
        for (const ModuleCall& call : r.module_chain) {
          if (const SourceFile* f = called.of(call)) reached.push_back(f);
        }
        std::sort(reached.begin(), reached.end());
        reached.erase(std::unique(reached.begin(), reached.end()), reached.end());
      }
      for (const SourceFile* f : reached) unreached.erase(f);
    }
    if (marks_by_id->size() > 2 * live + 1024) {
      std::unordered_set<std::uint64_t> ids(result.resource_ids.begin(), result.resource_ids.end());
      std::erase_if(*marks_by_id, [&](const auto& entry) { return !ids.count(entry.first); });
    }
  } else {
    for (const Resource& r : resources) {
      if (r.format != Format::Bicep) continue;
      const SourceFile* last = nullptr;
      markFilesWithValues(r.body, unreached, last);
      for (const ModuleCall& call : r.module_chain) {
        if (const SourceFile* f = called.of(call)) unreached.erase(f);
      }
      if (unreached.empty()) break;
    }
  }
  for (InputRecord& record : result.inputs) {
    auto file = file_of.find(record.path);
    if (file == file_of.end() || !without_resources.count(file->second)) continue;
    if (!unreached.count(file->second)) {
      record.values_only = true;
    } else if (record.diagnostics == 0) {
      // Read, but no evaluated deployment reaches it: say so rather than pass it in silence.
      result.project.addDiagnostic(Diagnostic{
          GenCode::InputNotEvaluated,
          "not evaluated: no deployed module call reaches this file with the values given (a call's condition is "
          "false or its loop is empty), and it is not an entry file",
          file->second->pointAt(0), record.path});
      record.diagnostics = 1;
    }
  }
}


bool isBicepInput(const InputFile& input) {
  return input.kind == InputKind::Bicep || input.kind == InputKind::BicepParams;
}

// What a session compares to tell whether an input changed: its unsaved buffer, else its size and time.
RetainedReading::Stamp stampOfInput(const InputFile& input, const ScanRequest& request) {
  RetainedReading::Stamp stamp;
  if (auto buffer = request.overlay.find(input.absolute); buffer != request.overlay.end()) {
    stamp.overlay = true;
    stamp.text = buffer->second;
    return stamp;
  }
  stamp.disk = fileStampOf(input.absolute).value_or(FileStamp{});
  return stamp;
}

std::vector<std::uint64_t> freshIds(RetainedReading& retained, std::size_t count) {
  std::vector<std::uint64_t> ids(count);
  for (std::uint64_t& id : ids) id = retained.next_id++;
  return ids;
}

// A copy of a kept model whose resources are moved out of it (they come back after the check).
FileModel lendModel(FileModel& kept) {
  FileModel out;
  out.files = kept.files;
  out.diagnostics = kept.diagnostics;
  out.resources = std::move(kept.resources);
  kept.resources.clear();
  return out;
}

// Brings a session's kept YAML/JSON models up to this read: fresh outcomes are kept, inputs that
// went are dropped, and a JSON input whose folder changed is read again (its ARM parameter files
// and the Bicep source of a compiled template are its neighbours). True when any input changed.
bool keepSessionInputs(const Discovery& discovery, std::vector<ReadOutcome>& arrived,
                       const std::unordered_map<std::string, std::size_t>& arrival_of, const ScanRequest& request,
                       const ScanRoot& root, RetainedReading& retained) {
  std::unordered_set<std::string> present, bicep_present;
  std::set<fs::path> dirty_folders;
  for (const InputFile& input : discovery.files) {
    if (input.absolute.empty()) continue;
    if (isBicepInput(input)) {
      bicep_present.insert(input.absolute.native());
      if (!retained.bicep_inputs.count(input.absolute.native())) dirty_folders.insert(input.absolute.parent_path());
      continue;
    }
    present.insert(input.absolute.native());
    if (!arrived[arrival_of.at(input.display)].reused) dirty_folders.insert(input.absolute.parent_path());
  }
  for (const std::string& p : retained.bicep_inputs) {
    if (!bicep_present.count(p)) dirty_folders.insert(fs::path(p).parent_path());
  }
  for (auto it = retained.inputs.begin(); it != retained.inputs.end();) {
    if (present.count(it->first)) {
      ++it;
    } else {
      dirty_folders.insert(fs::path(it->first).parent_path());
      it = retained.inputs.erase(it);
    }
  }
  retained.bicep_inputs = std::move(bicep_present);
  std::vector<std::size_t> again;
  for (std::size_t i = 0; i < discovery.files.size(); ++i) {
    const InputFile& input = discovery.files[i];
    ReadOutcome& outcome = arrived[arrival_of.at(input.display)];
    if (outcome.reused && input.kind == InputKind::Json && dirty_folders.count(input.absolute.parent_path())) again.push_back(i);
  }
  parallelFor(again.size(), request.jobs, [&](std::size_t k) {
    const InputFile& input = discovery.files[again[k]];
    ReadOutcome fresh = readOne(input, request, root);
    fresh.stamp = stampOfInput(input, request);
    arrived[arrival_of.at(input.display)] = std::move(fresh);
  });
  retained.inputs_read = 0;
  for (const InputFile& input : discovery.files) {
    if (isBicepInput(input) || input.absolute.empty()) continue;
    ReadOutcome& outcome = arrived[arrival_of.at(input.display)];
    if (outcome.reused) continue;
    ++retained.inputs_read;
    RetainedReading::Input& entry = retained.inputs[input.absolute.native()];
    entry.stamp = std::move(outcome.stamp);
    entry.format = outcome.format;
    entry.skipped = std::move(outcome.skipped);
    entry.model = std::move(outcome.model);
    entry.ids = freshIds(retained, entry.model.resources.size());
  }
  return !dirty_folders.empty();
}

}  // namespace

std::vector<const InputRecord*> inputsReadToNothing(const ScanResult& result) {
  std::vector<const InputRecord*> out;
  for (const InputRecord& r : result.inputs) {
    if (r.format == InputFormat::Unrecognised || r.format == InputFormat::ArmParameters || !r.skipped.empty()) continue;
    if (r.resources == 0 && r.diagnostics == 0 && !r.values_only) out.push_back(&r);
  }
  return out;
}

ScanResult readProject(const ScanRequest& request, RetainedReading* retained) {
  if (retained) retained->times = StageTimes();
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
  // is a large share of the time), then put in display order. A session's
  // unchanged inputs are not read again.
  const ScanRoot root = scanRootFor(paths, request.root);
  // A session's watch says what may have changed since its last read; the rest is not even stat'ed.
  TreeWatch* watch = retained ? retained->watch.get() : nullptr;
  if (watch) watch->drain();
  // What needs no reading is settled on the walk's thread: Bicep files (read together afterwards)
  // and, in a watched session, inputs no event touched. The rest is read on other threads meanwhile.
  auto settledWithoutReading = [&](const InputFile& input) -> std::optional<ReadOutcome> {
    if (isBicepInput(input)) {
      ReadOutcome bicep;
      bicep.format = InputFormat::Bicep;
      return bicep;
    }
    if (!retained || !watch || input.absolute.empty() || request.overlay.count(input.absolute)) return std::nullopt;
    auto kept = retained->inputs.find(input.absolute.native());
    if (kept == retained->inputs.end() || kept->second.stamp.overlay || watch->fileMayHaveChanged(input.absolute.native())) {
      return std::nullopt;
    }
    ReadOutcome reused;
    reused.reused = true;
    return reused;
  };
  ParallelStream<InputFile, ReadOutcome> reading(request.jobs, [&](const InputFile& input) {
    if (retained && !input.absolute.empty()) {
      auto kept = retained->inputs.find(input.absolute.native());
      RetainedReading::Stamp stamp = stampOfInput(input, request);
      if (kept != retained->inputs.end() && kept->second.stamp == stamp) {
        ReadOutcome reused;
        reused.reused = true;
        return reused;
      }
      ReadOutcome fresh = readOne(input, request, root);
      fresh.stamp = std::move(stamp);
      return fresh;
    }
    return readOne(input, request, root);
  });
  std::unordered_map<std::string, std::size_t> arrival_of;
  std::vector<ReadOutcome> settled;
  std::vector<std::pair<bool, std::size_t>> outcome_of_arrival;  // (settled, index there or in the stream's results)
  std::size_t pushed = 0;
  Discovery discovery = discoverInputs(paths, root, [&](const InputFile& input) {
    arrival_of.emplace(input.display, arrival_of.size());
    if (std::optional<ReadOutcome> outcome = settledWithoutReading(input)) {
      outcome_of_arrival.emplace_back(true, settled.size());
      settled.push_back(std::move(*outcome));
    } else {
      outcome_of_arrival.emplace_back(false, pushed++);
      reading.push(input);
    }
  }, request.skip, retained ? &retained->walk : nullptr);
  std::vector<ReadOutcome> read = reading.finish();
  std::vector<ReadOutcome> arrived(outcome_of_arrival.size());
  for (std::size_t i = 0; i < arrived.size(); ++i) {
    auto [was_settled, at] = outcome_of_arrival[i];
    arrived[i] = std::move(was_settled ? settled[at] : read[at]);
  }
  if (retained) retained->times.mark("walk");
  ScanResult result{Project(discovery.root.directory.string()), {}, 0, 0, {}, 0, 0, 0, {}};
  for (Diagnostic& d : discovery.problems) result.project.addDiagnostic(std::move(d));

  // Each model's resources go back to `owners[k]` after a session's check (nullptr: not kept).
  std::vector<FileModel> models;
  std::vector<RetainedReading::Loan> owners;
  std::vector<std::vector<std::uint64_t>> model_ids;
  models.reserve(discovery.files.size() + 2);
  bool inputs_changed = retained && keepSessionInputs(discovery, arrived, arrival_of, request, root, *retained);
  for (const InputFile& input : discovery.files) {
    ReadOutcome& outcome = arrived[arrival_of.at(input.display)];
    if (retained && !isBicepInput(input) && !input.absolute.empty()) {
      RetainedReading::Input& entry = retained->inputs.at(input.absolute.native());
      result.inputs.push_back(InputRecord{input.display, entry.format, input.named, entry.skipped, 0, 0});
      models.push_back(lendModel(entry.model));
      owners.push_back(RetainedReading::Loan{&entry.model, false, 0});
      model_ids.push_back(entry.ids);
      continue;
    }
    result.inputs.push_back(InputRecord{input.display, outcome.format, input.named, outcome.skipped, 0, 0});
    models.push_back(std::move(outcome.model));
    owners.emplace_back();
    model_ids.emplace_back();
  }
  // The objects of a file a build consumed stay with their owner, out of the project.
  auto withdraw = [&](std::size_t i) {
    if (FileModel* owner = owners[i].owner) {
      for (Resource& r : models[i].resources) owner->resources.push_back(std::move(r));
    }
    models[i].resources.clear();
    model_ids[i].clear();
  };
  const bool reuse_builds = retained && retained->have_builds && !inputs_changed;
  if (retained) retained->builds_redone = !reuse_builds;
  // Kustomize roots are built; the objects of the files they used are the built ones.
  std::set<fs::path> consumed;
  if (request.kustomize) {
    KustomizeScan kustomize;
    if (reuse_builds) {
      kustomize.consumed = retained->kustomize_consumed;
      kustomize.roots = retained->kustomize_roots;
    } else {
      kustomize = buildKustomizations(discovery.root.directory, discovery.files, models, request.limits);
    }
    for (std::size_t i = 0; i < discovery.files.size(); ++i) {
      if (kustomize.consumed.count(discovery.files[i].absolute)) withdraw(i);
    }
    result.kustomize_roots = kustomize.roots;
    if (retained) {
      if (!reuse_builds) {
        retained->kustomize_built = std::move(kustomize.built);
        retained->kustomize_consumed = kustomize.consumed;
        retained->kustomize_roots = kustomize.roots;
        retained->kustomize_ids = freshIds(*retained, retained->kustomize_built.resources.size());
      }
      models.push_back(lendModel(retained->kustomize_built));
      owners.push_back(RetainedReading::Loan{&retained->kustomize_built, false, 0});
      model_ids.push_back(retained->kustomize_ids);
    } else {
      models.push_back(std::move(kustomize.built));
      owners.emplace_back();
      model_ids.emplace_back();
    }
    consumed = std::move(kustomize.consumed);
  }
  // Helm charts are rendered; their templates' raw reading (a GEN003 note each) gives way to the rendered objects.
  if (request.helm.render) {
    HelmScan fresh;
    if (!reuse_builds) fresh = renderCharts(discovery.root, discovery.files, request.helm, request.jobs);
    if (retained && !reuse_builds) {
      retained->helm = std::move(fresh);
      retained->helm_ids = freshIds(*retained, retained->helm.rendered.resources.size());
    }
    HelmScan& helm = retained ? retained->helm : fresh;
    for (std::size_t i = 0; i < discovery.files.size(); ++i) {
      if (!helm.consumed.count(discovery.files[i].absolute)) continue;
      withdraw(i);
      FileModel& raw = models[i];
      raw.diagnostics.clear();
      std::erase_if(raw.files, [&](const SourceFilePtr& f) { return helm.read_by_renders.count(f->path()) != 0; });
      consumed.insert(discovery.files[i].absolute);
    }
    result.helm_charts = helm.charts;
    result.helm_rendered_bytes = helm.rendered_bytes;
    if (retained) {
      models.push_back(lendModel(helm.rendered));
      owners.push_back(RetainedReading::Loan{&helm.rendered, false, 0});
      model_ids.push_back(retained->helm_ids);
    } else {
      models.push_back(std::move(helm.rendered));
      owners.emplace_back();
      model_ids.emplace_back();
    }
  }
  if (retained) {
    retained->have_builds = true;
    retained->times.mark("builds");
  }
  AzureReadOptions azure = azureOptions(request);
  for (const auto& [path, text] : request.overlay) {  // Bicep files are read together, from the editor's buffers too
    std::optional<InputKind> kind = inputKindOf(path);
    if (kind != InputKind::Bicep && kind != InputKind::BicepParams) continue;
    FileModel unread;
    if (SourceFilePtr file = sourceFromBytes(text, discovery.root.displayPath(path), unread.diagnostics)) {
      azure.given_files.emplace_back(path, std::move(file));
    }
    models.push_back(std::move(unread));
    owners.emplace_back();
    model_ids.emplace_back();
  }
  std::vector<fs::path> bicep_files;
  for (const InputFile& input : discovery.files) {
    if (input.kind == InputKind::Bicep || input.kind == InputKind::BicepParams) bicep_files.push_back(input.absolute);
  }
  if (use_stdin) {
    // Standard input is read as the file --stdin-filename names would be: its extension, then its content.
    FileModel in;
    InputFormat format = InputFormat::Unrecognised;
    const std::string& name = request.stdin_filename;
    SourceFilePtr file = sourceFromBytes(request.stdin_text.value_or(""), name, in.diagnostics);
    std::optional<InputKind> kind = inputKindOf(name);
    if (file && kind && (*kind == InputKind::Bicep || *kind == InputKind::BicepParams)) {
      fs::path where = (discovery.root.directory / name).lexically_normal();
      azure.given_files.emplace_back(where, std::move(file));
      bicep_files.push_back(where);
      format = InputFormat::Bicep;
    } else if (file && (kind == InputKind::Json || (!kind && startsLikeJson(file->text())))) {
      ReadOutcome outcome = readJsonInput(std::move(file), {}, true, request, discovery.root);
      format = outcome.format;
      in.append(std::move(outcome.model));
    } else if (file) {
      ReadOutcome outcome = readYamlFile(file, true, request);
      format = outcome.format;
      in.append(std::move(outcome.model));
    }
    result.inputs.push_back(InputRecord{name, format, true, {}, 0, 0});
    models.push_back(std::move(in));
    owners.emplace_back();
    model_ids.emplace_back();
  }
  if (retained && !bicep_files.empty()) {
    if (!retained->bicep) retained->bicep = std::make_unique<BicepSession>(discovery.root, azure);
    retained->times.mark("before-bicep");
    BicepSession::MayHaveChanged may_have_changed;
    if (watch) may_have_changed = [watch](const std::string& path) { return watch->fileMayHaveChanged(path); };
    BicepSession::UpdateStats bicep = retained->bicep->update(bicep_files, azure.given_files, may_have_changed, &retained->times);
    retained->bicep_files_parsed = bicep.files_parsed;
    retained->bicep_tasks = bicep.tasks;
    retained->bicep_tasks_evaluated = bicep.tasks_evaluated;
    std::vector<std::uint64_t> ids;
    models.push_back(retained->bicep->lend(&ids));
    for (std::uint64_t& id : ids) id |= std::uint64_t{1} << 63;
    owners.push_back(RetainedReading::Loan{nullptr, true, 0});
    model_ids.push_back(std::move(ids));
  } else if (!bicep_files.empty()) {
    models.push_back(readBicepFilesCached(request.cache.get(), bicep_files, discovery.root, azure));
    owners.emplace_back();
    model_ids.emplace_back();
  } else if (retained) {
    retained->bicep.reset();
  }
  if (retained) retained->times.mark("bicep:lend");
  std::size_t files = 0, resources = 0;
  for (const FileModel& model : models) {
    files += model.files.size();
    resources += model.resources.size();
  }
  result.project.reserve(files, resources);
  if (retained) {
    retained->loans.clear();
    result.resource_ids.reserve(resources);
  }
  for (std::size_t k = 0; k < models.size(); ++k) {
    FileModel& model = models[k];
    if (retained) {
      owners[k].count = model.resources.size();
      retained->loans.push_back(owners[k]);
      if (model_ids[k].size() != model.resources.size()) model_ids[k] = freshIds(*retained, model.resources.size());
      result.resource_ids.insert(result.resource_ids.end(), model_ids[k].begin(), model_ids[k].end());
    }
    for (const SourceFilePtr& f : model.files) {
      result.bytes_scanned += f->text().size();
      ++result.files_scanned;
      result.project.addFile(f);
    }
    for (Resource& r : model.resources) {
      applyPodSpecLocations(r, request.pod_spec_paths);
      result.project.addResource(std::move(r));
    }
    for (Diagnostic& d : model.diagnostics) result.project.addDiagnostic(std::move(d));
  }
  result.project.finalize();
  if (retained) retained->times.mark("project");
  recordInputs(result, retained ? &retained->files_reached_by : nullptr);
  if (retained) retained->times.mark("inputs");
  if (!consumed.empty()) {
    // A patch, a kustomization or a base file whose objects reach the model through a build.
    for (std::size_t i = 0; i < discovery.files.size(); ++i) {
      if (consumed.count(discovery.files[i].absolute)) result.inputs[i].values_only = true;
    }
  }
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

EngineOptions engineOptionsOf(const ScanRequest& request) {
  return EngineOptions{request.strict, request.jobs, 1000, request.kubernetes_version};
}

ScanResult runScan(const ScanRequest& request, const RuleSet& rules) {
  ScanResult result = readProject(request);
  result.findings = runRules(rules, result.project, engineOptionsOf(request));
  return result;
}

}  // namespace palisade
