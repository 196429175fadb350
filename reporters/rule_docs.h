// Rule documentation, generated from the rule files: one Markdown page per
// rule (docs/rules/ID.md, `palisade explain`), the catalogue as Markdown,
// text and JSON (`palisade rules`).
#pragma once

#include <string>
#include <vector>

#include "rules/engine/rule.h"

namespace palisade {

std::string ruleMarkdownPage(const Rule& rule);
std::string ruleCatalogueMarkdown(const std::vector<Rule>& rules);
std::string ruleCatalogueText(const std::vector<Rule>& rules);
std::string ruleCatalogueJson(const std::vector<Rule>& rules);

}  // namespace palisade
