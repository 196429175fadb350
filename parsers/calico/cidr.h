// CIDRs as Calico reads them: IPv4 and IPv6 networks (a bare address is a
// /32 or /128), their canonical text, whether host bits are set beyond the
// prefix (`10.0.62.114/8` means `10.0.0.0/8`) and containment.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace palisade::calico {

struct Cidr {
  int version = 4;                    // 4 or 6
  std::array<uint8_t, 16> address{};  // IPv4 uses the first 4 bytes
  int prefix = 32;
  bool explicit_prefix = false;  // false for a bare address

  int bits() const { return version == 4 ? 32 : 128; }
  // The network with every bit after the prefix cleared.
  Cidr network() const;
  bool hostBitsSet() const;
  // `10.0.0.0/8`, `2001:db8::/32` (RFC 5952 for IPv6); always with the prefix.
  std::string toString() const;
  // The address alone, without the prefix.
  std::string addressString() const;
  // True when every address of `other` is in this network (same version only).
  bool contains(const Cidr& other) const;
  // True for 0.0.0.0/0 and ::/0.
  bool isEverything() const { return prefix == 0; }

  bool operator==(const Cidr& other) const = default;
};

struct ParsedCidr {
  std::optional<Cidr> cidr;
  std::string error;  // set when `cidr` is not
};

// Parses `a.b.c.d[/n]` or an IPv6 address (with `::` and an optional
// trailing dotted IPv4) with an optional `/n`. Leading zeros in IPv4 octets
// are refused, as Go's parser (and so Calico) refuses them.
ParsedCidr parseCidr(std::string_view text);

}  // namespace palisade::calico
