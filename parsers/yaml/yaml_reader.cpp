#include "parsers/yaml/yaml_reader.h"

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <istream>
#include <map>
#include <optional>
#include <streambuf>
#include <unordered_set>

namespace palisade {

namespace {

// Reads a byte range in place; std::istringstream would copy the file.
class MemoryBuffer : public std::streambuf {
 public:
  MemoryBuffer(const char* begin, const char* end) {
    char* b = const_cast<char*>(begin);
    setg(b, b, const_cast<char*>(end));
  }
};

// Thrown by the handler to abandon a document that exceeds a limit.
struct LimitExceeded {
  uint32_t offset;
  std::string message;
};

std::size_t countNodes(const Value& v) {
  std::size_t n = 1;
  if (v.isArray()) {
    for (const Value& item : v.items()) n += countNodes(item);
  } else if (v.isObject()) {
    for (const Member& m : v.members()) n += countNodes(m.value);
  }
  return n;
}

bool isOneOf(std::string_view s, std::initializer_list<std::string_view> options) {
  for (std::string_view o : options) {
    if (s == o) return true;
  }
  return false;
}

// Resolves a plain scalar the way Kubernetes' YAML decoder (YAML 1.1 booleans,
// 1.2 numbers) does; quoted scalars stay strings.
Value resolvePlainScalar(const std::string& text, const Span& span) {
  if (text.empty() || isOneOf(text, {"~", "null", "Null", "NULL"})) return Value::null(span);
  if (isOneOf(text, {"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"})) return Value::boolean(true, span);
  if (isOneOf(text, {"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"})) {
    return Value::boolean(false, span);
  }
  char first = text[0];
  if ((first >= '0' && first <= '9') || first == '-' || first == '+' || first == '.') {
    std::string_view digits = text;
    bool negative = false;
    if (digits[0] == '-' || digits[0] == '+') {
      negative = digits[0] == '-';
      digits.remove_prefix(1);
    }
    int base = 10;
    if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X')) {
      base = 16;
      digits.remove_prefix(2);
    } else if (digits.size() > 2 && digits[0] == '0' && digits[1] == 'o') {
      base = 8;
      digits.remove_prefix(2);
    }
    int64_t i = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), i, base);
    if (ec == std::errc() && end == digits.data() + digits.size() && !digits.empty()) {
      return Value::integer(negative ? -i : i, span);
    }
    if (base == 10) {
      double d = 0;
      auto [dend, dec] = std::from_chars(text.data() + (text[0] == '+' ? 1 : 0), text.data() + text.size(), d);
      if (dec == std::errc() && dend == text.data() + text.size()) return Value::number(d, span);
    }
  }
  if (isOneOf(text, {".inf", ".Inf", ".INF", "+.inf"})) return Value::number(HUGE_VAL, span);
  if (isOneOf(text, {"-.inf", "-.Inf", "-.INF"})) return Value::number(-HUGE_VAL, span);
  return Value::string(text, span);
}

class ValueBuilder : public YAML::EventHandler {
 public:
  ValueBuilder(const SourceFile& file, uint32_t base_offset, uint32_t end_offset, const ReadLimits& limits,
               std::vector<Diagnostic>& diagnostics)
      : file_(file),
        base_(base_offset),
        limits_(limits),
        diagnostics_(diagnostics),
        event_budget_(4 * static_cast<std::size_t>(end_offset - base_offset) + 1024) {}

  std::vector<Value> takeDocuments() { return std::move(documents_); }
  std::vector<std::optional<Span>> takeComplexKeys() { return std::move(complex_keys_); }
  // Where the document being read (or the last one) started.
  uint32_t documentStart() const { return document_start_; }

