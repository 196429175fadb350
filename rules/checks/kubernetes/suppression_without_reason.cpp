#include <fmt/format.h>

#include "rules/checks/kubernetes/kubernetes_checks.h"
#include "rules/checks/kubernetes/suppression_annotations.h"

namespace palisade {

void checkKubernetesSuppressionAnnotationWithoutReason(const Resource& resource, CheckContext& context) {
  for (const SuppressionAnnotation& s : suppressionAnnotationsOf(resource)) {
    const Member& m = *s.annotation;
    Span at = m.value.span().valid() ? m.value.span() : m.key_span;
    std::string path = "metadata.annotations['" + m.key + "']";
    if (s.rules.empty()) {
      context.report(resource, at,
                     fmt::format("annotation '{}' names no rule, so it suppresses nothing", m.key), path);
      context.addHelp("write the rule ids, then the reason (\"K8S010,K8S011 node agent, reviewed 2026-11\")");
    } else if (s.reason.empty()) {
      context.report(resource, at,
                     fmt::format("annotation '{}' gives no reason, so it suppresses nothing", m.key), path);
      context.addHelp("write why the finding does not apply here as its value");
    }
  }
}

}  // namespace palisade
