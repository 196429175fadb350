#include "parsers/calico/cidr.h"

#include <fmt/format.h>

#include <vector>

namespace palisade::calico {

namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Parses a dotted quad into out[0..3]; an error message on failure.
std::optional<std::string> parseIpv4(std::string_view text, uint8_t* out) {
  int part = 0;
  std::size_t i = 0;
  while (true) {
    if (part > 3) return "an IPv4 address has four parts";
    std::size_t start = i;
    unsigned value = 0;
    while (i < text.size() && isDigit(text[i])) {
      value = value * 10 + static_cast<unsigned>(text[i] - '0');
      if (value > 255) return fmt::format("IPv4 part '{}' is larger than 255", text.substr(start, i - start + 1));
      ++i;
    }
    if (i == start) return "expected a number in the IPv4 address";
    if (i - start > 1 && text[start] == '0') {
      return fmt::format("IPv4 part '{}' has a leading zero (ambiguous octal, refused)", text.substr(start, i - start));
    }
    out[part++] = static_cast<uint8_t>(value);
    if (i == text.size()) break;
    if (text[i] != '.') return fmt::format("unexpected '{}' in the IPv4 address", text[i]);
    ++i;
  }
  if (part != 4) return "an IPv4 address has four parts";
  return std::nullopt;
}

std::optional<std::string> parseIpv6(std::string_view text, uint8_t* out) {
  std::vector<uint16_t> head;
  std::vector<uint16_t> tail;
  bool compressed = false;
  std::size_t i = 0;
  if (text.starts_with("::")) {
    compressed = true;
    i = 2;
  } else if (text.starts_with(":")) {
    return "an IPv6 address cannot start with a single ':'";
  }
  std::optional<std::array<uint8_t, 4>> trailing_v4;
  while (i < text.size()) {
    std::vector<uint16_t>& groups = compressed ? tail : head;
    // A trailing dotted IPv4 part.
    const std::size_t next_colon = text.find(':', i);
    const std::string_view piece = text.substr(i, next_colon == std::string_view::npos ? text.size() - i : next_colon - i);
    if (piece.find('.') != std::string_view::npos) {
      if (next_colon != std::string_view::npos) return "an embedded IPv4 address must come last";
      std::array<uint8_t, 4> v4{};
      if (auto error = parseIpv4(piece, v4.data())) return *error;
      trailing_v4 = v4;
      i = text.size();
      break;
    }
    if (piece.empty()) return "empty group in the IPv6 address";
    if (piece.size() > 4) return fmt::format("IPv6 group '{}' has more than four hex digits", piece);
    unsigned value = 0;
    for (char c : piece) {
      const int h = hexValue(c);
      if (h < 0) return fmt::format("unexpected '{}' in the IPv6 address", c);
      value = value * 16 + static_cast<unsigned>(h);
    }
    groups.push_back(static_cast<uint16_t>(value));
    i += piece.size();
    if (i == text.size()) break;
    // i is at a ':'
    if (i + 1 < text.size() && text[i + 1] == ':') {
      if (compressed) return "'::' may appear only once in an IPv6 address";
      compressed = true;
      i += 2;
    } else {
      ++i;
      if (i == text.size()) return "an IPv6 address cannot end with a single ':'";
    }
  }
  const std::size_t v4_groups = trailing_v4 ? 2 : 0;
  const std::size_t total = head.size() + tail.size() + v4_groups;
  if (compressed ? total > 7 : total != 8) return "an IPv6 address has eight groups";
  std::array<uint16_t, 8> groups{};
  std::size_t g = 0;
  for (uint16_t v : head) groups[g++] = v;
  g = 8 - tail.size() - v4_groups;
  for (uint16_t v : tail) groups[g++] = v;
  for (std::size_t k = 0; k < 8; ++k) {
    out[2 * k] = static_cast<uint8_t>(groups[k] >> 8);
    out[2 * k + 1] = static_cast<uint8_t>(groups[k] & 0xff);
  }
  if (trailing_v4) {
    for (std::size_t k = 0; k < 4; ++k) out[12 + k] = (*trailing_v4)[k];
  }
  return std::nullopt;
}

bool bitSet(const std::array<uint8_t, 16>& address, int bit) {
  return (address[static_cast<std::size_t>(bit / 8)] >> (7 - bit % 8)) & 1;
}

}  // namespace

