#include "parsers/bicep/bicep_normaliser.h"

#include <cctype>

namespace palisade {

namespace {

bool isIdentStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool isIdentChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

class Normaliser {
 public:
  Normaliser(std::string_view text, bool bicepparam) : in_(text), bicepparam_(bicepparam) { out_.text = std::string(text); }

  NormalisedBicep run() {
    while (pos_ < in_.size()) step();
    return std::move(out_);
  }

 private:
  // Blanks [begin, end) except line breaks, so lines and offsets stay.
  void blank(std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end && i < out_.text.size(); ++i) {
      if (out_.text[i] != '\n' && out_.text[i] != '\r') out_.text[i] = ' ';
    }
  }

  bool atStatementStart(std::size_t at) const {
    if (!stack_.empty()) return false;
    std::size_t i = at;
    while (i > 0 && (in_[i - 1] == ' ' || in_[i - 1] == '\t')) --i;
    return i == 0 || in_[i - 1] == '\n';
  }

  std::size_t skipSpaces(std::size_t i) const {
    while (i < in_.size() && (in_[i] == ' ' || in_[i] == '\t')) ++i;
    return i;
  }

  std::size_t identEnd(std::size_t i) const {
    while (i < in_.size() && isIdentChar(in_[i])) ++i;
    return i;
  }

  // Skips a string literal starting at `i` ('...'), returning the offset after it (no interpolation tracking).
  std::size_t skipSimpleString(std::size_t i) const {
    ++i;
    while (i < in_.size() && in_[i] != '\'' && in_[i] != '\n') i += in_[i] == '\\' ? 2 : 1;
    return std::min(i + 1, in_.size());
  }

  void step() {
    char c = in_[pos_];
    if (!stack_.empty() && stack_.back() == 's') {
      stringStep();
      return;
    }
    if (c == '/' && pos_ + 1 < in_.size() && in_[pos_ + 1] == '/') {
      while (pos_ < in_.size() && in_[pos_] != '\n') ++pos_;
      return;
    }
    if (c == '/' && pos_ + 1 < in_.size() && in_[pos_ + 1] == '*') {
      std::size_t close = in_.find("*/", pos_ + 2);
      pos_ = close == std::string_view::npos ? in_.size() : close + 2;
      return;
    }
    if (c == '\'' && in_.compare(pos_, 3, "'''") == 0) {
      std::size_t close = in_.find("'''", pos_ + 3);
      pos_ = close == std::string_view::npos ? in_.size() : close + 3;
      return;
    }
    if (c == '\'') {
      stack_.push_back('s');
      ++pos_;
      protectSlashes();
      return;
    }
    if (c == '{' || c == '[' || c == '(') {
      stack_.push_back(c == '{' ? 'o' : c == '[' ? 'a' : 'p');
      ++pos_;
      return;
    }
    if (c == '}' || c == ']' || c == ')') {
      if (!stack_.empty()) {
        bool closes_interpolation = stack_.back() == 'i';
        stack_.pop_back();
        if (closes_interpolation) {
          stack_.push_back('s');
          ++pos_;
          protectSlashes();
          return;
        }
      }
      ++pos_;
      return;
    }
    if (c == '!' && pos_ > 0 && (isIdentChar(in_[pos_ - 1]) || in_[pos_ - 1] == ')' || in_[pos_ - 1] == ']') &&
        (pos_ + 1 >= in_.size() || in_[pos_ + 1] != '=')) {
      blank(pos_, pos_ + 1);  // non-null assertion: no meaning for the model
      ++out_.rewrites;
      ++pos_;
      return;
    }
    if (c == '?' && pos_ > 0 && (isIdentChar(in_[pos_ - 1]) || in_[pos_ - 1] == ']' || in_[pos_ - 1] == ')') &&
        nullableMarkerContext(pos_ + 1)) {
      blank(pos_, pos_ + 1);
      out_.nullable_marks.insert(static_cast<uint32_t>(pos_));
      ++out_.rewrites;
      ++pos_;
      return;
    }
    if (c == '.' && in_.compare(pos_, 3, "...") == 0 && !stack_.empty()) {
      if (stack_.back() == 'o') {
        out_.text.replace(pos_, 3, "__:");
        out_.object_spread_keys.insert(static_cast<uint32_t>(pos_));
      } else {
        blank(pos_, pos_ + 3);
        std::size_t item = pos_ + 3;
        while (item < in_.size() && std::isspace(static_cast<unsigned char>(in_[item]))) ++item;
        out_.array_spread_items.insert(static_cast<uint32_t>(item));
      }
      ++out_.rewrites;
      pos_ += 3;
      return;
    }
    if (isIdentStart(c) && (pos_ == 0 || !isIdentChar(in_[pos_ - 1]))) {
      word();
      return;
    }
    ++pos_;
  }

