#include "parsers/yaml/yaml_reader.h"

#include <fmt/format.h>
#include <yaml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cctype>
#include <cstring>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "core/text_encoding.h"

namespace palisade {

namespace {

// Thrown by the builder to abandon a document that exceeds a limit or
// names an anchor that does not exist.
struct DocumentRejected {
  uint32_t offset;
  std::string message;
  GenCode code = GenCode::ParseError;  // AnalysisLimit when the document is valid but past a limit
};

bool isAscii(std::string_view text) {
  unsigned char any = 0;
  for (char c : text) any |= static_cast<unsigned char>(c);
  return any < 0x80;
}

// libyaml's marks count characters; spans count bytes. Marks arrive almost
// in order, so a cursor that walks from the last answer is cheap.
class ByteOffsets {
 public:
  ByteOffsets(std::string_view text, bool ascii) : text_(text), ascii_(ascii) {}

  uint32_t of(std::size_t char_index) {
    if (ascii_) return static_cast<uint32_t>(std::min(char_index, text_.size()));
    while (char_ < char_index && byte_ < text_.size()) {
      ++byte_;
      while (byte_ < text_.size() && (static_cast<unsigned char>(text_[byte_]) & 0xC0) == 0x80) ++byte_;
      ++char_;
    }
    while (char_ > char_index && byte_ > 0) {
      --byte_;
      while (byte_ > 0 && (static_cast<unsigned char>(text_[byte_]) & 0xC0) == 0x80) --byte_;
      --char_;
    }
    return static_cast<uint32_t>(byte_);
  }

 private:
  std::string_view text_;
  bool ascii_;
  std::size_t char_ = 0;
  std::size_t byte_ = 0;
};

bool isOneOf(std::string_view s, std::initializer_list<std::string_view> options) {
  for (std::string_view o : options) {
    if (s == o) return true;
  }
  return false;
}

// Resolves a plain scalar the way Kubernetes' YAML decoder (go-yaml, YAML 1.1
// booleans and octal `0755`, 1.2 numbers otherwise) does; quoted scalars stay
// strings. `defaultMode: 0755` is 493 to the API server and to kustomize.
Value resolvePlainScalar(std::string_view text, const Span& span) {
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
    } else if (digits.size() > 1 && digits[0] == '0' &&
               digits.find_first_not_of("01234567") == std::string_view::npos) {
      base = 8;  // YAML 1.1's octal, which Kubernetes' decoder keeps
      digits.remove_prefix(1);
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
  return Value::string(std::string(text), span);
}

bool isCoreScalarTag(const char* tag) {
  return std::strcmp(tag, "tag:yaml.org,2002:int") == 0 || std::strcmp(tag, "tag:yaml.org,2002:bool") == 0 ||
         std::strcmp(tag, "tag:yaml.org,2002:float") == 0 || std::strcmp(tag, "tag:yaml.org,2002:null") == 0;
}

std::size_t countNodes(const Value& v) {
  std::size_t n = 1;
  if (v.isArray()) {
    for (const Value& item : v.items()) n += countNodes(item);
  } else if (v.isObject()) {
    for (const Member& m : v.members()) n += countNodes(m.value);
  }
  return n;
}

// Builds located Values from libyaml's events for the text[base, ...) range
// of one parse. Documents are handed over only when complete, with the
// duplicate-key diagnostics found in them.
class ValueBuilder {
 public:
  ValueBuilder(const SourceFile& file, std::string_view text, bool ascii, uint32_t base, const ReadLimits& limits)
      : file_(file), text_(text), base_(base), limits_(limits), offsets_(text.substr(base), ascii) {}

  std::vector<YamlDocument>& documents() { return documents_; }
  std::vector<Diagnostic>& diagnostics() { return diagnostics_; }
  // Where the document being read began, or where the next one will.
  uint32_t documentStart() const { return document_start_; }
  uint32_t offsetOf(const yaml_mark_t& mark) { return base_ + offsets_.of(mark.index); }

