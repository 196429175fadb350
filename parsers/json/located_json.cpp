#include "parsers/json/located_json.h"

#include "core/text_encoding.h"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <cstdlib>

namespace palisade {

Span spanOf(const SourceFile& file, uint32_t begin, uint32_t end) {
  Span span;
  span.file = &file;
  span.begin = begin;
  span.end = end;
  auto [line, column] = file.lineColumnOf(begin);
  span.start = {line, column};
  auto [end_line, end_column] = file.lineColumnOf(end);
  span.stop = {end_line, end_column};
  return span;
}

namespace {

class JsonReader {
 public:
  JsonReader(const SourceFile& file, std::size_t max_depth) : file_(file), text_(file.text()), max_depth_(max_depth) {}

  LocatedJsonResult run() {
    LocatedJsonResult result;
    if (text_.starts_with("\xEF\xBB\xBF")) pos_ = 3;
    skipSpace();
    Value v = value();
    if (error_.empty()) {
      skipSpace();
      if (pos_ < text_.size()) fail("unexpected text after the JSON value");
    }
    if (!error_.empty()) {
      result.error = error_;
      result.over_limit = over_limit_;
      result.error_span = spanOf(file_, error_at_, std::min<uint32_t>(error_at_ + 1, static_cast<uint32_t>(text_.size())));
      return result;
    }
    result.ok = true;
    result.value = std::move(v);
    return result;
  }

 private:
  void fail(std::string message) {
    if (!error_.empty()) return;
    error_ = std::move(message);
    error_at_ = static_cast<uint32_t>(std::min(pos_, text_.size()));
  }

  void skipSpace() {
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        ++pos_;
      } else if (c == '/' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '/') {
        while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
      } else if (c == '/' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '*') {
        std::size_t close = text_.find("*/", pos_ + 2);
        if (close == std::string::npos) {
          fail("unterminated comment");
          pos_ = text_.size();
          return;
        }
        pos_ = close + 2;
      } else {
        return;
      }
    }
  }

  Span spanFrom(std::size_t begin) const {
    return spanOf(file_, static_cast<uint32_t>(begin), static_cast<uint32_t>(pos_));
  }

  Value value() {
    if (depth_ >= max_depth_) {
      if (error_.empty()) over_limit_ = true;  // the first problem is the limit, not the text
      fail(fmt::format("JSON nests deeper than {} levels", max_depth_));
      return {};
    }
    skipSpace();
    if (pos_ >= text_.size()) {
      fail("unexpected end of input");
      return {};
    }
    std::size_t begin = pos_;
    char c = text_[pos_];
    if (c == '{') return object();
    if (c == '[') return array();
    if (c == '"') {
      std::string s = string();
      return Value::string(std::move(s), spanFrom(begin));
    }
    if (text_.compare(pos_, 4, "true") == 0) {
      pos_ += 4;
      return Value::boolean(true, spanFrom(begin));
    }
    if (text_.compare(pos_, 5, "false") == 0) {
      pos_ += 5;
      return Value::boolean(false, spanFrom(begin));
    }
    if (text_.compare(pos_, 4, "null") == 0) {
      pos_ += 4;
      return Value::null(spanFrom(begin));
    }
    if (c == '-' || std::isdigit(static_cast<unsigned char>(c))) return number();
    fail(fmt::format("unexpected character '{}'", c));
    return {};
  }

