#include "rules/checks/kubernetes/suppression_annotations.h"

namespace palisade {

namespace {

bool isBlank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string trim(std::string_view s) {
  while (!s.empty() && isBlank(s.front())) s.remove_prefix(1);
  while (!s.empty() && isBlank(s.back())) s.remove_suffix(1);
  return std::string(s);
}

std::vector<std::string> splitRuleList(std::string_view list) {
  std::vector<std::string> rules;
  while (!list.empty()) {
    std::size_t comma = list.find(',');
    std::string rule = trim(list.substr(0, comma));
    if (!rule.empty()) rules.push_back(std::move(rule));
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return rules;
}

}  // namespace

std::vector<SuppressionAnnotation> suppressionAnnotationsOf(const Resource& resource) {
  std::vector<SuppressionAnnotation> out;
  const Value* metadata = resource.body.find("metadata");
  const Value* annotations = metadata ? metadata->find("annotations") : nullptr;
  if (!annotations || !annotations->isObject()) return out;
  for (const Member& m : annotations->members()) {
    if (!m.key.starts_with(kIgnoreAnnotation)) continue;
    std::string_view rest = std::string_view(m.key).substr(kIgnoreAnnotation.size());
    // Annotation values are strings for the API server; anything else gives no reason.
    std::string text = m.value.isString() ? trim(m.value.asString()) : std::string();
    SuppressionAnnotation s;
    s.annotation = &m;
    if (rest.starts_with("-") && rest.size() > 1) {
      s.rules.emplace_back(rest.substr(1));
      s.reason = text;
    } else if (rest.empty()) {
      // The rule list ends at the first blank not preceded by a comma ("K8S001, K8S002 reason").
      std::size_t end = 0;
      while (end < text.size()) {
        if (isBlank(text[end])) {
          std::size_t before = end;
          while (before > 0 && isBlank(text[before - 1])) --before;
          if (before == 0 || text[before - 1] != ',') break;
        }
        ++end;
      }
      s.rules = splitRuleList(std::string_view(text).substr(0, end));
      s.reason = trim(std::string_view(text).substr(end));
    } else {
      continue;  // another annotation that merely starts the same way
    }
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace palisade
