// `palisade lsp`: the position and URI conversions, then the server driven
// through a whole session over pipes, as an editor would: initialize, open a
// file with a finding, hover it, break it (GEN001), mend it, apply the quick
// fix, save, a malformed message, an unknown method, a bad request, a cancelled
// request, shutdown and exit.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <functional>
#include <sstream>
#include <stdexcept>
#include <nlohmann/json.hpp>
#include <string>

#include "lsp/convert.h"
#include "lsp/server.h"
#include "lsp/transport.h"
#include "test_support.h"

using LspJson = nlohmann::json;

TEST_CASE("lsp: LSP positions are 0-based lines and UTF-16 code units over UTF-8 text", "[lsp]") {
  // "é" is 2 bytes and 1 UTF-16 unit; "😀" is 4 bytes and 2 UTF-16 units.
  std::string text = "ab\né😀x\r\nlast";
  CHECK(palisade::lsp::byteOffsetOfPosition(text, 0, 1) == 1);
  CHECK(palisade::lsp::byteOffsetOfPosition(text, 1, 0) == 3);
  CHECK(palisade::lsp::byteOffsetOfPosition(text, 1, 1) == 5);
  CHECK(palisade::lsp::byteOffsetOfPosition(text, 1, 3) == 9);   // after the emoji, at 'x'
  CHECK(palisade::lsp::byteOffsetOfPosition(text, 1, 40) == 10);  // clamped before "\r\n"
  CHECK(palisade::lsp::byteOffsetOfPosition(text, 2, 2) == 14);
  CHECK(palisade::lsp::byteOffsetOfPosition(text, 9, 0) == text.size());

  std::string edited = text;
  palisade::lsp::applyContentChange(
      edited, LspJson{{"range", {{"start", {{"line", 1}, {"character", 1}}}, {"end", {{"line", 1}, {"character", 3}}}}},
                      {"text", "-"}});
  CHECK(edited == "ab\né-x\r\nlast");
  palisade::lsp::applyContentChange(edited, LspJson{{"text", "whole"}});
  CHECK(edited == "whole");

  palisade::Location at;
  at.start_line = 3;
  at.start_column = 5;
  at.end_line = 3;
  at.end_column = 9;
  CHECK(palisade::lsp::rangeOf(at) == LspJson::parse(R"({"start":{"line":2,"character":4},"end":{"line":2,"character":8}})"));
}

TEST_CASE("lsp: file URIs are percent-decoded and encoded", "[lsp]") {
  CHECK(palisade::lsp::pathOfUri("file:///tmp/a%20b/c%23.yaml") == std::filesystem::path("/tmp/a b/c#.yaml"));
  CHECK(palisade::lsp::uriOfPath("/tmp/a b/c#.yaml") == "file:///tmp/a%20b/c%23.yaml");
  CHECK_FALSE(palisade::lsp::pathOfUri("untitled:Untitled-1"));
}

namespace {

// A `palisade lsp` child process and the two pipes to it.
class LspSession {
 public:
  explicit LspSession(const std::string& binary) {
    int to_child[2], from_child[2];
    REQUIRE(pipe(to_child) == 0);
    REQUIRE(pipe(from_child) == 0);
    pid_ = fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      dup2(to_child[0], 0);
      dup2(from_child[1], 1);
      close(to_child[1]);
      close(from_child[0]);
      execl(binary.c_str(), binary.c_str(), "lsp", "--stdio", static_cast<char*>(nullptr));
      _exit(127);
    }
    close(to_child[0]);
    close(from_child[1]);
    in_ = to_child[1];
    out_ = from_child[0];
    signal(SIGPIPE, SIG_IGN);
  }
  ~LspSession() {
    if (in_ >= 0) close(in_);
    if (out_ >= 0) close(out_);
    if (pid_ > 0 && !reaped_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }

  void sendRaw(const std::string& body) {
    std::string frame = "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    REQUIRE(write(in_, frame.data(), frame.size()) == static_cast<ssize_t>(frame.size()));
  }
  void request(int id, const std::string& method, const LspJson& params) {
    sendRaw(LspJson{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}}.dump());
  }
  void notify(const std::string& method, const LspJson& params) {
    sendRaw(LspJson{{"jsonrpc", "2.0"}, {"method", method}, {"params", params}}.dump());
  }

