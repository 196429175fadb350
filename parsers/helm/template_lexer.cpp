#include "parsers/helm/template_lexer.h"

#include <cstring>

#include "core/text_encoding.h"

namespace palisade::helm {

namespace {

using Type = TemplateToken::Type;

bool isTemplateSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool isTemplateDigit(char c) { return c >= '0' && c <= '9'; }
bool isTemplateAlnum(char c) {
  return c == '_' || isTemplateDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         static_cast<unsigned char>(c) >= 0x80;  // Go allows Unicode letters; take any non-ASCII byte
}

int hexDigitValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes one UTF-8 rune at `pos` (a bad byte is itself); advances pos.
uint32_t decodeRune(const std::string& s, std::size_t& pos) {
  auto b0 = static_cast<unsigned char>(s[pos]);
  int extra = b0 >= 0xF0 ? 3 : b0 >= 0xE0 ? 2 : b0 >= 0xC0 ? 1 : 0;
  if (b0 < 0x80 || extra == 0 || pos + extra >= s.size()) {
    ++pos;
    return b0;
  }
  uint32_t rune = b0 & (0x3F >> extra);
  for (int i = 1; i <= extra; ++i) rune = (rune << 6) | (static_cast<unsigned char>(s[pos + i]) & 0x3F);
  pos += extra + 1;
  return rune;
}

class TemplateLexer {
 public:
  explicit TemplateLexer(const std::string& text) : s_(text) {}

  TemplateLexResult run() {
    bool trim_next_text = false;
    while (pos_ < s_.size() && !result_.error) {
      std::size_t open = s_.find("{{", pos_);
      std::size_t text_end = open == std::string::npos ? s_.size() : open;
      bool trim_left = open != std::string::npos && open + 3 < s_.size() && s_[open + 2] == '-' &&
                       isTemplateSpace(s_[open + 3]);
      std::size_t text_begin = pos_;
      if (trim_next_text) {
        while (text_begin < text_end && isTemplateSpace(s_[text_begin])) ++text_begin;
      }
      std::size_t kept_end = text_end;
      if (trim_left) {
        while (kept_end > text_begin && isTemplateSpace(s_[kept_end - 1])) --kept_end;
      }
      if (kept_end > text_begin) {
        push(Type::Text, text_begin, kept_end, s_.substr(text_begin, kept_end - text_begin), false);
      }
      if (open == std::string::npos) break;
      pos_ = open + 2 + (trim_left ? 2 : 0);
      trim_next_text = lexAction(open);
    }
    return std::move(result_);
  }

 private:
  void push(Type type, std::size_t begin, std::size_t end, std::string value, bool space) {
    TemplateToken t;
    t.type = type;
    t.begin = static_cast<uint32_t>(begin);
    t.end = static_cast<uint32_t>(end);
    t.value = std::move(value);
    t.space_before = space;
    result_.tokens.push_back(std::move(t));
  }
  void fail(std::size_t at, std::string message) {
    if (!result_.error) result_.error = std::make_pair(static_cast<uint32_t>(at), std::move(message));
  }

  // At `pos_`: is this the end of the action? Sets `trim` for ` -}}`.
  bool atRightDelim(bool& trim, std::size_t& length) const {
    if (s_.compare(pos_, 2, "}}") == 0) {
      trim = false;
      length = 2;
      return true;
    }
    if (pos_ + 4 <= s_.size() && isTemplateSpace(s_[pos_]) && s_.compare(pos_ + 1, 3, "-}}") == 0) {
      trim = true;
      length = 4;
      return true;
    }
    return false;
  }

