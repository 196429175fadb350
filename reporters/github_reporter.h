// The GitHub Actions reporter: workflow commands (`::error file=…::message`)
// that become annotations on the run and the pull request. GitHub shows at
// most 10 error, 10 warning and 10 notice annotations per step, so the most
// severe come first and the rest are listed in the log under one summary line.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "reporters/report.h"

namespace palisade {

inline constexpr std::size_t kGithubAnnotationsPerKind = 10;

// Workflow command escaping: the message (data) and a property value.
std::string githubEscapeData(std::string_view text);
std::string githubEscapeProperty(std::string_view text);

std::string renderGithub(const std::vector<Report>& reports);

}  // namespace palisade
