#include "rules/engine/path.h"

#include <charconv>

namespace palisade {

bool Path::hasWildcard() const {
  for (const PathSegment& s : segments) {
    if (s.kind == PathSegment::Kind::AnyElement || s.kind == PathSegment::Kind::AnyKey ||
        s.kind == PathSegment::Kind::AllContainers) {
      return true;
    }
  }
  return false;
}

std::optional<Path> parsePath(std::string_view text, std::string& error) {
  Path path;
  path.text = std::string(text);
  // `.` alone is the current node: inside `each` over scalars it is the element itself.
  if (text == ".") return path;
  std::size_t i = 0;
  if (text.starts_with("$")) {
    path.from_root = true;
    i = 1;
    if (i < text.size() && text[i] == '.') ++i;
  }
  auto fail = [&](std::string message) -> std::optional<Path> {
    error = message + " at column " + std::to_string(i + 1) + " of path '" + std::string(text) + "'";
    return std::nullopt;
  };
  bool expect_key = true;
  while (i < text.size()) {
    char c = text[i];
    if (c == '[') {
      std::size_t close = text.find(']', i);
      if (close == std::string_view::npos) return fail("unclosed '['");
      std::string_view inside = text.substr(i + 1, close - i - 1);
      PathSegment seg;
      if (inside == "*") {
        seg.kind = PathSegment::Kind::AnyElement;
      } else if (inside.size() >= 2 && (inside.front() == '\'' || inside.front() == '"') && inside.back() == inside.front()) {
        seg.kind = PathSegment::Kind::Key;
        seg.key = std::string(inside.substr(1, inside.size() - 2));
      } else {
        auto [end, ec] = std::from_chars(inside.data(), inside.data() + inside.size(), seg.index);
        if (ec != std::errc() || end != inside.data() + inside.size()) return fail("expected *, a number or a quoted key in []");
        seg.kind = PathSegment::Kind::Index;
      }
      path.segments.push_back(std::move(seg));
      i = close + 1;
      expect_key = false;
      continue;
    }
    if (c == '.') {
      if (expect_key) return fail("empty path segment");
      ++i;
      expect_key = true;
      continue;
    }
    if (!expect_key) return fail("expected '.' or '['");
    std::size_t end = i;
    while (end < text.size() && text[end] != '.' && text[end] != '[') ++end;
    std::string_view key = text.substr(i, end - i);
    PathSegment seg;
    if (key == "*") {
      seg.kind = PathSegment::Kind::AnyKey;
    } else if (key == "@containers") {
      seg.kind = PathSegment::Kind::AllContainers;
    } else {
      seg.key = std::string(key);
    }
    path.segments.push_back(std::move(seg));
    i = end;
    expect_key = false;
  }
  if (expect_key && !path.segments.empty()) return fail("path ends with '.'");
  return path;
}

std::string elementLabel(const Value& element, std::size_t index) {
  if (const Value* name = element.find("name"); name && name->isString()) return name->asString();
  return std::to_string(index);
}

namespace {

std::string join(const std::string& trail, std::string_view key) {
  if (trail.empty()) return std::string(key);
  return trail + "." + std::string(key);
}

void walk(const Path& path, std::size_t step, const Value& node, std::string trail, const Value* element,
          std::vector<PathMatch>& out) {
  if (node.isUnknown() || step == path.segments.size()) {
    out.push_back(PathMatch{&node, &node, std::move(trail), element});
    return;
  }
  const PathSegment& seg = path.segments[step];
  switch (seg.kind) {
    case PathSegment::Kind::Key: {
      const Value* child = node.find(seg.key);
      if (!child || child->isNull()) {
        out.push_back(PathMatch{nullptr, &node, join(trail, seg.key), element});
        return;
      }
      walk(path, step + 1, *child, join(trail, seg.key), element, out);
      return;
    }
    case PathSegment::Kind::Index: {
      const Value* child = node.at(seg.index);
      std::string next = trail + "[" + std::to_string(seg.index) + "]";
      if (!child) {
        out.push_back(PathMatch{nullptr, &node, std::move(next), element});
        return;
      }
      walk(path, step + 1, *child, std::move(next), element, out);
      return;
    }
    case PathSegment::Kind::AnyElement: {
      if (!node.isArray()) return;
      const auto& items = node.items();
      for (std::size_t i = 0; i < items.size(); ++i) {
        // A scalar entry (`drop[*]`) is no element of its own: {name} stays the container's.
        walk(path, step + 1, items[i], trail + "[" + elementLabel(items[i], i) + "]", items[i].isObject() ? &items[i] : element, out);
      }
      return;
    }
    case PathSegment::Kind::AnyKey: {
      if (!node.isObject()) return;
      for (const Member& m : node.members()) walk(path, step + 1, m.value, join(trail, m.key), element, out);
      return;
    }
    case PathSegment::Kind::AllContainers: {
      for (std::string_view list : {"initContainers", "containers", "ephemeralContainers"}) {
        const Value* containers = node.find(list);
        if (!containers) continue;
        if (containers->isUnknown()) {
          out.push_back(PathMatch{containers, containers, join(trail, list), element});
          continue;
        }
        if (!containers->isArray()) continue;
        const auto& items = containers->items();
        for (std::size_t i = 0; i < items.size(); ++i) {
          walk(path, step + 1, items[i], join(trail, list) + "[" + elementLabel(items[i], i) + "]", &items[i], out);
        }
      }
      return;
    }
  }
}

}  // namespace

std::vector<PathMatch> resolvePath(const Path& path, const Value& current, const Value& root,
                                   const std::string& current_trail) {
  std::vector<PathMatch> out;
  if (path.from_root) {
    walk(path, 0, root, "", nullptr, out);
  } else {
    walk(path, 0, current, current_trail, nullptr, out);
  }
  return out;
}

}  // namespace palisade
