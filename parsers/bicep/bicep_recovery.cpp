#include "parsers/bicep/bicep_recovery.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace palisade {

namespace {

bool identChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

constexpr std::array<std::string_view, 13> kKeywords = {"resource", "module",  "param",       "var",   "output",
                                                        "type",     "func",    "import",      "metadata", "targetScope",
                                                        "using",    "extension", "provider"};

class Splitter {
 public:
  explicit Splitter(std::string_view text) : text_(text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\n') line_starts_.push_back(static_cast<uint32_t>(i + 1));
    }
  }

  std::vector<BrokenBicepDeclaration> run() {
    while (pos_ < text_.size()) {
      if (atLineStart() && startsDeclaration()) split();
      step();
    }
    finishSegment(static_cast<uint32_t>(text_.size()));
    return std::move(broken_);
  }

 private:
  struct Open {
    char kind;  // '{', '[', '(', '$' (an interpolation inside a string)
    uint32_t at;
  };

  bool atLineStart() const { return pos_ == 0 || text_[pos_ - 1] == '\n'; }

  uint32_t lineOf(uint32_t offset) const {
    return static_cast<uint32_t>(std::upper_bound(line_starts_.begin(), line_starts_.end(), offset) - line_starts_.begin());
  }

  // A declaration keyword (or a decorator) begins this line: at column 0, or
  // indented while no bracket is open.
  bool startsDeclaration() const {
    std::size_t i = pos_;
    if (open_.empty()) {
      while (i < text_.size() && (text_[i] == ' ' || text_[i] == '\t')) ++i;
    }
    if (i >= text_.size()) return false;
    if (text_[i] == '@') return i + 1 < text_.size() && std::isalpha(static_cast<unsigned char>(text_[i + 1]));
    for (std::string_view keyword : kKeywords) {
      if (text_.compare(i, keyword.size(), keyword) != 0) continue;
      std::size_t after = i + keyword.size();
      if (after >= text_.size() || (text_[after] != ' ' && text_[after] != '\t')) continue;
      while (after < text_.size() && (text_[after] == ' ' || text_[after] == '\t')) ++after;
      // `type: 'x'` or `var = 1` are properties or broken, not declarations.
      return after < text_.size() && text_[after] != ':' && text_[after] != '=' && text_[after] != '\n';
    }
    return false;
  }

  void split() {
    // Decorators stay with the declaration they decorate.
    bool decorating = segment_decorators_only_ && open_.empty() && problem_.empty();
    if (!decorating || pos_ == 0) {
      finishSegment(static_cast<uint32_t>(pos_));
      segment_begin_ = static_cast<uint32_t>(pos_);
      segment_name_ = declarationWords();
    } else if (segment_name_.starts_with("@")) {
      segment_name_ = declarationWords();
    }
    std::size_t i = pos_;
    while (i < text_.size() && (text_[i] == ' ' || text_[i] == '\t')) ++i;
    segment_decorators_only_ = i < text_.size() && text_[i] == '@';
  }

  // "resource broken" for the line at pos_.
  std::string declarationWords() const {
    std::size_t i = pos_;
    while (i < text_.size() && (text_[i] == ' ' || text_[i] == '\t')) ++i;
    std::size_t first = i;
    while (i < text_.size() && (identChar(text_[i]) || text_[i] == '@')) ++i;
    std::size_t first_end = i;
    while (i < text_.size() && (text_[i] == ' ' || text_[i] == '\t')) ++i;
    std::size_t second = i;
    while (i < text_.size() && identChar(text_[i])) ++i;
    std::string words(text_.substr(first, first_end - first));
    if (i > second) words += " " + std::string(text_.substr(second, i - second));
    return words;
  }

  void finishSegment(uint32_t end) {
    if (problem_.empty() && !open_.empty()) {
      const Open& innermost = open_.back();
      problem_at_ = innermost.at;
      problem_ = innermost.kind == '$'
                     ? fmt::format("the interpolation '${{' at line {} is not closed", lineOf(innermost.at))
                     : fmt::format("'{}' at line {} is not closed", innermost.kind, lineOf(innermost.at));
    }
    if (!problem_.empty() && end > segment_begin_) {
      broken_.push_back(BrokenBicepDeclaration{segment_begin_, end, problem_at_, problem_,
                                               segment_name_.starts_with("@") ? std::string() : segment_name_});
    }
    open_.clear();
    problem_.clear();
    segment_decorators_only_ = false;
  }