  void OnDocumentStart(const YAML::Mark& mark) override {
    countEvent(mark);
    uint32_t at = offsetOf(mark);
    if (!documents_.empty() && at == document_start_) {
      throw LimitExceeded{at, "the YAML parser stopped making progress on this input; rest of file skipped"};
    }
    document_start_ = at;
    stack_.clear();
    anchors_.clear();
  }
  void OnDocumentEnd() override {
    if (!has_root_) root_ = Value::null(spanAt(0, 0));
    documents_.push_back(std::move(root_));
    complex_keys_.push_back(complex_key_);
    complex_key_.reset();
    has_root_ = false;
  }

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    countEvent(mark);
    uint32_t at = offsetOf(mark);
    // A missing map value (`key:`) is located right after its key, not on the next line.
    if (!stack_.empty() && stack_.back().is_map && !stack_.back().expecting_key) at = stack_.back().key_span.end;
    emit(Value::null(spanAt(at, at)), anchor);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    countEvent(mark);
    uint32_t at = offsetOf(mark);
    auto it = anchors_.find(anchor);
    if (it == anchors_.end()) {
      emit(Value::null(spanAt(at, at + 1)), 0);
      return;
    }
    alias_nodes_ += countNodes(it->second);
    if (alias_nodes_ > limits_.max_alias_expansion) {
      throw LimitExceeded{at, fmt::format("aliases expand to more than {} nodes (an alias bomb?); document skipped",
                                          limits_.max_alias_expansion)};
    }
    Value copy = it->second;
    copy.setOrigin(copy.span());
    emit(std::move(copy), 0);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor, const std::string& text) override {
    countEvent(mark);
    uint32_t at = offsetOf(mark);
    Span span = spanAt(at, scalarEnd(at, text));
    bool plain = tag == "?";
    Value v;
    if (plain) {
      v = resolvePlainScalar(text, span);
    } else if (tag == "tag:yaml.org,2002:int" || tag == "tag:yaml.org,2002:bool" || tag == "tag:yaml.org,2002:float" ||
               tag == "tag:yaml.org,2002:null") {
      v = resolvePlainScalar(text, span);
    } else {
      v = Value::string(text, span);
    }
    if (plain && text == "<<" && !stack_.empty() && stack_.back().is_map && stack_.back().expecting_key) {
      stack_.back().next_is_merge = true;
    }
    emit(std::move(v), anchor);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    push(false, mark, anchor);
  }
  void OnSequenceEnd() override { pop(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, YAML::EmitterStyle::value) override {
    push(true, mark, anchor);
  }
  void OnMapEnd() override { pop(); }

 private:
  struct Frame {
    bool is_map = false;
    Value value;
    YAML::anchor_t anchor = 0;
    uint32_t begin = 0;
    uint32_t last_end = 0;
    bool expecting_key = true;
    bool next_is_merge = false;
    bool pending_is_merge = false;
    std::string pending_key;
    Span key_span;
    std::vector<Value> merge_sources;
    std::unordered_set<std::string> keys;
  };

  // yaml-cpp can loop without consuming input on some malformed streams
  // (`,v` yields empty documents forever). Real YAML cannot produce more
  // events than a few per input byte, aliases aside (they have their own budget).
  void countEvent(const YAML::Mark& mark) {
    if (++events_ > event_budget_) {
      throw LimitExceeded{offsetOf(mark), "the YAML parser stopped making progress on this input; rest of file skipped"};
    }
  }

  uint32_t offsetOf(const YAML::Mark& mark) const {
    return base_ + static_cast<uint32_t>(std::max(mark.pos, 0));
  }

  Span spanAt(uint32_t begin, uint32_t end) const {
    Span s;
    s.file = &file_;
    s.begin = begin;
    s.end = std::max(begin, end);
    auto [line, column] = file_.lineColumnOf(begin);
    s.start = {line, column};
    auto [end_line, end_column] = file_.lineColumnOf(s.end);
    s.stop = {end_line, end_column};
    return s;
  }

  // yaml-cpp gives no end marks: find where a scalar's source text stops.
  uint32_t scalarEnd(uint32_t at, const std::string& text) const {
    const std::string& src = file_.text();
    if (at >= src.size()) return at;
    char open = src[at];
    if (open == '"' || open == '\'') {
      for (std::size_t i = at + 1; i < src.size(); ++i) {
        if (open == '"' && src[i] == '\\') {
          ++i;
        } else if (src[i] == open) {
          if (open == '\'' && i + 1 < src.size() && src[i + 1] == '\'') {
            ++i;
          } else {
            return static_cast<uint32_t>(i + 1);
          }
        }
      }
      return static_cast<uint32_t>(src.size());
    }
    if (src.compare(at, text.size(), text) == 0) return at + static_cast<uint32_t>(text.size());
    std::size_t eol = src.find('\n', at);
    if (open == '|' || open == '>') {
      // A block scalar: its last content line.
      std::size_t lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
      std::size_t pos = at;
      for (std::size_t i = 0; i < lines && pos != std::string::npos; ++i) pos = src.find('\n', pos + 1);
      if (pos == std::string::npos) return static_cast<uint32_t>(src.size());
      std::size_t line_start = src.rfind('\n', pos == 0 ? 0 : pos - 1);
      (void)line_start;
      return static_cast<uint32_t>(pos);
    }
    if (eol == std::string::npos) eol = src.size();
    while (eol > at && (src[eol - 1] == '\r' || src[eol - 1] == ' ')) --eol;
    return static_cast<uint32_t>(eol);
  }

  void push(bool is_map, const YAML::Mark& mark, YAML::anchor_t anchor) {
    countEvent(mark);
    uint32_t at = offsetOf(mark);
    if (stack_.size() >= limits_.max_depth) {
      throw LimitExceeded{at, fmt::format("nesting deeper than {} levels; document skipped", limits_.max_depth)};
    }
    Frame frame;
    frame.is_map = is_map;
    frame.value = is_map ? Value::object() : Value::array();
    frame.anchor = anchor;
    frame.begin = at;
    frame.last_end = at + 1;
    stack_.push_back(std::move(frame));
  }

  void pop() {
    Frame frame = std::move(stack_.back());
    stack_.pop_back();
    if (frame.is_map && !frame.merge_sources.empty()) {
      // Merge keys: explicit keys win, then earlier merge sources over later ones.
      for (const Value& source : frame.merge_sources) {
        for (const Member& m : source.members()) {
          if (frame.keys.insert(m.key).second) frame.value.members().push_back(m);
        }
      }
    }
    uint32_t end = frame.last_end;
    const std::string& src = file_.text();
    if (frame.begin < src.size() && (src[frame.begin] == '{' || src[frame.begin] == '[')) {
      char close = src[frame.begin] == '{' ? '}' : ']';
      std::size_t pos = src.find(close, std::max(end, frame.begin));
      if (pos != std::string::npos) end = static_cast<uint32_t>(pos + 1);
    }
    frame.value.setSpan(spanAt(frame.begin, end));
    emit(std::move(frame.value), frame.anchor);
  }

  void emit(Value v, YAML::anchor_t anchor) {
    if (anchor != 0) anchors_[anchor] = v;
    uint32_t end = v.span().end;
    if (stack_.empty()) {
      root_ = std::move(v);
      has_root_ = true;
      return;
    }
    Frame& top = stack_.back();
    top.last_end = std::max(top.last_end, end);
    if (!top.is_map) {
      top.value.items().push_back(std::move(v));
      return;
    }
    if (top.expecting_key) {
      if (!v.isScalar() && !complex_key_) complex_key_ = v.span();
      top.pending_key = v.isString() ? v.asString() : v.toDisplayString();
      top.key_span = v.span();
      top.pending_is_merge = top.next_is_merge;
      top.next_is_merge = false;
      top.expecting_key = false;
      return;
    }
    top.expecting_key = true;
    if (top.pending_is_merge) {
      if (v.isObject()) {
        top.merge_sources.push_back(std::move(v));
      } else if (v.isArray()) {
        for (Value& item : v.items()) {
          if (item.isObject()) top.merge_sources.push_back(std::move(item));
        }
      }
      return;
    }
    if (!top.keys.insert(top.pending_key).second) {
      diagnostics_.push_back(Diagnostic{
          "GEN002", fmt::format("duplicate key '{}': YAML decoders disagree on which value wins", top.pending_key),
          top.key_span, file_.path()});
      // Kubernetes' decoder keeps the last value; do the same.
      for (Member& m : top.value.members()) {
        if (m.key == top.pending_key) {
          m.key_span = top.key_span;
          m.value = std::move(v);
          return;
        }
      }
      return;
    }
    top.value.members().push_back(Member{std::move(top.pending_key), top.key_span, std::move(v)});
  }

  const SourceFile& file_;
  uint32_t base_;
  const ReadLimits& limits_;
  std::vector<Diagnostic>& diagnostics_;
  std::vector<Frame> stack_;
  std::map<YAML::anchor_t, Value> anchors_;
  std::size_t alias_nodes_ = 0;
  Value root_;
  bool has_root_ = false;
  std::vector<Value> documents_;
  std::vector<std::optional<Span>> complex_keys_;
  std::optional<Span> complex_key_;
  uint32_t document_start_ = 0;
  std::size_t events_ = 0;
  std::size_t event_budget_;
};