  void handle(const yaml_event_t& event) {
    switch (event.type) {
      case YAML_DOCUMENT_START_EVENT:
        startDocument(offsetOf(event.start_mark));
        break;
      case YAML_DOCUMENT_END_EVENT:
        endDocument(offsetOf(event.end_mark));
        break;
      case YAML_SCALAR_EVENT:
        scalar(event);
        break;
      case YAML_ALIAS_EVENT:
        alias(event);
        break;
      case YAML_SEQUENCE_START_EVENT:
        push(false, event, event.data.sequence_start.anchor, event.data.sequence_start.tag,
             event.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE);
        break;
      case YAML_MAPPING_START_EVENT:
        push(true, event, event.data.mapping_start.anchor, event.data.mapping_start.tag,
             event.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE);
        break;
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT:
        pop(offsetOf(event.end_mark));
        break;
      default:
        break;
    }
  }

 private:
  struct Frame {
    bool is_map = false;
    bool is_flow = false;
    Value value;
    std::string anchor;
    uint32_t begin = 0;
    Position start;  // of `begin`, found while the reader is still there
    uint32_t last_end = 0;
    bool expecting_key = true;
    bool next_is_merge = false;
    bool pending_is_merge = false;
    std::string pending_key;
    Span key_span;
    std::vector<Value> merge_sources;
    // Keys seen, once the mapping is too large for a linear scan of its members.
    std::unordered_set<std::string> key_index;
  };
  static constexpr std::size_t kLinearKeyScan = 16;

  void startDocument(uint32_t at) {
    document_start_ = at;
    stack_.clear();
    anchors_.clear();
    has_root_ = false;
    complex_key_.reset();
  }

  void endDocument(uint32_t at) {
    if (!has_root_) root_ = Value::null(spanAt(document_start_, document_start_));
    documents_.push_back(YamlDocument{std::move(root_), 0, complex_key_});
    for (Diagnostic& d : pending_diagnostics_) diagnostics_.push_back(std::move(d));
    pending_diagnostics_.clear();
    has_root_ = false;
    document_start_ = at;
  }

  // Where a node's own text begins, after its anchor and tag.
  uint32_t afterProperties(uint32_t at, uint32_t limit) const {
    while (at < limit && (text_[at] == '&' || text_[at] == '!')) {
      while (at < limit && !std::isspace(static_cast<unsigned char>(text_[at]))) ++at;
      while (at < limit && std::isspace(static_cast<unsigned char>(text_[at]))) ++at;
    }
    return at;
  }

  void scalar(const yaml_event_t& event) {
    const auto& data = event.data.scalar;
    std::string_view text(reinterpret_cast<const char*>(data.value), data.length);
    uint32_t begin = offsetOf(event.start_mark);
    uint32_t end = offsetOf(event.end_mark);
    const char* tag = reinterpret_cast<const char*>(data.tag);
    if (data.anchor || tag) begin = afterProperties(begin, end);
    bool plain = data.style == YAML_PLAIN_SCALAR_STYLE && !tag;
    if (data.style == YAML_LITERAL_SCALAR_STYLE || data.style == YAML_FOLDED_SCALAR_STYLE) {
      // libyaml ends a block scalar after its trailing line breaks; end it at its last character.
      while (end > begin && std::isspace(static_cast<unsigned char>(text_[end - 1]))) --end;
    }
    Frame* top = stack_.empty() ? nullptr : &stack_.back();
    if (plain && text.empty() && begin == end && top && top->is_map && !top->expecting_key) {
      // A missing map value (`key:`) is located right after its key, not at the next token.
      begin = end = top->key_span.end;
    }
    Span span = spanAt(begin, end);
    Value v;
    if (plain || (tag && isCoreScalarTag(tag))) {
      v = resolvePlainScalar(text, span);
    } else {
      v = Value::string(std::string(text), span);
    }
    if (plain && text == "<<" && top && top->is_map && top->expecting_key) top->next_is_merge = true;
    emit(std::move(v), reinterpret_cast<const char*>(data.anchor));
  }