  // The next message that `wanted` accepts (others are skipped); null after the time-out.
  LspJson waitFor(const std::function<bool(const LspJson&)>& wanted, int timeout_ms = 20000) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (true) {
      while (auto message = takeMessage()) {
        if (wanted(*message)) return *message;
      }
      int left = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                      deadline - std::chrono::steady_clock::now())
                                      .count());
      if (left <= 0) {
        WARN("lsp test client: timed out waiting for a message");
        return nullptr;
      }
      pollfd p{out_, POLLIN, 0};
      if (poll(&p, 1, left) <= 0) continue;
      char chunk[65536];
      ssize_t n = read(out_, chunk, sizeof chunk);
      if (n <= 0) {
        WARN("lsp test client: the server closed its output");
        return nullptr;
      }
      buffer_.append(chunk, static_cast<std::size_t>(n));
    }
  }
  LspJson response(int id) {
    return waitFor([&](const LspJson& m) { return m.contains("id") && m["id"] == id && !m.contains("method"); });
  }
  // The next diagnostics of `uri` that `wanted` accepts; of that version of the open document when `version` >= 0.
  LspJson diagnosticsFor(const std::string& uri, const std::function<bool(const LspJson&)>& wanted, int version = -1) {
    return waitFor([&](const LspJson& m) {
      return m.value("method", "") == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri &&
             (version < 0 || m["params"].value("version", -1) == version) && wanted(m["params"]["diagnostics"]);
    });
  }

  void closeInput() {
    close(in_);
    in_ = -1;
  }
  // The exit status, or -1 when the server has not exited within five seconds.
  int exitStatus() {
    for (int i = 0; i < 500; ++i) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        reaped_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
      }
      usleep(10000);
    }
    return -1;
  }

 private:
  std::optional<LspJson> takeMessage() {
    std::size_t header_end = buffer_.find("\r\n\r\n");
    if (header_end == std::string::npos) return std::nullopt;
    std::size_t length_at = buffer_.find("Content-Length: ");
    REQUIRE(length_at < header_end);
    std::size_t length = std::stoul(buffer_.substr(length_at + 16, header_end - length_at - 16));
    if (buffer_.size() < header_end + 4 + length) return std::nullopt;
    LspJson message = LspJson::parse(buffer_.substr(header_end + 4, length));
    buffer_.erase(0, header_end + 4 + length);
    return message;
  }

  pid_t pid_ = -1;
  int in_ = -1, out_ = -1;
  bool reaped_ = false;
  std::string buffer_;
};

bool hasCode(const LspJson& diagnostics, const std::string& code) {
  for (const LspJson& d : diagnostics) {
    if (d.value("code", "") == code) return true;
  }
  return false;
}

const LspJson* diagnosticWithCode(const LspJson& diagnostics, const std::string& code) {
  for (const LspJson& d : diagnostics) {
    if (d.value("code", "") == code) return &d;
  }
  return nullptr;
}

LspJson positionAt(int line, int character) { return LspJson{{"line", line}, {"character", character}}; }

const char* const kLspPod = R"(apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
spec:
  hostPID: true
  containers:
    - name: web
      image: registry.example/web:1.4.2
)";

}  // namespace

