// The JUnit XML reporter, as Jenkins and GitLab read it: a testsuite per
// report, a testcase per rule and file (failing when the rule found something
// there), and one passing testcase per rule that found nothing.
#pragma once

#include <string>
#include <vector>

#include "reporters/report.h"

namespace palisade {

std::string renderJunit(const std::vector<Report>& reports);

}  // namespace palisade
