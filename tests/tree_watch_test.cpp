// TreeWatch (core/tree_watch.h): what it vouches for after a drain, and that
// it never vouches for a folder it did not watch or a file that changed.
#include <catch2/catch.hpp>

#include <filesystem>

#include "core/tree_watch.h"
#include "tests/test_support.h"

namespace fs = std::filesystem;

TEST_CASE("a tree watch vouches only for watched folders and files no event named") {
  palisade::testing::ScratchDir scratch("tree_watch");
  const fs::path dir = fs::canonical(scratch.dir);
  scratch.write("a/one.yaml", "a: 1\n");
  scratch.write("a/two.yaml", "b: 2\n");
  scratch.write("b/three.yaml", "c: 3\n");
  const std::string a = (dir / "a").string(), b = (dir / "b").string();
  const std::string one = a + "/one.yaml", two = a + "/two.yaml", three = b + "/three.yaml";

  palisade::TreeWatch watch;
  if (!watch.available()) {
    // Without inotify it must vouch for nothing: every question is "may have changed".
    watch.watch(a);
    watch.drain();
    CHECK(watch.folderMayHaveChanged(a));
    CHECK(watch.fileMayHaveChanged(one));
    CHECK_FALSE(watch.noFolderChanged());
    WARN("inotify is not available here: only the fallback was checked");
    return;
  }
  // Before any drain nothing is known.
  CHECK(watch.folderMayHaveChanged(a));
  watch.watch(a);
  CHECK(watch.fileMayHaveChanged(one));  // watched since the last drain only: not yet vouched for
  watch.drain();
  CHECK(watch.watched() == 1);
  CHECK_FALSE(watch.folderMayHaveChanged(a));
  CHECK_FALSE(watch.fileMayHaveChanged(one));
  CHECK_FALSE(watch.fileMayHaveChanged(a + "/absent.yaml"));
  CHECK(watch.folderMayHaveChanged(b));  // never watched
  CHECK(watch.fileMayHaveChanged(three));

  SECTION("a file written: that file, not its folder's listing nor its neighbour") {
    scratch.write("a/one.yaml", "a: 10\n");
    watch.drain();
    CHECK(watch.fileMayHaveChanged(one));
    CHECK_FALSE(watch.fileMayHaveChanged(two));
    CHECK_FALSE(watch.folderMayHaveChanged(a));
    watch.drain();  // the next drain starts afresh
    CHECK_FALSE(watch.fileMayHaveChanged(one));
  }
  SECTION("a file added, removed or renamed: the file and the folder's listing") {
    scratch.write("a/new.yaml", "d: 4\n");
    watch.drain();
    CHECK(watch.fileMayHaveChanged(a + "/new.yaml"));
    CHECK(watch.folderMayHaveChanged(a));
    fs::rename(dir / "a/two.yaml", dir / "a/renamed.yaml");
    watch.drain();
    CHECK(watch.fileMayHaveChanged(two));
    CHECK(watch.fileMayHaveChanged(a + "/renamed.yaml"));
    CHECK(watch.folderMayHaveChanged(a));
    fs::remove(dir / "a/one.yaml");
    watch.drain();
    CHECK(watch.fileMayHaveChanged(one));
  }
  SECTION("told to distrust itself, the next drain vouches for nothing, the one after it as before") {
    watch.distrustOnce();
    watch.drain();
    CHECK(watch.fileMayHaveChanged(one));
    CHECK(watch.folderMayHaveChanged(a));
    CHECK_FALSE(watch.noFolderChanged());
    watch.drain();
    CHECK_FALSE(watch.fileMayHaveChanged(one));
    CHECK(watch.noFolderChanged());
  }
  SECTION("a watched folder moved away is no longer vouched for") {
    fs::rename(dir / "a", dir / "moved");
    watch.drain();
    CHECK(watch.folderMayHaveChanged(a));
    CHECK(watch.fileMayHaveChanged(one));
    watch.drain();
    CHECK(watch.folderMayHaveChanged(a));  // still: nothing watches that place now
  }
}
