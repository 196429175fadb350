#include "tests/fixture_expectations.h"

#include <re2/re2.h>

#include <algorithm>
#include <fstream>

namespace palisade::testing {

namespace fs = std::filesystem;

std::set<Expectation> expectationsIn(const fs::path& file, const std::string& display, ExpectationPins* pins) {
  std::set<Expectation> out;
  // JSON has no comments, and a symlink no text of its own: a sidecar FILE.expect lists `RULE LINE` pairs.
  if (std::ifstream sidecar(file.string() + ".expect"); sidecar) {
    std::string rule;
    uint32_t line = 0;
    while (sidecar >> rule >> line) out.insert({display, line, rule});
  }
  if (file.extension() == ".json" || fs::is_symlink(file)) return out;
  static const RE2 marker(R"((?:#|//)\s*expect:)");
  // One item: a rule id, an optional `:column` and an optional quoted message fragment.
  // Items are separated by commas or spaces; anything else (a lowercase remark) ends the list.
  static const RE2 item(R"re([\s,]*([A-Z][A-Z0-9]*[0-9])(?::([0-9]+))?(?:\s*"([^"]*)")?)re");
  std::ifstream in(file, std::ios::binary);
  std::string text;
  uint32_t line_number = 0;
  while (std::getline(in, text)) {
    ++line_number;
    re2::StringPiece rest(text);
    if (!RE2::FindAndConsume(&rest, marker)) continue;
    std::string id, column, fragment;
    while (RE2::Consume(&rest, item, &id, &column, &fragment)) {
      Expectation expectation{display, line_number, id};
      out.insert(expectation);
      if (pins && (!column.empty() || !fragment.empty())) {
        ExpectationPin pin;
        if (!column.empty()) pin.column = static_cast<uint32_t>(std::stoul(column));
        pin.message_fragment = fragment;
        pins->insert({expectation, pin});
      }
    }
  }
  return out;
}

std::vector<fs::path> fixtureProjects(const fs::path& fixtures_root) {
  std::vector<fs::path> out;
  for (const auto& pack : fs::directory_iterator(fixtures_root)) {
    // demo/ is the demo project; fixes/ holds before/after pairs for `palisade fix` (tests/shell/fix_fixtures.sh);
    // registry-cache/ is a Bicep module cache and a project reading it (tests/shell/registry_cache_layout.sh).
    const fs::path name = pack.path().filename();
    if (!pack.is_directory() || name == "demo" || name == "fixes" || name == "registry-cache") continue;
    for (const auto& entry : fs::directory_iterator(pack.path())) {
      if (entry.is_directory() || (entry.is_regular_file() && entry.path().extension() != ".expect" &&
                                   entry.path().extension() != ".md")) {
        out.push_back(entry.path());
      }
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace palisade::testing