  void alias(const yaml_event_t& event) {
    uint32_t at = offsetOf(event.start_mark);
    const char* name = reinterpret_cast<const char*>(event.data.alias.anchor);
    auto it = anchors_.find(name);
    if (it == anchors_.end()) throw DocumentRejected{at, fmt::format("invalid YAML: alias *{} names no anchor", name), GenCode::ParseError};
    alias_nodes_ += countNodes(it->second);
    if (alias_nodes_ > limits_.max_alias_expansion) {
      throw DocumentRejected{at,
                             fmt::format("not analysed: aliases expand to more than {} nodes (an alias bomb?); document skipped",
                                         limits_.max_alias_expansion),
                             GenCode::AnalysisLimit};
    }
    Value copy = it->second;
    copy.setOrigin(copy.span());
    emit(std::move(copy), nullptr);
  }

  void push(bool is_map, const yaml_event_t& event, const yaml_char_t* anchor, const yaml_char_t* tag, bool flow) {
    uint32_t at = offsetOf(event.start_mark);
    if (stack_.size() >= limits_.max_depth) {
      throw DocumentRejected{at, fmt::format("not analysed: nesting deeper than {} levels; document skipped", limits_.max_depth),
                             GenCode::AnalysisLimit};
    }
    if (anchor || tag) at = afterProperties(at, static_cast<uint32_t>(text_.size()));
    Frame& frame = stack_.emplace_back();
    frame.is_map = is_map;
    frame.is_flow = flow;
    frame.value = is_map ? Value::object() : Value::array();
    if (anchor) frame.anchor = reinterpret_cast<const char*>(anchor);
    frame.begin = at;
    frame.start = positionOf(at);
    frame.last_end = at + 1;
  }

  void pop(uint32_t end_mark) {
    Frame& frame = stack_.back();
    if (frame.is_map) {
      // Merge keys: explicit keys win, then earlier merge sources over later ones.
      for (const Value& source : frame.merge_sources) {
        for (const Member& m : source.members()) {
          if (!findMember(frame, m.key)) addMember(frame, Member(m));
        }
      }
    }
    // A flow collection ends at its closing bracket; a block one with its last entry.
    Span span;
    span.file = &file_;
    span.begin = frame.begin;
    span.end = frame.is_flow ? std::max(end_mark, frame.begin) : frame.last_end;
    span.start = frame.start;
    span.stop = positionOf(span.end);
    Value value = std::move(frame.value);
    value.setSpan(span);
    std::string anchor = std::move(frame.anchor);
    stack_.pop_back();
    emit(std::move(value), anchor.empty() ? nullptr : anchor.c_str());
  }

  Member* findMember(Frame& frame, const std::string& key) {
    auto& members = frame.value.members();
    if (members.size() > kLinearKeyScan && !frame.key_index.count(key)) return nullptr;
    for (Member& m : members) {
      if (m.key == key) return &m;
    }
    return nullptr;
  }

  void addMember(Frame& frame, Member member) {
    auto& members = frame.value.members();
    if (members.size() == kLinearKeyScan) {
      for (const Member& m : members) frame.key_index.insert(m.key);
    }
    if (members.size() >= kLinearKeyScan) frame.key_index.insert(member.key);
    members.push_back(std::move(member));
  }

  void emit(Value v, const char* anchor) {
    if (anchor) anchors_[anchor] = v;
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
    if (Member* existing = findMember(top, top.pending_key)) {
      pending_diagnostics_.push_back(Diagnostic{
          GenCode::DuplicateKey, fmt::format("duplicate key '{}': YAML decoders disagree on which value wins", top.pending_key),
          top.key_span, file_.path()});
      // Kubernetes' decoder keeps the last value; do the same.
      existing->key_span = top.key_span;
      existing->value = std::move(v);
      return;
    }
    addMember(top, Member{std::move(top.pending_key), top.key_span, std::move(v)});
  }

