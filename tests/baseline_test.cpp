// The baseline file and filter: what is recorded, how it is read back, what
// it hides, and the errors a damaged file gives.
#include <catch2/catch.hpp>

#include "scan/baseline.h"

using namespace palisade;

namespace {

Finding withFingerprint(const std::string& fingerprint, const std::string& rule = "K8S002") {
  Finding f;
  f.rule_id = rule;
  f.fingerprint = fingerprint;
  f.location.uri = "a.yaml";
  f.location.start_line = 1;
  return f;
}

}  // namespace

TEST_CASE("a baseline records active findings, with repeats, and reads back", "[baseline]") {
  std::vector<Finding> findings = {withFingerprint("aa"), withFingerprint("aa"), withFingerprint("bb")};
  Finding suppressed = withFingerprint("cc");
  suppressed.suppression = Suppression{Suppression::Kind::InSource, "why"};
  findings.push_back(suppressed);
  std::string text = renderBaseline(findings);
  CHECK(text.find("\"palisade-baseline\": 1") != std::string::npos);
  CHECK(text.find("cc") == std::string::npos);
  auto parsed = parseBaseline(text);
  REQUIRE(std::holds_alternative<Baseline>(parsed));
  const Baseline& baseline = std::get<Baseline>(parsed);
  CHECK(baseline.fingerprints.at("aa") == 2);
  CHECK(baseline.fingerprints.at("bb") == 1);
  CHECK(baseline.fingerprints.count("cc") == 0);
  CHECK(renderBaseline(findings) == text);  // deterministic
}

TEST_CASE("the baseline hides as many findings as it recorded, and no others", "[baseline]") {
  Baseline baseline;
  baseline.fingerprints = {{"aa", 1}, {"bb", 1}};
  std::vector<Finding> findings = {withFingerprint("aa"), withFingerprint("aa"), withFingerprint("bb"), withFingerprint("new")};
  findings = applyBaseline(std::move(findings), baseline);
  CHECK(findings[0].baselined);
  CHECK_FALSE(findings[1].baselined);  // a second finding with the same fingerprint is new
  CHECK(findings[2].baselined);
  CHECK_FALSE(findings[3].baselined);
}

TEST_CASE("a damaged baseline is an error that says what is wrong", "[baseline]") {
  auto error = [](std::string_view text) {
    auto parsed = parseBaseline(text);
    REQUIRE(std::holds_alternative<std::string>(parsed));
    return std::get<std::string>(parsed);
  };
  CHECK(error("{").find("not valid JSON") != std::string::npos);
  CHECK(error("{\"version\": \"2.1.0\"}").find("not a palisade baseline") != std::string::npos);
  CHECK(error("{\"palisade-baseline\": 9, \"findings\": []}").find("format 9 is not supported") != std::string::npos);
  CHECK(error("{\"palisade-baseline\": 1, \"findings\": [{\"rule\": \"K8S001\"}]}").find("findings[0]") != std::string::npos);
}