  Value number() {
    std::size_t begin = pos_;
    bool integral = true;
    if (text_[pos_] == '-') ++pos_;
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (std::isdigit(static_cast<unsigned char>(c))) {
        ++pos_;
      } else if (c == '.' || c == 'e' || c == 'E' || ((c == '+' || c == '-') && integral == false)) {
        integral = false;
        ++pos_;
      } else {
        break;
      }
    }
    std::string_view digits(text_.data() + begin, pos_ - begin);
    if (integral) {
      int64_t n = 0;
      auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
      if (ec == std::errc() && p == digits.data() + digits.size()) return Value::integer(n, spanFrom(begin));
    }
    std::string copy(digits);
    char* end = nullptr;
    double d = std::strtod(copy.c_str(), &end);
    if (end != copy.c_str() + copy.size()) {
      fail("invalid number");
      return {};
    }
    return Value::number(d, spanFrom(begin));
  }

  uint32_t hex4() {
    if (pos_ + 4 > text_.size()) {
      fail("truncated \\u escape");
      return 0;
    }
    uint32_t cp = 0;
    auto [p, ec] = std::from_chars(text_.data() + pos_, text_.data() + pos_ + 4, cp, 16);
    if (ec != std::errc() || p != text_.data() + pos_ + 4) fail("invalid \\u escape");
    pos_ += 4;
    return cp;
  }

  std::string string() {
    ++pos_;  // opening quote
    std::string out;
    while (true) {
      if (pos_ >= text_.size()) {
        fail("unterminated string");
        return out;
      }
      char c = text_[pos_++];
      if (c == '"') return out;
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      if (pos_ >= text_.size()) {
        fail("unterminated string");
        return out;
      }
      char e = text_[pos_++];
      switch (e) {
        case 'n': out.push_back('\n'); break;
        case 't': out.push_back('\t'); break;
        case 'r': out.push_back('\r'); break;
        case 'b': out.push_back('\b'); break;
        case 'f': out.push_back('\f'); break;
        case 'u': {
          uint32_t cp = hex4();
          if (cp >= 0xD800 && cp < 0xDC00 && text_.compare(pos_, 2, "\\u") == 0) {
            pos_ += 2;
            uint32_t low = hex4();
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          }
          appendUtf8(out, cp);
          break;
        }
        default: out.push_back(e);
      }
    }
  }

  Value object() {
    std::size_t begin = pos_++;
    ++depth_;
    Value::Object members;
    while (error_.empty()) {
      skipSpace();
      if (pos_ < text_.size() && text_[pos_] == '}') {
        ++pos_;
        break;
      }
      if (pos_ >= text_.size() || text_[pos_] != '"') {
        fail("expected a property name");
        break;
      }
      std::size_t key_begin = pos_;
      std::string key = string();
      Span key_span = spanFrom(key_begin);
      skipSpace();
      if (pos_ >= text_.size() || text_[pos_] != ':') {
        fail("expected ':'");
        break;
      }
      ++pos_;
      Value v = value();
      bool replaced = false;
      for (Member& m : members) {
        if (m.key == key) {  // the last duplicate wins, as in ARM
          m.value = std::move(v);
          m.key_span = key_span;
          replaced = true;
          break;
        }
      }
      if (!replaced) members.push_back(Member{std::move(key), key_span, std::move(v)});
      skipSpace();
      if (pos_ < text_.size() && text_[pos_] == ',') {
        ++pos_;
      } else if (pos_ < text_.size() && text_[pos_] == '}') {
        ++pos_;
        break;
      } else {
        fail("expected ',' or '}'");
      }
    }
    --depth_;
    return Value::object(std::move(members), spanFrom(begin));
  }

  Value array() {
    std::size_t begin = pos_++;
    ++depth_;
    Value::Array items;
    while (error_.empty()) {
      skipSpace();
      if (pos_ < text_.size() && text_[pos_] == ']') {
        ++pos_;
        break;
      }
      items.push_back(value());
      skipSpace();
      if (pos_ < text_.size() && text_[pos_] == ',') {
        ++pos_;
      } else if (pos_ < text_.size() && text_[pos_] == ']') {
        ++pos_;
        break;
      } else {
        fail("expected ',' or ']'");
      }
    }
    --depth_;
    return Value::array(std::move(items), spanFrom(begin));
  }

  const SourceFile& file_;
  const std::string& text_;
  std::size_t max_depth_;
  bool over_limit_ = false;
  std::size_t pos_ = 0;
  std::size_t depth_ = 0;
  std::string error_;
  uint32_t error_at_ = 0;
};

}  // namespace

LocatedJsonResult parseLocatedJson(const SourceFile& file, std::size_t max_depth) {
  return JsonReader(file, max_depth).run();
}

Diagnostic jsonReadDiagnostic(const LocatedJsonResult& result, const std::string& path) {
  if (result.over_limit) return Diagnostic{GenCode::AnalysisLimit, "not analysed: " + result.error, result.error_span, path};
  return Diagnostic{GenCode::ParseError, "invalid JSON: " + result.error, result.error_span, path};
}

}  // namespace palisade
