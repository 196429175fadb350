// Diff mode as a pure filter: reading `git diff --unified=0`, and keeping
// only findings on changed lines (or whose related location changed).
#include <catch2/catch.hpp>

#include "scan/diff_filter.h"

using namespace palisade;

namespace {

const char* kDiff =
    "diff --git a/infra/k8s/a.yaml b/infra/k8s/a.yaml\n"
    "index 1111111..2222222 100644\n"
    "--- a/infra/k8s/a.yaml\n"
    "+++ b/infra/k8s/a.yaml\n"
    "@@ -3 +3 @@ kind: Pod\n"
    "-  x: 1\n"
    "+  x: 2\n"
    "@@ -10,0 +11,2 @@\n"
    "+  y: 1\n"
    "+  z: 1\n"
    "@@ -20,2 +21,0 @@\n"
    "-  gone: 1\n"
    "-  gone: 2\n"
    "diff --git a/infra/k8s/new.yaml b/infra/k8s/new.yaml\n"
    "new file mode 100644\n"
    "--- /dev/null\n"
    "+++ b/infra/k8s/new.yaml\n"
    "@@ -0,0 +1,3 @@\n"
    "+a\n+b\n+c\n"
    "diff --git a/infra/k8s/old.yaml b/infra/k8s/old.yaml\n"
    "deleted file mode 100644\n"
    "--- a/infra/k8s/old.yaml\n"
    "+++ /dev/null\n"
    "@@ -1 +0,0 @@\n"
    "-a\n"
    "diff --git a/docs/x.yaml b/docs/x.yaml\n"
    "--- a/docs/x.yaml\n"
    "+++ b/docs/x.yaml\n"
    "@@ -1 +1 @@\n"
    "-a\n+b\n";

Finding at(const std::string& uri, uint32_t line) {
  Finding f;
  f.rule_id = "K8S002";
  f.location.uri = uri;
  f.location.start_line = line;
  return f;
}

}  // namespace

TEST_CASE("a unified diff becomes changed line ranges relative to the scan root", "[diff]") {
  ChangedLines changed = parseUnifiedDiff(kDiff, "infra");
  CHECK(changed.touches("k8s/a.yaml", 3));
  CHECK_FALSE(changed.touches("k8s/a.yaml", 4));
  CHECK_FALSE(changed.touches("k8s/a.yaml", 10));
  CHECK(changed.touches("k8s/a.yaml", 11));
  CHECK(changed.touches("k8s/a.yaml", 12));
  CHECK_FALSE(changed.touches("k8s/a.yaml", 13));
  // Two lines deleted after new line 21: the lines either side of the gap count as changed.
  CHECK_FALSE(changed.touches("k8s/a.yaml", 20));
  CHECK(changed.touches("k8s/a.yaml", 21));
  CHECK(changed.touches("k8s/a.yaml", 22));
  CHECK_FALSE(changed.touches("k8s/a.yaml", 23));
  CHECK(changed.touches("k8s/new.yaml", 2));
  CHECK_FALSE(changed.touchesFile("k8s/old.yaml"));
  CHECK_FALSE(changed.touchesFile("../docs/x.yaml"));
  CHECK(changed.ranges.size() == 2);
  CHECK(parseUnifiedDiff(kDiff, "").touches("docs/x.yaml", 1));
}

TEST_CASE("diff mode keeps findings on changed lines, or whose related location changed", "[diff]") {
  ChangedLines changed = parseUnifiedDiff(kDiff, "infra");
  changed.whole_files.insert("k8s/untracked.yaml");
  Finding related = at("k8s/b.yaml", 7);
  related.related.push_back(Location{"k8s/a.yaml", 11, 1, 11, 5, "", "the value comes from here", ""});
  Finding file_level = at("k8s/a.yaml", 0);
  std::vector<Finding> out = applyDiff({at("k8s/a.yaml", 3), at("k8s/a.yaml", 5), at("k8s/new.yaml", 1), related,
                                        at("k8s/untracked.yaml", 40), at("k8s/b.yaml", 8), file_level},
                                       changed);
  REQUIRE(out.size() == 5);
  CHECK(out[0].location.start_line == 3);
  CHECK(out[1].location.uri == "k8s/new.yaml");
  CHECK(out[2].location.uri == "k8s/b.yaml");
  CHECK(out[3].location.uri == "k8s/untracked.yaml");
  CHECK(out[4].location.start_line == 0);
}
