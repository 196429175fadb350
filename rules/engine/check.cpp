#include "rules/engine/check.h"

#include "core/source_file.h"
#include "rules/engine/engine.h"
#include "rules/engine/fix_builder.h"

namespace palisade {

namespace {

Finding findingOf(const RuleInfo& rule, const Span& at, std::string message, std::vector<Location> related,
                  std::string_view help) {
  Finding f = findingOfRule(rule);
  f.message = std::move(message);
  f.help = help;
  f.location = locate(at);
  f.related = std::move(related);
  return f;
}

}  // namespace

std::string_view parameterTypeName(ParameterType type) {
  switch (type) {
    case ParameterType::Boolean: return "boolean";
    case ParameterType::Integer: return "integer";
    case ParameterType::String: return "string";
    case ParameterType::StringList: return "list of strings";
    case ParameterType::PortList: return "list of ports";
    case ParameterType::ObjectList: return "list of objects";
  }
  return "value";
}

namespace {

// The scalar of a rendered object located exactly at `at`, whose origin (a values-file line) a finding there names.
const Value* renderedScalarAt(const Value& v, const Span& at) {
  if (v.isScalar()) return v.span().file == at.file && v.span().begin == at.begin && v.span().end == at.end ? &v : nullptr;
  if (v.isArray()) {
    for (const Value& item : v.items()) {
      if (const Value* hit = renderedScalarAt(item, at)) return hit;
    }
  } else if (v.isObject()) {
    for (const Member& m : v.members()) {
      if (const Value* hit = renderedScalarAt(m.value, at)) return hit;
    }
  }
  return nullptr;
}

}  // namespace

void CheckContext::report(const Resource& resource, const Span& at, std::string message, std::string_view property_path,
                          std::vector<Location> related) {
  if (resource.rendered_by.valid() && at.valid()) {
    const Value* value = renderedScalarAt(resource.body, at);
    if (value != nullptr && value->origin().valid()) related.push_back(valueOriginLocation(value->origin(), "the value comes from here"));
  }
  Finding f = findingOf(rule_, at.valid() ? at : resource.declaration, std::move(message), std::move(related), help_);
  addProvenance(resource, f);
  last_rendered_ = resource.rendered_by.valid();
  f.resource = resource.displayName();
  f.fingerprint = fingerprintOf(rule_.id, f.location.uri, resource.identity(), property_path);
  out_.push_back(std::move(f));
}

void CheckContext::reportWithSeverity(Severity severity, const Resource& resource, const Span& at, std::string message,
                                      std::string_view property_path, std::vector<Location> related) {
  report(resource, at, std::move(message), property_path, std::move(related));
  out_.back().severity = severity;
  out_.back().level = levelOf(severity);
}

void CheckContext::addHelp(std::string help) {
  if (!out_.empty()) out_.back().help = std::move(help);
}

void CheckContext::markReportedBecauseStrict(std::string what_is_unknown) {
  if (!out_.empty()) out_.back().strict_reason = std::move(what_is_unknown);
}

void CheckContext::offerFix(std::string title, bool safe, const Value& base, const std::vector<std::string>& keys,
                            const Value& value) {
  if (out_.empty()) return;
  Fix fix = settingFix(std::move(title), safe, base, keys, value);
  if (fix.edits.empty() && fix.refused == "the value is already set") return;
  if (last_rendered_) refuseRenderedFix(fix);
  out_.back().fix = std::move(fix);
}

void CheckContext::reportAt(const Span& at, std::string message, std::string_view identity, std::vector<Location> related) {
  Finding f = findingOf(rule_, at, std::move(message), std::move(related), help_);
  f.fingerprint = fingerprintOf(rule_.id, f.location.uri, identity, "");
  out_.push_back(std::move(f));
  last_rendered_ = false;
}

}  // namespace palisade
