#include "scan/baseline.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <tuple>

namespace palisade {

namespace {

constexpr const char* kFormatKey = "palisade-baseline";
constexpr int kFormatVersion = 1;

}  // namespace

std::string renderBaseline(const std::vector<Finding>& findings) {
  std::vector<const Finding*> active;
  for (const Finding& f : findings) {
    if (!f.suppression && !f.baselined) active.push_back(&f);
  }
  std::sort(active.begin(), active.end(), [](const Finding* a, const Finding* b) {
    return std::tie(a->location.uri, a->rule_id, a->fingerprint, a->message) <
           std::tie(b->location.uri, b->rule_id, b->fingerprint, b->message);
  });
  nlohmann::ordered_json entries = nlohmann::ordered_json::array();
  for (const Finding* f : active) {
    entries.push_back(nlohmann::ordered_json{
        {"fingerprint", f->fingerprint}, {"rule", f->rule_id}, {"file", f->location.uri}, {"message", f->message}});
  }
  nlohmann::ordered_json doc{{kFormatKey, kFormatVersion}, {"findings", std::move(entries)}};
  return doc.dump(2) + "\n";
}

std::variant<Baseline, std::string> parseBaseline(std::string_view text) {
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded()) return std::string("not valid JSON");
  if (!doc.is_object() || !doc.contains(kFormatKey)) {
    return fmt::format("not a palisade baseline (no \"{}\" key): record one with `palisade baseline`", kFormatKey);
  }
  if (doc[kFormatKey] != kFormatVersion) {
    return fmt::format("baseline format {} is not supported (this palisade reads format {})", doc[kFormatKey].dump(),
                       kFormatVersion);
  }
  if (!doc.contains("findings") || !doc["findings"].is_array()) return std::string("\"findings\" must be a list");
  Baseline baseline;
  std::size_t index = 0;
  for (const auto& entry : doc["findings"]) {
    if (!entry.is_object() || !entry.contains("fingerprint") || !entry["fingerprint"].is_string()) {
      return fmt::format("findings[{}] has no \"fingerprint\" string", index);
    }
    ++baseline.fingerprints[entry["fingerprint"].get<std::string>()];
    ++index;
  }
  return baseline;
}

std::variant<Baseline, std::string> loadBaseline(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fmt::format("{}: cannot read the baseline file", path.string());
  std::ostringstream text;
  text << in.rdbuf();
  auto parsed = parseBaseline(text.str());
  if (auto* error = std::get_if<std::string>(&parsed)) return fmt::format("{}: {}", path.string(), *error);
  return parsed;
}

std::vector<Finding> applyBaseline(std::vector<Finding> findings, const Baseline& baseline) {
  std::map<std::string, std::size_t> remaining = baseline.fingerprints;
  for (Finding& f : findings) {
    if (f.suppression || f.baselined) continue;
    auto it = remaining.find(f.fingerprint);
    if (it == remaining.end() || it->second == 0) continue;
    --it->second;
    f.baselined = true;
  }
  return findings;
}

}  // namespace palisade
