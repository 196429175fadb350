#include "scan/scan_session.h"

#include <span>

#include "parsers/bicep/bicep_session.h"

namespace palisade {

RetainedReading::RetainedReading() = default;
RetainedReading::~RetainedReading() = default;

ScanSession::ScanSession(ScanRequest request, bool watch_files) : request_(std::move(request)) {
  if (watch_files) {
    retained_.watch = std::make_unique<TreeWatch>();
    retained_.walk.watch = retained_.watch.get();
  }
  request_.overlay.clear();
  request_.cache.reset();  // the session keeps what the cache would give
}

ScanResult ScanSession::read(const std::map<std::filesystem::path, std::string>& overlay) {
  request_.overlay = overlay;
  ScanResult result = readProject(request_, &retained_);
  request_.overlay.clear();
  return result;
}

ScanResult ScanSession::check(const std::map<std::filesystem::path, std::string>& overlay, const RuleSet& rules) {
  ScanResult result = read(overlay);
  result.findings = rules_memo_.run(rules, result.project,
                                    EngineOptions{request_.strict, request_.jobs, 1000, request_.kubernetes_version},
                                    result.resource_ids);
  retained_.times.mark("rules");
  return result;
}

void ScanSession::giveBack(ScanResult& result) {
  std::vector<Resource> resources = result.project.takeResources();
  std::size_t at = 0;
  for (const RetainedReading::Loan& loan : retained_.loans) {
    std::size_t count = std::min(loan.count, resources.size() - at);
    if (loan.bicep && retained_.bicep) {
      retained_.bicep->giveBack(std::span<Resource>(resources).subspan(at, count));
    } else if (loan.owner) {
      for (std::size_t i = at; i < at + count; ++i) loan.owner->resources.push_back(std::move(resources[i]));
    }
    at += count;
  }
  retained_.loans.clear();
  result.resource_ids.clear();
}

}  // namespace palisade
