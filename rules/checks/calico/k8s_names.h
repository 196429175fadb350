// The Kubernetes name formats Calico's validator reuses
// (k8s.io/apimachinery/pkg/util/validation): DNS labels and subdomains,
// qualified names (label and annotation keys), label values and port names.
#pragma once

#include <string_view>

namespace palisade::calico {

inline bool isLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
inline bool isAlnum(char c) { return isLowerAlnum(c) || (c >= 'A' && c <= 'Z'); }

// [a-z0-9]([-a-z0-9]*[a-z0-9])?, at most 63 characters.
inline bool isDnsLabel(std::string_view s) {
  if (s.empty() || s.size() > 63 || !isLowerAlnum(s.front()) || !isLowerAlnum(s.back())) return false;
  for (char c : s)
    if (!isLowerAlnum(c) && c != '-') return false;
  return true;
}

// Dot-separated DNS labels, at most 253 characters (Calico's `name` validator).
inline bool isDnsSubdomain(std::string_view s) {
  if (s.empty() || s.size() > 253) return false;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = s.find('.', start);
    if (!isDnsLabel(s.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start))) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

// ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9], at most 63 characters (a label value may also be empty).
inline bool isNamePart(std::string_view s) {
  if (s.empty() || s.size() > 63 || !isAlnum(s.front()) || !isAlnum(s.back())) return false;
  for (char c : s)
    if (!isAlnum(c) && c != '-' && c != '_' && c != '.') return false;
  return true;
}
inline bool isValidLabelValue(std::string_view s) { return s.empty() || isNamePart(s); }

// A label or annotation key: an optional DNS-subdomain prefix and '/', then a name part.
inline bool isQualifiedName(std::string_view s) {
  const std::size_t slash = s.find('/');
  if (slash == std::string_view::npos) return isNamePart(s);
  const std::string_view prefix = s.substr(0, slash);
  return !prefix.empty() && isDnsSubdomain(prefix) && isNamePart(s.substr(slash + 1));
}

// An IANA service name as Kubernetes port names are: 1-15 lowercase letters,
// digits and '-', at least one letter, no leading, trailing or double '-'.
inline bool isValidPortName(std::string_view s) {
  if (s.empty() || s.size() > 15 || s.front() == '-' || s.back() == '-') return false;
  bool letter = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (!isLowerAlnum(c) && c != '-') return false;
    if (c == '-' && i > 0 && s[i - 1] == '-') return false;
    letter = letter || (c >= 'a' && c <= 'z');
  }
  return letter;
}

}  // namespace palisade::calico
