#include "rules/checks/check_support.h"

namespace palisade {

const Value* valueAt(const Value& root, std::string_view dotted_path) {
  const Value* node = &root;
  while (!dotted_path.empty()) {
    std::size_t dot = dotted_path.find('.');
    std::string_view key = dotted_path.substr(0, dot);
    if (node->isUnknown()) return node;  // Unknown all the way down
    node = node->find(key);
    if (!node) return nullptr;
    if (dot == std::string_view::npos) break;
    dotted_path.remove_prefix(dot + 1);
  }
  return node;
}

}  // namespace palisade
