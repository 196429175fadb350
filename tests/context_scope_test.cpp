// Context mode (`scan --context DIR PATH...`) as pure stages: which files the
// named paths mean, which paths are refused, and the filter that keeps only
// those files' findings after the whole project was checked.
#include <fmt/format.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "scan/context_scope.h"
#include "scan/filters.h"
#include "tests/test_support.h"

using namespace palisade;
namespace fs = std::filesystem;

namespace {

struct ScopeScratch {
  fs::path dir = fs::temp_directory_path() / fmt::format("palisade-context-scope-{}", getpid());
  ScopeScratch() {
    fs::remove_all(dir);
    for (const char* file : {"repo/k8s/web.yaml", "repo/k8s/policy.yaml", "repo/infra/main.bicep", "repo/README.md",
                             "outside.yaml"}) {
      fs::create_directories((dir / file).parent_path());
      std::ofstream(dir / file) << "a: 1\n";
    }
  }
  ~ScopeScratch() { fs::remove_all(dir); }
  std::string at(const std::string& relative) const { return (dir / relative).string(); }
  ScanRoot root() const { return ScanRoot{fs::canonical(dir / "repo")}; }
};

Finding at(const std::string& rule, const std::string& uri) {
  Finding f;
  f.rule_id = rule;
  f.location.uri = uri;
  f.location.start_line = f.location.end_line = 3;
  f.location.start_column = 1;
  f.location.end_column = 2;
  return f;
}

std::vector<std::string> rulesAndFiles(const std::vector<Finding>& findings) {
  std::vector<std::string> out;
  for (const Finding& f : findings) out.push_back(f.rule_id + " " + f.location.uri);
  return out;
}

}  // namespace

TEST_CASE("context mode: named files and folders become the files to report", "[context]") {
  ScopeScratch scratch;
  auto files = filesToReport(scratch.at("repo"), {scratch.at("repo/k8s/web.yaml"), scratch.at("repo/infra")}, scratch.root());
  REQUIRE(std::holds_alternative<ChangedLines>(files));
  const ChangedLines& reported = std::get<ChangedLines>(files);
  CHECK(reported.whole_files == std::set<std::string>{"infra/main.bicep", "k8s/web.yaml"});
  CHECK(reported.touches("k8s/web.yaml", 1000));
  CHECK_FALSE(reported.touchesFile("k8s/policy.yaml"));

  auto whole = filesToReport(scratch.at("repo"), {scratch.at("repo")}, scratch.root());
  REQUIRE(std::holds_alternative<ChangedLines>(whole));
  CHECK(std::get<ChangedLines>(whole).whole_files ==
        std::set<std::string>{"infra/main.bicep", "k8s/policy.yaml", "k8s/web.yaml"});  // not README.md
}

TEST_CASE("context mode: a path outside the folder, missing, or standard input is refused", "[context]") {
  ScopeScratch scratch;
  auto message = [&](const std::string& context, const std::string& path) {
    auto files = filesToReport(context, {path}, scratch.root());
    return std::holds_alternative<std::string>(files) ? std::get<std::string>(files) : std::string("(accepted)");
  };
  CHECK_THAT(message(scratch.at("repo"), scratch.at("outside.yaml")), Catch::Contains("outside the --context folder"));
  CHECK_THAT(message(scratch.at("repo/k8s"), scratch.at("repo/infra/main.bicep")), Catch::Contains("outside"));
  CHECK_THAT(message(scratch.at("repo/k8s"), scratch.at("repo/k8s/../infra")), Catch::Contains("outside"));
  CHECK_THAT(message(scratch.at("repo"), scratch.at("repo/k8s/gone.yaml")), Catch::Contains("no such file"));
  CHECK_THAT(message(scratch.at("repo"), "-"), Catch::Contains("standard input"));
  CHECK_THAT(message(scratch.at("repo/README.md"), scratch.at("repo/README.md")), Catch::Contains("not a folder"));
  CHECK(message(scratch.at("repo/k8s/.."), scratch.at("repo/k8s/web.yaml")) == "(accepted)");
}

TEST_CASE("context mode: a link inside the folder to a file outside it is the folder's", "[context]") {
  ScopeScratch scratch;
  fs::create_symlink(scratch.dir / "outside.yaml", scratch.dir / "repo/k8s/linked.yaml");
  auto files = filesToReport(scratch.at("repo"), {scratch.at("repo/k8s/linked.yaml")}, scratch.root());
  REQUIRE(std::holds_alternative<ChangedLines>(files));
  // Its findings (the scan reports the link as not followed) are under the link's own name.
  CHECK(std::get<ChangedLines>(files).whole_files == std::set<std::string>{"k8s/linked.yaml"});
}

TEST_CASE("context mode reports only the named files' findings, after every other stage", "[context]") {
  ChangedLines reported;
  reported.whole_files = {"k8s/web.yaml"};
  Finding explained_by_named_file = at("AZR001", "infra/main.bicep");
  explained_by_named_file.related.push_back(at("AZR001", "k8s/web.yaml").location);
  std::vector<Finding> findings = {at("K8S002", "k8s/web.yaml"), at("GEN001", "k8s/broken.yaml"),
                                   at("K8S031", "k8s/namespace.yaml"), explained_by_named_file,
                                   at("GEN001", "k8s/web.yaml")};
  FilterSettings settings;
  settings.reported_files = &reported;
  Project project(fs::temp_directory_path().string());
  std::vector<Finding> kept = applyFilters(findings, project, RuleSet(), settings);
  CHECK(rulesAndFiles(kept) ==
        std::vector<std::string>{"AZR001 infra/main.bicep", "GEN001 k8s/web.yaml", "K8S002 k8s/web.yaml"});

  SECTION("with diff mode too, a finding must pass both") {
    ChangedLines changed;
    changed.ranges["k8s/web.yaml"] = {{10, 12}};
    settings.changed = &changed;
    CHECK(applyFilters(findings, project, RuleSet(), settings).empty());
  }
}