  Span spanAt(uint32_t begin, uint32_t end) {
    Span s;
    s.file = &file_;
    s.begin = begin;
    s.end = std::max(begin, end);
    s.start = positionOf(begin);
    s.stop = positionOf(s.end);
    return s;
  }

  // Nodes come in source order, mostly on the line of the last one or the
  // next: look there before searching the file's line table.
  Position positionOf(uint32_t offset) {
    for (int step = 0; step < 2; ++step) {
      if (offset >= line_begin_ && offset < line_end_) return {line_, offset - line_begin_ + 1};
      if (offset < line_end_ || line_end_ >= file_.text().size()) break;
      ++line_;
      line_begin_ = line_end_;
      line_end_ = file_.lineStart(line_ + 1);
    }
    auto [line, column] = file_.lineColumnOf(offset);
    line_ = line;
    line_begin_ = file_.lineStart(line);
    line_end_ = file_.lineStart(line + 1);
    return {line, column};
  }

  const SourceFile& file_;
  std::string_view text_;  // the file's text, or a copy with invalid UTF-8 replaced
  uint32_t base_;
  const ReadLimits& limits_;
  ByteOffsets offsets_;
  std::vector<Frame> stack_;
  std::unordered_map<std::string, Value> anchors_;
  std::size_t alias_nodes_ = 0;
  Value root_;
  bool has_root_ = false;
  std::optional<Span> complex_key_;
  std::vector<YamlDocument> documents_;
  std::vector<Diagnostic> diagnostics_;
  std::vector<Diagnostic> pending_diagnostics_;
  uint32_t document_start_ = base_;
  uint32_t line_ = 0;  // the line positionOf last answered with, and its byte range
  uint32_t line_begin_ = 0;
  uint32_t line_end_ = 0;
};

// The start of the next `---` document marker strictly after `after`, or npos.
std::size_t nextDocumentStart(std::string_view text, std::size_t after) {
  std::size_t pos = after + 1;
  while (true) {
    pos = text.find("---", pos);
    if (pos == std::string::npos) return pos;
    bool at_line_start = pos == 0 || text[pos - 1] == '\n';
    bool ends_marker = pos + 3 >= text.size() || text[pos + 3] == '\n' || text[pos + 3] == '\r' ||
                       text[pos + 3] == ' ' || text[pos + 3] == '\t';
    if (at_line_start && ends_marker) return pos;
    pos += 3;
  }
}

struct RangeOutcome {
  std::vector<YamlDocument> documents;
  std::vector<Diagnostic> diagnostics;
  std::optional<Diagnostic> error;
  uint32_t error_offset = 0;
  uint32_t failed_document_start = 0;
};

class LibyamlParser {
 public:
  explicit LibyamlParser(std::string_view input) {
    yaml_parser_initialize(&parser_);
    yaml_parser_set_encoding(&parser_, YAML_UTF8_ENCODING);
    yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char*>(input.data()), input.size());
  }
  ~LibyamlParser() { yaml_parser_delete(&parser_); }
  LibyamlParser(const LibyamlParser&) = delete;
  LibyamlParser& operator=(const LibyamlParser&) = delete;
  yaml_parser_t* get() { return &parser_; }

 private:
  yaml_parser_t parser_;
};

class Event {
 public:
  Event() = default;
  ~Event() { yaml_event_delete(&event_); }
  Event(const Event&) = delete;
  Event& operator=(const Event&) = delete;
  yaml_event_t* get() { return &event_; }

