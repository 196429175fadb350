// Fuzzes the JSON Kubernetes/Calico manifest reader: content classification,
// the located JSON parser with a small depth limit, the classifier (Lists
// unpacked) and the Calico selector-limit pass. Every diagnostic and resource
// span must stay inside the file.
#include <cstdint>
#include <string>

#include "parsers/kubernetes/json_manifest.h"

namespace {

void checkSpan(const palisade::Span& span, const palisade::SourceFile& file) {
  if (!span.file) return;
  if (span.end > file.text().size() || span.begin > span.end || span.start.line > file.lineCount()) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  palisade::SourceFile file("fuzz.json", std::string(reinterpret_cast<const char*>(data), size));
  palisade::classifyJsonText(file.text());
  palisade::ReadLimits limits;
  limits.max_depth = 64;
  palisade::JsonManifestResult result = palisade::readJsonManifest(file, limits);
  for (const palisade::Diagnostic& d : result.diagnostics) checkSpan(d.span, file);
  for (const palisade::Resource& r : result.resources) {
    checkSpan(r.declaration, file);
    checkSpan(r.body.span(), file);
  }
  // A manifest read to nothing says why.
  if (result.is_manifest && result.resources.empty() && result.diagnostics.empty()) __builtin_trap();
  return 0;
}
