#include "parsers/bicep/bicep_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "core/parallel.h"
#include "parsers/arm/azure_files.h"
#include "parsers/bicep/bicep_evaluator.h"

namespace palisade {

namespace {

bool isLocalModulePath(std::string_view path) {
  return !(path.starts_with("br:") || path.starts_with("br/") || path.starts_with("ts:") || path.starts_with("ts/"));
}

// The local .bicep files a unit calls as modules (resolved, inside the root).
std::vector<std::filesystem::path> localModules(const BicepUnit& unit, const BicepWorkspace& workspace) {
  std::vector<std::filesystem::path> out;
  for (const BicepDeclaration& d : unit.syntax.declarations) {
    if (d.kind != BicepDeclaration::Kind::Module || d.type_text.empty() || !isLocalModulePath(d.type_text)) continue;
    std::filesystem::path target = workspace.resolve(unit.path, d.type_text);
    if (workspace.root().contains(target)) out.push_back(target);
  }
  return out;
}

std::vector<std::string> declaredBy(const BicepUnit& unit) {
  std::vector<std::string> names;
  for (const BicepDeclaration& d : unit.syntax.declarations) {
    if (d.kind == BicepDeclaration::Kind::Param) names.push_back(d.name);
  }
  return names;
}

void dedupeDiagnostics(std::vector<Diagnostic>& diagnostics) {
  std::set<std::tuple<GenCode, std::string, uint32_t, std::string>> seen;
  std::vector<Diagnostic> unique;
  for (Diagnostic& d : diagnostics) {
    if (seen.emplace(d.code, d.path, d.span.begin, d.message).second) unique.push_back(std::move(d));
  }
  diagnostics = std::move(unique);
}

}  // namespace

FileModel readBicepFiles(const std::vector<std::filesystem::path>& files, const ScanRoot& root,
                         const AzureReadOptions& options) {
  FileModel out;
  BicepWorkspace workspace(root, options.limits, out);
  workspace.setRegistry(options.registry);
  for (const auto& [path, text] : options.given_files) workspace.provide(path, text);
  workspace.preload(files, options.jobs);

  ParameterValues command_line;
  std::vector<std::filesystem::path> param_entries;
  for (const std::filesystem::path& p : options.parameter_files) {
    if (p.extension() == ".bicepparam") {
      param_entries.push_back(p);
    } else {
      for (auto& [name, value] : readArmParameterFile(p, root, options.limits, out)) command_line.insert_or_assign(name, value);
    }
  }

  std::vector<std::filesystem::path> templates;
  for (const std::filesystem::path& f : files) {
    if (f.extension() == ".bicepparam") {
      param_entries.push_back(f);
    } else {
      templates.push_back(f);
    }
  }
  std::sort(param_entries.begin(), param_entries.end());
  param_entries.erase(std::unique(param_entries.begin(), param_entries.end()), param_entries.end());

  // Parse every file once; find which are called by others or targeted by a .bicepparam file.
  // Keyed by the path's text: comparing std::filesystem::paths goes component by component.
  std::unordered_set<std::string> in_files;
  for (const std::filesystem::path& f : templates) in_files.insert(f.native());
  std::unordered_set<std::string> called;
  std::unordered_map<std::string, std::vector<std::filesystem::path>> calls;
  // Resolving module paths is a system call per path component: on every core
  // (preloaded units are read from the cache without recording anything).
  std::vector<std::vector<std::filesystem::path>> modules_of(templates.size());
  parallelFor(templates.size(), options.jobs, [&](std::size_t i) {
    if (const BicepUnit* unit = workspace.unit(templates[i])) modules_of[i] = localModules(*unit, workspace);
  });
  for (std::size_t i = 0; i < templates.size(); ++i) {
    const std::filesystem::path& f = templates[i];
    for (std::filesystem::path& m : modules_of[i]) {
      if (in_files.count(m.native()) && m != f) called.insert(m.native());
      calls[f.native()].push_back(std::move(m));
    }
  }
  struct ParamRun {
    const BicepUnit* unit;
    ParameterValues values;
    std::string parameter_file;  // the .bicepparam file, for --dump-model
  };
  std::vector<ParamRun> param_runs;
  for (const std::filesystem::path& p : param_entries) {
    const BicepUnit* unit = workspace.unit(p);
    if (!unit) continue;
    if (unit->syntax.using_path.empty() || !isLocalModulePath(unit->syntax.using_path)) {
      if (!unit->syntax.using_path.empty()) {
        out.diagnostics.push_back(Diagnostic{GenCode::ModuleNotResolved, fmt::format("'{}' is not a local file and is not evaluated", unit->syntax.using_path),
                                             unit->syntax.using_span, unit->source->path(), unit->syntax.using_path});
      }
      continue;
    }
    std::filesystem::path target = workspace.resolve(p, unit->syntax.using_path);
    if (!root.contains(target)) {
      out.diagnostics.push_back(Diagnostic{GenCode::ModuleNotResolved, fmt::format("'{}' escapes the scan root and is refused", unit->syntax.using_path),
                                           unit->syntax.using_span, unit->source->path(), unit->syntax.using_path});
      continue;
    }
    const BicepUnit* using_unit = workspace.unit(target);
    if (!using_unit) {
      out.diagnostics.push_back(Diagnostic{GenCode::ModuleNotResolved, fmt::format("'{}' not found", unit->syntax.using_path),
                                           unit->syntax.using_span, unit->source->path(), unit->syntax.using_path});
      continue;
    }
    workspace.startBudget();
    // Parameter files name parameters as Azure matches them: without regard to case. A .bicepparam
    // value (or a --params value, when one template is scanned) that names no parameter is GEN016.
    std::vector<std::string> declared = declaredBy(*using_unit);
    ParameterValues values =
        matchParameterNames(evaluateBicepParamFile(workspace, *unit), declared, using_unit->source->path(), &out.diagnostics);
    for (auto& [name, value] : matchParameterNames(command_line, declared, using_unit->source->path(),
                                                   options.report_unknown_parameters ? &out.diagnostics : nullptr)) {
      values.try_emplace(name, std::move(value));
    }
    param_runs.push_back(ParamRun{using_unit, std::move(values), unit->source->path()});
    called.insert(target.native());
  }

  // Entry files: those no other file calls; then any file left unreached (a cycle of modules).
  std::unordered_set<std::string> reached;
  std::vector<std::string> stack;
  auto reach = [&](const std::filesystem::path& from) {
    stack.push_back(from.native());
    while (!stack.empty()) {
      std::string f = std::move(stack.back());
      stack.pop_back();
      if (!reached.insert(f).second) continue;
      if (auto it = calls.find(f); it != calls.end())
        for (const std::filesystem::path& m : it->second) stack.push_back(m.native());
    }
  };
  std::vector<std::filesystem::path> entries;
  for (const std::filesystem::path& f : templates) {
    if (!called.count(f.native())) {
      entries.push_back(f);
      reach(f);
    }
  }
  for (const ParamRun& run : param_runs) reach(run.unit->path);
  for (const std::filesystem::path& f : templates) {
    if (!reached.count(f.native())) {
      entries.push_back(f);
      reach(f);
    }
  }

  // Each entry file (and each .bicepparam run) is evaluated with its modules as one task, on
  // every core; each task records into its own output, merged in task order, so the result is
  // the same for any number of jobs.
  struct EvaluationTask {
    const BicepUnit* unit;
    ParameterValues parameters;
    std::string parameter_file;
  };
  std::vector<EvaluationTask> tasks;
  for (const std::filesystem::path& f : entries) {
    const BicepUnit* unit = workspace.unit(f);
    if (!unit || unit->bicepparam) continue;
    tasks.push_back(EvaluationTask{unit,
                                   matchParameterNames(command_line, declaredBy(*unit), unit->source->path(),
                                                       options.report_unknown_parameters ? &out.diagnostics : nullptr),
                                   {}});
  }
  for (const ParamRun& run : param_runs) tasks.push_back(EvaluationTask{run.unit, run.values, run.parameter_file});
  std::vector<FileModel> task_outputs(tasks.size());
  // Biggest entry files first (a rough measure of their work), so the last task
  // to finish is a small one; outputs stay in task order.
  std::vector<std::size_t> schedule(tasks.size());
  for (std::size_t i = 0; i < schedule.size(); ++i) schedule[i] = i;
  std::stable_sort(schedule.begin(), schedule.end(), [&](std::size_t a, std::size_t b) {
    return tasks[a].unit->source->text().size() > tasks[b].unit->source->text().size();
  });
  parallelFor(tasks.size(), options.jobs, [&](std::size_t next) {
    const std::size_t i = schedule[next];
    BicepWorkspace view(workspace, task_outputs[i]);
    BicepInstanceResult result = evaluateBicepUnit(view, *tasks[i].unit, tasks[i].parameters, {}, {});
    task_outputs[i].resources = std::move(result.resources);
    if (!tasks[i].parameter_file.empty()) {
      for (Resource& r : task_outputs[i].resources) r.parameter_file = tasks[i].parameter_file;
    }
  });
  std::set<const SourceFile*> files_seen;
  for (const SourceFilePtr& f : out.files) files_seen.insert(f.get());
  for (FileModel& task : task_outputs) {
    for (Resource& r : task.resources) out.resources.push_back(std::move(r));
    for (Diagnostic& d : task.diagnostics) out.diagnostics.push_back(std::move(d));
    for (SourceFilePtr& f : task.files) {
      if (files_seen.insert(f.get()).second) out.files.push_back(std::move(f));
    }
  }
  dedupeDiagnostics(out.diagnostics);
  return out;
}

}  // namespace palisade
