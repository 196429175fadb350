#include "lsp/convert.h"

#include <fmt/format.h>

#include "reporters/utf16_text.h"

namespace palisade::lsp {

namespace fs = std::filesystem;
using Json = nlohmann::json;

namespace {

int hexDigitValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string absoluteUriOf(const fs::path& root, const std::string& relative) {
  return uriOfPath((root / relative).lexically_normal());
}

std::string documentationOf(const RuleInfo& rule) {
  return rule.help_uri.empty() ? ruleHelpUri(rule) : rule.help_uri;
}

// The leading blanks of a line, to indent an inserted comment like the line it precedes.
std::string_view indentOf(std::string_view line) {
  return line.substr(0, std::min(line.find_first_not_of(" \t"), line.size()));
}

}  // namespace

std::optional<fs::path> pathOfUri(std::string_view uri) {
  constexpr std::string_view kScheme = "file://";
  if (uri.substr(0, kScheme.size()) != kScheme) return std::nullopt;
  uri.remove_prefix(kScheme.size());
  std::size_t slash = uri.find('/');  // an authority ("localhost") before the path is dropped
  if (slash == std::string_view::npos) return std::nullopt;
  uri.remove_prefix(slash);
  std::string decoded;
  for (std::size_t i = 0; i < uri.size(); ++i) {
    if (uri[i] == '%' && i + 2 < uri.size() && hexDigitValue(uri[i + 1]) >= 0 && hexDigitValue(uri[i + 2]) >= 0) {
      decoded += static_cast<char>(hexDigitValue(uri[i + 1]) * 16 + hexDigitValue(uri[i + 2]));
      i += 2;
    } else {
      decoded += uri[i];
    }
  }
  return fs::path(decoded);
}

std::string uriOfPath(const fs::path& path) {
  std::string out = "file://";
  for (unsigned char c : path.generic_string()) {
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
                 c == '_' || c == '~' || c == '/';
    if (plain) {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

std::size_t byteOffsetOfPosition(std::string_view text, uint32_t line, uint32_t character) {
  std::size_t start = 0;
  for (uint32_t l = 0; l < line; ++l) {
    std::size_t newline = text.find('\n', start);
    if (newline == std::string_view::npos) return text.size();
    start = newline + 1;
  }
  std::size_t end = text.find('\n', start);
  std::string_view line_text = text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
  if (!line_text.empty() && line_text.back() == '\r') line_text.remove_suffix(1);
  return start + byteOffsetOfUtf16Column(line_text, character + 1);
}

void applyContentChange(std::string& text, const Json& change) {
  const std::string& replacement = change.at("text").get_ref<const std::string&>();
  if (!change.contains("range")) {
    text = replacement;
    return;
  }
  const Json& range = change.at("range");
  std::size_t begin = byteOffsetOfPosition(text, range.at("start").at("line").get<uint32_t>(),
                                           range.at("start").at("character").get<uint32_t>());
  std::size_t end = byteOffsetOfPosition(text, range.at("end").at("line").get<uint32_t>(),
                                         range.at("end").at("character").get<uint32_t>());
  if (end < begin) std::swap(begin, end);
  text.replace(begin, end - begin, replacement);
}

Json rangeOf(uint32_t start_line, uint32_t start_column, uint32_t end_line, uint32_t end_column) {
  auto position = [](uint32_t line, uint32_t column) {
    return Json{{"line", line == 0 ? 0 : line - 1}, {"character", column == 0 ? 0 : column - 1}};
  };
  if (end_line == 0) {
    end_line = start_line;
    end_column = start_column + 1;
  }
  return Json{{"start", position(start_line, start_column)}, {"end", position(end_line, end_column)}};
}

Json rangeOf(const Location& at) { return rangeOf(at.start_line, at.start_column, at.end_line, at.end_column); }

Json diagnosticOf(const Finding& finding, const fs::path& root, const RuleInfo* rule) {
  int severity = 3;  // Information
  if (finding.level == Level::Error) severity = 1;
  if (finding.level == Level::Warning) severity = 2;
  std::string message = displayMessage(finding);
  if (!finding.help.empty()) message += "\n" + finding.help;
  Json out{{"range", rangeOf(finding.location)},
           {"severity", severity},
           {"code", finding.rule_id},
           {"source", "palisade"},
           {"message", message}};
  if (rule) out["codeDescription"] = Json{{"href", documentationOf(*rule)}};
  if (!finding.related.empty()) {
    Json related = Json::array();
    for (const Location& at : finding.related) {
      if (at.uri.empty()) continue;
      related.push_back(Json{{"location", {{"uri", absoluteUriOf(root, at.uri)}, {"range", rangeOf(at)}}},
                             {"message", at.message.empty() ? std::string("related") : at.message}});
    }
    if (!related.empty()) out["relatedInformation"] = std::move(related);
  }
  out["data"] = Json{{"fingerprint", finding.fingerprint}};
  return out;
}

bool spanContains(const Location& at, uint32_t line, uint32_t character) {
  if (!at.valid()) return false;
  uint32_t l = line + 1, c = character + 1;
  uint32_t end_line = at.end_line ? at.end_line : at.start_line;
  uint32_t end_column = at.end_line ? at.end_column : at.start_column + 1;
  if (l < at.start_line || l > end_line) return false;
  if (l == at.start_line && c < at.start_column) return false;
  if (l == end_line && c > end_column) return false;  // the position just after the span still hovers it
  return true;
}

bool spanMeetsLines(const Location& at, uint32_t first_line, uint32_t last_line) {
  if (!at.valid()) return false;
  uint32_t end_line = at.end_line ? at.end_line : at.start_line;
  return at.start_line <= last_line + 1 && end_line >= first_line + 1;
}

std::optional<Json> fixActionOf(const Finding& finding, const fs::path& root, const Json& diagnostic) {
  if (!finding.fix || !finding.fix->applicable()) return std::nullopt;
  Json changes = Json::object();
  for (const TextEdit& edit : finding.fix->edits) {
    changes[absoluteUriOf(root, edit.uri)].push_back(
        Json{{"range", rangeOf(edit.start_line, edit.start_column, edit.end_line, edit.end_column)}, {"newText", edit.text}});
  }
  std::string title = fmt::format("{}: {}", finding.rule_id, finding.fix->title);
  if (!finding.fix->safe) title += " (unsafe: it may change how this runs)";
  return Json{{"title", title},
              {"kind", "quickfix"},
              {"diagnostics", Json::array({diagnostic})},
              {"isPreferred", finding.fix->safe},
              {"edit", {{"changes", std::move(changes)}}}};
}

std::optional<Json> suppressActionOf(const Finding& finding, const fs::path& root, const Json& diagnostic) {
  const Location& at = finding.location;
  if (!at.valid() || finding.rule_id.starts_with("GEN")) return std::nullopt;
  std::string extension = fs::path(at.uri).extension().string();
  std::string marker;
  if (extension == ".yaml" || extension == ".yml") marker = "#";
  if (extension == ".bicep" || extension == ".bicepparam") marker = "//";
  if (marker.empty()) return std::nullopt;
  std::string comment = fmt::format("{}{} palisade-ignore {}: \n", indentOf(at.snippet), marker, finding.rule_id);
  Json insert{{"range", rangeOf(at.start_line, 1, at.start_line, 1)}, {"newText", comment}};
  return Json{{"title", fmt::format("Suppress {} here with a reason (palisade-ignore)", finding.rule_id)},
              {"kind", "quickfix"},
              {"diagnostics", Json::array({diagnostic})},
              {"edit", {{"changes", {{absoluteUriOf(root, at.uri), Json::array({insert})}}}}}};
}

std::string hoverMarkdownOf(const Finding& finding, const RuleInfo* rule) {
  std::string out = fmt::format("**{}** `{}`", finding.rule_id, finding.rule_name);
  if (rule && !rule->title.empty()) out += " — " + rule->title;
  out += "\n\n" + displayMessage(finding);
  if (!finding.help.empty()) out += "\n\n" + finding.help;
  if (rule && !rule->description.empty()) out += "\n\n" + rule->description;
  if (rule) out += fmt::format("\n\n[{} documentation]({})", finding.rule_id, documentationOf(*rule));
  return out;
}

}  // namespace palisade::lsp