  // The grammar lexes `//` where a new token starts inside a string (after the
  // opening quote, an escape sequence or an interpolation) as a comment, and
  // drops the rest of the line. `//` there becomes `\/`, recorded so the value keeps its slashes.
  void protectSlashes() {
    while (in_.compare(pos_, 2, "//") == 0) {
      out_.text[pos_] = '\\';
      out_.leading_slashes.insert(static_cast<uint32_t>(pos_));
      ++out_.rewrites;
      pos_ += 2;
    }
  }

  void stringStep() {
    char c = in_[pos_];
    if (c == '\\') {
      pos_ += 2;
      protectSlashes();
    } else if (c == '\'') {
      stack_.pop_back();
      ++pos_;
    } else if (c == '$' && pos_ + 1 < in_.size() && in_[pos_ + 1] == '{') {
      stack_.back() = 'i';
      pos_ += 2;
    } else if (c == '\n') {
      stack_.pop_back();  // an unterminated string ends at the line break
      ++pos_;
    } else {
      ++pos_;
    }
  }

  // After a nullable `?`: the end of the line, a comment, or a closing or separating token.
  bool nullableMarkerContext(std::size_t i) const {
    i = skipSpaces(i);
    if (i >= in_.size()) return true;
    char c = in_[i];
    if (c == '\n' || c == '\r' || c == '}' || c == ',' || c == ')' || c == '|' || c == ']') return true;
    return in_.compare(i, 2, "//") == 0 || in_.compare(i, 2, "/*") == 0;
  }

  // `import {...} from 'p'`, `import * as n from 'p'`, `import 'p@v'`: recorded, then blanked.
  bool importStatement(std::size_t end_of_keyword) {
    std::size_t i = skipSpacesAndLines(end_of_keyword);
    NormalisedBicep::Import record;
    record.begin = static_cast<uint32_t>(pos_);
    if (i < in_.size() && in_[i] == '{') {
      std::size_t close = in_.find('}', i);
      if (close == std::string_view::npos) return false;
      std::string_view names = in_.substr(i + 1, close - i - 1);
      std::vector<std::string> words;
      for (std::size_t k = 0; k < names.size();) {
        if (isIdentStart(names[k])) {
          std::size_t e = k;
          while (e < names.size() && isIdentChar(names[e])) ++e;
          words.emplace_back(names.substr(k, e - k));
          k = e;
        } else if (names[k] == ',') {
          words.emplace_back(",");
          ++k;
        } else {
          ++k;
        }
      }
      for (std::size_t k = 0; k < words.size(); ++k) {
        if (words[k] == "," || words[k] == "as") continue;
        std::string exported = words[k], local = words[k];
        if (k + 2 < words.size() && words[k + 1] == "as") {
          local = words[k + 2];
          k += 2;
        }
        record.exported.push_back(exported);
        record.local.push_back(local);
      }
      i = close + 1;
    } else if (i < in_.size() && in_[i] == '*') {
      std::size_t from = in_.find("from", i);
      if (from == std::string_view::npos) return false;
      i = from;
    } else if (i >= in_.size() || in_[i] != '\'') {
      return false;
    }
    i = skipSpacesAndLines(i);
    if (in_.compare(i, 4, "from") == 0) i = skipSpacesAndLines(i + 4);
    if (i < in_.size() && in_[i] == '\'') {
      std::size_t end = skipSimpleString(i);
      record.path = std::string(in_.substr(i + 1, end > i + 1 ? end - i - 2 : 0));
      i = end;
    }
    // `import 'x@1' with {...} as y` (providers) runs to the end of the line.
    if (in_.compare(skipSpaces(i), 4, "with") == 0 || in_.compare(skipSpaces(i), 2, "as") == 0) {
      std::size_t line_end = in_.find('\n', i);
      i = line_end == std::string_view::npos ? in_.size() : line_end;
    }
    record.end = static_cast<uint32_t>(i);
    blank(pos_, i);
    out_.imports.push_back(std::move(record));
    ++out_.rewrites;
    pos_ = i;
    return true;
  }

