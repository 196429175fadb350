#include "parsers/helm/user_values.h"

#include <charconv>
#include <variant>
#include <vector>

namespace palisade::helm {

namespace {

// One step of a --set key: a mapping key or a list index.
using SetStep = std::variant<std::string, std::size_t>;

// Helm refuses list indexes above this (strvals' MaxIndex), so `a[99999999]=x` cannot exhaust memory.
constexpr std::size_t kMaxSetIndex = 65536;

void eraseMember(Value& object, std::string_view key) {
  std::erase_if(object.members(), [&](const Member& m) { return m.key == key; });
}

Value typedSetValue(const std::string& text) {
  auto lower = [&](std::string_view word) {
    if (text.size() != word.size()) return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
      char c = text[i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (c != word[i]) return false;
    }
    return true;
  };
  if (lower("true")) return Value::boolean(true);
  if (lower("false")) return Value::boolean(false);
  if (lower("null")) return Value::null();
  if (text == "0") return Value::integer(0);
  if (!text.empty() && text[0] != '0') {
    int64_t n = 0;
    const char* begin = text.data();
    if (*begin == '+') ++begin;  // Go's ParseInt takes a sign
    auto [end, ec] = std::from_chars(begin, text.data() + text.size(), n);
    if (ec == std::errc() && end == text.data() + text.size() && begin != end) return Value::integer(n);
  }
  return Value::string(text);
}

// Writes `value` at `path` inside `root`, making the mappings and lists on the way.
void setAt(Value& root, const std::vector<SetStep>& path, Value value) {
  Value* at = &root;
  for (std::size_t i = 0; i < path.size(); ++i) {
    bool last = i + 1 == path.size();
    if (const std::string* key = std::get_if<std::string>(&path[i])) {
      if (!at->isObject()) *at = Value::object();
      Value* next = at->find(*key);
      if (next == nullptr) {
        at->members().push_back(Member{*key, Span{}, Value::null()});
        next = &at->members().back().value;
      }
      at = next;
    } else {
      std::size_t index = std::get<std::size_t>(path[i]);
      if (!at->isArray()) *at = Value::array();
      while (at->items().size() <= index) at->items().push_back(Value::null());
      at = &at->items()[index];
    }
    if (last) *at = std::move(value);
  }
}

class SetParser {
 public:
  explicit SetParser(std::string_view text) : text_(text) {}

  std::optional<std::string> run(Value& values) {
    while (pos_ < text_.size()) {
      std::vector<SetStep> path;
      if (auto error = key(path)) return error;
      if (pos_ >= text_.size() || text_[pos_] != '=') {
        return "key \"" + std::string(text_.substr(0, pos_)) + "\" has no value (write key=value)";
      }
      ++pos_;
      Value value;
      if (pos_ < text_.size() && text_[pos_] == '{') {
        if (auto error = list(value)) return error;
      } else {
        value = typedSetValue(word(","));
      }
      setAt(values, path, std::move(value));
      if (pos_ < text_.size()) {
        if (text_[pos_] != ',') return "unexpected '" + std::string(1, text_[pos_]) + "' after a value";
        ++pos_;
      }
    }
    return std::nullopt;
  }

 private:
  // Text up to one of `stops` (not escaped); `\` escapes the next character.
  std::string word(std::string_view stops) {
    std::string out;
    while (pos_ < text_.size() && stops.find(text_[pos_]) == std::string_view::npos) {
      if (text_[pos_] == '\\' && pos_ + 1 < text_.size()) ++pos_;
      out += text_[pos_++];
    }
    return out;
  }

  std::optional<std::string> key(std::vector<SetStep>& path) {
    for (;;) {
      std::string name = word(".=,[");
      if (!name.empty()) path.emplace_back(std::move(name));
      while (pos_ < text_.size() && text_[pos_] == '[') {
        std::size_t close = text_.find(']', pos_);
        if (close == std::string_view::npos) return std::string("a list index '[' is not closed");
        std::string_view digits = text_.substr(pos_ + 1, close - pos_ - 1);
        std::size_t index = 0;
        auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), index);
        if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty()) {
          return "list index '" + std::string(digits) + "' is not a number";
        }
        if (index > kMaxSetIndex) return "list index " + std::string(digits) + " is above " + std::to_string(kMaxSetIndex);
        path.emplace_back(index);
        pos_ = close + 1;
      }
      if (path.empty()) return std::string("a key is empty");
      if (pos_ < text_.size() && text_[pos_] == '.') {
        ++pos_;
        continue;
      }
      return std::nullopt;
    }
  }

  // `{a, b}`: a list of typed values.
  std::optional<std::string> list(Value& out) {
    ++pos_;  // '{'
    Value::Array items;
    for (;;) {
      std::string item = word(",}");
      if (pos_ >= text_.size()) return std::string("a list value '{' is not closed");
      std::size_t first = item.find_first_not_of(' ');
      std::size_t last = item.find_last_not_of(' ');
      item = first == std::string::npos ? std::string() : item.substr(first, last - first + 1);
      if (!(item.empty() && text_[pos_] == '}' && items.empty())) items.push_back(typedSetValue(item));
      if (text_[pos_++] == '}') break;
    }
    out = Value::array(std::move(items));
    return std::nullopt;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace

void mergeValuesOver(Value& values, const Value& overrides, bool null_removes) {
  if (!overrides.isObject()) return;
  if (!values.isObject()) values = Value::object();
  for (const Member& m : overrides.members()) {
    if (m.value.isNull() && null_removes) {
      eraseMember(values, m.key);
      continue;
    }
    Value* have = values.find(m.key);
    if (have != nullptr && have->isObject() && m.value.isObject()) {
      mergeValuesOver(*have, m.value, null_removes);
    } else if (have != nullptr) {
      *have = m.value;
    } else {
      values.members().push_back(m);
    }
  }
}

std::optional<std::string> applySetExpression(Value& values, std::string_view expression) {
  Value changed = values;
  if (auto error = SetParser(expression).run(changed)) return error;
  values = std::move(changed);
  return std::nullopt;
}

}  // namespace palisade::helm
