#include "core/line_hash.h"

#include <fmt/format.h>

#include <array>
#include <unordered_map>

namespace palisade {

namespace {

constexpr std::size_t kWindow = 100;
constexpr uint64_t kBase = 37;
constexpr uint32_t kEndOfText = 0xFFFF;  // marks the end, so the last lines differ from padding

// Decodes UTF-8 into UTF-16 code units, one call per unit; an invalid byte
// becomes U+FFFD, as the decoder GitHub reads files with does.
template <typename Sink>
void forEachUtf16Unit(std::string_view text, Sink&& sink) {
  std::size_t i = 0;
  while (i < text.size()) {
    auto byte = static_cast<unsigned char>(text[i]);
    uint32_t code = 0;
    std::size_t length = 0;
    if (byte < 0x80) {
      code = byte;
      length = 1;
    } else if ((byte & 0xE0) == 0xC0) {
      code = byte & 0x1F;
      length = 2;
    } else if ((byte & 0xF0) == 0xE0) {
      code = byte & 0x0F;
      length = 3;
    } else if ((byte & 0xF8) == 0xF0) {
      code = byte & 0x07;
      length = 4;
    }
    bool valid = length != 0 && i + length <= text.size();
    for (std::size_t k = 1; valid && k < length; ++k) {
      auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) valid = false;
      code = (code << 6) | (next & 0x3F);
    }
    if (valid) {
      static constexpr std::array<uint32_t, 5> kMinimum{0, 0, 0x80, 0x800, 0x10000};
      valid = code >= kMinimum[length] && code <= 0x10FFFF && (code < 0xD800 || code > 0xDFFF);
    }
    if (!valid) {
      sink(0xFFFD);
      ++i;
      continue;
    }
    if (code >= 0x10000) {
      code -= 0x10000;
      sink(0xD800 + (code >> 10));
      sink(0xDC00 + (code & 0x3FF));
    } else {
      sink(code);
    }
    i += length;
  }
}

class RollingLineHasher {
 public:
  explicit RollingLineHasher(uint32_t stop_after_line) : stop_after_line_(stop_after_line) {
    for (std::size_t i = 0; i < kWindow; ++i) drop_factor_ *= kBase;
  }

  void add(uint32_t unit) {
    if (unit == ' ' || unit == '\t' || (previous_was_cr_ && unit == '\n')) {
      previous_was_cr_ = false;
      return;
    }
    previous_was_cr_ = unit == '\r';
    if (unit == '\r') unit = '\n';
    if (pushed_ == next_emit_) emit();
    if (at_line_start_) {
      at_line_start_ = false;
      startLine();
    }
    if (unit == '\n') at_line_start_ = true;
    push(unit);
  }

  void finish() {
    add(kEndOfText);
    for (std::size_t i = 0; i < kWindow; ++i) {
      if (pushed_ == next_emit_) emit();
      push(0);
    }
  }

  bool done() const { return stop_after_line_ != 0 && hashes_.size() >= stop_after_line_; }
  std::vector<LineHashCode> take() { return std::move(hashes_); }

 private:
  // A line's hash is the window's hash once the line's first kWindow units are
  // in; lines start in order, so the pending ones form a queue and each unit
  // needs one comparison with the next due.
  void startLine() {
    pending_[(pending_head_ + pending_count_++) % kPending] = pushed_ + kWindow;
    if (pending_count_ == 1) next_emit_ = pushed_ + kWindow;
  }

  void emit() {
    hashes_.push_back(LineHashCode{hash_, ++occurrences_[hash_]});
    pending_head_ = (pending_head_ + 1) % kPending;
    next_emit_ = --pending_count_ == 0 ? kNever : pending_[pending_head_];
  }

  void push(uint32_t unit) {
    uint32_t leaving = window_[slot_];
    window_[slot_] = unit;
    hash_ = hash_ * kBase + unit - drop_factor_ * leaving;  // modulo 2^64, as GitHub's 64-bit Long
    if (++slot_ == kWindow) slot_ = 0;
    ++pushed_;
  }

  // At most kWindow lines are pending: each holds at least its line break.
  static constexpr std::size_t kPending = 128;
  static constexpr uint64_t kNever = ~uint64_t{0};

  uint32_t stop_after_line_;
  std::array<uint32_t, kWindow> window_{};
  std::array<uint64_t, kPending> pending_{};  // where each pending line's hash is due, in units pushed
  std::size_t pending_head_ = 0;
  std::size_t pending_count_ = 0;
  uint64_t next_emit_ = kNever;
  uint64_t pushed_ = 0;
  uint64_t drop_factor_ = 1;
  uint64_t hash_ = 0;
  std::size_t slot_ = 0;
  bool at_line_start_ = true;
  bool previous_was_cr_ = false;
  // Rendering every line's hash as text was most of a scan's rule time on large
  // files; the numbers are kept and rendered only for lines that are reported.
  std::unordered_map<uint64_t, uint32_t> occurrences_;
  std::vector<LineHashCode> hashes_;
};

std::vector<LineHashCode> hashLines(std::string_view text, uint32_t stop_after_line) {
  RollingLineHasher hasher(stop_after_line);
  // Hashing stops early once the wanted line is out: a line's hash only needs
  // the 100 units after its start, and its occurrence count only earlier lines.
  std::size_t offset = 0;
  constexpr std::size_t kChunk = 4096;
  while (offset < text.size() && !hasher.done()) {
    std::size_t end = std::min(text.size(), offset + kChunk);
    while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
    forEachUtf16Unit(text.substr(offset, end - offset), [&](uint32_t unit) { hasher.add(unit); });
    offset = end;
  }
  if (!hasher.done()) hasher.finish();
  return hasher.take();
}

}  // namespace

std::vector<LineHashCode> lineHashCodes(std::string_view text) { return hashLines(text, 0); }

std::string formatLineHash(const LineHashCode& code) { return fmt::format("{:x}:{}", code.hash, code.occurrence); }

std::vector<std::string> lineHashes(std::string_view text) {
  std::vector<std::string> out;
  for (const LineHashCode& code : hashLines(text, 0)) out.push_back(formatLineHash(code));
  return out;
}

std::string lineHash(std::string_view text, uint32_t line) {
  if (line == 0) return {};
  std::vector<LineHashCode> hashes = hashLines(text, line);
  return line <= hashes.size() ? formatLineHash(hashes[line - 1]) : std::string{};
}

}  // namespace palisade
