#include "cli/named_inputs.h"

#include <fmt/format.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace palisade {

namespace fs = std::filesystem;

namespace {

std::optional<std::string> problemWith(const std::string& path, std::string_view what) {
  std::error_code ec;
  fs::file_status status = fs::status(path, ec);
  if (ec || !fs::exists(status)) return fmt::format("{}{}: no such file or directory", what, path);
  if (fs::is_directory(status)) {
    fs::directory_iterator it(path, ec);
    if (ec) return fmt::format("{}{}: cannot read directory: {}", what, path, ec.message());
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return fmt::format("{}{}: cannot read: {}", what, path, std::strerror(errno));
  return std::nullopt;
}

}  // namespace

std::optional<std::string> namedInputProblem(const std::vector<std::string>& paths,
                                             const std::vector<std::string>& parameter_files) {
  for (const std::string& p : paths) {
    if (p == "-") continue;
    if (auto problem = problemWith(p, "")) return problem;
  }
  for (const std::string& p : parameter_files) {
    if (auto problem = problemWith(p, "--params ")) return problem;
    if (fs::is_directory(p)) return fmt::format("--params {}: is a directory, not a parameter file", p);
  }
  return std::nullopt;
}

std::optional<std::string> nothingReadMessage(const std::vector<InputRecord>& inputs, const std::vector<std::string>& paths) {
  std::size_t skipped = 0;
  for (const InputRecord& r : inputs) {
    if (r.skipped.empty()) return std::nullopt;  // read, even if it held nothing to check (GEN014 says so when named)
    ++skipped;
  }
  std::string named;
  for (const std::string& p : paths) named += (named.empty() ? "" : ", ") + (p == "-" ? std::string("standard input") : p);
  if (skipped) {
    return fmt::format("no input read from {}: {} file{} skipped (the report says why)", named, skipped, skipped == 1 ? "" : "s");
  }
  return fmt::format("no input read from {}: no .bicep, .bicepparam, .json, .yaml or .yml file read there", named);
}

std::optional<std::size_t> parseByteSize(const std::string& text) {
  std::size_t number = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (ec != std::errc() || end == text.data()) return std::nullopt;
  std::string_view unit(end, text.data() + text.size() - end);
  std::size_t scale = 1;
  if (unit == "K" || unit == "k" || unit == "KiB" || unit == "KB") scale = std::size_t{1} << 10;
  else if (unit == "M" || unit == "m" || unit == "MiB" || unit == "MB") scale = std::size_t{1} << 20;
  else if (unit == "G" || unit == "g" || unit == "GiB" || unit == "GB") scale = std::size_t{1} << 30;
  else if (!unit.empty()) return std::nullopt;
  if (number == 0 || number > (std::size_t{1} << 40) / scale) return std::nullopt;
  return number * scale;
}

}  // namespace palisade
