// Table tests for Calico ports (numbers, ranges, named ports) and rule
// protocols (names, numbers, which ones have ports).
#include <catch2/catch.hpp>

#include "parsers/calico/ports.h"

using namespace palisade;
using namespace palisade::calico;

TEST_CASE("valid ports", "[calico][ports]") {
  struct Case {
    Value value;
    PortSpec::Kind kind;
    uint32_t min;
    uint32_t max;
    const char* text;
  };
  const Case cases[] = {
      {Value::integer(80), PortSpec::Kind::Number, 80, 80, "80"},
      {Value::integer(1), PortSpec::Kind::Number, 1, 1, "1"},
      {Value::integer(65535), PortSpec::Kind::Number, 65535, 65535, "65535"},
      {Value::string("443"), PortSpec::Kind::Number, 443, 443, "443"},
      {Value::string("6040:6050"), PortSpec::Kind::Range, 6040, 6050, "6040:6050"},
      {Value::string("80:80"), PortSpec::Kind::Range, 80, 80, "80:80"},
      {Value::string("http"), PortSpec::Kind::Named, 0, 0, "http"},
      {Value::string("named-port"), PortSpec::Kind::Named, 0, 0, "named-port"},
      {Value::string("h2c-9"), PortSpec::Kind::Named, 0, 0, "h2c-9"},
  };
  for (const Case& c : cases) {
    INFO("port: " << c.value.toDisplayString());
    const ParsedPort parsed = parsePort(c.value);
    REQUIRE(parsed.port);
    CHECK(parsed.port->kind == c.kind);
    CHECK(parsed.port->min == c.min);
    CHECK(parsed.port->max == c.max);
    CHECK(parsed.port->toString() == c.text);
  }
}

TEST_CASE("invalid ports", "[calico][ports]") {
  struct Case {
    Value value;
    const char* fragment;
  };
  const Case cases[] = {
      {Value::integer(0), "outside 1-65535"},
      {Value::integer(65536), "outside 1-65535"},
      {Value::integer(-1), "outside 1-65535"},
      {Value::string("0"), "outside 1-65535"},
      {Value::string("90:80"), "starts after it ends"},
      {Value::string("0:80"), "outside 1-65535"},
      {Value::string("80:"), "not a port number"},
      {Value::string("80-90"), "must contain a letter"},
      {Value::string("HTTP"), "lowercase"},
      {Value::string("-http"), "start or end with '-'"},
      {Value::string("my--port"), "'--'"},
      {Value::string("a-very-long-port-name"), "at most 15"},
      {Value::string(""), "empty"},
      {Value::boolean(true), "number or a string"},
  };
  for (const Case& c : cases) {
    INFO("port: " << c.value.toDisplayString());
    const ParsedPort parsed = parsePort(c.value);
    CHECK_FALSE(parsed.port);
    CHECK_THAT(parsed.error, Catch::Contains(c.fragment));
  }
}

TEST_CASE("port coverage", "[calico][ports]") {
  const PortSpec range = *parsePortText("1000:2000").port;
  CHECK(range.covers(*parsePortText("1500").port));
  CHECK(range.covers(*parsePortText("1000:2000").port));
  CHECK_FALSE(range.covers(*parsePortText("999:1500").port));
  CHECK_FALSE(range.covers(*parsePortText("http").port));
  CHECK(parsePortText("http").port->covers(*parsePortText("http").port));
  CHECK(range.contains(2000));
  CHECK_FALSE(range.contains(2001));
}

TEST_CASE("protocols", "[calico][ports]") {
  struct Case {
    Value value;
    int number;
    bool ports;
    bool icmp;
  };
  const Case cases[] = {
      {Value::string("TCP"), 6, true, false},      {Value::string("UDP"), 17, true, false},
      {Value::string("SCTP"), 132, true, false},   {Value::string("ICMP"), 1, false, true},
      {Value::string("ICMPv6"), 58, false, true},  {Value::string("UDPLite"), 136, false, false},
      {Value::integer(6), 6, true, false},         {Value::string("17"), 17, true, false},
      {Value::integer(47), 47, false, false},      {Value::integer(255), 255, false, false},
  };
  for (const Case& c : cases) {
    INFO("protocol: " << c.value.toDisplayString());
    const ParsedProtocol parsed = parseProtocol(c.value);
    REQUIRE(parsed.protocol);
    CHECK(parsed.protocol->number == c.number);
    CHECK(parsed.protocol->supportsPorts() == c.ports);
    CHECK(parsed.protocol->isIcmp() == c.icmp);
  }
  CHECK(parseProtocol(Value::integer(6)).protocol->display() == "TCP");
  CHECK(parseProtocol(Value::integer(47)).protocol->display() == "47");
}

TEST_CASE("invalid protocols", "[calico][ports]") {
  const ParsedProtocol lower = parseProtocol(Value::string("tcp"));
  CHECK_FALSE(lower.protocol);
  CHECK(lower.suggestion == "TCP");
  CHECK_FALSE(parseProtocol(Value::integer(0)).protocol);
  CHECK_FALSE(parseProtocol(Value::integer(256)).protocol);
  CHECK_FALSE(parseProtocol(Value::string("GRE")).protocol);
  CHECK(parseProtocol(Value::string("GRE")).suggestion.empty());
  CHECK_FALSE(parseProtocol(Value::boolean(true)).protocol);
}
