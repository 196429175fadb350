#include "scan/annotation_suppressions.h"

#include <tuple>

#include "core/ascii.h"
#include "rules/checks/kubernetes/suppression_annotations.h"

namespace palisade {

namespace {

bool sameRule(const Finding& f, const std::string& rule) {
  return lowerAscii(f.rule_id) == rule || lowerAscii(f.rule_name) == rule;
}

bool inside(const Location& at, const Location& extent) {
  if (at.uri != extent.uri) return false;
  auto position = std::tie(at.start_line, at.start_column);
  return position >= std::tie(extent.start_line, extent.start_column) &&
         position < std::tie(extent.end_line, extent.end_column);
}

}  // namespace

std::vector<Finding> applyAnnotationSuppressions(std::vector<Finding> findings, const Project& project) {
  return applyAnnotationScopes(std::move(findings), annotationScopesOf(project));
}

std::vector<AnnotationScope> annotationScopesOf(const Project& project) {
  std::vector<AnnotationScope> scopes;
  for (const Resource& resource : project.resources()) {
    if (resource.format != Format::Kubernetes && resource.format != Format::Calico) continue;
    for (const SuppressionAnnotation& annotation : suppressionAnnotationsOf(resource)) {
      if (annotation.reason.empty() || annotation.rules.empty()) continue;
      AnnotationScope scope{locate(resource.body.span()), {}, annotation.reason};
      for (const std::string& rule : annotation.rules) scope.rules.push_back(lowerAscii(rule));
      if (scope.extent.valid()) scopes.push_back(std::move(scope));
    }
  }
  return scopes;
}

std::vector<Finding> applyAnnotationScopes(std::vector<Finding> findings, const std::vector<AnnotationScope>& scopes) {
  if (scopes.empty()) return findings;
  for (Finding& f : findings) {
    if (f.suppression || !f.location.valid()) continue;
    for (const AnnotationScope& scope : scopes) {
      if (!inside(f.location, scope.extent)) continue;
      bool named = false;
      for (const std::string& rule : scope.rules) named = named || sameRule(f, rule);
      if (!named) continue;
      f.suppression = Suppression{Suppression::Kind::InSource, scope.reason};
      break;
    }
  }
  return findings;
}

}  // namespace palisade
