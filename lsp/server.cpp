#include "lsp/server.h"

#include <fmt/format.h>

#include <condition_variable>
#include <deque>
#include <istream>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "core/stage_times.h"
#include "lsp/convert.h"
#include "lsp/transport.h"

namespace palisade::lsp {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

// A request answered with an error other than an exception's message.
struct RequestFailure : std::runtime_error {
  RequestFailure(int code_, const std::string& message) : std::runtime_error(message), code(code_) {}
  int code;
};

fs::path canonicalDocumentPath(const fs::path& path) {
  std::error_code ec;
  fs::path out = fs::weakly_canonical(path, ec);
  return ec ? path.lexically_normal() : out;
}

struct OpenDocument {
  std::string uri;  // as the client wrote it: diagnostics must name it so
  std::string text;
  int64_t version = 0;
};

class LanguageServer {
 public:
  LanguageServer(std::ostream& out, const Checker& checker, ServerOptions options)
      : writer_(out), checker_(checker), options_(options) {}

  int run(std::istream& in) {
    std::thread dispatcher([this] { dispatchLoop(); });
    std::thread checker([this] { checkLoop(); });
    readLoop(in);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      input_closed_ = true;
    }
    changed_.notify_all();
    dispatcher.join();
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    changed_.notify_all();
    checker.join();
    return exit_ && shutdown_ ? 0 : 1;
  }

 private:
  // ---- the reader: frames in; cancellation at once, the rest queued in order up to `exit`
  void readLoop(std::istream& in) {
    while (true) {
      std::string problem;
      std::optional<std::string> body = readFrame(in, problem);
      if (!body) return;
      if (!problem.empty()) {
        log(1, problem);
        continue;
      }
      Json message = Json::parse(*body, nullptr, false);
      if (message.is_discarded()) {
        writer_.send(errorResponse(nullptr, kParseError, "the message is not JSON"));
        continue;
      }
      const Json* method = message.is_object() ? findString(message, "method") : nullptr;
      bool is_exit = method && *method == "exit";
      if (method && *method == "$/cancelRequest") {
        if (message.contains("params") && message["params"].is_object() && message["params"].contains("id")) {
          std::lock_guard<std::mutex> lock(mutex_);
          cancelled_.insert(message["params"]["id"].dump());
        }
        changed_.notify_all();
        continue;
      }
      {
        std::lock_guard<std::mutex> lock(mutex_);
        queue_.push_back(std::move(message));
      }
      changed_.notify_all();
      if (is_exit) return;  // after the messages before it (a `shutdown` among them) are handled
    }
  }

  static const Json* findString(const Json& object, const char* key) {
    auto it = object.find(key);
    return it != object.end() && it->is_string() ? &*it : nullptr;
  }