TEST_CASE("lsp: a whole editor session over pipes", "[lsp]") {
  palisade::testing::ScratchDir scratch("lsp-session");
  scratch.write("pod.yaml", kLspPod);
  std::filesystem::path root = std::filesystem::canonical(scratch.dir);
  std::string uri = palisade::lsp::uriOfPath(root / "pod.yaml");
  LspSession lsp(PALISADE_BINARY);

  lsp.request(1, "initialize", {{"processId", nullptr}, {"rootUri", palisade::lsp::uriOfPath(root)}, {"capabilities", LspJson::object()}});
  LspJson init = lsp.response(1);
  REQUIRE(init.is_object());
  CHECK(init["result"]["capabilities"]["textDocumentSync"]["change"] == 2);
  CHECK(init["result"]["capabilities"]["hoverProvider"] == true);
  lsp.notify("initialized", LspJson::object());

  // Opened: the finding on `hostPID: true` (line 7, 0-based 6), documented and sourced.
  std::string text = kLspPod;
  lsp.notify("textDocument/didOpen", {{"textDocument", {{"uri", uri}, {"languageId", "yaml"}, {"version", 1}, {"text", text}}}});
  // (The check of `initialized` may have reported the file from disk already, without a version.)
  LspJson opened = lsp.diagnosticsFor(uri, [](const LspJson& d) { return hasCode(d, "K8S007"); }, 1);
  REQUIRE(opened.is_object());
  const LspJson* host_pid = diagnosticWithCode(opened["params"]["diagnostics"], "K8S007");
  CHECK((*host_pid)["range"]["start"]["line"] == 6);
  CHECK((*host_pid)["source"] == "palisade");
  CHECK((*host_pid)["codeDescription"]["href"].get<std::string>().find("docs/rules/K8S007.md") != std::string::npos);

  // Hover on the finding's span: the rule, its explanation and its page.
  LspJson hover_at{{"textDocument", {{"uri", uri}}}, {"position", (*host_pid)["range"]["start"]}};
  lsp.request(2, "textDocument/hover", hover_at);
  LspJson hover = lsp.response(2);
  std::string shown = hover["result"]["contents"]["value"].get<std::string>();
  CHECK(shown.find("K8S007") != std::string::npos);
  CHECK(shown.find("host-pid") != std::string::npos);
  CHECK(shown.find("docs/rules/K8S007.md") != std::string::npos);
  lsp.request(3, "textDocument/hover", {{"textDocument", {{"uri", uri}}}, {"position", positionAt(0, 0)}});
  CHECK(lsp.response(3)["result"].is_null());

  // An incremental change that breaks the YAML: a GEN001 diagnostic, unsaved (the file on disk is intact).
  lsp.notify("textDocument/didChange",
             {{"textDocument", {{"uri", uri}, {"version", 2}}},
              {"contentChanges", LspJson::array({{{"range", {{"start", positionAt(6, 11)}, {"end", positionAt(6, 15)}}}, {"text", "[true"}}})}});
  LspJson broken = lsp.diagnosticsFor(uri, [](const LspJson& d) { return hasCode(d, "GEN001"); }, 2);
  REQUIRE(broken.is_object());
  CHECK_FALSE(hasCode(broken["params"]["diagnostics"], "K8S007"));

  // Mended with a full-text change: the finding is back.
  lsp.notify("textDocument/didChange", {{"textDocument", {{"uri", uri}, {"version", 3}}}, {"contentChanges", LspJson::array({{{"text", text}}})}});
  REQUIRE(lsp.diagnosticsFor(uri, [](const LspJson& d) { return hasCode(d, "K8S007") && !hasCode(d, "GEN001"); }, 3).is_object());

  // The quick fix as a WorkspaceEdit, applied by "the editor"; a suppression comment is offered too.
  lsp.request(4, "textDocument/codeAction",
              {{"textDocument", {{"uri", uri}}}, {"range", {{"start", positionAt(6, 0)}, {"end", positionAt(6, 0)}}}, {"context", {{"diagnostics", LspJson::array()}}}});
  LspJson actions = lsp.response(4)["result"];
  REQUIRE(actions.is_array());
  const LspJson* fix = nullptr;
  const LspJson* suppress = nullptr;
  for (const LspJson& a : actions) {
    std::string title = a["title"];
    if (title.starts_with("K8S007")) fix = &a;
    if (title.find("Suppress K8S007") != std::string::npos) suppress = &a;
  }
  REQUIRE(fix);
  REQUIRE(suppress);
  CHECK((*suppress)["edit"]["changes"][uri][0]["newText"] == "  # palisade-ignore K8S007: \n");
  for (const LspJson& edit : (*fix)["edit"]["changes"][uri]) palisade::lsp::applyContentChange(text, {{"range", edit["range"]}, {"text", edit["newText"]}});
  CHECK(text.find("hostPID: true") == std::string::npos);
  lsp.notify("textDocument/didChange", {{"textDocument", {{"uri", uri}, {"version", 4}}}, {"contentChanges", LspJson::array({{{"text", text}}})}});
  LspJson fixed = lsp.diagnosticsFor(uri, [](const LspJson& d) { return !hasCode(d, "K8S007"); }, 4);
  REQUIRE(fixed.is_object());

  // Saved: checked again, still without the finding.
  palisade::testing::writeFile(root / "pod.yaml", text);
  lsp.notify("textDocument/didSave", {{"textDocument", {{"uri", uri}}}});

  // A malformed message, an unknown method and a bad request each answer an error; the server lives on.
  lsp.sendRaw("{\"jsonrpc\": \"2.0\", \"id\": 9, \"method\": ");
  LspJson parse_error = lsp.waitFor([](const LspJson& m) { return m.contains("error") && m["id"].is_null(); });
  CHECK(parse_error["error"]["code"] == -32700);
  lsp.request(5, "workspace/symbol", {{"query", "x"}});
  CHECK(lsp.response(5)["error"]["code"] == -32601);
  lsp.request(6, "textDocument/hover", {{"textDocument", 42}});
  CHECK(lsp.response(6)["error"]["code"] == -32602);

  // A request cancelled while it waits for the check of a newer change.
  lsp.notify("textDocument/didChange", {{"textDocument", {{"uri", uri}, {"version", 5}}}, {"contentChanges", LspJson::array({{{"text", text + "\n"}}})}});
  lsp.request(7, "textDocument/hover", hover_at);
  lsp.notify("$/cancelRequest", {{"id", 7}});
  CHECK(lsp.response(7)["error"]["code"] == -32800);
  lsp.request(8, "textDocument/hover", hover_at);
  CHECK(lsp.response(8).contains("result"));

  lsp.request(9, "shutdown", nullptr);
  CHECK(lsp.response(9)["result"].is_null());
  lsp.notify("exit", nullptr);
  CHECK(lsp.exitStatus() == 0);
}