// The start of the next `---` document marker at or after `from` and strictly
// after `current` (so recovery always moves forward), or npos.
std::size_t nextDocumentStart(const std::string& text, std::size_t from, std::size_t current) {
  std::size_t pos = from;
  while (true) {
    pos = text.find("---", pos);
    if (pos == std::string::npos) return pos;
    bool at_line_start = pos == 0 || text[pos - 1] == '\n';
    bool ends_marker = pos + 3 >= text.size() || text[pos + 3] == '\n' || text[pos + 3] == '\r' ||
                       text[pos + 3] == ' ' || text[pos + 3] == '\t';
    if (at_line_start && ends_marker && pos > current) return pos;
    pos += 3;
  }
}


struct RangeOutcome {
  std::vector<Value> documents;
  std::vector<std::optional<Span>> complex_keys;
  std::optional<Diagnostic> error;
  uint32_t error_offset = 0;
  uint32_t failed_document_start = 0;
};

// Parses the documents in text[begin, end); stops at the first error.
RangeOutcome parseRange(const SourceFile& file, uint32_t begin, uint32_t end, const ReadLimits& limits,
                        std::vector<Diagnostic>& diagnostics) {
  const std::string& text = file.text();
  MemoryBuffer buffer(text.data() + begin, text.data() + end);
  std::istream in(&buffer);
  ValueBuilder builder(file, begin, end, limits, diagnostics);
  RangeOutcome out;
  out.failed_document_start = begin;
  try {
    YAML::Parser parser(in);
    while (parser.HandleNextDocument(builder)) {
    }
  } catch (const YAML::Exception& e) {
    out.error_offset = begin + static_cast<uint32_t>(std::max(e.mark.pos, 0));
    out.error = Diagnostic{"GEN001", fmt::format("invalid YAML: {}", e.msg), file.pointAt(out.error_offset), file.path()};
    out.failed_document_start = builder.documentStart();
  } catch (const LimitExceeded& e) {
    out.error_offset = e.offset;
    out.error = Diagnostic{"GEN001", e.message, file.pointAt(e.offset), file.path()};
    out.failed_document_start = builder.documentStart();
  }
  out.documents = builder.takeDocuments();
  out.complex_keys = builder.takeComplexKeys();
  return out;
}

}  // namespace

