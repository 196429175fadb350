#include "scan/comment_suppressions.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <unordered_set>

#include "core/ascii.h"
#include "core/source_file.h"

namespace palisade {

namespace {

constexpr std::string_view kIgnoreMarker = "palisade-ignore";
constexpr std::string_view kBicepDirective = "#disable-next-line";

bool isBicepPath(std::string_view path) {
  std::string lower = lowerAscii(path);
  return lower.ends_with(".bicep") || lower.ends_with(".bicepparam");
}

bool isSpace(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && (isSpace(s.front()) || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (isSpace(s.back()) || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool looksLikeRuleId(std::string_view token) {
  if (token.size() < 4 || token[0] < 'A' || token[0] > 'Z') return false;
  for (char c : token) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return false;
  }
  return std::all_of(token.end() - 3, token.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A token of a rule list: up to whitespace, ',' or ':'.
std::string_view takeToken(std::string_view& rest) {
  std::size_t n = 0;
  while (n < rest.size() && !isSpace(rest[n]) && rest[n] != ',' && rest[n] != ':') ++n;
  std::string_view token = rest.substr(0, n);
  rest.remove_prefix(n);
  return token;
}

void skipSpaces(std::string_view& rest) {
  while (!rest.empty() && isSpace(rest.front())) rest.remove_prefix(1);
}

// Parses what follows `palisade-ignore`: RULES [until DATE] [:] [REASON].
void parseIgnoreBody(std::string_view rest, std::string_view comment_marker, SuppressionComment& out) {
  // A second comment on the same line (`# expect: …`, `# TODO`) is not part of the reason.
  if (std::size_t nested = rest.find(fmt::format(" {}", comment_marker)); nested != std::string_view::npos) {
    rest = rest.substr(0, nested);
  }
  skipSpaces(rest);
  std::string_view first = takeToken(rest);
  if (first.empty()) {
    out.problem = "names no rule: write `palisade-ignore RULE: reason`";
    return;
  }
  out.rules.emplace_back(first);
  while (true) {
    std::string_view look = rest;
    skipSpaces(look);
    if (!look.empty() && look.front() == ',') {
      look.remove_prefix(1);
      skipSpaces(look);
      std::string_view token = takeToken(look);
      if (token.empty()) {
        out.problem = "a ',' is not followed by a rule";
        return;
      }
      out.rules.emplace_back(token);
      rest = look;
      continue;
    }
    std::string_view probe = look;
    std::string_view token = takeToken(probe);
    if (looksLikeRuleId(token)) {
      out.rules.emplace_back(token);
      rest = probe;
      continue;
    }
    break;
  }
  skipSpaces(rest);
  if (rest.starts_with("until") && rest.size() > 5 && (isSpace(rest[5]) || rest[5] == '=')) {
    rest.remove_prefix(6);
    skipSpaces(rest);
    std::string_view date = takeToken(rest);
    out.until = parseCivilDate(date);
    if (!out.until) {
      out.problem = fmt::format("'until {}' is not a date: write YYYY-MM-DD", date);
      return;
    }
  }
  skipSpaces(rest);
  if (!rest.empty() && rest.front() == ':') rest.remove_prefix(1);
  out.reason = std::string(trim(rest));
}

// A code line's comment marker position (YAML `#` after whitespace, Bicep `//`) that starts `palisade-ignore`.
std::optional<std::size_t> ignoreMarkerIn(std::string_view line, bool bicep) {
  std::string_view marker = bicep ? "//" : "#";
  for (std::size_t at = line.find(marker); at != std::string_view::npos; at = line.find(marker, at + 1)) {
    if (!bicep && at > 0 && !isSpace(line[at - 1])) continue;
    std::string_view after = line.substr(at + marker.size());
    skipSpaces(after);
    if (!after.starts_with(kIgnoreMarker)) continue;
    std::string_view tail = after.substr(kIgnoreMarker.size());
    if (tail.empty() || isSpace(tail.front()) || tail.front() == ':' || tail.front() == '\r') return at;
  }
  return std::nullopt;
}

// Lines a standalone comment looks past to find the line it covers.
bool isCommentOrSeparator(std::string_view line, bool bicep) {
  std::string_view t = trim(line);
  if (bicep) return t.starts_with("//") || t.starts_with("#disable-next-line");
  return t.starts_with("#") || t == "---";
}

std::vector<uint32_t> coveredLines(const SourceFile& file, uint32_t from, bool bicep) {
  std::vector<uint32_t> lines;
  auto count = static_cast<uint32_t>(file.lineCount());
  uint32_t line = from;
  while (line <= count && isCommentOrSeparator(file.lineText(line), bicep)) ++line;
  if (line > count) return lines;
  lines.push_back(line);
  // Bicep decorators belong to the declaration below them.
  while (bicep && trim(file.lineText(line)).starts_with("@") && line < count) {
    ++line;
    while (line <= count && isCommentOrSeparator(file.lineText(line), bicep)) ++line;
    if (line <= count) lines.push_back(line);
  }
  return lines;
}

// The codes of a `#disable-next-line` directive: its words up to a trailing comment.
std::vector<std::string> directiveCodes(std::string_view text) {
  std::vector<std::string> out;
  while (true) {
    skipSpaces(text);
    std::size_t n = 0;
    while (n < text.size() && !isSpace(text[n]) && text[n] != '\r') ++n;
    if (n == 0) break;
    std::string_view word = text.substr(0, n);
    if (word.starts_with("//") || word.starts_with("/*")) break;
    out.emplace_back(word);
    text.remove_prefix(n);
  }
  return out;
}

}  // namespace

// Line extents of the resources declared in each file.
ResourceLineExtents resourceLineExtents(const Project& project, const std::unordered_set<std::string_view>* only_files) {
  ResourceLineExtents out;
  const SourceFile* last_file = nullptr;  // resources come in runs from one file: look each run up once
  bool last_wanted = true;
  for (const Resource& resource : project.resources()) {
    const Span& declaration = resource.declaration;
    const Span& body = resource.body.span();
    const SourceFile* file = declaration.file ? declaration.file : body.file;
    if (!file) continue;
    if (only_files && file != last_file) {
      last_file = file;
      last_wanted = only_files->count(file->path()) != 0;
    }
    if (!last_wanted) continue;
    ResourceLineRange range{0, 0};
    for (const Span* span : {&declaration, &body}) {
      if (span->file != file || span->start.line == 0) continue;
      uint32_t stop = std::max(span->stop.line, span->start.line);
      range.first = range.first == 0 ? span->start.line : std::min(range.first, span->start.line);
      range.last = std::max(range.last, stop);
    }
    if (range.first != 0) out[file->path()].push_back(range);
  }
  return out;
}

namespace {

bool namesRule(const std::string& written, const Finding& finding) {
  std::string lower = lowerAscii(written);
  return lower == lowerAscii(finding.rule_id) || lower == lowerAscii(finding.rule_name);
}

// Bicep linter code (lower case) → the ids of the rules that report the same thing.
using LinterEquivalents = std::map<std::string, std::set<std::string>>;

LinterEquivalents linterEquivalentsOf(const RuleSet& rules) {
  LinterEquivalents out;
  for (const Rule& rule : rules.rules()) {
    for (const std::string& code : rule.info.bicep_linter_equivalents) out[lowerAscii(code)].insert(rule.info.id);
  }
  return out;
}

// Whether a word of a `#disable-next-line` directive covers the finding: our rule's id or name, or a
// Bicep linter code our rule is the equivalent of.
bool directiveNamesRule(const std::string& written, const Finding& finding, const LinterEquivalents& equivalents) {
  if (namesRule(written, finding)) return true;
  auto it = equivalents.find(lowerAscii(written));
  return it != equivalents.end() && it->second.count(finding.rule_id) > 0;
}

Finding findingAt(const Rule& rule, const SourceFile& file, const SuppressionComment& comment, std::string message) {
  Span span;
  span.file = &file;
  span.begin = file.lineStart(comment.line) + comment.column - 1;
  span.end = file.lineStart(comment.line) + comment.end_column - 1;
  span.start = {comment.line, comment.column};
  span.stop = {comment.line, comment.end_column};
  Finding f = findingOfRule(rule.info);
  f.message = std::move(message);
  f.location = locate(span);
  f.fingerprint = fingerprintOf(rule.info.id, file.path(), "", comment.text);
  return f;
}

struct CommentScope {
  const SuppressionComment* comment;
  std::vector<ResourceLineRange> ranges;  // the covered lines and the resources starting on them
  std::vector<bool> used;         // per rule of the comment
};

}  // namespace

std::vector<SuppressionComment> suppressionCommentsIn(const SourceFile& file) {
  std::vector<SuppressionComment> out;
  const std::string& text = file.text();
  bool bicep = isBicepPath(file.path());
  if (text.find(kIgnoreMarker) == std::string::npos && (!bicep || text.find(kBicepDirective) == std::string::npos)) {
    return out;
  }
  auto count = static_cast<uint32_t>(file.lineCount());
  for (uint32_t line = 1; line <= count; ++line) {
    std::string_view code = file.lineText(line);
    std::string_view trimmed_end = code;
    while (!trimmed_end.empty() && (isSpace(trimmed_end.back()) || trimmed_end.back() == '\r')) trimmed_end.remove_suffix(1);
    SuppressionComment comment;
    comment.line = line;
    comment.end_column = static_cast<uint32_t>(trimmed_end.size()) + 1;
    if (bicep && trim(code).starts_with(kBicepDirective)) {
      std::size_t at = code.find(kBicepDirective);
      comment.style = SuppressionComment::Style::BicepDisableNextLine;
      comment.column = static_cast<uint32_t>(at) + 1;
      comment.text = std::string(trim(code.substr(at)));
      comment.rules = directiveCodes(code.substr(at + kBicepDirective.size()));
      comment.covered_lines = {line + 1};
      out.push_back(std::move(comment));
      continue;
    }
    std::optional<std::size_t> at = ignoreMarkerIn(code, bicep);
    if (!at) continue;
    comment.column = static_cast<uint32_t>(*at) + 1;
    comment.text = std::string(trim(code.substr(*at)));
    std::string_view body = code.substr(code.find(kIgnoreMarker, *at) + kIgnoreMarker.size());
    parseIgnoreBody(body, bicep ? "//" : "#", comment);
    bool standalone = trim(code.substr(0, *at)).empty();
    comment.covered_lines = standalone ? coveredLines(file, line + 1, bicep) : std::vector<uint32_t>{line};
    out.push_back(std::move(comment));
  }
  return out;
}

std::set<std::string> knownRuleNames(const RuleSet& rules) {
  std::set<std::string> out;
  for (const auto* list : {&rules.rules(), &rules.dormant()}) {
    for (const Rule& rule : *list) {
      out.insert(lowerAscii(rule.info.id));
      out.insert(lowerAscii(rule.info.name));
    }
  }
  return out;
}

SuppressionCommentsByFile SuppressionCommentsMemo::of(const Project& project) {
  std::unordered_map<const SourceFile*, Found> now;
  now.reserve(project.files().size());
  SuppressionCommentsByFile out;
  for (const SourceFilePtr& file : project.files()) {
    auto [at, added] = now.try_emplace(file.get());
    if (!added) continue;
    if (auto before = by_file_.find(file.get()); before != by_file_.end()) {
      at->second = std::move(before->second);
    } else {
      at->second = Found{file, suppressionCommentsIn(*file)};
    }
    if (!at->second.comments.empty()) out.emplace(file->path(), at->second.comments);
  }
  by_file_ = std::move(now);
  return out;
}

std::vector<Finding> applyCommentSuppressions(std::vector<Finding> findings, const Project& project, const RuleSet& rules,
                                              const CommentSuppressionSettings& settings,
                                              const ResourceLineExtents* given_extents,
                                              const SuppressionCommentsByFile* given_comments) {
  ResourceLineExtents extents;
  bool extents_built = false;
  std::vector<Finding> reported;
  auto report = [&](GenCode code, const SourceFile& file, const SuppressionComment& comment, std::string message) {
    if (const Rule* rule = rules.find(code)) reported.push_back(findingAt(*rule, file, comment, std::move(message)));
  };
  auto runs = [&](const std::string& written) {
    return std::any_of(rules.rules().begin(), rules.rules().end(), [&](const Rule& r) {
      return lowerAscii(r.info.id) == lowerAscii(written) || lowerAscii(r.info.name) == lowerAscii(written);
    });
  };

  const LinterEquivalents equivalents = linterEquivalentsOf(rules);

  std::map<std::string, std::vector<Finding*>> by_file;
  bool by_file_built = false;
  // The extents are needed only in the files with comments: given, they are known before the loop.
  std::unordered_set<std::string_view> commented_files;
  if (given_comments) {
    for (const auto& [path, comments] : *given_comments) {
      if (!comments.empty()) commented_files.insert(path);
    }
  }
  for (const SourceFilePtr& file : project.files()) {
    std::vector<SuppressionComment> comments;
    if (!given_comments) {
      comments = suppressionCommentsIn(*file);
    } else if (auto given = given_comments->find(file->path()); given != given_comments->end()) {
      comments = given->second;
    }
    if (comments.empty()) continue;
    if (!extents_built) {
      extents = given_extents ? *given_extents : resourceLineExtents(project, given_comments ? &commented_files : nullptr);
      extents_built = true;
    }
    if (!by_file_built) {
      for (Finding& f : findings) by_file[f.location.uri].push_back(&f);
      by_file_built = true;
    }
    const std::vector<ResourceLineRange>& resources = extents[file->path()];
    std::vector<CommentScope> scopes;
    for (const SuppressionComment& comment : comments) {
      bool directive = comment.style == SuppressionComment::Style::BicepDisableNextLine;
      if (!comment.problem.empty()) {
        report(GenCode::MalformedSuppression, *file, comment, fmt::format("this suppression cannot be read: {}", comment.problem));
        continue;
      }
      if (!directive && comment.reason.empty()) {
        report(GenCode::SuppressionWithoutReason, *file, comment,
               fmt::format("suppression of {} gives no reason, so it suppresses nothing: add one after a ':'",
                           fmt::join(comment.rules, ", ")));
        continue;
      }
      if (comment.until && *comment.until < settings.today) {
        report(GenCode::SuppressionExpired, *file, comment,
               fmt::format("suppression of {} expired on {}; the findings it covered are reported again",
                           fmt::join(comment.rules, ", "), formatCivilDate(*comment.until)));
        continue;
      }
      CommentScope scope{&comment, {}, std::vector<bool>(comment.rules.size(), false)};
      for (uint32_t line : comment.covered_lines) {
        scope.ranges.push_back({line, line});
        if (directive) continue;
        for (const ResourceLineRange& resource : resources) {
          if (resource.first == line) scope.ranges.push_back(resource);
        }
      }
      scopes.push_back(std::move(scope));
    }
    for (Finding* finding : by_file[file->path()]) {
      Finding& f = *finding;
      if (!f.location.valid()) continue;
      for (CommentScope& scope : scopes) {
        bool covered = std::any_of(scope.ranges.begin(), scope.ranges.end(), [&](const ResourceLineRange& r) {
          return r.first <= f.location.start_line && f.location.start_line <= r.last;
        });
        if (!covered) continue;
        bool directive = scope.comment->style == SuppressionComment::Style::BicepDisableNextLine;
        for (std::size_t i = 0; i < scope.comment->rules.size(); ++i) {
          const std::string& written = scope.comment->rules[i];
          if (!(directive ? directiveNamesRule(written, f, equivalents) : namesRule(written, f))) continue;
          scope.used[i] = true;
          if (!f.suppression) {
            f.suppression = Suppression{Suppression::Kind::InSource,
                                        directive ? std::string("Bicep #disable-next-line") : scope.comment->reason};
          }
        }
      }
    }
    for (const CommentScope& scope : scopes) {
      bool directive = scope.comment->style == SuppressionComment::Style::BicepDisableNextLine;
      for (std::size_t i = 0; i < scope.comment->rules.size(); ++i) {
        if (scope.used[i]) continue;
        const std::string& written = scope.comment->rules[i];
        bool exists = settings.known_rules.count(lowerAscii(written)) > 0;
        if (!exists) {
          // Bicep's directive also silences Bicep's own linter rules, those our rules are equivalent to among
          // them: a linter code may silence the linter where we found nothing, so only ours are checked.
          if (directive) continue;
          auto equivalent = equivalents.find(lowerAscii(written));
          report(GenCode::UnusedSuppression, *file, *scope.comment,
                 equivalent == equivalents.end()
                     ? fmt::format("'{}' is not a palisade rule", written)
                     : fmt::format("'{}' is not a palisade rule but the Bicep linter's equivalent of {}: name {} "
                                   "here, or write `#disable-next-line {}`",
                                   written, fmt::join(equivalent->second, ", "), fmt::join(equivalent->second, ", "),
                                   written));
        } else if (runs(written)) {
          report(GenCode::UnusedSuppression, *file, *scope.comment,
                 fmt::format("suppression of {} suppresses nothing: no {} finding on the {} it covers", written, written,
                             directive || scope.ranges.size() == 1 ? "line" : "line or resource"));
        }
      }
    }
  }
  for (Finding& f : reported) findings.push_back(std::move(f));
  sortFindings(findings);
  return findings;
}

}  // namespace palisade
