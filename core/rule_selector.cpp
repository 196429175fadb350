#include "core/rule_selector.h"

#include <algorithm>

namespace palisade {

namespace {

bool equalsIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

bool isTagBoundary(char c) { return c == '-' || c == ':' || c == '.'; }

}  // namespace

bool ruleMatchesSelector(const RuleInfo& rule, std::string_view selector) {
  if (selector.empty()) return false;
  if (rule.name == selector || rule.pack == selector) return true;
  if (selector.size() <= rule.id.size() && equalsIgnoringCase(std::string_view(rule.id).substr(0, selector.size()), selector)) {
    return true;  // the id itself, or a prefix of it
  }
  return std::any_of(rule.tags.begin(), rule.tags.end(), [&](const std::string& tag) {
    return tag == selector || (tag.size() > selector.size() && tag.starts_with(selector) && isTagBoundary(tag[selector.size()]));
  });
}

}  // namespace palisade