TEST_CASE("lsp: diagnostics cover the workspace and are cleared when fixed", "[lsp]") {
  palisade::testing::ScratchDir scratch("lsp-workspace");
  scratch.write("other/pod.yaml", kLspPod);  // never opened: reported from disk
  scratch.write("open.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: shop}\ndata: {a: b}\n");
  std::filesystem::path root = std::filesystem::canonical(scratch.dir);
  std::string other = palisade::lsp::uriOfPath(root / "other/pod.yaml");
  std::string open = palisade::lsp::uriOfPath(root / "open.yaml");
  LspSession lsp(PALISADE_BINARY);
  lsp.request(1, "initialize", {{"rootUri", palisade::lsp::uriOfPath(root)}, {"capabilities", LspJson::object()}});
  REQUIRE(lsp.response(1).contains("result"));
  lsp.notify("initialized", LspJson::object());
  REQUIRE(lsp.diagnosticsFor(other, [](const LspJson& d) { return hasCode(d, "K8S007"); }).is_object());

  // An open buffer is read instead of its file on disk (a ConfigMap there)...
  lsp.notify("textDocument/didOpen", {{"textDocument", {{"uri", open}, {"languageId", "yaml"}, {"version", 1}, {"text", kLspPod}}}});
  REQUIRE(lsp.diagnosticsFor(open, [](const LspJson& d) { return hasCode(d, "K8S007"); }, 1).is_object());
  // ...and the file on disk, fixed, is cleared.
  std::string fixed = kLspPod;
  fixed.replace(fixed.find("  hostPID: true\n"), 16, "");
  palisade::testing::writeFile(root / "other/pod.yaml", fixed);
  lsp.notify("workspace/didChangeWatchedFiles", {{"changes", LspJson::array()}});
  REQUIRE(lsp.diagnosticsFor(other, [](const LspJson& d) { return !hasCode(d, "K8S007"); }).is_object());

  lsp.request(2, "shutdown", nullptr);
  REQUIRE(lsp.response(2).contains("result"));
  lsp.notify("exit", nullptr);
  CHECK(lsp.exitStatus() == 0);
}

TEST_CASE("lsp: an unsaved Bicep module is evaluated through the file that calls it", "[lsp]") {
  palisade::testing::ScratchDir scratch("lsp-bicep");
  const std::string vault = R"(param location string = 'westeurope'
resource kv 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: 'kv'
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    publicNetworkAccess: 'Disabled'
  }
}
)";
  scratch.write("main.bicep", "module vault 'modules/vault.bicep' = {\n  name: 'vault'\n}\n");
  scratch.write("modules/vault.bicep", vault);
  std::filesystem::path root = std::filesystem::canonical(scratch.dir);
  std::string uri = palisade::lsp::uriOfPath(root / "modules/vault.bicep");
  LspSession lsp(PALISADE_BINARY);
  lsp.request(1, "initialize", {{"rootUri", palisade::lsp::uriOfPath(root)}, {"capabilities", LspJson::object()}});
  REQUIRE(lsp.response(1).contains("result"));
  lsp.notify("initialized", LspJson::object());
  std::string edited = vault;
  edited.replace(edited.find("'Disabled'"), 10, "'Enabled'");
  lsp.notify("textDocument/didOpen", {{"textDocument", {{"uri", uri}, {"languageId", "bicep"}, {"version", 1}, {"text", edited}}}});
  LspJson opened = lsp.diagnosticsFor(uri, [](const LspJson& d) { return hasCode(d, "AZR001"); }, 1);
  REQUIRE(opened.is_object());
  const LspJson* public_access = diagnosticWithCode(opened["params"]["diagnostics"], "AZR001");
  CHECK((*public_access)["range"]["start"]["line"] == 7);
  // Where the module was called from is related information.
  REQUIRE((*public_access).contains("relatedInformation"));
  CHECK((*public_access)["relatedInformation"][0]["location"]["uri"] == palisade::lsp::uriOfPath(root / "main.bicep"));
  lsp.request(2, "shutdown", nullptr);
  REQUIRE(lsp.response(2).contains("result"));
  lsp.notify("exit", nullptr);
  CHECK(lsp.exitStatus() == 0);
}

