// ScanSession (the LSP's incremental reading): after every kind of edit its
// findings, resources and diagnostics are those of a fresh runScan of the same
// files and buffers, while what the edit did not touch is not read again and
// keeps its identity.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "parsers/bicep/bicep_reader.h"
#include "parsers/bicep/bicep_session.h"
#include "scan/scan_session.h"
#include "scan/scanner.h"
#include "tests/test_support.h"

namespace fs = std::filesystem;

namespace {

using Overlay = std::map<fs::path, std::string>;

std::vector<std::string> describeScanSessionResult(const palisade::ScanResult& result) {
  std::vector<std::string> out;
  for (const palisade::Finding& f : result.findings) {
    out.push_back("F " + f.rule_id + " " + f.location.uri + ":" + std::to_string(f.location.start_line) + " " + f.message);
  }
  for (const palisade::Resource& r : result.project.resources()) {
    out.push_back("R " + (r.declaration.file ? r.declaration.file->path() : std::string("?")) + ":" +
                  std::to_string(r.declaration.start.line) + " " + r.type + r.kind + " " + r.name + " " + r.body.toDisplayString());
  }
  for (const palisade::Diagnostic& d : result.project.diagnostics()) {
    out.push_back("D " + d.path + ":" + std::to_string(d.span.start.line) + " " + d.message);
  }
  for (const palisade::SourceFilePtr& f : result.project.files()) out.push_back("S " + f->path());
  for (const palisade::InputRecord& i : result.inputs) {
    out.push_back("I " + i.path + " " + std::to_string(i.resources) + " " + std::to_string(i.diagnostics) + " " +
                  std::to_string(i.values_only) + " " + i.skipped);
  }
  return out;
}

struct SessionAndFresh {
  palisade::ScanRequest request;
  palisade::RuleSet rules = palisade::testing::builtinRules();
  palisade::ScanSession session;
  SessionAndFresh(const palisade::ScanRequest& r, bool watch_files) : request(r), session(r, watch_files) {}

  // The session's check and a fresh runScan agree; returns the session's resource ids.
  std::vector<std::uint64_t> checkSame(const Overlay& overlay = {}) {
    palisade::ScanRequest fresh_request = request;
    fresh_request.overlay = overlay;
    palisade::ScanResult fresh = palisade::runScan(fresh_request, rules);
    palisade::ScanResult incremental = session.check(overlay, rules);
    CHECK(describeScanSessionResult(incremental) == describeScanSessionResult(fresh));
    REQUIRE(incremental.resource_ids.size() == incremental.project.resources().size());
    std::vector<std::uint64_t> ids = incremental.resource_ids;
    session.giveBack(incremental);
    CHECK(incremental.project.resources().empty());
    return ids;
  }
};

const char* const kSessionMain = R"(param httpsOnly bool = true
module store 'modules/storage.bicep' = {
  name: 'store'
  params: {
    httpsOnly: httpsOnly
  }
}
)";

std::string sessionStorage(const std::string& public_access) {
  return "param httpsOnly bool\nresource sa 'Microsoft.Storage/storageAccounts@2023-01-01' = {\n  name: 'sessionsa'\n"
         "  location: 'westeurope'\n  kind: 'StorageV2'\n  sku: { name: 'Standard_LRS' }\n  properties: {\n"
         "    supportsHttpsTrafficOnly: httpsOnly\n    allowBlobPublicAccess: " + public_access + "\n  }\n}\n";
}

const char* const kSessionLeaf = R"(resource kv 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: 'sessionkv'
  location: 'westeurope'
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableSoftDelete: false
  }
}
)";

std::string sessionPod(const std::string& privileged) {
  return "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  containers:\n    - name: web\n"
         "      image: nginx:1.25\n      securityContext:\n        privileged: " + privileged + "\n";
}

}  // namespace

