#include "rules/engine/check.h"

#include "core/source_file.h"

namespace palisade {

void CheckContext::report(const Resource& resource, const Span& at, std::string message, std::string_view property_path,
                          std::vector<Location> related) {
  Finding f;
  f.rule_id = rule_.id;
  f.rule_name = rule_.name;
  f.severity = rule_.severity;
  f.level = levelOf(rule_.severity);
  f.message = std::move(message);
  f.location = locate(at.valid() ? at : resource.declaration);
  f.related = std::move(related);
  f.resource = resource.displayName();
  f.fingerprint = fingerprintOf(rule_.id, f.location.uri, resource.identity(), property_path);
  out_.push_back(std::move(f));
}

void CheckContext::reportAt(const Span& at, std::string message, std::string_view identity, std::vector<Location> related) {
  Finding f;
  f.rule_id = rule_.id;
  f.rule_name = rule_.name;
  f.severity = rule_.severity;
  f.level = levelOf(rule_.severity);
  f.message = std::move(message);
  f.location = locate(at);
  f.related = std::move(related);
  f.fingerprint = fingerprintOf(rule_.id, f.location.uri, identity, "");
  out_.push_back(std::move(f));
}

}  // namespace palisade