TEST_CASE("lsp: exit without shutdown, and the end of input, end the server with 1", "[lsp]") {
  LspSession lsp(PALISADE_BINARY);
  lsp.notify("exit", nullptr);
  CHECK(lsp.exitStatus() == 1);
  LspSession closed(PALISADE_BINARY);
  closed.closeInput();
  CHECK(closed.exitStatus() == 1);
}

TEST_CASE("lsp: an exception inside a request answers an internal error and the server lives on", "[lsp]") {
  // In process, with a checker whose rule lookup throws in a request: it fails, the next request is served.
  palisade::lsp::Checker checker;
  checker.configure = [](const std::filesystem::path&) { return std::optional<std::string>(); };
  checker.check = [](const std::filesystem::path&, const std::map<std::filesystem::path, std::string>&) {
    palisade::Finding f;
    f.rule_id = "K8S007";
    f.location.uri = "a.yaml";
    f.location.start_line = 1;
    f.location.start_column = 1;
    f.location.end_line = 1;
    f.location.end_column = 5;
    return std::vector<palisade::Finding>{f};
  };
  // The first lookup (publishing the diagnostics) works; the next (the hover) throws.
  int lookups = 0;
  checker.rule = [&lookups](const std::string&) -> const palisade::RuleInfo* {
    if (++lookups > 1) throw std::runtime_error("rule table exploded");
    return nullptr;
  };
  std::string uri = "file:///lsp-in-process/a.yaml";
  std::string input;
  auto add = [&](const LspJson& m) {
    std::string body = m.dump();
    input += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  };
  add({{"jsonrpc", "2.0"}, {"id", 1}, {"method", "initialize"}, {"params", {{"rootUri", "file:///lsp-in-process"}}}});
  add({{"jsonrpc", "2.0"}, {"method", "textDocument/didOpen"},
       {"params", {{"textDocument", {{"uri", uri}, {"languageId", "yaml"}, {"version", 1}, {"text", "kind: Pod\n"}}}}}});
  LspJson on_finding{{"textDocument", {{"uri", uri}}}, {"position", positionAt(0, 2)}};
  add({{"jsonrpc", "2.0"}, {"id", 2}, {"method", "textDocument/hover"}, {"params", on_finding}});
  add({{"jsonrpc", "2.0"}, {"id", 3}, {"method", "textDocument/hover"},
       {"params", {{"textDocument", {{"uri", uri}}}, {"position", positionAt(5, 0)}}}});
  add({{"jsonrpc", "2.0"}, {"id", 4}, {"method", "shutdown"}});
  add({{"jsonrpc", "2.0"}, {"method", "exit"}});
  std::istringstream in(input);
  std::ostringstream out;
  palisade::lsp::ServerOptions options;
  options.debounce = std::chrono::milliseconds(0);
  CHECK(palisade::lsp::serve(in, out, checker, options) == 0);

  std::istringstream replies(out.str());
  std::map<int, LspJson> responses;
  std::string problem;
  while (auto body = palisade::lsp::readFrame(replies, problem)) {
    LspJson m = LspJson::parse(*body);
    if (m.contains("id") && m["id"].is_number()) responses[m["id"].get<int>()] = m;
  }
  REQUIRE(responses.count(2));
  CHECK(responses[2]["error"]["code"] == -32603);
  CHECK(responses[2]["error"]["message"].get<std::string>().find("rule table exploded") != std::string::npos);
  REQUIRE(responses.count(3));
  CHECK(responses[3]["result"].is_null());
  CHECK(responses[4]["result"].is_null());
}
