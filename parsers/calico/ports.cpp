#include "parsers/calico/ports.h"

#include <fmt/format.h>

#include <array>

namespace palisade::calico {

namespace {

bool allDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// Parses a decimal port number 1-65535.
std::optional<uint32_t> portNumber(std::string_view digits, std::string& error) {
  if (!allDigits(digits) || digits.size() > 6) {
    error = fmt::format("'{}' is not a port number", digits);
    return std::nullopt;
  }
  uint32_t value = 0;
  for (char c : digits) value = value * 10 + static_cast<uint32_t>(c - '0');
  if (value < 1 || value > 65535) {
    error = fmt::format("port {} is outside 1-65535", value);
    return std::nullopt;
  }
  return value;
}

std::optional<std::string> portNameProblem(std::string_view name) {
  if (name.size() > 15) return "a named port has at most 15 characters";
  bool has_letter = false;
  for (char c : name) {
    const bool lower = c >= 'a' && c <= 'z';
    const bool digit = c >= '0' && c <= '9';
    if (!lower && !digit && c != '-') {
      return fmt::format("a named port may contain only lowercase letters, digits and '-', not '{}'", c);
    }
    has_letter = has_letter || lower;
  }
  if (!has_letter) return "a named port must contain a letter";
  if (name.front() == '-' || name.back() == '-') return "a named port cannot start or end with '-'";
  if (name.find("--") != std::string_view::npos) return "a named port cannot contain '--'";
  return std::nullopt;
}

struct KnownProtocol {
  std::string_view name;
  int number;
};
constexpr std::array<KnownProtocol, 6> kProtocols{{
    {"TCP", 6}, {"UDP", 17}, {"ICMP", 1}, {"ICMPv6", 58}, {"SCTP", 132}, {"UDPLite", 136}}};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

}  // namespace

bool PortSpec::covers(const PortSpec& other) const {
  if (kind == Kind::Named || other.kind == Kind::Named) return kind == other.kind && name == other.name;
  return min <= other.min && other.max <= max;
}

std::string PortSpec::toString() const {
  if (kind == Kind::Named) return name;
  if (kind == Kind::Range) return fmt::format("{}:{}", min, max);
  return std::to_string(min);
}

ParsedPort parsePortText(std::string_view text) {
  ParsedPort result;
  if (text.empty()) {
    result.error = "empty port";
    return result;
  }
  const std::size_t colon = text.find(':');
  if (colon != std::string_view::npos) {
    const auto low = portNumber(text.substr(0, colon), result.error);
    if (!low) return result;
    const auto high = portNumber(text.substr(colon + 1), result.error);
    if (!high) return result;
    if (*low > *high) {
      result.error = fmt::format("port range {} starts after it ends", text);
      return result;
    }
    result.port = PortSpec{PortSpec::Kind::Range, *low, *high, {}};
    return result;
  }
  if (allDigits(text)) {
    const auto number = portNumber(text, result.error);
    if (number) result.port = PortSpec{PortSpec::Kind::Number, *number, *number, {}};
    return result;
  }
  if (auto problem = portNameProblem(text)) {
    result.error = fmt::format("'{}' is not a port: {}", text, *problem);
    return result;
  }
  result.port = PortSpec{PortSpec::Kind::Named, 0, 0, std::string(text)};
  return result;
}

ParsedPort parsePort(const Value& value) {
  if (value.isInt()) {
    ParsedPort result;
    const int64_t n = value.asInt();
    if (n < 1 || n > 65535) {
      result.error = fmt::format("port {} is outside 1-65535", n);
    } else {
      result.port = PortSpec{PortSpec::Kind::Number, static_cast<uint32_t>(n), static_cast<uint32_t>(n), {}};
    }
    return result;
  }
  if (value.isString()) return parsePortText(value.asString());
  ParsedPort result;
  result.error = fmt::format("a port is a number or a string, not {}", kindName(value.kind()));
  return result;
}

ParsedProtocol parseProtocol(const Value& value) {
  ParsedProtocol result;
  std::optional<int64_t> number;
  if (value.isInt()) {
    number = value.asInt();
  } else if (value.isString() && allDigits(value.asString()) && value.asString().size() <= 4) {
    number = std::stoll(value.asString());
  }
  if (number) {
    if (*number < 1 || *number > 255) {
      result.error = fmt::format("protocol number {} is outside 1-255", *number);
      return result;
    }
    Protocol protocol{{}, static_cast<int>(*number)};
    for (const KnownProtocol& known : kProtocols) {
      if (known.number == protocol.number) protocol.name = std::string(known.name);
    }
    result.protocol = protocol;
    return result;
  }
  if (!value.isString()) {
    result.error = fmt::format("a protocol is a name or a number, not {}", kindName(value.kind()));
    return result;
  }
  const std::string& text = value.asString();
  for (const KnownProtocol& known : kProtocols) {
    if (text == known.name) {
      result.protocol = Protocol{std::string(known.name), known.number};
      return result;
    }
    if (lower(text) == lower(known.name)) result.suggestion = std::string(known.name);
  }
  result.error = fmt::format("'{}' is not a protocol Calico accepts (TCP, UDP, ICMP, ICMPv6, SCTP, UDPLite or 1-255)",
                             text);
  return result;
}

}  // namespace palisade::calico