  // Lexes from after `{{` (and its trim marker) through `}}`; returns whether
  // the action ended with a trim marker.
  bool lexAction(std::size_t open) {
    // A comment fills the whole action: {{/* ... */}}.
    if (s_.compare(pos_, 2, "/*") == 0) {
      std::size_t close = s_.find("*/", pos_ + 2);
      if (close == std::string::npos) {
        fail(pos_, "unclosed comment");
        return false;
      }
      pos_ = close + 2;
      bool trim = false;
      std::size_t length = 0;
      if (!atRightDelim(trim, length)) {
        fail(pos_, "comment ends before closing delimiter");
        return false;
      }
      pos_ += length;
      return trim;
    }
    push(Type::LeftDelim, open, open + 2, "{{", false);
    int parens = 0;
    bool space = false;
    while (true) {
      if (pos_ >= s_.size()) {
        fail(open, "unclosed action");
        return false;
      }
      bool trim = false;
      std::size_t length = 0;
      if (atRightDelim(trim, length)) {
        if (parens > 0) {
          fail(pos_, "unclosed left paren");
          return false;
        }
        push(Type::RightDelim, pos_, pos_ + length, "}}", space);
        pos_ += length;
        return trim;
      }
      char c = s_[pos_];
      std::size_t start = pos_;
      if (isTemplateSpace(c)) {
        ++pos_;
        space = true;
        continue;
      }
      if (c == '|') {
        ++pos_;
        push(Type::Pipe, start, pos_, "|", space);
      } else if (c == '(') {
        ++pos_;
        ++parens;
        push(Type::LeftParen, start, pos_, "(", space);
      } else if (c == ')') {
        ++pos_;
        if (--parens < 0) {
          fail(start, "unexpected right paren");
          return false;
        }
        push(Type::RightParen, start, pos_, ")", space);
      } else if (c == ',') {
        ++pos_;
        push(Type::Comma, start, pos_, ",", space);
      } else if (c == ':') {
        if (s_.compare(pos_, 2, ":=") != 0) {
          fail(start, "expected :=");
          return false;
        }
        pos_ += 2;
        push(Type::Declare, start, pos_, ":=", space);
      } else if (c == '=') {
        ++pos_;
        push(Type::Assign, start, pos_, "=", space);
      } else if (c == '"') {
        if (!lexQuoted(space)) return false;
      } else if (c == '`') {
        std::size_t close = s_.find('`', pos_ + 1);
        if (close == std::string::npos) {
          fail(start, "unterminated raw quoted string");
          return false;
        }
        pos_ = close + 1;
        std::string raw = s_.substr(start + 1, close - start - 1);
        std::string unquoted;
        for (char r : raw) {
          if (r != '\r') unquoted.push_back(r);  // Go drops carriage returns from raw strings
        }
        push(Type::String, start, pos_, std::move(unquoted), space);
      } else if (c == '\'') {
        if (!lexChar(space)) return false;
      } else if (c == '$') {
        ++pos_;
        while (pos_ < s_.size() && isTemplateAlnum(s_[pos_])) ++pos_;
        push(Type::Variable, start, pos_, s_.substr(start, pos_ - start), space);
      } else if (c == '.') {
        if (pos_ + 1 < s_.size() && isTemplateDigit(s_[pos_ + 1])) {
          if (!lexNumber(space)) return false;
        } else {
          ++pos_;
          while (pos_ < s_.size() && isTemplateAlnum(s_[pos_])) ++pos_;
          if (pos_ == start + 1) {
            push(Type::Dot, start, pos_, ".", space);
          } else {
            push(Type::Field, start, pos_, s_.substr(start + 1, pos_ - start - 1), space);
          }
        }
      } else if (isTemplateDigit(c) || ((c == '-' || c == '+') && pos_ + 1 < s_.size() &&
                                        (isTemplateDigit(s_[pos_ + 1]) || s_[pos_ + 1] == '.'))) {
        if (!lexNumber(space)) return false;
      } else if (isTemplateAlnum(c)) {
        while (pos_ < s_.size() && isTemplateAlnum(s_[pos_])) ++pos_;
        std::string word = s_.substr(start, pos_ - start);
        Type type = word == "true" || word == "false" ? Type::Bool : word == "nil" ? Type::Nil : Type::Identifier;
        push(type, start, pos_, std::move(word), space);
      } else {
        fail(start, std::string("unrecognized character in action: '") + c + "'");
        return false;
      }
      space = false;
      Type last = result_.tokens.empty() ? Type::Text : result_.tokens.back().type;
      bool word = last == Type::Identifier || last == Type::Field || last == Type::Variable || last == Type::Bool ||
                  last == Type::Nil;
      if (!result_.error && word && !atTerminator()) {
        fail(pos_, "bad character after " + std::string(s_.substr(start, pos_ - start)));
        return false;
      }
    }
  }

  // What may follow an operand directly (Go's atTerminator).
  bool atTerminator() const {
    if (pos_ >= s_.size()) return true;
    char c = s_[pos_];
    if (isTemplateSpace(c) || c == '.' || c == ',' || c == '|' || c == ':' || c == ')' || c == '(' || c == '=') return true;
    return s_.compare(pos_, 2, "}}") == 0;
  }

