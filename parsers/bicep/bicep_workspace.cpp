#include "parsers/bicep/bicep_workspace.h"

#include <fmt/format.h>

#include "core/parallel.h"
#include "parsers/arm/azure_files.h"
#include "parsers/arm/located_json.h"

namespace palisade {

BicepWorkspace::BicepWorkspace(const ScanRoot& root, const ReadLimits& limits, FileModel& out)
    : root_(root), limits_(limits), out_(out) {
  startBudget();
}

void BicepWorkspace::startBudget() {
  // Evaluation (not parsing) of one entry file and its modules gets several parse budgets.
  deadline_ = std::chrono::steady_clock::now() +
              std::chrono::milliseconds(static_cast<int64_t>(limits_.file_time_budget_seconds * 4000));
  budget_reported_ = false;
}

bool BicepWorkspace::overBudget(const Span& where, const std::string& path) {
  if (std::chrono::steady_clock::now() < deadline_) return false;
  if (!budget_reported_) {
    budget_reported_ = true;
    out_.diagnostics.push_back(Diagnostic{"GEN001", "evaluation stopped: the time budget for this file and its modules is spent",
                                          where, path});
  }
  return true;
}

std::unique_ptr<BicepUnit> BicepWorkspace::parseUnit(const std::filesystem::path& path, FileModel& sink) const {
  auto unit = std::make_unique<BicepUnit>();
  unit->path = path;
  unit->bicepparam = path.extension() == ".bicepparam";
  unit->source = loadSourceFile(path, root_, limits_, sink);
  if (unit->source) {
    unit->syntax = parseBicep(*unit->source, unit->bicepparam, limits_.file_time_budget_seconds, limits_.max_depth);
    const std::string& display = unit->source->path();
    if (unit->syntax.budget_exceeded) {
      Span whole = spanOf(*unit->source, 0, 0);
      sink.diagnostics.push_back(Diagnostic{
          "GEN001", fmt::format("parsing stopped: the file exceeds the parse budget of {} s", limits_.file_time_budget_seconds),
          whole, display});
    } else if (!unit->syntax.error_regions.empty()) {
      const Span& first = unit->syntax.error_regions.front();
      sink.diagnostics.push_back(Diagnostic{
          "GEN003",
          fmt::format("Bicep syntax the grammar does not know ({} region{}, first at line {}); values that depend on it are unknown",
                      unit->syntax.error_regions.size(), unit->syntax.error_regions.size() == 1 ? "" : "s", first.start.line),
          first, display});
    }
  }
  return unit;
}

const BicepUnit* BicepWorkspace::unit(const std::filesystem::path& path) {
  if (auto it = units_.find(path); it != units_.end()) return it->second->source ? it->second.get() : nullptr;
  std::unique_ptr<BicepUnit> unit = parseUnit(path, out_);
  const BicepUnit* result = unit->source ? unit.get() : nullptr;
  units_.emplace(path, std::move(unit));
  return result;
}

void BicepWorkspace::preload(const std::vector<std::filesystem::path>& paths, std::size_t jobs) {
  // Parsing is most of the Bicep front end's time and each file's parse is
  // independent: parse on every core, then keep results and diagnostics in
  // input order so the output does not depend on scheduling.
  std::vector<std::unique_ptr<BicepUnit>> parsed(paths.size());
  std::vector<FileModel> sinks(paths.size());
  parallelFor(paths.size(), jobs, [&](std::size_t i) {
    if (!units_.count(paths[i])) parsed[i] = parseUnit(paths[i], sinks[i]);
  });
  for (std::size_t i = 0; i < paths.size(); ++i) {
    if (!parsed[i] || units_.count(paths[i])) continue;
    out_.append(std::move(sinks[i]));
    units_.emplace(paths[i], std::move(parsed[i]));
  }
}

const SourceFile* BicepWorkspace::dataFile(const std::filesystem::path& path) {
  if (auto it = data_files_.find(path); it != data_files_.end()) return it->second.get();
  FileModel scratch;
  SourceFilePtr source = loadSourceFile(path, root_, limits_, scratch);
  if (source) out_.files.push_back(source);
  data_files_.emplace(path, source);
  return source.get();
}

}  // namespace palisade
