// The scan cache (scan/cache.h): hits, misses, and every way an entry must stop
// being used — an input edited, a module or .bicepparam target edited, a module
// that appears, a bicepconfig.json added, another build, other options — and
// that damage or an unwritable folder is never an error. Bicep entries are per
// evaluation task (an edit re-evaluates only the tasks that read the file) and
// per file (a parse summary, so unchanged files are not parsed).
#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <unistd.h>

#include <thread>

#include "core/sha256.h"
#include "scan/cache.h"
#include "scan/cache_codec.h"
#include "scan/cache_stat_memo.h"
#include "scan/scan_memo.h"
#include "scan/scanner.h"
#include "test_support.h"

namespace fs = std::filesystem;
using palisade::testing::ScratchDir;

namespace {

// What a reading produced, as text: every resource and diagnostic with its place.
std::string cacheTestModelText(const palisade::ScanResult& result) {
  std::string out;
  for (const palisade::Resource& r : result.project.resources()) {
    out += fmt::format("{} {} {} {}:{} cond={} {}\n", r.type, r.name, r.symbolic_name,
                       r.declaration.file ? r.declaration.file->path() : "-", r.declaration.start.line,
                       static_cast<int>(r.condition), r.body.toDisplayString());
  }
  for (const palisade::Diagnostic& d : result.project.diagnostics()) {
    out += fmt::format("{} {} {}:{}\n", d.ruleId(), d.message, d.path, d.span.start.line);
  }
  for (const palisade::SourceFilePtr& f : result.project.files()) out += "file " + f->path() + "\n";
  return out;
}

struct CacheTestRun {
  std::string model;
  std::size_t stores = 0;
  std::size_t task_hits = 0, task_misses = 0;  // evaluation tasks reused, evaluated
  std::size_t summaries = 0;                   // files known from their parse summaries (not parsed up front)
};

CacheTestRun cacheTestScan(const fs::path& root, const std::vector<std::string>& relative, const fs::path& cache_dir,
                           const std::string& build = "test-build", std::size_t max_loop = 10000) {
  palisade::ScanRequest request;
  for (const std::string& r : relative) request.paths.push_back((root / r).string());
  request.root = root;
  request.jobs = 2;
  request.limits.max_loop_expansion = max_loop;
  auto cache = std::make_shared<palisade::ScanCache>(cache_dir, build);
  request.cache = cache;
  palisade::ScanResult result = palisade::readProject(request);
  return CacheTestRun{cacheTestModelText(result), cache->stores.load(), cache->task_hits.load(), cache->task_misses.load(),
                      cache->summary_hits.load()};
}

std::string cacheTestUncached(const fs::path& root, const std::vector<std::string>& relative) {
  palisade::ScanRequest request;
  for (const std::string& r : relative) request.paths.push_back((root / r).string());
  request.root = root;
  return cacheTestModelText(palisade::readProject(request));
}

const char* kCacheTestMain = R"(param location string = 'westeurope'
module store 'modules/storage.bicep' = {
  name: 'store'
  params: {
    sku: 'Standard_LRS'
  }
}
)";

const char* kCacheTestModule = R"(param sku string
resource sa 'Microsoft.Storage/storageAccounts@2023-01-01' = {
  name: 'sa-one'
  location: 'westeurope'
  sku: {
    name: sku
  }
  kind: 'StorageV2'
}
)";

// A scratch repository of main.bicep calling modules/storage.bicep, and a cache folder beside it.
struct CacheTestRepo : ScratchDir {
  explicit CacheTestRepo(const std::string& name) : ScratchDir(name) {
    write("repo/main.bicep", kCacheTestMain);
    write("repo/modules/storage.bicep", kCacheTestModule);
  }
  fs::path repo = dir / "repo";
  fs::path cache = dir / "cache";
};

std::vector<fs::path> cacheTestEntries(const fs::path& cache_dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(cache_dir / "v1", ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file()) out.push_back(it->path());
  }
  return out;
}

}  // namespace