  // ---- the dispatcher: one message after the other
  void dispatchLoop() {
    while (true) {
      Json message;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        changed_.wait(lock, [&] { return !queue_.empty() || input_closed_; });
        if (queue_.empty()) return;
        message = std::move(queue_.front());
        queue_.pop_front();
      }
      if (message.is_object() && message.value("method", Json()) == "exit") {
        exit_ = true;
        return;
      }
      handle(message);
    }
  }

  void handle(const Json& message) {
    if (!message.is_object()) {
      writer_.send(errorResponse(nullptr, kInvalidRequest, "a message is a JSON object"));
      return;
    }
    bool is_request = message.contains("id");
    Json id = is_request ? message["id"] : Json(nullptr);
    const Json* method = findString(message, "method");
    if (!method) {
      // A response to a request of ours (none is sent), or nonsense.
      if (is_request && (message.contains("result") || message.contains("error"))) return;
      writer_.send(errorResponse(id, kInvalidRequest, "a request names its method"));
      return;
    }
    const std::string& name = method->get_ref<const std::string&>();
    Json params = message.contains("params") ? message["params"] : Json::object();
    try {
      if (!is_request) {
        if (initialized_) notification(name, params);  // before `initialize`, notifications are dropped
        return;
      }
      if (takeCancelled(id)) throw RequestFailure(kRequestCancelled, "cancelled");
      if (!initialized_ && name != "initialize") throw RequestFailure(kServerNotInitialized, "initialize first");
      Json result = request(name, params, id);
      writer_.send(Json{{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}});
    } catch (const RequestFailure& failure) {
      if (failure.code == kRequestCancelled) takeCancelled(id);
      if (is_request) writer_.send(errorResponse(id, failure.code, failure.what()));
    } catch (const Json::exception& e) {
      if (is_request) writer_.send(errorResponse(id, kInvalidParams, fmt::format("{}: {}", name, e.what())));
      else log(1, fmt::format("{}: {}", name, e.what()));
    } catch (const std::exception& e) {
      if (is_request) writer_.send(errorResponse(id, kInternalError, fmt::format("{}: {}", name, e.what())));
      else log(1, fmt::format("{}: {}", name, e.what()));
    }
  }

  Json request(const std::string& method, const Json& params, const Json& id) {
    if (method == "initialize") return initialize(params);
    if (method == "shutdown") {
      shutdown_ = true;
      return nullptr;
    }
    if (method == "textDocument/hover") return hover(params, id);
    if (method == "textDocument/codeAction") return codeActions(params, id);
    throw RequestFailure(kMethodNotFound, fmt::format("palisade does not serve {}", method));
  }

  void notification(const std::string& method, const Json& params) {
    if (method == "initialized") {
      schedule(options_.debounce);  // the files an editor opens at start arrive meanwhile: one check for all
    } else if (method == "textDocument/didOpen") {
      const Json& doc = params.at("textDocument");
      std::string uri = doc.at("uri").get<std::string>();
      std::optional<fs::path> path = pathOfUri(uri);
      if (!path) return;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        documents_[canonicalDocumentPath(*path)] =
            OpenDocument{uri, doc.at("text").get<std::string>(), doc.value("version", int64_t{0})};
      }
      schedule(options_.debounce);
    } else if (method == "textDocument/didChange") {
      std::optional<fs::path> path = pathOfUri(params.at("textDocument").at("uri").get<std::string>());
      if (!path) return;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        auto it = documents_.find(canonicalDocumentPath(*path));
        if (it == documents_.end()) return;
        for (const Json& change : params.at("contentChanges")) applyContentChange(it->second.text, change);
        it->second.version = params.at("textDocument").value("version", it->second.version + 1);
      }
      schedule(options_.debounce);
    } else if (method == "textDocument/didSave") {
      if (params.contains("text")) {
        std::optional<fs::path> path = pathOfUri(params.at("textDocument").at("uri").get<std::string>());
        std::lock_guard<std::mutex> lock(mutex_);
        if (auto it = path ? documents_.find(canonicalDocumentPath(*path)) : documents_.end(); it != documents_.end()) {
          it->second.text = params["text"].get<std::string>();
        }
      }
      if (checker_.files_changed) checker_.files_changed();
      schedule(std::chrono::milliseconds(0));
    } else if (method == "textDocument/didClose") {
      std::optional<fs::path> path = pathOfUri(params.at("textDocument").at("uri").get<std::string>());
      if (!path) return;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        documents_.erase(canonicalDocumentPath(*path));
      }
      schedule(std::chrono::milliseconds(0));  // the file on disk counts again
    } else if (method == "workspace/didChangeWatchedFiles") {
      if (checker_.files_changed) checker_.files_changed();
      schedule(options_.debounce);
    }
    // Other notifications ($/setTrace, workspace/didChangeConfiguration, ...) need nothing.
  }

  Json initialize(const Json& params) {
    std::optional<fs::path> root;
    if (params.contains("rootUri") && params["rootUri"].is_string()) root = pathOfUri(params["rootUri"].get<std::string>());
    if (!root && params.contains("workspaceFolders") && params["workspaceFolders"].is_array() &&
        !params["workspaceFolders"].empty()) {
      root = pathOfUri(params["workspaceFolders"][0].at("uri").get<std::string>());
    }
    if (!root && params.contains("rootPath") && params["rootPath"].is_string()) root = fs::path(params["rootPath"].get<std::string>());
    if (!root) root = fs::current_path();
    {
      std::lock_guard<std::mutex> lock(mutex_);
      root_ = canonicalDocumentPath(*root);
    }
    if (std::optional<std::string> problem = checker_.configure(root_)) {
      writer_.send(Json{{"jsonrpc", "2.0"},
                        {"method", "window/showMessage"},
                        {"params", {{"type", 1}, {"message", "palisade: " + *problem}}}});
    }
    initialized_ = true;
    return Json{{"capabilities",
                 {{"positionEncoding", "utf-16"},
                  {"textDocumentSync", {{"openClose", true}, {"change", 2}, {"save", {{"includeText", false}}}}},
                  {"hoverProvider", true},
                  {"codeActionProvider", {{"codeActionKinds", Json::array({"quickfix"})}}}}},
                {"serverInfo", {{"name", "palisade"}, {"version", PALISADE_VERSION}}}};
  }

  // The findings of a document once the latest text is checked.
  std::vector<Finding> currentFindings(const Json& params, const Json& id) {
    std::optional<fs::path> path = pathOfUri(params.at("textDocument").at("uri").get<std::string>());
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return checked_generation_ == generation_ || cancelled_.count(id.dump()) || stopping_; });
    if (cancelled_.count(id.dump())) throw RequestFailure(kRequestCancelled, "cancelled");
    if (!path) return {};
    auto it = published_.find(canonicalDocumentPath(*path).string());
    return it == published_.end() ? std::vector<Finding>{} : it->second.findings;
  }

  Json hover(const Json& params, const Json& id) {
    uint32_t line = params.at("position").at("line").get<uint32_t>();
    uint32_t character = params.at("position").at("character").get<uint32_t>();
    std::string markdown;
    const Location* first = nullptr;
    std::vector<Finding> findings = currentFindings(params, id);
    for (const Finding& f : findings) {
      if (!spanContains(f.location, line, character)) continue;
      if (!markdown.empty()) markdown += "\n\n---\n\n";
      markdown += hoverMarkdownOf(f, checker_.rule(f.rule_id));
      if (!first) first = &f.location;
    }
    if (!first) return nullptr;
    return Json{{"contents", {{"kind", "markdown"}, {"value", markdown}}}, {"range", rangeOf(*first)}};
  }

  Json codeActions(const Json& params, const Json& id) {
    uint32_t first_line = params.at("range").at("start").at("line").get<uint32_t>();
    uint32_t last_line = params.at("range").at("end").at("line").get<uint32_t>();
    Json fixes = Json::array(), suppressions = Json::array();
    std::vector<Finding> findings = currentFindings(params, id);
    fs::path root;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      root = root_;
    }
    for (const Finding& f : findings) {
      if (!spanMeetsLines(f.location, first_line, last_line)) continue;
      Json diagnostic = diagnosticOf(f, root, checker_.rule(f.rule_id));
      if (auto fix = fixActionOf(f, root, diagnostic)) fixes.push_back(std::move(*fix));
      if (auto suppress = suppressActionOf(f, root, diagnostic)) suppressions.push_back(std::move(*suppress));
    }
    for (Json& s : suppressions) fixes.push_back(std::move(s));
    return fixes;
  }

  // ---- checks
  void schedule(std::chrono::milliseconds delay) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      ++generation_;
      check_due_ = true;
      due_ = Clock::now() + delay;
    }
    changed_.notify_all();
  }

  bool takeCancelled(const Json& id) {
    std::lock_guard<std::mutex> lock(mutex_);
    return cancelled_.erase(id.dump()) > 0;
  }

  void checkLoop() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stopping_) {
      if (!check_due_) {
        changed_.wait(lock);
        continue;
      }
      if (Clock::now() < due_) {
        changed_.wait_until(lock, due_);
        continue;
      }
      check_due_ = false;
      StageTimes publishing;  // from the end of the pause after the last change
      const uint64_t generation = generation_;
      const fs::path root = root_;
      std::map<fs::path, std::string> overlay;
      for (const auto& [path, doc] : documents_) overlay.emplace(path, doc.text);
      lock.unlock();
      std::vector<Finding> findings;
      std::string failure;
      try {
        findings = checker_.check(root, overlay);
      } catch (const std::exception& e) {
        failure = e.what();
      }
      publishing.mark("check");
      lock.lock();
      if (generation != generation_) continue;  // superseded by a newer text: never published
      std::vector<Json> messages;
      if (failure.empty()) {
        try {
          messages = publish(root, std::move(findings));
          publishing.mark("publish");
        } catch (const std::exception& e) {
          failure = e.what();
        }
      }
      if (!failure.empty()) messages = {logMessage(1, "the check failed: " + failure)};
      checked_generation_ = generation;
      lock.unlock();
      changed_.notify_all();
      for (const Json& m : messages) writer_.send(m);
      if (options_.trace && failure.empty()) {
        publishing.mark("send");
        fmt::print(stderr, "palisade lsp: {}\n", publishing.summary());
      }
      lock.lock();
    }
  }

  // Files with findings get theirs; files that had some and have none now get an empty list; a
  // file whose findings are those sent last time is not sent again, unless it is open (every open
  // file hears about its latest version). Holds mutex_.
  std::vector<Json> publish(const fs::path& root, std::vector<Finding> findings) {
    std::map<std::string, std::vector<Finding>> by_path;
    std::string uri;  // findings come sorted by file: the path is found once per run of one file's
    std::vector<Finding>* into = nullptr;
    for (Finding& f : findings) {
      if (f.location.uri.empty()) continue;
      if (!into || f.location.uri != uri) {
        uri = f.location.uri;
        into = &by_path[(root / uri).lexically_normal().string()];
      }
      into->push_back(std::move(f));
    }
    std::vector<Json> messages;
    std::unordered_set<std::string> open_paths;  // looked up for each file: by text, not path component by component
    for (const auto& [path, doc] : documents_) open_paths.insert(path.string());
    auto send = [&](const std::string& path, const Json& diagnostics) {
      auto doc = open_paths.count(path) ? documents_.find(fs::path(path)) : documents_.end();
      Json params{{"uri", doc != documents_.end() ? doc->second.uri : uriOfPath(path)}, {"diagnostics", diagnostics}};
      if (doc != documents_.end()) params["version"] = doc->second.version;
      messages.push_back(Json{{"jsonrpc", "2.0"}, {"method", "textDocument/publishDiagnostics"}, {"params", std::move(params)}});
    };
    std::map<std::string, Published> published;
    for (auto& [path, list] : by_path) {
      auto before = published_.find(path);
      Published now;
      const bool same = before != published_.end() && before->second.findings == list;
      if (same) {
        now = std::move(before->second);
      } else {
        now.diagnostics = Json::array();
        for (const Finding& f : list) now.diagnostics.push_back(diagnosticOf(f, root, checker_.rule(f.rule_id)));
        now.findings = std::move(list);
      }
      if (!same || open_paths.count(path)) send(path, now.diagnostics);
      published.emplace(path, std::move(now));
    }
    for (const auto& [path, before] : published_) {
      if (!published.count(path)) send(path, Json::array());
    }
    for (const auto& [path, doc] : documents_) {
      std::string key = path.string();
      if (!published.count(key) && !published_.count(key)) send(key, Json::array());
    }
    published_ = std::move(published);
    return messages;
  }

  static Json logMessage(int type, const std::string& text) {
    return Json{{"jsonrpc", "2.0"}, {"method", "window/logMessage"}, {"params", {{"type", type}, {"message", "palisade: " + text}}}};
  }
  void log(int type, const std::string& text) { writer_.send(logMessage(type, text)); }

  FrameWriter writer_;
  const Checker& checker_;
  ServerOptions options_;

  std::mutex mutex_;
  std::condition_variable changed_;  // the queue, cancellations, the check's state
  std::deque<Json> queue_;
  std::set<std::string> cancelled_;  // request ids (as JSON text) the client gave up
  bool input_closed_ = false;
  bool stopping_ = false;
  // Touched by the dispatcher only, read after it stopped.
  bool exit_ = false;
  bool shutdown_ = false;
  bool initialized_ = false;

  fs::path root_;
  std::map<fs::path, OpenDocument> documents_;  // by canonical path
  uint64_t generation_ = 0;          // bumped by every change that needs a check
  uint64_t checked_generation_ = 0;  // the generation whose findings are published
  bool check_due_ = false;
  Clock::time_point due_;
  struct Published {
    std::vector<Finding> findings;
    Json diagnostics;  // as sent
  };
  std::map<std::string, Published> published_;  // by canonical path: the files whose findings were last sent
};

}  // namespace

int serve(std::istream& in, std::ostream& out, const Checker& checker, const ServerOptions& options) {
  // std::cin flushes std::cout before each read: from the reading thread, while another writes. Untied,
  // only FrameWriter (under its lock) touches the output.
  in.tie(nullptr);
  LanguageServer server(out, checker, options);
  return server.run(in);
}

}  // namespace palisade::lsp
