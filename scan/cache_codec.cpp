#include "scan/cache_codec.h"

#include <cstring>
#include <unordered_map>

namespace palisade {

namespace {

// Format of the encoded model; bump it with any change below (scan/cache.cpp
// puts it into every key, so entries of another layout are never read).
enum class ValueTag : uint8_t { Null, False, True, Int, Number, String, Array, Object, Unknown, UnknownOneOf };

uint64_t cacheZigzag(int64_t v) { return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63); }
int64_t cacheUnzigzag(uint64_t v) { return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1); }

class ModelEncoder {
 public:
  ModelEncoder(const std::vector<SourceFilePtr>& files, std::string& out) : out_(out) {
    for (std::size_t i = 0; i < files.size(); ++i) index_.emplace(files[i].get(), i + 1);
  }
  bool ok() const { return ok_; }

  void span(const Span& s) {
    if (!s.file && s.begin == 0 && s.end == 0 && s.start.line == 0 && s.start.column == 0 && s.stop.line == 0 &&
        s.stop.column == 0) {
      putCacheVarint(out_, 0);
      return;
    }
    std::size_t file = 0;
    if (s.file) {
      auto it = index_.find(s.file);
      if (it == index_.end()) {
        ok_ = false;
      } else {
        file = it->second;
      }
    }
    // 0 is the empty span; a span without a file is 1, a file's is its place + 1.
    putCacheVarint(out_, file + 1);
    putCacheVarint(out_, s.begin);
    putCacheVarint(out_, s.end - s.begin);
    putCacheVarint(out_, s.start.line);
    putCacheVarint(out_, s.start.column);
    putCacheVarint(out_, s.stop.line);
    putCacheVarint(out_, s.stop.column);
  }

  void value(const Value& v) {
    const Value::Array* candidates = v.isUnknown() ? v.candidates() : nullptr;
    switch (v.kind()) {
      case Value::Kind::Null: tag(ValueTag::Null); break;
      case Value::Kind::Bool: tag(v.asBool() ? ValueTag::True : ValueTag::False); break;
      case Value::Kind::Int:
        tag(ValueTag::Int);
        putCacheVarint(out_, cacheZigzag(v.asInt()));
        break;
      case Value::Kind::Number: {
        tag(ValueTag::Number);
        double d = v.asNumber();
        char raw[sizeof d];
        std::memcpy(raw, &d, sizeof d);
        out_.append(raw, sizeof raw);
        break;
      }
      case Value::Kind::String:
        tag(ValueTag::String);
        putCacheString(out_, v.asString());
        break;
      case Value::Kind::Array:
        tag(ValueTag::Array);
        putCacheVarint(out_, v.items().size());
        break;
      case Value::Kind::Object:
        tag(ValueTag::Object);
        putCacheVarint(out_, v.members().size());
        break;
      case Value::Kind::Unknown:
        tag(candidates ? ValueTag::UnknownOneOf : ValueTag::Unknown);
        putCacheString(out_, v.asString());
        if (candidates) putCacheVarint(out_, candidates->size());
        break;
    }
    span(v.span());
    span(v.origin());
    if (v.isArray()) {
      for (const Value& item : v.items()) value(item);
    } else if (v.isObject()) {
      for (const Member& m : v.members()) {
        putCacheString(out_, m.key);
        span(m.key_span);
        value(m.value);
      }
    } else if (candidates) {
      for (const Value& c : *candidates) value(c);
    }
  }

  void resource(const Resource& r) {
    out_ += static_cast<char>(r.format);
    for (const std::string* s : {&r.type, &r.api_version, &r.kind, &r.name, &r.namespace_name, &r.symbolic_name}) {
      putCacheString(out_, *s);
    }
    value(r.body);
    span(r.declaration);
    putCacheVarint(out_, r.module_chain.size());
    for (const ModuleCall& call : r.module_chain) {
      putCacheString(out_, call.name);
      putCacheString(out_, call.path);
      span(call.span);
    }
    out_ += static_cast<char>(r.condition);
    putCacheVarint(out_, r.loop_index ? 1 : 0);
    if (r.loop_index) putCacheVarint(out_, cacheZigzag(*r.loop_index));
    out_ += static_cast<char>(r.existing ? 1 : 0);
    out_ += static_cast<char>(r.deployment_scope.kind);
    putCacheString(out_, r.deployment_scope.management_group);
    putCacheString(out_, r.deployment_scope.subscription);
    putCacheString(out_, r.deployment_scope.resource_group);
    putCacheString(out_, r.parameter_file);
    span(r.built_by);
    putCacheString(out_, r.source_identity);
    putCacheVarint(out_, r.pod_spec_path.size());
    for (const std::string& step : r.pod_spec_path) putCacheString(out_, step);
  }

