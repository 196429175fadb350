#include "reporters/document_frame.h"

namespace palisade {

DocumentFrame frameAround(std::string empty_document) {
  DocumentFrame frame;
  std::size_t bracket = empty_document.rfind("[]");
  frame.open = empty_document.substr(0, bracket + 1) + "\n";
  frame.close = "\n  " + empty_document.substr(bracket + 1);
  frame.empty = std::move(empty_document);
  return frame;
}

std::string indentAsElement(std::string_view dumped) {
  constexpr std::string_view kIndent = "    ";
  std::string out(kIndent);
  out.reserve(dumped.size() + dumped.size() / 16);
  for (char c : dumped) {
    out += c;
    if (c == '\n') out += kIndent;
  }
  return out;
}

}  // namespace palisade
