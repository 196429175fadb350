// Table tests for Calico CIDR parsing: IPv4/IPv6, canonical text, host bits
// and containment.
#include <catch2/catch.hpp>

#include "parsers/calico/cidr.h"

using namespace palisade::calico;

namespace {

Cidr cidrOf(std::string_view text) {
  ParsedCidr parsed = parseCidr(text);
  INFO("cidr: " << text << " error: " << parsed.error);
  REQUIRE(parsed.cidr);
  return *parsed.cidr;
}

}  // namespace

TEST_CASE("valid CIDRs and their canonical text", "[calico][cidr]") {
  struct Case {
    const char* text;
    int version;
    int prefix;
    const char* canonical;
    bool host_bits;
  };
  const Case cases[] = {
      {"10.0.0.0/8", 4, 8, "10.0.0.0/8", false},
      {"10.0.62.114/8", 4, 8, "10.0.62.114/8", true},
      {"0.0.0.0/0", 4, 0, "0.0.0.0/0", false},
      {"192.168.1.7", 4, 32, "192.168.1.7/32", false},
      {"192.168.1.7/32", 4, 32, "192.168.1.7/32", false},
      {"255.255.255.255/31", 4, 31, "255.255.255.255/31", true},
      {"::/0", 6, 0, "::/0", false},
      {"::1", 6, 128, "::1/128", false},
      {"2001:db8::/32", 6, 32, "2001:db8::/32", false},
      {"2001:DB8:0:0:0:0:0:1/64", 6, 64, "2001:db8::1/64", true},
      {"fe80::1:0:0:1/64", 6, 64, "fe80::1:0:0:1/64", true},
      {"fe80:0:0:1::/64", 6, 64, "fe80:0:0:1::/64", false},
      {"2001:db8:0:0:1:0:0:1/128", 6, 128, "2001:db8::1:0:0:1/128", false},
      {"::ffff:10.1.2.3/128", 6, 128, "::ffff:a01:203/128", false},
      {"1:2:3:4:5:6:7:8", 6, 128, "1:2:3:4:5:6:7:8/128", false},
      {"1::", 6, 128, "1::/128", false},
      {"fd00::/8", 6, 8, "fd00::/8", false},
      {"fd00::/7", 6, 7, "fd00::/7", true},
  };
  for (const Case& c : cases) {
    INFO("cidr: " << c.text);
    const Cidr cidr = cidrOf(c.text);
    CHECK(cidr.version == c.version);
    CHECK(cidr.prefix == c.prefix);
    CHECK(cidr.toString() == c.canonical);
    CHECK(cidr.hostBitsSet() == c.host_bits);
  }
}

TEST_CASE("host bits set: the network that was meant", "[calico][cidr]") {
  CHECK(cidrOf("10.0.62.114/8").network().toString() == "10.0.0.0/8");
  CHECK(cidrOf("172.16.5.4/12").network().toString() == "172.16.0.0/12");
  CHECK(cidrOf("192.168.1.130/25").network().toString() == "192.168.1.128/25");
  CHECK(cidrOf("2001:db8::1/64").network().toString() == "2001:db8::/64");
  CHECK(cidrOf("fd12:3456:789a:1::1/48").network().toString() == "fd12:3456:789a::/48");
}

TEST_CASE("invalid CIDRs are refused with a reason", "[calico][cidr]") {
  struct Case {
    const char* text;
    const char* fragment;
  };
  const Case cases[] = {
      {"", "empty"},
      {"10.0.0/8", "four parts"},
      {"10.0.0.0.0/8", "four parts"},
      {"10.0.0.256/32", "larger than 255"},
      {"10.0.0.0/33", "longer than the 32 bits"},
      {"10.0.0.0/", "not a prefix length"},
      {"10.0.0.0/-1", "not a prefix length"},
      {"10.0.0.0/8/8", "not a prefix length"},
      {"010.0.0.0/8", "leading zero"},
      {"10.0.0.a/8", "expected a number"},
      {"any", "expected a number"},
      {"::/129", "longer than the 128 bits"},
      {"1:2:3:4:5:6:7/64", "eight groups"},
      {"1:2:3:4:5:6:7:8:9", "eight groups"},
      {"1::2::3", "only once"},
      {"12345::", "more than four hex"},
      {"g::1", "unexpected 'g'"},
      {":1::", "single ':'"},
      {"1:", "single ':'"},
      {"::1.2.3.4:5", "must come last"},
      {" 10.0.0.0/8", "expected a number"},
  };
  for (const Case& c : cases) {
    INFO("cidr: " << c.text);
    const ParsedCidr parsed = parseCidr(c.text);
    CHECK_FALSE(parsed.cidr);
    CHECK_THAT(parsed.error, Catch::Contains(c.fragment));
  }
}

TEST_CASE("containment", "[calico][cidr]") {
  CHECK(cidrOf("10.0.0.0/8").contains(cidrOf("10.1.2.0/24")));
  CHECK(cidrOf("10.0.0.0/8").contains(cidrOf("10.0.0.0/8")));
  CHECK_FALSE(cidrOf("10.1.2.0/24").contains(cidrOf("10.0.0.0/8")));
  CHECK_FALSE(cidrOf("10.0.0.0/8").contains(cidrOf("11.0.0.1")));
  CHECK(cidrOf("0.0.0.0/0").contains(cidrOf("8.8.8.8")));
  CHECK_FALSE(cidrOf("0.0.0.0/0").contains(cidrOf("::1")));
  CHECK(cidrOf("::/0").contains(cidrOf("2001:db8::1")));
  CHECK(cidrOf("2001:db8::/32").contains(cidrOf("2001:db8:ffff::/48")));
  CHECK_FALSE(cidrOf("2001:db8::/32").contains(cidrOf("2001:db9::/48")));
  CHECK(cidrOf("0.0.0.0/0").isEverything());
  CHECK_FALSE(cidrOf("0.0.0.0/1").isEverything());
}
