#include "parsers/bicep/bicep_reader.h"

#include "parsers/bicep/bicep_session.h"

namespace palisade {

FileModel readBicepFiles(const std::vector<std::filesystem::path>& files, const ScanRoot& root,
                         const AzureReadOptions& options) {
  // One update of a fresh session: the editor's incremental reading and this are one code path.
  BicepSession session(root, options);
  session.update(files, options.given_files);
  return session.lend();
}

}  // namespace palisade
