// Ports as Calico rules write them — a number, a range `80:90` or a named
// port — and the rule protocols that decide whether ports apply at all
// (names TCP, UDP, ICMP, ICMPv6, SCTP, UDPLite or numbers 1-255).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/value.h"

namespace palisade::calico {

struct PortSpec {
  enum class Kind : uint8_t { Number, Range, Named };
  Kind kind = Kind::Number;
  uint32_t min = 0;  // Number: min == max
  uint32_t max = 0;
  std::string name;  // Named

  bool contains(uint32_t port) const { return kind != Kind::Named && min <= port && port <= max; }
  // True when every port of `other` is in this one (named ports only match themselves).
  bool covers(const PortSpec& other) const;
  std::string toString() const;
};

struct ParsedPort {
  std::optional<PortSpec> port;
  std::string error;
};

// A port from YAML: an integer, or a string holding a number, `min:max` or a
// named port (a Kubernetes port name: 1-15 lowercase letters, digits and
// '-', with a letter, no leading, trailing or double '-').
ParsedPort parsePort(const Value& value);
ParsedPort parsePortText(std::string_view text);

struct Protocol {
  std::string name;  // canonical name when it has one (TCP, UDP, ...), else empty
  int number = 0;    // IANA number when known (TCP 6, UDP 17, ICMP 1, ICMPv6 58, SCTP 132, UDPLite 136)

  bool supportsPorts() const { return number == 6 || number == 17 || number == 132; }
  bool isIcmp() const { return number == 1 || number == 58; }
  std::string display() const { return name.empty() ? std::to_string(number) : name; }
};

struct ParsedProtocol {
  std::optional<Protocol> protocol;
  std::string error;
  std::string suggestion;  // e.g. "TCP" for "tcp"
};

// A rule's `protocol`/`notProtocol`: a name (case-sensitive, as Calico
// validates it) or a number 1-255 (integer or numeric string).
ParsedProtocol parseProtocol(const Value& value);

}  // namespace palisade::calico