TEST_CASE("SHA-256 matches the standard's vectors, however the bytes are split", "[cache]") {
  CHECK(palisade::sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(palisade::sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  const std::string two_blocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  CHECK(palisade::sha256Hex(two_blocks) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  const std::string million(1000000, 'a');
  for (std::size_t piece : {1, 63, 64, 65, 1000}) {
    palisade::Sha256 hasher;
    for (std::size_t at = 0; at < million.size(); at += piece) hasher.update(std::string_view(million).substr(at, piece));
    CHECK(hasher.finishHex() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  }
}

TEST_CASE("A model survives encoding: every field of a resource, every kind of value, spans in two files", "[cache]") {
  using palisade::Value;
  auto a = std::make_shared<const palisade::SourceFile>("a.bicep", "resource x 'T@1' = {}\nline two\n");
  auto b = std::make_shared<const palisade::SourceFile>("b.bicep", "param p string\n");
  palisade::FileModel model;
  model.files = {a, b};
  palisade::Span in_a = a->pointAt(3);
  in_a.end = 9;
  palisade::Span in_b = b->pointAt(6);
  palisade::Value::Object members;
  members.push_back(palisade::Member{"n", in_a, Value::null(in_b)});
  members.push_back(palisade::Member{"b", {}, Value::boolean(true)});
  members.push_back(palisade::Member{"i", {}, Value::integer(-42)});
  members.push_back(palisade::Member{"d", {}, Value::number(2.5)});
  members.push_back(palisade::Member{"s", {}, Value::string("text \xE2\x82\xAC", in_b)});
  members.push_back(palisade::Member{"u", {}, Value::unknown("parameter 'p' has no default")});
  members.push_back(palisade::Member{"o", {}, Value::unknownOneOf("one of", {Value::string("x"), Value::integer(1)}, in_a)});
  members.push_back(palisade::Member{"arr", {}, Value::array({Value::integer(1), Value::object()})});
  palisade::Resource r;
  r.format = palisade::Format::Bicep;
  r.type = "Microsoft.Storage/storageAccounts";
  r.api_version = "2023-01-01";
  r.kind = "k";
  r.name = "sa";
  r.namespace_name = "ns";
  r.symbolic_name = "store";
  r.body = Value::object(std::move(members), in_a);
  r.body.setOrigin(in_b);
  r.declaration = in_a;
  r.module_chain.push_back(palisade::ModuleCall{"m", "b.bicep", in_b});
  r.condition = palisade::Tri::Unknown;
  r.loop_index = 3;
  r.existing = true;
  r.deployment_scope.kind = palisade::DeploymentScope::Kind::Subscription;
  r.deployment_scope.management_group = "mg";
  r.deployment_scope.subscription = "sub";
  r.deployment_scope.resource_group = "rg";
  r.parameter_file = "main.bicepparam";
  r.built_by = in_b;
  r.source_identity = "id";
  r.pod_spec_path = {"spec", "template"};
  model.resources.push_back(r);
  palisade::Diagnostic d{palisade::GenCode::ModuleNotResolved, "not found", in_b, "b.bicep", "mod.bicep"};
  d.help = "advice";
  model.diagnostics.push_back(d);

  std::string bytes;
  REQUIRE(palisade::encodeFileModel(model, bytes));
  std::size_t offset = 0;
  std::optional<palisade::FileModel> back = palisade::decodeFileModel(bytes, offset, model.files);
  REQUIRE(back);
  CHECK(offset == bytes.size());
  REQUIRE(back->resources.size() == 1);
  const palisade::Resource& x = back->resources[0];
  CHECK(x.format == r.format);
  CHECK((x.type == r.type && x.api_version == r.api_version && x.kind == r.kind && x.name == r.name));
  CHECK((x.namespace_name == r.namespace_name && x.symbolic_name == r.symbolic_name));
  CHECK(x.body.sameContent(r.body));
  CHECK(x.body.toDisplayString() == r.body.toDisplayString());
  CHECK(x.body.span().file == a.get());
  CHECK(x.body.origin().file == b.get());
  CHECK((x.body.span().begin == 3 && x.body.span().end == 9 && x.body.span().start.line == 1 && x.body.span().start.column == 4));
  const palisade::Member* n = x.body.findMember("n");
  REQUIRE(n);
  CHECK(n->key_span.file == a.get());
  CHECK(n->value.span().file == b.get());
  const Value* o = x.body.find("o");
  REQUIRE((o && o->isUnknown() && o->candidates()));
  CHECK(o->candidates()->size() == 2);
  CHECK(o->asString() == "one of");
  CHECK(x.body.find("d")->asNumber() == 2.5);
  CHECK(x.body.find("i")->asInt() == -42);
  REQUIRE(x.module_chain.size() == 1);
  CHECK((x.module_chain[0].name == "m" && x.module_chain[0].path == "b.bicep" && x.module_chain[0].span.file == b.get()));
  CHECK(x.condition == palisade::Tri::Unknown);
  CHECK(x.loop_index == std::optional<int64_t>(3));
  CHECK(x.existing);
  CHECK(x.deployment_scope.display() == r.deployment_scope.display());
  CHECK((x.parameter_file == r.parameter_file && x.source_identity == r.source_identity && x.pod_spec_path == r.pod_spec_path));
  CHECK(x.built_by.file == b.get());
  REQUIRE(back->diagnostics.size() == 1);
  const palisade::Diagnostic& y = back->diagnostics[0];
  CHECK((y.code == d.code && y.message == d.message && y.path == d.path && y.subject == d.subject && y.help == d.help));
  CHECK(y.span.file == b.get());

  // Every truncation and every flipped byte fails or decodes to something: never a crash.
  for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
    std::size_t at = 0;
    CHECK_FALSE(palisade::decodeFileModel(std::string_view(bytes).substr(0, cut), at, model.files));
  }
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    std::string damaged = bytes;
    damaged[i] = static_cast<char>(damaged[i] ^ 0xff);
    std::size_t at = 0;
    (void)palisade::decodeFileModel(damaged, at, model.files);
  }
  // A span into a file the model does not hold cannot be cached.
  palisade::FileModel orphan = model;
  orphan.files = {a};
  std::string ignored;
  CHECK_FALSE(palisade::encodeFileModel(orphan, ignored));
}

TEST_CASE("A second scan of unchanged Bicep files is a hit, and reads the same model", "[cache]") {
  CacheTestRepo scratch("cache-hit");
  const fs::path &repo = scratch.repo, &cache = scratch.cache;
  CacheTestRun cold = cacheTestScan(repo, {"main.bicep"}, cache);
  CHECK((cold.task_hits == 0 && cold.task_misses == 1 && cold.summaries == 0));
  CHECK(cold.stores == 2);  // the task, main.bicep's summary
  CHECK(cold.model.find("sa-one") != std::string::npos);
  CHECK(cold.model == cacheTestUncached(repo, {"main.bicep"}));
  CacheTestRun warm = cacheTestScan(repo, {"main.bicep"}, cache);
  CHECK((warm.task_hits == 1 && warm.task_misses == 0 && warm.summaries == 1 && warm.stores == 0));
  CHECK(warm.model == cold.model);
  // The folder ignores itself in git.
  CHECK(palisade::testing::readAll(cache / ".gitignore").find("\n*\n") != std::string::npos);
}

TEST_CASE("Editing a file, or a module it calls that is not among the inputs, invalidates the entry", "[cache]") {
  CacheTestRepo scratch("cache-edit");
  const fs::path &repo = scratch.repo, &cache = scratch.cache;
  cacheTestScan(repo, {"main.bicep"}, cache);
  // The module only: main.bicep, the one input, is unchanged.
  std::string module = kCacheTestModule;
  module.replace(module.find("sa-one"), 6, "sa-two");
  scratch.write("repo/modules/storage.bicep", module);
  CacheTestRun after_module = cacheTestScan(repo, {"main.bicep"}, cache);
  CHECK((after_module.task_hits == 0 && after_module.task_misses == 1));
  CHECK(after_module.summaries == 1);  // main.bicep was not parsed until its task was evaluated
  CHECK(after_module.model.find("sa-two") != std::string::npos);
  CHECK(after_module.model == cacheTestUncached(repo, {"main.bicep"}));
  // The input itself: the argument passed to the module changes.
  std::string main = kCacheTestMain;
  main.replace(main.find("Standard_LRS"), 12, "Premium_ZRS");
  scratch.write("repo/main.bicep", main);
  CacheTestRun after_main = cacheTestScan(repo, {"main.bicep"}, cache);
  CHECK((after_main.task_hits == 0 && after_main.summaries == 0));
  CHECK(after_main.model.find("Premium_ZRS") != std::string::npos);
  CHECK(cacheTestScan(repo, {"main.bicep"}, cache).task_hits == 1);
}

namespace {

// Three entry files: a.bicep calls modules/shared.bicep and modules/only-a.bicep, b.bicep calls
// modules/shared.bicep, c.bicep calls nothing; a broken file (GEN001) no task reads; and a file that
// loads a scanned .bicep file as text (two SourceFiles of one path, as without the cache).
struct CacheTaskRepo : ScratchDir {
  explicit CacheTaskRepo(const std::string& name) : ScratchDir(name) {
    write("repo/a.bicep", "module s 'modules/shared.bicep' = {\n  name: 's'\n  params: {\n    suffix: 'a'\n  }\n}\n"
                          "module o 'modules/only-a.bicep' = {\n  name: 'o'\n}\n");
    write("repo/b.bicep", "module s 'modules/shared.bicep' = {\n  name: 's'\n  params: {\n    suffix: 'b'\n  }\n}\n");
    write("repo/c.bicep", kCacheTestModule);
    write("repo/modules/shared.bicep", "param suffix string\nresource kv 'Microsoft.KeyVault/vaults@2023-07-01' = {\n"
                                       "  name: 'kv-${suffix}'\n  location: 'westeurope'\n  properties: {\n"
                                       "    enablePurgeProtection: false\n  }\n}\n");
    write("repo/modules/only-a.bicep", "resource st 'Microsoft.Storage/storageAccounts@2023-01-01' = {\n  name: 'only-a'\n"
                                       "  location: 'westeurope'\n  kind: 'StorageV2'\n}\n");
    write("repo/broken.bicep", "resource x 'Microsoft.Storage/storageAccounts@2023-01-01' = {\n  name: 'x'\n  location: (\n");
    write("repo/text.bicep", "var text = loadTextContent('modules/only-a.bicep')\noutput size int = length(text)\n");
  }
  fs::path repo = dir / "repo";
  fs::path cache = dir / "cache";
};

}  // namespace

TEST_CASE("An edited module re-evaluates exactly the tasks that read it and reuses the rest, unparsed", "[cache]") {
  CacheTaskRepo scratch("cache-tasks");
  const fs::path &repo = scratch.repo, &cache = scratch.cache;
  CacheTestRun cold = cacheTestScan(repo, {"."}, cache);
  const std::string uncached = cacheTestUncached(repo, {"."});
  CHECK(cold.model == uncached);
  CHECK(cold.model.find("GEN001") != std::string::npos);
  const std::size_t tasks = cold.task_misses;
  CHECK(tasks == 5);  // a, b, c, broken, text
  CHECK(cold.task_hits == 0);

  CacheTestRun warm = cacheTestScan(repo, {"."}, cache);
  CHECK((warm.task_hits == tasks && warm.task_misses == 0 && warm.summaries == 7));
  CHECK(warm.model == uncached);

  // only-a.bicep is read by a.bicep (a module) and text.bicep (loaded as text): those two tasks only.
  scratch.write("repo/modules/only-a.bicep", "resource st 'Microsoft.Storage/storageAccounts@2023-01-01' = {\n  name: 'only-a-2'\n"
                                             "  location: 'westeurope'\n  kind: 'StorageV2'\n}\n");
  CacheTestRun only_a = cacheTestScan(repo, {"."}, cache);
  CHECK((only_a.task_misses == 2 && only_a.task_hits == tasks - 2));
  CHECK(only_a.summaries == 6);
  CHECK(only_a.model.find("only-a-2") != std::string::npos);
  CHECK(only_a.model == cacheTestUncached(repo, {"."}));

  // shared.bicep: a and b.
  scratch.write("repo/modules/shared.bicep", "param suffix string\nresource kv 'Microsoft.KeyVault/vaults@2023-07-01' = {\n"
                                             "  name: 'vault-${suffix}'\n  location: 'westeurope'\n}\n");
  CacheTestRun shared = cacheTestScan(repo, {"."}, cache);
  CHECK((shared.task_misses == 2 && shared.task_hits == tasks - 2));
  CHECK(shared.model.find("vault-b") != std::string::npos);
  CHECK(shared.model == cacheTestUncached(repo, {"."}));

  // A new entry file: one more task, the others reused; the broken file's GEN001 is still there, from its summary.
  scratch.write("repo/d.bicep", "module s 'modules/shared.bicep' = {\n  name: 's'\n  params: {\n    suffix: 'd'\n  }\n}\n");
  CacheTestRun added = cacheTestScan(repo, {"."}, cache);
  CHECK((added.task_misses == 1 && added.task_hits == tasks));
  const std::string uncached_added = cacheTestUncached(repo, {"."});
  CHECK(added.model == uncached_added);
  CHECK(added.model.find("GEN001") != std::string::npos);
  CHECK(added.model.find("vault-d") != std::string::npos);

  // A module that c.bicep calls and that does not exist yet, then does.
  scratch.write("repo/c.bicep", std::string(kCacheTestModule) + "module later 'modules/later.bicep' = {\n  name: 'later'\n}\n");
  CacheTestRun missing = cacheTestScan(repo, {"."}, cache);
  CHECK(missing.model.find("later.bicep") != std::string::npos);  // GEN006: not found
  CHECK(cacheTestScan(repo, {"."}, cache).task_misses == 0);
  scratch.write("repo/modules/later.bicep", "resource later 'Microsoft.Storage/storageAccounts@2023-01-01' = {\n  name: 'later-one'\n"
                                            "  location: 'westeurope'\n}\n");
  CacheTestRun created = cacheTestScan(repo, {"."}, cache);
  CHECK(created.task_misses == 1);  // c.bicep's task: later.bicep is a module now, no entry of its own
  CHECK(created.model.find("later-one") != std::string::npos);
  CHECK(created.model == cacheTestUncached(repo, {"."}));
}

TEST_CASE("Editing the template a .bicepparam file uses invalidates the entry", "[cache]") {
  ScratchDir scratch("cache-params");
  scratch.write("repo/main.bicep", "param name string\nresource sa 'Microsoft.Storage/storageAccounts@2023-01-01' = {\n  name: name\n  location: 'westeurope'\n}\n");
  scratch.write("repo/main.bicepparam", "using 'main.bicep'\nparam name = 'from-params'\n");
  scratch.write("repo/other.bicep", kCacheTestModule);
  fs::path repo = scratch.dir / "repo", cache = scratch.dir / "cache";
  for (const std::vector<std::string>& paths : {std::vector<std::string>{"main.bicepparam"}, std::vector<std::string>{"."}}) {
    CAPTURE(paths);
    scratch.write("repo/main.bicep", "param name string\nresource sa 'Microsoft.Storage/storageAccounts@2023-01-01' = {\n  name: name\n  location: 'westeurope'\n}\n");
    scratch.write("repo/main.bicepparam", "using 'main.bicep'\nparam name = 'from-params'\n");
    CacheTestRun cold = cacheTestScan(repo, paths, cache);
    CHECK(cold.model.find("from-params") != std::string::npos);
    CacheTestRun warm = cacheTestScan(repo, paths, cache);
    CHECK((warm.task_misses == 0 && warm.task_hits == cold.task_hits + cold.task_misses));
    CHECK(warm.model == cold.model);
    scratch.write("repo/main.bicep", "param name string\nresource sa 'Microsoft.Storage/storageAccounts@2023-01-01' = {\n  name: '${name}-x'\n  location: 'westeurope'\n}\n");
    CacheTestRun edited = cacheTestScan(repo, paths, cache);
    CHECK(edited.task_misses == 1);  // the .bicepparam file's task (main.bicep is not an entry of its own: the file targets it)
    CHECK(edited.model.find("from-params-x") != std::string::npos);
    CHECK(edited.model == cacheTestUncached(repo, paths));
    scratch.write("repo/main.bicepparam", "using 'main.bicep'\nparam name = 'other'\n");
    CacheTestRun params_edited = cacheTestScan(repo, paths, cache);
    CHECK(params_edited.task_misses == 1);
    CHECK(params_edited.model.find("other-x") != std::string::npos);
    CHECK(params_edited.model == cacheTestUncached(repo, paths));
  }
}

TEST_CASE("A bicepconfig.json added above invalidates the tasks that resolve registry modules", "[cache]") {
  ScratchDir scratch("cache-absent");
  scratch.write("repo/main.bicep", "module r 'br/public:avm/res/storage/storage-account:0.9.0' = {\n  name: 'r'\n}\n");
  scratch.write("repo/plain.bicep", kCacheTestModule);
  fs::path repo = scratch.dir / "repo", cache = scratch.dir / "cache";
  cacheTestScan(repo, {"."}, cache);
  CHECK(cacheTestScan(repo, {"."}, cache).task_hits == 2);
  // Where registry modules resolve can change with a bicepconfig.json in any folder above.
  scratch.write("bicepconfig.json", "{\"moduleAliases\": {\"br\": {}}}\n");
  CacheTestRun config = cacheTestScan(repo, {"."}, cache);
  CHECK((config.task_misses == 1 && config.task_hits == 1));
}

TEST_CASE("Another palisade build, or other options that change reading, do not use the entry", "[cache]") {
  CacheTestRepo scratch("cache-version");
  const fs::path &repo = scratch.repo, &cache = scratch.cache;
  cacheTestScan(repo, {"main.bicep"}, cache, "build-a");
  CacheTestRun other_build = cacheTestScan(repo, {"main.bicep"}, cache, "build-b");
  CHECK((other_build.task_hits == 0 && other_build.summaries == 0));
  CHECK(cacheTestScan(repo, {"main.bicep"}, cache, "build-a").task_hits == 1);
  CHECK(cacheTestScan(repo, {"main.bicep"}, cache, "build-a", 5).task_hits == 0);
  CHECK(palisade::ScanCache::buildIdentity().starts_with(PALISADE_VERSION));
}

TEST_CASE("A damaged or truncated entry is a miss, then rewritten", "[cache]") {
  CacheTaskRepo scratch("cache-damage");
  const fs::path &repo = scratch.repo, &cache = scratch.cache;
  CacheTestRun cold = cacheTestScan(repo, {"."}, cache);
  std::vector<fs::path> entries = cacheTestEntries(cache);
  REQUIRE(entries.size() == 12);  // 5 tasks, 7 file summaries
  // Each entry damaged alone: one summary or one task fewer reused, the same model.
  for (const fs::path& entry : entries) {
    std::string good = palisade::testing::readAll(entry);
    for (std::size_t at : {std::size_t{0}, std::size_t{20}, good.size() / 2, good.size() - 1}) {
      std::string damaged = good;
      damaged[at] = static_cast<char>(damaged[at] ^ 0x55);
      palisade::testing::writeFile(entry, damaged);
      CacheTestRun run = cacheTestScan(repo, {"."}, cache);
      CHECK(run.task_hits + run.summaries == 11);
      CHECK(run.stores == 1);  // rewritten
      CHECK(run.model == cold.model);
    }
    palisade::testing::writeFile(entry, good.substr(0, good.size() / 3));
    CHECK(cacheTestScan(repo, {"."}, cache).model == cold.model);
    CacheTestRun again = cacheTestScan(repo, {"."}, cache);
    CHECK(again.task_hits + again.summaries == 12);
  }
}

TEST_CASE("A cache folder that cannot be created is no cache, silently", "[cache]") {
  CacheTestRepo scratch("cache-readonly");
  scratch.write("a-file", "not a folder");
  const fs::path& repo = scratch.repo;
  CacheTestRun run = cacheTestScan(repo, {"main.bicep"}, scratch.dir / "a-file" / "cache");
  CHECK(run.stores == 0);
  CHECK(run.model == cacheTestUncached(repo, {"main.bicep"}));
  if (::geteuid() != 0) {  // root writes into read-only folders
    fs::create_directories(scratch.dir / "locked");
    fs::permissions(scratch.dir / "locked", fs::perms::owner_read | fs::perms::owner_exec);
    CacheTestRun locked = cacheTestScan(repo, {"main.bicep"}, scratch.dir / "locked" / ".palisade_cache");
    CHECK(locked.stores == 0);
    CHECK_FALSE(fs::exists(scratch.dir / "locked" / ".palisade_cache"));
    fs::permissions(scratch.dir / "locked", fs::perms::owner_all);
  }
}

TEST_CASE("Scans on several threads share one cache folder and agree", "[cache]") {
  CacheTestRepo scratch("cache-threads");
  const fs::path &repo = scratch.repo, &cache = scratch.cache;
  std::vector<std::string> models(4);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < models.size(); ++i) {
    threads.emplace_back([&, i] { models[i] = cacheTestScan(repo, {"main.bicep"}, cache).model; });
  }
  for (std::thread& t : threads) t.join();
  for (const std::string& m : models) CHECK(m == models[0]);
  CacheTestRun after = cacheTestScan(repo, {"main.bicep"}, cache);
  CHECK((after.task_hits == 1 && after.summaries == 1));
  CHECK(after.model == models[0]);
  std::vector<fs::path> entries = cacheTestEntries(cache);
  CHECK(entries.size() == 2);  // the task, the summary: no temporary file left
  for (const fs::path& e : entries) CHECK(e.filename().string().size() == 64);
}

// The scan memo (scan/scan_memo.h) and its stat memo (scan/cache_stat_memo.h).

TEST_CASE("The stat memo trusts a stamp only when mtime and ctime are older than the memo by the margin", "[cache]") {
  using palisade::FileStamp;
  using palisade::FileStateMemo;
  const int64_t written = int64_t{1'800'000'000} * 1'000'000'000;
  FileStamp old{10, written - 10 * palisade::kRacyMarginNs, 7, written - 10 * palisade::kRacyMarginNs, false};
  CHECK(FileStateMemo::trusted(old, written));
  FileStamp racy = old;
  racy.mtime_ns = written - palisade::kRacyMarginNs;  // git's racily clean: as new as the memo (within the margin)
  CHECK_FALSE(FileStateMemo::trusted(racy, written));
  FileStamp recent_ctime = old;
  recent_ctime.ctime_ns = written - 1;  // mtime set back (touch -d), ctime says when it really changed
  CHECK_FALSE(FileStateMemo::trusted(recent_ctime, written));
  FileStamp newer = old;
  newer.mtime_ns = newer.ctime_ns = written + 1;
  CHECK_FALSE(FileStateMemo::trusted(newer, written));
}

TEST_CASE("The stat memo is kept in the cache folder and vouches only for the very same stamp", "[cache]") {
  ScratchDir scratch("cache-stat-memo");
  palisade::ScanCache cache(scratch.dir / "cache", "test-build");
  const int64_t long_ago = palisade::wallClockNanoseconds() - int64_t{3600} * 1'000'000'000;
  palisade::FileStamp stamp{42, long_ago, 99, long_ago, false};
  {
    palisade::FileStateMemo memo(&cache);
    CHECK(memo.size() == 0);
    memo.remember("/a/file.yaml", stamp, "digest-a");
    memo.save();
  }
  CHECK(cache.stores.load() == 1);
  palisade::FileStateMemo memo(&cache);
  CHECK(memo.find("/a/file.yaml", stamp) == std::optional<std::string>("digest-a"));
  CHECK_FALSE(memo.find("/a/other.yaml", stamp));
  for (int field = 0; field < 4; ++field) {
    palisade::FileStamp changed = stamp;
    if (field == 0) changed.size = 43;
    if (field == 1) changed.mtime_ns += 1;
    if (field == 2) changed.inode = 100;
    if (field == 3) changed.ctime_ns += 1;
    CHECK_FALSE(memo.find("/a/file.yaml", changed));
  }
  // A stamp written just now is not trusted (and the memo is rewritten, to trust it later).
  palisade::FileStamp fresh{42, palisade::wallClockNanoseconds(), 99, palisade::wallClockNanoseconds(), false};
  memo.remember("/a/fresh.yaml", fresh, "digest-f");
  CHECK_FALSE(memo.find("/a/fresh.yaml", fresh));
  memo.save();
  CHECK(cache.stores.load() == 2);
}

namespace {

struct MemoTestRun {
  palisade::MemoizedScan scan;
  std::size_t hits = 0;
};

MemoTestRun memoTestScan(const fs::path& root, const fs::path& cache_dir, const palisade::RuleSet& rules) {
  palisade::ScanRequest request;
  request.paths = {root.string()};
  request.root = root;
  request.jobs = 2;
  auto cache = std::make_shared<palisade::ScanCache>(cache_dir, "test-build");
  request.cache = cache;
  palisade::CacheKey key("scan-memo-test", *cache);
  MemoTestRun run{palisade::runScanMemoized(request, rules, key), 0};
  run.hits = cache->hits.load();
  return run;
}

std::string memoTestFindingsText(const std::vector<palisade::Finding>& findings) {
  std::string out;
  for (const palisade::Finding& f : findings) {
    out += fmt::format("{} {}:{}:{} {} [{}]\n", f.rule_id, f.location.uri, f.location.start_line, f.location.start_column,
                       f.message, f.fingerprint);
  }
  return out;
}

}  // namespace

TEST_CASE("The scan memo: a hit reads nothing and finds what the scan found, a new nested file is a miss", "[cache]") {
  CacheTestRepo scratch("cache-memo");
  scratch.write("repo/k8s/pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  hostNetwork: true\n  containers: [{name: a, image: a}]\n");
  std::vector<palisade::Diagnostic> errors;
  palisade::RuleSet rules = palisade::RuleSet::load({}, errors);
  REQUIRE(errors.empty());
  MemoTestRun cold = memoTestScan(scratch.repo, scratch.cache, rules);
  CHECK_FALSE(cold.scan.hit);
  CHECK_FALSE(cold.scan.result.project.resources().empty());
  REQUIRE_FALSE(cold.scan.result.findings.empty());
  MemoTestRun warm = memoTestScan(scratch.repo, scratch.cache, rules);
  CHECK(warm.scan.hit);
  CHECK(warm.hits == 1);
  CHECK(warm.scan.result.project.resources().empty());  // nothing was read, no rule ran
  CHECK(warm.scan.checked > 0);
  CHECK(memoTestFindingsText(warm.scan.result.findings) == memoTestFindingsText(cold.scan.result.findings));
  CHECK(warm.scan.result.files_scanned == cold.scan.result.files_scanned);
  CHECK(warm.scan.result.inputs.size() == cold.scan.result.inputs.size());

  scratch.write("repo/k8s/more/deeper/pod2.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: q\nspec:\n  hostPID: true\n  containers: [{name: a, image: a}]\n");
  MemoTestRun added = memoTestScan(scratch.repo, scratch.cache, rules);
  CHECK_FALSE(added.scan.hit);
  CHECK(memoTestFindingsText(added.scan.result.findings).find("pod2.yaml") != std::string::npos);
  CHECK(memoTestScan(scratch.repo, scratch.cache, rules).scan.hit);
}
