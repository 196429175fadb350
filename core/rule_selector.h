// Which rules a selector names — the one matcher behind `--select`,
// `--extend-select`, `--ignore`, and `.palisade.yaml`'s select, ignore and
// overrides: a rule id (any case), a rule name, a pack, a tag, a tag prefix
// ending at '-' or ':' (`cis-kubernetes` names every `cis-kubernetes-1.8.0:…`
// rule), a benchmark section (`cis-azure-2.1.0:3` names item 3.1, not 31), or
// an id prefix (`K8S0`, any case).
#pragma once

#include <string_view>

#include "core/rule_info.h"

namespace palisade {

bool ruleMatchesSelector(const RuleInfo& rule, std::string_view selector);

}  // namespace palisade
