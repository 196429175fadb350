// Kubernetes label selectors (rules/checks/kubernetes/label_selector.h):
// matchLabels and every matchExpressions operator, in three-valued logic.
#include <catch2/catch.hpp>

#include "core/source_file.h"
#include "parsers/yaml/yaml_reader.h"
#include "rules/checks/kubernetes/label_selector.h"

using namespace palisade;

namespace {

Value yaml(const std::string& text) {
  auto file = std::make_shared<const SourceFile>("t.yaml", text);
  static std::vector<SourceFilePtr> keep;
  keep.push_back(file);
  auto docs = readYaml(*file, ReadLimits{});
  REQUIRE(docs.documents.size() == 1);
  return docs.documents[0].root;
}

Tri matches(const std::string& selector, const std::string& labels) {
  Value s = yaml(selector);
  Value l = yaml(labels);
  return kubernetes::labelSelectorMatches(s, &l);
}

}  // namespace

TEST_CASE("label selectors: matchLabels and expressions", "[kubernetes][selector]") {
  const std::string labels = "{app: api, tier: backend, version: '2'}";
  CHECK(matches("{}", labels) == Tri::True);
  CHECK(matches("{matchLabels: {app: api}}", labels) == Tri::True);
  CHECK(matches("{matchLabels: {app: web}}", labels) == Tri::False);
  CHECK(matches("{matchLabels: {app: api, zone: a}}", labels) == Tri::False);
  CHECK(matches("{matchLabels: {version: 2}}", labels) == Tri::True);  // a number written unquoted
  CHECK(matches("{matchExpressions: [{key: tier, operator: In, values: [backend, cache]}]}", labels) == Tri::True);
  CHECK(matches("{matchExpressions: [{key: tier, operator: NotIn, values: [backend]}]}", labels) == Tri::False);
  CHECK(matches("{matchExpressions: [{key: zone, operator: NotIn, values: [a]}]}", labels) == Tri::True);
  CHECK(matches("{matchExpressions: [{key: app, operator: Exists}]}", labels) == Tri::True);
  CHECK(matches("{matchExpressions: [{key: app, operator: DoesNotExist}]}", labels) == Tri::False);
  CHECK(matches("{matchLabels: {app: api}, matchExpressions: [{key: tier, operator: In, values: [web]}]}", labels) ==
        Tri::False);
  CHECK(matches("{matchExpressions: [{key: app, operator: Sometimes, values: [api]}]}", labels) == Tri::Unknown);
  CHECK(matches("{matchLabels: {app: api}}", "{}") == Tri::False);
}

TEST_CASE("label selectors: what cannot be known stays Unknown", "[kubernetes][selector]") {
  Value selector = yaml("{matchLabels: {app: api}}");
  Value unknown_labels = Value::unknown("a Helm value");
  CHECK(kubernetes::labelSelectorMatches(selector, &unknown_labels) == Tri::Unknown);
  Value unknown_selector = Value::unknown("a Helm value");
  Value labels = yaml("{app: api}");
  CHECK(kubernetes::labelSelectorMatches(unknown_selector, &labels) == Tri::Unknown);
  // A known mismatch decides even beside something unknown.
  Value mixed = Value::object({Member{"app", {}, Value::string("web")}, Member{"tier", {}, Value::unknown("x")}});
  Value by_labels = yaml("{matchLabels: {app: api, tier: backend}}");
  CHECK(kubernetes::labelSelectorMatches(by_labels, &mixed) == Tri::False);
}