  void diagnostic(const Diagnostic& d) {
    putCacheString(out_, d.ruleId());
    putCacheString(out_, d.message);
    span(d.span);
    putCacheString(out_, d.path);
    putCacheString(out_, d.subject);
    putCacheString(out_, d.help);
  }

 private:
  void tag(ValueTag t) { out_ += static_cast<char>(t); }

  std::string& out_;
  std::unordered_map<const SourceFile*, std::size_t> index_;
  bool ok_ = true;
};

class ModelDecoder {
 public:
  ModelDecoder(CacheReader& in, const std::vector<SourceFilePtr>& files) : in_(in), files_(files) {}

  Span span() {
    Span s;
    uint64_t file = in_.varint();
    if (file == 0) return s;
    if (file > 1) {
      if (file - 2 >= files_.size()) {
        in_.fail();
        return s;
      }
      s.file = files_[file - 2].get();
    }
    s.begin = narrow(in_.varint());
    s.end = narrow(s.begin + in_.varint());
    s.start.line = narrow(in_.varint());
    s.start.column = narrow(in_.varint());
    s.stop.line = narrow(in_.varint());
    s.stop.column = narrow(in_.varint());
    return s;
  }

  Value value(std::size_t depth = 0) {
    if (depth > 4096) {  // deeper than any reader's limit: not something the encoder wrote
      in_.fail();
      return {};
    }
    auto tag = static_cast<ValueTag>(in_.byte());
    Value v;
    uint64_t count = 0;
    std::string text;
    switch (tag) {
      case ValueTag::Null: v = Value::null(); break;
      case ValueTag::False: v = Value::boolean(false); break;
      case ValueTag::True: v = Value::boolean(true); break;
      case ValueTag::Int: v = Value::integer(cacheUnzigzag(in_.varint())); break;
      case ValueTag::Number: v = Value::number(in_.number()); break;
      case ValueTag::String: v = Value::string(std::string(in_.string())); break;
      case ValueTag::Array: count = in_.varint(); v = Value::array(); break;
      case ValueTag::Object: count = in_.varint(); v = Value::object(); break;
      case ValueTag::Unknown: v = Value::unknown(std::string(in_.string())); break;
      case ValueTag::UnknownOneOf:
        text = in_.string();
        count = in_.varint();
        break;
      default: in_.fail(); return {};
    }
    Span where = span();
    Span origin = span();
    if (!in_.has(count)) {  // every element takes at least one byte
      in_.fail();
      return {};
    }
    if (tag == ValueTag::Array) {
      Value::Array& items = v.items();
      items.reserve(count);
      for (uint64_t i = 0; i < count && !in_.failed(); ++i) items.push_back(value(depth + 1));
    } else if (tag == ValueTag::Object) {
      Value::Object& members = v.members();
      members.reserve(count);
      for (uint64_t i = 0; i < count && !in_.failed(); ++i) {
        Member m;
        m.key = in_.string();
        m.key_span = span();
        m.value = value(depth + 1);
        members.push_back(std::move(m));
      }
    } else if (tag == ValueTag::UnknownOneOf) {
      Value::Array candidates;
      candidates.reserve(count);
      for (uint64_t i = 0; i < count && !in_.failed(); ++i) candidates.push_back(value(depth + 1));
      v = Value::unknownOneOf(std::move(text), std::move(candidates));
    }
    v.setSpan(where);
    v.setOrigin(origin);
    return v;
  }

