#include "scan/filters.h"

#include "scan/annotation_suppressions.h"

namespace palisade {

ResourceSuppressionFacts resourceSuppressionFactsOf(const Project& project) {
  return ResourceSuppressionFacts{resourceLineExtents(project), annotationScopesOf(project), std::nullopt};
}

std::vector<Finding> applyFilters(std::vector<Finding> findings, const Project& project, const RuleSet& rules,
                                  const FilterSettings& settings) {
  std::filesystem::path root(project.root());
  if (settings.config) findings = applyConfig(std::move(findings), *settings.config, rules, root);
  const ResourceSuppressionFacts* facts = settings.resource_facts;
  const SuppressionCommentsByFile* comments = settings.comments ? settings.comments
                                              : facts && facts->comments ? &*facts->comments
                                                                         : nullptr;
  findings = applyCommentSuppressions(std::move(findings), project, rules, settings.suppressions, facts ? &facts->extents : nullptr,
                                      comments);
  findings = facts ? applyAnnotationScopes(std::move(findings), facts->annotations)
                   : applyAnnotationSuppressions(std::move(findings), project);
  // Again, for the findings about suppression comments the previous stage added (the stage is idempotent).
  if (settings.config) findings = applyConfig(std::move(findings), *settings.config, rules, root);
  if (settings.baseline) findings = applyBaseline(std::move(findings), *settings.baseline);
  if (settings.changed) findings = applyDiff(std::move(findings), *settings.changed);
  if (settings.reported_files) findings = applyDiff(std::move(findings), *settings.reported_files);
  return findings;
}

}  // namespace palisade
