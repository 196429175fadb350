// GenCode: the typed codes of the GEN rules, the problems palisade reports
// about its inputs themselves (a file that does not parse, a module it cannot
// follow, a rule or configuration file that is wrong). Code names a GEN rule
// by its enumerator, never by a string literal; the rule's file in
// rules/packs/general/ holds its severity, level and documentation, and a
// meta-test (tests/gen_codes_test.cpp) keeps this table and those files equal.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace palisade {

enum class GenCode : uint8_t {
  ParseError,                // GEN001
  DuplicateKey,              // GEN002
  UnsupportedSyntax,         // GEN003
  InvalidEncoding,           // GEN004
  InputNotScanned,           // GEN005
  ModuleNotResolved,         // GEN006
  InvalidRuleFile,           // GEN007
  SuppressionWithoutReason,  // GEN008
  SuppressionExpired,        // GEN009
  UnusedSuppression,         // GEN010
  MalformedSuppression,      // GEN011
  TooManyFindings,           // GEN012
  ParameterValueNotAllowed,  // GEN013
  InputNotRecognised,        // GEN014
  AnalysisLimit,             // GEN015
  UnknownParameter,          // GEN016
  InputNotEvaluated,         // GEN017
  InvalidConfiguration,      // GEN020
  KustomizeBuildError,       // GEN030
  KustomizeRemoteResource,   // GEN031
  KustomizeNotApplied,       // GEN032
  HelmChartNotRendered,      // GEN040
  HelmTemplateFailed,        // GEN041
  HelmDependencyMissing,     // GEN042
  HelmRenderedYamlInvalid,   // GEN043
  HelmUnsupported,           // GEN044
};

struct GenCodeInfo {
  GenCode code;
  std::string_view id;    // the rule id, GEN001
  std::string_view name;  // the rule name, parse-error
};

// Every code, in the enum's order (which is also the order of the ids).
inline constexpr std::array kGenCodes = {
    GenCodeInfo{GenCode::ParseError, "GEN001", "parse-error"},
    GenCodeInfo{GenCode::DuplicateKey, "GEN002", "duplicate-key"},
    GenCodeInfo{GenCode::UnsupportedSyntax, "GEN003", "unsupported-syntax"},
    GenCodeInfo{GenCode::InvalidEncoding, "GEN004", "invalid-encoding"},
    GenCodeInfo{GenCode::InputNotScanned, "GEN005", "input-not-scanned"},
    GenCodeInfo{GenCode::ModuleNotResolved, "GEN006", "module-not-resolved"},
    GenCodeInfo{GenCode::InvalidRuleFile, "GEN007", "invalid-rule-file"},
    GenCodeInfo{GenCode::SuppressionWithoutReason, "GEN008", "suppression-without-reason"},
    GenCodeInfo{GenCode::SuppressionExpired, "GEN009", "suppression-expired"},
    GenCodeInfo{GenCode::UnusedSuppression, "GEN010", "unused-suppression"},
    GenCodeInfo{GenCode::MalformedSuppression, "GEN011", "malformed-suppression"},
    GenCodeInfo{GenCode::TooManyFindings, "GEN012", "too-many-findings"},
    GenCodeInfo{GenCode::ParameterValueNotAllowed, "GEN013", "parameter-value-not-allowed"},
    GenCodeInfo{GenCode::InputNotRecognised, "GEN014", "input-not-recognised"},
    GenCodeInfo{GenCode::AnalysisLimit, "GEN015", "analysis-limit"},
    GenCodeInfo{GenCode::UnknownParameter, "GEN016", "unknown-parameter"},
    GenCodeInfo{GenCode::InputNotEvaluated, "GEN017", "input-not-evaluated"},
    GenCodeInfo{GenCode::InvalidConfiguration, "GEN020", "invalid-configuration"},
    GenCodeInfo{GenCode::KustomizeBuildError, "GEN030", "kustomize-build-error"},
    GenCodeInfo{GenCode::KustomizeRemoteResource, "GEN031", "kustomize-remote-resource"},
    GenCodeInfo{GenCode::KustomizeNotApplied, "GEN032", "kustomize-field-not-applied"},
    GenCodeInfo{GenCode::HelmChartNotRendered, "GEN040", "helm-chart-not-rendered"},
    GenCodeInfo{GenCode::HelmTemplateFailed, "GEN041", "helm-template-failed"},
    GenCodeInfo{GenCode::HelmDependencyMissing, "GEN042", "helm-dependency-not-vendored"},
    GenCodeInfo{GenCode::HelmRenderedYamlInvalid, "GEN043", "helm-rendered-yaml-invalid"},
    GenCodeInfo{GenCode::HelmUnsupported, "GEN044", "helm-construct-unsupported"},
};

constexpr const GenCodeInfo& genCodeInfo(GenCode code) { return kGenCodes[static_cast<std::size_t>(code)]; }
constexpr std::string_view genId(GenCode code) { return genCodeInfo(code).id; }

constexpr std::optional<GenCode> genCodeOf(std::string_view id) {
  for (const GenCodeInfo& info : kGenCodes) {
    if (info.id == id) return info.code;
  }
  return std::nullopt;
}

// The table is indexed by the enum: each entry must sit at its enumerator's place.
constexpr bool genCodesInOrder() {
  for (std::size_t i = 0; i < kGenCodes.size(); ++i) {
    if (static_cast<std::size_t>(kGenCodes[i].code) != i) return false;
    if (i > 0 && !(kGenCodes[i - 1].id < kGenCodes[i].id)) return false;
  }
  return true;
}
static_assert(genCodesInOrder(), "kGenCodes: one entry per GenCode, in the enum's order, ids ascending");

}  // namespace palisade