  Resource resource() {
    Resource r;
    uint8_t format = in_.byte();
    if (format > static_cast<uint8_t>(Format::Arm)) in_.fail();
    r.format = static_cast<Format>(format);
    for (std::string* s : {&r.type, &r.api_version, &r.kind, &r.name, &r.namespace_name, &r.symbolic_name}) {
      *s = in_.string();
    }
    r.body = value();
    r.declaration = span();
    uint64_t calls = in_.varint();
    if (!in_.has(calls)) in_.fail();
    for (uint64_t i = 0; i < calls && !in_.failed(); ++i) {
      ModuleCall call;
      call.name = in_.string();
      call.path = in_.string();
      call.span = span();
      r.module_chain.push_back(std::move(call));
    }
    uint8_t condition = in_.byte();
    if (condition > static_cast<uint8_t>(Tri::Unknown)) in_.fail();
    r.condition = static_cast<Tri>(condition);
    if (in_.varint() == 1) r.loop_index = cacheUnzigzag(in_.varint());
    r.existing = in_.byte() != 0;
    uint8_t scope = in_.byte();
    if (scope > static_cast<uint8_t>(DeploymentScope::Kind::ResourceGroup)) in_.fail();
    r.deployment_scope.kind = static_cast<DeploymentScope::Kind>(scope);
    r.deployment_scope.management_group = in_.string();
    r.deployment_scope.subscription = in_.string();
    r.deployment_scope.resource_group = in_.string();
    r.parameter_file = in_.string();
    r.built_by = span();
    r.source_identity = in_.string();
    uint64_t steps = in_.varint();
    if (!in_.has(steps)) in_.fail();
    for (uint64_t i = 0; i < steps && !in_.failed(); ++i) r.pod_spec_path.emplace_back(in_.string());
    return r;
  }

  Diagnostic diagnostic() {
    Diagnostic d;
    std::optional<GenCode> code = genCodeOf(in_.string());
    if (!code) in_.fail();
    d.code = code.value_or(GenCode::ParseError);
    d.message = in_.string();
    d.span = span();
    d.path = in_.string();
    d.subject = in_.string();
    d.help = in_.string();
    return d;
  }

 private:
  uint32_t narrow(uint64_t v) {
    if (v > UINT32_MAX) in_.fail();
    return static_cast<uint32_t>(v);
  }

  CacheReader& in_;
  const std::vector<SourceFilePtr>& files_;
};

}  // namespace

void putCacheVarint(std::string& out, uint64_t value) {
  while (value >= 0x80) {
    out += static_cast<char>((value & 0x7f) | 0x80);
    value >>= 7;
  }
  out += static_cast<char>(value);
}

void putCacheString(std::string& out, std::string_view text) {
  putCacheVarint(out, text.size());
  out.append(text);
}

uint64_t CacheReader::varint() {
  uint64_t value = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (failed_ || at_ >= bytes_.size()) break;
    auto b = static_cast<uint8_t>(bytes_[at_++]);
    value |= static_cast<uint64_t>(b & 0x7f) << shift;
    if (!(b & 0x80)) return value;
  }
  failed_ = true;
  return 0;
}

std::string_view CacheReader::string() {
  uint64_t size = varint();
  if (!has(size)) {
    failed_ = true;
    return {};
  }
  std::string_view out = bytes_.substr(at_, size);
  at_ += size;
  return out;
}

uint8_t CacheReader::byte() {
  if (failed_ || at_ >= bytes_.size()) {
    failed_ = true;
    return 0;
  }
  return static_cast<uint8_t>(bytes_[at_++]);
}

double CacheReader::number() {
  double d = 0;
  if (!has(sizeof d)) {
    failed_ = true;
    return 0;
  }
  std::memcpy(&d, bytes_.data() + at_, sizeof d);
  at_ += sizeof d;
  return d;
}

bool encodeFileModel(const FileModel& model, std::string& out) { return encodeFileModel(model, model.files, out); }

bool encodeFileModel(const FileModel& model, const std::vector<SourceFilePtr>& files, std::string& out) {
  ModelEncoder encoder(files, out);
  putCacheVarint(out, model.resources.size());
  for (const Resource& r : model.resources) encoder.resource(r);
  putCacheVarint(out, model.diagnostics.size());
  for (const Diagnostic& d : model.diagnostics) encoder.diagnostic(d);
  return encoder.ok();
}

std::optional<FileModel> decodeFileModel(std::string_view bytes, std::size_t& offset, const std::vector<SourceFilePtr>& files) {
  CacheReader in(bytes, offset);
  ModelDecoder decoder(in, files);
  FileModel model;
  model.files = files;
  uint64_t resources = in.varint();
  if (!in.has(resources)) return std::nullopt;
  model.resources.reserve(resources);
  for (uint64_t i = 0; i < resources && !in.failed(); ++i) model.resources.push_back(decoder.resource());
  uint64_t diagnostics = in.varint();
  if (!in.has(diagnostics)) return std::nullopt;
  for (uint64_t i = 0; i < diagnostics && !in.failed(); ++i) model.diagnostics.push_back(decoder.diagnostic());
  if (in.failed()) return std::nullopt;
  offset = in.offset();
  return model;
}

}  // namespace palisade
