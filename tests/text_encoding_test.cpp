// UTF-8 checks of scanned files: the first invalid byte wherever it falls
// (ASCII is skipped eight bytes at a time), and replacement that keeps offsets.
#include <catch2/catch.hpp>

#include <string>

#include "core/text_encoding.h"

using palisade::firstInvalidUtf8;
using palisade::replaceInvalidUtf8;

TEST_CASE("an invalid byte is found at any offset, inside or after ASCII runs", "[encoding]") {
  for (std::size_t at = 0; at < 40; ++at) {
    std::string text(48, 'a');
    text[at] = '\xFF';
    auto bad = firstInvalidUtf8(text);
    REQUIRE(bad.has_value());
    CHECK(*bad == at);
  }
  CHECK_FALSE(firstInvalidUtf8(std::string(1000, 'x')).has_value());
  CHECK_FALSE(firstInvalidUtf8("").has_value());
}

TEST_CASE("valid multi-byte sequences across eight-byte boundaries are accepted", "[encoding]") {
  for (std::size_t pad = 0; pad < 16; ++pad) {
    std::string text = std::string(pad, 'a') + "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80" + std::string(pad, 'b');
    CHECK_FALSE(firstInvalidUtf8(text).has_value());
  }
}

TEST_CASE("truncated, overlong and surrogate sequences are invalid", "[encoding]") {
  CHECK(firstInvalidUtf8(std::string(9, 'a') + "\xE2\x82") == 9u);
  CHECK(firstInvalidUtf8(std::string(10, 'a') + "\xC0\xAF") == 10u);
  CHECK(firstInvalidUtf8(std::string(11, 'a') + "\xED\xA0\x80") == 11u);
}

TEST_CASE("replacing invalid UTF-8 keeps every byte offset", "[encoding]") {
  std::string text = "key: bad\xFF\xFE and \xC3\xA9 ok\xE2\x82";
  std::string fixed = replaceInvalidUtf8(text, '?');
  CHECK(fixed.size() == text.size());
  CHECK(fixed == "key: bad?? and \xC3\xA9 ok??");
  CHECK_FALSE(firstInvalidUtf8(fixed).has_value());
}
