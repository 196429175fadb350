// The sub-commands of the palisade executable. Each takes its arguments
// (after the sub-command name) and returns the process exit code:
// 0 clean, 1 findings at or above the threshold, 2 usage or internal error.
#pragma once

#include <string>
#include <vector>

namespace palisade {

// `baseline` is a scan that writes the fingerprints of its findings instead of a report.
enum class ScanPurpose { Report, RecordBaseline };

int runScanCommand(const std::vector<std::string>& args, ScanPurpose purpose = ScanPurpose::Report);
int runFixCommand(const std::vector<std::string>& args);
int runBaselineCommand(const std::vector<std::string>& args);
int runConfigCommand(const std::vector<std::string>& args);
int runInitCommand(const std::vector<std::string>& args);
int runRulesCommand(const std::vector<std::string>& args);
int runAuditCommand(const std::vector<std::string>& args);
int runMergeCommand(const std::vector<std::string>& args);
int runExplainCommand(const std::vector<std::string>& args);
int runKustomizeCommand(const std::vector<std::string>& args);
int runLspCommand(const std::vector<std::string>& args);

}  // namespace palisade