  // The first problem of a declaration is the one reported.
  void fail(uint32_t at, std::string what) {
    if (!problem_.empty()) return;
    problem_at_ = at;
    problem_ = std::move(what);
  }

  void step() {
    char c = text_[pos_];
    if (c == '/' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '/') {
      while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
      return;
    }
    if (c == '/' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '*') {
      std::size_t close = text_.find("*/", pos_ + 2);
      if (close == std::string_view::npos) {
        fail(static_cast<uint32_t>(pos_), fmt::format("the comment '/*' at line {} is not closed", lineOf(static_cast<uint32_t>(pos_))));
        pos_ = text_.size();
        return;
      }
      pos_ = close + 2;
      return;
    }
    if (c == '\'' && text_.compare(pos_, 3, "'''") == 0) {
      std::size_t close = text_.find("'''", pos_ + 3);
      if (close == std::string_view::npos) {
        fail(static_cast<uint32_t>(pos_), fmt::format("the string ''' at line {} is not closed", lineOf(static_cast<uint32_t>(pos_))));
        pos_ = text_.size();
        return;
      }
      pos_ = close + 3;
      while (pos_ < text_.size() && text_[pos_] == '\'') ++pos_;  // ''''x'''' ends at the last quote
      return;
    }
    if (c == '\'') {
      ++pos_;
      string();
      return;
    }
    if (c == '{' || c == '[' || c == '(') {
      open_.push_back(Open{c, static_cast<uint32_t>(pos_)});
      ++pos_;
      return;
    }
    if (c == '}' || c == ']' || c == ')') {
      char expected = c == '}' ? '{' : c == ']' ? '[' : '(';
      uint32_t at = static_cast<uint32_t>(pos_);
      ++pos_;
      if (open_.empty()) {
        fail(at, fmt::format("'{}' at line {} closes nothing", c, lineOf(at)));
        return;
      }
      Open top = open_.back();
      open_.pop_back();
      if (top.kind == '$' && c == '}') {
        string();  // back inside the string the interpolation interrupted
        return;
      }
      if (top.kind != expected) {
        fail(at, fmt::format("'{}' at line {} does not close the '{}' at line {}", c, lineOf(at),
                             top.kind == '$' ? std::string("${") : std::string(1, top.kind), lineOf(top.at)));
      }
      return;
    }
    ++pos_;
  }

  // Inside a '...' string: up to its closing quote, or an interpolation's `${`
  // (pushed; its `}` resumes the string). A line break ends it unclosed.
  void string() {
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c == '\\') {
        pos_ += 2;
        continue;
      }
      if (c == '\'') {
        ++pos_;
        return;
      }
      if (c == '$' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '{') {
        open_.push_back(Open{'$', static_cast<uint32_t>(pos_)});
        pos_ += 2;
        return;
      }
      if (c == '\n') {
        uint32_t at = static_cast<uint32_t>(pos_);
        fail(at, fmt::format("a string at line {} is not closed", lineOf(at)));
        return;
      }
      ++pos_;
    }
    fail(static_cast<uint32_t>(text_.size()), "a string is not closed at the end of the file");
  }

  std::string_view text_;
  std::vector<uint32_t> line_starts_{0};
  std::size_t pos_ = 0;
  std::vector<Open> open_;
  uint32_t segment_begin_ = 0;
  std::string segment_name_;
  bool segment_decorators_only_ = false;
  std::string problem_;
  uint32_t problem_at_ = 0;
  std::vector<BrokenBicepDeclaration> broken_;
};

}  // namespace

std::vector<BrokenBicepDeclaration> findBrokenBicepDeclarations(std::string_view text) { return Splitter(text).run(); }

std::string blankBicepDeclarations(std::string_view text, const std::vector<BrokenBicepDeclaration>& broken) {
  std::string out(text);
  for (const BrokenBicepDeclaration& b : broken) {
    for (uint32_t i = b.begin; i < b.end && i < out.size(); ++i) {
      if (out[i] != '\n' && out[i] != '\r') out[i] = ' ';
    }
  }
  return out;
}

}  // namespace palisade
