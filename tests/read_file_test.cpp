// readFileBytes: the whole file, a size limit that names the size, and the
// system's reason when a path cannot be read.
#include <catch2/catch.hpp>

#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/read_file.h"

using namespace palisade;
namespace fs = std::filesystem;

TEST_CASE("readFileBytes reads whole files and refuses what it cannot", "[read_file]") {
  const fs::path dir = fs::temp_directory_path() / fmt::format("palisade-read-{}", ::getpid());
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::string text(70000, 'x');
  text += std::string("\nend\0with a NUL", 15);  // bytes after a NUL are read too
  std::ofstream(dir / "a.yaml", std::ios::binary) << text;

  auto whole = readFileBytes(dir / "a.yaml", 1 << 20);
  REQUIRE(std::holds_alternative<std::string>(whole));
  CHECK(std::get<std::string>(whole) == text);

  auto exact = readFileBytes(dir / "a.yaml", text.size());  // at the limit is allowed
  CHECK(std::holds_alternative<std::string>(exact));

  auto large = readFileBytes(dir / "a.yaml", text.size() - 1);
  REQUIRE(std::holds_alternative<ReadFailure>(large));
  CHECK(std::get<ReadFailure>(large).kind == ReadFailure::Kind::TooLarge);
  CHECK(std::get<ReadFailure>(large).size == text.size());

  std::ofstream(dir / "empty.yaml");
  auto empty = readFileBytes(dir / "empty.yaml", 10);
  REQUIRE(std::holds_alternative<std::string>(empty));
  CHECK(std::get<std::string>(empty).empty());

  for (const fs::path& bad : {dir / "missing.yaml", dir}) {
    auto failed = readFileBytes(bad, 1 << 20);
    REQUIRE(std::holds_alternative<ReadFailure>(failed));
    CHECK(std::get<ReadFailure>(failed).kind == ReadFailure::Kind::Unreadable);
    CHECK_FALSE(std::get<ReadFailure>(failed).reason.empty());
  }
  fs::remove_all(dir);
}
