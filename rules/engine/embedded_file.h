// EmbeddedFile: a file compiled into the binary (the built-in rule packs).
#pragma once

#include <span>
#include <string_view>

namespace palisade {

struct EmbeddedFile {
  std::string_view path;  // relative to rules/packs/, e.g. "kubernetes/K8S001-default-service-account.yaml"
  std::string_view text;
};

// The built-in packs, generated at build time from rules/packs/ (cmake/EmbedFiles.cmake).
std::span<const EmbeddedFile> builtinPackFiles();

}  // namespace palisade
