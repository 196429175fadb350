// Report: everything a reporter turns into bytes — the findings of one or
// more scanned roots plus run metadata. Reporters are pure functions of it.
#pragma once

#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "core/finding.h"
#include "core/input_summary.h"
#include "core/rule_info.h"

namespace palisade {

// A message about the run itself rather than the scanned code
// (a file skipped as a Helm template, unsupported syntax, an unreadable directory).
struct Notification {
  Level level = Level::Note;  // SARIF: the GEN rule's notification level (RuleInfo::notification_level)
  std::string message;
  std::string rule_id;  // e.g. GEN003; may be empty
  Location location;
  std::string help;  // advice beside the message (may be empty)
  Severity severity = Severity::Medium;  // what people read: the GEN rule's severity
};

struct Report {
  std::string tool_version;
  std::string root;                   // the scan root as given (for %SRCROOT%)
  std::string repository;             // batch audit: which repository; empty for a plain scan
  std::vector<RuleInfo> rules;        // every rule that ran, sorted by id
  std::vector<Finding> findings;      // sorted (sortFindings), suppressed ones included
  std::vector<Notification> notifications;
  bool execution_successful = true;
  std::vector<std::string> command_line;
  std::vector<std::string> targets;  // the paths the user named (`palisade scan infra k8s`), for titles
  std::size_t files_scanned = 0;
  InputSummary inputs;  // what was read, by format, and what was skipped and why
  std::size_t baselined_count = 0;  // findings hidden by the baseline
};

}  // namespace palisade