 private:
  yaml_event_t event_{};
};

// libyaml's message, located where it is most useful: a simple key that never
// found its ':' is reported at the key, not at the line after it.
uint32_t errorOffset(const yaml_parser_t& parser, ValueBuilder& builder, uint32_t base) {
  if (parser.error == YAML_READER_ERROR) return base + static_cast<uint32_t>(parser.problem_offset);
  if (parser.context && std::strcmp(parser.context, "while scanning a simple key") == 0) {
    return builder.offsetOf(parser.context_mark);
  }
  return builder.offsetOf(parser.problem_mark);
}

std::string errorMessage(const yaml_parser_t& parser) {
  if (parser.error == YAML_MEMORY_ERROR) return "invalid YAML: out of memory";
  std::string message = fmt::format("invalid YAML: {}", parser.problem ? parser.problem : "unknown error");
  if (parser.context) message += fmt::format(" ({})", parser.context);
  return message;
}

// Parses the documents in text[begin, end); stops at the first error.
RangeOutcome parseRange(const SourceFile& file, std::string_view text, bool ascii, uint32_t begin, uint32_t end,
                        const ReadLimits& limits) {
  std::string_view input = text.substr(0, end);
  ValueBuilder builder(file, input, ascii, begin, limits);
  LibyamlParser parser(input.substr(begin));
  RangeOutcome out;
  try {
    while (true) {
      Event event;
      if (!yaml_parser_parse(parser.get(), event.get())) {
        out.error_offset = std::min(errorOffset(*parser.get(), builder, begin), end);
        out.error = Diagnostic{GenCode::ParseError, errorMessage(*parser.get()), file.pointAt(out.error_offset), file.path()};
        break;
      }
      if (event.get()->type == YAML_STREAM_END_EVENT) break;
      builder.handle(*event.get());
    }
  } catch (const DocumentRejected& e) {
    out.error_offset = e.offset;
    out.error = Diagnostic{e.code, e.message, file.pointAt(e.offset), file.path()};
  }
  out.failed_document_start = builder.documentStart();
  out.documents = std::move(builder.documents());
  out.diagnostics = std::move(builder.diagnostics());
  return out;
}

}  // namespace

YamlReadResult readYaml(const SourceFile& file, const ReadLimits& limits) {
  YamlReadResult result;
  // libyaml refuses invalid UTF-8; such bytes (already reported by the
  // scanner) are read as '?', which keeps every byte offset.
  std::string replaced;
  std::string_view text = file.text();
  const bool ascii = isAscii(text);
  if (!ascii && firstInvalidUtf8(text)) {
    replaced = replaceInvalidUtf8(text, '?');
    text = replaced;
  }
  const auto size = static_cast<uint32_t>(text.size());
  uint32_t offset = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  uint32_t index = 0;
  auto take = [&](RangeOutcome& outcome) {
    for (YamlDocument& doc : outcome.documents) {
      doc.index = index++;
      result.documents.push_back(std::move(doc));
    }
    for (Diagnostic& d : outcome.diagnostics) result.diagnostics.push_back(std::move(d));
  };
  while (offset <= size) {
    RangeOutcome outcome = parseRange(file, text, ascii, offset, size, limits);
    take(outcome);
    if (!outcome.error) break;
    // Go on after the broken document: at the first `---` after its start.
    uint32_t doc_start = std::max(outcome.failed_document_start, offset);
    std::size_t next = nextDocumentStart(text, doc_start);
    if (next != std::string::npos && outcome.error_offset >= next) {
      // The error surfaced past the document's end (an unclosed bracket, or
      // libyaml's reader decoding ahead): read the document alone, so an
      // error is located inside it and a sound document is kept.
      RangeOutcome alone = parseRange(file, text, ascii, doc_start, static_cast<uint32_t>(next), limits);
      take(alone);
      if (alone.error) outcome.error = alone.error;
      if (!alone.error) {
        offset = static_cast<uint32_t>(next);
        continue;
      }
    }
    index++;  // the broken document
    result.diagnostics.push_back(std::move(*outcome.error));
    if (next == std::string::npos) break;
    offset = static_cast<uint32_t>(next);
  }
  return result;
}

}  // namespace palisade