YamlReadResult readYaml(const SourceFile& file, const ReadLimits& limits) {
  YamlReadResult result;
  const std::string& text = file.text();
  const auto size = static_cast<uint32_t>(text.size());
  uint32_t offset = 0;
  if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) offset = 3;
  uint32_t index = 0;
  while (offset <= size) {
    RangeOutcome outcome = parseRange(file, offset, size, limits, result.diagnostics);
    for (std::size_t i = 0; i < outcome.documents.size(); ++i) {
      result.documents.push_back(YamlDocument{std::move(outcome.documents[i]), index++, outcome.complex_keys[i]});
    }
    if (!outcome.error) break;
    index++;  // the broken document
    // Go on after the broken document: at the first `---` after its start.
    uint32_t doc_start = std::max(outcome.failed_document_start, offset);
    std::size_t next = nextDocumentStart(text, doc_start, doc_start);
    if (next != std::string::npos && outcome.error_offset >= next) {
      // The error surfaced past the document's end (an unclosed bracket, say):
      // read the document alone so the error is located inside it.
      std::vector<Diagnostic> ignored;
      RangeOutcome alone = parseRange(file, doc_start, static_cast<uint32_t>(next), limits, ignored);
      if (alone.error) outcome.error = alone.error;
    }
    result.diagnostics.push_back(std::move(*outcome.error));
    if (next == std::string::npos) break;
    offset = static_cast<uint32_t>(next);
  }
  return result;
}

}  // namespace palisade
