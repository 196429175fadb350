// Between palisade's model and the Language Server Protocol's: file URIs and
// paths, LSP positions (0-based lines, UTF-16 code units) and byte offsets in
// a buffer, incremental text changes, and findings as Diagnostics, CodeActions
// and Hover text. palisade's Location columns are 1-based UTF-16 code units
// already (core/finding.h), so a Location maps to a Range by subtracting one.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/finding.h"
#include "core/rule_info.h"

namespace palisade::lsp {

// "file:///a%20b/c.yaml" -> "/a b/c.yaml"; nullopt for another scheme.
std::optional<std::filesystem::path> pathOfUri(std::string_view uri);
// The file URI of an absolute path, percent-encoding what RFC 3986 requires.
std::string uriOfPath(const std::filesystem::path& path);

// The byte offset in `text` of an LSP position (clamped to the line and the text).
std::size_t byteOffsetOfPosition(std::string_view text, uint32_t line, uint32_t character);

// Applies one TextDocumentContentChangeEvent: with a `range` it replaces that
// range, without one the whole text.
void applyContentChange(std::string& text, const nlohmann::json& change);

// An LSP Range of a palisade Location (or of a fix's edit).
nlohmann::json rangeOf(uint32_t start_line, uint32_t start_column, uint32_t end_line, uint32_t end_column);
nlohmann::json rangeOf(const Location& at);

// The Diagnostic of a finding: severity, code and its documentation, source
// "palisade", the message (with the advice), related locations. `root` is the
// folder finding URIs are relative to; `rule` may be null (an unknown id).
nlohmann::json diagnosticOf(const Finding& finding, const std::filesystem::path& root, const RuleInfo* rule);

// True when the LSP position (0-based) lies within the finding's span.
bool spanContains(const Location& at, uint32_t line, uint32_t character);
// True when the LSP range [start, end] meets the finding's lines.
bool spanMeetsLines(const Location& at, uint32_t first_line, uint32_t last_line);

// The CodeAction applying a finding's fix, as a WorkspaceEdit; nullopt when it has none.
std::optional<nlohmann::json> fixActionOf(const Finding& finding, const std::filesystem::path& root,
                                          const nlohmann::json& diagnostic);
// The CodeAction inserting a `palisade-ignore RULE: ` comment on its own line
// above the finding, the reason left for the author to write (until then the
// comment is GEN008 and suppresses nothing). nullopt for formats without
// comments (JSON).
std::optional<nlohmann::json> suppressActionOf(const Finding& finding, const std::filesystem::path& root,
                                               const nlohmann::json& diagnostic);

// Markdown for hovering over a finding: the rule, the message, the advice, the rule's explanation and its page.
std::string hoverMarkdownOf(const Finding& finding, const RuleInfo* rule);

}  // namespace palisade::lsp