  bool lexNumber(bool space) {
    std::size_t start = pos_;
    if (s_[pos_] == '+' || s_[pos_] == '-') ++pos_;
    std::string digits = "0123456789_";
    if (s_[pos_] == '0' && pos_ + 1 < s_.size()) {
      char p = s_[pos_ + 1];
      if (p == 'x' || p == 'X') {
        pos_ += 2;
        digits = "0123456789abcdefABCDEF_";
      } else if (p == 'o' || p == 'O') {
        pos_ += 2;
        digits = "01234567_";
      } else if (p == 'b' || p == 'B') {
        pos_ += 2;
        digits = "01_";
      }
    }
    auto run = [&](const std::string& set) {
      while (pos_ < s_.size() && set.find(s_[pos_]) != std::string::npos) ++pos_;
    };
    run(digits);
    if (pos_ < s_.size() && s_[pos_] == '.') {
      ++pos_;
      run(digits);
    }
    bool hex = digits.size() > 12;
    if (pos_ < s_.size() && (hex ? (s_[pos_] == 'p' || s_[pos_] == 'P') : (s_[pos_] == 'e' || s_[pos_] == 'E'))) {
      ++pos_;
      if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
      run("0123456789_");
    }
    if (pos_ < s_.size() && isTemplateAlnum(s_[pos_])) {
      while (pos_ < s_.size() && isTemplateAlnum(s_[pos_])) ++pos_;
      fail(start, "bad number syntax: " + s_.substr(start, pos_ - start));
      return false;
    }
    push(Type::Number, start, pos_, s_.substr(start, pos_ - start), space);
    return true;
  }

  // One escape after a backslash at pos_ (pointing at the backslash); appends
  // its bytes. `quote` is the quote character that may be escaped.
  bool lexEscape(std::string& out, char quote) {
    std::size_t at = pos_;
    ++pos_;
    if (pos_ >= s_.size()) {
      fail(at, "unterminated quoted string");
      return false;
    }
    char e = s_[pos_++];
    switch (e) {
      case 'a': out.push_back('\a'); return true;
      case 'b': out.push_back('\b'); return true;
      case 'f': out.push_back('\f'); return true;
      case 'n': out.push_back('\n'); return true;
      case 'r': out.push_back('\r'); return true;
      case 't': out.push_back('\t'); return true;
      case 'v': out.push_back('\v'); return true;
      case '\\': out.push_back('\\'); return true;
      default: break;
    }
    if (e == quote) {
      out.push_back(e);
      return true;
    }
    int count = e == 'x' ? 2 : e == 'u' ? 4 : e == 'U' ? 8 : 0;
    if (count > 0) {
      uint32_t value = 0;
      for (int i = 0; i < count; ++i) {
        int d = pos_ < s_.size() ? hexDigitValue(s_[pos_]) : -1;
        if (d < 0) {
          fail(at, "invalid escape in quoted string");
          return false;
        }
        value = value * 16 + static_cast<uint32_t>(d);
        ++pos_;
      }
      if (e == 'x') {
        out.push_back(static_cast<char>(value));
      } else {
        palisade::appendUtf8(out, value);
      }
      return true;
    }
    if (e >= '0' && e <= '7') {
      uint32_t value = static_cast<uint32_t>(e - '0');
      for (int i = 0; i < 2; ++i) {
        if (pos_ >= s_.size() || s_[pos_] < '0' || s_[pos_] > '7') {
          fail(at, "invalid escape in quoted string");
          return false;
        }
        value = value * 8 + static_cast<uint32_t>(s_[pos_++] - '0');
      }
      if (value > 255) {
        fail(at, "invalid escape in quoted string");
        return false;
      }
      out.push_back(static_cast<char>(value));
      return true;
    }
    fail(at, "invalid escape in quoted string");
    return false;
  }

  bool lexQuoted(bool space) {
    std::size_t start = pos_++;
    std::string out;
    while (true) {
      if (pos_ >= s_.size() || s_[pos_] == '\n') {
        fail(start, "unterminated quoted string");
        return false;
      }
      char c = s_[pos_];
      if (c == '"') break;
      if (c == '\\') {
        if (!lexEscape(out, '"')) return false;
        continue;
      }
      out.push_back(c);
      ++pos_;
    }
    ++pos_;
    push(Type::String, start, pos_, std::move(out), space);
    return true;
  }

  bool lexChar(bool space) {
    std::size_t start = pos_++;
    std::string bytes;
    if (pos_ < s_.size() && s_[pos_] == '\\') {
      if (!lexEscape(bytes, '\'')) return false;
    } else if (pos_ < s_.size() && s_[pos_] != '\'' && s_[pos_] != '\n') {
      std::size_t p = pos_;
      decodeRune(s_, p);
      bytes = s_.substr(pos_, p - pos_);
      pos_ = p;
    }
    if (bytes.empty() || pos_ >= s_.size() || s_[pos_] != '\'') {
      fail(start, "malformed character constant");
      return false;
    }
    ++pos_;
    std::size_t p = 0;
    uint32_t rune = bytes.size() == 1 ? static_cast<unsigned char>(bytes[0]) : decodeRune(bytes, p);
    push(Type::Char, start, pos_, std::to_string(rune), space);
    return true;
  }

  const std::string& s_;
  std::size_t pos_ = 0;
  TemplateLexResult result_;
};

}  // namespace

TemplateLexResult lexTemplate(const std::string& text) { return TemplateLexer(text).run(); }

}  // namespace palisade::helm
