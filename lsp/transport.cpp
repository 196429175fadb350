#include "lsp/transport.h"

#include <charconv>
#include <istream>
#include <ostream>

#include "core/ascii.h"

namespace palisade::lsp {

namespace {

// A header line without its "\r\n" (a bare "\n" is accepted too); nullopt at the end of input.
std::optional<std::string> readHeaderLine(std::istream& in) {
  std::string line;
  if (!std::getline(in, line)) return std::nullopt;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

constexpr std::size_t kMaxFrameBytes = std::size_t{1} << 30;

}  // namespace

std::optional<std::string> readFrame(std::istream& in, std::string& problem) {
  problem.clear();
  std::optional<std::size_t> length;
  bool any_header = false;
  while (true) {
    std::optional<std::string> line = readHeaderLine(in);
    if (!line) return std::nullopt;
    if (line->empty()) {
      if (!any_header) continue;  // stray blank lines between frames
      break;
    }
    any_header = true;
    constexpr std::string_view kLength = "content-length:";
    if (startsWithIgnoreCase(*line, kLength)) {
      std::string_view value(*line);
      value.remove_prefix(kLength.size());
      while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      std::size_t n = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (ec == std::errc() && end == value.data() + value.size()) length = n;
    }
  }
  if (!length) {
    problem = "a message without a valid Content-Length header was skipped";
    return std::string();
  }
  if (*length > kMaxFrameBytes) return std::nullopt;  // nothing sane follows such a header
  std::string body(*length, '\0');
  in.read(body.data(), static_cast<std::streamsize>(body.size()));
  if (static_cast<std::size_t>(in.gcount()) != body.size()) return std::nullopt;
  return body;
}

void FrameWriter::send(const nlohmann::json& message) {
  std::string body = message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::lock_guard<std::mutex> lock(mutex_);
  out_ << "Content-Length: " << body.size() << "\r\n\r\n" << body;
  out_.flush();
}

nlohmann::json errorResponse(const nlohmann::json& id, int code, const std::string& message) {
  return {{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}};
}

}  // namespace palisade::lsp
