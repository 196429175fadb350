#include "core/rule_selector.h"

#include <algorithm>
#include <cctype>

#include "core/ascii.h"

namespace palisade {

namespace {

// A tag prefix names the tag when it ends where a word does: before '-' or
// ':' (`pss` names `pss-baseline`, `cis-azure` names `cis-azure-2.1.0:3.1`),
// or before '.' inside a benchmark section (`cis-azure-2.1.0:3` names
// `cis-azure-2.1.0:3.1`, but `cis-azure-2.1` is no version and names nothing).
bool tagPrefixNames(std::string_view tag, std::string_view selector) {
  if (tag.size() <= selector.size() || !tag.starts_with(selector)) return false;
  char next = tag[selector.size()];
  return next == '-' || next == ':' || (next == '.' && selector.find(':') != std::string_view::npos);
}

}  // namespace

bool ruleMatchesSelector(const RuleInfo& rule, std::string_view selector) {
  if (selector.empty()) return false;
  if (rule.name == selector || rule.pack == selector) return true;
  if (selector.size() <= rule.id.size() && equalsIgnoreCase(std::string_view(rule.id).substr(0, selector.size()), selector)) {
    return true;  // the id itself, or a prefix of it
  }
  return std::any_of(rule.tags.begin(), rule.tags.end(), [&](const std::string& tag) {
    return tag == selector || tagPrefixNames(tag, selector);
  });
}

}  // namespace palisade
