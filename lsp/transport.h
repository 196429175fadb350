// The Language Server Protocol's base layer: JSON-RPC 2.0 messages framed by
// a `Content-Length: N` header and a blank line, over a pair of streams
// (standard input and output for `palisade lsp`).
#pragma once

#include <iosfwd>
#include <mutex>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace palisade::lsp {

// One message's body: nullopt at the end of input (or a frame cut short).
// A frame without a usable Content-Length is skipped and `problem` says why.
std::optional<std::string> readFrame(std::istream& in, std::string& problem);

// Writes whole frames; several threads (requests, the diagnostics worker) share it.
class FrameWriter {
 public:
  explicit FrameWriter(std::ostream& out) : out_(out) {}
  void send(const nlohmann::json& message);

 private:
  std::ostream& out_;
  std::mutex mutex_;
};

// JSON-RPC error codes used by the server.
inline constexpr int kParseError = -32700;
inline constexpr int kInvalidRequest = -32600;
inline constexpr int kMethodNotFound = -32601;
inline constexpr int kInvalidParams = -32602;
inline constexpr int kInternalError = -32603;
inline constexpr int kServerNotInitialized = -32002;
inline constexpr int kRequestCancelled = -32800;

nlohmann::json errorResponse(const nlohmann::json& id, int code, const std::string& message);

}  // namespace palisade::lsp
