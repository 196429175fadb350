#include "parsers/file_model.h"

namespace palisade {

void FileModel::append(FileModel&& other) {
  for (auto& r : other.resources) resources.push_back(std::move(r));
  for (auto& d : other.diagnostics) diagnostics.push_back(std::move(d));
  for (auto& f : other.files) files.push_back(std::move(f));
}

}  // namespace palisade
