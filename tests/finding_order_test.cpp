// Findings are reported in one order whatever order the rules produced them
// in: by file, line, column and rule, equal keys keeping their first order.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/finding.h"

using namespace palisade;

namespace {

Finding at(std::string uri, uint32_t line, uint32_t column, std::string rule, std::string message) {
  Finding f;
  f.rule_id = std::move(rule);
  f.message = std::move(message);
  f.location.uri = std::move(uri);
  f.location.start_line = line;
  f.location.start_column = column;
  return f;
}

std::vector<std::string> messages(const std::vector<Finding>& findings) {
  std::vector<std::string> out;
  for (const Finding& f : findings) out.push_back(f.message);
  return out;
}

}  // namespace

TEST_CASE("Findings sort by file, line, column and rule, keeping the order of equal ones", "[findings]") {
  std::vector<Finding> findings{
      at("b.yaml", 1, 1, "K8S001", "b1"),    at("a.yaml", 9, 1, "K8S002", "a9"),
      at("a.yaml", 2, 5, "K8S003", "a2c5"),  at("a.yaml", 2, 1, "K8S009", "a2-K8S009"),
      at("a.yaml", 2, 1, "K8S004", "a2-first"), at("a.yaml", 2, 1, "K8S004", "a2-second"),
  };
  sortFindings(findings);
  CHECK(messages(findings) ==
        std::vector<std::string>{"a2-first", "a2-second", "a2-K8S009", "a2c5", "a9", "b1"});
  sortFindings(findings);  // already in order: unchanged
  CHECK(messages(findings) ==
        std::vector<std::string>{"a2-first", "a2-second", "a2-K8S009", "a2c5", "a9", "b1"});
}
