// ScanRoot: which paths are inside the scan root, and how reports name them.
#include <catch2/catch.hpp>

#include "core/scan_root.h"

using namespace palisade;

TEST_CASE("Scan root: paths inside, outside and beside it", "[discovery]") {
  ScanRoot root{"/projects/shop"};
  CHECK(root.contains("/projects/shop/k8s/app.yaml"));
  CHECK(root.displayPath("/projects/shop/k8s/app.yaml") == "k8s/app.yaml");
  // Dot segments are normalised before deciding.
  CHECK(root.contains("/projects/shop/k8s/./app.yaml"));
  CHECK(root.displayPath("/projects/shop/k8s/./app.yaml") == "k8s/app.yaml");
  CHECK(root.displayPath("/projects/shop/k8s/../infra/main.bicep") == "infra/main.bicep");
  CHECK_FALSE(root.contains("/projects/shop/../other/app.yaml"));
  CHECK(root.displayPath("/projects/shop/../other/app.yaml") == "/projects/shop/../other/app.yaml");
  // A sibling whose name starts with the root's is not inside it.
  CHECK_FALSE(root.contains("/projects/shopfront/app.yaml"));
  CHECK_FALSE(root.contains("/projects/app.yaml"));
  // Hidden files and folders are ordinary names.
  CHECK(root.contains("/projects/shop/.palisade.yaml"));
  CHECK(root.displayPath("/projects/shop/.github/workflows/ci.yaml") == ".github/workflows/ci.yaml");
  CHECK(root.displayPath("/projects/shop//k8s/app.yaml") == "k8s/app.yaml");
}