Cidr Cidr::network() const {
  Cidr result = *this;
  for (int bit = prefix; bit < bits(); ++bit) {
    result.address[static_cast<std::size_t>(bit / 8)] &= static_cast<uint8_t>(~(1u << (7 - bit % 8)));
  }
  return result;
}

bool Cidr::hostBitsSet() const { return network().address != address; }

std::string Cidr::addressString() const {
  if (version == 4) return fmt::format("{}.{}.{}.{}", address[0], address[1], address[2], address[3]);
  std::array<unsigned, 8> groups{};
  for (std::size_t k = 0; k < 8; ++k) groups[k] = (unsigned{address[2 * k]} << 8) | address[2 * k + 1];
  // RFC 5952: compress the longest run (first on ties) of two or more zero groups.
  int best_start = -1;
  int best_length = 0;
  for (int k = 0; k < 8;) {
    if (groups[static_cast<std::size_t>(k)] != 0) {
      ++k;
      continue;
    }
    int end = k;
    while (end < 8 && groups[static_cast<std::size_t>(end)] == 0) ++end;
    if (end - k > best_length && end - k >= 2) {
      best_start = k;
      best_length = end - k;
    }
    k = end;
  }
  std::string out;
  for (int k = 0; k < 8; ++k) {
    if (k == best_start) {
      out += "::";
      k += best_length - 1;
      continue;
    }
    if (!out.empty() && !out.ends_with(":")) out += ":";
    out += fmt::format("{:x}", groups[static_cast<std::size_t>(k)]);
  }
  return out;
}

std::string Cidr::toString() const { return fmt::format("{}/{}", addressString(), prefix); }

bool Cidr::contains(const Cidr& other) const {
  if (version != other.version || other.prefix < prefix) return false;
  for (int bit = 0; bit < prefix; ++bit) {
    if (bitSet(address, bit) != bitSet(other.address, bit)) return false;
  }
  return true;
}

ParsedCidr parseCidr(std::string_view text) {
  ParsedCidr result;
  if (text.empty()) {
    result.error = "empty CIDR";
    return result;
  }
  const std::size_t slash = text.find('/');
  const std::string_view address = text.substr(0, slash);
  Cidr cidr;
  const bool v6 = address.find(':') != std::string_view::npos;
  cidr.version = v6 ? 6 : 4;
  const std::optional<std::string> error = v6 ? parseIpv6(address, cidr.address.data())
                                              : parseIpv4(address, cidr.address.data());
  if (error) {
    result.error = fmt::format("'{}' is not an IP{} address: {}", address, v6 ? "v6" : "v4", *error);
    return result;
  }
  cidr.prefix = cidr.bits();
  if (slash != std::string_view::npos) {
    const std::string_view digits = text.substr(slash + 1);
    if (digits.empty() || digits.size() > 3) {
      result.error = fmt::format("'{}' is not a prefix length", digits);
      return result;
    }
    int prefix = 0;
    for (char c : digits) {
      if (!isDigit(c)) {
        result.error = fmt::format("'{}' is not a prefix length", digits);
        return result;
      }
      prefix = prefix * 10 + (c - '0');
    }
    if (prefix > cidr.bits()) {
      result.error = fmt::format("prefix /{} is longer than the {} bits of an IPv{} address", prefix, cidr.bits(),
                                 cidr.version);
      return result;
    }
    cidr.prefix = prefix;
    cidr.explicit_prefix = true;
  }
  result.cidr = cidr;
  return result;
}

}  // namespace palisade::calico