  std::size_t skipSpacesAndLines(std::size_t i) const {
    while (i < in_.size() && std::isspace(static_cast<unsigned char>(in_[i]))) ++i;
    return i;
  }

  // `resourceInput<'T@v'>.a.b` in a type position → `object`.
  bool resourceDerivedType(std::size_t end_of_word) {
    std::size_t i = skipSpaces(end_of_word);
    if (i >= in_.size() || in_[i] != '<') return false;
    ++i;
    while (i < in_.size() && in_[i] != '>' && in_[i] != '\n') i = in_[i] == '\'' ? skipSimpleString(i) : i + 1;
    if (i >= in_.size() || in_[i] != '>') return false;
    ++i;
    while (i + 1 < in_.size()) {
      if (in_[i] == '.' && isIdentStart(in_[i + 1])) {
        i = identEnd(i + 1);
      } else if (in_.compare(i, 3, "[*]") == 0) {
        i += 3;
      } else {
        break;
      }
    }
    blank(pos_, i);
    out_.text.replace(pos_, 6, "object");
    ++out_.rewrites;
    pos_ = i;
    return true;
  }

  void word() {
    std::size_t end = identEnd(pos_);
    std::string_view w = in_.substr(pos_, end - pos_);
    if ((w == "resourceInput" || w == "resourceOutput") && resourceDerivedType(end)) return;
    if (atStatementStart(pos_)) {
      if (w == "extension") {
        std::size_t line_end = in_.find('\n', pos_);
        if (line_end == std::string_view::npos) line_end = in_.size();
        // `extension x with { ... }` runs to the matching brace.
        if (std::size_t brace = in_.find('{', pos_); brace < line_end) {
          int depth = 0;
          for (std::size_t i = brace; i < in_.size(); ++i) {
            if (in_[i] == '{') ++depth;
            if (in_[i] == '}' && --depth == 0) {
              line_end = i + 1;
              break;
            }
          }
        }
        blank(pos_, line_end);
        ++out_.rewrites;
        pos_ = line_end;
        return;
      }
      if (bicepparam_ && w == "param") {
        out_.text.replace(pos_, 5, "var  ");
        std::size_t name = skipSpaces(end);
        out_.bicepparam_names.insert(static_cast<uint32_t>(name));
        ++out_.rewrites;
        pos_ = end;
        return;
      }
      if (w == "import" && importStatement(end)) return;
      if (w == "var") {
        typedVariable(end);
        return;
      }
    }
    pos_ = end;
  }

  // `var name Type = value` → `var name      = value`.
  void typedVariable(std::size_t end_of_keyword) {
    std::size_t name_begin = skipSpaces(end_of_keyword);
    std::size_t name_end = identEnd(name_begin);
    std::size_t type_begin = skipSpaces(name_end);
    pos_ = name_end;
    if (name_end == name_begin || type_begin >= in_.size() || in_[type_begin] == '=') return;
    int depth = 0;
    std::size_t i = type_begin;
    while (i < in_.size()) {
      char c = in_[i];
      if (c == '\'') {
        i = skipSimpleString(i);
        continue;
      }
      if (c == '{' || c == '[' || c == '(' || c == '<') ++depth;
      if (c == '}' || c == ']' || c == ')' || c == '>') --depth;
      if (c == '=' && depth <= 0) break;
      ++i;
    }
    if (i >= in_.size()) return;
    blank(type_begin, i);
    ++out_.rewrites;
    pos_ = i;
  }

  std::string_view in_;
  bool bicepparam_;
  NormalisedBicep out_;
  std::size_t pos_ = 0;
  std::string stack_;  // o object, a array, p paren, s string, i interpolation
};

}  // namespace

NormalisedBicep normaliseBicep(std::string_view text, bool bicepparam) { return Normaliser(text, bicepparam).run(); }

}  // namespace palisade