TEST_CASE("a scan session agrees with a fresh scan through edits and re-reads only what changed") {
  // Learning what changed from inotify events, or by stat'ing every file and folder.
  const bool watch_files = GENERATE(true, false);
  CAPTURE(watch_files);
  const bool watched = watch_files && palisade::TreeWatch().available();  // inotify may be missing
  palisade::testing::ScratchDir scratch("scan_session");
  const fs::path dir = fs::canonical(scratch.dir);
  scratch.write("main.bicep", kSessionMain);
  scratch.write("modules/storage.bicep", sessionStorage("false"));
  scratch.write("leaf.bicep", kSessionLeaf);
  scratch.write("k8s/pod.yaml", sessionPod("false"));
  palisade::ScanRequest request;
  request.paths = {dir.string()};
  request.root = dir;
  SessionAndFresh both(request, watch_files);

  std::vector<std::uint64_t> first = both.checkSame();
  REQUIRE(first.size() >= 3);  // the storage account (through main), the vault, the pod, module deployments
  CHECK(both.session.retained().bicep_tasks == 2);

  SECTION("unchanged: nothing is read again and every identity stays") {
    CHECK(both.checkSame() == first);
    CHECK(both.session.retained().inputs_read == 0);
    CHECK(both.session.retained().bicep_files_parsed == 0);
    CHECK(both.session.retained().bicep_tasks_evaluated == 0);
    // Watched, no folder is listed again; by stat data, a folder is listed again unless it was older than
    // the racy margin when it was listed (these are new: usually listed again, on a slow build maybe not).
    const palisade::WalkMemo& walk = both.session.retained().walk;
    if (watched) CHECK(walk.listed == 0u);
    CHECK(walk.listed + walk.reused == 3u);
    CHECK(both.session.retained().walk.last_reused == watched);  // watched and quiet: not walked at all
  }
  SECTION("a file in a new folder, then the folder removed") {
    scratch.write("k8s/more/pod.yaml", sessionPod("true"));
    both.checkSame();
    CHECK(both.session.retained().inputs_read == 1);
    CHECK_FALSE(both.session.retained().walk.last_reused);
    fs::remove_all(dir / "k8s/more");
    both.checkSame();
    scratch.write("k8s/more/pod.yaml", sessionPod("true"));
    both.checkSame();
  }
  SECTION("a module edited: its caller's task is evaluated again, the other one is kept") {
    scratch.write("modules/storage.bicep", sessionStorage("true // now public"));
    std::vector<std::uint64_t> ids = both.checkSame();
    CHECK(both.session.retained().bicep_files_parsed == 1);
    CHECK(both.session.retained().bicep_tasks_evaluated == 1);
    std::set<std::uint64_t> before(first.begin(), first.end());
    // The vault and the pod keep their identities; the resources of main's task do not.
    auto kept = static_cast<std::size_t>(std::count_if(ids.begin(), ids.end(), [&](std::uint64_t id) { return before.count(id) != 0; }));
    CHECK(kept >= 2);
    CHECK(kept < ids.size());
  }
  SECTION("a module's caller edited, then a file added and one removed") {
    scratch.write("main.bicep", std::string(kSessionMain).replace(std::string(kSessionMain).find("= true"), 6, "= false"));
    both.checkSame();
    CHECK(both.session.retained().bicep_tasks_evaluated == 1);
    scratch.write("second.bicep", "module again 'modules/storage.bicep' = {\n  name: 'again'\n  params: {\n    httpsOnly: false\n  }\n}\n");
    both.checkSame();
    CHECK(both.session.retained().bicep_tasks == 3);
    fs::remove(dir / "leaf.bicep");
    both.checkSame();
    CHECK(both.session.retained().bicep_tasks == 2);
  }
  SECTION("a YAML file edited: only it is read again") {
    scratch.write("k8s/pod.yaml", sessionPod("true"));
    std::vector<std::uint64_t> ids = both.checkSame();
    CHECK(both.session.retained().inputs_read == 1);
    CHECK(both.session.retained().bicep_tasks_evaluated == 0);
    CHECK(ids != first);
  }
  SECTION("unsaved buffers are read instead of the files, and the files again once closed") {
    Overlay overlay{{dir / "modules/storage.bicep", sessionStorage("true")}, {dir / "k8s/pod.yaml", sessionPod("true")}};
    both.checkSame(overlay);
    CHECK(both.session.retained().bicep_files_parsed == 1);
    CHECK(both.session.retained().inputs_read == 1);
    overlay[dir / "modules/storage.bicep"] = sessionStorage("true // typing");
    both.checkSame(overlay);
    CHECK(both.session.retained().bicep_tasks_evaluated == 1);
    CHECK(both.checkSame() == std::vector<std::uint64_t>(both.checkSame()));
  }
}

TEST_CASE("the Bicep session's model of an update equals a one-shot read of the same files") {
  palisade::testing::ScratchDir scratch("bicep_session");
  const fs::path dir = fs::canonical(scratch.dir);
  scratch.write("main.bicep", kSessionMain);
  scratch.write("modules/storage.bicep", sessionStorage("false"));
  std::vector<fs::path> files = {dir / "main.bicep", dir / "modules/storage.bicep"};
  palisade::BicepSession session(palisade::ScanRoot{dir}, {});
  session.update(files, {});
  palisade::FileModel lent = session.lend();
  session.giveBack(lent.resources);
  scratch.write("modules/storage.bicep", sessionStorage("true"));
  palisade::BicepSession::UpdateStats stats = session.update(files, {});
  CHECK(stats.files_parsed == 1);
  CHECK(stats.tasks_evaluated == 1);
  palisade::FileModel incremental = session.lend();
  palisade::FileModel fresh = palisade::readBicepFiles(files, palisade::ScanRoot{dir}, {});
  REQUIRE(incremental.resources.size() == fresh.resources.size());
  for (std::size_t i = 0; i < fresh.resources.size(); ++i) {
    CHECK(incremental.resources[i].body.toDisplayString() == fresh.resources[i].body.toDisplayString());
  }
  auto account = std::find_if(incremental.resources.begin(), incremental.resources.end(),
                              [](const palisade::Resource& r) { return r.type == "Microsoft.Storage/storageAccounts"; });
  REQUIRE(account != incremental.resources.end());
  const palisade::Value* properties = account->body.find("properties");
  REQUIRE(properties);
  REQUIRE(properties->find("allowBlobPublicAccess"));
  CHECK(properties->find("allowBlobPublicAccess")->toDisplayString() == "true");
}
